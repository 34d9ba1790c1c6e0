"""Login throttle counters with growing delays (failures and the last one's time) instead of
fixed windows; the counters are transient, so the table is made anew.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import buildingblocks.db


revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.drop_table('login_throttle')
    op.create_table('login_throttle',
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_last_failure_at'), ['last_failure_at'], unique=False)


def downgrade() -> None:
    op.drop_table('login_throttle')
    op.create_table('login_throttle',
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('window_started_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_login_throttle'))
    )
