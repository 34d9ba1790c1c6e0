"""Reading the access audit log (admins and auditors)."""

from __future__ import annotations

from datetime import datetime

from buildingblocks.pagination import paginate
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.adapters.orm import AuditEntry


def list_audit_entries(
    session: Session,
    *,
    username: str | None = None,
    unit: str | None = None,
    action: str | None = None,
    status: int | None = None,
    request_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[AuditEntry], str | None]:
    """Audit entries, newest first, narrowed by any of the filters."""
    stmt = select(AuditEntry)
    if username is not None:
        stmt = stmt.where(AuditEntry.username == username)
    if unit is not None:
        stmt = stmt.where(AuditEntry.unit == unit)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    if status is not None:
        stmt = stmt.where(AuditEntry.status == status)
    if request_id is not None:
        stmt = stmt.where(AuditEntry.request_id == request_id)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    return paginate(session, stmt, AuditEntry.id, limit, cursor, descending=True)
