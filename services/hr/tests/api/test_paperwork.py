"""Paperwork on real PostgreSQL (issue 14): the đề án as PDF, papers attached to restructuring
plans, the staffing table as .xlsx."""
import hashlib
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ..conftest import AUDITOR, BTC_HEAD, BTC_STAFF, LEADER, OFFICE_HR

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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


# -- the đề án ---------------------------------------------------------------------------------

def test_the_plan_document_of_the_demo_plan(demo, as_):
    answer = as_(LEADER).get("/restructurings/1/plan.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert 'filename="de-an-1.pdf"' in answer.headers["Content-Disposition"]
    words, reader = pdf_text(answer.data)
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 1-ĐA/VPTU", "ĐỀ ÁN", "Đề án tập trung văn phòng các ban về Văn phòng Tỉnh ủy",
        "Dự thảo, chờ phê duyệt",
        # the steps in words, with the names they touch
        "Chuyển vị trí Kế toán của Văn phòng Ban Tổ chức về Phòng Tài chính",
        "Giải thể Văn phòng Ban Tổ chức (BTC-VP); nhiệm vụ, biên chế chuyển về Văn phòng Tỉnh ủy (VP)",
        "Điều chỉnh chỉ tiêu biên chế của vị trí Phó Trưởng ban của Ban Tổ chức Tỉnh ủy từ 3 thành 2",
        # the tables before and after, side by side
        "Trước", "Sau", "Cấp phó / tối đa", "(không còn)",
        # the summary the leadership asks for, headcount in figures and in words
        "tập trung về Văn phòng Tỉnh ủy: 12 vị trí", "giảm 4", "trước 89 (tám mươi chín), sau 81 (tám mươi mốt)",
        "Tinh giản biên chế: giảm 8 biên chế", "biên chế: đạt",
        # the signatures: the Office head by name, the approving leader
        "CHÁNH VĂN PHÒNG", "Lê Minh Tuấn", "T/M BAN THƯỜNG VỤ",
    ]:
        assert expected in words, expected
    assert "Quy định 137-QĐ/TW" in words  # a rule the result still breaks, with its source
    assert embedded_fonts(reader)


def test_an_applied_plan_is_shown_as_it_was_applied(demo, as_):
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    assert as_(OFFICE_HR).post("/restructurings/1/apply").json["status"] == "applied"
    words, _reader = pdf_text(as_(AUDITOR).get("/restructurings/1/plan.pdf").data)
    assert "Đã thực hiện" in words and "trước 89 (tám mươi chín), sau 81 (tám mươi mốt)" in words
    assert "Nguyễn Văn Bình" in words  # the leader who approved it signs


def test_the_plan_document_is_read_as_the_plan(demo, as_):
    assert as_(OFFICE_HR).get("/restructurings/999/plan.pdf").status_code == 404
    for who in (BTC_STAFF, BTC_HEAD):
        assert as_(who).get("/restructurings/1/plan.pdf").status_code == 403


# -- attachments ---------------------------------------------------------------------------------

