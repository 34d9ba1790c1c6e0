"""The one path every structure change takes: lock, change a copy, check the rules, write."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from buildingblocks.clock import local_today
from buildingblocks.identity import Principal

from ..domain.access import effective_or_today
from ..domain.model import Structure
from ..domain.rules import evaluate, made_worse, refusal
from .rules import rule_sources, rulebook
from .writer import Stamp, record_change

T = TypeVar("T")


def effective(value, field: str = "effective_date"):
    """The date a change takes effect: `value`, or today; never in the future."""
    return effective_or_today(value, local_today(), field)


@dataclass(frozen=True)
class Change:
    """A structure change as written: the change's own result, the structures, and the staff
    members an event was published for."""

    result: object
    before: Structure
    after: Structure
    published: set[int]


def change_structure(uow, principal: Principal, change: Callable[[Structure], T], stamp: Stamp) -> Change:
    """Lock, make `change` on a copy of the current structure, refuse it when it makes a
    blocking rule worse, then write it."""
    uow.structure.lock()
    before = uow.structure.load()
    after = before.copy()
    result = change(after)
    book = rulebook(uow)
    worse = made_worse(evaluate(before, book), evaluate(after, book))
    if worse:
        raise refusal(worse, rule_sources(uow))
    published = record_change(uow, before, after, stamp)
    return Change(result, before, after, published)
