"""The one alembic env every service uses: `run_migrations(metadata)` from migrations/env.py."""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy import engine_from_config, pool


def database_url(service: str | None = None) -> str:
    """DATABASE_URL, else the local SQLite default of the service."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from .config import Settings

    return Settings.from_env(service or "service").database_url


def run_migrations(metadata, service: str | None = None) -> None:
    """Run alembic online (or offline with --sql) against DATABASE_URL."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or database_url(service)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


def upgrade(alembic_ini: str, url: str) -> None:
    """Migrate the database at `url` to head with the alembic.ini of a service (tests, tools)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(alembic_ini)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
