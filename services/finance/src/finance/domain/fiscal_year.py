"""Year-end closing [khóa sổ cuối năm] and quarters of a fiscal year.

The fiscal year is the calendar year. `office_finance` proposes to close a year once it has ended,
listing what is still reserved in it: each holding is either carried over [chuyển nguồn] to the
next year's budget of the same board and category, or released. The leadership confirms (never
their own proposal) or rejects. From the proposal on, the year takes no new entry; an event about
a closed year is booked in the next open year and flagged, never lost.
"""

from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Invalid, NotFound, RuleBroken

PENDING, CONFIRMED, REJECTED = "pending", "confirmed", "rejected"
# a close that is pending or confirmed stops new entries in its year
CLOSING = frozenset({PENDING, CONFIRMED})
CARRY_OVER, RELEASE = "carry_over", "release"
QUARTERS = (1, 2, 3, 4)


class YearClosed(RuleBroken):
    """An entry dated in a fiscal year that is closed (or being closed)."""


def require_open(fiscal_year: int, close_status: str | None) -> None:
    """No new entry in a closed year, nor in one whose close awaits the leadership (409 naming the year)."""
    if close_status in CLOSING:
        state = "closed" if close_status == CONFIRMED else "being closed"
        raise YearClosed(f"fiscal year {fiscal_year} is {state}: no new entry is booked in it",
                         rule="fiscal_year_closed", fiscal_year=fiscal_year, close_status=close_status)


def open_year_for(fiscal_year: int, closed_years) -> int:
    """The year an event about `fiscal_year` is booked in: itself if open, else the next open year."""
    closed = set(closed_years)
    while fiscal_year in closed:
        fiscal_year += 1
    return fiscal_year


def require_may_close(fiscal_year: int, today: dt.date, close_from: tuple[int, int], close_status: str | None) -> None:
    """A year is closed once, after it has ended (from `close_from` = (month, day) of the next year)."""
    if fiscal_year >= dt.MAXYEAR:  # no calendar has it (the path takes any record id)
        raise NotFound(f"there is no fiscal year {fiscal_year}")
    if close_status in CLOSING:
        raise RuleBroken(f"fiscal year {fiscal_year} is already {'closed' if close_status == CONFIRMED else 'being closed'}",
                         rule="fiscal_year_closed", fiscal_year=fiscal_year, close_status=close_status)
    opens = dt.date(fiscal_year + 1, *close_from)
    if today < opens:
        raise RuleBroken(f"fiscal year {fiscal_year} may be closed from {opens.isoformat()} on",
                         rule="fiscal_year_not_ended", fiscal_year=fiscal_year, close_from=opens.isoformat())


def close_items(holdings, carry_over: set[tuple[str, str]]) -> list[dict]:
    """Every holding of the year, each carried over (when listed in `carry_over`) or released.

    `holdings` are dicts with source, source_id, unit, category, amount_vnd. A carry-over that names
    nothing held in the year is Invalid: each carry-over must be one of the year's holdings.
    """
    held = {(h["source"], str(h["source_id"])) for h in holdings}
    unknown = sorted(f"{source} {source_id}" for source, source_id in carry_over - held)
    if unknown:
        raise Invalid("a carry-over names nothing reserved in this year",
                      errors={"carry_over": [f"{name} holds nothing in this year" for name in unknown]})
    return [{**h, "source_id": str(h["source_id"]),
             "action": CARRY_OVER if (h["source"], str(h["source_id"])) in carry_over else RELEASE}
            for h in holdings]


def require_pending(close) -> None:
    if close.status != PENDING:
        raise RuleBroken(f"the close of {close.fiscal_year} is {close.status} already", rule="invalid_state",
                         current_status=close.status)


def quarter_bounds(fiscal_year: int, quarter: int | None) -> tuple[dt.date | None, dt.date | None]:
    """[first day, first day after) of a quarter's bookings; the first quarter also takes what was
    booked before the year began, the last what was booked after it ended (the close), so the four
    quarters add up to the year."""
    if quarter is None:
        return None, None
    starts = [None] + [dt.date(fiscal_year, month, 1) for month in (4, 7, 10)] + [None]
    return starts[quarter - 1], starts[quarter]
