"""The hot budget (issue 16): every budget row keeps its ledger's figures as a running summary
(`allocated_vnd`, `reserved_vnd`, `spent_vnd`, as `BudgetPosition` reads the ledger), moved by
each booking in the transaction that appends its entry and under the budget's lock. A submission
then checks the figures of the row it locked instead of summing the budget's entries twice (once
before the lock, once under it), and the summing no longer grows with the budget's history. The
columns are filled here from the ledger's sums of the entries already booked.

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

FIGURES = ("allocated_vnd", "reserved_vnd", "spent_vnd")

# The ledger's sums per budget, as `BudgetPosition.from_ledger` takes them (PostgreSQL and SQLite).
BACKFILL = """
UPDATE budgets SET
  allocated_vnd = COALESCE((SELECT SUM(l.amount_vnd) FROM ledger_entries l
                            WHERE l.budget_id = budgets.id AND l.kind IN ('allocated', 'carry_in')), 0),
  reserved_vnd = COALESCE((SELECT SUM(CASE WHEN l.kind = 'reserved' THEN l.amount_vnd ELSE -l.amount_vnd END)
                           FROM ledger_entries l WHERE l.budget_id = budgets.id
                           AND l.kind IN ('reserved', 'released', 'carry_out', 'lapsed')), 0),
  spent_vnd = COALESCE((SELECT SUM(l.amount_vnd) FROM ledger_entries l
                        WHERE l.budget_id = budgets.id AND l.kind = 'spent'), 0)
"""


def upgrade() -> None:
    with op.batch_alter_table("budgets") as batch:
        for name in FIGURES:
            batch.add_column(sa.Column(name, sa.BigInteger(), nullable=False, server_default="0"))
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("budgets") as batch:
        for name in FIGURES:
            batch.drop_column(name)
