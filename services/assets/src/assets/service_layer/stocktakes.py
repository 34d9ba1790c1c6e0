"""Stock-take campaigns [kiểm kê]: open for boards and a date, count on sheets, close to get the
missing, surplus and misplaced items, and reconcile the register once the leadership approves.

    open --close--> closed --reconcile--> reconciliation_proposed --approve--> reconciled
                                                                  --reject--> closed
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import local_today, utcnow
from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal
from buildingblocks.pagination import paginate
from sqlalchemy import func, select

from ..adapters.orm import (
    Asset,
    CountLine,
    CountSheet,
    Stocktake,
    StocktakeExpected,
    StocktakeResult,
    StocktakeUnit,
)
from ..domain import assets as asset_rules
from ..domain import decisions
from ..domain import stocktake as rules
from ..config import SERVICE
from .common import (
    ensure_may_act_for,
    list_board,
    record_history,
    require_board,
    require_category,
    require_office,
    require_staff_of_board,
)
from .register import move_asset, register_asset
from .views import stocktake_summary

OPEN, CLOSED, PROPOSED, RECONCILED = "open", "closed", "reconciliation_proposed", "reconciled"


def _load(uow, principal: Principal, stocktake_id: int, for_update: bool = False) -> Stocktake:
    """The campaign, if it covers the caller's board (or the caller sees every board)."""
    stocktake = uow.session.get(Stocktake, stocktake_id, with_for_update=for_update)
    if stocktake is None:
        raise NotFound(f"stock-take {stocktake_id} not found")
    units = {u.unit for u in stocktake.units}
    if not principal.has_scope(SERVICE) and principal.unit not in units:
        raise NotFound(f"stock-take {stocktake_id} not found")
    return stocktake


def _visible_units(principal: Principal, stocktake: Stocktake) -> set[str]:
    units = {u.unit for u in stocktake.units}
    return units if principal.has_scope(SERVICE) else units & {principal.unit}


def _require_status(stocktake: Stocktake, *statuses: str) -> None:
    if stocktake.status not in statuses:
        raise RuleBroken(f"stock-take {stocktake.id} is {stocktake.status}", rule="stocktake_status",
                       current_status=stocktake.status, allowed=list(statuses))


def list_stocktakes(uow, principal: Principal, args: dict) -> dict:
    stmt = select(Stocktake)
    unit = list_board(principal, args.get("unit"))
    if unit:
        stmt = stmt.where(Stocktake.id.in_(select(StocktakeUnit.stocktake_id).where(StocktakeUnit.unit == unit)))
    if args.get("status"):
        stmt = stmt.where(Stocktake.status == args["status"])
    rows, cursor = paginate(uow.session, stmt, Stocktake.id, args["limit"], args.get("cursor"), descending=True)
    return {"items": [stocktake_summary(s) for s in rows], "next_cursor": cursor}


def open_stocktake(uow, principal: Principal, data: dict) -> dict:
    """Open a campaign: the register of its boards on its date is what the counts are held to."""
    require_office(principal)
    session = uow.session
    units = sorted(set(data["units"]))
    for i, unit in enumerate(units):
        require_board(uow, unit, field=f"units.{i}")
    as_of: dt.date = data["as_of"]
    stocktake = Stocktake(title=data.get("title") or f"Kiểm kê {as_of.isoformat()}", as_of=as_of, status=OPEN,
                          opened_by=principal.username)
    stocktake.units = [StocktakeUnit(unit=u) for u in units]
    session.add(stocktake)
    session.flush()
    expected = session.execute(
        select(Asset.id, Asset.tag, Asset.unit, Asset.location)
        .where(Asset.unit.in_(units), Asset.status != asset_rules.DISPOSED, Asset.acquired_on <= as_of)).all()
    for asset_id, tag, unit, location in expected:
        session.add(StocktakeExpected(stocktake_id=stocktake.id, asset_id=asset_id, tag=tag, unit=unit,
                                      location=location))
    session.flush()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def record_counts(uow, principal: Principal, stocktake_id: int, data: dict) -> dict:
    """Record the tags seen on a sheet (a board, or a location of it). Unknown tags are kept:
    they are the surplus the campaign is looking for. Counting a tag again updates its line."""
    session = uow.session
    stocktake = _load(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, OPEN)
    unit = data["unit"]
    if unit not in {u.unit for u in stocktake.units}:
        raise Invalid(f"board {unit} is not part of this stock-take",
                            errors={"unit": [f"not one of {', '.join(u.unit for u in stocktake.units)}"]})
    ensure_may_act_for(principal, unit)
    location = (data.get("location") or "").strip()
    sheet = session.scalar(select(CountSheet).where(CountSheet.stocktake_id == stocktake.id,
                                                    CountSheet.unit == unit, CountSheet.location == location))
    if sheet is None:
        sheet = CountSheet(stocktake_id=stocktake.id, unit=unit, location=location, created_by=principal.username)
        session.add(sheet)
        session.flush()
    entries = [{"tag": t} for t in data.get("tags") or []] + list(data.get("entries") or [])
    if not entries:
        raise Invalid("no tags counted", errors={"tags": ["give tags or entries"]})
    seen: dict[str, dict] = {}
    for entry in entries:
        tag = rules.normalize_tag(entry["tag"])
        if not tag:
            raise Invalid("a counted tag is empty", errors={"tags": ["tags must not be blank"]})
        seen[tag] = entry  # the last line for a tag in one batch wins
    existing = {line.tag: line for line in session.scalars(
        select(CountLine).where(CountLine.sheet_id == sheet.id, CountLine.tag.in_(list(seen))))}
    for tag, entry in seen.items():
        line = existing.get(tag)
        if line is None:
            session.add(CountLine(sheet_id=sheet.id, tag=tag, condition=entry.get("condition") or "good",
                                  note=entry.get("note"), counted_by=principal.username))
        else:
            line.condition = entry.get("condition") or line.condition
            line.note = entry.get("note", line.note)
            line.counted_by = principal.username
            line.counted_at = utcnow()
    session.flush()
    known = set(session.scalars(select(Asset.tag).where(Asset.tag.in_(list(seen)))))
    view = _sheet_view(uow, sheet)
    view["recorded"] = len(seen)
    view["unknown_tags"] = sorted(t for t in seen if t not in known)
    uow.commit()
    return view


