"""seed the spending regulation: TT 40/2017 (from 2017-07-01) and TT 12/2025 (from 2025-05-04)

The versions and their norms, each with its source, are `finance.config.DEFAULT_REGULATION_VERSIONS`
(taken from shared/design/regulations.md). They are data: `office_finance` adds later versions
through the API. A version already present (same effective date) is left as it is.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

from finance.config import DEFAULT_REGULATION_VERSIONS

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

regulations = sa.table(
    "regulations",
    sa.column("id", sa.BigInteger),
    sa.column("effective_from", sa.Date),
    sa.column("title", sa.String),
    sa.column("source", sa.Text),
    sa.column("created_by", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
norms = sa.table(
    "norms",
    sa.column("regulation_id", sa.BigInteger),
    sa.column("category", sa.String),
    sa.column("title_rank", sa.String),
    sa.column("locality_tier", sa.String),
    sa.column("limit_vnd", sa.BigInteger),
    sa.column("per", sa.String),
    sa.column("source", sa.Text),
)


def upgrade() -> None:
    bind = op.get_bind()
    now = dt.datetime.now(dt.timezone.utc)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # buildingblocks.db.UTCDateTime stores naive UTC on SQLite
    for version in DEFAULT_REGULATION_VERSIONS:
        exists = bind.execute(
            sa.select(regulations.c.id).where(regulations.c.effective_from == version["effective_from"])
        ).first()
        if exists:
            continue
        regulation_id = bind.execute(
            regulations.insert().values(
                effective_from=version["effective_from"], title=version["title"], source=version["source"],
                created_by="migration 0002", created_at=now,
            ).returning(regulations.c.id)
        ).scalar_one()
        bind.execute(norms.insert(), [
            {"regulation_id": regulation_id, "category": category, "title_rank": rank, "locality_tier": tier,
             "limit_vnd": limit, "per": per, "source": source}
            for category, rank, tier, limit, per, source in version["norms"]
        ])


def downgrade() -> None:
    bind = op.get_bind()
    for version in DEFAULT_REGULATION_VERSIONS:
        found = bind.execute(
            sa.select(regulations.c.id).where(
                regulations.c.effective_from == version["effective_from"], regulations.c.created_by == "migration 0002"
            )
        ).first()
        if found:
            bind.execute(norms.delete().where(norms.c.regulation_id == found.id))
            bind.execute(regulations.delete().where(regulations.c.id == found.id))
