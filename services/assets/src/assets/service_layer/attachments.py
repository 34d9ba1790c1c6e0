"""Who may read and add the files attached to procurements, repairs and disposals (issue 14):
whoever may see the record reads them (another board's are NotFound, like the record); whoever
may act for its board adds them (the board's staff and head, the Office, the leadership)."""
from __future__ import annotations

from typing import Callable

from buildingblocks.identity import Principal

from .common import ensure_may_act_for
from .disposals import load_disposal
from .procurements import load_procurement
from .repairs import load_repair


def _rules(load: Callable) -> tuple[Callable, Callable]:
    """(visible_unit, may_attach) for `buildingblocks.attachment_routes` from a record loader."""

    def visible_unit(uow, principal: Principal, record_id: int) -> str:
        return load(uow, principal, record_id, lock=False).unit

    def may_attach(uow, principal: Principal, record_id: int) -> None:
        ensure_may_act_for(principal, load(uow, principal, record_id, lock=False).unit)

    return visible_unit, may_attach


procurement_unit, may_attach_to_procurement = _rules(load_procurement)
repair_unit, may_attach_to_repair = _rules(load_repair)
disposal_unit, may_attach_to_disposal = _rules(load_disposal)
