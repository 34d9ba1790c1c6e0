"""Stock-take campaigns [kiểm kê]: open for boards and a date, count on sheets, close to get the
missing, surplus and misplaced items, and reconcile the register once the leadership approves.

    open --close--> closed --reconcile--> reconciliation_proposed --approve--> reconciled
                                                                  --reject--> closed
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import utcnow
from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import CountLine, CountSheet, Stocktake, StocktakeResult, StocktakeUnit
from ..config import SERVICE
from ..domain import assets as asset_rules
from ..domain import decisions
from ..domain import stocktake as rules
from ..domain.stocktake import CLOSED, OPEN, PROPOSED, RECONCILED
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


def load_stocktake(uow, principal: Principal, stocktake_id: int, for_update: bool = False) -> Stocktake:
    """The campaign, if it covers the caller's board (or the caller sees every board)."""
    stocktake = uow.stocktakes.get(stocktake_id, lock=for_update)
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
    rows, cursor = uow.stocktakes.page(list_board(principal, args.get("unit")), args)
    return {"items": [stocktake_summary(s) for s in rows], "next_cursor": cursor}


def open_stocktake(uow, principal: Principal, data: dict) -> dict:
    """Open a campaign: the register of its boards on its date is what the counts are held to."""
    require_office(principal)
    units = sorted(set(data["units"]))
    for i, unit in enumerate(units):
        require_board(uow, unit, field=f"units.{i}")
    as_of = data["as_of"]
    stocktake = uow.stocktakes.add(Stocktake(
        title=data.get("title") or f"Kiểm kê {as_of.isoformat()}", as_of=as_of, status=OPEN,
        opened_by=principal.username, units=[StocktakeUnit(unit=u) for u in units]))
    uow.stocktakes.expect(stocktake.id, uow.assets.of_boards_on(units, as_of))
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def record_counts(uow, principal: Principal, stocktake_id: int, data: dict) -> dict:
    """Record the tags seen on a sheet (a board, or a location of it). Unknown tags are kept:
    they are the surplus the campaign is looking for. Counting a tag again updates its line."""
    stocktake = load_stocktake(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, OPEN)
    unit = data["unit"]
    if unit not in {u.unit for u in stocktake.units}:
        raise Invalid(f"board {unit} is not part of this stock-take",
                      errors={"unit": [f"not one of {', '.join(u.unit for u in stocktake.units)}"]})
    ensure_may_act_for(principal, unit)
    sheet = _sheet_for(uow, principal, stocktake, unit, (data.get("location") or "").strip())
    seen = _counted(data)
    _write_lines(uow, principal, sheet, seen)
    known = {a.tag for a in uow.assets.by_tags(seen)}
    view = _sheet_view(uow, sheet)
    view["recorded"] = len(seen)
    view["unknown_tags"] = sorted(t for t in seen if t not in known)
    uow.commit()
    return view


def _sheet_for(uow, principal: Principal, stocktake: Stocktake, unit: str, location: str) -> CountSheet:
    """The campaign's sheet of a board and location, started if there is none."""
    sheet = uow.stocktakes.sheet(stocktake.id, unit, location)
    if sheet is None:
        sheet = uow.stocktakes.add_sheet(CountSheet(stocktake_id=stocktake.id, unit=unit, location=location,
                                                    created_by=principal.username))
    return sheet


def _counted(data: dict) -> dict[str, dict]:
    """tag -> its entry, from `tags` and `entries`; the last line for a tag in one batch wins."""
    entries = [{"tag": t} for t in data.get("tags") or []] + list(data.get("entries") or [])
    if not entries:
        raise Invalid("no tags counted", errors={"tags": ["give tags or entries"]})
    seen: dict[str, dict] = {}
    for entry in entries:
        tag = rules.normalize_tag(entry["tag"])
        if not tag:
            raise Invalid("a counted tag is empty", errors={"tags": ["tags must not be blank"]})
        seen[tag] = entry
    return seen


def _write_lines(uow, principal: Principal, sheet: CountSheet, seen: dict[str, dict]) -> None:
    existing = {line.tag: line for line in uow.stocktakes.lines(sheet.id)}
    for tag, entry in seen.items():
        line = existing.get(tag)
        if line is None:
            uow.stocktakes.add_line(CountLine(sheet_id=sheet.id, tag=tag, condition=entry.get("condition") or "good",
                                              note=entry.get("note"), counted_by=principal.username))
        else:
            line.condition = entry.get("condition") or line.condition
            line.note = entry.get("note", line.note)
            line.counted_by = principal.username
            line.counted_at = utcnow()
    uow.stocktakes.save()


