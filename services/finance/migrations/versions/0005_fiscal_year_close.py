"""Year-end closing (issue 13): the closes of fiscal years and their items, and a flag on the
reservations and chargebacks an event about a closed year booked in the next open year.

The ledger needs no change: the close's entries are new kinds (`carry_in`, `carry_out`,
`lapsed`) in the existing `kind` column. A frozen snapshot of the models of this day.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import buildingblocks.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fiscal_year_closes",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("requested_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiscal_year_closes")),
    )
    op.create_index("ix_fiscal_year_closes_year_status", "fiscal_year_closes", ["fiscal_year", "status"])
    op.create_table(
        "year_close_items",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("close_id", BIG_ID, nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("source_id", sa.String(length=60), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("to_budget_id", BIG_ID, nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["close_id"], ["fiscal_year_closes.id"],
                                name=op.f("fk_year_close_items_close_id_fiscal_year_closes")),
        sa.ForeignKeyConstraint(["to_budget_id"], ["budgets.id"], name=op.f("fk_year_close_items_to_budget_id_budgets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_close_items")),
    )
    op.create_index(op.f("ix_year_close_items_close_id"), "year_close_items", ["close_id"])
    with op.batch_alter_table("reservations") as batch:
        batch.add_column(sa.Column("moved_from_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("chargebacks") as batch:
        batch.add_column(sa.Column("moved_from_year", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chargebacks") as batch:
        batch.drop_column("moved_from_year")
    with op.batch_alter_table("reservations") as batch:
        batch.drop_column("moved_from_year")
    op.drop_index(op.f("ix_year_close_items_close_id"), table_name="year_close_items")
    op.drop_table("year_close_items")
    op.drop_index("ix_fiscal_year_closes_year_status", table_name="fiscal_year_closes")
    op.drop_table("fiscal_year_closes")
