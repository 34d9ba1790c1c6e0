"""Small builders shared by the API and integration tests."""
from __future__ import annotations

import json

from sqlalchemy import select

from buildingblocks.db import outbox_table

from conftest import OFFICE


def register(client, who=OFFICE, **overrides) -> dict:
    """Register an asset directly (201 expected) and answer its JSON."""
    body = {"category": "computer", "name": "Máy tính để bàn", "unit": "BTC", "acquired_on": "2024-03-01",
            "original_cost_vnd": 14_000_000}
    body.update(overrides)
    body = {k: v for k, v in body.items() if v is not ...}
    resp = client.post("/items", who, body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def vehicle(client, plate="30A-123.45", unit="VP", **overrides) -> dict:
    attributes = {"plate": plate, "seats": 7, "model": "Toyota Innova", "fuel_type": "petrol",
                  "fuel_norm_l_per_100km": 9.5, "odometer_km": 12000}
    attributes.update(overrides.pop("attributes", {}))
    return register(client, category="car", name="Xe ô tô 7 chỗ", unit=unit, original_cost_vnd=900_000_000,
                    attributes=attributes, **overrides)


def events(database, type_: str | None = None) -> list[dict]:
    """The outbox rows (oldest first), as {type, unit, data}."""
    t = outbox_table()
    stmt = select(t).order_by(t.c.id)
    if type_:
        stmt = stmt.where(t.c.type == type_)
    with database.session_factory() as session:
        return [{"type": r.type, "unit": r.unit, "data": json.loads(r.payload)} for r in session.execute(stmt)]


def problem(resp) -> dict:
    assert resp.mimetype == "application/problem+json", (resp.status_code, resp.get_data(as_text=True))
    return resp.get_json()


def finance_answers(database, procurement: dict, accepted: bool = True, available_vnd: int = 0) -> None:
    """What finance's reservation event does once consumed (the handler's use case, in one
    transaction; the consumer machinery itself is exercised in tests/integration)."""
    from assets.service_layer import procurements

    data = {"source": "assets.procurement", "source_id": procurement["id"], "unit": procurement["unit"],
            "fiscal_year": procurement["fiscal_year"], "category": "procurement",
            "amount_vnd": procurement["total_vnd"]}
    with database.unit_of_work() as uow:
        if accepted:
            procurements.on_reservation_accepted(uow, data)
        else:
            procurements.on_reservation_rejected(uow, {
                **data, "reason": "not enough budget", "available_vnd": available_vnd})
        uow.commit()


def draft(client, who, lines=None, **body) -> dict:
    lines = lines or [{"category": "computer", "description": "Máy tính xách tay", "quantity": 1,
                       "unit_price_vnd": 14_000_000, "beneficiary_staff_id": 22}]
    resp = client.post("/procurements", who, {"lines": lines, **body})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()
