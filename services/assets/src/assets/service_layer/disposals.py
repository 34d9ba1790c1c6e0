"""Disposal [thanh lý]: proposed by the Office or the board's head, decided by the leadership."""
from __future__ import annotations

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import Invalid, NotAllowed, NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import Asset, Disposal
from ..domain import assets as rules
from ..domain import decisions
from ..config import SERVICE
from .common import OFFICE_ROLE, list_board, not_in_future, record_history
from .register import load_visible
from .views import disposal_view

REQUESTED, APPROVED, REJECTED = "requested", "approved", "rejected"


def _tags(uow, disposals: list[Disposal]) -> dict[int, str]:
    return uow.assets.tags({d.asset_id for d in disposals})


def list_disposals(uow, principal: Principal, args: dict) -> dict:
    rows, cursor = uow.disposals.page(list_board(principal, args.get("unit")), args)
    tags = _tags(uow, rows)
    return {"items": [disposal_view(d, tags.get(d.asset_id, "")) for d in rows], "next_cursor": cursor}


def load_disposal(uow, principal: Principal, disposal_id: int, lock: bool = True) -> Disposal:
    """The disposal if the caller may see it; NotFound for an unknown one or another board's."""
    disposal = uow.disposals.get(disposal_id, lock=lock)
    if disposal is None:
        raise NotFound(f"disposal {disposal_id} not found")
    principal.ensure_can_see(disposal.unit, SERVICE, what=f"disposal {disposal_id}")
    return disposal


def get_disposal(uow, principal: Principal, disposal_id: int) -> dict:
    disposal = load_disposal(uow, principal, disposal_id)
    return disposal_view(disposal, _tags(uow, [disposal]).get(disposal.asset_id, ""))


def request_disposal(uow, principal: Principal, asset_id: int, data: dict) -> dict:
    """Propose to dispose of an asset; nothing changes until the leadership approves."""
    asset = load_visible(uow, principal, asset_id, for_update=True)
    if not (principal.has_role(OFFICE_ROLE) or (principal.has_role("unit_head") and principal.unit == asset.unit)):
        raise NotAllowed("a disposal is proposed by the Office's asset specialists or the board's head")
    if asset.status in (rules.DISPOSED, rules.IN_REPAIR):
        raise RuleBroken(f"asset {asset.tag} is {asset.status}", rule="disposable_status", current_status=asset.status)
    if uow.disposals.pending_for(asset.id):
        raise RuleBroken(f"a disposal of {asset.tag} is already waiting for a decision", rule="one_pending_disposal")
    disposal = Disposal(asset_id=asset.id, unit=asset.unit, reason=data["reason"], method=data.get("method"),
                        status=REQUESTED, requested_by=principal.username, requester_staff_id=principal.staff_id)
    if not uow.disposals.add(disposal):
        raise RuleBroken(f"a disposal of {asset.tag} is already waiting for a decision", rule="one_pending_disposal")
    view = disposal_view(disposal, asset.tag)
    uow.commit()
    return view


def _decide(uow, principal: Principal, disposal_id: int) -> tuple[Disposal, Asset]:
    decisions.ensure(decisions.leadership_refusal(principal))
    disposal = load_disposal(uow, principal, disposal_id)
    if disposal.status != REQUESTED:
        raise RuleBroken(f"disposal {disposal_id} is {disposal.status}", rule="disposal_status", current_status=disposal.status)
    decisions.ensure(decisions.own_request_refusal(principal, disposal.requested_by, disposal.requester_staff_id))
    asset = uow.assets.get(disposal.asset_id, lock=True)
    return disposal, asset


def approve_disposal(uow, principal: Principal, disposal_id: int, data: dict) -> dict:
    """The leadership approves: the asset leaves the register's active items (and fleet's pool)."""
    disposal, asset = _decide(uow, principal, disposal_id)
    if asset.status in (rules.DISPOSED, rules.IN_REPAIR):
        raise RuleBroken(f"asset {asset.tag} is {asset.status}", rule="disposable_status", current_status=asset.status)
    disposed_on = data.get("disposed_on") or local_today()
    not_in_future(disposed_on, "disposed_on")
    if disposed_on < asset.acquired_on:
        raise Invalid("a disposal cannot precede the acquisition",
                            errors={"disposed_on": [f"before the acquisition on {asset.acquired_on}"]})
    disposal.status = APPROVED
    disposal.decided_by = principal.username
    disposal.decided_at = utcnow()
    disposal.decision_note = data.get("note")
    disposal.disposed_on = disposed_on
    record_history(uow, asset.id, "disposed", principal.username, effective_on=disposed_on,
                   from_status=asset.status, to_status=rules.DISPOSED, reason=disposal.reason,
                   reference=f"disposal:{disposal.id}")
    asset.status = rules.DISPOSED
    asset.disposed_on = disposed_on
    is_vehicle = uow.categories.vehicle_flags().get(asset.category, False)
    uow.publish("assets.asset.disposed", {
        "asset_id": asset.id, "tag": asset.tag, "unit": asset.unit, "is_vehicle": is_vehicle,
        "disposed_on": disposed_on, "plate": (asset.attributes or {}).get("plate")}, unit=asset.unit)
    uow.disposals.save()
    view = disposal_view(disposal, asset.tag)
    uow.commit()
    return view


def reject_disposal(uow, principal: Principal, disposal_id: int, data: dict) -> dict:
    disposal, asset = _decide(uow, principal, disposal_id)
    disposal.status = REJECTED
    disposal.decided_by = principal.username
    disposal.decided_at = utcnow()
    disposal.decision_note = data.get("note")
    uow.disposals.save()
    view = disposal_view(disposal, asset.tag)
    uow.commit()
    return view
