"""One register for cars and the Office's car entitlement (issue 13).

`assets.plate` now compares a plate by its letters and digits only, as fleet does
("81A-000.11", "81a 00011" and "81A00011" are one car): recomputed here for the rows already
there. `car_limit_exceptions`: fleet's exceptions to the car entitlement, as this service hears
of them (`fleet.car_limit.exception_recorded`), counted when a car is added.

A frozen snapshot: the plate key is written here as it was on this day, not imported.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import buildingblocks.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _key(plate) -> str:
    return "".join(ch for ch in str(plate or "").upper() if ch.isalnum())


def upgrade() -> None:
    conn = op.get_bind()
    assets = sa.table("assets", sa.column("id"), sa.column("plate"))
    for row in conn.execute(sa.select(assets.c.id, assets.c.plate).where(assets.c.plate.is_not(None))).all():
        conn.execute(assets.update().where(assets.c.id == row.id).values(plate=_key(row.plate)))
    op.create_table(
        "car_limit_exceptions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("decision_no", sa.String(length=60), nullable=False),
        sa.Column("extra_cars", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("received_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_car_limit_exceptions")),
    )


def downgrade() -> None:
    op.drop_table("car_limit_exceptions")
