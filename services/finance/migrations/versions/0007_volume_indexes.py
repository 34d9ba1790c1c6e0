"""Flat reads over ten years of history (issue 16): `?q=` on the expenses through a trigram index
(pg_trgm) instead of reading every row (a rare word in 300,000 expenses: 110 ms -> 0.2 ms), and the
ledger's covering index of the per-kind sums extended with `overrun`, so a year's budget report
sums its entries from the index alone instead of reading the whole ledger (866,000 entries over
ten years: 104 ms -> 21 ms, the same as on one year).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from alembic import op

from buildingblocks.search import create_search_index

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_index(op, "expenses")
    op.drop_index("ix_ledger_entries_budget_kind", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_budget_kind", "ledger_entries", ["budget_id", "kind", "amount_vnd", "overrun"])


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_budget_kind", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_budget_kind", "ledger_entries", ["budget_id", "kind", "amount_vnd"])
    op.drop_index("ix_expenses_search_trgm", table_name="expenses")
