"""Browser sessions of the web console (a hash of the HttpOnly cookie, its user and expiry).

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import buildingblocks.db


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('browser_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('token_version', sa.Integer(), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('client_addr', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_browser_sessions'))
    )
    with op.batch_alter_table('browser_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_browser_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_browser_sessions_username'), ['username'], unique=False)


def downgrade() -> None:
    op.drop_table('browser_sessions')
