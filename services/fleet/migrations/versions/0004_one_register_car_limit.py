"""One register for cars and the Office's car entitlement (issue 13).

`vehicles.plate_key`: the plate as the register compares it (letters and digits only, upper
case: "81A-000.11", "81a 00011" and "81A00011" are one car), unique, filled here for the rows
already there. `vehicles.acquired_on`, `original_cost_vnd`, `useful_life_years`,
`repair_estimate_vnd`: what NĐ 72/2023 Art 3.4 judges a replacement by. `car_limit_exceptions`:
the leadership's decisions letting the Office hold more cars than its entitlement.

A frozen snapshot: the plate key is written here as it was on this day, not imported.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import buildingblocks.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _key(plate) -> str:
    return "".join(ch for ch in str(plate or "").upper() if ch.isalnum())


def upgrade() -> None:
    with op.batch_alter_table("vehicles") as batch:
        batch.add_column(sa.Column("plate_key", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("acquired_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("original_cost_vnd", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("useful_life_years", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("repair_estimate_vnd", sa.BigInteger(), nullable=True))
    conn = op.get_bind()
    vehicles = sa.table("vehicles", sa.column("id"), sa.column("plate"), sa.column("plate_key"))
    for row in conn.execute(sa.select(vehicles.c.id, vehicles.c.plate)).all():
        conn.execute(vehicles.update().where(vehicles.c.id == row.id).values(plate_key=_key(row.plate)))
    with op.batch_alter_table("vehicles") as batch:
        batch.create_unique_constraint("uq_vehicles_plate_key", ["plate_key"])
    op.create_table(
        "car_limit_exceptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("decision_no", sa.String(length=60), nullable=False),
        sa.Column("extra_cars", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=True),
        sa.Column("created_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_car_limit_exceptions")),
        sa.UniqueConstraint("decision_no", name="uq_car_limit_exceptions_decision_no"),
    )


def downgrade() -> None:
    op.drop_table("car_limit_exceptions")
    with op.batch_alter_table("vehicles") as batch:
        batch.drop_constraint("uq_vehicles_plate_key", type_="unique")
        for column in ("repair_estimate_vnd", "useful_life_years", "original_cost_vnd", "acquired_on", "plate_key"):
            batch.drop_column(column)
