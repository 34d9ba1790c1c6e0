"""The assets service's documents as PDF (issue 14), in the Party layout of `buildingblocks.documents`:
the tờ trình đề nghị mua sắm of a procurement and the biên bản kiểm kê of a closed stock-take.

Rendered from the facts a use case read (`service_layer.documents`), after its unit of work is
closed. Every word on the page is Vietnamese: the codes the API uses are named here.
"""
from __future__ import annotations

import re

from buildingblocks.documents import DocumentHead, Issuer, Signature, render_body, render_party_document

TITLE_RANK_NAMES = {
    "secretary": "Bí thư Tỉnh ủy", "deputy_secretary": "Phó Bí thư Tỉnh ủy",
    "board_head": "Trưởng ban và tương đương", "board_deputy": "Phó Trưởng ban và tương đương",
    "department_head": "Trưởng phòng và tương đương", "department_deputy": "Phó Trưởng phòng và tương đương",
    "specialist": "Chuyên viên", "support": "Nhân viên",
}
PROCUREMENT_STATUS_NAMES = {
    "draft": "Dự thảo", "awaiting_budget": "Chờ kiểm tra dự toán", "budget_rejected": "Không đủ dự toán", "pending_approval": "Chờ phê duyệt",
    "approved": "Đã phê duyệt", "rejected": "Bị từ chối", "received": "Đã nhận tài sản", "cancelled": "Đã hủy",
}
CONDITION_NAMES = {"good": "Tốt", "needs_repair": "Cần sửa chữa", "unusable": "Không sử dụng được"}
LEGAL_DOCUMENT = re.compile(r"(?:QĐ|NĐ|TT|NQ)\s*\d+/\d{4}/[^\s,;()]+")

PROCUREMENT_REQUEST = """
<p>Kính gửi: Thường trực Tỉnh ủy; Văn phòng Tỉnh ủy.</p>
<p>{{ unit_name }} kính trình đề nghị mua sắm tài sản năm {{ fiscal_year }} như sau:</p>
<table class="data">
  <tr><th>TT</th><th>Loại tài sản</th><th>Nội dung</th><th>Số lượng</th><th>Đơn giá</th><th>Thành tiền</th></tr>
  {% for line in lines %}
  <tr><td class="num">{{ loop.index }}</td><td>{{ line.category_name }}</td>
      <td>{{ line.description }}{% if line.beneficiary %} (trang bị cho {{ line.beneficiary }}){% endif %}</td>
      <td class="num">{{ line.quantity }}</td><td class="num">{{ line.unit_price_vnd | money }}</td>
      <td class="num">{{ line.amount_vnd | money }}</td></tr>
  {% endfor %}
  <tr><td></td><td colspan="4"><strong>Tổng cộng</strong></td><td class="num"><strong>{{ total_vnd | money }}</strong></td></tr>
</table>
<p>Tổng số tiền đề nghị: <strong>{{ total_vnd | money }}</strong> (Bằng chữ: <em>{{ total_vnd | words }}</em>).</p>
<p><strong>Tiêu chuẩn, định mức đã đối chiếu:</strong></p>
<ul>
  {% for line in lines %}
  <li>Dòng {{ loop.index }} ({{ line.category_name }}):
    {% if line.standard %}{{ line.standard.whom }}{% if line.standard.max_quantity is not none %}: tối đa {{ line.standard.max_quantity }}{% endif %}{% if line.standard.max_unit_price_vnd is not none %}; đơn giá tối đa {{ line.standard.max_unit_price_vnd | money }}{% endif %}{% if line.standard.basis %}; căn cứ {{ line.standard.basis }}{% endif %}.
    {% else %}loại tài sản này không có tiêu chuẩn, định mức hạn chế.{% endif %}</li>
  {% endfor %}
</ul>
{% if note %}<p>Ghi chú: {{ note }}</p>{% endif %}
<p>Tình trạng: {{ status_name }}.</p>
"""

