"""Use cases of the spending regulation: keep versions, read them, find the one in force."""

from __future__ import annotations

import datetime as dt

from buildingblocks.errors import Conflict, NotFound
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..adapters.orm import Norm, Regulation
from ..adapters.pages import page
from ..domain import regulation as rules
from .common import rules_as_problems


def to_domain(version: Regulation) -> rules.RegulationVersion:
    """The pure-domain view of a stored version."""
    return rules.RegulationVersion(
        effective_from=version.effective_from,
        id=version.id,
        title=version.title,
        norms=tuple(
            rules.Norm(n.category, n.limit_vnd, n.per, n.title_rank, n.locality_tier, n.source, n.id)
            for n in version.norms
        ),
    )


def add_version(uow, principal, data: dict) -> Regulation:
    """`office_finance` adds a version; versions already in force are never edited."""
    principal.require_role("office_finance")
    version = _add(uow.session, data, by=principal.username)
    uow.commit()
    return version


def _add(session, data: dict, by: str) -> Regulation:
    norms = [
        rules.Norm(n["category"], n["limit_vnd"], n["per"], n.get("title_rank"), n.get("locality_tier"), n.get("source", ""))
        for n in data["norms"]
    ]
    with rules_as_problems():
        rules.validate_norms(norms)
    if session.scalar(select(Regulation.id).where(Regulation.effective_from == data["effective_from"])):
        raise Conflict(
            f"a version taking effect on {data['effective_from']} exists already; versions are never edited",
            rule="version_exists",
            effective_from=data["effective_from"].isoformat(),
        )
    version = Regulation(
        effective_from=data["effective_from"],
        title=data.get("title") or f"Quy chế chi tiêu nội bộ từ {data['effective_from'].isoformat()}",
        source=data.get("source", ""),
        created_by=by,
        norms=[
            Norm(category=n.category, title_rank=n.title_rank, locality_tier=n.locality_tier,
                 limit_vnd=n.limit_vnd, per=n.per, source=n.source)
            for n in norms
        ],
    )
    session.add(version)
    try:
        session.flush()
    except IntegrityError:  # a concurrent request added the same date first
        raise Conflict(
            f"a version taking effect on {data['effective_from']} exists already",
            rule="version_exists",
            effective_from=data["effective_from"].isoformat(),
        ) from None
    return version


def list_versions(uow, principal, in_force_on: dt.date) -> list[Regulation]:
    """The version in force on a date, as a list of at most one."""
    in_force = version_in_force(uow.session, in_force_on)
    return [in_force] if in_force else []


def page_versions(uow, principal, args: dict):
    """A page of versions, the latest added first; every reader may see the regulation."""
    return page(uow.session, select(Regulation), Regulation.id, args, descending=True)


def get_version(uow, principal, version_id: int) -> Regulation:
    """One version with its norms; every reader may see the regulation (it is the same for all)."""
    version = uow.session.get(Regulation, version_id)
    if version is None:
        raise NotFound(f"regulation version {version_id} not found")
    return version


def version_in_force(session, on: dt.date) -> Regulation | None:
    """The stored version in force on a date."""
    return session.scalars(
        select(Regulation).where(Regulation.effective_from <= on).order_by(Regulation.effective_from.desc()).limit(1)
    ).first()


def seed_versions(session, versions: list[dict], by: str = "seed") -> int:
    """Add the seed versions that are not there yet (by effective date); returns how many."""
    added = 0
    for version in versions:
        if session.scalar(select(Regulation.id).where(Regulation.effective_from == version["effective_from"])):
            continue
        _add(
            session,
            {
                "effective_from": version["effective_from"],
                "title": version["title"],
                "source": version["source"],
                "norms": [
                    {"category": c, "title_rank": rank, "locality_tier": tier, "limit_vnd": limit, "per": per, "source": src}
                    for c, rank, tier, limit, per, src in version["norms"]
                ],
            },
            by=by,
        )
        added += 1
    return added
