"""The register's running totals (issue 16): `register_totals` per fiscal year (0: the count, the
cost and all the wear; Y: the wear booked for Y), board, category and status of the assets on the
books, and `register_changes`, what each transaction changed since the worker last folded them
in. Backfilled from the assets and their wear entries. Indexes on the dates the report checks
(acquisitions, disposals and moves dated after today).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _counted() -> list[sa.Column]:
    """The columns both tables have: the key, then how many assets, their cost and their wear."""
    return [sa.Column("fiscal_year", sa.Integer(), nullable=False), sa.Column("unit", sa.String(40), nullable=False),
            sa.Column("category", sa.String(40), nullable=False), sa.Column("status", sa.String(20), nullable=False),
            sa.Column("asset_count", sa.Integer(), nullable=False),
            sa.Column("original_cost_vnd", sa.BigInteger(), nullable=False),
            sa.Column("accumulated_wear_vnd", sa.BigInteger(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "register_totals",
        *_counted(),
        sa.PrimaryKeyConstraint("fiscal_year", "unit", "category", "status", name=op.f("pk_register_totals")),
    )
    op.create_table(
        "register_changes",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        *_counted(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_changes")),
    )
    op.create_index(op.f("ix_assets_acquired_on"), "assets", ["acquired_on"], unique=False)
    op.create_index(op.f("ix_assets_disposed_on"), "assets", ["disposed_on"], unique=False)
    op.create_index(op.f("ix_asset_history_effective_on"), "asset_history", ["effective_on"], unique=False)
    op.execute("""INSERT INTO register_totals (fiscal_year, unit, category, status, asset_count, original_cost_vnd,
                                               accumulated_wear_vnd)
                  SELECT 0, a.unit, a.category, a.status, COUNT(*), SUM(a.original_cost_vnd),
                         SUM(COALESCE(w.accumulated_wear_vnd, 0))
                  FROM assets a LEFT JOIN asset_wear w ON w.asset_id = a.id
                  WHERE a.disposed_on IS NULL GROUP BY a.unit, a.category, a.status""")
    op.execute("""INSERT INTO register_totals (fiscal_year, unit, category, status, asset_count, original_cost_vnd,
                                               accumulated_wear_vnd)
                  SELECT e.fiscal_year, a.unit, a.category, a.status, 0, 0, SUM(e.amount_vnd)
                  FROM wear_entries e JOIN assets a ON a.id = e.asset_id
                  WHERE a.disposed_on IS NULL GROUP BY e.fiscal_year, a.unit, a.category, a.status""")


def downgrade() -> None:
    op.drop_index(op.f("ix_asset_history_effective_on"), table_name="asset_history")
    op.drop_index(op.f("ix_assets_disposed_on"), table_name="assets")
    op.drop_index(op.f("ix_assets_acquired_on"), table_name="assets")
    op.drop_table("register_changes")
    op.drop_table("register_totals")