def _sheet_view(uow, sheet: CountSheet) -> dict:
    lines = uow.session.scalars(select(CountLine).where(CountLine.sheet_id == sheet.id).order_by(CountLine.tag)).all()
    return {
        "id": sheet.id, "stocktake_id": sheet.stocktake_id, "unit": sheet.unit, "location": sheet.location or None,
        "created_by": sheet.created_by, "created_at": sheet.created_at, "count": len(lines),
        "lines": [{"tag": line.tag, "condition": line.condition, "note": line.note, "counted_by": line.counted_by,
                   "counted_at": line.counted_at} for line in lines],
    }


def list_sheets(uow, principal: Principal, stocktake_id: int) -> list[dict]:
    stocktake = _load(uow, principal, stocktake_id)
    units = _visible_units(principal, stocktake)
    sheets = uow.session.scalars(select(CountSheet).where(CountSheet.stocktake_id == stocktake.id,
                                                          CountSheet.unit.in_(units))
                                 .order_by(CountSheet.unit, CountSheet.location)).all()
    return [_sheet_view(uow, s) for s in sheets]


def _counts(uow, stocktake: Stocktake) -> list[rules.Count]:
    rows = uow.session.execute(
        select(CountLine.tag, CountSheet.unit, CountSheet.location, CountLine.condition)
        .join(CountSheet, CountSheet.id == CountLine.sheet_id)
        .where(CountSheet.stocktake_id == stocktake.id).order_by(CountLine.id)).all()
    return [rules.Count(tag, unit, location or None, condition) for tag, unit, location, condition in rows]


def _expected(uow, stocktake: Stocktake) -> list[rules.RegisterEntry]:
    rows = uow.session.execute(
        select(StocktakeExpected.asset_id, StocktakeExpected.tag, StocktakeExpected.unit, StocktakeExpected.location)
        .where(StocktakeExpected.stocktake_id == stocktake.id).order_by(StocktakeExpected.asset_id)).all()
    return [rules.RegisterEntry(a, t, u, loc, asset_rules.IN_USE) for a, t, u, loc in rows]


def _result_view(r: StocktakeResult) -> dict:
    return {
        "id": r.id, "kind": r.kind, "tag": r.tag, "asset_id": r.asset_id, "register_unit": r.register_unit,
        "register_location": r.register_location, "counted_unit": r.counted_unit,
        "counted_location": r.counted_location, "condition": r.condition, "note": r.note,
        "resolution": r.resolution, "resolved_asset_id": r.resolved_asset_id,
    }


def _concerns(r, units: set[str]) -> bool:
    return r.register_unit in units or r.counted_unit in units


