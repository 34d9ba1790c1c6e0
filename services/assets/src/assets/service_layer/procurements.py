"""Procurement: a board drafts, submits within the standards, finance reserves, the board's head
or the leadership approves, the Office receives and registers the goods."""
from __future__ import annotations

from buildingblocks.db import UnitOfWork, utcnow
from buildingblocks.errors import Conflict, NotFound, Unprocessable
from buildingblocks.identity import Principal
from buildingblocks.pagination import paginate
from buildingblocks.replica import get_staff
from buildingblocks.search import matches
from sqlalchemy import func, select

from ..adapters.orm import Asset, Procurement, ProcurementLine, ProcurementStep
from ..config import AssetsConfig
from ..domain import assets as asset_rules
from ..domain import procurement as rules
from ..domain.standards import Holding, RequestedLine, check_standards, holding_keys
from .catalogue import load_catalogue
from .common import (
    OFFICE_TZ,
    SERVICE,
    board_of,
    ensure_may_act_for,
    list_board,
    lock_board,
    not_in_future,
    require_board,
    require_category,
    require_office,
    require_staff_of_board,
    today,
)
from .register import register_asset
from .views import procurement_view

SOURCE = "assets.procurement"


def _view(uow: UnitOfWork, p: Procurement, cfg: AssetsConfig) -> dict:
    assets = []
    if p.status == rules.RECEIVED:
        assets = list(uow.session.scalars(select(Asset).where(Asset.source == f"procurement:{p.id}")
                                          .order_by(Asset.id)))
    return procurement_view(p, rules.approver_level(p.total_vnd, cfg.approval_threshold_vnd), assets)


def _load(uow: UnitOfWork, principal: Principal, procurement_id: int, for_update: bool = True) -> Procurement:
    p = uow.session.get(Procurement, procurement_id, with_for_update=for_update)
    if p is None:
        raise NotFound(f"procurement {procurement_id} not found")
    principal.ensure_can_see(p.unit, SERVICE, what=f"procurement {procurement_id}")
    return p


def _step(p: Procurement, status: str, actor: str | None, note: str | None = None) -> None:
    p.status = status
    p.steps.append(ProcurementStep(status=status, actor=actor, note=note, at=utcnow()))


def _require_status(p: Procurement, action: str) -> None:
    if not rules.may(action, p.status):
        raise Conflict(f"procurement {p.id} is {p.status}: it cannot be {action}d now",
                       rule="procurement_status", current_status=p.status, allowed=list(rules.ALLOWED[action]))


def _set_lines(uow: UnitOfWork, p: Procurement, lines: list[dict]) -> None:
    """Check and put the lines on a draft: categories known, beneficiaries staff of the board."""
    session = uow.session
    for i, line in enumerate(lines):
        require_category(session, line["category"], field=f"lines.{i}.category")
        if line.get("beneficiary_staff_id") is not None:
            require_staff_of_board(session, line["beneficiary_staff_id"], p.unit, f"lines.{i}.beneficiary_staff_id")
    p.lines.clear()
    session.flush()
    for i, line in enumerate(lines):
        p.lines.append(ProcurementLine(
            position=i, category=line["category"], description=line["description"], quantity=line["quantity"],
            unit_price_vnd=line["unit_price_vnd"], beneficiary_staff_id=line.get("beneficiary_staff_id")))
    p.total_vnd = rules.total_vnd([rules.Line(line["quantity"], line["unit_price_vnd"]) for line in lines])


def list_procurements(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, args: dict) -> dict:
    stmt = select(Procurement)
    unit = list_board(principal, args.get("unit"))
    if unit:
        stmt = stmt.where(Procurement.unit == unit)
    if args.get("status"):
        stmt = stmt.where(Procurement.status == args["status"])
    if args.get("fiscal_year"):
        stmt = stmt.where(Procurement.fiscal_year == args["fiscal_year"])
    if args.get("q"):
        stmt = stmt.where(matches(Procurement.search_text, args["q"]))
    rows, cursor = paginate(uow.session, stmt, Procurement.id, args["limit"], args.get("cursor"), descending=True)
    return {"items": [_view(uow, p, cfg) for p in rows], "next_cursor": cursor}


def get_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int) -> dict:
    return _view(uow, _load(uow, principal, procurement_id, for_update=False), cfg)


