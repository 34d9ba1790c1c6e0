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


def at_revision(tmp_path, revision: str):
    """An SQLite database migrated up to `revision`: (its alembic config, the database)."""
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path}/finance.db"
    cfg = Config(str(Path(__file__).resolve().parents[2] / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, revision)
    return cfg, Database(url, service="finance")


def test_0003_fills_the_search_text_of_existing_expenses(tmp_path):
    from alembic import command

    cfg, db = at_revision(tmp_path, "0002")
    try:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO replica_staff (id, full_name, unit, is_driver, status, updated_at)"
                              " VALUES (22, 'Mai Văn Phúc', 'BTC', 0, 'active', '2026-01-01')"))
            conn.execute(text("INSERT INTO budgets (fiscal_year, unit, category, created_by, created_at)"
                              " VALUES (2026, 'BTC', 'lodging', 'x', '2026-01-01')"))
            for staff_id in (22, 99):  # 99: a beneficiary the replica does not hold
                conn.execute(text(
                    "INSERT INTO expenses (unit, fiscal_year, category, amount_vnd, quantity, beneficiary_staff_id,"
                    " date, description, status, budget_id, requested_by, created_at, updated_at) VALUES"
                    " ('BTC', 2026, 'lodging', 1, 1, :staff, '2026-03-01', 'Phòng nghỉ ĐÀ NẴNG', 'submitted', 1, 'x',"
                    " '2026-01-01', '2026-01-01')"), {"staff": staff_id})
        command.upgrade(cfg, "head")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT search_text FROM expenses ORDER BY id")).scalars().all() == [
                "phong nghi da nang lodging mai van phuc", "phong nghi da nang lodging"]
    finally:
        db.dispose()


def test_0008_fills_every_budgets_figures_with_its_ledgers_sums(tmp_path):
    from alembic import command

    cfg, db = at_revision(tmp_path, "0007")
    try:
        with db.engine.begin() as conn:
            for unit in ("BTC", "BNC"):
                conn.execute(text("INSERT INTO budgets (fiscal_year, unit, category, created_by, created_at)"
                                  " VALUES (2026, :unit, 'stationery', 'x', '2026-01-01')"), {"unit": unit})
            # budget 1: every kind; budget 2: nothing booked
            for kind, amount in [("allocated", 10_000), ("allocated", -1_000), ("carry_in", 500), ("reserved", 4_000),
                                 ("released", 3_000), ("spent", 2_500), ("reserved", 700), ("carry_out", 200),
                                 ("lapsed", 100), ("spent", -300)]:
                conn.execute(text(
                    "INSERT INTO ledger_entries (budget_id, fiscal_year, unit, category, kind, amount_vnd, source,"
                    " source_id, overrun, note, recorded_by, recorded_at) VALUES (1, 2026, 'BTC', 'stationery', :kind,"
                    " :amount, 'x', '1', 0, '', 'x', '2026-01-02')"), {"kind": kind, "amount": amount})
        command.upgrade(cfg, "head")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT allocated_vnd, reserved_vnd, spent_vnd FROM budgets ORDER BY id")).all() == [
                (9_500, 1_400, 2_200), (0, 0, 0)]
    finally:
        db.dispose()
