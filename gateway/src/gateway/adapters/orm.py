"""The gateway's tables: users, browser sessions, the access audit log and the login throttle counters."""

from __future__ import annotations

import datetime as dt

from buildingblocks.db import BigId, UTCDateTime, make_base, service_metadata
from buildingblocks.replica import replica_tables
from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

metadata = service_metadata()
# HR's units (to find the board of a department) and staff, kept from HR events.
replica_units, replica_staff = replica_tables(metadata)
Base = make_base(metadata)


class User(Base):
    """A person (or a service account) who may log in, linked to an HR staff record."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    staff_id: Mapped[int | None] = mapped_column(Integer, index=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    roles: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped when the password changes or the user is deactivated: older tokens stop working.
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """One access through the gateway or one auth/admin action: who, from which unit, what, result."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    action: Mapped[str] = mapped_column(String(40))
    username: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    status: Mapped[int] = mapped_column(Integer)
    request_id: Mapped[str | None] = mapped_column(String(120))
    client_addr: Mapped[str | None] = mapped_column(String(64))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)


class LoginThrottle(Base):
    """Failed logins counted for one username (`scope="username"`) or one username from one
    address (`scope="pair"`), with the time of the last one (domain/throttle.py)."""

    __tablename__ = "login_throttle"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)


class BrowserSession(Base):
    """A browser's login (the console's HttpOnly cookie): kept here so that logging out, a
    password change or a deactivation ends it at once. Only a hash of the cookie is stored."""

    __tablename__ = "browser_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    # The user's token_version when the session began: a new password ends the session.
    token_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    client_addr: Mapped[str | None] = mapped_column(String(64))
