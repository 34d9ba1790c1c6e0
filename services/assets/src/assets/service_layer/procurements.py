"""Procurement: a board drafts, submits within the standards, finance reserves, the board's head
or the leadership approves, the Office receives and registers the goods."""
from __future__ import annotations

from buildingblocks.clock import local_date, local_today, utcnow
from buildingblocks.errors import Invalid, NotFound
from buildingblocks.identity import Principal

from ..adapters.orm import Procurement, ProcurementLine, ProcurementStep
from ..config import SERVICE
from ..domain import procurement as rules
from ..domain.standards import RequestedLine, check_lines, check_standards, holding_keys
from .common import (
    ensure_may_act_for,
    list_board,
    require_board,
    require_category,
    require_office,
    require_staff_of_board,
    still_in_board,
)
from .register import register_asset
from .views import procurement_check_view, procurement_view

SOURCE = "assets.procurement"


def _view(uow, p: Procurement) -> dict:
    assets = uow.assets.from_source(f"procurement:{p.id}") if p.status == rules.RECEIVED else []
    return procurement_view(p, rules.approver_level(p.total_vnd, uow.config.approval_threshold_vnd), assets)


def load_procurement(uow, principal: Principal, procurement_id: int, lock: bool = True) -> Procurement:
    """The request if the caller may see it; NotFound for an unknown one or another board's."""
    p = uow.procurements.get(procurement_id, lock=lock)
    if p is None:
        raise NotFound(f"procurement {procurement_id} not found")
    principal.ensure_can_see(p.unit, SERVICE, what=f"procurement {procurement_id}")
    return p


def _step(p: Procurement, status: str, actor: str | None, note: str | None = None) -> None:
    p.status = status
    p.steps.append(ProcurementStep(status=status, actor=actor, note=note, at=utcnow()))


def _set_lines(uow, p: Procurement, lines: list[dict]) -> None:
    """Check and put the lines on a draft: categories known, beneficiaries staff of the board."""
    for i, line in enumerate(lines):
        require_category(uow, line["category"], field=f"lines.{i}.category")
        if line.get("beneficiary_staff_id") is not None:
            require_staff_of_board(uow, line["beneficiary_staff_id"], p.unit, f"lines.{i}.beneficiary_staff_id")
    p.lines.clear()
    for i, line in enumerate(lines):
        p.lines.append(ProcurementLine(
            position=i, category=line["category"], description=line["description"], quantity=line["quantity"],
            unit_price_vnd=line["unit_price_vnd"], beneficiary_staff_id=line.get("beneficiary_staff_id")))
    p.total_vnd = rules.total_vnd([rules.Line(line["quantity"], line["unit_price_vnd"]) for line in lines])


def _line_dicts(p: Procurement) -> list[dict]:
    return [{"category": line.category, "description": line.description, "quantity": line.quantity,
             "unit_price_vnd": line.unit_price_vnd, "beneficiary_staff_id": line.beneficiary_staff_id}
            for line in p.lines]


def _finish(uow, p: Procurement) -> dict:
    """Write the request's changes, answer its view and commit."""
    uow.procurements.add(p)
    view = _view(uow, p)
    uow.commit()
    return view


def list_procurements(uow, principal: Principal, args: dict) -> dict:
    rows, cursor = uow.procurements.page(list_board(principal, args.get("unit")), args)
    return {"items": [_view(uow, p) for p in rows], "next_cursor": cursor}


def get_procurement(uow, principal: Principal, procurement_id: int) -> dict:
    return _view(uow, load_procurement(uow, principal, procurement_id, lock=False))


