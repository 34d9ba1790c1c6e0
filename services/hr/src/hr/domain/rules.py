"""The staffing rules: what a structure breaks, and which breaches a change may not make worse.

Every number comes from the rule book (defaults in `hr.config`, changed by `office_hr`), never
from code. A violation carries its rule, the unit, the limit and the actual figure, so a 409 or
the staffing table can show the figures. A change is refused when it makes a blocking rule's
excess grow: a unit that already breaks a rule after a rule change is shown, not frozen, but
nobody may make it worse.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import InvalidChange, StaffingRuleBroken
from .model import AGENCY_KINDS, Structure

# code -> (blocking, what a valid value looks like: key -> (type, minimum))
RULE_SHAPES: dict[str, tuple[bool, dict]] = {
    "position_quota": (True, {}),
    "deputies_per_department": (True, {"large_from": (int, 1), "max_small": (int, 0), "max_large": (int, 0)}),
    "deputy_share_of_headcount": (True, {"max_share": (float, 0)}),
    "min_department_staff": (False, {"min_staff": (int, 0), "min_staff_understaffed": (int, 0)}),
    "max_departments_per_agency": (True, {"by_kind": (dict, None), "by_unit": (dict, None)}),
    "total_deputy_heads": (True, {"max": (int, 0)}),
    "staff_reduction_target": (False, {"share": (float, 0)}),
}


def check_rule_value(code: str, value: object) -> dict:
    """The value normalized, or InvalidChange naming what is wrong (`value.<key>`)."""
    if code not in RULE_SHAPES:
        raise InvalidChange(f"unknown rule {code!r}", field="code")
    if not isinstance(value, dict):
        raise InvalidChange("a rule's value is an object", field="value")
    shape = RULE_SHAPES[code][1]
    unknown = sorted(set(value) - set(shape))
    if unknown:
        raise InvalidChange(f"unknown keys {unknown} for rule {code}", field="value")
    missing = sorted(set(shape) - set(value))
    if missing:
        raise InvalidChange(f"missing keys {missing} for rule {code}", field="value")
    out = {}
    for key, (kind, minimum) in shape.items():
        item = value[key]
        where = f"value.{key}"
        if kind is dict:
            if not isinstance(item, dict) or not all(
                    isinstance(k, str) and 0 < len(k) <= 40 and k.isprintable()
                    and isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10_000
                    for k, v in item.items()):
                raise InvalidChange(f"{where} maps unit kinds or codes to whole numbers from 0 to 10000", field=where)
            out[key] = dict(item)
            continue
        if (isinstance(item, bool) or not isinstance(item, (int, float)) or not math.isfinite(item)
                or (kind is int and not float(item).is_integer()) or abs(item) > 1_000_000):
            raise InvalidChange(f"{where} must be a {'whole number' if kind is int else 'number'}", field=where)
        if minimum is not None and item < minimum:
            raise InvalidChange(f"{where} must be at least {minimum}", field=where)
        out[key] = kind(item)
    if code in ("deputy_share_of_headcount", "staff_reduction_target"):
        share_key = "max_share" if code == "deputy_share_of_headcount" else "share"
        if out[share_key] > 1:
            raise InvalidChange(f"value.{share_key} is a share between 0 and 1", field=f"value.{share_key}")
    return out


@dataclass(frozen=True)
class RuleBook:
    """The rule values in force: code -> value, and the codes switched off."""

    values: dict[str, dict]
    disabled: frozenset[str] = frozenset()

    def on(self, code: str) -> bool:
        return code not in self.disabled and code in self.values

    def get(self, code: str) -> dict:
        return self.values[code]

    @property
    def reduction_target(self) -> float:
        """The share of posts a restructuring should cut (0 when the target is switched off)."""
        if not self.on("staff_reduction_target"):
            return 0.0
        return self.values["staff_reduction_target"].get("share", 0.0)


@dataclass(frozen=True)
class Violation:
    """A rule a unit (or the Committee, unit None) breaks, with the figures."""

    rule: str
    unit: str | None
    limit: float
    actual: float
    detail: str
    blocking: bool = True
    position_id: int | None = None
    minimum: bool = False  # a floor (actual must reach limit) rather than a ceiling

    @property
    def key(self) -> tuple:
        return (self.rule, self.unit, self.position_id)

    @property
    def excess(self) -> float:
        return self.limit - self.actual if self.minimum else self.actual - self.limit

    def as_dict(self) -> dict:
        out = {"rule": self.rule, "unit": self.unit, "limit": self.limit, "actual": self.actual,
               "detail": self.detail, "blocking": self.blocking}
        if self.position_id is not None:
            out["position_id"] = self.position_id
        return out


@dataclass
class UnitFigures:
    """What the rules need about one unit: subtree quota and filled, own deputies."""

    quota: int = 0
    filled: int = 0
    deputies: int = 0
    deputy_limits: dict[str, int] = field(default_factory=dict)  # rule -> limit

    @property
    def deputy_limit(self) -> int | None:
        return min(self.deputy_limits.values()) if self.deputy_limits else None

    @property
    def deputy_limit_rule(self) -> str | None:
        if not self.deputy_limits:
            return None
        return min(self.deputy_limits, key=lambda rule: (self.deputy_limits[rule], rule))


def unit_figures(s: Structure, book: RuleBook) -> dict[str, UnitFigures]:
    """Figures of every unit: quota and filled over the unit and the units below it, the unit's
    own deputies, and the deputy limit each enabled rule gives it."""
    counts = s.holder_counts()
    own: dict[str, UnitFigures] = {code: UnitFigures() for code in s.units}
    for position in s.positions.values():
        figures = own.get(position.unit)
        if figures is None:
            continue
        filled = counts.get(position.id, 0)
        figures.quota += position.quota
        figures.filled += filled
        if position.rank == "deputy":
            figures.deputies += filled
    result: dict[str, UnitFigures] = {}
    for code, unit in s.units.items():
        total = UnitFigures(deputies=own[code].deputies)
        for inner in s.subtree(code):
            total.quota += own[inner].quota
            total.filled += own[inner].filled
        if unit.kind == "department" and book.on("deputies_per_department"):
            rule = book.get("deputies_per_department")
            large = total.quota >= rule["large_from"]
            total.deputy_limits["deputies_per_department"] = rule["max_large"] if large else rule["max_small"]
        if (unit.kind == "department" or unit.kind in AGENCY_KINDS) and book.on("deputy_share_of_headcount"):
            share = book.get("deputy_share_of_headcount")["max_share"]
            # A small epsilon so that 0.5 x 10 gives 5, not 4, in binary floating point.
            total.deputy_limits["deputy_share_of_headcount"] = math.floor(share * total.quota + 1e-9)
        result[code] = total
    return result


def max_departments(book: RuleBook, code: str, kind: str) -> int | None:
    """The departments an agency may have, or None when no number applies."""
    if not book.on("max_departments_per_agency"):
        return None
    rule = book.get("max_departments_per_agency")
    if code in rule.get("by_unit", {}):
        return rule["by_unit"][code]
    return rule.get("by_kind", {}).get(kind)


def evaluate(s: Structure, book: RuleBook) -> list[Violation]:
    """Every rule the structure breaks, in a stable order (unit tree order, then rule)."""
    figures = unit_figures(s, book)
    counts = s.holder_counts()
    found: list[Violation] = []
    for code in s.tree_order():
        if book.on("position_quota"):
            found += _over_quota(s, code, counts)
        fig = figures[code]
        found += [Violation(rule, code, limit, fig.deputies,
                            f"{code} has {fig.deputies} deputies; {rule} allows {limit} for an assigned headcount of "
                            f"{fig.quota}")
                  for rule, limit in sorted(fig.deputy_limits.items()) if fig.deputies > limit]
        if s.units[code].kind == "department" and book.on("min_department_staff"):
            found += _understaffed(code, fig, book.get("min_department_staff"))
        allowed = max_departments(book, code, s.units[code].kind)
        departments = [c.code for c in s.children(code) if c.kind == "department"]
        if allowed is not None and len(departments) > allowed:
            found.append(Violation("max_departments_per_agency", code, allowed, len(departments),
                                   f"{code} has {len(departments)} departments; at most {allowed} are allowed"))
    if book.on("total_deputy_heads"):
        cap = book.get("total_deputy_heads")["max"]
        total = sum(figures[c].deputies for c, u in s.units.items() if u.kind in AGENCY_KINDS)
        if total > cap:
            found.append(Violation("total_deputy_heads", None, cap, total,
                                   f"the advisory agencies have {total} deputy heads in all; at most {cap} are allowed"))
    return found


def _over_quota(s: Structure, code: str, counts) -> list[Violation]:
    return [Violation("position_quota", code, p.quota, counts.get(p.id, 0),
                      f"position {p.id} ({p.title}) of {code} has {counts.get(p.id, 0)} holders for a quota of "
                      f"{p.quota}", position_id=p.id)
            for p in s.positions_of(code) if counts.get(p.id, 0) > p.quota]


def _understaffed(code: str, fig: UnitFigures, rule: dict) -> list[Violation]:
    """A department below the minimum: flagged, never refused."""
    if fig.quota < rule["min_staff"]:
        return [Violation("min_department_staff", code, rule["min_staff"], fig.quota,
                          f"department {code} has a quota of {fig.quota}; a department needs at least "
                          f"{rule['min_staff']}", blocking=False, minimum=True)]
    if fig.filled < fig.quota and fig.filled < rule["min_staff_understaffed"]:
        return [Violation("min_department_staff", code, rule["min_staff_understaffed"], fig.filled,
                          f"department {code} has {fig.filled} staff; while not fully staffed it needs at least "
                          f"{rule['min_staff_understaffed']}", blocking=False, minimum=True)]
    return []


def made_worse(before: list[Violation], after: list[Violation]) -> list[Violation]:
    """The blocking violations of `after` that are new or whose excess grew since `before`."""
    previous = {v.key: v for v in before}
    worse = []
    for violation in after:
        if not violation.blocking:
            continue
        old = previous.get(violation.key)
        if old is None or violation.excess > old.excess:
            worse.append(violation)
    return worse


def refusal(worse: list[Violation], sources: dict[str, dict]) -> StaffingRuleBroken:
    """The refusal of a change that makes `worse` worse: the first rule named with its figures,
    source and evidence mark; every breach in `violations`."""
    first = worse[0]
    extra = {"rule": first.rule, "unit": first.unit, "limit": first.limit, "actual": first.actual,
             "source": sources.get(first.rule, {}).get("source"), "mark": sources.get(first.rule, {}).get("mark"),
             "violations": [v.as_dict() for v in worse]}
    if first.position_id is not None:
        extra["position_id"] = first.position_id
    return StaffingRuleBroken(first.detail, **extra)
