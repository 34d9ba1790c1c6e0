"""The fleet's tables: vehicles, driver details, bookings with their trips, maintenance, the HR
replica, and the outbox, inbox and idempotency tables every service has.

On PostgreSQL, two exclusion constraints (btree_gist) forbid two dispatched or running
bookings of one vehicle, or of one driver, from overlapping [start_at, blocked_until).

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa

import buildingblocks.db

HOLDING = "status IN ('dispatched', 'in_progress')"

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('driver_profiles',
    sa.Column('staff_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('licence_class', sa.String(length=4), nullable=True),
    sa.Column('licence_expiry', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_driver_profiles'))
    )
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
    op.create_table('replica_staff',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=True),
    sa.Column('position_title', sa.String(length=200), nullable=True),
    sa.Column('position_rank', sa.String(length=20), nullable=True),
    sa.Column('position_family', sa.String(length=40), nullable=True),
    sa.Column('is_driver', sa.Boolean(), nullable=False),
    sa.Column('title_rank', sa.String(length=40), nullable=True),
    sa.Column('licence_class', sa.String(length=10), nullable=True),
    sa.Column('licence_expiry', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replica_staff'))
    )
    op.create_index(op.f('ix_replica_staff_unit'), 'replica_staff', ['unit'], unique=False)
    op.create_table('replica_units',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_code', sa.String(length=40), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('successor_code', sa.String(length=40), nullable=True),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_replica_units'))
    )
    op.create_table('vehicles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plate', sa.String(length=20), nullable=False),
    sa.Column('model', sa.String(length=120), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('fuel_type', sa.String(length=20), nullable=False),
    sa.Column('fuel_norm_l_per_100km', sa.Float(), nullable=False),
    sa.Column('odometer_km', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('holder_staff_id', sa.Integer(), nullable=True),
    sa.Column('asset_id', sa.Integer(), nullable=True),
    sa.Column('asset_tag', sa.String(length=60), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicles')),
    sa.UniqueConstraint('asset_id', name=op.f('uq_vehicles_asset_id')),
    sa.UniqueConstraint('plate', name=op.f('uq_vehicles_plate'))
    )
    op.create_index(op.f('ix_vehicles_status'), 'vehicles', ['status'], unique=False)
    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requester_staff_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('destination', sa.String(length=300), nullable=False),
    sa.Column('start_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('end_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('passengers', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('decided_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=True),
    sa.Column('cancelled_by', sa.String(length=120), nullable=True),
    sa.Column('cancelled_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=True),
    sa.Column('vehicle_id', sa.Integer(), nullable=True),
    sa.Column('driver_id', sa.Integer(), nullable=True),
    sa.Column('blocked_until', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('dispatched_by', sa.String(length=120), nullable=True),
    sa.Column('dispatched_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('dispatch_mode', sa.String(length=10), nullable=True),
    sa.Column('started_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('odometer_start_km', sa.Integer(), nullable=True),
    sa.Column('odometer_end_km', sa.Integer(), nullable=True),
    sa.Column('km', sa.Integer(), nullable=True),
    sa.Column('fuel_litres', sa.Float(), nullable=True),
    sa.Column('fuel_cost_vnd', sa.BigInteger(), nullable=True),
    sa.Column('fuel_expected_litres', sa.Float(), nullable=True),
    sa.Column('fuel_flagged', sa.Boolean(), nullable=False),
    sa.Column('completed_by', sa.String(length=120), nullable=True),
    sa.Column('completed_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moved_from_unit', sa.String(length=40), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('dispatch_note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_bookings_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for column in ("vehicle", "driver"):
            op.execute(
                f"ALTER TABLE bookings ADD CONSTRAINT ex_bookings_{column}_overlap EXCLUDE USING gist "
                f"({column}_id WITH =, tstzrange(start_at, blocked_until) WITH &&) WHERE ({HOLDING})")
    op.create_index(op.f('ix_bookings_driver_id'), 'bookings', ['driver_id'], unique=False)
    op.create_index('ix_bookings_holding_vehicle', 'bookings', ['vehicle_id', 'start_at'], unique=False)
    op.create_index(op.f('ix_bookings_start_at'), 'bookings', ['start_at'], unique=False)
    op.create_index(op.f('ix_bookings_status'), 'bookings', ['status'], unique=False)
    op.create_index(op.f('ix_bookings_unit'), 'bookings', ['unit'], unique=False)
    op.create_index(op.f('ix_bookings_vehicle_id'), 'bookings', ['vehicle_id'], unique=False)
    op.create_table('maintenance_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('interval_km', sa.Integer(), nullable=True),
    sa.Column('interval_days', sa.Integer(), nullable=True),
    sa.Column('last_done_km', sa.Integer(), nullable=False),
    sa.Column('last_done_on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_maintenance_plans_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_plans'))
    )
    op.create_index(op.f('ix_maintenance_plans_vehicle_id'), 'maintenance_plans', ['vehicle_id'], unique=False)
    op.create_table('maintenance_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('workshop', sa.String(length=200), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('expected_end_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('cost_vnd', sa.BigInteger(), nullable=True),
    sa.Column('odometer_km', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('completed_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['maintenance_plans.id'], name=op.f('fk_maintenance_records_plan_id_maintenance_plans')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_maintenance_records_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_records'))
    )
    op.create_index(op.f('ix_maintenance_records_status'), 'maintenance_records', ['status'], unique=False)
    op.create_index(op.f('ix_maintenance_records_vehicle_id'), 'maintenance_records', ['vehicle_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_maintenance_records_vehicle_id'), table_name='maintenance_records')
    op.drop_index(op.f('ix_maintenance_records_status'), table_name='maintenance_records')
    op.drop_table('maintenance_records')
    op.drop_index(op.f('ix_maintenance_plans_vehicle_id'), table_name='maintenance_plans')
    op.drop_table('maintenance_plans')
    op.drop_index(op.f('ix_bookings_vehicle_id'), table_name='bookings')
    op.drop_index(op.f('ix_bookings_unit'), table_name='bookings')
    op.drop_index(op.f('ix_bookings_status'), table_name='bookings')
    op.drop_index(op.f('ix_bookings_start_at'), table_name='bookings')
    op.drop_index('ix_bookings_holding_vehicle', table_name='bookings')
    op.drop_index(op.f('ix_bookings_driver_id'), table_name='bookings')
    op.drop_table('bookings')
    op.drop_index(op.f('ix_vehicles_status'), table_name='vehicles')
    op.drop_table('vehicles')
    op.drop_table('replica_units')
    op.drop_index(op.f('ix_replica_staff_unit'), table_name='replica_staff')
    op.drop_table('replica_staff')
    op.drop_index(op.f('ix_outbox_published_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
    op.drop_table('driver_profiles')
