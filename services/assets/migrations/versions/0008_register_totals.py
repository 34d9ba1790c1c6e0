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


# each asset on the books, its wear so far and what the next run would record for it (the run's
# own arithmetic: the annual wear rounded half up as integer division of cost x rate in basis
# points, capped at what is left of the cost)
_ON_BOOKS = """
    SELECT a.id, a.unit, a.category, a.status, a.original_cost_vnd AS cost, COALESCE(w.accumulated_wear_vnd, 0) AS worn,
           CASE WHEN a.original_cost_vnd > COALESCE(w.accumulated_wear_vnd, 0)
                THEN a.original_cost_vnd - COALESCE(w.accumulated_wear_vnd, 0) ELSE 0 END AS left_vnd,
           (a.original_cost_vnd * CAST(ROUND(c.wear_rate_pct * 100) AS BIGINT) + 5000) / 10000 AS annual
    FROM assets a JOIN categories c ON c.code = a.category LEFT JOIN asset_wear w ON w.asset_id = a.id
    WHERE a.disposed_on IS NULL"""
BACKFILL = [
    f"""INSERT INTO register_totals (fiscal_year, unit, category, status, asset_count, original_cost_vnd,
                                     accumulated_wear_vnd, due_count, due_wear_vnd)
        SELECT 0, unit, category, status, COUNT(*), SUM(cost), SUM(worn),
               SUM(CASE WHEN annual > 0 AND left_vnd > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN annual < left_vnd THEN annual ELSE left_vnd END)
        FROM ({_ON_BOOKS}) b GROUP BY unit, category, status""",
    """INSERT INTO register_totals (fiscal_year, unit, category, status, asset_count, original_cost_vnd,
                                    accumulated_wear_vnd, due_count, due_wear_vnd)
       SELECT e.fiscal_year, a.unit, a.category, a.status, 0, 0, SUM(e.amount_vnd), 0, 0
       FROM wear_entries e JOIN assets a ON a.id = e.asset_id
       WHERE a.disposed_on IS NULL GROUP BY e.fiscal_year, a.unit, a.category, a.status""",
]


def _counted() -> list[sa.Column]:
    """The columns both tables have: the key, then how many assets, their cost, their wear, and
    how many a wear run would record wear for next and how much."""
    return [sa.Column("fiscal_year", sa.Integer(), nullable=False), sa.Column("unit", sa.String(40), nullable=False),
            sa.Column("category", sa.String(40), nullable=False), sa.Column("status", sa.String(20), nullable=False),
            sa.Column("asset_count", sa.Integer(), nullable=False),
            sa.Column("original_cost_vnd", sa.BigInteger(), nullable=False),
            sa.Column("accumulated_wear_vnd", sa.BigInteger(), nullable=False),
            sa.Column("due_count", sa.Integer(), nullable=False),
            sa.Column("due_wear_vnd", sa.BigInteger(), nullable=False)]


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
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    op.drop_index(op.f("ix_asset_history_effective_on"), table_name="asset_history")
    op.drop_index(op.f("ix_assets_disposed_on"), table_name="assets")
    op.drop_index(op.f("ix_assets_acquired_on"), table_name="assets")
    op.drop_table("register_changes")
    op.drop_table("register_totals")
