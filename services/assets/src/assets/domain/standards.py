"""Equipment standards [tiêu chuẩn, định mức]: how many of a category a person or a board may
hold, and the most one unit of it may cost.

A standard applies either per person (keyed on the beneficiary's title rank) or per board, for
shared equipment used by nobody in particular. Quantities and prices are maxima (QĐ 50/2017 Art 4).
"""
from __future__ import annotations

from dataclasses import dataclass, field


PER_PERSON = "person"
PER_UNIT = "unit"
SCOPES = (PER_PERSON, PER_UNIT)


@dataclass(frozen=True)
class Standard:
    """One row of the standards table; `max_quantity` None means no quantity limit is set here."""

    category: str
    scope: str
    title_rank: str | None
    max_quantity: int | None
    max_unit_price_vnd: int | None
    legal_basis: str | None = None


@dataclass(frozen=True)
class RequestedLine:
    """A procurement line as the standards check sees it."""

    index: int
    category: str
    quantity: int
    unit_price_vnd: int
    beneficiary_staff_id: int | None
    beneficiary_title_rank: str | None


@dataclass(frozen=True)
class Breach:
    """One way a request goes beyond the standards, with the figures that show it."""

    line: int
    rule: str
    message: str
    figures: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"line": self.line, "rule": self.rule, "message": self.message, **self.figures}


class StandardsCatalogue:
    """The standards in force, looked up by category, scope and title rank."""

    def __init__(self, standards: list[Standard]):
        self._by_key = {(s.category, s.scope, s.title_rank): s for s in standards}
        self._scopes_of: dict[str, set[str]] = {}
        for s in standards:
            self._scopes_of.setdefault(s.category, set()).add(s.scope)

    def for_person(self, category: str, title_rank: str | None) -> Standard | None:
        return self._by_key.get((category, PER_PERSON, title_rank))

    def for_unit(self, category: str) -> Standard | None:
        return self._by_key.get((category, PER_UNIT, None))

    def is_personal(self, category: str) -> bool:
        return PER_PERSON in self._scopes_of.get(category, set())

    def is_shared(self, category: str) -> bool:
        return PER_UNIT in self._scopes_of.get(category, set())


@dataclass(frozen=True)
class Holding:
    """What a beneficiary (or, for shared equipment, the board) already has of a category:
    assets held, and quantities in other requests still on their way."""

    held: int = 0
    pending: int = 0


def check_standards(
    lines: list[RequestedLine],
    catalogue: StandardsCatalogue,
    holdings: dict[tuple[str, int | None], Holding],
) -> list[Breach]:
    """Every breach of the standards by these lines; empty when the request is within them.

    Quantity: held + pending in other requests + asked across this request's lines for the same
    beneficiary (or the board, for shared equipment) and category must stay within the maximum.
    Price: each line's unit price within the cap. `holdings` is keyed by (category, beneficiary
    staff id), with None as the board's own. A category without any standard is not restricted.
    """
    breaches: list[Breach] = []
    applied: list[tuple[RequestedLine, Standard, tuple[str, int | None]]] = []
    for line in lines:
        standard = _standard_for(line, catalogue, breaches)
        if standard is not None:
            who = line.beneficiary_staff_id if standard.scope == PER_PERSON else None
            applied.append((line, standard, (line.category, who)))
    asked: dict[tuple[str, int | None], int] = {}
    for line, _standard, key in applied:
        asked[key] = asked.get(key, 0) + line.quantity
    quantity_reported: set[tuple[str, int | None]] = set()
    for line, standard, key in applied:
        if key not in quantity_reported:
            breach = _quantity_breach(line, standard, key, holdings.get(key, Holding()), asked[key])
            if breach is not None:
                quantity_reported.add(key)
                breaches.append(breach)
        breaches.extend(_price_breaches(line, standard))
    return sorted(breaches, key=lambda b: b.line)


def _quantity_breach(line: RequestedLine, standard: Standard, key: tuple[str, int | None], holding: Holding,
                     asked: int) -> Breach | None:
    """Held + pending + asked above the standard's maximum for one beneficiary (or the board)."""
    would_have = holding.held + holding.pending + asked
    if standard.max_quantity is None or would_have <= standard.max_quantity:
        return None
    whose = f"staff {key[1]} ({line.beneficiary_title_rank})" if key[1] is not None else "the board (shared equipment)"
    return Breach(
        line.index,
        "quantity_above_standard",
        f"{line.category}: {whose} would have {would_have}, the standard allows {standard.max_quantity}",
        {"category": line.category, "beneficiary_staff_id": key[1],
         "title_rank": line.beneficiary_title_rank if key[1] is not None else None,
         "held": holding.held, "pending": holding.pending, "asked": asked, "max_quantity": standard.max_quantity},
    )


