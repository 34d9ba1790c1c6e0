import pytest
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from buildingblocks.db import Database, make_base, service_metadata
from buildingblocks.testing import (  # noqa: F401  (fixtures)
    broker_settings,
    create_test_database,
    delete_broker_objects,
    drop_test_database,
    isolated_broker_settings,
    pg_url,
)

metadata = service_metadata()
Base = make_base(metadata)


class Note(Base):
    """A tiny table for the building blocks' own tests."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(200))


@pytest.fixture(scope="session")
def database(pg_url):
    db = Database(pg_url, service="demo")
    metadata.create_all(db.engine)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('db')}/demo.db", service="demo")
    metadata.create_all(db.engine)
    yield db
    db.dispose()
