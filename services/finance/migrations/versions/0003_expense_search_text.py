"""?q= search on expenses (issue 11).

`expenses.search_text` holds the words of the description, the category and the beneficiary's
name (from the HR replica) folded for search (lower case, no Vietnamese diacritics, "đ" -> "d"),
kept current by `buildingblocks.search.keep_search_text`; this migration fills it for the rows
already there.

A frozen snapshot: the folding is written here as it was on this day, not imported.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fold(text) -> str:
    decomposed = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.split())


def _words(*values) -> str:
    return _fold(" ".join(str(v) for v in values if v not in (None, "")))


def upgrade() -> None:
    with op.batch_alter_table("expenses") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    expenses = sa.table("expenses", sa.column("id"), sa.column("description"), sa.column("category"),
                        sa.column("beneficiary_staff_id"), sa.column("search_text"))
    staff = sa.table("replica_staff", sa.column("id"), sa.column("full_name"))
    rows = conn.execute(
        sa.select(expenses.c.id, expenses.c.description, expenses.c.category, staff.c.full_name)
        .select_from(expenses.outerjoin(staff, staff.c.id == expenses.c.beneficiary_staff_id))
    ).all()
    for row in rows:
        conn.execute(expenses.update().where(expenses.c.id == row.id)
                     .values(search_text=_words(row.description, row.category, row.full_name)))


def downgrade() -> None:
    with op.batch_alter_table("expenses") as batch:
        batch.drop_column("search_text")
