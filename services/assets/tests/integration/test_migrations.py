"""The alembic scripts make exactly the tables the models describe, and 0003 folds the search
text of the rows that were there before it."""
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


def test_0003_fills_the_search_text_of_existing_rows():
    url = create_test_database("assets_mig")
    engine = create_engine(url)
    try:
        cfg = Config(ALEMBIC_INI)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(cfg, "0002")
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
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT search_text FROM assets")).scalar() == \
                "ts2026-00001 xe da nang car 43a-123.45 43a-12345"
            assert conn.execute(text("SELECT search_text FROM procurements")).scalar() == "btc may tinh hung may in"
    finally:
        engine.dispose()
        drop_test_database(url)
