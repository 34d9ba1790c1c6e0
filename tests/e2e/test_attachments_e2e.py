"""Attachments end to end through the gateway (issue 14), on the platform's PostgreSQL databases and
on a platform of SQLite files (`make run`'s default): an invoice scan on an expense is uploaded,
listed and downloaded byte-identical with its sha256; a disguised executable, an empty file and
an 11 MiB file are refused and leave no row; another board's staff get 404 for the record's files.

    flock /tmp/office-platform.lock .venv/bin/pytest -q -p no:cacheprovider tests/e2e/test_attachments_e2e.py
"""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from harness import Platform, eventually

MIB = 1024 * 1024
# a real (tiny) PDF and PNG, and the same bytes at 11 MiB: the limit is 10 MiB
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 4000


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def office(request) -> Platform:
    office = request.getfixturevalue("platform" if request.param == "postgresql" else "sqlite_platform")
    assert {url.split(":", 1)[0].split("+")[0] for url in office.db_urls.values()} == {request.param}
    return office


@pytest.fixture(scope="module")
def expense(office) -> str:
    """An expense of BTC's, drafted by its staff member: the files go on /finance/expenses/{id}."""
    staff = office.client("chuyenvien.btc")
    me = staff.get("/auth/me").json()

    def drafted():  # 422 until finance's replica of the staff has the beneficiary
        resp = staff.post("/finance/expenses", {
            "category": "stationery", "amount_vnd": 1_500_000, "beneficiary_staff_id": me["staff_id"],
            "date": f"{dt.date.today().year}-06-15", "description": "Văn phòng phẩm, hóa đơn kèm theo"})
        return resp.json() if resp.status_code == 201 else None

    return f"/finance/expenses/{eventually(drafted, timeout=30)['id']}/attachments"


def send(office: Platform, user: str, path: str, content: bytes, name: str):
    return office.client(user).post(path, files={"file": (name, content, "application/pdf")})


def test_upload_list_and_download_byte_identical(office, expense):
    added = send(office, "chuyenvien.btc", expense, PDF, "Hóa đơn GTGT số 0001234.pdf")
    assert added.status_code == 201, added.text
    meta = added.json()
    assert meta["sha256"] == hashlib.sha256(PDF).hexdigest() and meta["size"] == len(PDF)
    assert meta["content_type"] == "application/pdf" and meta["filename"] == "Hóa đơn GTGT số 0001234.pdf"
    png = send(office, "truongban.btc", expense, PNG, "anh-chup.pdf").json()  # the name lies, the content decides
    assert png["content_type"] == "image/png"

    listed = office.client("ketoan.vp").get(expense).json()["items"]
    assert [(a["id"], a["sha256"]) for a in listed] == [(meta["id"], meta["sha256"]), (png["id"], png["sha256"])]
    got = office.client("ketoan.vp").get(f"{expense}/{meta['id']}")
    assert got.status_code == 200 and got.content == PDF, got.status_code
    assert hashlib.sha256(got.content).hexdigest() == got.headers["ETag"].strip('"') == meta["sha256"]
    assert got.headers["Content-Type"] == "application/pdf"
    assert office.client("chuyenvien.btc").get(f"{expense}/{png['id']}").content == PNG


@pytest.mark.parametrize("content, name, status", [
    (ELF, "hoa-don.pdf", 422),             # an executable named like an invoice
    (b"MZ\x90\x00" + b"\x00" * 60, "scan.png", 422),
    (b"", "trong.pdf", 422),               # empty
    ((PDF * (11 * MIB // len(PDF) + 1))[:11 * MIB], "qua-lon.pdf", 413),
])
def test_refused_files_leave_nothing(office, expense, content, name, status):
    before = office.client("chuyenvien.btc").get(expense).json()["items"]
    resp = send(office, "chuyenvien.btc", expense, content, name)
    assert resp.status_code == status, (resp.status_code, resp.text[:300])
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert office.client("chuyenvien.btc").get(expense).json()["items"] == before


def test_another_boards_staff_get_404(office, expense):
    added = send(office, "chuyenvien.btc", expense, PNG, "scan.png").json()
    stranger = office.client("chuyenvien.bnc")
    assert stranger.get(expense).status_code == 404
    assert stranger.get(f"{expense}/{added['id']}").status_code == 404
    assert send(office, "chuyenvien.bnc", expense, PDF, "x.pdf").status_code == 404
    # and a file is only reached through its own record
    other = expense.replace(expense.split("/")[3], "999999999")
    assert office.client("ketoan.vp").get(f"{other}/{added['id']}").status_code == 404
