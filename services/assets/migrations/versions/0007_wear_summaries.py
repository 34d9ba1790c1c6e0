"""Wear summaries (issue 16): each asset's accumulated wear and last fiscal year worn
(`asset_wear`), and each wear run's per-board totals (`wear_run_units`), backfilled from the wear
entries; from here on the wear run keeps both in the transaction that records the entries. The
register report, the wear preview and the runs' list read these instead of every year's entries.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "asset_wear",
        sa.Column("asset_id", BigId, nullable=False),
        sa.Column("accumulated_wear_vnd", sa.BigInteger(), nullable=False),
        sa.Column("last_fiscal_year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_asset_wear_asset_id_assets")),
        sa.PrimaryKeyConstraint("asset_id", name=op.f("pk_asset_wear")),
    )
    op.create_table(
        "wear_run_units",
        sa.Column("run_id", BigId, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("asset_count", sa.Integer(), nullable=False),
        sa.Column("wear_vnd", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["wear_runs.id"], name=op.f("fk_wear_run_units_run_id_wear_runs")),
        sa.PrimaryKeyConstraint("run_id", "unit", name=op.f("pk_wear_run_units")),
    )
    op.execute("""INSERT INTO asset_wear (asset_id, accumulated_wear_vnd, last_fiscal_year)
                  SELECT asset_id, SUM(amount_vnd), MAX(fiscal_year) FROM wear_entries GROUP BY asset_id""")
    op.execute("""INSERT INTO wear_run_units (run_id, unit, asset_count, wear_vnd)
                  SELECT run_id, unit, COUNT(*), SUM(amount_vnd) FROM wear_entries GROUP BY run_id, unit""")


def downgrade() -> None:
    op.drop_table("wear_run_units")
    op.drop_table("asset_wear")
