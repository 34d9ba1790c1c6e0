"""Attachments on a record, on PostgreSQL and SQLite, and in an S3 bucket (a real S3 server: moto's,
started by the test): the type from the content, the size limit, the sha256 on download, another
board's record is 404, a failed upload leaves nothing (no row, no object)."""
import hashlib
import io
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from flask_smorest import Blueprint
from sqlalchemy import func, select

from buildingblocks.attachment_routes import attachment_routes
from buildingblocks.attachments import (Attachments, S3Store, TooLarge, attachment_store, attachment_tables,
                                        clean_filename, read_upload, sniff)
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


def make_app(database: Database, attachments_url: str = ""):
    blp = Blueprint(f"files-{database.dialect}{'-s3' if attachments_url else ''}", __name__)
    attachment_routes(blp, "/notes/<id:record_id>/attachments", kind="note", tables=TABLES, load=_load,
                      may_add=_may_add)
    settings = Settings.from_env("demo", database_url=database.url, internal_token_secret=TEST_SECRET,
                                 broker_url="amqp://guest:guest@127.0.0.1:1/%2F", ATTACHMENTS_MAX_BYTES=100_000,
                                 ATTACHMENTS_URL=attachments_url)
    metadata.create_all(database.engine)
    return create_service_app(ServiceConfig(settings=settings), [blp], metadata, database=database).test_client()


@pytest.fixture(scope="module")
def own_sqlite(tmp_path_factory):
    # its own file: the outbox rows these tests write must not reach the relay tests' database
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('files')}/files.db", service="demo")
    yield db
    db.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """A real S3 endpoint (moto's server mode, a separate process) and boto3's environment for it."""
    port = _free_port()
    log = open(tmp_path_factory.mktemp("s3") / "moto.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    env = {"AWS_ENDPOINT_URL_S3": endpoint, "AWS_ACCESS_KEY_ID": "p14-test", "AWS_SECRET_ACCESS_KEY": "p14-test",
           "AWS_DEFAULT_REGION": "us-east-1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(endpoint, timeout=1)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def bucket_url(s3_server):
    bucket = f"office-{uuid.uuid4().hex[:12]}"
    S3Store(f"s3://{bucket}", "demo").client.create_bucket(Bucket=bucket)
    return f"s3://{bucket}/attachments"


def objects(url: str) -> list[str]:
    """The keys under an ATTACHMENTS_URL."""
    store = S3Store(url, "")
    listed = store.client.list_objects_v2(Bucket=store.bucket, Prefix=store.prefix)
    return [o["Key"] for o in listed.get("Contents", [])]


@pytest.fixture(params=["postgresql", "sqlite", "postgresql+s3"])
def setup(request, database, own_sqlite):
    db = own_sqlite if request.param == "sqlite" else database
    url = request.getfixturevalue("bucket_url") if request.param.endswith("+s3") else ""
    client = make_app(db, url)
    client.attachments_url = url
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


def count(db, url=""):
    """(attachment rows, stored blobs: rows of attachment_blobs, or the bucket's objects)."""
    with db.unit_of_work() as uow:
        rows = uow.session.scalar(select(func.count()).select_from(TABLES[0]))
        blobs = uow.session.scalar(select(func.count()).select_from(TABLES[1]))
    return rows, (len(objects(url)) if url else blobs)


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
    before = count(db, client.attachments_url)
    resp = upload(client, note_id, content, name="invoice.pdf")
    assert resp.status_code == status, resp.data
    assert resp.mimetype == "application/problem+json"
    assert count(db, client.attachments_url) == before


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


def test_the_bytes_are_where_the_settings_say(setup):
    db, client, note_id = setup
    rows, blobs = count(db, client.attachments_url)
    added = upload(client, note_id, PDF).json
    assert count(db, client.attachments_url) == (rows + 1, blobs + 1)
    if client.attachments_url:  # in the bucket, under the service's prefix, named by the row; none in the table
        assert f"attachments/demo/note/{note_id}/{added['id']}-{added['sha256']}" in objects(client.attachments_url)
        with db.unit_of_work() as uow:
            assert uow.session.scalar(select(func.count()).select_from(TABLES[1])
                                      .where(TABLES[1].c.attachment_id == added["id"])) == 0


def test_bytes_changed_in_the_store_are_refused_on_download(setup):
    db, client, note_id = setup
    added = upload(client, note_id, PNG, name="scan.png").json
    tampered = PNG + b"tampered"
    if client.attachments_url:
        store = S3Store(client.attachments_url, "demo")
        store.client.put_object(Bucket=store.bucket, Key=store.key(added | {"record_kind": "note",
                                                                             "record_id": note_id}), Body=tampered)
    else:
        with db.unit_of_work() as uow:
            uow.session.execute(TABLES[1].update().where(TABLES[1].c.attachment_id == added["id"])
                                .values(content=tampered))
            uow.commit()
    got = client.get(f"/notes/{note_id}/attachments/{added['id']}", headers=auth_headers(STAFF, service="demo"))
    assert got.status_code == 500 and tampered not in got.data


def _store(db, url):
    return attachment_store(Settings.from_env("demo", database_url=db.url, ATTACHMENTS_URL=url), TABLES[1])


def test_an_upload_whose_transaction_does_not_commit_leaves_nothing(setup):
    """The object is written before the row commits: a transaction that ends without committing
    (an error after the upload, a failed commit) takes the object away with the row."""
    db, client, note_id = setup
    before = count(db, client.attachments_url)
    upload_ = read_upload(io.BytesIO(PDF), "hoa-don.pdf")
    with pytest.raises(RuntimeError, match="after the bytes were stored"):
        with db.unit_of_work() as uow:
            Attachments(uow.session, TABLES, _store(db, client.attachments_url)).add("note", note_id, "BTC", upload_, "an")
            if client.attachments_url:  # the object is there while the transaction is open
                assert len(objects(client.attachments_url)) == before[1] + 1
            raise RuntimeError("publishing failed after the bytes were stored")
    assert count(db, client.attachments_url) == before


def test_a_deleted_records_attachments_go_with_it_once_committed(setup):
    db, client, note_id = setup
    for content in (PDF, PNG):
        assert upload(client, note_id, content).status_code == 201
    before = count(db, client.attachments_url)
    with db.unit_of_work() as uow:  # not committed: everything stays
        assert Attachments(uow.session, TABLES, _store(db, client.attachments_url)).delete_for("note", note_id) == 2
    assert count(db, client.attachments_url) == before
    with db.unit_of_work() as uow:
        Attachments(uow.session, TABLES, _store(db, client.attachments_url)).delete_for("note", note_id)
        uow.commit()
    assert count(db, client.attachments_url) == (before[0] - 2, before[1] - 2)
    assert client.get(f"/notes/{note_id}/attachments", headers=auth_headers(STAFF, service="demo")).json["items"] == []


def test_the_store_url_is_checked():
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        S3Store("https://bucket/prefix", "demo")
    with pytest.raises(TooLarge):
        read_upload(io.BytesIO(PDF), "a.pdf", max_bytes=100)
