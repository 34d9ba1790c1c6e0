"""Seed the categories (useful life, wear rate) and the equipment standards from
../shared/design/regulations.md, each with its legal basis, evidence mark and verified=false.

The values live in assets.config (one place, with their sources). Rows already there are left
as they are: a later change by the Office is never overwritten.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from assets import config

    bind = op.get_bind()
    now = dt.datetime.now(dt.timezone.utc)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    categories = sa.table(
        "categories", sa.column("code"), sa.column("name"), sa.column("useful_life_years"),
        sa.column("wear_rate_pct", sa.Numeric(6, 2)), sa.column("is_vehicle"), sa.column("legal_basis"), sa.column("evidence"),
        sa.column("verified"), sa.column("created_at"), sa.column("updated_at"))
    standards = sa.table(
        "standards", sa.column("key"), sa.column("category"), sa.column("scope"), sa.column("title_rank"),
        sa.column("max_quantity"), sa.column("max_unit_price_vnd"), sa.column("legal_basis"),
        sa.column("evidence"), sa.column("verified"), sa.column("created_at"), sa.column("updated_at"))
    have = {row[0] for row in bind.execute(sa.text("SELECT code FROM categories"))}
    rows = [dict(code=code, name=name, useful_life_years=life, wear_rate_pct=Decimal(rate), is_vehicle=vehicle,
                 legal_basis=basis, evidence=evidence, verified=False, created_at=now, updated_at=now)
            for code, name, life, rate, vehicle, basis, evidence in config.CATEGORIES if code not in have]
    if rows:
        op.bulk_insert(categories, rows)
    have = {row[0] for row in bind.execute(sa.text("SELECT key FROM standards"))}
    rows = []
    for category, scope, rank, max_qty, max_price, basis, evidence in config.STANDARDS:
        key = f"{category}:{scope}:{rank or '*'}"
        if key not in have:
            rows.append(dict(key=key, category=category, scope=scope, title_rank=rank, max_quantity=max_qty,
                             max_unit_price_vnd=max_price, legal_basis=basis, evidence=evidence, verified=False,
                             created_at=now, updated_at=now))
    if rows:
        op.bulk_insert(standards, rows)


def downgrade() -> None:
    from assets import config

    keys = [f"{category}:{scope}:{rank or '*'}" for category, scope, rank, *_ in config.STANDARDS]
    codes = [row[0] for row in config.CATEGORIES]
    op.execute(sa.table("standards", sa.column("key")).delete().where(sa.column("key").in_(keys)))
    op.execute(sa.table("categories", sa.column("code")).delete().where(sa.column("code").in_(codes)))
