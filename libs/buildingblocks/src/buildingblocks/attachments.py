"""Files attached to records (invoice scans, signed minutes): one way for every service.

- What a file is comes from its first bytes, never its name: PDF, JPEG and PNG only; an empty
  file or anything else is Invalid (422); more than `ATTACHMENTS_MAX_BYTES` (10 MiB) is TooLarge
  (413). The name is kept for the download and never used as a path.
- The bytes are stored by the owning service, in its own database (`attachment_blobs`, the
  default, on PostgreSQL and SQLite alike) in the same transaction as the attachment's row, or,
  when `ATTACHMENTS_URL` is `s3://bucket/prefix`, in an S3-compatible bucket (`S3Store`: the
  object is written before the transaction commits and removed again if it does not, so an upload
  that fails midway leaves neither a row nor an object). A record's attachments are deleted with
  it (their objects once the deletion has committed).
- The sha256 is computed while reading, returned, and checked again on every download.
- Attaching publishes `<service>.attachment.added` (the audit trail); the bytes never travel on
  RabbitMQ.

A service calls `attachment_tables(metadata)` in its ORM module (and creates the two tables in
a migration), then `attachment_routes(...)` on the blueprint of each record kind.
"""
from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import IO, Any, Callable
from urllib.parse import urlsplit

from sqlalchemy import (BigInteger, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, delete,
                        event, select)
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
log = logging.getLogger(__name__)


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


class DatabaseStore:
    """The bytes in the service's own `attachment_blobs` table, in the attachment's transaction."""

    def __init__(self, blobs: Table):
        self.blobs = blobs

    def put(self, session: Session, row: dict[str, Any], content: bytes) -> None:
        session.execute(self.blobs.insert().values(attachment_id=row["id"], content=content))

    def get(self, session: Session, row: dict[str, Any]) -> bytes | None:
        content = session.scalar(select(self.blobs.c.content).where(self.blobs.c.attachment_id == row["id"]))
        return None if content is None else bytes(content)

    def drop(self, session: Session, rows: list[dict[str, Any]]) -> None:
        session.execute(delete(self.blobs).where(self.blobs.c.attachment_id.in_([r["id"] for r in rows])))


