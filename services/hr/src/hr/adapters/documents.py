"""HR's document as PDF (issue 14): the đề án of a restructuring plan, in the Party layout of
`buildingblocks.documents`.

Rendered from the facts the use case read (`service_layer.restructurings.plan_document`), after
its unit of work is closed. Every word on the page is Vietnamese: the codes the API uses (unit
kinds, position families, statuses, rules) are named here.
"""
from __future__ import annotations

from buildingblocks.documents import DocumentHead, Issuer, Signature, render_body, render_party_document
from buildingblocks.vnwords import number_in_words

KIND_NAMES = {"leadership": "cơ quan lãnh đạo", "office": "văn phòng", "board": "ban", "department": "phòng"}
FAMILY_NAMES = {"leadership": "Lãnh đạo, quản lý", "professional": "Chuyên môn, nghiệp vụ",
                "shared_professional": "Chuyên môn dùng chung", "support": "Hỗ trợ, phục vụ"}
STATUS_NAMES = {"draft": "Dự thảo, chờ phê duyệt", "approved": "Đã phê duyệt", "scheduled": "Đã phê duyệt, chờ ngày hiệu lực",
                "applied": "Đã thực hiện", "failed": "Không thực hiện được", "rejected": "Không được phê duyệt",
                "withdrawn": "Đã rút"}
RULE_NAMES = {
    "position_quota": "Số người đảm nhiệm không vượt chỉ tiêu biên chế của vị trí việc làm",
    "deputies_per_department": "Số phó trưởng phòng theo quy mô của phòng",
    "deputy_share_of_headcount": "Số cấp phó không quá tỷ lệ biên chế được giao",
    "min_department_staff": "Biên chế tối thiểu để thành lập phòng",
    "max_departments_per_agency": "Số phòng tối đa của mỗi cơ quan",
    "total_deputy_heads": "Tổng số cấp phó của các cơ quan tham mưu, giúp việc",
    "staff_reduction_target": "Mục tiêu tinh giản biên chế",
}

PLAN = """
<p>Kính gửi: Ban Thường vụ Tỉnh ủy.</p>
<dl class="fields">
  <dt>Tên đề án:</dt><dd>{{ plan.title }}</dd>
  <dt>Ngày có hiệu lực:</dt><dd>{{ plan.effective_date | day }}</dd>
  <dt>Tình trạng:</dt><dd>{{ status_name }}</dd>
  <dt>Người xây dựng:</dt><dd>{{ plan.created_by }}</dd>
</dl>
{% if plan.description %}<p>{{ plan.description }}</p>{% endif %}
<p><strong>I. Các bước thực hiện</strong></p>
{% for step in steps %}<p>{{ loop.index }}. {{ step }}</p>{% else %}<p>Đề án chưa có bước nào.</p>{% endfor %}
<p><strong>II. Biên chế trước và sau khi thực hiện</strong></p>
<table class="data" style="font-size: 9.5pt">
  <tr><th rowspan="2">Đơn vị</th><th colspan="4">Trước</th><th colspan="4">Sau</th></tr>
  <tr><th>Biên chế</th><th>Có mặt</th><th>Còn trống</th><th>Cấp phó / tối đa</th>
      <th>Biên chế</th><th>Có mặt</th><th>Còn trống</th><th>Cấp phó / tối đa</th></tr>
  {% for row in rows %}
  <tr><td>{{ row.name }}</td>
    {% for side in (row.before, row.after) %}{% if side %}
      <td class="num">{{ side.quota }}</td><td class="num">{{ side.filled }}</td><td class="num">{{ side.vacant }}</td>
      <td class="num">{{ side.deputies }}{% if side.deputy_limit is not none %} / {{ side.deputy_limit }}{% endif %}</td>
    {% else %}<td class="num" colspan="4">(không còn)</td>{% endif %}{% endfor %}
  </tr>
  {% endfor %}
</table>
<p><strong>III. Quy định về biên chế mà cơ cấu sau khi thực hiện còn vi phạm</strong></p>
{% for v in violations %}
<p>- {{ v.unit_name }}: {{ v.rule_name }}: thực tế {{ v.actual }}, {{ "tối thiểu" if v.minimum else "tối đa" }}
   {{ v.limit }}{% if not v.blocking %} (cảnh báo){% endif %}{% if v.new %} (phát sinh do đề án){% endif %}.
   Căn cứ: {{ v.source }} (mức tin cậy {{ v.mark }}).</p>
{% else %}<p>Không vi phạm quy định nào về biên chế.</p>{% endfor %}
<p><strong>IV. Tổng hợp</strong></p>
<p>- Vị trí việc làm tập trung về Văn phòng Tỉnh ủy: {{ centralized.positions }} vị trí, {{ centralized.posts }} biên chế,
   {{ centralized.staff }} người{% for family in centralized.families %}; {{ family }}{% endfor %}.</p>
<p>- Số phòng: trước {{ departments.before }}, sau {{ departments.after }}{% if departments.removed %};
   giải thể: {{ departments.removed | join(", ") }}{% endif %}{% if departments.created %};
   thành lập: {{ departments.created | join(", ") }}{% endif %}.</p>
<p>- Cấp phó: chỉ tiêu trước {{ deputies.posts_before }}, sau {{ deputies.posts_after }} (giảm {{ deputies.posts_removed }});
   số người đang giữ trước {{ deputies.filled_before }}, sau {{ deputies.filled_after }}.</p>
<p>- Biên chế: trước {{ headcount.posts_before }} ({{ headcount.posts_before_words }}), sau {{ headcount.posts_after }}
   ({{ headcount.posts_after_words }}); số người trước {{ headcount.staff_before }}, sau {{ headcount.staff_after }}.</p>
<p>- Tinh giản biên chế: giảm {{ reduction.posts_reduced }} biên chế ({{ reduction.achieved }});
   mục tiêu {{ reduction.target }}, tức {{ reduction.target_posts }} biên chế: {{ reduction.verdict }}.</p>
"""


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def step_in_words(step: dict, units: dict[str, str], positions: dict[int, dict]) -> str:
    """One step of a plan as the đề án writes it."""
    def unit(code):
        return f"{units.get(code, code)} ({code})"

    def position(position_id):
        p = positions.get(position_id)
        return f"vị trí {p['title']} của {units.get(p['unit'], p['unit'])}" if p else f"vị trí số {position_id}"

    op = step["op"]
    if op == "create_unit":
        parent = f", trực thuộc {unit(step['parent_code'])}" if step.get("parent_code") else ""
        return f"Thành lập {KIND_NAMES.get(step['kind'], step['kind'])} {step['name']} ({step['code']}){parent}."
    if op == "rename_unit":
        return f"Đổi tên {unit(step['code'])} thành {step['name']}."
    if op == "merge_units":
        return f"Hợp nhất {unit(step['from'])} vào {unit(step['into'])}."
    if op == "dissolve_unit":
        successor = f"; nhiệm vụ, biên chế chuyển về {unit(step['successor_code'])}" if step.get("successor_code") else ""
        return f"Giải thể {unit(step['code'])}{successor}."
    if op == "move_position":
        holder = "cùng người đang đảm nhiệm" if step["with_holder"] else "người đang đảm nhiệm ở lại cơ quan cũ"
        return f"Chuyển {position(step['position_id'])} về {unit(step['to_unit'])}, {holder}."
    old = positions.get(step["position_id"], {}).get("quota")
    was = f" từ {old}" if old is not None else ""
    return f"Điều chỉnh chỉ tiêu biên chế của {position(step['position_id'])}{was} thành {step['quota']}."


