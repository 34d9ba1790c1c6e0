"""Budget arithmetic over the ledger.

A budget is (fiscal year, unit, category). Its figures are sums of the append-only ledger's
entries, by kind (the budget row keeps them as a running summary, moved with each entry booked):

- `allocated`: the allocation, supplements, transfers in (+) and out (-);
- `reserved`: money held for a request that is not yet paid or released;
- `released`: a reservation given back (pay, reject, withdraw, cancel);
- `spent`: money actually paid or charged;
- at a year's close (`domain.fiscal_year`): `carry_out`, a holding leaving the closed year for the
  next (reserved -), `carry_in`, the source carried into the next year's budget [chuyển nguồn]
  (allocated +, with a `reserved` entry for the holding that came with it), and `lapsed`, a
  holding released because the year closed (reserved -).

allocated = sum(allocated) + sum(carry_in); reserved = sum(reserved) - sum(released, carry_out, lapsed);
available = allocated - reserved - spent.
A correction is a reversal entry of the same kind with the opposite sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from buildingblocks.errors import RuleBroken

from .errors import BudgetExhausted

LEDGER_KINDS = ("allocated", "reserved", "released", "spent", "carry_in", "carry_out", "lapsed")
# kinds that add to the allocation, and kinds that give a reservation back
ALLOCATING = ("allocated", "carry_in")
RELEASING = ("released", "carry_out", "lapsed")


@dataclass(frozen=True)
class BudgetPosition:
    """The figures of one budget at one moment."""

    allocated_vnd: int = 0
    reserved_vnd: int = 0
    spent_vnd: int = 0

    @classmethod
    def from_ledger(cls, totals_by_kind: Mapping[str, int]) -> "BudgetPosition":
        """The position from the sums of the ledger entries per kind (missing kinds count as 0)."""
        def total(*kinds: str) -> int:
            return sum(int(totals_by_kind.get(kind, 0) or 0) for kind in kinds)

        return cls(allocated_vnd=total(*ALLOCATING), reserved_vnd=total("reserved") - total(*RELEASING),
                   spent_vnd=total("spent"))

    @property
    def available_vnd(self) -> int:
        """What can still be reserved; negative only after a chargeback overran the budget."""
        return self.allocated_vnd - self.reserved_vnd - self.spent_vnd

    @property
    def overrun_vnd(self) -> int:
        """How far reservations and spending went past the allocation (0 when within it)."""
        return max(0, -self.available_vnd)

    @property
    def used_share(self) -> float | None:
        """Reserved and spent as a share of the allocation (None when nothing was allocated)."""
        if self.allocated_vnd <= 0:
            return None
        return (self.reserved_vnd + self.spent_vnd) / self.allocated_vnd

    def figures(self) -> dict[str, int]:
        """The figures as problem-document members and event fields."""
        return {
            "allocated_vnd": self.allocated_vnd,
            "reserved_vnd": self.reserved_vnd,
            "spent_vnd": self.spent_vnd,
            "available_vnd": self.available_vnd,
        }

    def require_available(self, asked_vnd: int, what: str = "the request") -> None:
        """Raise BudgetExhausted with the figures unless `asked_vnd` fits in what is available."""
        if asked_vnd > self.available_vnd:
            raise BudgetExhausted(
                f"{what} asks {asked_vnd} VND but only {max(self.available_vnd, 0)} VND of the budget is available",
                asked_vnd=asked_vnd,
                **self.figures(),
            )

    def after(self, kind: str, amount_vnd: int) -> "BudgetPosition":
        """The position once an entry of this kind and signed amount is booked."""
        figure, change = moved_figure(kind, amount_vnd)
        figures = {"allocated_vnd": self.allocated_vnd, "reserved_vnd": self.reserved_vnd, "spent_vnd": self.spent_vnd}
        figures[figure] += change
        return BudgetPosition(**figures)


def moved_figure(kind: str, amount_vnd: int) -> tuple[str, int]:
    """(the figure, its signed change) that booking an entry of this kind and signed amount makes."""
    if kind in ALLOCATING:
        return "allocated_vnd", amount_vnd
    if kind == "reserved":
        return "reserved_vnd", amount_vnd
    if kind in RELEASING:
        return "reserved_vnd", -amount_vnd
    if kind == "spent":
        return "spent_vnd", amount_vnd
    raise ValueError(f"unknown ledger kind {kind!r}")


def settlement(reserved_vnd: int, actual_vnd: int) -> list[tuple[str, int]]:
    """The entries that settle a reservation at its actual cost: release it whole, spend the actual.

    Releasing the whole reservation and spending the actual keeps each entry's meaning plain in
    the ledger (the reservation is gone, this much was paid) whether the actual is below or above it.
    """
    entries = []
    if reserved_vnd:
        entries.append(("released", reserved_vnd))
    if actual_vnd:
        entries.append(("spent", actual_vnd))
    return entries


def total_of(positions: Iterable[BudgetPosition]) -> BudgetPosition:
    """The sum of several budgets' figures."""
    total = BudgetPosition()
    for p in positions:
        total = BudgetPosition(total.allocated_vnd + p.allocated_vnd, total.reserved_vnd + p.reserved_vnd,
                               total.spent_vnd + p.spent_vnd)
    return total


def require_reversible(entry, reversed_by: int | None, unreversible_sources=frozenset()) -> None:
    """Only allocations and spendings are reversed, once, and never a reversal itself."""
    if entry.reverses_entry_id is not None:
        raise RuleBroken("a reversal is not reversed; book the correction anew", rule="not_reversible",
                         entry_id=entry.id)
    if entry.kind not in {"allocated", "spent"} or entry.source in unreversible_sources:
        raise RuleBroken(
            f"{entry.kind} entries of {entry.source} are settled through their request, not reversed",
            rule="not_reversible", entry_id=entry.id, kind=entry.kind, source=entry.source,
        )
    if reversed_by is not None:
        raise RuleBroken(f"entry {entry.id} is reversed already by entry {reversed_by}", rule="already_reversed",
                         entry_id=entry.id, reversal_id=reversed_by)


def settled_position(position: BudgetPosition, entries: list[tuple[str, int]]) -> BudgetPosition:
    """The position once the settlement's entries are booked."""
    for kind, amount in entries:
        position = position.after(kind, amount)
    return position
