"""Read models: the plain dicts the use cases answer with (the API's schemas dump them)."""
from __future__ import annotations

from ..adapters.orm import (
    Asset,
    AssetHistory,
    Category,
    Disposal,
    Procurement,
    Repair,
    Standard,
    Stocktake,
    WearRun,
)


def category_view(c: Category) -> dict:
    return {
        "code": c.code, "name": c.name, "useful_life_years": c.useful_life_years,
        "wear_rate_pct": float(c.wear_rate_pct), "is_vehicle": c.is_vehicle, "legal_basis": c.legal_basis,
        "evidence": c.evidence, "verified": c.verified,
    }


def standard_view(s: Standard) -> dict:
    return {
        "id": s.id, "category": s.category, "scope": s.scope, "title_rank": s.title_rank,
        "max_quantity": s.max_quantity, "max_unit_price_vnd": s.max_unit_price_vnd,
        "legal_basis": s.legal_basis, "evidence": s.evidence, "verified": s.verified,
    }


def asset_view(a: Asset, is_vehicle: bool, accumulated_wear_vnd: int) -> dict:
    return {
        "id": a.id, "tag": a.tag, "category": a.category, "is_vehicle": is_vehicle, "name": a.name,
        "unit": a.unit, "holder_staff_id": a.holder_staff_id, "location": a.location,
        "acquired_on": a.acquired_on, "original_cost_vnd": a.original_cost_vnd,
        "accumulated_wear_vnd": accumulated_wear_vnd, "residual_vnd": a.original_cost_vnd - accumulated_wear_vnd,
        "status": a.status, "attributes": a.attributes or {}, "disposed_on": a.disposed_on, "source": a.source,
        "created_at": a.created_at, "updated_at": a.updated_at,
    }


def history_view(h: AssetHistory) -> dict:
    return {
        "id": h.id, "asset_id": h.asset_id, "kind": h.kind, "effective_on": h.effective_on,
        "recorded_at": h.recorded_at, "actor": h.actor, "from_unit": h.from_unit, "to_unit": h.to_unit,
        "from_status": h.from_status, "to_status": h.to_status, "from_holder": h.from_holder,
        "to_holder": h.to_holder, "reason": h.reason, "reference": h.reference,
    }


def procurement_view(p: Procurement, approval_level: str, assets: list[Asset] | None = None) -> dict:
    return {
        "id": p.id, "unit": p.unit, "fiscal_year": p.fiscal_year, "status": p.status, "note": p.note,
        "requested_by": p.requested_by, "requester_staff_id": p.requester_staff_id,
        "total_vnd": p.total_vnd, "actual_total_vnd": p.actual_total_vnd, "approval_level": approval_level,
        "reservation": {"status": p.reservation_status, "reason": p.reservation_reason,
                        "available_vnd": p.available_vnd},
        "decided_by": p.decided_by, "decided_at": p.decided_at, "decision_note": p.decision_note,
        "received_on": p.received_on, "received_by": p.received_by,
        "lines": [
            {"id": line.id, "position": line.position, "category": line.category, "description": line.description,
             "quantity": line.quantity, "unit_price_vnd": line.unit_price_vnd,
             "beneficiary_staff_id": line.beneficiary_staff_id, "actual_unit_price_vnd": line.actual_unit_price_vnd}
            for line in p.lines
        ],
        "steps": [{"status": s.status, "at": s.at, "actor": s.actor, "note": s.note} for s in p.steps],
        "assets": [{"id": a.id, "tag": a.tag, "category": a.category, "holder_staff_id": a.holder_staff_id}
                   for a in (assets or [])],
        "created_at": p.created_at, "updated_at": p.updated_at,
    }


