"""The event contracts: documented in docs/events.md, and the table every team relies on is covered."""
from pathlib import Path

from buildingblocks import contracts

ROOT = Path(__file__).resolve().parents[2]

# the event types that other services consume (docs/service-guide.md): each needs a contract
CONSUMED_TYPES = {
    "hr.unit.created", "hr.unit.changed", "hr.unit.dissolved",
    "hr.staff.hired", "hr.staff.changed", "hr.staff.transferred", "hr.staff.left",
    "assets.procurement.submitted", "assets.procurement.received", "assets.procurement.cancelled",
    "assets.repair.completed", "assets.asset.registered", "assets.asset.disposed",
    "finance.reservation.accepted", "finance.reservation.rejected",
    "fleet.trip.completed", "fleet.maintenance.completed",
}


def test_docs_events_md_is_current():
    expected = contracts.render_markdown()
    actual = (ROOT / "docs" / "events.md").read_text()
    assert actual == expected, "docs/events.md is stale: run `make docs`"


def test_every_consumed_event_has_a_contract():
    registry = contracts.load_all()
    assert CONSUMED_TYPES <= set(registry), sorted(CONSUMED_TYPES - set(registry))


def test_contract_modules_belong_to_their_publisher():
    for type_, spec in contracts.load_all().items():
        assert spec.schema.__module__.rsplit(".", 1)[-1] == type_.split(".")[0], type_
