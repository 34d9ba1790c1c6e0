"""Indexes for ten years of HR (issue 16).

- `ix_appointments_open`: the open appointments (`end_date IS NULL`, where everyone employed
  works now) with their unit and position, which every HR read loads as the structure. Without
  it that read scans every appointment ever made: 433 open among 4,033 at 10x, a seq scan that
  grows with each year's transfers and departures; with it an index-only scan of the open ones.
- `ix_staff_search_trgm`: `?q=` on staff through a trigram index (pg_trgm), as the other
  services' searches (a rare name among everyone who ever worked here).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

from buildingblocks.search import create_search_index

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_appointments_open", "appointments", ["staff_id"], unique=False,
                    postgresql_where=sa.text("end_date IS NULL"), postgresql_include=["unit", "position_id"],
                    sqlite_where=sa.text("end_date IS NULL"))
    create_search_index(op, "staff")


def downgrade() -> None:
    op.drop_index("ix_staff_search_trgm", table_name="staff")
    op.drop_index("ix_appointments_open", table_name="appointments")