def create_procurement(uow, principal: Principal, data: dict) -> dict:
    """A board's staff draft a request for their own board."""
    unit = data.get("unit") or principal.unit
    if not unit:
        raise Invalid("name the board the request is for", errors={"unit": ["required"]})
    ensure_may_act_for(principal, unit)
    require_board(uow, unit)
    p = Procurement(unit=unit, fiscal_year=data.get("fiscal_year") or local_today().year, status=rules.DRAFT,
                    note=data.get("note"), requested_by=principal.username, requester_staff_id=principal.staff_id,
                    lines=[], steps=[])
    _set_lines(uow, p, data["lines"])
    _step(p, rules.DRAFT, principal.username)
    return _finish(uow, p)


def update_procurement(uow, principal: Principal, procurement_id: int, changes: dict) -> dict:
    """A draft's lines, year or note may change until it is submitted; the history keeps who
    edited it and what changed (an editor may not decide the request later)."""
    p = load_procurement(uow, principal, procurement_id)
    ensure_may_act_for(principal, p.unit)
    rules.require_status(p.id, p.status, "edit")
    before = {"lines": _line_dicts(p), "fiscal_year": p.fiscal_year, "note": p.note}
    if "lines" in changes:
        _set_lines(uow, p, changes["lines"])
    if "fiscal_year" in changes:
        p.fiscal_year = changes["fiscal_year"]
    if "note" in changes:
        p.note = changes["note"]
    after = {"lines": _line_dicts(p), "fiscal_year": p.fiscal_year, "note": p.note}
    p.steps.append(ProcurementStep(status=rules.EDITED, actor=principal.username, at=utcnow(),
                                   note=rules.describe_changes(before, after)))
    return _finish(uow, p)


def _requested_lines(uow, p: Procurement) -> list[RequestedLine]:
    """The lines as the standards see them, each beneficiary checked to be staff of the board."""
    lines = []
    for line in p.lines:
        rank = None
        if line.beneficiary_staff_id is not None:
            rank = require_staff_of_board(uow, line.beneficiary_staff_id, p.unit,
                                          f"lines.{line.position}.beneficiary_staff_id").title_rank
        lines.append(RequestedLine(line.position, line.category, line.quantity, line.unit_price_vnd,
                                   line.beneficiary_staff_id, rank))
    return lines


def _holdings(uow, p: Procurement, lines: list[RequestedLine], catalogue) -> dict:
    """What each beneficiary (or the board) the lines count against holds and has on its way in
    the board's other requests."""
    return {(category, staff_id): uow.procurements.holding(category, staff_id, p.unit, p.id)
            for category, staff_id in holding_keys(lines, catalogue)}


def check_procurement(uow, principal: Principal, procurement_id: int) -> dict:
    """Each line against the standard it is held to, with its norm and legal basis, what is held
    and on its way, and within or over: the check a submit makes, read now and refusing nothing.
    A line's beneficiary is taken at their current title rank (a draft's may have left since)."""
    p = load_procurement(uow, principal, procurement_id, lock=False)
    lines = []
    for line in p.lines:
        person = uow.replica.staff(line.beneficiary_staff_id) if line.beneficiary_staff_id is not None else None
        lines.append(RequestedLine(line.position, line.category, line.quantity, line.unit_price_vnd,
                                   line.beneficiary_staff_id, person.title_rank if person is not None else None))
    catalogue = uow.standards.catalogue()
    checks = check_lines(lines, catalogue, _holdings(uow, p, lines, catalogue))
    return procurement_check_view(p, checks, {line.position: line.description for line in p.lines})


def submit_procurement(uow, principal: Principal, procurement_id: int) -> dict:
    """Check the standards (each breach named), then ask finance to reserve the money."""
    p = load_procurement(uow, principal, procurement_id)
    ensure_may_act_for(principal, p.unit)
    rules.require_status(p.id, p.status, "submit")
    require_board(uow, p.unit)
    uow.procurements.lock_board(p.unit)  # holdings are read, then added to: one submit per board at a time
    lines = _requested_lines(uow, p)
    catalogue = uow.standards.catalogue()
    rules.refuse_breaches(check_standards(lines, catalogue, _holdings(uow, p, lines, catalogue)))
    p.reservation_status = "requested"
    _step(p, rules.AWAITING_BUDGET, principal.username, "standards met; budget reservation asked of finance")
    uow.publish("assets.procurement.submitted", {
        "procurement_id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year,
        "category": uow.config.procurement_budget_category, "amount_vnd": p.total_vnd}, unit=p.unit)
    return _finish(uow, p)


