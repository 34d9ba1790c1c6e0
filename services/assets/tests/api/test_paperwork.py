"""Paperwork on real PostgreSQL (issue 14): the tờ trình đề nghị mua sắm and the biên bản kiểm kê as
PDF, files attached to procurements, repairs and disposals, the register and its report as .xlsx."""
import datetime as dt
import hashlib
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import AUDITOR, BNC_STAFF, BTC_HEAD, BTC_STAFF, LEADER, OFFICE
from helpers import draft, events, problem, register

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = dt.date.today()


def pdf_text(body: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(body))
    words = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(words.split()), reader  # a line may break anywhere on the page


def fonts_embedded(reader: PdfReader) -> bool:
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if not any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return False
    return True


def upload(client, path, who, content: bytes, filename="bao-gia.pdf"):
    return client.post(path, who, data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def test_the_procurement_request_names_the_board_lines_totals_standards_and_signatures(client):
    p = draft(client, BTC_STAFF, lines=[
        {"category": "computer", "description": "Máy tính xách tay", "quantity": 1, "unit_price_vnd": 14_500_000,
         "beneficiary_staff_id": 22},
        {"category": "printer", "description": "Máy in laser", "quantity": 1, "unit_price_vnd": 1_000_000}])
    answer = client.get(f"/procurements/{p['id']}/request.pdf", BTC_STAFF)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    words, reader = pdf_text(answer.data)
    for expected in ["TỜ TRÌNH", f"Số {p['id']}-TTr/BTC", "BAN TỔ CHỨC TỈNH ỦY", "Máy vi tính", "Máy in",
                     "Máy tính xách tay", "Mai Văn Phúc", "14.500.000 ₫", "1.000.000 ₫", "15.500.000 ₫",
                     "Mười lăm triệu năm trăm nghìn đồng", "Chuyên viên", "tối đa 1", "15.000.000 ₫",
                     "QĐ 50/2017/QĐ-TTg", "NGƯỜI ĐỀ NGHỊ", "TRƯỞNG BAN", "Trịnh Quang Dũng",
                     "VĂN PHÒNG TỈNH ỦY", "ĐẢNG CỘNG SẢN VIỆT NAM"]:
        assert expected in words, expected
    assert fonts_embedded(reader)


def test_another_boards_procurement_request_is_404(client):
    p = draft(client, BTC_STAFF)
    assert client.get(f"/procurements/{p['id']}/request.pdf", BNC_STAFF).status_code == 404
    assert client.get("/procurements/999999/request.pdf", OFFICE).status_code == 404
    assert client.get(f"/procurements/{p['id']}/request.pdf", LEADER).status_code == 200


def _closed_campaign(client):
    here = register(client, name="Máy tính Đồng Nai", location="Phòng 201")
    lost = register(client, category="printer", name="Máy in Hà Nội")
    st = client.post("/stocktakes", OFFICE, {"units": ["BTC"], "as_of": TODAY.isoformat(),
                                             "title": "Kiểm kê cuối năm"}).get_json()
    client.post(f"/stocktakes/{st['id']}/counts", BTC_STAFF, {"unit": "BTC", "tags": [here["tag"], "LẠ-01"]})
    return st, here, lost


def test_the_stocktake_minutes_exist_once_closed_with_their_tables_and_signatures(client):
    st, here, lost = _closed_campaign(client)
    early = client.get(f"/stocktakes/{st['id']}/minutes.pdf", OFFICE)
    assert early.status_code == 409 and problem(early)["current_status"] == "open"
    assert client.post(f"/stocktakes/{st['id']}/close", OFFICE).status_code == 200
    answer = client.get(f"/stocktakes/{st['id']}/minutes.pdf", BTC_HEAD)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    words, reader = pdf_text(answer.data)
    for expected in ["BIÊN BẢN KIỂM KÊ TÀI SẢN", "Ban Tổ chức Tỉnh ủy", TODAY.strftime("%d/%m/%Y"),
                     "Kiểm kê cuối năm", "Tài sản thiếu", lost["tag"], "Máy in Hà Nội", "Tài sản thừa", "LẠ-01",
                     "Tài sản không đúng vị trí", "Không có.", "ĐẠI DIỆN BAN TỔ CHỨC TỈNH ỦY", "Trịnh Quang Dũng",
                     "TRƯỞNG ĐOÀN KIỂM KÊ", "ĐẢNG CỘNG SẢN VIỆT NAM"]:
        assert expected in words, expected
    assert fonts_embedded(reader)
    assert client.get(f"/stocktakes/{st['id']}/minutes.pdf", BNC_STAFF).status_code == 404
    assert client.get("/stocktakes/999999/minutes.pdf", OFFICE).status_code == 404


def test_a_procurement_takes_files_that_come_back_byte_identical(client, database):
    p = draft(client, BTC_STAFF)
    path = f"/procurements/{p['id']}/attachments"
    added = upload(client, path, BTC_STAFF, PDF, "Báo giá Phong Vũ.pdf")
    assert added.status_code == 201, added.get_json()
    body = added.get_json()
    assert (body["content_type"], body["size"], body["sha256"]) == ("application/pdf", len(PDF),
                                                                   hashlib.sha256(PDF).hexdigest())
    assert body["filename"] == "Báo giá Phong Vũ.pdf" and body["uploaded_by"] == "chuyenvien.btc"
    assert upload(client, path, BTC_HEAD, PNG, "anh.png").status_code == 201
    listed = client.get(path, LEADER).get_json()["items"]
    assert [a["content_type"] for a in listed] == ["application/pdf", "image/png"]
    download = client.get(f"{path}/{body['id']}", AUDITOR)
    assert download.status_code == 200 and download.data == PDF
    assert hashlib.sha256(download.data).hexdigest() == body["sha256"] and body["sha256"] in download.headers["ETag"]
    added_events = events(database, "assets.attachment.added")
    assert [(e["unit"], e["data"]["record_kind"], e["data"]["record_id"]) for e in added_events][0] == (
        "BTC", "procurement", p["id"])


def test_disguised_empty_and_oversized_files_are_refused(client):
    path = f"/procurements/{draft(client, BTC_STAFF)['id']}/attachments"
    disguised = upload(client, path, BTC_STAFF, b"MZ\x90\x00" + b"\x00" * 200, "hoa-don.pdf")
    assert disguised.status_code == 422
    assert upload(client, path, BTC_STAFF, b"", "trong.pdf").status_code == 422
    too_big = upload(client, path, BTC_STAFF, b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "lon.pdf")
    assert too_big.status_code == 413
    assert client.get(path, BTC_STAFF).get_json()["items"] == []


def test_another_boards_attachments_are_404_and_auditors_add_nothing(client):
    p = draft(client, BTC_STAFF)
    path = f"/procurements/{p['id']}/attachments"
    attachment = upload(client, path, BTC_STAFF, PDF).get_json()
    assert client.get(path, BNC_STAFF).status_code == 404
    assert client.get(f"{path}/{attachment['id']}", BNC_STAFF).status_code == 404
    assert upload(client, path, BNC_STAFF, PDF).status_code == 404
    assert upload(client, path, AUDITOR, PDF).status_code == 403
    assert client.get(f"/procurements/{p['id'] + 1000}/attachments", OFFICE).status_code == 404


def test_repairs_and_disposals_take_files_too(client):
    asset = register(client)
    repair = client.post(f"/items/{asset['id']}/repairs", BTC_STAFF,
                         {"description": "Thay màn hình", "estimated_cost_vnd": 2_000_000}).get_json()
    path = f"/repairs/{repair['id']}/attachments"
    added = upload(client, path, BTC_STAFF, PNG, "biên bản.png")
    assert added.status_code == 201 and client.get(f"{path}/{added.get_json()['id']}", OFFICE).data == PNG
    assert client.get(path, BNC_STAFF).status_code == 404
    disposal = client.post(f"/items/{asset['id']}/dispose", OFFICE, {"reason": "Hỏng không sửa được"})
    if disposal.status_code != 201:  # an asset in repair is not disposed: take another one
        other = register(client, name="Máy tính cũ")
        disposal = client.post(f"/items/{other['id']}/dispose", OFFICE, {"reason": "Hỏng không sửa được"})
    assert disposal.status_code == 201, disposal.get_json()
    path = f"/disposals/{disposal.get_json()['id']}/attachments"
    assert upload(client, path, OFFICE, PDF).status_code == 201
    assert [a["size"] for a in client.get(path, BTC_HEAD).get_json()["items"]] == [len(PDF)]
    assert client.get(path, BNC_STAFF).status_code == 404


def _sheet(answer):
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(answer.data)).active


