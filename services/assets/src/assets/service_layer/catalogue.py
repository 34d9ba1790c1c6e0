"""Categories and equipment standards: kept by the Office's asset specialists."""
from __future__ import annotations

import re

from buildingblocks.errors import Invalid, NotFound, RuleBroken
from buildingblocks.identity import Principal

from ..adapters.orm import Category, Standard
from ..domain.standards import PER_PERSON, PER_UNIT
from .common import require_category, require_office
from .views import category_view, standard_view

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def list_categories(uow, is_vehicle: bool | None = None) -> list[dict]:
    return [category_view(c) for c in uow.categories.list(is_vehicle)]


def _known_code(code: str) -> str:
    """A path's category code, or NotFound when it cannot be one (the database never sees junk)."""
    if not CODE.match(code):
        raise NotFound(f"category {code[:40]!r} not found")
    return code


def get_category(uow, code: str) -> dict:
    category = uow.categories.get(_known_code(code))
    if category is None:
        raise NotFound(f"category {code} not found")
    return category_view(category)


def create_category(uow, principal: Principal, data: dict) -> dict:
    """A new category; its wear rate should match its useful life (100 / years)."""
    require_office(principal)
    if uow.categories.get(data["code"]) is not None:
        raise RuleBroken(f"category {data['code']} already exists", rule="unique_category_code")
    category = uow.categories.add(Category(**data))
    uow.commit()
    return category_view(category)


def update_category(uow, principal: Principal, code: str, changes: dict) -> dict:
    """Changing a rate changes the wear of later runs only: recorded wear stays as recorded."""
    require_office(principal)
    category = uow.categories.get(_known_code(code), lock=True)
    if category is None:
        raise NotFound(f"category {code} not found")
    for name, value in changes.items():
        setattr(category, name, value)
    uow.categories.save()
    uow.commit()
    return category_view(category)


def _standard_key(category: str, scope: str, title_rank: str | None) -> str:
    return f"{category}:{scope}:{title_rank or '*'}"


def _check_scope(scope: str, title_rank: str | None) -> None:
    if scope == PER_PERSON and not title_rank:
        raise Invalid("a per-person standard names a title rank",
                            errors={"title_rank": ["required when scope is person"]})
    if scope == PER_UNIT and title_rank:
        raise Invalid("a per-board standard has no title rank",
                            errors={"title_rank": ["must be empty when scope is unit"]})


def list_standards(uow, category: str | None = None, title_rank: str | None = None,
                   scope: str | None = None) -> list[dict]:
    return [standard_view(s) for s in uow.standards.list(category, title_rank, scope)]


def get_standard(uow, standard_id: int) -> dict:
    standard = uow.standards.get(standard_id)
    if standard is None:
        raise NotFound(f"standard {standard_id} not found")
    return standard_view(standard)


def create_standard(uow, principal: Principal, data: dict) -> dict:
    require_office(principal)
    require_category(uow, data["category"])
    _check_scope(data["scope"], data.get("title_rank"))
    key = _standard_key(data["category"], data["scope"], data.get("title_rank"))
    if uow.standards.by_key(key) is not None:
        raise RuleBroken(f"a standard for {key} already exists; change it instead", rule="unique_standard")
    standard = uow.standards.add(Standard(key=key, **data))
    uow.commit()
    return standard_view(standard)


def update_standard(uow, principal: Principal, standard_id: int, changes: dict) -> dict:
    require_office(principal)
    standard = uow.standards.get(standard_id, lock=True)
    if standard is None:
        raise NotFound(f"standard {standard_id} not found")
    for name, value in changes.items():
        setattr(standard, name, value)
    uow.standards.save()
    uow.commit()
    return standard_view(standard)
