"""Attachments on a record, on PostgreSQL and SQLite: the type from the content, the size limit,
the sha256 on download, another board's record is 404, a failed upload leaves nothing."""
import hashlib
import io

import pytest
from flask_smorest import Blueprint
from sqlalchemy import func, select

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.attachments import attachment_tables, clean_filename, sniff
from buildingblocks.config import ServiceConfig, Settings
from buildingblocks.db import Database
from buildingblocks.errors import NotAllowed, NotFound
from buildingblocks.testing import TEST_SECRET, auth_headers, make_principal
from buildingblocks.web import create_service_app

from conftest import Note, metadata

TABLES = attachment_tables(metadata) if "attachments" not in metadata.tables else (
    metadata.tables["attachments"], metadata.tables["attachment_blobs"])
PDF = b"%PDF-1.4\n" + b"x" * 2000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
STAFF = make_principal("an", "BTC", ["staff"], staff_id=22)
OTHER = make_principal("binh", "BNC", ["staff"], staff_id=33)
AUDITOR = make_principal("kt", "UBKT", ["auditor"])


def _load(uow, principal, record_id):
    note = uow.session.get(Note, record_id)
    if note is None:
        raise NotFound("no such note")
    principal.ensure_can_see(note.unit, "demo")
    return note.unit


def _may_add(uow, principal, record_id):
    if principal.has_role("auditor"):
        raise NotAllowed("auditors change nothing")


def make_app(database: Database):
    blp = Blueprint(f"files-{database.dialect}", __name__)
    attachment_routes(blp, "/notes/<id:record_id>/attachments", kind="note", tables=TABLES, load=_load,
                      may_add=_may_add)
    settings = Settings.from_env("demo", database_url=database.url, internal_token_secret=TEST_SECRET,
                                 broker_url="amqp://guest:guest@127.0.0.1:1/%2F", ATTACHMENTS_MAX_BYTES=100_000)
    metadata.create_all(database.engine)
    return create_service_app(ServiceConfig(settings=settings), [blp], metadata, database=database).test_client()


@pytest.fixture(scope="module")
def own_sqlite(tmp_path_factory):
    # its own file: the outbox rows these tests write must not reach the relay tests' database
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('files')}/files.db", service="demo")
    yield db
    db.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def setup(request, database, own_sqlite):
    db = database if request.param == "postgresql" else own_sqlite
    client = make_app(db)
    with db.unit_of_work() as uow:
        note = Note(unit="BTC", text="hóa đơn")
        uow.session.add(note)
        uow.session.flush()
        note_id = note.id
        uow.commit()
    return db, client, note_id


def upload(client, note_id, content, name="hoa-don.pdf", who=STAFF):
    return client.post(f"/notes/{note_id}/attachments", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", headers=auth_headers(who, service="demo"))


def count(db):
    with db.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(TABLES[0]))


def test_upload_list_and_download_byte_identical(setup):
    db, client, note_id = setup
    resp = upload(client, note_id, PDF, name="../../etc/Hóa đơn tháng 12.pdf")
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["content_type"] == "application/pdf" and body["size"] == len(PDF)
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest() and body["filename"] == "Hóa đơn tháng 12.pdf"
    listed = client.get(f"/notes/{note_id}/attachments", headers=auth_headers(AUDITOR, service="demo")).json
    assert [a["id"] for a in listed["items"]] == [body["id"]]
    got = client.get(f"/notes/{note_id}/attachments/{body['id']}", headers=auth_headers(STAFF, service="demo"))
    assert got.status_code == 200 and got.data == PDF and got.headers["ETag"] == f'"{body["sha256"]}"'
    assert "attachment;" in got.headers["Content-Disposition"] and "etc" not in got.headers["Content-Disposition"]


@pytest.mark.parametrize("content, status", [
    (b"", 422), (b"MZ\x90\x00" + b"\x00" * 100, 422), (b"#!/bin/sh\nrm -rf /\n", 422), (PDF + b"y" * 100_000, 413),
])
def test_refused_files_leave_nothing(setup, content, status):
    db, client, note_id = setup
    before = count(db)
    resp = upload(client, note_id, content, name="invoice.pdf")
    assert resp.status_code == status, resp.data
    assert resp.mimetype == "application/problem+json"
    assert count(db) == before


def test_another_boards_record_and_its_files_are_404(setup):
    db, client, note_id = setup
    added = upload(client, note_id, PNG, name="scan.png").json
    assert upload(client, note_id, PNG, who=OTHER).status_code == 404
    assert client.get(f"/notes/{note_id}/attachments", headers=auth_headers(OTHER, service="demo")).status_code == 404
    assert client.get(f"/notes/{note_id}/attachments/{added['id']}",
                      headers=auth_headers(OTHER, service="demo")).status_code == 404
    assert upload(client, note_id, PNG, who=AUDITOR).status_code == 403


def test_sniffing_and_names():
    assert sniff(PDF[:16]) == ("application/pdf", ".pdf") and sniff(b"GIF89a") is None
    assert clean_filename("C:\\Users\\x\\a\x00b.pdf", ".pdf") == "ab.pdf"
    assert clean_filename("", ".png") == "tep-dinh-kem.png"