def _sheet_view(uow, sheet: CountSheet) -> dict:
    lines = uow.stocktakes.lines(sheet.id)
    return {
        "id": sheet.id, "stocktake_id": sheet.stocktake_id, "unit": sheet.unit, "location": sheet.location or None,
        "created_by": sheet.created_by, "created_at": sheet.created_at, "count": len(lines),
        "lines": [{"tag": line.tag, "condition": line.condition, "note": line.note, "counted_by": line.counted_by,
                   "counted_at": line.counted_at} for line in lines],
    }


def list_sheets(uow, principal: Principal, stocktake_id: int) -> list[dict]:
    stocktake = load_stocktake(uow, principal, stocktake_id)
    return [_sheet_view(uow, s) for s in uow.stocktakes.sheets(stocktake.id, _visible_units(principal, stocktake))]


def _counts(uow, stocktake: Stocktake) -> list[rules.Count]:
    return [rules.Count(tag, unit, location or None, condition)
            for tag, unit, location, condition in uow.stocktakes.counts(stocktake.id)]


def _expected(uow, stocktake: Stocktake) -> list[rules.RegisterEntry]:
    return [rules.RegisterEntry(e.asset_id, e.tag, e.unit, e.location, asset_rules.IN_USE)
            for e in uow.stocktakes.expected(stocktake.id)]


def _result_view(r) -> dict:
    """A result kept at the close (StocktakeResult) or, while counting, one so far (rules.Result: no id yet)."""
    return {
        "id": getattr(r, "id", None), "kind": r.kind, "tag": r.tag, "asset_id": r.asset_id,
        "register_unit": r.register_unit, "register_location": r.register_location, "counted_unit": r.counted_unit,
        "counted_location": r.counted_location, "condition": r.condition, "note": r.note,
        "resolution": getattr(r, "resolution", None), "resolved_asset_id": getattr(r, "resolved_asset_id", None),
    }


def _compare(uow, stocktake: Stocktake, counts: list[rules.Count]) -> rules.Outcome:
    """The sheets so far against the register: what closing now would find missing, surplus, misplaced."""
    register = {a.tag: rules.RegisterEntry(a.id, a.tag, a.unit, a.location, a.status)
                for a in uow.assets.by_tags({c.tag for c in counts})}
    return rules.compare(_expected(uow, stocktake), register, counts)


def _concerns(r, units: set[str]) -> bool:
    return r.register_unit in units or r.counted_unit in units


def _results(uow, stocktake: Stocktake, counts: list[rules.Count], units: set[str]) -> tuple[dict | None, dict | None]:
    """(results kept at the close, None) once closed; (None, what closing now would find) while open.
    A board sees the results that concern it."""
    if stocktake.status != OPEN:
        rows = uow.stocktakes.results(stocktake.id)
        return {kind: [_result_view(r) for r in rows if r.kind == kind and _concerns(r, units)]
                for kind in rules.RESULT_KINDS}, None
    outcome = _compare(uow, stocktake, counts)
    return None, {kind: [_result_view(r) for r in getattr(outcome, kind) if _concerns(r, units)]
                  for kind in rules.RESULT_KINDS}


def _detail(uow, principal: Principal, stocktake: Stocktake) -> dict:
    """The campaign with its progress, its sheets, its results so far while open and once closed
    those kept; a board sees only what concerns it."""
    units = _visible_units(principal, stocktake)
    view = stocktake_summary(stocktake)
    expected = [e for e in _expected(uow, stocktake) if e.unit in units]
    counts = _counts(uow, stocktake)
    counted_tags = {c.tag for c in counts}
    progress = rules.progress(sorted(units), expected, counted_tags)
    sheets = uow.stocktakes.sheet_sizes(stocktake.id, units)
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
    view["results"], view["results_so_far"] = _results(uow, stocktake, counts, units)
    if principal.has_scope(SERVICE):
        view["proposal"] = stocktake.proposal
    return view


def get_stocktake(uow, principal: Principal, stocktake_id: int) -> dict:
    return _detail(uow, principal, load_stocktake(uow, principal, stocktake_id))


