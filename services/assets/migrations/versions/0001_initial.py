"""The assets service's tables: catalogue, register and history, wear, procurement, repairs,
disposals, stock-takes, the HR replica and the shared outbox/inbox/idempotency tables.

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
    op.create_table('categories',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('useful_life_years', sa.Integer(), nullable=False),
    sa.Column('wear_rate_pct', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('is_vehicle', sa.Boolean(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('evidence', sa.String(length=10), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('useful_life_years > 0', name=op.f('ck_categories_life_positive')),
    sa.CheckConstraint('wear_rate_pct > 0 AND wear_rate_pct <= 100', name=op.f('ck_categories_rate_in_range')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_categories'))
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
    op.create_table('procurements',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requester_staff_id', sa.BigInteger(), nullable=True),
    sa.Column('total_vnd', sa.BigInteger(), nullable=False),
    sa.Column('actual_total_vnd', sa.BigInteger(), nullable=True),
    sa.Column('reservation_status', sa.String(length=20), nullable=False),
    sa.Column('reservation_reason', sa.Text(), nullable=True),
    sa.Column('available_vnd', sa.BigInteger(), nullable=True),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('decided_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('received_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurements'))
    )
    op.create_index(op.f('ix_procurements_status'), 'procurements', ['status'], unique=False)
    op.create_index(op.f('ix_procurements_unit'), 'procurements', ['unit'], unique=False)
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
    op.create_table('stocktakes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('opened_by', sa.String(length=120), nullable=False),
    sa.Column('opened_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.String(length=120), nullable=True),
    sa.Column('closed_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('proposal', sa.JSON(), nullable=True),
    sa.Column('proposed_by', sa.String(length=120), nullable=True),
    sa.Column('proposed_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('decided_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stocktakes'))
    )
    op.create_index(op.f('ix_stocktakes_status'), 'stocktakes', ['status'], unique=False)
    op.create_table('tag_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_tag_counters'))
    )
    op.create_table('wear_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('first_run_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_run_by', sa.String(length=120), nullable=True),
    sa.Column('last_run_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_run_by', sa.String(length=120), nullable=True),
    sa.Column('executions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wear_runs')),
    sa.UniqueConstraint('fiscal_year', name=op.f('uq_wear_runs_fiscal_year'))
    )
    op.create_table('assets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tag', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('holder_staff_id', sa.BigInteger(), nullable=True),
    sa.Column('location', sa.String(length=120), nullable=True),
    sa.Column('acquired_on', sa.Date(), nullable=False),
    sa.Column('original_cost_vnd', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('plate', sa.String(length=20), nullable=True),
    sa.Column('disposed_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('original_cost_vnd >= 0', name=op.f('ck_assets_cost_not_negative')),
    sa.ForeignKeyConstraint(['category'], ['categories.code'], name=op.f('fk_assets_category_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assets')),
    sa.UniqueConstraint('tag', name=op.f('uq_assets_tag'))
    )
    op.create_index(op.f('ix_assets_category'), 'assets', ['category'], unique=False)
    op.create_index(op.f('ix_assets_holder_staff_id'), 'assets', ['holder_staff_id'], unique=False)
    op.create_index(op.f('ix_assets_status'), 'assets', ['status'], unique=False)
    op.create_index(op.f('ix_assets_unit'), 'assets', ['unit'], unique=False)
    op.create_index('uq_assets_plate_active', 'assets', ['plate'], unique=True, postgresql_where=sa.text("plate IS NOT NULL AND status <> 'disposed'"), sqlite_where=sa.text("plate IS NOT NULL AND status <> 'disposed'"))
    op.create_table('count_sheets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('stocktake_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('location', sa.String(length=120), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['stocktake_id'], ['stocktakes.id'], name=op.f('fk_count_sheets_stocktake_id_stocktakes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_sheets')),
    sa.UniqueConstraint('stocktake_id', 'unit', 'location', name='uq_count_sheets_place')
    )
    op.create_index(op.f('ix_count_sheets_stocktake_id'), 'count_sheets', ['stocktake_id'], unique=False)
    op.create_table('procurement_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('procurement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_vnd', sa.BigInteger(), nullable=False),
    sa.Column('beneficiary_staff_id', sa.BigInteger(), nullable=True),
    sa.Column('actual_unit_price_vnd', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_procurement_lines_quantity_positive')),
    sa.CheckConstraint('unit_price_vnd >= 0', name=op.f('ck_procurement_lines_price_not_negative')),
    sa.ForeignKeyConstraint(['category'], ['categories.code'], name=op.f('fk_procurement_lines_category_categories')),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_procurement_lines_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_lines'))
    )
    op.create_index(op.f('ix_procurement_lines_beneficiary_staff_id'), 'procurement_lines', ['beneficiary_staff_id'], unique=False)
    op.create_index(op.f('ix_procurement_lines_procurement_id'), 'procurement_lines', ['procurement_id'], unique=False)
    op.create_table('procurement_steps',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('procurement_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_procurement_steps_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_steps'))
    )
    op.create_index(op.f('ix_procurement_steps_procurement_id'), 'procurement_steps', ['procurement_id'], unique=False)
    op.create_table('standards',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('title_rank', sa.String(length=40), nullable=True),
    sa.Column('max_quantity', sa.Integer(), nullable=True),
    sa.Column('max_unit_price_vnd', sa.BigInteger(), nullable=True),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('evidence', sa.String(length=10), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category'], ['categories.code'], name=op.f('fk_standards_category_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standards')),
    sa.UniqueConstraint('key', name=op.f('uq_standards_key'))
    )
    op.create_index(op.f('ix_standards_category'), 'standards', ['category'], unique=False)
    op.create_table('stocktake_results',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('stocktake_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('tag', sa.String(length=60), nullable=False),
    sa.Column('asset_id', sa.BigInteger(), nullable=True),
    sa.Column('register_unit', sa.String(length=40), nullable=True),
    sa.Column('register_location', sa.String(length=120), nullable=True),
    sa.Column('counted_unit', sa.String(length=40), nullable=True),
    sa.Column('counted_location', sa.String(length=120), nullable=True),
    sa.Column('condition', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolution', sa.String(length=30), nullable=True),
    sa.Column('resolved_asset_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['stocktake_id'], ['stocktakes.id'], name=op.f('fk_stocktake_results_stocktake_id_stocktakes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stocktake_results'))
    )
    op.create_index(op.f('ix_stocktake_results_stocktake_id'), 'stocktake_results', ['stocktake_id'], unique=False)
    op.create_table('stocktake_units',
    sa.Column('stocktake_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['stocktake_id'], ['stocktakes.id'], name=op.f('fk_stocktake_units_stocktake_id_stocktakes')),
    sa.PrimaryKeyConstraint('stocktake_id', 'unit', name=op.f('pk_stocktake_units'))
    )
    op.create_table('asset_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('from_unit', sa.String(length=40), nullable=True),
    sa.Column('to_unit', sa.String(length=40), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('from_holder', sa.BigInteger(), nullable=True),
    sa.Column('to_holder', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_asset_history_asset_id_assets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_history'))
    )
    op.create_index(op.f('ix_asset_history_asset_id'), 'asset_history', ['asset_id'], unique=False)
    op.create_table('count_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('sheet_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tag', sa.String(length=60), nullable=False),
    sa.Column('condition', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('counted_by', sa.String(length=120), nullable=False),
    sa.Column('counted_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['count_sheets.id'], name=op.f('fk_count_lines_sheet_id_count_sheets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_lines')),
    sa.UniqueConstraint('sheet_id', 'tag', name='uq_count_lines_sheet_tag')
    )
    op.create_index(op.f('ix_count_lines_sheet_id'), 'count_lines', ['sheet_id'], unique=False)
    op.create_table('disposals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requester_staff_id', sa.BigInteger(), nullable=True),
    sa.Column('requested_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('decided_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('disposed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_disposals_asset_id_assets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disposals'))
    )
    op.create_index(op.f('ix_disposals_asset_id'), 'disposals', ['asset_id'], unique=False)
    op.create_index(op.f('ix_disposals_status'), 'disposals', ['status'], unique=False)
    op.create_index(op.f('ix_disposals_unit'), 'disposals', ['unit'], unique=False)
    op.create_index('uq_disposals_requested_asset', 'disposals', ['asset_id'], unique=True, postgresql_where=sa.text("status = 'requested'"), sqlite_where=sa.text("status = 'requested'"))
    op.create_table('repairs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('vendor', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('estimated_cost_vnd', sa.BigInteger(), nullable=False),
    sa.Column('actual_cost_vnd', sa.BigInteger(), nullable=True),
    sa.Column('replacement_advised', sa.Boolean(), nullable=False),
    sa.Column('status_before', sa.String(length=20), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('opened_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('closed_by', sa.String(length=120), nullable=True),
    sa.Column('closed_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint('actual_cost_vnd IS NULL OR actual_cost_vnd >= 0', name=op.f('ck_repairs_actual_not_negative')),
    sa.CheckConstraint('estimated_cost_vnd >= 0', name=op.f('ck_repairs_estimate_not_negative')),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_repairs_asset_id_assets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repairs'))
    )
    op.create_index(op.f('ix_repairs_asset_id'), 'repairs', ['asset_id'], unique=False)
    op.create_index(op.f('ix_repairs_status'), 'repairs', ['status'], unique=False)
    op.create_index(op.f('ix_repairs_unit'), 'repairs', ['unit'], unique=False)
    op.create_index('uq_repairs_open_asset', 'repairs', ['asset_id'], unique=True, postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))
    op.create_table('stocktake_expected',
    sa.Column('stocktake_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tag', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('location', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_stocktake_expected_asset_id_assets')),
    sa.ForeignKeyConstraint(['stocktake_id'], ['stocktakes.id'], name=op.f('fk_stocktake_expected_stocktake_id_stocktakes')),
    sa.PrimaryKeyConstraint('stocktake_id', 'asset_id', name=op.f('pk_stocktake_expected'))
    )
    op.create_table('wear_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('asset_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('wear_rate_pct', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('recorded_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_vnd >= 0', name=op.f('ck_wear_entries_amount_not_negative')),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_wear_entries_asset_id_assets')),
    sa.ForeignKeyConstraint(['run_id'], ['wear_runs.id'], name=op.f('fk_wear_entries_run_id_wear_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wear_entries')),
    sa.UniqueConstraint('asset_id', 'fiscal_year', name='uq_wear_entries_asset_year')
    )
    op.create_index(op.f('ix_wear_entries_asset_id'), 'wear_entries', ['asset_id'], unique=False)
    op.create_index(op.f('ix_wear_entries_fiscal_year'), 'wear_entries', ['fiscal_year'], unique=False)
    op.create_index(op.f('ix_wear_entries_run_id'), 'wear_entries', ['run_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_wear_entries_run_id'), table_name='wear_entries')
    op.drop_index(op.f('ix_wear_entries_fiscal_year'), table_name='wear_entries')
    op.drop_index(op.f('ix_wear_entries_asset_id'), table_name='wear_entries')
    op.drop_table('wear_entries')
    op.drop_table('stocktake_expected')
    op.drop_index('uq_repairs_open_asset', table_name='repairs', postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))
    op.drop_index(op.f('ix_repairs_unit'), table_name='repairs')
    op.drop_index(op.f('ix_repairs_status'), table_name='repairs')
    op.drop_index(op.f('ix_repairs_asset_id'), table_name='repairs')
    op.drop_table('repairs')
    op.drop_index('uq_disposals_requested_asset', table_name='disposals', postgresql_where=sa.text("status = 'requested'"), sqlite_where=sa.text("status = 'requested'"))
    op.drop_index(op.f('ix_disposals_unit'), table_name='disposals')
    op.drop_index(op.f('ix_disposals_status'), table_name='disposals')
    op.drop_index(op.f('ix_disposals_asset_id'), table_name='disposals')
    op.drop_table('disposals')
    op.drop_index(op.f('ix_count_lines_sheet_id'), table_name='count_lines')
    op.drop_table('count_lines')
    op.drop_index(op.f('ix_asset_history_asset_id'), table_name='asset_history')
    op.drop_table('asset_history')
    op.drop_table('stocktake_units')
    op.drop_index(op.f('ix_stocktake_results_stocktake_id'), table_name='stocktake_results')
    op.drop_table('stocktake_results')
    op.drop_index(op.f('ix_standards_category'), table_name='standards')
    op.drop_table('standards')
    op.drop_index(op.f('ix_procurement_steps_procurement_id'), table_name='procurement_steps')
    op.drop_table('procurement_steps')
    op.drop_index(op.f('ix_procurement_lines_procurement_id'), table_name='procurement_lines')
    op.drop_index(op.f('ix_procurement_lines_beneficiary_staff_id'), table_name='procurement_lines')
    op.drop_table('procurement_lines')
    op.drop_index(op.f('ix_count_sheets_stocktake_id'), table_name='count_sheets')
    op.drop_table('count_sheets')
    op.drop_index('uq_assets_plate_active', table_name='assets', postgresql_where=sa.text("plate IS NOT NULL AND status <> 'disposed'"), sqlite_where=sa.text("plate IS NOT NULL AND status <> 'disposed'"))
    op.drop_index(op.f('ix_assets_unit'), table_name='assets')
    op.drop_index(op.f('ix_assets_status'), table_name='assets')
    op.drop_index(op.f('ix_assets_holder_staff_id'), table_name='assets')
    op.drop_index(op.f('ix_assets_category'), table_name='assets')
    op.drop_table('assets')
    op.drop_table('wear_runs')
    op.drop_table('tag_counters')
    op.drop_index(op.f('ix_stocktakes_status'), table_name='stocktakes')
    op.drop_table('stocktakes')
    op.drop_table('replica_units')
    op.drop_index(op.f('ix_replica_staff_unit'), table_name='replica_staff')
    op.drop_table('replica_staff')
    op.drop_index(op.f('ix_procurements_unit'), table_name='procurements')
    op.drop_index(op.f('ix_procurements_status'), table_name='procurements')
    op.drop_table('procurements')
    op.drop_index(op.f('ix_outbox_published_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
    op.drop_table('categories')
