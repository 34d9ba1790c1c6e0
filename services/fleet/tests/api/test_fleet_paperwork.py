"""Paperwork on real PostgreSQL (issue 14): the lệnh điều xe as PDF, scans attached to bookings
and to maintenance records."""
import hashlib
import io

import pytest
from pypdf import PdfReader

from buildingblocks.testing import auth_headers, make_principal

from fleet_testkit import AUDITOR, DRIVER_HUNG, FLEET, HEAD_BTC, LEADER, STAFF_BNC, STAFF_BTC, local_day, outbox, principal

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


def trip(flow) -> dict:
    """A trip of Ban Tổ chức to Krông Bông, dispatched to Phan Văn Hùng (licence D) in a 16-seat car."""
    car = flow.vehicle(plate="47A-123.45", seats=16, model="Ford Transit")
    return flow.dispatched(vehicle_id=car["id"], driver_id=10, purpose="Kiểm tra công tác đảng viên",
                           destination="Huyện Krông Bông", passengers=9, days=3, start=7, end=17)


def test_the_dispatch_order_says_who_where_when_which_car_and_who_drives(api, flow):
    booking = trip(flow)
    answer = api.get(f"/bookings/{booking['id']}/order.pdf", STAFF_BTC)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf", answer.data[:300]
    words, reader = pdf_text(answer.data)
    day = local_day(3)
    dd_mm_yyyy = f"{day[8:10]}/{day[5:7]}/{day[:4]}"
    for expected in ["LỆNH ĐIỀU XE", f"Số {booking['id']}/LĐX-VPTU", "Ban Tổ chức Tỉnh ủy", "Mai Văn Phúc",
                     "Kiểm tra công tác đảng viên", "Huyện Krông Bông", f"{dd_mm_yyyy} 07:00", f"{dd_mm_yyyy} 17:00",
                     "9 người", "47A-123.45", "Ford Transit", "Phan Văn Hùng", "Số km đồng hồ khi đi",
                     "Nhiên liệu đã đổ", "NGƯỜI ĐIỀU XE", "CHÁNH VĂN PHÒNG", "ĐẢNG CỘNG SẢN VIỆT NAM"]:
        assert expected in words, expected
    assert embedded_fonts(reader)


def test_no_order_before_dispatch_and_none_for_another_board(api, flow):
    booking = flow.approved()
    before = api.get(f"/bookings/{booking['id']}/order.pdf", FLEET)
    assert before.status_code == 409 and before.json["current_status"] == "approved"
    dispatched = trip(flow)
    assert api.get(f"/bookings/{dispatched['id']}/order.pdf", STAFF_BNC).status_code == 404
    assert api.get("/bookings/999999/order.pdf", FLEET).status_code == 404
    for reader in (LEADER, AUDITOR, DRIVER_HUNG, FLEET):
        assert api.get(f"/bookings/{dispatched['id']}/order.pdf", reader).status_code == 200, reader


def upload(api, who, path, content, name="bien-lai.pdf"):
    who = principal(who) if isinstance(who, str) else who
    return api.client.post(f"{path}/attachments", headers=auth_headers(who, service="fleet"),
                           data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_a_scan_on_a_booking_is_uploaded_listed_and_downloaded_byte_identical(api, flow, db):
    path = f"/bookings/{trip(flow)['id']}"
    answer = upload(api, DRIVER_HUNG, path, PDF, "Lệnh điều xe đã ký.pdf")
    assert answer.status_code == 201, answer.json
    meta = answer.json
    assert (meta["content_type"], meta["size"], meta["sha256"]) == ("application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    assert meta["filename"] == "Lệnh điều xe đã ký.pdf" and meta["uploaded_by"] == DRIVER_HUNG
    assert upload(api, STAFF_BTC, path, PNG, "hoa-don.pdf").json["content_type"] == "image/png"
    listed = api.get(f"{path}/attachments", STAFF_BTC).json
    assert [a["id"] for a in listed["items"]] == [meta["id"], meta["id"] + 1]
    download = api.get(f"{path}/attachments/{meta['id']}", AUDITOR)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["ETag"] == f'"{meta["sha256"]}"'
    assert download.headers["Content-Disposition"].startswith("attachment;")
    events = outbox(db, "fleet.attachment.added")
    assert len(events) == 2 and events[0]["unit"] == "BTC"


@pytest.mark.parametrize("content, name, status", [
    (b"MZ\x90\x00" + b"\x00" * 200, "bien-lai.pdf", 422),  # a Windows executable named like a PDF
    (b"", "trong.pdf", 422),
    (b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "lon.pdf", 413),
], ids=["disguised-executable", "empty", "11-MiB"])
def test_a_disguised_empty_or_too_large_file_is_refused(api, flow, content, name, status):
    path = f"/bookings/{flow.booking()['id']}"
    assert upload(api, STAFF_BTC, path, content, name).status_code == status
    assert api.get(f"{path}/attachments", STAFF_BTC).json["items"] == []


def test_another_boards_booking_files_are_404_and_bystanders_only_read(api, flow):
    path = f"/bookings/{flow.booking()['id']}"
    added = upload(api, STAFF_BTC, path, PDF).json
    assert api.get(f"{path}/attachments", STAFF_BNC).status_code == 404
    assert api.get(f"{path}/attachments/{added['id']}", STAFF_BNC).status_code == 404
    assert upload(api, STAFF_BNC, path, PDF).status_code == 404
    assert upload(api, AUDITOR, path, PDF).status_code == 403
    colleague = make_principal("tahai.btc", "BTC", ["staff"], 24)  # the board's, not the requester
    assert api.get(f"{path}/attachments", colleague).status_code == 200
    assert upload(api, colleague, path, PDF).status_code == 403
    assert upload(api, HEAD_BTC, path, PNG).status_code == 201
    assert api.get(f"{path}/attachments/{added['id'] + 100}", STAFF_BTC).status_code == 404


def test_the_workshops_invoice_on_a_maintenance_record(api, flow):
    car = flow.vehicle()
    record = api.post("/maintenance/records", FLEET, {"vehicle_id": car["id"], "description": "Thay dầu",
                                                      "start_on": local_day(-2), "done_on": local_day(-1),
                                                      "cost_vnd": 850_000})
    assert record.status_code == 201, record.json
    path = f"/maintenance/records/{record.json['id']}"
    added = upload(api, FLEET, path, PNG, "hóa đơn gara.png")
    assert added.status_code == 201 and added.json["content_type"] == "image/png"
    assert api.get(f"{path}/attachments/{added.json['id']}", LEADER).data == PNG
    assert upload(api, LEADER, path, PDF).status_code == 403
    assert api.get(f"{path}/attachments", STAFF_BTC).status_code == 403
    assert api.get("/maintenance/records/999999/attachments", FLEET).status_code == 404