def _detail(uow, principal: Principal, stocktake: Stocktake) -> dict:
    """The campaign with its progress, its sheets, and once closed its results; a board sees
    only what concerns it."""
    units = _visible_units(principal, stocktake)
    view = stocktake_summary(stocktake)
    expected = [e for e in _expected(uow, stocktake) if e.unit in units]
    counts = _counts(uow, stocktake)
    counted_tags = {c.tag for c in counts}
    progress = rules.progress(sorted(units), expected, counted_tags)
    sheets = uow.session.execute(
        select(CountSheet.unit, CountSheet.location, func.count(CountLine.id))
        .outerjoin(CountLine, CountLine.sheet_id == CountSheet.id)
        .where(CountSheet.stocktake_id == stocktake.id, CountSheet.unit.in_(units))
        .group_by(CountSheet.id, CountSheet.unit, CountSheet.location).order_by(CountSheet.unit, CountSheet.location)
    ).all()
    view["progress"] = {
        "expected": sum(p.expected for p in progress),
        "counted": sum(p.counted for p in progress),
        "percent": rules.UnitProgress("all", sum(p.expected for p in progress),
                                      sum(p.counted for p in progress)).percent,
        "by_unit": [{"unit": p.unit, "expected": p.expected, "counted": p.counted, "percent": p.percent}
                    for p in progress],
        "sheets": [{"unit": u, "location": loc or None, "count": n} for u, loc, n in sheets],
        "lines_recorded": sum(1 for c in counts if c.unit in units),
    }
    results = None
    if stocktake.status != OPEN:
        rows = uow.session.scalars(select(StocktakeResult).where(StocktakeResult.stocktake_id == stocktake.id)
                                   .order_by(StocktakeResult.id)).all()
        results = {kind: [_result_view(r) for r in rows if r.kind == kind and _concerns(r, units)]
                   for kind in rules.RESULT_KINDS}
    view["results"] = results
    if principal.has_scope(SERVICE):
        view["proposal"] = stocktake.proposal
    return view


def get_stocktake(uow, principal: Principal, stocktake_id: int) -> dict:
    return _detail(uow, principal, _load(uow, principal, stocktake_id))


def close_stocktake(uow, principal: Principal, stocktake_id: int) -> dict:
    """Stop counting and compare the sheets with the register: missing, surplus, misplaced."""
    require_office(principal)
    session = uow.session
    stocktake = _load(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, OPEN)
    counts = _counts(uow, stocktake)
    tags = list({c.tag for c in counts})
    register = {
        a.tag: rules.RegisterEntry(a.id, a.tag, a.unit, a.location, a.status)
        for a in session.scalars(select(Asset).where(Asset.tag.in_(tags)))
    } if tags else {}
    outcome = rules.compare(_expected(uow, stocktake), register, counts)
    for result in outcome.missing + outcome.surplus + outcome.misplaced:
        session.add(StocktakeResult(
            stocktake_id=stocktake.id, kind=result.kind, tag=result.tag, asset_id=result.asset_id,
            register_unit=result.register_unit, register_location=result.register_location,
            counted_unit=result.counted_unit, counted_location=result.counted_location,
            condition=result.condition, note=result.note))
    stocktake.status = CLOSED
    stocktake.closed_by = principal.username
    stocktake.closed_at = utcnow()
    session.flush()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def propose_reconciliation(uow, principal: Principal, stocktake_id: int, data: dict) -> dict:
    """The Office proposes how to settle the results: missing items marked missing, surplus
    items registered as described, misplaced items moved to where they were found (if asked).
    Nothing changes until the leadership approves."""
    require_office(principal)
    session = uow.session
    stocktake = _load(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, CLOSED)
    surplus = {r.tag: r for r in session.scalars(select(StocktakeResult).where(
        StocktakeResult.stocktake_id == stocktake.id, StocktakeResult.kind == rules.SURPLUS))}
    registrations = []
    for i, item in enumerate(data.get("register_surplus") or []):
        tag = rules.normalize_tag(item["tag"])
        result = surplus.get(tag)
        if result is None:
            raise Invalid(f"{tag} is not a surplus result of this stock-take",
                                errors={f"register_surplus.{i}.tag": ["not a surplus of this stock-take"]})
        if result.asset_id is not None:
            raise Invalid(f"{tag} is on the register (disposed); it cannot be registered again",
                                errors={f"register_surplus.{i}.tag": ["already on the register (disposed)"]})
        _check_surplus_item(uow, item, result, i)
        registrations.append({**item, "tag": tag, "unit": item.get("unit") or result.counted_unit,
                              "acquired_on": (item.get("acquired_on") or stocktake.as_of).isoformat(),
                              "location": item.get("location", result.counted_location)})
    if len({r["tag"] for r in registrations}) != len(registrations):
        raise Invalid("a surplus tag is given twice", errors={"register_surplus": ["each tag once"]})
    stocktake.proposal = {
        "mark_missing": bool(data.get("mark_missing", True)),
        "transfer_misplaced": bool(data.get("transfer_misplaced", False)),
        "register_surplus": registrations,
        "note": data.get("note"),
    }
    stocktake.status = PROPOSED
    stocktake.proposed_by = principal.username
    stocktake.proposed_at = utcnow()
    stocktake.decided_by = stocktake.decided_at = stocktake.decision_note = None
    session.flush()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def _check_surplus_item(uow, item: dict, result: StocktakeResult, i: int) -> None:
    session = uow.session
    unit = item.get("unit") or result.counted_unit
    require_board(uow, unit, field=f"register_surplus.{i}.unit")
    category = require_category(uow, item["category"], field=f"register_surplus.{i}.category")
    if category.is_vehicle:
        errors = asset_rules.vehicle_attribute_errors(item.get("attributes"))
        if errors:
            raise Invalid("a vehicle needs a plate and its seats for the fleet",
                                errors={f"register_surplus.{i}.attributes.{k}": v for k, v in errors.items()})
    if item.get("holder_staff_id") is not None:
        require_staff_of_board(uow, item["holder_staff_id"], unit, f"register_surplus.{i}.holder_staff_id")


