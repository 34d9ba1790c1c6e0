"""The migrations build exactly the schema the models describe, on PostgreSQL and on SQLite."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from buildingblocks.db import Database
from buildingblocks.migrations import upgrade
from sqlalchemy import text

from finance.adapters.orm import metadata


def differences(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_postgresql_schema_matches_the_models(database):
    assert differences(database.engine) == []


def test_sqlite_schema_matches_the_models_and_holds_the_seeded_regulation(tmp_path):
    from pathlib import Path

    url = f"sqlite:///{tmp_path}/finance.db"
    upgrade(str(Path(__file__).resolve().parents[2] / "alembic.ini"), url)
    db = Database(url, service="finance")
    try:
        assert differences(db.engine) == []
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM regulations")).scalar() == 2
    finally:
        db.dispose()