def close_stocktake(uow, principal: Principal, stocktake_id: int) -> dict:
    """Stop counting and compare the sheets with the register: missing, surplus, misplaced."""
    require_office(principal)
    stocktake = load_stocktake(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, OPEN)
    outcome = _compare(uow, stocktake, _counts(uow, stocktake))
    for result in outcome.missing + outcome.surplus + outcome.misplaced:
        uow.stocktakes.add_result(StocktakeResult(
            stocktake_id=stocktake.id, kind=result.kind, tag=result.tag, asset_id=result.asset_id,
            register_unit=result.register_unit, register_location=result.register_location,
            counted_unit=result.counted_unit, counted_location=result.counted_location,
            condition=result.condition, note=result.note))
    stocktake.status = CLOSED
    stocktake.closed_by = principal.username
    stocktake.closed_at = utcnow()
    uow.stocktakes.save()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def propose_reconciliation(uow, principal: Principal, stocktake_id: int, data: dict) -> dict:
    """The Office proposes how to settle the results: missing items marked missing, surplus
    items registered as described, misplaced items moved to where they were found (if asked).
    Nothing changes until the leadership approves."""
    require_office(principal)
    stocktake = load_stocktake(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, CLOSED)
    surplus = {r.tag: r for r in uow.stocktakes.results(stocktake.id, rules.SURPLUS)}
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
    uow.stocktakes.save()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def _check_surplus_item(uow, item: dict, result: StocktakeResult, i: int) -> None:
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
    stocktake = load_stocktake(uow, principal, stocktake_id, for_update=True)
    _require_status(stocktake, PROPOSED)
    decisions.ensure(decisions.own_request_refusal(principal, stocktake.proposed_by))
    stocktake.decided_by = principal.username
    stocktake.decided_at = utcnow()
    stocktake.decision_note = note
    if not approve:
        stocktake.status = CLOSED
        stocktake.proposal = {**(stocktake.proposal or {}), "rejected_by": principal.username, "rejection_note": note}
    else:
        _apply(uow, principal, stocktake)
        stocktake.status = RECONCILED
    uow.stocktakes.save()
    view = _detail(uow, principal, stocktake)
    uow.commit()
    return view


def _apply(uow, principal: Principal, stocktake: Stocktake) -> None:
    """Settle each result as the approved proposal says; the result keeps what was done."""
    proposal = stocktake.proposal or {}
    to_register = {item["tag"]: item for item in proposal.get("register_surplus", [])}
    for r in uow.stocktakes.results(stocktake.id):
        asset = uow.assets.get(r.asset_id, lock=True) if r.asset_id else None
        if r.kind == rules.MISSING:
            r.resolution = _settle_missing(uow, principal, stocktake, proposal, r, asset)
        elif r.kind == rules.MISPLACED:
            r.resolution = _settle_misplaced(uow, principal, stocktake, proposal, r, asset)
        elif r.kind == rules.SURPLUS:
            r.resolution = _settle_surplus(uow, principal, stocktake, to_register, r)


def _settle_missing(uow, principal, stocktake, proposal: dict, r: StocktakeResult, asset) -> str:
    if not proposal.get("mark_missing", True):
        return "left"
    if asset is None or asset.status in (asset_rules.DISPOSED, asset_rules.MISSING):
        return "unchanged"
    record_history(uow, asset.id, "status_changed", principal.username, from_status=asset.status,
                   to_status=asset_rules.MISSING, reason="not found in the stock-take",
                   reference=f"stocktake:{stocktake.id}")
    asset.status = asset_rules.MISSING
    return "marked_missing"


def _settle_misplaced(uow, principal, stocktake, proposal: dict, r: StocktakeResult, asset) -> str:
    if not proposal.get("transfer_misplaced") or asset is None:
        return "left"
    reference = f"stocktake:{stocktake.id}"
    if asset.status != asset_rules.DISPOSED and r.counted_unit and r.counted_unit != asset.unit:
        move_asset(uow, asset, r.counted_unit, principal.username,
                   effective_on=max(stocktake.as_of, asset.acquired_on),
                   reason="found at another board in the stock-take", reference=reference,
                   holder_staff_id=None, location=r.counted_location)
        return "transferred"
    if r.counted_location:
        record_history(uow, asset.id, "relocated", principal.username,
                       reason=f"found at {r.counted_location} in the stock-take", reference=reference)
        asset.location = r.counted_location
        return "relocated"
    return "left"


def _settle_surplus(uow, principal, stocktake, to_register: dict, r: StocktakeResult) -> str:
    item = to_register.get(r.tag)
    if item is None:
        return "left"
    _check_surplus_item(uow, item, r, list(to_register).index(r.tag))
    new = register_asset(
        uow, category=require_category(uow, item["category"]), name=item["name"], unit=item["unit"],
        acquired_on=dt.date.fromisoformat(item["acquired_on"]), original_cost_vnd=item["original_cost_vnd"],
        actor=principal.username, source=f"stocktake:{stocktake.id}", holder_staff_id=item.get("holder_staff_id"),
        location=item.get("location"), attributes=item.get("attributes"), tag=r.tag,
        reason="surplus found in the stock-take")
    r.resolved_asset_id = new.id
    return "registered"
