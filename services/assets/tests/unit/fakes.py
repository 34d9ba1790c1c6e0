"""In-memory repositories of the assets service, for use-case tests on
`buildingblocks.testing.FakeUnitOfWork` (no database: milliseconds). They keep the ORM objects
themselves and answer the named queries the SQL repositories answer, with the same meaning."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from buildingblocks.errors import Invalid
from buildingblocks.testing import FakeUnitOfWork

from assets.adapters.orm import Category
from assets.config import Config
from assets.domain import assets as asset_rules
from assets.domain import procurement as procurement_rules
from assets.domain.standards import Holding, Standard, StandardsCatalogue


class FakeReplica:
    def __init__(self):
        self.units: dict[str, SimpleNamespace] = {}
        self.people: dict[int, SimpleNamespace] = {}

    def add_unit(self, code: str, parent_code: str | None = None, valid_to: dt.date | None = None) -> None:
        self.units[code] = SimpleNamespace(code=code, parent_code=parent_code, valid_to=valid_to)

    def add_staff(self, staff_id: int, unit: str, title_rank: str = "specialist", status: str = "active") -> None:
        self.people[staff_id] = SimpleNamespace(id=staff_id, unit=unit, title_rank=title_rank, status=status)

    def unit(self, code):
        return self.units.get(code)

    def staff(self, staff_id):
        return self.people.get(staff_id)

    def require_unit(self, code, field):
        row = self.units.get(code)
        if row is None or (row.valid_to is not None and row.valid_to <= dt.date.today()):
            raise Invalid(f"unknown unit {code!r}", errors={field: [f"unknown unit {code!r}"]})
        return row

    def require_staff(self, staff_id, field):
        row = self.people.get(staff_id)
        if row is None or row.status == "left":
            raise Invalid(f"unknown staff member {staff_id!r}", errors={field: [f"unknown staff member {staff_id!r}"]})
        return row


class FakeCategories:
    def __init__(self, *categories: Category):
        self.rows = {c.code: c for c in categories}

    def get(self, code, lock=False):
        return self.rows.get(code)

    def add(self, category):
        self.rows[category.code] = category
        return category

    def list(self, is_vehicle=None):
        return [c for _, c in sorted(self.rows.items()) if is_vehicle is None or c.is_vehicle == is_vehicle]

    def vehicle_flags(self):
        return {code: bool(c.is_vehicle) for code, c in self.rows.items()}


class FakeStandards:
    def __init__(self, *standards: Standard):
        self.rules = list(standards)

    def catalogue(self):
        return StandardsCatalogue(self.rules)


class FakeAssets:
    """Only what the procurement use cases read: what people and boards hold."""

    def __init__(self):
        self.rows: list[SimpleNamespace] = []

    def hold(self, category: str, unit: str, holder_staff_id: int | None = None) -> None:
        self.rows.append(SimpleNamespace(category=category, unit=unit, holder_staff_id=holder_staff_id,
                                         status=asset_rules.IN_USE, source="register"))

    def from_source(self, source):
        return [a for a in self.rows if a.source == source]


class FakeProcurements:
    def __init__(self, assets: FakeAssets):
        self.rows: dict[int, object] = {}
        self.assets = assets
        self.locked: list[str] = []

    def get(self, procurement_id, lock=False):
        return self.rows.get(procurement_id)

    def add(self, procurement):
        if procurement.id is None:
            procurement.id = len(self.rows) + 1
            procurement.created_at = procurement.created_at or dt.datetime.now(dt.timezone.utc)
        for i, line in enumerate(procurement.lines):
            line.id = line.id or procurement.id * 100 + i
        self.rows[procurement.id] = procurement
        return procurement

    def pending_approval(self, unit=None):
        return [p for _, p in sorted(self.rows.items())
                if p.status == procurement_rules.PENDING_APPROVAL and (unit is None or p.unit == unit)]

    def lock_board(self, unit):
        self.locked.append(unit)

    def holding(self, category, staff_id, unit, except_id):
        held = sum(1 for a in self.assets.rows if a.category == category and a.status != asset_rules.DISPOSED
                   and (a.holder_staff_id == staff_id if staff_id is not None
                        else (a.unit == unit and a.holder_staff_id is None)))
        pending = sum(line.quantity for p in self.rows.values()
                      if p.id != except_id and p.status in procurement_rules.IN_FLIGHT
                      and (staff_id is not None or p.unit == unit)
                      for line in p.lines if line.category == category and line.beneficiary_staff_id == staff_id)
        return Holding(held=held, pending=pending)


def fake_uow(threshold_vnd: int = 20_000_000) -> FakeUnitOfWork:
    """A unit of work on the demo's boards (BTC, BNC and a BTC department), four BTC people and
    BNC's specialist, the computer and printer categories and their standards."""
    replica = FakeReplica()
    for code in ("BTC", "BNC", "TU", "VP"):
        replica.add_unit(code)
    replica.add_unit("BTC-P1", parent_code="BTC")
    replica.add_staff(20, "BTC", "board_head")
    replica.add_staff(22, "BTC")
    replica.add_staff(24, "BTC-P1")
    replica.add_staff(25, "BTC", status="left")
    replica.add_staff(51, "BNC")
    assets = FakeAssets()
    return FakeUnitOfWork(
        Config(settings=None, approval_threshold_vnd=threshold_vnd),
        replica=replica,
        categories=FakeCategories(Category(code="computer", name="Máy vi tính", is_vehicle=False),
                                  Category(code="printer", name="Máy in", is_vehicle=False),
                                  Category(code="car", name="Xe ô tô", is_vehicle=True)),
        standards=FakeStandards(Standard("computer", "person", "specialist", 1, 15_000_000),
                                Standard("computer", "person", "board_head", 2, 15_000_000),
                                Standard("printer", "unit", None, 1, 10_000_000)),
        assets=assets,
        procurements=FakeProcurements(assets),
    )
