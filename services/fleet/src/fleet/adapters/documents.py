"""The fleet's documents as PDF (issue 14), in the Party layout of `buildingblocks.documents`.

The lệnh điều xe [vehicle dispatch order] the dispatcher hands the driver, rendered from the facts
`service_layer.documents.dispatch_order` read, after its unit of work is closed. Times are the
office's (dd/MM/yyyy HH:mm); the odometer and fuel lines are left blank for the driver to fill in.
"""
from __future__ import annotations

import datetime as dt

from buildingblocks.clock import OFFICE_TZ
from buildingblocks.documents import DocumentHead, Signature, render_body, render_party_document

DISPATCH_ORDER = """
<p>Căn cứ đề nghị sử dụng xe của {{ unit_name }} ({{ unit }}), Văn phòng Tỉnh ủy điều động xe và
   lái xe thực hiện chuyến công tác sau:</p>
<dl class="fields">
  <dt>Đơn vị đề nghị:</dt><dd>{{ unit_name }}</dd>
  <dt>Người đề nghị:</dt><dd>{{ requester }}</dd>
  <dt>Nội dung công tác:</dt><dd>{{ purpose }}</dd>
  <dt>Nơi đến:</dt><dd>{{ destination }}</dd>
  <dt>Thời gian đi:</dt><dd>{{ start }}</dd>
  <dt>Thời gian về:</dt><dd>{{ end }}</dd>
  <dt>Số người đi:</dt><dd>{{ passengers }} người</dd>
</dl>
<table class="data">
  <tr><th>Biển kiểm soát</th><th>Loại xe</th><th>Số chỗ ngồi</th><th>Lái xe</th><th>Hạng giấy phép lái xe</th></tr>
  <tr><td>{{ vehicle.plate }}</td><td>{{ vehicle.model }}</td><td class="num">{{ vehicle.seats }}</td>
      <td>{{ driver.name }}</td><td>{{ driver.licence_class or "" }}</td></tr>
</table>
<p><strong>Phần lái xe ghi sau chuyến đi:</strong></p>
<p>Số km đồng hồ khi đi: ........................ km; khi về: ........................ km.</p>
<p>Nhiên liệu đã đổ: ........................ lít; thành tiền: ........................ đồng.</p>
<p>Lái xe có trách nhiệm đưa đón đúng thời gian, địa điểm; chấp hành nghiêm Luật Trật tự, an toàn giao
   thông đường bộ; ghi đủ số km và nhiên liệu sau chuyến đi.</p>
"""


def office_time(moment: dt.datetime | None) -> str:
    """dd/MM/yyyy HH:mm in the office's time zone ("" when unknown)."""
    return moment.astimezone(OFFICE_TZ).strftime("%d/%m/%Y %H:%M") if moment else ""


def dispatch_order_pdf(facts: dict) -> bytes:
    """The lệnh điều xe of a dispatched booking: who asked, for what, where and when, the vehicle and
    its driver, the blank odometer and fuel lines, and the dispatcher's and the Office head's signatures."""
    context = {**facts, "start": office_time(facts["start_at"]), "end": office_time(facts["end_at"])}
    on = facts["dispatched_at"].astimezone(OFFICE_TZ).date() if facts.get("dispatched_at") else None
    head = DocumentHead(number=f"{facts['id']}/LĐX-VPTU", title="Lệnh điều xe",
                        abstract=f"Về việc điều xe phục vụ công tác của {facts['unit_name']}",
                        **({"date": on} if on else {}))
    signatures = [Signature("Người điều xe"),
                  Signature("Chánh Văn phòng", note="Duyệt")]
    return render_party_document(head, render_body(DISPATCH_ORDER, **context), signatures,
                                 recipients=["Lái xe " + facts["driver"]["name"], f"{facts['unit_name']}", "Lưu VP"])
