"""Alembic environment of the fleet service (DATABASE_URL, else the local SQLite file)."""
from buildingblocks.migrations import run_migrations

from fleet.adapters.orm import metadata

run_migrations(metadata, "fleet")
