from buildingblocks.migrations import run_migrations

from assets.adapters.orm import metadata

run_migrations(metadata, service="assets")