def upload(caller, plan_id, content, name="quyet-dinh.pdf"):
    return caller.post(f"/restructurings/{plan_id}/attachments", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_a_signed_decision_is_uploaded_listed_and_downloaded_byte_identical(demo, as_, outbox):
    answer = upload(as_(OFFICE_HR), 1, PDF, "Quyết định phê duyệt đề án.pdf")
    assert answer.status_code == 201, answer.json
    meta = answer.json
    assert (meta["content_type"], meta["size"], meta["sha256"]) == ("application/pdf", len(PDF),
                                                                    hashlib.sha256(PDF).hexdigest())
    assert meta["filename"] == "Quyết định phê duyệt đề án.pdf" and meta["uploaded_by"] == "tochuc.vp"
    assert upload(as_(LEADER), 1, PNG, "scan.pdf").json["content_type"] == "image/png"
    listed = as_(AUDITOR).get("/restructurings/1/attachments").json
    assert [a["id"] for a in listed["items"]] == [meta["id"], meta["id"] + 1]
    download = as_(LEADER).get(f"/restructurings/1/attachments/{meta['id']}")
    assert download.status_code == 200 and download.data == PDF
    assert hashlib.sha256(download.data).hexdigest() == meta["sha256"]
    assert download.headers["ETag"] == f'"{meta["sha256"]}"'
    assert download.headers["Content-Disposition"].startswith("attachment;")
    added = [e for e in outbox.events() if e["type"] == "hr.attachment.added"]
    assert [(e["data"]["record_kind"], e["data"]["record_id"], e["data"]["uploaded_by"]) for e in added] == [
        ("restructuring", 1, "tochuc.vp"), ("restructuring", 1, "bithu")]


@pytest.mark.parametrize("content, name, status", [
    (b"MZ\x90\x00" + b"\x00" * 200, "quyet-dinh.pdf", 422),  # a Windows executable named like a PDF
    (b"", "trong.pdf", 422),
    (b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "lon.pdf", 413),
], ids=["disguised-executable", "empty", "11-MiB"])
def test_a_disguised_empty_or_too_large_file_is_refused(demo, as_, content, name, status):
    assert upload(as_(OFFICE_HR), 1, content, name).status_code == status
    assert as_(OFFICE_HR).get("/restructurings/1/attachments").json["items"] == []


def test_attachments_are_read_as_the_plan_and_added_by_those_who_act_on_it(demo, as_):
    added = upload(as_(OFFICE_HR), 1, PDF).json
    other = as_(OFFICE_HR).post("/restructurings", json={"title": "Đề án khác", "effective_date": "2026-01-01",
                                                                  "steps": []}).json
    # another plan's attachment, asked for through this plan, does not exist
    assert as_(OFFICE_HR).get(f"/restructurings/{other['id']}/attachments/{added['id']}").status_code == 404
    assert as_(OFFICE_HR).get(f"/restructurings/{other['id']}/attachments").json["items"] == []
    assert as_(OFFICE_HR).get(f"/restructurings/1/attachments/{added['id'] + 1}").status_code == 404
    assert upload(as_(OFFICE_HR), 999, PDF).status_code == 404
    for who in (BTC_STAFF, BTC_HEAD):  # a board's people read no plan, nor its papers
        assert as_(who).get("/restructurings/1/attachments").status_code == 403
        assert as_(who).get(f"/restructurings/1/attachments/{added['id']}").status_code == 403
        assert upload(as_(who), 1, PDF).status_code == 403
    assert upload(as_(AUDITOR), 1, PDF).status_code == 403  # an auditor reads, never adds


# -- the staffing table as a spreadsheet ----------------------------------------------------------

def test_the_staffing_table_as_a_spreadsheet(demo, hr, as_):
    formula = '=HYPERLINK("http://ke-gian.example/x","Bấm vào đây")'
    assert hr.patch("/units/BTC-VP", json={"name": formula}).status_code == 200
    answer = as_(BTC_STAFF).get("/staffing.xlsx?unit=BTC")
    assert answer.status_code == 200
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="staffing-BTC-now.xlsx"' in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.data)).active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:8] == ["Mã đơn vị", "Tên đơn vị", "Loại", "Đơn vị cấp trên", "Cơ quan",
                                              "Biên chế", "Có mặt", "Còn trống"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert list(rows) == ["BTC", "BTC-TCCB", "BTC-VP"]
    assert rows["BTC"][1].value == "Ban Tổ chức Tỉnh ủy"
    assert [(c.value, c.data_type) for c in rows["BTC"][5:8]] == [(16, "n"), (6, "n"), (10, "n")]
    assert rows["BTC-VP"][1].value == formula and rows["BTC-VP"][1].data_type == "s"
    assert as_(BTC_STAFF).get("/staffing.xlsx?unit=BNC").status_code == 403