def decision_of(p: Procurement) -> rules.Decision:
    """The facts a decision on `p` is held to (who asked, edited and benefits)."""
    return rules.Decision(
        unit=p.unit, total_vnd=p.total_vnd, requested_by=p.requested_by, requester_staff_id=p.requester_staff_id,
        editors=frozenset(s.actor for s in p.steps if s.status == rules.EDITED and s.actor),
        beneficiaries=frozenset(line.beneficiary_staff_id for line in p.lines if line.beneficiary_staff_id is not None))


def _decide(uow, principal: Principal, procurement_id: int, action: str, status: str, note: str | None) -> Procurement:
    p = load_procurement(uow, principal, procurement_id)
    rules.require_status(p.id, p.status, action)
    rules.ensure_may_decide(principal, decision_of(p), uow.config.approval_threshold_vnd, rejecting=action == "reject")
    p.decided_by = principal.username
    p.decided_at = utcnow()
    p.decision_note = note
    _step(p, status, principal.username, note)
    return p


def approve_procurement(uow, principal: Principal, procurement_id: int, note: str | None = None) -> dict:
    p = _decide(uow, principal, procurement_id, "approve", rules.APPROVED, note)
    return _finish(uow, p)


def _publish_cancelled(uow, p: Procurement, reason: str) -> None:
    uow.publish("assets.procurement.cancelled", {
        "procurement_id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year,
        "category": uow.config.procurement_budget_category, "reason": reason}, unit=p.unit)


def reject_procurement(uow, principal: Principal, procurement_id: int, note: str | None = None) -> dict:
    """The approver turns the request down; finance releases what it reserved."""
    p = _decide(uow, principal, procurement_id, "reject", rules.REJECTED, note)
    _publish_cancelled(uow, p, f"rejected: {note}" if note else "rejected")
    return _finish(uow, p)


def cancel_procurement(uow, principal: Principal, procurement_id: int, note: str | None = None) -> dict:
    """The board (or the Office) withdraws the request; finance releases what it reserved."""
    p = load_procurement(uow, principal, procurement_id)
    ensure_may_act_for(principal, p.unit)
    rules.require_status(p.id, p.status, "cancel")
    was_submitted = p.status in rules.RESERVED_OR_ASKED
    _step(p, rules.CANCELLED, principal.username, note)
    if was_submitted:
        _publish_cancelled(uow, p, f"cancelled: {note}" if note else "cancelled")
    return _finish(uow, p)


# -- the receipt ------------------------------------------------------------------------------------


def receive_procurement(uow, principal: Principal, procurement_id: int, data: dict) -> dict:
    """The Office receives the goods at their actual prices and registers them with new tags."""
    require_office(principal)
    p = load_procurement(uow, principal, procurement_id)
    rules.require_status(p.id, p.status, "receive")
    received_on = data.get("received_on") or local_today()
    rules.check_receipt_date(received_on, local_date(p.created_at), local_today())
    actual = rules.match_receipt_lines([line.id for line in p.lines], data["lines"], p.id)
    rules.refuse_price_breaches(check_standards(_paid_lines(uow, p, actual), uow.standards.catalogue(), {}))
    actual_total = sum(line.quantity * actual[line.id]["unit_price_vnd"] for line in p.lines)
    rules.check_within_approved(actual_total, p.total_vnd)
    for line in p.lines:
        _register_line(uow, principal, p, line, actual[line.id], received_on)
    p.actual_total_vnd = actual_total
    p.received_on = received_on
    p.received_by = principal.username
    _step(p, rules.RECEIVED, principal.username, data.get("note"))
    uow.publish("assets.procurement.received", {
        "procurement_id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year,
        "category": uow.config.procurement_budget_category, "amount_vnd": actual_total}, unit=p.unit)
    return _finish(uow, p)


