"""Finance's documents as PDF (issue 14), in the Party layout of `buildingblocks.documents`.

Rendered from the facts a use case read (`service_layer.documents`), after its unit of work is
closed. Every word on the page is Vietnamese: the codes the API uses (categories, title ranks,
periods) are named here.
"""

from __future__ import annotations

from buildingblocks.documents import DocumentHead, Issuer, Signature, render_body, render_party_document

CATEGORY_NAMES = {
    "travel_per_diem": "Phụ cấp lưu trú đi công tác",
    "travel_lump_sum": "Khoán công tác phí theo tháng",
    "lodging": "Tiền thuê phòng nghỉ khi đi công tác",
    "conference_meal": "Tiền ăn hội nghị",
    "stationery": "Văn phòng phẩm",
    "transport": "Nhiên liệu, vận chuyển",
    "procurement": "Mua sắm tài sản",
    "repair": "Sửa chữa tài sản",
    "maintenance": "Bảo dưỡng xe",
}
TITLE_RANK_NAMES = {
    "secretary": "Bí thư Tỉnh ủy",
    "deputy_secretary": "Phó Bí thư Tỉnh ủy",
    "board_head": "Trưởng ban và tương đương",
    "board_deputy": "Phó Trưởng ban và tương đương",
    "department_head": "Trưởng phòng và tương đương",
    "department_deputy": "Phó Trưởng phòng và tương đương",
    "specialist": "Chuyên viên",
    "support": "Nhân viên",
}
PER_NAMES = {"item": "đơn vị", "day": "ngày", "night": "đêm", "month": "tháng", "year": "năm", "event": "lần"}
LOCALITY_NAMES = {"city": "đô thị loại I, quận nội thành", "town": "thị xã, thành phố thuộc tỉnh",
                  "sea_island": "trên biển, hải đảo"}
STATUS_NAMES = {"submitted": "Đã gửi, chờ duyệt", "approved": "Đã duyệt, chờ chi", "paid": "Đã chi",
                "rejected": "Bị từ chối", "withdrawn": "Đã rút"}

PAYMENT_REQUEST = """
<p>Kính gửi: Văn phòng Tỉnh ủy (Phòng Tài chính Đảng).</p>
<dl class="fields">
  <dt>Đơn vị đề nghị:</dt><dd>{{ unit_name }} ({{ unit }})</dd>
  <dt>Người đề nghị:</dt><dd>{{ requester.name }}{% if requester.rank %}, {{ requester.rank }}{% endif %}</dd>
  <dt>Người thụ hưởng:</dt><dd>{{ beneficiary.name }}{% if beneficiary.rank %}, {{ beneficiary.rank }}{% endif %}</dd>
  <dt>Khoản mục chi:</dt><dd>{{ category_name }}</dd>
  <dt>Ngày phát sinh:</dt><dd>{{ date | day }}{% if locality %} ({{ locality }}){% endif %}</dd>
  <dt>Nội dung chi:</dt><dd>{{ description }}</dd>
</dl>
<table class="data">
  <tr><th>Số lượng</th><th>Đơn giá</th><th>Số tiền đề nghị</th></tr>
  <tr><td class="num">{{ quantity }}</td><td class="num">{{ (rate_vnd or amount_vnd) | money }}</td>
      <td class="num">{{ amount_vnd | money }}</td></tr>
</table>
<p>Số tiền đề nghị thanh toán: <strong>{{ amount_vnd | money }}</strong>
   (Bằng chữ: <em>{{ amount_vnd | words }}</em>).</p>
{% if paid_amount_vnd is not none %}<p>Số tiền đã chi: {{ paid_amount_vnd | money }}
   (Bằng chữ: {{ paid_amount_vnd | words }}).</p>{% endif %}
{% if norm %}<p>Định mức áp dụng: {{ norm.limit_vnd | money }}/{{ norm_per }}
   {% if regulation_title %}theo {{ regulation_title }}{% endif %}; căn cứ: {{ norm.source }}.</p>
{% else %}<p>Khoản mục này không có định mức chi trong quy chế chi tiêu nội bộ đang áp dụng;
   đã kiểm tra dự toán còn lại của đơn vị khi đề nghị.</p>{% endif %}
<p>Tình trạng: {{ status_name }}; đề nghị gửi ngày {{ submitted_at | day }}.</p>
"""


def _rank(person: dict) -> str | None:
    return person.get("position") or TITLE_RANK_NAMES.get(person.get("title_rank") or "")


def payment_request_pdf(facts: dict) -> bytes:
    """The giấy đề nghị thanh toán of an expense: who asks, for whom, what, how much (in figures and
    in words), the norm it was checked against with its legal source, and the three signatures."""
    norm, category = facts["norm"], CATEGORY_NAMES.get(facts["category"], facts["category"])
    context = {
        **facts, "category_name": category,
        "requester": {**facts["requester"], "rank": _rank(facts["requester"])},
        "beneficiary": {**facts["beneficiary"], "rank": _rank(facts["beneficiary"])},
        "locality": LOCALITY_NAMES.get(facts["locality_tier"] or ""),
        "norm_per": PER_NAMES.get(norm.per, norm.per) if norm else None,
        "status_name": STATUS_NAMES.get(facts["status"], facts["status"]),
    }
    head = DocumentHead(number=f"{facts['id']}-ĐNTT/{facts['unit']}", title="Giấy đề nghị thanh toán",
                        abstract=f"Về việc thanh toán {category[:1].lower()}{category[1:]}",
                        issuer=Issuer(parent="TỈNH ỦY", name=facts["unit_name"]))
    signatures = [Signature("Người đề nghị", facts["requester"]["name"]), Signature("Kế toán trưởng"),
                  Signature("Chánh Văn phòng", note="Duyệt chi")]
    return render_party_document(head, render_body(PAYMENT_REQUEST, **context), signatures)
