"""?q= search on the register and on procurement requests (issue 11).

`assets.search_text` (tag, name, category, the vehicle's plate as written and as compared) and
`procurements.search_text` (the board and the lines' descriptions) hold the words folded for
search (lower case, no Vietnamese diacritics, "đ" -> "d"), kept current by
`buildingblocks.search.keep_search_text`; this migration fills them for the rows already there.

A frozen snapshot: the folding is written here as it was on this day, not imported.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""
import json
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


def _plate_as_written(attributes) -> str | None:
    if isinstance(attributes, str):  # JSON comes back as text on some drivers
        attributes = json.loads(attributes or "{}")
    plate = (attributes or {}).get("plate")
    return plate if isinstance(plate, str) else None


def upgrade() -> None:
    with op.batch_alter_table("assets") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("procurements") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    assets = sa.table("assets", sa.column("id"), sa.column("tag"), sa.column("name"), sa.column("category"),
                      sa.column("attributes", sa.JSON), sa.column("plate"), sa.column("search_text"))
    for row in conn.execute(sa.select(assets.c.id, assets.c.tag, assets.c.name, assets.c.category,
                                      assets.c.attributes, assets.c.plate)).all():
        text = _words(row.tag, row.name, row.category, " ".join(
            p for p in (_plate_as_written(row.attributes), row.plate) if p))
        conn.execute(assets.update().where(assets.c.id == row.id).values(search_text=text))
    procurements = sa.table("procurements", sa.column("id"), sa.column("unit"), sa.column("search_text"))
    lines = sa.table("procurement_lines", sa.column("procurement_id"), sa.column("position"),
                     sa.column("description"))
    descriptions: dict[int, list[str]] = {}
    for pid, description in conn.execute(sa.select(lines.c.procurement_id, lines.c.description)
                                         .order_by(lines.c.procurement_id, lines.c.position)).all():
        descriptions.setdefault(pid, []).append(description)
    for pid, unit in conn.execute(sa.select(procurements.c.id, procurements.c.unit)).all():
        text = _words(unit, " ".join(descriptions.get(pid, [])))
        conn.execute(procurements.update().where(procurements.c.id == pid).values(search_text=text))


def downgrade() -> None:
    with op.batch_alter_table("procurements") as batch:
        batch.drop_column("search_text")
    with op.batch_alter_table("assets") as batch:
        batch.drop_column("search_text")
