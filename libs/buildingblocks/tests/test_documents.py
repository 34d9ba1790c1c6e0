"""Documents render as A4 PDFs in the Party layout with the fonts embedded and Vietnamese intact."""
import datetime as dt
import io

from pypdf import PdfReader

from buildingblocks.documents import DocumentHead, Signature, money, render_body, render_party_document

BODY = """<p>Họ và tên người đề nghị: {{ name }}</p>
<p>Số tiền: {{ amount | money }} (Bằng chữ: {{ amount | words }})</p>
<p>Nội dung: {{ note }}</p>"""


def test_a_document_in_the_party_layout():
    body = render_body(BODY, name="Nguyễn Văn Hùng", amount=1_500_000, note="<script>x</script>")
    pdf = render_party_document(
        DocumentHead(number="12-ĐNTT/VPTU", title="Giấy đề nghị thanh toán", place="Đắk Lắk",
                     date=dt.date(2026, 12, 4)),
        body, [Signature("Người đề nghị", "Nguyễn Văn Hùng"), Signature("Chánh Văn phòng")], ["Phòng Tài chính"])
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "VĂN PHÒNG", "Số 12-ĐNTT/VPTU", "Đắk Lắk, ngày 04 tháng 12 năm 2026",
                     "GIẤY ĐỀ NGHỊ THANH TOÁN", "Nguyễn Văn Hùng", "1.500.000 ₫", "Một triệu năm trăm nghìn đồng",
                     "<script>x</script>", "Nơi nhận"]:
        assert expected in text, expected
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor") or font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
            fonts.add(str(descriptor["/FontName"]))
    assert any("Serif" in f for f in fonts), fonts


def test_money_is_written_the_vietnamese_way():
    assert money(1_500_000) == "1.500.000 ₫" and money(0) == "0 ₫" and money(None) == ""