def create_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, data: dict) -> dict:
    """A board's staff draft a request for their own board."""
    unit = data.get("unit") or principal.unit
    if not unit:
        raise Unprocessable("name the board the request is for", errors={"unit": ["required"]})
    ensure_may_act_for(principal, unit)
    require_board(uow.session, unit)
    p = Procurement(unit=unit, fiscal_year=data.get("fiscal_year") or today().year, status=rules.DRAFT,
                    note=data.get("note"), requested_by=principal.username, requester_staff_id=principal.staff_id)
    uow.session.add(p)
    _set_lines(uow, p, data["lines"])
    _step(p, rules.DRAFT, principal.username)
    uow.session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def _line_dicts(p: Procurement) -> list[dict]:
    return [{"category": line.category, "description": line.description, "quantity": line.quantity,
             "unit_price_vnd": line.unit_price_vnd, "beneficiary_staff_id": line.beneficiary_staff_id}
            for line in p.lines]


def update_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int,
                       changes: dict) -> dict:
    """A draft's lines, year or note may change until it is submitted; the history keeps who
    edited it and what changed (an editor may not decide the request later)."""
    p = _load(uow, principal, procurement_id)
    ensure_may_act_for(principal, p.unit)
    _require_status(p, "edit")
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
    uow.session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def _holdings(uow: UnitOfWork, p: Procurement, keys: set[tuple[str, int | None]]) -> dict:
    """What each beneficiary (or the board, for shared equipment) holds and has on its way."""
    session = uow.session
    holdings: dict[tuple[str, int | None], Holding] = {}
    in_flight = (select(ProcurementLine.id).join(Procurement)
                 .where(Procurement.status.in_(rules.IN_FLIGHT), Procurement.id != p.id))
    for category, staff_id in keys:
        held_stmt = select(func.count(Asset.id)).where(Asset.category == category,
                                                       Asset.status != asset_rules.DISPOSED)
        pending_stmt = (select(func.coalesce(func.sum(ProcurementLine.quantity), 0))
                        .where(ProcurementLine.id.in_(in_flight), ProcurementLine.category == category))
        if staff_id is None:
            held_stmt = held_stmt.where(Asset.unit == p.unit, Asset.holder_staff_id.is_(None))
            pending_stmt = pending_stmt.where(ProcurementLine.beneficiary_staff_id.is_(None),
                                              ProcurementLine.procurement_id.in_(
                                                  select(Procurement.id).where(Procurement.unit == p.unit)))
        else:
            held_stmt = held_stmt.where(Asset.holder_staff_id == staff_id)
            pending_stmt = pending_stmt.where(ProcurementLine.beneficiary_staff_id == staff_id)
        holdings[(category, staff_id)] = Holding(held=session.scalar(held_stmt) or 0,
                                                 pending=int(session.scalar(pending_stmt) or 0))
    return holdings


def submit_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int) -> dict:
    """Check the standards (422 naming each breach), then ask finance to reserve the money."""
    p = _load(uow, principal, procurement_id)
    ensure_may_act_for(principal, p.unit)
    _require_status(p, "submit")
    session = uow.session
    require_board(session, p.unit)
    # the holdings of the board's people are read and then added to: one submit per board at a time
    lock_board(session, p.unit, "standards")
    lines = []
    for line in p.lines:
        rank = None
        if line.beneficiary_staff_id is not None:
            rank = require_staff_of_board(session, line.beneficiary_staff_id, p.unit,
                                          f"lines.{line.position}.beneficiary_staff_id").title_rank
        lines.append(RequestedLine(line.position, line.category, line.quantity, line.unit_price_vnd,
                                   line.beneficiary_staff_id, rank))
    catalogue = load_catalogue(uow)
    breaches = check_standards(lines, catalogue, _holdings(uow, p, holding_keys(lines, catalogue)))
    if breaches:
        errors: dict[str, list[str]] = {}
        for b in breaches:
            errors.setdefault(f"lines.{b.line}", []).append(b.message)
        raise Unprocessable(f"the request goes beyond the equipment standards in {len(breaches)} way(s)",
                            errors=errors, breaches=[b.as_dict() for b in breaches])
    p.reservation_status = "requested"
    _step(p, rules.AWAITING_BUDGET, principal.username, "standards met; budget reservation asked of finance")
    uow.publish("assets.procurement.submitted", {
        "procurement_id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year,
        "category": cfg.procurement_budget_category, "amount_vnd": p.total_vnd}, unit=p.unit)
    session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def decision_of(p: Procurement) -> rules.Decision:
    """The facts a decision on `p` is held to (who asked, edited and benefits)."""
    return rules.Decision(
        unit=p.unit, total_vnd=p.total_vnd, requested_by=p.requested_by, requester_staff_id=p.requester_staff_id,
        editors=frozenset(s.actor for s in p.steps if s.status == rules.EDITED and s.actor),
        beneficiaries=frozenset(line.beneficiary_staff_id for line in p.lines if line.beneficiary_staff_id is not None))


