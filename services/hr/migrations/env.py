"""Alembic environment of the HR service (the shared runner of buildingblocks)."""
from buildingblocks.migrations import run_migrations

from hr.adapters.orm import metadata

run_migrations(metadata, service="hr")