def decide_reconciliation(uow, principal: Principal, stocktake_id: int,
                          approve: bool, note: str | None) -> dict:
    """The leadership approves (the register is settled, each result keeps what was done about
    it) or rejects (back to closed, for a new proposal)."""
    decisions.ensure(decisions.leadership_refusal(principal))
    session = uow.session
    stocktake = _load(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, PROPOSED)
    decisions.ensure(decisions.own_request_refusal(principal, stocktake.proposed_by))
    stocktake.decided_by = principal.username
    stocktake.decided_at = utcnow()
    stocktake.decision_note = note
    if not approve:
        stocktake.status = CLOSED
        stocktake.proposal = {**(stocktake.proposal or {}), "rejected_by": principal.username, "rejection_note": note}
        session.flush()
        view = _detail(uow, principal, stocktake)
        uow.commit()
        return view
    _apply(uow, principal, stocktake)
    stocktake.status = RECONCILED
    session.flush()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def _apply(uow, principal: Principal, stocktake: Stocktake) -> None:
    session = uow.session
    proposal = stocktake.proposal or {}
    reference = f"stocktake:{stocktake.id}"
    results = session.scalars(select(StocktakeResult).where(StocktakeResult.stocktake_id == stocktake.id)
                              .order_by(StocktakeResult.id)).all()
    to_register = {item["tag"]: item for item in proposal.get("register_surplus", [])}
    for r in results:
        asset = session.get(Asset, r.asset_id, with_for_update=True) if r.asset_id else None
        if r.kind == rules.MISSING:
            if not proposal.get("mark_missing", True):
                r.resolution = "left"
            elif asset is None or asset.status in (asset_rules.DISPOSED, asset_rules.MISSING):
                r.resolution = "unchanged"
            else:
                record_history(uow, asset.id, "status_changed", principal.username, from_status=asset.status,
                               to_status=asset_rules.MISSING, reason="not found in the stock-take",
                               reference=reference)
                asset.status = asset_rules.MISSING
                r.resolution = "marked_missing"
        elif r.kind == rules.MISPLACED:
            if (proposal.get("transfer_misplaced") and asset is not None and asset.status != asset_rules.DISPOSED
                    and r.counted_unit and r.counted_unit != asset.unit):
                move_asset(uow, asset, r.counted_unit, principal.username, effective_on=stocktake.as_of
                           if stocktake.as_of >= asset.acquired_on else asset.acquired_on,
                           reason="found at another board in the stock-take", reference=reference,
                           holder_staff_id=None, location=r.counted_location)
                r.resolution = "transferred"
            elif proposal.get("transfer_misplaced") and asset is not None and r.counted_location:
                record_history(uow, asset.id, "relocated", principal.username, reason=
                               f"found at {r.counted_location} in the stock-take", reference=reference)
                asset.location = r.counted_location
                r.resolution = "relocated"
            else:
                r.resolution = "left"
        elif r.kind == rules.SURPLUS:
            item = to_register.get(r.tag)
            if item is None:
                r.resolution = "left"
                continue
            i = list(to_register).index(r.tag)
            _check_surplus_item(uow, item, r, i)
            category = require_category(uow, item["category"])
            new = register_asset(
                uow, category=category, name=item["name"], unit=item["unit"],
                acquired_on=dt.date.fromisoformat(item["acquired_on"]), original_cost_vnd=item["original_cost_vnd"],
                actor=principal.username, source=reference, holder_staff_id=item.get("holder_staff_id"),
                location=item.get("location"), attributes=item.get("attributes"), tag=r.tag,
                reason="surplus found in the stock-take")
            r.resolution = "registered"
            r.resolved_asset_id = new.id

