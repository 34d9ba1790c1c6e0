"""HR's initial tables: units and positions with dated versions, staff, appointments, rules,
restructuring plans, and the shared outbox, inbox and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

import buildingblocks.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idempotency_keys',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('principal', sa.String(length=120), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', 'principal', name=op.f('pk_idempotency_keys'))
    )
    op.create_table('inbox',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=120), nullable=False),
    sa.Column('received_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_inbox'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('correlation_id', sa.String(length=120), nullable=True),
    sa.Column('occurred_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('published_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_id'))
    )
    op.create_index(op.f('ix_outbox_published_at'), 'outbox', ['published_at'], unique=False)
    op.create_table('positions',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions'))
    )
    op.create_table('restructurings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('reduction_target', sa.Double(), nullable=True),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.String(length=120), nullable=True),
    sa.Column('approved_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approved_fingerprint', sa.JSON(), nullable=True),
    sa.Column('applied_by', sa.String(length=120), nullable=True),
    sa.Column('applied_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restructurings'))
    )
    op.create_index(op.f('ix_restructurings_status'), 'restructurings', ['status'], unique=False)
    op.create_table('rules',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('mark', sa.String(length=4), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_rules'))
    )
    op.create_table('units',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_units'))
    )
    op.create_table('position_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rank', sa.String(length=20), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.Column('is_driver', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('recorded_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=True),
    sa.Column('restructuring_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_position_versions_position_id_positions')),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], name=op.f('fk_position_versions_unit_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position_versions')),
    sa.UniqueConstraint('position_id', 'valid_from', name='uq_position_versions_position_valid_from')
    )
    op.create_index('ix_position_versions_position_valid_to', 'position_versions', ['position_id', 'valid_to'], unique=False)
    op.create_index(op.f('ix_position_versions_unit'), 'position_versions', ['unit'], unique=False)
    op.create_table('staff',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=True),
    sa.Column('title_rank', sa.String(length=40), nullable=True),
    sa.Column('licence_class', sa.String(length=10), nullable=True),
    sa.Column('licence_expiry', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('hired_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_staff_position_id_positions')),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], name=op.f('fk_staff_unit_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    op.create_index(op.f('ix_staff_position_id'), 'staff', ['position_id'], unique=False)
    op.create_index(op.f('ix_staff_unit'), 'staff', ['unit'], unique=False)
    op.create_table('unit_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_code', sa.String(length=40), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('successor_code', sa.String(length=40), nullable=True),
    sa.Column('recorded_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=True),
    sa.Column('restructuring_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['code'], ['units.code'], name=op.f('fk_unit_versions_code_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_versions')),
    sa.UniqueConstraint('code', 'valid_from', name='uq_unit_versions_code_valid_from')
    )
    op.create_index('ix_unit_versions_code_valid_to', 'unit_versions', ['code', 'valid_to'], unique=False)
    op.create_table('appointments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=True),
    sa.Column('restructuring_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_appointments_position_id_positions')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_appointments_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], name=op.f('fk_appointments_unit_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    op.create_index('ix_appointments_position_end', 'appointments', ['position_id', 'end_date'], unique=False)
    op.create_index('ix_appointments_staff_end', 'appointments', ['staff_id', 'end_date'], unique=False)
    op.create_index(op.f('ix_appointments_unit'), 'appointments', ['unit'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_appointments_unit'), table_name='appointments')
    op.drop_index('ix_appointments_staff_end', table_name='appointments')
    op.drop_index('ix_appointments_position_end', table_name='appointments')
    op.drop_table('appointments')
    op.drop_index('ix_unit_versions_code_valid_to', table_name='unit_versions')
    op.drop_table('unit_versions')
    op.drop_index(op.f('ix_staff_unit'), table_name='staff')
    op.drop_index(op.f('ix_staff_position_id'), table_name='staff')
    op.drop_table('staff')
    op.drop_index(op.f('ix_position_versions_unit'), table_name='position_versions')
    op.drop_index('ix_position_versions_position_valid_to', table_name='position_versions')
    op.drop_table('position_versions')
    op.drop_table('units')
    op.drop_table('rules')
    op.drop_index(op.f('ix_restructurings_status'), table_name='restructurings')
    op.drop_table('restructurings')
    op.drop_table('positions')
    op.drop_index(op.f('ix_outbox_published_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
