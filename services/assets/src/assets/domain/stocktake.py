"""Stock-take [kiểm kê]: compare what the count sheets found with what the register says.

- missing: on the register for a board of the campaign on its date, found on no sheet;
- misplaced: on the register, but counted only on a sheet of another board or location;
- surplus: counted, but unknown to the register (or already disposed there).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# the campaign's states
OPEN, CLOSED, PROPOSED, RECONCILED = "open", "closed", "reconciliation_proposed", "reconciled"

MISSING = "missing"
SURPLUS = "surplus"
MISPLACED = "misplaced"
RESULT_KINDS = (MISSING, SURPLUS, MISPLACED)

CONDITIONS = ("good", "needs_repair", "unusable")


def normalize_tag(tag: str) -> str:
    """Tags are compared without surrounding spaces and without regard to case."""
    return tag.strip().upper()


@dataclass(frozen=True)
class RegisterEntry:
    """What the register says about an asset."""

    asset_id: int
    tag: str
    unit: str
    location: str | None
    status: str


@dataclass(frozen=True)
class Count:
    """One tag seen on one count sheet (a board, optionally narrowed to a location)."""

    tag: str
    unit: str
    location: str | None
    condition: str = "good"


@dataclass(frozen=True)
class Result:
    kind: str
    tag: str
    asset_id: int | None = None
    register_unit: str | None = None
    register_location: str | None = None
    counted_unit: str | None = None
    counted_location: str | None = None
    condition: str | None = None
    note: str | None = None


@dataclass
class Outcome:
    found: list[Result] = field(default_factory=list)
    missing: list[Result] = field(default_factory=list)
    surplus: list[Result] = field(default_factory=list)
    misplaced: list[Result] = field(default_factory=list)


def _same_place(entry: RegisterEntry, count: Count) -> bool:
    if entry.unit != count.unit:
        return False
    # a sheet for the whole board, or an asset without a recorded location, matches on the board
    if count.location is None or entry.location is None:
        return True
    return entry.location.strip().casefold() == count.location.strip().casefold()


def compare(expected: list[RegisterEntry], register: dict[str, RegisterEntry], counts: list[Count]) -> Outcome:
    """The results of a stock-take.

    `expected` is the register of the campaign's boards on its date; `register` maps every
    counted tag that the register knows (whatever its board or status) to its entry; `counts`
    are all the sheets' lines. A tag found in the right place on any sheet is found, even if
    another sheet also listed it.
    """
    outcome = Outcome()
    counts_by_tag: dict[str, list[Count]] = {}
    for count in counts:
        counts_by_tag.setdefault(normalize_tag(count.tag), []).append(count)
    expected_tags = {normalize_tag(e.tag) for e in expected}

    for entry in expected:
        seen = counts_by_tag.get(normalize_tag(entry.tag), [])
        if not seen:
            outcome.missing.append(Result(MISSING, entry.tag, entry.asset_id, entry.unit, entry.location))
        else:
            _place(outcome, entry, seen)

    for tag, seen in counts_by_tag.items():
        if tag in expected_tags:
            continue
        entry = register.get(tag)
        first = seen[0]
        if entry is None:
            outcome.surplus.append(Result(SURPLUS, tag, None, None, None, first.unit, first.location,
                                          first.condition, "unknown to the register"))
        elif entry.status == "disposed":
            outcome.surplus.append(Result(SURPLUS, tag, entry.asset_id, entry.unit, entry.location, first.unit,
                                          first.location, first.condition, "disposed in the register"))
        else:
            # registered after the campaign's date, or held by a board outside the campaign
            _place(outcome, entry, seen)
    return outcome


def _place(outcome: Outcome, entry: RegisterEntry, seen: list[Count]) -> None:
    right = [c for c in seen if _same_place(entry, c)]
    if right:
        c = right[0]
        outcome.found.append(Result("found", entry.tag, entry.asset_id, entry.unit, entry.location, c.unit,
                                    c.location, c.condition))
        return
    c = seen[0]
    outcome.misplaced.append(Result(MISPLACED, entry.tag, entry.asset_id, entry.unit, entry.location, c.unit,
                                    c.location, c.condition))


@dataclass(frozen=True)
class UnitProgress:
    unit: str
    expected: int
    counted: int

    @property
    def percent(self) -> float:
        return 100.0 if self.expected == 0 else round(100.0 * self.counted / self.expected, 1)


def progress(units: list[str], expected: list[RegisterEntry], counted_tags: set[str]) -> list[UnitProgress]:
    """Per board of the campaign: how many of its expected assets some sheet has listed so far."""
    buckets: dict[str, list[int]] = {unit: [0, 0] for unit in units}
    tags = {normalize_tag(t) for t in counted_tags}
    for entry in expected:
        bucket = buckets.setdefault(entry.unit, [0, 0])
        bucket[0] += 1
        if normalize_tag(entry.tag) in tags:
            bucket[1] += 1
    return [UnitProgress(unit, e, c) for unit, (e, c) in sorted(buckets.items())]
