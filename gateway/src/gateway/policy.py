"""The gateway's role table: which roles may call which route of which service.

Each service's rules live in `gateway/policies/<service>.py` as `RULES = [Rule(...), ...]`, with
paths as the service sees them. `PolicyTable` compiles them once at start-up so that a request
is matched with one dict look-up (static paths) or one precompiled regex (paths with `<name>`
segments) per service and method.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote

ALL_ROLES = frozenset(
    {
        "staff",
        "unit_head",
        "office_finance",
        "office_assets",
        "office_fleet",
        "office_hr",
        "leadership",
        "auditor",
        "admin",
    }
)
READERS = ALL_ROLES - {"admin"}
REQUESTERS = ALL_ROLES - {"auditor", "admin"}

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

_PARAM = re.compile(r"^<([A-Za-z_][A-Za-z0-9_]*)>$")
# One path segment; "." and ".." are refused so a rule's parameter never stands for a dot segment.
_SEGMENT_PATTERN = r"(?!\.\.?(?:/|$))[^/]+"


@dataclass(frozen=True)
class Rule:
    """One route of a service and the roles that may call it.

    `path` is the path as the service sees it ("/bookings/<id>/approve"); `<name>` matches one
    path segment. `list_scoped=True` makes the gateway pin `?unit=` to the caller's unit for a
    caller without cross-unit scope in that service. `streamed=True` passes the request and
    response bodies through in pieces instead of whole (files: attachments and documents), with
    the attachment limit for the request body instead of the usual one.
    """

    method: str
    path: str
    roles: frozenset[str] | set[str]
    list_scoped: bool = False
    streamed: bool = False


@dataclass(frozen=True, slots=True)
class Route:
    """A compiled rule: what the gateway needs at request time."""

    service: str
    method: str
    template: str
    roles: frozenset[str]
    list_scoped: bool
    streamed: bool = False


class UnitPinningRefused(Exception):
    """A caller without cross-unit scope asked a list for another unit."""

    def __init__(self, asked: str, own: str):
        super().__init__(f"you may list only your own unit ({own}), not {asked or 'an empty unit'}")
        self.asked = asked
        self.own = own


def pin_unit(query_string: str, unit: str, within: Callable[[str, str], bool] | None = None) -> str:
    """The query string narrowed to `unit` for a caller without cross-unit scope.

    Every `unit` parameter must name the caller's unit or, when `within(asked, unit)` says so, a
    unit inside it such as one of its departments (else `UnitPinningRefused`); without one,
    `unit=<unit>` is added. The parameters are parsed (not searched as text) so that an encoded
    name such as `%75nit` is recognised as the service will recognise it.
    """
    if query_string:
        asked = [value for key, value in parse_qsl(query_string, keep_blank_values=True) if key == "unit"]
        if asked:
            for value in asked:
                if value != unit and not (within is not None and within(value, unit)):
                    raise UnitPinningRefused(value, unit)
            return query_string
        return f"{query_string}&unit={quote(unit, safe='')}"
    return f"unit={quote(unit, safe='')}"


def _segments_sort_key(rule: Rule) -> tuple[int, int]:
    # Among patterns, the one with more literal segments wins ("/items/<id>/repairs" before
    # "/items/<id>/<action>"), so precedence does not depend on the order rules were written in.
    segments = rule.path.strip("/").split("/")
    literal = sum(1 for s in segments if not _PARAM.match(s))
    return (-literal, -len(segments))


class PolicyTable:
    """All services' rules, compiled per service and method for fast matching."""

    def __init__(self, rules_by_service: Mapping[str, Iterable[Rule]]):
        self._static: dict[tuple[str, str, str], Route] = {}
        self._patterns: dict[tuple[str, str], tuple[re.Pattern[str], list[Route]]] = {}
        self.services = frozenset(rules_by_service)
        self.rules_by_service: dict[str, list[Rule]] = {}
        for service, rules in rules_by_service.items():
            rules = list(rules)
            self.rules_by_service[service] = rules
            self._compile_service(service, rules)

    def _compile_service(self, service: str, rules: list[Rule]) -> None:
        seen: set[tuple[str, str]] = set()
        patterned: dict[str, list[Rule]] = {}
        for rule in rules:
            _check_rule(service, rule)
            key = (rule.method, rule.path)
            if key in seen:
                raise ValueError(f"policies/{service}.py: {rule.method} {rule.path} is listed twice")
            seen.add(key)
            if "<" in rule.path:
                patterned.setdefault(rule.method, []).append(rule)
            else:
                self._static[(service, rule.method, rule.path)] = _route(service, rule)
        for method, method_rules in patterned.items():
            method_rules.sort(key=_segments_sort_key)
            alternatives = "|".join(f"({_path_regex(rule.path)})" for rule in method_rules)
            self._patterns[(service, method)] = (
                re.compile(f"^(?:{alternatives})$"),
                [_route(service, rule) for rule in method_rules],
            )

    def match(self, service: str, method: str, path: str) -> Route | None:
        """The route that `method path` of `service` falls under, or None (refused)."""
        if method == "HEAD":
            method = "GET"
        route = self._static.get((service, method, path))
        if route is not None:
            return route
        compiled = self._patterns.get((service, method))
        if compiled is None:
            return None
        found = compiled[0].match(path)
        if found is None:
            return None
        return compiled[1][found.lastindex - 1]

    def roles_for(self, service: str, method: str, path: str) -> frozenset[str]:
        """The roles allowed on a route template or concrete path (empty when none)."""
        route = self.match(service, method, path)
        return route.roles if route else frozenset()


def _route(service: str, rule: Rule) -> Route:
    return Route(service, rule.method, rule.path, frozenset(rule.roles), rule.list_scoped, rule.streamed)


def attachment_rules(record: str, readers: Iterable[str], adders: Iterable[str]) -> list[Rule]:
    """The three attachment routes of a record (contract: "Attachments"): whoever may see the
    record lists and downloads its files, whoever may act on it adds one. The service checks the
    record's board and who may act on it again; upload and download are streamed."""
    readers, adders = frozenset(readers), frozenset(adders)
    return [
        Rule("GET", f"{record}/attachments", readers),
        Rule("POST", f"{record}/attachments", adders, streamed=True),
        Rule("GET", f"{record}/attachments/<attachment_id>", readers, streamed=True),
    ]


def document_rule(path: str, readers: Iterable[str]) -> Rule:
    """A rendered document (PDF) of a record: read by whoever may see the record, streamed."""
    return Rule("GET", path, frozenset(readers), streamed=True)


def _check_rule(service: str, rule: Rule) -> None:
    where = f"policies/{service}.py: {rule.method} {rule.path}"
    if rule.method not in METHODS:
        raise ValueError(f"{where}: unknown method")
    if not rule.path.startswith("/"):
        raise ValueError(f"{where}: the path must start with /")
    for segment in rule.path.strip("/").split("/"):
        if "<" in segment or ">" in segment:
            if not _PARAM.match(segment):
                raise ValueError(f"{where}: a parameter must be a whole segment like <id>")
    unknown = set(rule.roles) - ALL_ROLES
    if unknown:
        raise ValueError(f"{where}: unknown roles {sorted(unknown)}")
    if not rule.roles:
        raise ValueError(f"{where}: no role may call it; leave the route out instead")


def _path_regex(path: str) -> str:
    parts = []
    for segment in path.split("/"):
        parts.append(_SEGMENT_PATTERN if _PARAM.match(segment) else re.escape(segment))
    # Parameters use no capturing group, so the alternative's own group index names the rule.
    return "/".join(parts)
