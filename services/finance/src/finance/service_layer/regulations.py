"""Use cases of the spending regulation: keep versions, read them, find the one in force."""

from __future__ import annotations

import datetime as dt

from buildingblocks.errors import NotFound
from sqlalchemy.exc import IntegrityError

from ..adapters.orm import Norm, Regulation
from ..domain import regulation as rules


def add_version(uow, principal, data: dict) -> Regulation:
    """`office_finance` adds a version; versions already in force are never edited."""
    principal.require_role("office_finance")
    version = _add(uow, data, by=principal.username)
    uow.commit()
    return version


def _add(uow, data: dict, by: str) -> Regulation:
    norms = [rules.Norm(n["category"], n["limit_vnd"], n["per"], n.get("title_rank"), n.get("locality_tier"),
                        n.get("source", "")) for n in data["norms"]]
    rules.validate_norms(norms)
    on = data["effective_from"]
    rules.require_new_date(on, uow.regulations.exists_on(on))
    version = Regulation(
        effective_from=on, title=data.get("title") or f"Quy chế chi tiêu nội bộ từ {on.isoformat()}",
        source=data.get("source", ""), created_by=by,
        norms=[Norm(category=n.category, title_rank=n.title_rank, locality_tier=n.locality_tier,
                    limit_vnd=n.limit_vnd, per=n.per, source=n.source) for n in norms],
    )
    try:
        return uow.regulations.add(version)
    except IntegrityError:  # a concurrent request added the same date first
        rules.require_new_date(on, True)
        raise


def list_versions(uow, principal, in_force_on: dt.date) -> list[Regulation]:
    """The version in force on a date, as a list of at most one."""
    in_force = uow.regulations.stored_in_force(in_force_on)
    return [in_force] if in_force else []


def page_versions(uow, principal, args: dict):
    """A page of versions, the latest added first; every reader may see the regulation."""
    return uow.regulations.page(args)


def get_version(uow, principal, version_id: int) -> Regulation:
    """One version with its norms; every reader may see the regulation (it is the same for all)."""
    version = uow.regulations.get(version_id)
    if version is None:
        raise NotFound(f"regulation version {version_id} not found")
    return version


def seed_versions(uow, versions: list[dict], by: str = "seed") -> int:
    """Add the seed versions that are not there yet (by effective date); returns how many."""
    added = 0
    for version in versions:
        if uow.regulations.exists_on(version["effective_from"]):
            continue
        _add(uow, {
            "effective_from": version["effective_from"], "title": version["title"], "source": version["source"],
            "norms": [{"category": c, "title_rank": rank, "locality_tier": tier, "limit_vnd": limit, "per": per,
                       "source": src} for c, rank, tier, limit, per, src in version["norms"]],
        }, by=by)
        added += 1
    return added