class S3Store:
    """The bytes in an S3-compatible bucket: `ATTACHMENTS_URL=s3://bucket/prefix`.

    The endpoint, region and credentials are boto3's usual environment (`AWS_ENDPOINT_URL_S3` or
    `AWS_ENDPOINT_URL` for MinIO, Ceph, Garage...; `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    `AWS_DEFAULT_REGION`). An object is `<prefix>/<service>/<record kind>/<record id>/<attachment
    id>-<sha256>`: the row names it, so the tables need no new column. An object is written before
    its row commits and deleted if the transaction ends without committing; a deleted record's
    objects go once the deletion has committed (a failure then is logged: an orphan object, never
    a row without its bytes).
    """

    def __init__(self, url: str, service: str, client: Any = None):
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"ATTACHMENTS_URL must look like s3://bucket/prefix, not {url!r}")
        self.bucket = parts.netloc
        self.prefix = "/".join(p for p in (parts.path.strip("/"), service) if p)
        if client is None:
            import boto3
            from botocore.config import Config

            # path-style addressing: what MinIO and most self-hosted S3 servers expect
            client = boto3.client("s3", config=Config(s3={"addressing_style": "path"},
                                                      retries={"max_attempts": 3, "mode": "standard"}))
        self.client = client

    def key(self, row: dict[str, Any]) -> str:
        return f"{self.prefix}/{row['record_kind']}/{row['record_id']}/{row['id']}-{row['sha256']}"

    def put(self, session: Session, row: dict[str, Any], content: bytes) -> None:
        key = self.key(row)
        self.client.put_object(Bucket=self.bucket, Key=key, Body=content, ContentType=row["content_type"],
                               Metadata={"sha256": row["sha256"]})
        self._pending(session)["written"].append(key)

    def get(self, session: Session, row: dict[str, Any]) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key(row))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def drop(self, session: Session, rows: list[dict[str, Any]]) -> None:
        self._pending(session)["dropped"].extend(self.key(r) for r in rows)

    def _pending(self, session: Session) -> dict[str, list[str]]:
        """The objects this session's transaction wrote or means to delete, settled when it ends."""
        pending = session.info.get(("s3", self.bucket))
        if pending is None:
            pending = session.info[("s3", self.bucket)] = {"written": [], "dropped": []}
            event.listen(session, "after_commit", lambda s: self._settle(pending, committed=True))
            event.listen(session, "after_transaction_end",
                         lambda s, tx: tx.parent is None and self._settle(pending, committed=False))
        return pending

    def _settle(self, pending: dict[str, list[str]], committed: bool) -> None:
        doomed = pending["dropped"] if committed else pending["written"]
        pending["written"], pending["dropped"] = [], []
        for start in range(0, len(doomed), 1000):
            batch = doomed[start:start + 1000]
            try:
                self.client.delete_objects(Bucket=self.bucket,
                                           Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
            except Exception:  # noqa: BLE001  (the transaction's outcome stands; the operator sweeps)
                log.exception("could not delete attachment objects %s from s3://%s", batch, self.bucket)


_S3_STORES: dict[tuple[str, str], S3Store] = {}
_S3_LOCK = threading.Lock()


def attachment_store(settings: Any, blobs: Table) -> DatabaseStore | S3Store:
    """The store a service's settings name: `ATTACHMENTS_URL` (s3://...) or its own database."""
    url = settings.get("ATTACHMENTS_URL", "") if settings is not None else ""
    if not url:
        return DatabaseStore(blobs)
    with _S3_LOCK:  # one boto3 client per process and bucket (clients are thread-safe)
        store = _S3_STORES.get((url, settings.service))
        if store is None:
            store = _S3_STORES[(url, settings.service)] = S3Store(url, settings.service)
    return store


class Attachments:
    """The attachments of one service on one session (its tables from `attachment_tables`), their
    bytes in `store` (the service's database unless told otherwise)."""

    def __init__(self, session: Session, tables: tuple[Table, Table], store: DatabaseStore | S3Store | None = None):
        self.session = session
        self.table, self.blobs = tables
        self.store = store or DatabaseStore(self.blobs)

    def add(self, record_kind: str, record_id: int, unit: str | None, upload: Upload, uploaded_by: str) -> dict[str, Any]:
        row = dict(record_kind=record_kind, record_id=record_id, unit=unit, filename=upload.filename,
                   content_type=upload.content_type, size=len(upload.content), sha256=upload.sha256,
                   uploaded_by=uploaded_by, uploaded_at=utcnow())
        new_id = self.session.execute(self.table.insert().values(**row).returning(self.table.c.id)).scalar_one()
        row = {"id": new_id, **row}
        self.store.put(self.session, row, upload.content)
        return row

    def list(self, record_kind: str, record_id: int, limit: int, after_id: int | None = None) -> list[dict[str, Any]]:
        t = self.table
        stmt = select(t).where(t.c.record_kind == record_kind, t.c.record_id == record_id)
        if after_id is not None:
            stmt = stmt.where(t.c.id > after_id)
        rows = self.session.execute(stmt.order_by(t.c.id).limit(limit + 1)).mappings().all()
        return [dict(r) for r in rows]

    def get(self, record_kind: str, record_id: int, attachment_id: int) -> tuple[dict[str, Any], bytes]:
        t = self.table
        row = self.session.execute(
            select(t).where(t.c.id == attachment_id, t.c.record_kind == record_kind, t.c.record_id == record_id)
        ).mappings().first()
        if row is None:
            raise NotFound("no such attachment")
        meta = dict(row)
        content = self.store.get(self.session, meta)
        if content is None:
            raise IntegrityLost(f"attachment {attachment_id} has lost its bytes")
        if hashlib.sha256(content).hexdigest() != meta["sha256"]:
            raise IntegrityLost(f"attachment {attachment_id} does not match its sha256")
        return meta, content

    def delete_for(self, record_kind: str, record_id: int) -> int:
        """Delete a record's attachments (with their bytes); how many went."""
        t = self.table
        rows = [dict(r) for r in self.session.execute(
            select(t).where(t.c.record_kind == record_kind, t.c.record_id == record_id)).mappings()]
        if rows:
            self.store.drop(self.session, rows)
            self.session.execute(delete(t).where(t.c.id.in_([r["id"] for r in rows])))
        return len(rows)


class IntegrityLost(RuntimeError):
    """Stored bytes no longer match their digest: an operator's problem, never the client's."""


def published_data(row: dict[str, Any]) -> dict[str, Any]:
    """The data of `<service>.attachment.added` for a stored attachment row."""
    keys = ("record_kind", "record_id", "unit", "filename", "content_type", "size", "sha256", "uploaded_by")
    return {"attachment_id": row["id"], **{k: row[k] for k in keys}}


RecordLoader = Callable[[Any, Any, int], Any]