def test_the_register_as_xlsx_keeps_types_formats_and_formula_looking_names_as_text(client):
    register(client, name="=HYPERLINK(\"http://x\")", original_cost_vnd=14_000_000, holder_staff_id=22)
    register(client, name="Bàn làm việc gỗ lim", category="desk_set", original_cost_vnd=4_500_000)
    ws = _sheet(client.get("/items/export.xlsx", OFFICE))
    header = [c.value for c in ws[1]]
    assert header[:4] == ["tag", "category", "is_vehicle", "name"] and ws.freeze_panes == "A2"
    rows = {row[3].value: row for row in ws.iter_rows(min_row=2)}
    formula = rows["=HYPERLINK(\"http://x\")"]
    assert formula[3].data_type == "s"
    cost = formula[header.index("original_cost_vnd")]
    assert cost.value == 14_000_000 and isinstance(cost.value, int) and "₫" in cost.number_format
    acquired = formula[header.index("acquired_on")]
    assert acquired.is_date and acquired.value.date() == dt.date(2024, 3, 1)
    assert formula[header.index("holder_staff_id")].value == 22 and formula[2].value is False
    assert "Bàn làm việc gỗ lim" in rows
    csv = client.get("/items/export.csv", OFFICE).get_data(as_text=True)
    assert "'=HYPERLINK" in csv and ",2024-03-01," in csv


def test_the_register_report_as_xlsx(client):
    register(client, original_cost_vnd=14_000_000)
    register(client, unit="BNC", original_cost_vnd=9_000_000)
    ws = _sheet(client.get("/reports/register.xlsx", OFFICE))
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[1], r[header.index("original_cost_vnd")]) for r in rows] == [("BNC", 9_000_000), ("BTC", 14_000_000)]
    assert ws.cell(row=2, column=header.index("residual_vnd") + 1).number_format.count("₫") == 1
    assert ws.cell(row=2, column=1).is_date and ws.freeze_panes == "A2"
    only_btc = _sheet(client.get("/reports/register.xlsx", BTC_STAFF))
    assert [row[1].value for row in only_btc.iter_rows(min_row=2)] == ["BTC"]