def _decide(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int, action: str,
            note: str | None) -> Procurement:
    p = _load(uow, principal, procurement_id)
    _require_status(p, action)
    rules.ensure_may_decide(principal, decision_of(p), cfg.approval_threshold_vnd, rejecting=action == "reject")
    p.decided_by = principal.username
    p.decided_at = utcnow()
    p.decision_note = note
    return p


def approve_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int,
                        note: str | None = None) -> dict:
    p = _decide(uow, principal, cfg, procurement_id, "approve", note)
    _step(p, rules.APPROVED, principal.username, note)
    uow.session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def _publish_cancelled(uow: UnitOfWork, p: Procurement, cfg: AssetsConfig, reason: str) -> None:
    uow.publish("assets.procurement.cancelled", {
        "procurement_id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year,
        "category": cfg.procurement_budget_category, "reason": reason}, unit=p.unit)


def reject_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int,
                       note: str | None = None) -> dict:
    """The approver turns the request down; finance releases what it reserved."""
    p = _decide(uow, principal, cfg, procurement_id, "reject", note)
    _step(p, rules.REJECTED, principal.username, note)
    _publish_cancelled(uow, p, cfg, f"rejected: {note}" if note else "rejected")
    uow.session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def cancel_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int,
                       note: str | None = None) -> dict:
    """The board (or the Office) withdraws the request; finance releases what it reserved."""
    p = _load(uow, principal, procurement_id)
    ensure_may_act_for(principal, p.unit)
    _require_status(p, "cancel")
    was_submitted = p.status in rules.RESERVED_OR_ASKED
    _step(p, rules.CANCELLED, principal.username, note)
    if was_submitted:
        _publish_cancelled(uow, p, cfg, f"cancelled: {note}" if note else "cancelled")
    uow.session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def receive_procurement(uow: UnitOfWork, principal: Principal, cfg: AssetsConfig, procurement_id: int,
                        data: dict) -> dict:
    """The Office receives the goods at their actual prices and registers them with new tags."""
    require_office(principal)
    p = _load(uow, principal, procurement_id)
    _require_status(p, "receive")
    session = uow.session
    received_on = data.get("received_on") or today()
    not_in_future(received_on, "received_on")
    drafted_on = p.created_at.astimezone(OFFICE_TZ).date()
    if received_on < drafted_on:
        raise Unprocessable(f"received_on is before the request was drafted ({drafted_on})",
                            errors={"received_on": [f"must not be before {drafted_on}"]})
    actual = _match_receipt_lines(p, data["lines"])

    # the standards' price caps hold for what was actually paid, too
    catalogue = load_catalogue(uow)
    price_lines = []
    for line in p.lines:
        rank = None
        if line.beneficiary_staff_id is not None:
            staff = get_staff(session, line.beneficiary_staff_id)
            rank = staff.title_rank if staff else None
        price_lines.append(RequestedLine(line.position, line.category, 1, actual[line.id]["unit_price_vnd"],
                                         line.beneficiary_staff_id, rank))
    price_breaches = [b for b in check_standards(price_lines, catalogue, {}) if b.rule == "price_above_standard"]
    if price_breaches:
        errors: dict[str, list[str]] = {}
        for b in price_breaches:
            errors.setdefault(f"lines.{b.line}.unit_price_vnd", []).append(b.message)
        raise Unprocessable("an actual price is above the standard's cap", errors=errors,
                            breaches=[b.as_dict() for b in price_breaches])
    actual_total = sum(line.quantity * actual[line.id]["unit_price_vnd"] for line in p.lines)
    if actual_total > p.total_vnd:
        raise Conflict(f"the goods cost {actual_total} VND, more than the {p.total_vnd} VND approved and reserved",
                       rule="within_approved_amount", approved_vnd=p.total_vnd, actual_vnd=actual_total)

    for line in p.lines:
        category = require_category(session, line.category, field=f"lines.{line.position}.category")
        received = actual[line.id]
        items = received.get("items") or []
        if items and len(items) != line.quantity:
            raise Unprocessable(f"line {line.position} has {line.quantity} item(s), {len(items)} described",
                                errors={f"lines.{line.position}.items": [f"give all {line.quantity} or none"]})
        if category.is_vehicle and not items:
            raise Unprocessable("vehicles need their plate and seats to join the fleet",
                                errors={f"lines.{line.position}.items": ["describe each vehicle's attributes"]})
        holder = line.beneficiary_staff_id
        if holder is not None and not _still_in_board(session, holder, p.unit):
            holder = None  # the beneficiary has left the board since: the board keeps the asset
        line.actual_unit_price_vnd = received["unit_price_vnd"]
        for n in range(line.quantity):
            item = items[n] if items else {}
            register_asset(
                uow, cfg, category=category, name=line.description, unit=p.unit, acquired_on=received_on,
                original_cost_vnd=received["unit_price_vnd"], actor=principal.username,
                source=f"procurement:{p.id}", holder_staff_id=holder, location=item.get("location"),
                attributes=item.get("attributes"), tag=item.get("tag"),
                field_prefix=f"lines.{line.position}.items.{n}.")
    p.actual_total_vnd = actual_total
    p.received_on = received_on
    p.received_by = principal.username
    _step(p, rules.RECEIVED, principal.username, data.get("note"))
    uow.publish("assets.procurement.received", {
        "procurement_id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year,
        "category": cfg.procurement_budget_category, "amount_vnd": actual_total}, unit=p.unit)
    session.flush()
    view = _view(uow, p, cfg)
    uow.commit()
    return view


