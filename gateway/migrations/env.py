from buildingblocks.migrations import run_migrations

from gateway.adapters.orm import metadata

run_migrations(metadata, "gateway")
