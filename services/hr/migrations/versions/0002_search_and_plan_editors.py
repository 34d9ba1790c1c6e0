"""?q= search and the editors of a plan (issues 10 and 11).

`unit_versions.search_text` (code and name) and `staff.search_text` (full name) hold the words
folded for search (lower case, no Vietnamese diacritics, "đ" -> "d"), kept current by
`buildingblocks.search.keep_search_text`; this migration fills them for the rows already there.
`restructurings.editors`: who edited a plan after drafting it (they may not approve it).

A frozen snapshot: the folding is written here as it was on this day, not imported.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fold(text) -> str:
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.split())


def _fill(table: str, key: str, sources: tuple[str, ...]) -> None:
    conn = op.get_bind()
    t = sa.table(table, sa.column(key), sa.column("search_text"), *(sa.column(s) for s in sources))
    rows = conn.execute(sa.select(t.c[key], *(t.c[s] for s in sources))).all()
    for row in rows:
        words = " ".join(str(v) for v in row[1:] if v not in (None, ""))
        conn.execute(t.update().where(t.c[key] == row[0]).values(search_text=_fold(words)))


def upgrade() -> None:
    with op.batch_alter_table("unit_versions") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("restructurings") as batch:
        batch.add_column(sa.Column("editors", sa.JSON(), nullable=True))
    _fill("unit_versions", "id", ("code", "name"))
    _fill("staff", "id", ("full_name",))


def downgrade() -> None:
    with op.batch_alter_table("restructurings") as batch:
        batch.drop_column("editors")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("search_text")
    with op.batch_alter_table("unit_versions") as batch:
        batch.drop_column("search_text")