STOCKTAKE_MINUTES = """
<p>Hôm nay, ngày {{ closed_at | day }}, đoàn kiểm kê đã tiến hành kiểm kê tài sản của
  {% for b in boards %}{{ b.name }}{% if not loop.last %}, {% endif %}{% endfor %}
  theo sổ tài sản tại ngày {{ as_of | day }} ({{ title }}).</p>
<p><strong>1. Kết quả kiểm đếm</strong></p>
<table class="data">
  <tr><th>Đơn vị</th><th>Theo sổ</th><th>Đã kiểm đếm</th><th>Tỷ lệ</th></tr>
  {% for p in progress.by_unit %}
  <tr><td>{{ p.unit }}</td><td class="num">{{ p.expected }}</td><td class="num">{{ p.counted }}</td>
      <td class="num">{{ "%.1f" % p.percent }}%</td></tr>
  {% endfor %}
</table>
{% for kind, heading in sections %}
<p><strong>{{ loop.index + 1 }}. {{ heading }}</strong></p>
{% if results[kind] %}
<table class="data">
  <tr><th>TT</th><th>Mã tài sản</th><th>Tên tài sản</th><th>Đơn vị theo sổ</th><th>Nơi kiểm đếm</th><th>Tình trạng</th></tr>
  {% for r in results[kind] %}
  <tr><td class="num">{{ loop.index }}</td><td>{{ r.tag }}</td><td>{{ r.name or "" }}</td>
      <td>{{ r.register_unit or "" }}{% if r.register_location %} ({{ r.register_location }}){% endif %}</td>
      <td>{{ r.counted_unit or "" }}{% if r.counted_location %} ({{ r.counted_location }}){% endif %}</td>
      <td>{{ conditions.get(r.condition, "") }}</td></tr>
  {% endfor %}
</table>
{% else %}<p>Không có.</p>{% endif %}
{% endfor %}
<p>Biên bản được lập thành các bản có giá trị như nhau; các thành viên đoàn kiểm kê thống nhất ký tên.</p>
"""
MINUTES_SECTIONS = [("missing", "Tài sản thiếu (có trên sổ, không kiểm đếm được)"),
                    ("surplus", "Tài sản thừa (kiểm đếm được, không có trên sổ)"),
                    ("misplaced", "Tài sản không đúng vị trí theo sổ")]


def _standard_text(standard: dict | None) -> dict | None:
    if standard is None:
        return None
    whom = (f"tiêu chuẩn cho {TITLE_RANK_NAMES.get(standard['title_rank'], standard['title_rank'])}"
            if standard["scope"] == "person" else "tiêu chuẩn dùng chung của đơn vị")
    found = LEGAL_DOCUMENT.search(standard.get("legal_basis") or "")
    return {**standard, "whom": whom, "basis": found.group(0) if found else None}


def procurement_request_pdf(facts: dict) -> bytes:
    """The tờ trình đề nghị mua sắm: the board, each line (category, quantity, unit price, amount),
    the total in figures and words, the standards each line was checked against, and the
    signatures of the requester, the board's head and the Office."""
    lines = [{**line, "standard": _standard_text(line["standard"])} for line in facts["lines"]]
    context = {**facts, "lines": lines,
               "status_name": PROCUREMENT_STATUS_NAMES.get(facts["status"], facts["status"])}
    head = DocumentHead(number=f"{facts['id']}-TTr/{facts['unit']}", title="Tờ trình",
                        abstract=f"Về việc đề nghị mua sắm tài sản năm {facts['fiscal_year']}",
                        issuer=Issuer(parent="TỈNH ỦY", name=facts["unit_name"].upper()))
    signatures = [Signature("Người đề nghị", facts["requester_name"]),
                  Signature("Trưởng ban", facts["head_name"]),
                  Signature("Văn phòng Tỉnh ủy", note="Ý kiến thẩm định")]
    return render_party_document(head, render_body(PROCUREMENT_REQUEST, **context), signatures,
                                 recipients=["Thường trực Tỉnh ủy", "Văn phòng Tỉnh ủy", "Lưu đơn vị"])


def stocktake_minutes_pdf(facts: dict) -> bytes:
    """The biên bản kiểm kê of a closed campaign: its boards and date, what was counted, the
    missing, surplus and misplaced tables, and the signatures of the campaign's members."""
    context = {**facts, "sections": MINUTES_SECTIONS, "conditions": CONDITION_NAMES}
    head = DocumentHead(number=f"{facts['id']}-BB/VPTU", title="Biên bản kiểm kê tài sản",
                        abstract=f"Kiểm kê tại ngày {facts['as_of'].strftime('%d/%m/%Y')}")
    signatures = ([Signature(f"Đại diện {b['name']}", b["head_name"]) for b in facts["boards"]]
                  + [Signature("Người lập biên bản", note="Văn phòng Tỉnh ủy"),
                     Signature("Trưởng đoàn kiểm kê", note="Chánh Văn phòng")])
    return render_party_document(head, render_body(STOCKTAKE_MINUTES, **context), signatures,
                                 recipients=["Thường trực Tỉnh ủy", "Các đơn vị được kiểm kê", "Lưu Văn phòng"])
