"""fleet's withdrawn car-limit exceptions are kept, marked withdrawn, instead of deleted: an
exception's own event delivered after its withdrawal no longer counts it again. `decided_on`
may be empty (a withdrawal that came first carries no decision date).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
import buildingblocks.db
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("car_limit_exceptions") as batch:
        batch.add_column(sa.Column("withdrawn_at", buildingblocks.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=True))
        batch.alter_column("decided_on", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM car_limit_exceptions WHERE withdrawn_at IS NOT NULL")
    with op.batch_alter_table("car_limit_exceptions") as batch:
        batch.alter_column("decided_on", existing_type=sa.Date(), nullable=False)
        batch.drop_column("withdrawal_reason")
        batch.drop_column("withdrawn_at")