def _paid_lines(uow, p: Procurement, actual: dict[int, dict]) -> list[RequestedLine]:
    """One of each line at the price actually paid, for the standards' price caps."""
    lines = []
    for line in p.lines:
        staff = uow.replica.staff(line.beneficiary_staff_id) if line.beneficiary_staff_id is not None else None
        lines.append(RequestedLine(line.position, line.category, 1, actual[line.id]["unit_price_vnd"],
                                   line.beneficiary_staff_id, staff.title_rank if staff else None))
    return lines


def _register_line(uow, principal: Principal, p: Procurement, line: ProcurementLine, received: dict,
                   received_on) -> None:
    """Register the items of one line at their actual price (held by the beneficiary while they
    are still with the board, by the board otherwise)."""
    category = require_category(uow, line.category, field=f"lines.{line.position}.category")
    items = received.get("items") or []
    rules.check_received_items(line.position, line.quantity, items, category.is_vehicle)
    holder = line.beneficiary_staff_id
    if holder is not None and not still_in_board(uow, holder, p.unit):
        holder = None
    line.actual_unit_price_vnd = received["unit_price_vnd"]
    for n in range(line.quantity):
        item = items[n] if items else {}
        register_asset(
            uow, category=category, name=line.description, unit=p.unit, acquired_on=received_on,
            original_cost_vnd=received["unit_price_vnd"], actor=principal.username,
            source=f"procurement:{p.id}", holder_staff_id=holder, location=item.get("location"),
            attributes=item.get("attributes"), tag=item.get("tag"), field_prefix=f"lines.{line.position}.items.{n}.")


# -- finance's answers ------------------------------------------------------------------------------


def _procurement_of(uow, data: dict) -> Procurement | None:
    """The procurement a finance reservation event is about, locked; None when not ours."""
    if data.get("source") != SOURCE:
        return None
    try:
        procurement_id = int(data.get("source_id"))
    except (TypeError, ValueError):
        return None
    return uow.procurements.get(procurement_id, lock=True)


def on_reservation_accepted(uow, data: dict) -> None:
    """Finance reserved the money: the request goes to its approver."""
    p = _procurement_of(uow, data)
    if p is None:
        return
    if p.status == rules.AWAITING_BUDGET:
        p.reservation_status = "accepted"
        p.reservation_reason = None
        _step(p, rules.PENDING_APPROVAL, "finance",
              f"{data.get('amount_vnd', p.total_vnd)} VND reserved; approval by "
              f"{rules.approver_level(p.total_vnd, uow.config.approval_threshold_vnd)}")
    elif p.status in (rules.CANCELLED, rules.REJECTED) and p.reservation_status == "requested":
        # finance reserved after we had cancelled (its answer crossed ours, or it retried our
        # submit after our cancel): ask it again to release, or the money stays reserved
        p.reservation_status = "released"
        _publish_cancelled(uow, p, f"{p.status} before finance's reservation arrived")


def on_reservation_rejected(uow, data: dict) -> None:
    """Finance refused for lack of budget: the request stops there, with finance's reason."""
    p = _procurement_of(uow, data)
    if p is None:
        return
    if p.status == rules.AWAITING_BUDGET:
        p.reservation_status = "rejected"
        p.reservation_reason = data.get("reason")
        available = data.get("available_vnd")
        p.available_vnd = int(available) if isinstance(available, (int, float)) else None
        _step(p, rules.BUDGET_REJECTED, "finance", data.get("reason") or "budget not available")
    elif p.reservation_status == "requested":
        p.reservation_status = "rejected"
