"""Alembic environment of the finance service (the shared runner of buildingblocks)."""
from buildingblocks.migrations import run_migrations

from finance.adapters.orm import metadata

run_migrations(metadata, service="finance")
