"""?q= search on vehicles and bookings (issue 11).

`vehicles.search_text` (the plate as written and without dots and dashes, the model) and
`bookings.search_text` (purpose, destination, the requester's name) hold the words folded for
search (lower case, no Vietnamese diacritics, "đ" -> "d"), kept current by
`buildingblocks.search.keep_search_text`. `bookings.requester_name` keeps the requester's name
as HR's replica had it when the booking was made. This migration fills them for the rows
already there.

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
    decomposed = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.split())


def _words(*values) -> str:
    return _fold(" ".join(str(v) for v in values if v not in (None, "")))


def _compact(plate) -> str:
    return "".join(ch for ch in str(plate or "") if ch.isalnum())


def upgrade() -> None:
    with op.batch_alter_table("vehicles") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("requester_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    vehicles = sa.table("vehicles", sa.column("id"), sa.column("plate"), sa.column("model"),
                        sa.column("search_text"))
    for row in conn.execute(sa.select(vehicles.c.id, vehicles.c.plate, vehicles.c.model)).all():
        conn.execute(vehicles.update().where(vehicles.c.id == row.id).values(
            search_text=_words(row.plate, _compact(row.plate), row.model)))
    bookings = sa.table("bookings", sa.column("id"), sa.column("purpose"), sa.column("destination"),
                        sa.column("requester_staff_id"), sa.column("requester_name"), sa.column("search_text"))
    staff = sa.table("replica_staff", sa.column("id"), sa.column("full_name"))
    rows = conn.execute(sa.select(bookings.c.id, bookings.c.purpose, bookings.c.destination, staff.c.full_name)
                        .select_from(bookings.outerjoin(staff, staff.c.id == bookings.c.requester_staff_id))).all()
    for row in rows:
        conn.execute(bookings.update().where(bookings.c.id == row.id).values(
            requester_name=row.full_name, search_text=_words(row.purpose, row.destination, row.full_name)))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("search_text")
        batch.drop_column("requester_name")
    with op.batch_alter_table("vehicles") as batch:
        batch.drop_column("search_text")
