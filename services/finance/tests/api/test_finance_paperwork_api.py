"""Paperwork on real PostgreSQL (issue 14): the giấy đề nghị thanh toán as PDF, invoice scans
attached to expenses, the budget report as .xlsx."""

import hashlib
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import text

YEAR = 2026
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def lodging(client, as_user, allocate):
    """A lodging request of Ban Tổ chức for Mai Văn Phúc, checked against the 2025 norm (300,000 a night)."""
    allocate("BTC", "lodging", 10_000_000)
    answer = client.post("/expenses", json={
        "category": "lodging", "quantity": 5, "rate_vnd": 300_000, "beneficiary_staff_id": 22,
        "date": f"{YEAR}-03-10", "description": "Phòng nghỉ đi công tác huyện Krông Bông"},
        headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 201, answer.json
    return answer.json


def pdf_text(body: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(body))
    words = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(words.split()), reader  # a line may break anywhere on the page


def embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "a font is not embedded"
            names.add(str(descriptor["/FontName"]))
    return names


def test_the_payment_request_says_who_what_how_much_and_by_which_norm(client, as_user, allocate):
    expense = lodging(client, as_user, allocate)
    answer = client.get(f"/expenses/{expense['id']}/request.pdf", headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    words, reader = pdf_text(answer.data)
    for expected in ["GIẤY ĐỀ NGHỊ THANH TOÁN", f"Số {expense['id']}-ĐNTT/BTC", "Ban Tổ chức Tỉnh ủy",
                     "Mai Văn Phúc", "Chuyên viên", "Tiền thuê phòng nghỉ", "10/03/2026", "Krông Bông",
                     "1.500.000 ₫", "Một triệu năm trăm nghìn đồng", "300.000 ₫/đêm", "TT 12/2025/TT-BTC",
                     "NGƯỜI ĐỀ NGHỊ", "KẾ TOÁN TRƯỞNG", "CHÁNH VĂN PHÒNG", "ĐẢNG CỘNG SẢN VIỆT NAM"]:
        assert expected in words, expected
    assert embedded_fonts(reader)


def test_another_boards_payment_request_is_404(client, as_user, allocate):
    expense = lodging(client, as_user, allocate)
    assert client.get(f"/expenses/{expense['id']}/request.pdf", headers=as_user("chuyenvien.bnc")).status_code == 404
    assert client.get("/expenses/999999/request.pdf", headers=as_user("ketoan.vp")).status_code == 404
    assert client.get(f"/expenses/{expense['id']}/request.pdf", headers=as_user("bithu")).status_code == 200


def upload(client, headers, expense_id, content, name="hoa-don.pdf"):
    return client.post(f"/expenses/{expense_id}/attachments", headers=headers,
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_an_invoice_scan_is_uploaded_listed_and_downloaded_byte_identical(client, as_user, allocate, database):
    expense = lodging(client, as_user, allocate)
    answer = upload(client, as_user("chuyenvien.btc"), expense["id"], PDF, "Hóa đơn khách sạn.pdf")
    assert answer.status_code == 201, answer.json
    meta = answer.json
    assert (meta["content_type"], meta["size"], meta["sha256"]) == ("application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    assert meta["filename"] == "Hóa đơn khách sạn.pdf" and meta["uploaded_by"] == "chuyenvien.btc"
    assert upload(client, as_user("ketoan.vp"), expense["id"], PNG, "scan.pdf").json["content_type"] == "image/png"
    listed = client.get(f"/expenses/{expense['id']}/attachments", headers=as_user("truongban.btc")).json
    assert [a["id"] for a in listed["items"]] == [meta["id"], meta["id"] + 1]
    download = client.get(f"/expenses/{expense['id']}/attachments/{meta['id']}", headers=as_user("bithu"))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["ETag"] == f'"{meta["sha256"]}"'
    assert download.headers["Content-Disposition"].startswith("attachment;")
    with database.engine.connect() as conn:
        events = conn.execute(text("SELECT payload FROM outbox WHERE type = 'finance.attachment.added'")).scalars().all()
    assert len(events) == 2


@pytest.mark.parametrize("content, name, status", [
    (b"MZ\x90\x00" + b"\x00" * 200, "hoa-don.pdf", 422),  # a Windows executable named like a PDF
    (b"", "trong.pdf", 422),
    (b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "lon.pdf", 413),
], ids=["disguised-executable", "empty", "11-MiB"])
def test_a_disguised_empty_or_too_large_file_is_refused(client, as_user, allocate, content, name, status):
    expense = lodging(client, as_user, allocate)
    assert upload(client, as_user("chuyenvien.btc"), expense["id"], content, name).status_code == status
    assert client.get(f"/expenses/{expense['id']}/attachments", headers=as_user("chuyenvien.btc")).json["items"] == []


def test_another_boards_attachments_are_404_and_bystanders_may_not_add(client, as_user, allocate):
    expense = lodging(client, as_user, allocate)
    added = upload(client, as_user("chuyenvien.btc"), expense["id"], PDF).json
    other = as_user("chuyenvien.bnc")
    assert client.get(f"/expenses/{expense['id']}/attachments", headers=other).status_code == 404
    assert client.get(f"/expenses/{expense['id']}/attachments/{added['id']}", headers=other).status_code == 404
    assert upload(client, other, expense["id"], PDF).status_code == 404
    assert upload(client, as_user("kiemtra.ubkt"), expense["id"], PDF).status_code == 403  # an auditor reads, never adds
    assert client.get(f"/expenses/{expense['id']}/attachments/{added['id'] + 1}",
                      headers=as_user("chuyenvien.btc")).status_code == 404


def test_the_budget_report_as_a_spreadsheet(client, as_user, allocate, database):
    allocate("BTC", "stationery", 10_000_000)
    with database.engine.begin() as conn:  # a board whose name a spreadsheet would run as a formula
        conn.execute(text("UPDATE replica_units SET name = '=HYPERLINK(\"http://x\")' WHERE code = 'BTC'"))
    try:
        answer = client.get("/reports/budgets.xlsx", query_string={"fiscal_year": YEAR}, headers=as_user("ketoan.vp"))
    finally:
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE replica_units SET name = 'Ban Tổ chức Tỉnh ủy' WHERE code = 'BTC'"))
    assert answer.status_code == 200
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="budgets-2026.xlsx"' in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.data)).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].value == "Năm tài chính"
    row = [cell for cell in sheet[2]]
    assert row[0].value == YEAR and row[3].value == "stationery"
    assert row[4].value == 10_000_000 and row[4].data_type == "n" and "₫" in row[4].number_format
    assert row[2].data_type == "s" and row[2].value.endswith('=HYPERLINK("http://x")')
