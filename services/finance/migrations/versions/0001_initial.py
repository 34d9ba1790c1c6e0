"""initial: regulation, budgets, ledger, expenses, reservations, chargebacks, replica

Revision ID: 0001
Revises:
Create Date: 2026-11-27 19:40:48.428965
"""
import sqlalchemy as sa
from alembic import op

import buildingblocks.db


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('budget_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('from_unit', sa.String(length=40), nullable=True),
    sa.Column('to_unit', sa.String(length=40), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requested_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('decided_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('event_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_changes'))
    )
    op.create_index(op.f('ix_budget_changes_event_id'), 'budget_changes', ['event_id'], unique=False)
    op.create_index(op.f('ix_budget_changes_from_unit'), 'budget_changes', ['from_unit'], unique=False)
    op.create_index(op.f('ix_budget_changes_to_unit'), 'budget_changes', ['to_unit'], unique=False)
    op.create_table('budgets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budgets')),
    sa.UniqueConstraint('fiscal_year', 'unit', 'category', name='uq_budgets_year_unit_category')
    )
    op.create_index(op.f('ix_budgets_unit'), 'budgets', ['unit'], unique=False)
    op.create_table('chargebacks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('source_id', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('overrun', sa.Boolean(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('booked_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chargebacks')),
    sa.UniqueConstraint('source', 'source_id', name='uq_chargebacks_source')
    )
    op.create_index(op.f('ix_chargebacks_unit'), 'chargebacks', ['unit'], unique=False)
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
    op.create_table('regulations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regulations')),
    sa.UniqueConstraint('effective_from', name=op.f('uq_regulations_effective_from'))
    )
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
    op.create_table('ledger_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('budget_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('source_id', sa.String(length=60), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=True),
    sa.Column('overrun', sa.Boolean(), nullable=False),
    sa.Column('reverses_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_ledger_entries_budget_id_budgets')),
    sa.ForeignKeyConstraint(['reverses_entry_id'], ['ledger_entries.id'], name=op.f('fk_ledger_entries_reverses_entry_id_ledger_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    sa.UniqueConstraint('reverses_entry_id', name=op.f('uq_ledger_entries_reverses_entry_id'))
    )
    op.create_index('ix_ledger_entries_budget_kind', 'ledger_entries', ['budget_id', 'kind', 'amount_vnd'], unique=False)
    op.create_index(op.f('ix_ledger_entries_event_id'), 'ledger_entries', ['event_id'], unique=False)
    op.create_index('ix_ledger_entries_source', 'ledger_entries', ['source', 'source_id'], unique=False)
    op.create_index(op.f('ix_ledger_entries_unit'), 'ledger_entries', ['unit'], unique=False)
    op.create_table('norms',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('regulation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('title_rank', sa.String(length=40), nullable=True),
    sa.Column('locality_tier', sa.String(length=40), nullable=True),
    sa.Column('limit_vnd', sa.BigInteger(), nullable=False),
    sa.Column('per', sa.String(length=10), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulations.id'], name=op.f('fk_norms_regulation_id_regulations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_norms'))
    )
    op.create_index(op.f('ix_norms_regulation_id'), 'norms', ['regulation_id'], unique=False)
    op.create_table('reservations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('source_id', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('budget_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('actual_vnd', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('last_event_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_reservations_budget_id_budgets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reservations')),
    sa.UniqueConstraint('source', 'source_id', name='uq_reservations_source')
    )
    op.create_index(op.f('ix_reservations_unit'), 'reservations', ['unit'], unique=False)
    op.create_table('expenses',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('rate_vnd', sa.BigInteger(), nullable=True),
    sa.Column('beneficiary_staff_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_title_rank', sa.String(length=40), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('locality_tier', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('budget_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('regulation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('norm_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('norm_limit_vnd', sa.BigInteger(), nullable=True),
    sa.Column('norm_per', sa.String(length=10), nullable=True),
    sa.Column('paid_amount_vnd', sa.BigInteger(), nullable=True),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requested_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_expenses_budget_id_budgets')),
    sa.ForeignKeyConstraint(['norm_id'], ['norms.id'], name=op.f('fk_expenses_norm_id_norms')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulations.id'], name=op.f('fk_expenses_regulation_id_regulations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenses'))
    )
    op.create_index('ix_expenses_beneficiary_category_date', 'expenses', ['beneficiary_staff_id', 'category', 'date'], unique=False)
    op.create_index(op.f('ix_expenses_status'), 'expenses', ['status'], unique=False)
    op.create_index(op.f('ix_expenses_unit'), 'expenses', ['unit'], unique=False)
    op.create_table('expense_decisions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('expense_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('by_username', sa.String(length=120), nullable=False),
    sa.Column('by_staff_id', sa.Integer(), nullable=True),
    sa.Column('at', buildingblocks.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['expense_id'], ['expenses.id'], name=op.f('fk_expense_decisions_expense_id_expenses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expense_decisions'))
    )
    op.create_index(op.f('ix_expense_decisions_expense_id'), 'expense_decisions', ['expense_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_expense_decisions_expense_id'), table_name='expense_decisions')
    op.drop_table('expense_decisions')
    op.drop_index(op.f('ix_expenses_unit'), table_name='expenses')
    op.drop_index(op.f('ix_expenses_status'), table_name='expenses')
    op.drop_index('ix_expenses_beneficiary_category_date', table_name='expenses')
    op.drop_table('expenses')
    op.drop_index(op.f('ix_reservations_unit'), table_name='reservations')
    op.drop_table('reservations')
    op.drop_index(op.f('ix_norms_regulation_id'), table_name='norms')
    op.drop_table('norms')
    op.drop_index(op.f('ix_ledger_entries_unit'), table_name='ledger_entries')
    op.drop_index('ix_ledger_entries_source', table_name='ledger_entries')
    op.drop_index(op.f('ix_ledger_entries_event_id'), table_name='ledger_entries')
    op.drop_index('ix_ledger_entries_budget_kind', table_name='ledger_entries')
    op.drop_table('ledger_entries')
    op.drop_table('replica_units')
    op.drop_index(op.f('ix_replica_staff_unit'), table_name='replica_staff')
    op.drop_table('replica_staff')
    op.drop_table('regulations')
    op.drop_index(op.f('ix_outbox_published_at'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
    op.drop_index(op.f('ix_chargebacks_unit'), table_name='chargebacks')
    op.drop_table('chargebacks')
    op.drop_index(op.f('ix_budgets_unit'), table_name='budgets')
    op.drop_table('budgets')
    op.drop_index(op.f('ix_budget_changes_to_unit'), table_name='budget_changes')
    op.drop_index(op.f('ix_budget_changes_from_unit'), table_name='budget_changes')
    op.drop_index(op.f('ix_budget_changes_event_id'), table_name='budget_changes')
    op.drop_table('budget_changes')
