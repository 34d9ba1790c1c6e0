"""Categories and equipment standards: kept by the Office's asset specialists."""
from __future__ import annotations

import re

from buildingblocks.db import UnitOfWork
from buildingblocks.errors import Conflict, NotFound, Unprocessable
from buildingblocks.identity import Principal
from sqlalchemy import select

from ..adapters.orm import Category, Standard
from ..domain.standards import PER_PERSON, PER_UNIT, Standard as StandardRule, StandardsCatalogue
from .common import require_category, require_office
from .views import category_view, standard_view

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def list_categories(uow: UnitOfWork, is_vehicle: bool | None = None) -> list[dict]:
    stmt = select(Category).order_by(Category.code)
    if is_vehicle is not None:
        stmt = stmt.where(Category.is_vehicle.is_(is_vehicle))
    return [category_view(c) for c in uow.session.scalars(stmt)]


def _known_code(code: str) -> str:
    """A path's category code, or 404 when it cannot be one (the database never sees junk)."""
    if not CODE.match(code):
        raise NotFound(f"category {code[:40]!r} not found")
    return code


def get_category(uow: UnitOfWork, code: str) -> dict:
    category = uow.session.get(Category, _known_code(code))
    if category is None:
        raise NotFound(f"category {code} not found")
    return category_view(category)


def create_category(uow: UnitOfWork, principal: Principal, data: dict) -> dict:
    """A new category; its wear rate should match its useful life (100 / years)."""
    require_office(principal)
    if uow.session.get(Category, data["code"]) is not None:
        raise Conflict(f"category {data['code']} already exists", rule="unique_category_code")
    category = Category(**data)
    uow.session.add(category)
    uow.session.flush()
    uow.commit()
    return category_view(category)


def update_category(uow: UnitOfWork, principal: Principal, code: str, changes: dict) -> dict:
    """Changing a rate changes the wear of later runs only: recorded wear stays as recorded."""
    require_office(principal)
    category = uow.session.get(Category, _known_code(code), with_for_update=True)
    if category is None:
        raise NotFound(f"category {code} not found")
    for name, value in changes.items():
        setattr(category, name, value)
    uow.session.flush()
    uow.commit()
    return category_view(category)


def _standard_key(category: str, scope: str, title_rank: str | None) -> str:
    return f"{category}:{scope}:{title_rank or '*'}"


def _check_scope(scope: str, title_rank: str | None) -> None:
    if scope == PER_PERSON and not title_rank:
        raise Unprocessable("a per-person standard names a title rank",
                            errors={"title_rank": ["required when scope is person"]})
    if scope == PER_UNIT and title_rank:
        raise Unprocessable("a per-board standard has no title rank",
                            errors={"title_rank": ["must be empty when scope is unit"]})


def list_standards(uow: UnitOfWork, category: str | None = None, title_rank: str | None = None,
                   scope: str | None = None) -> list[dict]:
    stmt = select(Standard).order_by(Standard.category, Standard.scope, Standard.title_rank)
    if category:
        stmt = stmt.where(Standard.category == category)
    if title_rank:
        stmt = stmt.where(Standard.title_rank == title_rank)
    if scope:
        stmt = stmt.where(Standard.scope == scope)
    return [standard_view(s) for s in uow.session.scalars(stmt)]


def get_standard(uow: UnitOfWork, standard_id: int) -> dict:
    standard = uow.session.get(Standard, standard_id)
    if standard is None:
        raise NotFound(f"standard {standard_id} not found")
    return standard_view(standard)


def create_standard(uow: UnitOfWork, principal: Principal, data: dict) -> dict:
    require_office(principal)
    require_category(uow.session, data["category"])
    _check_scope(data["scope"], data.get("title_rank"))
    key = _standard_key(data["category"], data["scope"], data.get("title_rank"))
    if uow.session.scalar(select(Standard).where(Standard.key == key)) is not None:
        raise Conflict(f"a standard for {key} already exists; change it instead", rule="unique_standard")
    standard = Standard(key=key, **data)
    uow.session.add(standard)
    uow.session.flush()
    uow.commit()
    return standard_view(standard)


def update_standard(uow: UnitOfWork, principal: Principal, standard_id: int, changes: dict) -> dict:
    require_office(principal)
    standard = uow.session.get(Standard, standard_id, with_for_update=True)
    if standard is None:
        raise NotFound(f"standard {standard_id} not found")
    for name, value in changes.items():
        setattr(standard, name, value)
    uow.session.flush()
    uow.commit()
    return standard_view(standard)


def load_catalogue(uow: UnitOfWork) -> StandardsCatalogue:
    """The standards in force, for the procurement checks."""
    return StandardsCatalogue([
        StandardRule(s.category, s.scope, s.title_rank, s.max_quantity, s.max_unit_price_vnd)
        for s in uow.session.scalars(select(Standard))
    ])