def _price_breaches(line: RequestedLine, standard: Standard) -> list[Breach]:
    if standard.max_unit_price_vnd is None or line.unit_price_vnd <= standard.max_unit_price_vnd:
        return []
    return [Breach(
        line.index,
        "price_above_standard",
        f"{line.category}: unit price {line.unit_price_vnd} VND is above the cap of "
        f"{standard.max_unit_price_vnd} VND",
        {"category": line.category, "title_rank": line.beneficiary_title_rank,
         "unit_price_vnd": line.unit_price_vnd, "max_unit_price_vnd": standard.max_unit_price_vnd},
    )]


def standard_for(line: RequestedLine, catalogue: StandardsCatalogue) -> Standard | None:
    """The standard a line is held to (None: the category is not restricted, or no standard fits)."""
    return _standard_for(line, catalogue, [])


def holding_keys(lines: list[RequestedLine], catalogue: StandardsCatalogue) -> set[tuple[str, int | None]]:
    """The (category, beneficiary or None) pairs whose holdings the check will need."""
    keys = {_key(line, _standard_for(line, catalogue, [])) for line in lines}
    return keys - {None}


def _standard_for(line: RequestedLine, catalogue: StandardsCatalogue, breaches: list[Breach]) -> Standard | None:
    """The standard a line is held to; records a breach when the line cannot fit any."""
    if line.beneficiary_staff_id is not None:
        standard = catalogue.for_person(line.category, line.beneficiary_title_rank)
        if standard is not None:
            return standard
        if catalogue.is_personal(line.category):
            breaches.append(Breach(
                line.index,
                "no_standard_for_title_rank",
                f"{line.category}: no standard allows it for title rank {line.beneficiary_title_rank}",
                {"category": line.category, "title_rank": line.beneficiary_title_rank,
                 "beneficiary_staff_id": line.beneficiary_staff_id},
            ))
            return None
        return catalogue.for_unit(line.category)
    standard = catalogue.for_unit(line.category)
    if standard is None and catalogue.is_personal(line.category):
        breaches.append(Breach(
            line.index,
            "beneficiary_required",
            f"{line.category}: the standard is per person, so the line needs a beneficiary",
            {"category": line.category},
        ))
    return standard


@dataclass(frozen=True)
class LineCheck:
    """One line held to its standard: the standard (None: the category is not restricted, or no
    standard fits and a breach says so), what its beneficiary (or the board) holds and has on its
    way, what the request asks of that category for them in all, and the line's breaches."""

    line: RequestedLine
    standard: Standard | None
    holding: Holding
    asked: int
    breaches: tuple[Breach, ...]

    @property
    def within(self) -> bool:
        return not self.breaches


def check_lines(
    lines: list[RequestedLine],
    catalogue: StandardsCatalogue,
    holdings: dict[tuple[str, int | None], Holding],
) -> list[LineCheck]:
    """`check_standards` told line by line: a quantity breach, reported once for a beneficiary
    and category, belongs to every line that asks for that beneficiary and category."""
    breaches = check_standards(lines, catalogue, holdings)
    keys = {}
    for line in lines:
        standard = standard_for(line, catalogue)
        keys[line.index] = (standard, _key(line, standard))
    asked: dict[tuple[str, int | None], int] = {}
    for line in lines:
        key = keys[line.index][1]
        if key is not None:
            asked[key] = asked.get(key, 0) + line.quantity
    over = {keys[b.line][1]: b for b in breaches if b.rule == "quantity_above_standard"}
    checks = []
    for line in lines:
        standard, key = keys[line.index]
        own = [b for b in breaches if b.line == line.index]
        shared = over.get(key) if key is not None else None
        if shared is not None and shared not in own:
            own.insert(0, shared)
        checks.append(LineCheck(line, standard, holdings.get(key, Holding()) if key is not None else Holding(),
                                asked.get(key, line.quantity), tuple(own)))
    return checks


def _key(line: RequestedLine, standard: Standard | None) -> tuple[str, int | None] | None:
    """Whose holding of the category a line counts against: its beneficiary's, or the board's (None)."""
    if standard is None:
        return None
    return line.category, line.beneficiary_staff_id if standard.scope == PER_PERSON else None
