"""The alembic scripts make exactly the tables the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hr.adapters.orm import metadata


def test_migrations_match_the_models(database):
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_todays_rules_become_the_first_versions_and_plans_get_their_history():
    """Migration 0004 on a database that has units, a changed rule and an approved plan."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from buildingblocks.testing import create_test_database, drop_test_database

    from ..conftest import ALEMBIC_INI

    url = create_test_database("hrmig")
    cfg = Config(ALEMBIC_INI)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    engine = create_engine(url)
    try:
        command.upgrade(cfg, "0003")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO units (code, created_at) VALUES ('BTC', now()), ('VP', now())"))
            conn.execute(text(
                "INSERT INTO unit_versions (code, name, kind, valid_from, recorded_at, search_text) VALUES "
                "('BTC', 'Ban Tổ chức', 'board', '2025-03-01', now(), ''), ('VP', 'Văn phòng', 'office', '2024-01-01', now(), '')"))
            conn.execute(text(
                "INSERT INTO rules (code, value, enabled, source, mark, verified, note, updated_at, updated_by) VALUES "
                "('total_deputy_heads', '{\"max\": 15}', true, '04-QĐi/TW', 'C', false, null, now(), 'tochuc.vp')"))
            conn.execute(text(
                "INSERT INTO restructurings (title, effective_date, status, steps, created_by, created_at, updated_at, "
                "approved_by, approved_at) VALUES ('Đề án', '2026-01-01', 'approved', '[]', 'tochuc.vp', now(), now(), "
                "'bithu', now())"))
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            versions = {r.code: r for r in conn.execute(text("SELECT * FROM rule_versions"))}
            history = conn.execute(text("SELECT history FROM restructurings")).scalar_one()
        assert len(versions) == 7 and {str(v.valid_from) for v in versions.values()} == {"2024-01-01"}
        assert all(v.valid_to is None for v in versions.values())
        assert (versions["total_deputy_heads"].value, versions["total_deputy_heads"].recorded_by) == ({"max": 15}, "tochuc.vp")
        assert versions["deputies_per_department"].value == {"large_from": 10, "max_small": 2, "max_large": 3}
        assert [(e["action"], e["by"]) for e in history] == [("created", "tochuc.vp"), ("approved", "bithu")]
        command.downgrade(cfg, "0003")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM rules WHERE code = 'total_deputy_heads'")).scalar_one() == {"max": 15}
    finally:
        engine.dispose()
        drop_test_database(url)


def test_the_volume_indexes_exist(database):
    """Migration 0005 (issue 16): the open appointments, which every read loads as the structure,
    and the staff's `?q=`, each through its own index."""
    from sqlalchemy import text

    with database.engine.connect() as conn:
        defs = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
                                      "('ix_appointments_open', 'ix_staff_search_trgm')")).all())
    assert "(staff_id) INCLUDE (unit, position_id) WHERE (end_date IS NULL)" in defs["ix_appointments_open"]
    assert "gin (search_text gin_trgm_ops)" in defs["ix_staff_search_trgm"]
