"""The alembic scripts make exactly the tables the models describe, 0003 folds the search text of
the rows that were there before it and 0007 backfills the wear summaries."""
from contextlib import contextmanager

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from buildingblocks.testing import create_test_database, drop_test_database
from sqlalchemy import create_engine, text

from assets.adapters.orm import metadata
from conftest import ALEMBIC_INI


def test_migrations_match_the_models(database):
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


@contextmanager
def migrated_to(revision: str):
    """A fresh database at `revision`: (engine, upgrade to head); dropped afterwards."""
    url = create_test_database("assets_mig")
    engine = create_engine(url)
    try:
        cfg = Config(ALEMBIC_INI)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(cfg, revision)
        yield engine, lambda: command.upgrade(cfg, "head")
    finally:
        engine.dispose()
        drop_test_database(url)


def test_0003_fills_the_search_text_of_existing_rows():
    with migrated_to("0002") as (engine, upgrade_to_head):
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO assets (tag, category, name, unit, acquired_on, original_cost_vnd, status, attributes,"
                " plate, source, created_at, updated_at) VALUES ('TS2026-00001', 'car', 'Xe Đà Nẵng', 'BTC',"
                " '2024-01-01', 1, 'in_use', '{\"plate\": \"43A-123.45\", \"seats\": 7}', '43A-12345', 'register',"
                " now(), now())"))
            conn.execute(text(
                "INSERT INTO procurements (unit, fiscal_year, status, requested_by, total_vnd, reservation_status,"
                " created_at, updated_at) VALUES ('BTC', 2026, 'draft', 'x', 1, 'none', now(), now())"))
            conn.execute(text(
                "INSERT INTO procurement_lines (procurement_id, position, category, description, quantity,"
                " unit_price_vnd) VALUES (1, 0, 'computer', 'Máy tính Hùng', 1, 1), (1, 1, 'printer', 'Máy in', 1, 1)"))
        upgrade_to_head()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT search_text FROM assets")).scalar() == \
                "ts2026-00001 xe da nang car 43a-123.45 43a-12345"
            assert conn.execute(text("SELECT search_text FROM procurements")).scalar() == "btc may tinh hung may in"


def test_0007_backfills_the_wear_summaries_from_the_entries():
    with migrated_to("0006") as (engine, upgrade_to_head):
        with engine.begin() as conn:
            for tag, unit in (("TS-1", "BTC"), ("TS-2", "BNC"), ("TS-3", "BTC")):
                conn.execute(text(
                    "INSERT INTO assets (tag, category, name, unit, acquired_on, original_cost_vnd, status, attributes,"
                    " source, created_at, updated_at) VALUES (:tag, 'computer', 'Máy tính', :unit, '2020-01-01',"
                    " 10000000, 'in_use', '{}', 'register', now(), now())"), {"tag": tag, "unit": unit})
            conn.execute(text("INSERT INTO wear_runs (fiscal_year, first_run_at, last_run_at, executions)"
                              " VALUES (2020, now(), now(), 1), (2021, now(), now(), 1)"))
            conn.execute(text(
                "INSERT INTO wear_entries (asset_id, fiscal_year, run_id, unit, wear_rate_pct, amount_vnd, recorded_at)"
                " VALUES (1, 2020, 1, 'BTC', 14.29, 100, now()), (1, 2021, 2, 'BTC', 14.29, 50, now()),"
                " (2, 2020, 1, 'BNC', 14.29, 7, now()), (3, 2020, 1, 'BTC', 14.29, 30, now())"))
        upgrade_to_head()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT asset_id, accumulated_wear_vnd, last_fiscal_year FROM asset_wear"
                                     " ORDER BY asset_id")).all() == [(1, 150, 2021), (2, 7, 2020), (3, 30, 2020)]
            assert conn.execute(text("SELECT run_id, unit, asset_count, wear_vnd FROM wear_run_units"
                                     " ORDER BY run_id, unit")).all() == [(1, "BNC", 1, 7), (1, "BTC", 2, 130),
                                                                         (2, "BTC", 1, 50)]


def test_0008_backfills_the_register_totals_from_the_assets_and_their_wear():
    with migrated_to("0007") as (engine, upgrade_to_head):
        with engine.begin() as conn:
            for tag, unit, category, status, disposed in (("TS-1", "BTC", "computer", "in_use", None),
                                                          ("TS-2", "BTC", "computer", "idle", None),
                                                          ("TS-3", "BTC", "computer", "in_use", None),
                                                          ("TS-4", "BNC", "printer", "disposed", "2022-05-01")):
                conn.execute(text(
                    "INSERT INTO assets (tag, category, name, unit, acquired_on, original_cost_vnd, status, attributes,"
                    " source, disposed_on, created_at, updated_at) VALUES (:tag, :category, 'Tài sản', :unit,"
                    " '2020-01-01', 10000000, :status, '{}', 'register', :disposed, now(), now())"),
                    {"tag": tag, "unit": unit, "category": category, "status": status, "disposed": disposed})
            conn.execute(text("INSERT INTO wear_runs (fiscal_year, first_run_at, last_run_at, executions)"
                              " VALUES (2020, now(), now(), 1), (2021, now(), now(), 1)"))
            conn.execute(text(
                "INSERT INTO wear_entries (asset_id, fiscal_year, run_id, unit, wear_rate_pct, amount_vnd, recorded_at)"
                " VALUES (1, 2020, 1, 'BTC', 14.29, 100, now()), (1, 2021, 2, 'BTC', 14.29, 50, now()),"
                " (2, 2020, 1, 'BTC', 14.29, 7, now()), (4, 2020, 1, 'BNC', 14.29, 30, now())"))
            conn.execute(text("INSERT INTO asset_wear (asset_id, accumulated_wear_vnd, last_fiscal_year)"
                              " VALUES (1, 150, 2021), (2, 7, 2020), (4, 30, 2020)"))
        upgrade_to_head()
        with engine.connect() as conn:
            # the disposed printer is not on the books; the idle computer has a key of its own
            assert conn.execute(text(
                "SELECT fiscal_year, unit, category, status, asset_count, original_cost_vnd, accumulated_wear_vnd"
                " FROM register_totals ORDER BY fiscal_year, unit, category, status")).all() == [
                (0, "BTC", "computer", "idle", 1, 10_000_000, 7),
                (0, "BTC", "computer", "in_use", 2, 20_000_000, 150),
                (2020, "BTC", "computer", "idle", 0, 0, 7),
                (2020, "BTC", "computer", "in_use", 0, 0, 100),
                (2021, "BTC", "computer", "in_use", 0, 0, 50)]
            # what the next run records: a year of 14.29 % of 10,000,000 each, none capped
            assert conn.execute(text("SELECT status, due_count, due_wear_vnd FROM register_totals"
                                     " WHERE fiscal_year = 0 ORDER BY status")).all() == [
                ("idle", 1, 1_429_000), ("in_use", 2, 2 * 1_429_000)]
