"""Seed the demo users (buildingblocks.demo) with their demo passwords; safe to run twice."""

from __future__ import annotations

from buildingblocks import demo
from buildingblocks.config import Settings
from buildingblocks.db import Database, insert_ignore
from buildingblocks.clock import utcnow

from gateway.adapters.orm import User
from gateway.adapters.passwords import hash_password


def seed_demo_users(database: Database) -> int:
    """Insert the demo users that are missing; returns how many were added.

    Existing users are left alone (their password may have been changed on purpose).
    """
    added = 0
    with database.unit_of_work() as uow:
        existing = set(uow.session.scalars(User.__table__.select().with_only_columns(User.username)))
        for username, staff_id, unit, roles in demo.USERS:
            if username in existing:
                continue
            now = utcnow()
            added += insert_ignore(
                uow.session,
                User.__table__,
                {
                    "username": username,
                    "password_hash": hash_password(demo.password_for(username)),
                    "staff_id": staff_id,
                    "unit": unit,
                    "roles": sorted(roles),
                    "active": True,
                    "token_version": 0,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        uow.commit()
    return added


def main() -> None:
    settings = Settings.from_env("gateway")
    database = Database(settings.database_url, service="gateway")
    added = seed_demo_users(database)
    print(f"gateway: {added} demo users added ({len(demo.USERS)} in the demo)")
    database.dispose()


if __name__ == "__main__":
    main()
