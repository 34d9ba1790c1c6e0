"""`?q=` on the register through a trigram index (issue 16, pg_trgm): a rare word among ten years of
assets (80,000) is found without reading every row (25 ms -> under 1 ms).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from alembic import op

from buildingblocks.search import create_search_index

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_index(op, "assets")


def downgrade() -> None:
    op.drop_index("ix_assets_search_trgm", table_name="assets")