def _still_in_board(session, staff_id: int, board: str) -> bool:
    row = get_staff(session, staff_id)
    return row is not None and row.status != "left" and board_of(session, row.unit) == board


def _match_receipt_lines(p: Procurement, given: list[dict]) -> dict[int, dict]:
    """Receipt lines by the request's line id: matched by `line_id`, or else by position."""
    if len(given) != len(p.lines):
        raise Unprocessable(f"the request has {len(p.lines)} line(s); the receipt gives {len(given)}",
                            errors={"lines": [f"give the actual price of each of the {len(p.lines)} lines"]})
    by_id = {line.id: line for line in p.lines}
    matched: dict[int, dict] = {}
    for i, g in enumerate(given):
        line_id = g.get("line_id")
        if line_id is None:
            line_id = p.lines[i].id
        elif line_id not in by_id:
            raise Unprocessable(f"line {line_id} is not part of procurement {p.id}",
                                errors={f"lines.{i}.line_id": ["not a line of this request"]})
        if line_id in matched:
            raise Unprocessable(f"line {line_id} is given twice", errors={f"lines.{i}.line_id": ["given twice"]})
        matched[line_id] = g
    return matched


# -- finance's answers ------------------------------------------------------------------------------


def _procurement_of(uow: UnitOfWork, data: dict) -> Procurement | None:
    """The procurement a finance reservation event is about, locked; None when not ours."""
    if data.get("source") != SOURCE:
        return None
    try:
        procurement_id = int(data.get("source_id"))
    except (TypeError, ValueError):
        return None
    return uow.session.get(Procurement, procurement_id, with_for_update=True)


def on_reservation_accepted(uow: UnitOfWork, cfg: AssetsConfig, data: dict) -> None:
    """Finance reserved the money: the request goes to its approver."""
    p = _procurement_of(uow, data)
    if p is None:
        return
    if p.status == rules.AWAITING_BUDGET:
        p.reservation_status = "accepted"
        p.reservation_reason = None
        _step(p, rules.PENDING_APPROVAL, "finance",
              f"{data.get('amount_vnd', p.total_vnd)} VND reserved; approval by "
              f"{rules.approver_level(p.total_vnd, cfg.approval_threshold_vnd)}")
    elif p.status in (rules.CANCELLED, rules.REJECTED) and p.reservation_status == "requested":
        # finance reserved after we had cancelled (its answer crossed ours, or it retried our
        # submit after our cancel): ask it again to release, or the money stays reserved
        p.reservation_status = "released"
        _publish_cancelled(uow, p, cfg, f"{p.status} before finance's reservation arrived")


def on_reservation_rejected(uow: UnitOfWork, cfg: AssetsConfig, data: dict) -> None:
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