def _side_by_side(before: dict, after: dict, names: dict[str, str]) -> list[dict]:
    """One row per unit of either table, in the order of the table before, new units last."""
    old, new = {r["code"]: r for r in before["items"]}, {r["code"]: r for r in after["items"]}
    codes = list(old) + [code for code in new if code not in old]
    return [{"name": names.get(code, code), "before": old.get(code), "after": new.get(code)} for code in codes]


def _violations(facts: dict) -> list[dict]:
    new = {(v["rule"], v["unit"], v.get("position_id")) for v in facts["new_violations"]}
    return [{**v, "rule_name": RULE_NAMES.get(v["rule"], v["rule"]), "minimum": v["rule"] == "min_department_staff",
             "unit_name": facts["unit_names"].get(v["unit"], "Các cơ quan tham mưu, giúp việc Tỉnh ủy"),
             "new": (v["rule"], v["unit"], v.get("position_id")) in new,
             **facts["sources"].get(v["rule"], {"source": "", "mark": "—"})} for v in facts["violations"]]


def _summary(summary: dict, names: dict[str, str]) -> dict:
    centralized, headcount, reduction = summary["centralized_into_office"], summary["headcount"], summary["reduction"]
    families = [f"{FAMILY_NAMES.get(family, family)}: {entry['positions']} vị trí, {entry['posts']} biên chế"
                for family, entry in centralized["by_family"].items() if entry["positions"]]
    departments = summary["departments"]
    return {
        "centralized": {**centralized, "families": families},
        "departments": {**departments, "removed": [names.get(c, c) for c in departments["removed"]],
                        "created": [names.get(c, c) for c in departments["created"]]},
        "deputies": summary["deputies"],
        "headcount": {**headcount, "posts_before_words": number_in_words(headcount["posts_before"]),
                      "posts_after_words": number_in_words(headcount["posts_after"])},
        "reduction": {**reduction, "achieved": _percent(reduction["achieved_share"]),
                      "target": _percent(reduction["target_share"]),
                      "verdict": "đạt" if reduction["meets_target"] else "chưa đạt"},
    }


def plan_pdf(facts: dict) -> bytes:
    """The đề án of a restructuring plan: its title and date, its steps in words, the staffing
    tables before and after side by side, the rules the result breaks with their source, the
    summary the leadership asks for, and the signatures of the Office head and the approving leader."""
    plan, names = facts["plan"], facts["unit_names"]
    body = render_body(
        PLAN, plan=plan, status_name=STATUS_NAMES.get(plan["status"], plan["status"]),
        steps=[step_in_words(step, names, facts["positions"]) for step in facts["steps"]],
        rows=_side_by_side(facts["before"], facts["after"], names), violations=_violations(facts),
        **_summary(facts["summary"], names))
    head = DocumentHead(number=f"{plan['id']}-ĐA/VPTU", title="Đề án", abstract=plan["title"],
                        issuer=Issuer(parent="TỈNH ỦY", name="VĂN PHÒNG"))
    signatures = [Signature("Chánh Văn phòng", facts["office_head"], note="Trình"),
                  Signature("T/M Ban Thường vụ", facts["approver"], note="Phê duyệt")]
    return render_party_document(head, body, signatures,
                                 recipients=["Ban Thường vụ Tỉnh ủy", "Các ban, cơ quan tham mưu, giúp việc Tỉnh ủy"])
