"""The leadership may withdraw an exception to the car entitlement (mistaken or expired): it stays
on record with who withdrew it, when and why, and stops counting.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import buildingblocks.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("car_limit_exceptions") as batch:
        batch.add_column(sa.Column("withdrawn_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("withdrawn_by", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("withdraw_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("car_limit_exceptions") as batch:
        batch.drop_column("withdraw_reason")
        batch.drop_column("withdrawn_by")
        batch.drop_column("withdrawn_at")
