"""Files attached to records (invoice scans, signed minutes): one way for every service.

- What a file is comes from its first bytes, never its name: PDF, JPEG and PNG only; an empty
  file or anything else is Invalid (422); more than `ATTACHMENTS_MAX_BYTES` (10 MiB) is TooLarge
  (413). The name is kept for the download and never used as a path.
- The bytes are stored by the owning service, in its own database (`attachment_blobs`, the
  default, on PostgreSQL and SQLite alike) in the same transaction as the attachment's row, so an
  upload that fails midway leaves nothing behind; a record's attachments are deleted with it.
- The sha256 is computed while reading, returned, and checked again on every download.
- Attaching publishes `<service>.attachment.added` (the audit trail); the bytes never travel on
  RabbitMQ.

A service calls `attachment_tables(metadata)` in its ORM module (and creates the two tables in
a migration), then `attachment_routes(...)` on the blueprint of each record kind.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import IO, Any, Callable

from sqlalchemy import (BigInteger, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, delete,
                        select)
from sqlalchemy.orm import Session

from .db import BigId, UTCDateTime, utcnow
from .errors import DomainError, Invalid, NotFound

MAX_BYTES = 10 * 1024 * 1024
CHUNK = 64 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]


class TooLarge(DomainError):
    """The body is larger than the service accepts (413)."""


def attachment_tables(metadata: MetaData) -> tuple[Table, Table]:
    """The `attachments` and `attachment_blobs` tables, added to a service's metadata."""
    attachments = Table(
        "attachments", metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("record_kind", String(40), nullable=False),
        Column("record_id", BigInteger, nullable=False),
        Column("unit", String(40), nullable=True),
        Column("filename", String(255), nullable=False),
        Column("content_type", String(60), nullable=False),
        Column("size", Integer, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("uploaded_by", String(120), nullable=False),
        Column("uploaded_at", UTCDateTime(), nullable=False),
        Index("ix_attachments_record", "record_kind", "record_id", "id"),
    )
    blobs = Table(
        "attachment_blobs", metadata,
        Column("attachment_id", BigId, ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True),
        Column("content", LargeBinary, nullable=False),
    )
    return attachments, blobs


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file from its first bytes, or None when it is not allowed."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def clean_filename(name: str | None, ext: str) -> str:
    """The name to offer on download: no folders, no control characters, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip(" .")
    base = re.sub(r"\s+", " ", base)[:200]
    return base or f"tep-dinh-kem{ext}"


@dataclass(frozen=True)
class Upload:
    content: bytes
    content_type: str
    filename: str
    sha256: str


def read_upload(stream: IO[bytes], filename: str | None, max_bytes: int = MAX_BYTES) -> Upload:
    """Read an uploaded file in chunks (never more than `max_bytes` + 1), check and hash it."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"the file is larger than {max_bytes // (1024 * 1024)} MiB", max_bytes=max_bytes)
        digest.update(chunk)
        parts.append(chunk)
    content = b"".join(parts)
    if not content:
        raise Invalid("the file is empty", errors={"file": ["empty file"]}, rule="attachment_empty")
    kind = sniff(content[:16])
    if kind is None:
        raise Invalid("only PDF, JPEG and PNG files may be attached", errors={"file": ["not a PDF, JPEG or PNG file"]},
                      rule="attachment_type")
    return Upload(content, kind[0], clean_filename(filename, kind[1]), digest.hexdigest())


class Attachments:
    """The attachments of one service on one session (its tables from `attachment_tables`)."""

    def __init__(self, session: Session, tables: tuple[Table, Table]):
        self.session = session
        self.table, self.blobs = tables

    def add(self, record_kind: str, record_id: int, unit: str | None, upload: Upload, uploaded_by: str) -> dict[str, Any]:
        row = dict(record_kind=record_kind, record_id=record_id, unit=unit, filename=upload.filename,
                   content_type=upload.content_type, size=len(upload.content), sha256=upload.sha256,
                   uploaded_by=uploaded_by, uploaded_at=utcnow())
        new_id = self.session.execute(self.table.insert().values(**row).returning(self.table.c.id)).scalar_one()
        self.session.execute(self.blobs.insert().values(attachment_id=new_id, content=upload.content))
        return {"id": new_id, **row}

    def list(self, record_kind: str, record_id: int, limit: int, after_id: int | None = None) -> list[dict[str, Any]]:
        t = self.table
        stmt = select(t).where(t.c.record_kind == record_kind, t.c.record_id == record_id)
        if after_id is not None:
            stmt = stmt.where(t.c.id > after_id)
        rows = self.session.execute(stmt.order_by(t.c.id).limit(limit + 1)).mappings().all()
        return [dict(r) for r in rows]

    def get(self, record_kind: str, record_id: int, attachment_id: int) -> tuple[dict[str, Any], bytes]:
        t, b = self.table, self.blobs
        row = self.session.execute(
            select(t, b.c.content).join(b, b.c.attachment_id == t.c.id)
            .where(t.c.id == attachment_id, t.c.record_kind == record_kind, t.c.record_id == record_id)
        ).mappings().first()
        if row is None:
            raise NotFound("no such attachment")
        meta = {k: row[k] for k in row.keys() if k != "content"}
        content = bytes(row["content"])
        if hashlib.sha256(content).hexdigest() != meta["sha256"]:
            raise IntegrityLost(f"attachment {attachment_id} does not match its sha256")
        return meta, content

    def delete_for(self, record_kind: str, record_id: int) -> int:
        """Delete a record's attachments (with their bytes); how many went."""
        t = self.table
        ids = list(self.session.scalars(select(t.c.id).where(t.c.record_kind == record_kind, t.c.record_id == record_id)))
        if ids:
            self.session.execute(delete(self.blobs).where(self.blobs.c.attachment_id.in_(ids)))
            self.session.execute(delete(t).where(t.c.id.in_(ids)))
        return len(ids)


class IntegrityLost(RuntimeError):
    """Stored bytes no longer match their digest: an operator's problem, never the client's."""


def published_data(row: dict[str, Any]) -> dict[str, Any]:
    """The data of `<service>.attachment.added` for a stored attachment row."""
    keys = ("record_kind", "record_id", "unit", "filename", "content_type", "size", "sha256", "uploaded_by")
    return {"attachment_id": row["id"], **{k: row[k] for k in keys}}


RecordLoader = Callable[[Any, Any, int], Any]