def repair_view(r: Repair, tag: str) -> dict:
    return {
        "id": r.id, "asset_id": r.asset_id, "tag": tag, "unit": r.unit, "description": r.description,
        "vendor": r.vendor, "status": r.status, "estimated_cost_vnd": r.estimated_cost_vnd,
        "actual_cost_vnd": r.actual_cost_vnd, "replacement_advised": r.replacement_advised,
        "requested_by": r.requested_by, "opened_at": r.opened_at, "completed_on": r.completed_on,
        "closed_by": r.closed_by, "closed_at": r.closed_at, "note": r.note,
    }


def disposal_view(d: Disposal, tag: str) -> dict:
    return {
        "id": d.id, "asset_id": d.asset_id, "tag": tag, "unit": d.unit, "reason": d.reason, "method": d.method,
        "status": d.status, "requested_by": d.requested_by, "requested_at": d.requested_at,
        "decided_by": d.decided_by, "decided_at": d.decided_at, "decision_note": d.decision_note,
        "disposed_on": d.disposed_on,
    }


def wear_run_view(run: WearRun, asset_count: int, total_wear_vnd: int, recorded_now: int = 0,
                  recorded_now_vnd: int = 0, by_unit: list[dict] | None = None) -> dict:
    return {
        "fiscal_year": run.fiscal_year, "first_run_at": run.first_run_at, "first_run_by": run.first_run_by,
        "last_run_at": run.last_run_at, "last_run_by": run.last_run_by, "executions": run.executions,
        "asset_count": asset_count, "total_wear_vnd": total_wear_vnd,
        "recorded_now": recorded_now, "recorded_now_vnd": recorded_now_vnd, "by_unit": by_unit or [],
    }


def stocktake_summary(s: Stocktake) -> dict:
    return {
        "id": s.id, "title": s.title, "as_of": s.as_of, "status": s.status, "units": [u.unit for u in s.units],
        "opened_by": s.opened_by, "opened_at": s.opened_at, "closed_by": s.closed_by, "closed_at": s.closed_at,
        "proposed_by": s.proposed_by, "proposed_at": s.proposed_at, "decided_by": s.decided_by,
        "decided_at": s.decided_at, "decision_note": s.decision_note,
    }


def checked_standard_view(standard) -> dict | None:
    """A standard as a line was checked against it: scope, rank, norms and their legal basis."""
    if standard is None:
        return None
    return {"scope": standard.scope, "title_rank": standard.title_rank, "max_quantity": standard.max_quantity,
            "max_unit_price_vnd": standard.max_unit_price_vnd, "legal_basis": standard.legal_basis}


def procurement_check_view(p, checks, descriptions: dict[int, str]) -> dict:
    """GET /procurements/<id>/check: each line within or over its standard, with the figures."""
    return {
        "procurement_id": p.id, "unit": p.unit, "status": p.status,
        "within": all(c.within for c in checks),
        "lines": [{
            "position": c.line.index, "category": c.line.category, "description": descriptions.get(c.line.index),
            "quantity": c.line.quantity, "unit_price_vnd": c.line.unit_price_vnd,
            "amount_vnd": c.line.quantity * c.line.unit_price_vnd,
            "beneficiary_staff_id": c.line.beneficiary_staff_id, "title_rank": c.line.beneficiary_title_rank,
            "standard": checked_standard_view(c.standard), "held": c.holding.held, "pending": c.holding.pending,
            "asked": c.asked, "within": c.within, "breaches": [b.as_dict() for b in c.breaches],
        } for c in checks],
    }


def wear_preview_item(asset, rate, worn_vnd: int, wear_vnd: int) -> dict:
    """One asset in a wear run's preview: its cost, rate, wear so far, this year's and what remains after."""
    return {"asset_id": asset.id, "tag": asset.tag, "name": asset.name, "unit": asset.unit,
            "category": asset.category, "original_cost_vnd": asset.original_cost_vnd, "wear_rate_pct": rate,
            "accumulated_wear_vnd": worn_vnd, "wear_vnd": wear_vnd,
            "residual_after_vnd": asset.original_cost_vnd - worn_vnd - wear_vnd}
