"""The HR issue end to end: the staffing table and restructuring plans, applied across every service.

Everything here runs on `own_platform` (a platform of this module's own), because the demo plan
is applied and a board is merged into another. The module fixtures order the story: `demo`
previews, approves and applies the seeded demo plan before anything else changes the structure
(its figures are exact only on the seeded organisation), `sandbox` then builds units of its own
for the rule and concurrency tests, and `merged` merges BNC into UBKT after giving BNC a budget,
an asset, bookings and a user, to follow the merge through finance, assets, fleet and the gateway.
"""
from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
import requests

from harness import Client, eventually

LOCAL_TZ = dt.timezone(dt.timedelta(hours=7))
DEMO_PLAN_TITLE = "Đề án tập trung văn phòng các ban về Văn phòng Tỉnh ủy"
SEED_DATE = "2025-03-01"
DEMO_UNITS = {"TU", "VP", "BTC", "UBKT", "BTGDV", "BNC", "VP-TH", "VP-QT", "VP-TC", "BTC-TCCB",
              "BTC-VP", "UBKT-VP", "BTGDV-VP", "BNC-VP"}
BOARD_OFFICES = {"BTC-VP", "UBKT-VP", "BTGDV-VP", "BNC-VP"}
# The demo's position ids (the n-th of buildingblocks.demo.POSITIONS is id n): per board
# head, deputy, specialist, accountant, clerk, driver.
BOARD_POSITIONS = {"BTC": (11, 12, 13, 14, 15, 16), "UBKT": (17, 18, 19, 20, 21, 22),
                   "BTGDV": (23, 24, 25, 26, 27, 28), "BNC": (29, 30, 31, 32, 33, 34)}
CENTRALIZED_IDS = [14, 15, 16, 20, 21, 22, 26, 27, 28, 32, 33, 34]
# accountant, clerk and driver of each board: the staff the demo plan moves into the Office
MOVED = {"BTC": (23, 24, 25), "UBKT": (32, 33, 34), "BTGDV": (43, 44, 45), "BNC": (52, 53, 54)}
VP_OWN_STAFF = set(range(3, 12))
RULE_SOURCE_137 = "137-QĐ/TW"


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:5].upper()}"


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, f"{resp.request.method} {resp.request.url}: {resp.status_code} {resp.text[:800]}"
    return resp.json()


def problem(resp, status: int) -> dict:
    assert resp.status_code == status, f"{resp.request.method} {resp.request.url}: {resp.status_code} {resp.text[:800]}"
    assert resp.headers.get("Content-Type", "").startswith("application/problem+json"), resp.headers
    body = resp.json()
    assert body["status"] == status
    return body


def all_items(client: Client, path: str, **params) -> list[dict]:
    """Every page of a list."""
    items, cursor = [], None
    while True:
        query = dict(params, limit=200, **({"cursor": cursor} if cursor else {}))
        page = ok(client.get(path, params=query))
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def budgets_of(client: Client, unit: str, year: int) -> dict[str, dict]:
    return {b["category"]: b for b in all_items(client, "/finance/budgets", unit=unit, fiscal_year=year)}


def fleet_driver(plat, staff_id: int) -> dict | None:
    return next((d for d in all_items(plat.client("doixe.vp"), "/fleet/drivers") if d["staff_id"] == staff_id), None)


def me(client: Client) -> dict:
    return ok(client.get("/auth/me"))


# -- the demo plan ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(own_platform):
    """Preview, approve (leadership) and apply (office_hr) the seeded demo plan; what each answered."""
    plat = own_platform
    hr, leader, admin = plat.client("tochuc.vp"), plat.client("bithu"), plat.client("admin")
    plans = [p for p in all_items(hr, "/hr/restructurings") if p["title"] == DEMO_PLAN_TITLE]
    assert len(plans) == 1, plans
    plan = plans[0]
    assert plan["status"] == "draft"
    # a login for one of the staff the plan moves (the accountant of BTC)
    created = admin.post("/admin/users", {"username": "ketoan.btc.e2e", "password": "ketoan-btc-1", "unit": "BTC",
                                          "roles": ["staff"], "staff_id": 23})
    assert created.status_code == 201, created.text
    moved_user = Client(plat.gateway, plat.token("ketoan.btc.e2e", "ketoan-btc-1"))
    assert me(moved_user)["unit"] == "BTC"
    staffing_before = ok(hr.get("/hr/staffing"))
    preview_get = ok(hr.get(f"/hr/restructurings/{plan['id']}/preview"))
    preview_post = ok(leader.post(f"/hr/restructurings/{plan['id']}/preview"))
    preview_auditor = ok(plat.client("kiemtra.ubkt").get(f"/hr/restructurings/{plan['id']}/preview"))
    refused_staff_preview = plat.client("chuyenvien.btc").get(f"/hr/restructurings/{plan['id']}/preview")
    refused_hr_approval = hr.post(f"/hr/restructurings/{plan['id']}/approve")
    apply_unapproved = hr.post(f"/hr/restructurings/{plan['id']}/apply")
    approved = ok(leader.post(f"/hr/restructurings/{plan['id']}/approve"))
    applied = ok(hr.post(f"/hr/restructurings/{plan['id']}/apply"))
    return {
        "plan": plan, "preview": preview_get, "preview_post": preview_post, "preview_auditor": preview_auditor,
        "refused_staff_preview": refused_staff_preview, "refused_hr_approval": refused_hr_approval,
        "apply_unapproved": apply_unapproved, "approved": approved, "applied": applied,
        "staffing_before": staffing_before, "moved_user": moved_user,
        "date": dt.date.fromisoformat(plan["effective_date"]),
    }


def test_demo_plan_preview_figures(demo):
    preview = demo["preview"]
    assert preview["plan_id"] == demo["plan"]["id"] and preview["status"] == "draft"
    summary = preview["summary"]
    assert summary["centralized_into_office"] == {
        "by_family": {
            "leadership": {"positions": 0, "posts": 0, "staff": 0},
            "professional": {"positions": 0, "posts": 0, "staff": 0},
            "shared_professional": {"positions": 4, "posts": 4, "staff": 4},
            "support": {"positions": 8, "posts": 8, "staff": 8},
        },
        "positions": 12, "posts": 12, "staff": 12, "position_ids": CENTRALIZED_IDS,
    }
    assert summary["departments"] == {"before": 8, "after": 4, "removed": sorted(BOARD_OFFICES), "created": []}
    assert summary["deputies"] == {"posts_before": 17, "posts_after": 13, "posts_removed": 4,
                                   "filled_before": 4, "filled_after": 4}
    assert summary["headcount"] == {"posts_before": 89, "posts_after": 81, "staff_before": 33, "staff_after": 33,
                                    "filled_before": 33, "filled_after": 33, "unassigned_after": 0}
    assert summary["reduction"] == {"target_share": 0.05, "target_posts": 5, "posts_reduced": 8,
                                    "achieved_share": 0.0899, "meets_target": True}
    assert summary["units"] == {"created": [], "changed": [],
                                "dissolved": [{"code": code, "successor_code": "VP"} for code in sorted(BOARD_OFFICES)]}
    assert summary["staff"]["losing_position"] == []
    assert sorted((t["staff_id"], t["from"], t["to"]) for t in summary["staff"]["transferred"]) == sorted(
        (sid, board, "VP") for board, ids in MOVED.items() for sid in ids)
    before, after = preview["before"]["totals"], preview["after"]["totals"]
    assert (before["quota"], before["filled"], before["vacant"], before["units"], before["departments"]) == (89, 33, 56, 14, 8)
    assert (after["quota"], after["filled"], after["vacant"], after["units"], after["departments"]) == (81, 33, 48, 10, 4)
    assert before["by_family"]["support"] == {"quota": 20, "filled": 11, "vacant": 9}
    assert after["by_family"]["support"] == {"quota": 16, "filled": 11, "vacant": 5}
    assert {row["code"] for row in preview["before"]["items"]} == DEMO_UNITS
    assert {row["code"] for row in preview["after"]["items"]} == DEMO_UNITS - BOARD_OFFICES
    vp_after = next(row for row in preview["after"]["items"] if row["code"] == "VP-TC")
    assert (vp_after["quota"], vp_after["filled"]) == (8, 5)
    # nothing blocking gets worse; the boards' undersized offices are resolved, BTC-TCCB stays flagged
    assert preview["new_violations"] == []
    assert [(v["rule"], v["unit"], v["blocking"]) for v in preview["violations"]] == [
        ("min_department_staff", "BTC-TCCB", False)]
    assert {(v["rule"], v["unit"]) for v in preview["resolved_violations"]} == {
        ("min_department_staff", code) for code in ("VP-TH", "VP-TC", *BOARD_OFFICES)}
    # the same figures whoever asks (GET or POST, office_hr, leadership or auditor)
    assert demo["preview_post"]["summary"] == summary
    assert demo["preview_auditor"]["summary"] == summary
    # the preview is the staffing table: its `before` is what /staffing answered
    assert preview["before"]["totals"] == demo["staffing_before"]["totals"]


def test_demo_plan_roles_and_lifecycle(own_platform, demo):
    problem(demo["refused_staff_preview"], 403)
    problem(demo["refused_hr_approval"], 403)
    assert problem(demo["apply_unapproved"], 409)["rule"] == "plan_not_approved"
    assert demo["approved"]["status"] == "approved" and demo["approved"]["approved_by"] == "bithu"
    applied = demo["applied"]
    assert applied["status"] == "applied" and applied["applied_by"] == "tochuc.vp"
    assert applied["approved_by"] == "bithu" and applied["failure_reason"] is None
    hr = own_platform.client("tochuc.vp")
    plan_id = demo["plan"]["id"]
    assert ok(hr.get(f"/hr/restructurings/{plan_id}"))["status"] == "applied"
    assert problem(hr.post(f"/hr/restructurings/{plan_id}/apply"), 409)["rule"] == "plan_applied"
    assert problem(hr.get(f"/hr/restructurings/{plan_id}/preview"), 409)["rule"] == "plan_applied"
    assert problem(hr.patch(f"/hr/restructurings/{plan_id}", {"title": "changed after the fact"}), 409)["rule"] == "plan_applied"


def test_demo_plan_applied_structure_and_history(own_platform, demo):
    hr = own_platform.client("tochuc.vp")
    day = demo["date"]
    before = (day - dt.timedelta(days=1)).isoformat()
    plan_id = demo["plan"]["id"]
    # units now and before the date
    now_codes = {u["code"] for u in all_items(hr, "/hr/units")}
    assert now_codes & DEMO_UNITS == DEMO_UNITS - BOARD_OFFICES
    assert {u["code"] for u in all_items(hr, "/hr/units", as_of=before)} == DEMO_UNITS
    office = ok(hr.get("/hr/units/BTC-VP"))
    assert (office["valid_to"], office["successor_code"], office["parent_code"]) == (day.isoformat(), "VP", "BTC")
    old_office = ok(hr.get("/hr/units/BTC-VP", params={"as_of": before}))
    assert (old_office["kind"], old_office["parent_code"], old_office["valid_from"]) == ("department", "BTC", SEED_DATE)
    # the staffing table now and before
    totals = ok(hr.get("/hr/staffing"))["totals"]
    old = ok(hr.get("/hr/staffing", params={"as_of": before}))
    assert (old["totals"]["quota"], old["totals"]["filled"], old["totals"]["units"], old["totals"]["departments"]) == (89, 33, 14, 8)
    assert old["totals"] == demo["staffing_before"]["totals"]
    assert totals["filled"] >= 33
    btc_now = ok(hr.get("/hr/staffing", params={"unit": "BTC"}))
    assert [r["code"] for r in btc_now["items"]] == ["BTC", "BTC-TCCB"]
    assert (btc_now["items"][0]["quota"], btc_now["items"][0]["filled"], btc_now["items"][0]["vacant"]) == (11, 3, 8)
    btc_old = ok(hr.get("/hr/staffing", params={"unit": "BTC", "as_of": before}))
    assert [r["code"] for r in btc_old["items"]] == ["BTC", "BTC-TCCB", "BTC-VP"]
    assert (btc_old["items"][0]["quota"], btc_old["items"][0]["filled"]) == (16, 6)
    csv_old = hr.get("/hr/staffing.csv", params={"unit": "BTC", "as_of": before})
    assert csv_old.status_code == 200 and csv_old.headers["Content-Type"].startswith("text/csv")
    assert [line.split(",")[0] for line in csv_old.text.strip().splitlines()[1:]] == ["BTC", "BTC-TCCB", "BTC-VP"]
    # positions: moved and cut, and as they were
    driver = ok(hr.get("/hr/positions/16"))
    assert (driver["unit"], driver["agency"], driver["quota"], driver["filled"]) == ("VP-QT", "VP", 1, 1)
    old_driver = ok(hr.get("/hr/positions/16", params={"as_of": before}))
    assert (old_driver["unit"], old_driver["agency"], old_driver["quota"]) == ("BTC-VP", "BTC", 2)
    deputy = ok(hr.get("/hr/positions/12"))
    assert (deputy["unit"], deputy["quota"], deputy["filled"]) == ("BTC", 2, 1)
    assert ok(hr.get("/hr/positions/12", params={"as_of": before}))["quota"] == 3
    # the moved staff are in the Office now, in their boards before
    vp_now = {s["id"]: s for s in all_items(hr, "/hr/staff", unit="VP")}
    moved = {sid for ids in MOVED.values() for sid in ids}
    assert moved | VP_OWN_STAFF <= set(vp_now)
    assert {s["id"] for s in all_items(hr, "/hr/staff", unit="VP", as_of=before)} == VP_OWN_STAFF
    assert {s["id"] for s in all_items(hr, "/hr/staff", unit="VP-TC")} >= {5, 23, 32, 43, 52}
    accountant = ok(hr.get("/hr/staff/23"))
    assert (accountant["unit"], accountant["position_id"], accountant["position_unit"]) == ("VP", 14, "VP-TC")
    old_accountant = ok(hr.get("/hr/staff/23", params={"as_of": before}))
    assert (old_accountant["unit"], old_accountant["position_id"], old_accountant["position_unit"]) == ("BTC", 14, "BTC-VP")
    appointments = all_items(hr, "/hr/appointments", staff_id=23)
    assert [(a["unit"], a["start_date"], a["end_date"]) for a in appointments] == [
        ("BTC", SEED_DATE, day.isoformat()), ("VP", day.isoformat(), None)]
    assert appointments[1]["restructuring_id"] == plan_id and appointments[1]["position_id"] == 14
    in_force_before = all_items(hr, "/hr/appointments", staff_id=23, as_of=before)
    assert [a["unit"] for a in in_force_before] == ["BTC"]


def test_demo_plan_followed_by_gateway_and_fleet(own_platform, demo):
    user = demo["moved_user"]
    eventually(lambda: me(user)["unit"] == "VP", timeout=30)
    assert me(user)["staff_id"] == 23 and me(user)["roles"] == ["staff"]
    # the board's pooled drivers now belong to the Office in fleet's replica
    eventually(lambda: all((fleet_driver(own_platform, sid) or {}).get("unit") == "VP" for sid in (25, 34, 45, 54)),
               timeout=30)
    # the accountant now sees the Office's records, no longer the old board's
    assert ok(user.get("/hr/staff/23"))["unit"] == "VP"
    problem(user.get("/hr/staff", params={"unit": "BTC"}), 403)
    assert problem(user.get("/hr/staff/22"), 404)


# -- board scoping -------------------------------------------------------------------------------------

def test_board_sees_only_its_own_staffing_and_staff(own_platform, demo):
    btc = own_platform.client("chuyenvien.btc")
    table = ok(btc.get("/hr/staffing"))
    assert table["unit"] == "BTC"
    assert [r["code"] for r in table["items"]] == ["BTC", "BTC-TCCB"]
    row = table["items"][0]
    assert (row["quota"], row["filled"], row["vacant"], row["deputies"]) == (11, 3, 8, 1)
    assert (row["deputy_limit"], row["deputy_limit_rule"]) == (5, "deputy_share_of_headcount")
    assert table["totals"]["quota"] == 11 and table["totals"]["units"] == 2
    assert all(v["unit"] in ("BTC", "BTC-TCCB") for v in table["violations"])
    csv = btc.get("/hr/staffing.csv")
    assert csv.status_code == 200
    assert [line.split(",")[0] for line in csv.text.strip().splitlines()[1:]] == ["BTC", "BTC-TCCB"]
    problem(btc.get("/hr/staffing", params={"unit": "UBKT"}), 403)
    problem(btc.get("/hr/staffing.csv", params={"unit": "VP"}), 403)
    problem(btc.get("/hr/staff", params={"unit": "UBKT"}), 403)
    problem(btc.get("/hr/appointments", params={"unit": "VP"}), 403)
    staff = all_items(btc, "/hr/staff")
    assert {s["id"] for s in staff} == {20, 21, 22} and {s["unit"] for s in staff} == {"BTC"}
    assert ok(btc.get("/hr/staff/21"))["unit"] == "BTC"
    problem(btc.get("/hr/staff/31"), 404)
    problem(btc.get("/hr/staff/23"), 404)  # moved to the Office by the plan
    assert {a["unit"] for a in all_items(btc, "/hr/appointments")} == {"BTC"}
    # the structure itself is no secret
    assert {"UBKT", "VP-QT"} <= {u["code"] for u in all_items(btc, "/hr/units")}
    # before the plan the board's own office (a department of BTC) is in its table
    before = (demo["date"] - dt.timedelta(days=1)).isoformat()
    old = ok(btc.get("/hr/staffing", params={"as_of": before}))
    assert [r["code"] for r in old["items"]] == ["BTC", "BTC-TCCB", "BTC-VP"] and old["totals"]["quota"] == 16


def test_board_may_ask_for_a_department_of_its_own(own_platform, demo):
    """README: `?unit=` on /staff and /staffing may name a board or a department inside it."""
    btc = own_platform.client("truongban.btc")
    resp = btc.get("/hr/staffing", params={"unit": "BTC-TCCB"})
    assert resp.status_code == 200, (resp.status_code, resp.text)
    table = resp.json()
    assert [r["code"] for r in table["items"]] == ["BTC-TCCB"]
    assert ok(btc.get("/hr/staff", params={"unit": "BTC-TCCB"}))["items"] == []


@pytest.mark.parametrize("username", ["tochuc.vp", "bithu", "kiemtra.ubkt"])
def test_hr_leadership_and_auditor_see_every_board(own_platform, demo, username):
    client = own_platform.client(username)
    units = {u["code"] for u in all_items(client, "/hr/units")}
    table = ok(client.get("/hr/staffing"))
    assert table["unit"] is None
    assert {r["code"] for r in table["items"]} == units
    assert table["totals"]["units"] == len(units)
    top = [r for r in table["items"] if r["parent_code"] is None]
    assert table["totals"]["quota"] == sum(r["quota"] for r in top)
    for board in ("BTC", "UBKT", "BTGDV", "VP"):
        rows = ok(client.get("/hr/staffing", params={"unit": board}))["items"]
        assert rows[0]["code"] == board
        assert {s["unit"] for s in all_items(client, "/hr/staff", unit=board)} == {board}
    assert {s["id"] for s in all_items(client, "/hr/staff", unit="BTC")} == {20, 21, 22}
    assert ok(client.get("/hr/staff/22"))["unit"] == "BTC"
    assert ok(client.get("/hr/staff/42"))["unit"] == "BTGDV"
    staff_units = {s["unit"] for s in all_items(client, "/hr/staff")}
    assert {"TU", "VP", "BTC", "UBKT", "BTGDV"} <= staff_units


# -- rules ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sandbox(own_platform, demo):
    """A board of this module's own with two departments and the positions the rule tests fill."""
    hr = own_platform.client("tochuc.vp")
    board = unique("E2EHR")
    ok(hr.post("/hr/units", {"code": board, "name": "Ban thử nghiệm biên chế", "kind": "board"}), 201)
    dept1, dept2 = f"{board}-P1", f"{board}-P2"
    for dept in (dept1, dept2):
        ok(hr.post("/hr/units", {"code": dept, "name": f"Phòng {dept}", "kind": "department", "parent_code": board}), 201)

    def position(unit, title, rank, family, quota):
        return ok(hr.post("/hr/positions", {"unit": unit, "title": title, "rank": rank, "family": family,
                                            "quota": quota}), 201)["id"]

    return {
        "board": board, "dept1": dept1, "dept2": dept2,
        "quota_one": position(board, "Chuyên viên pháp chế", "specialist", "professional", 1),
        "last_vacancy": position(board, "Chuyên viên tổng hợp", "specialist", "professional", 1),
        "dep1": position(dept1, "Phó trưởng phòng", "deputy", "leadership", 3),
        "spec1": position(dept1, "Chuyên viên", "specialist", "professional", 5),
        "dep2": position(dept2, "Phó trưởng phòng", "deputy", "leadership", 3),
        "spec2": position(dept2, "Chuyên viên", "specialist", "professional", 5),
    }


def hire(hr: Client, name: str, **fields):
    return hr.post("/hr/staff", {"full_name": name, "title_rank": fields.pop("title_rank", "specialist"), **fields})


def check_rule_problem(body: dict, rule: str, unit: str, limit, actual, source_part: str | None = None):
    assert (body["rule"], body["unit"], body["limit"], body["actual"]) == (rule, unit, limit, actual), body
    assert body["mark"] == "B"
    if source_part:
        assert source_part in body["source"], body["source"]
    assert any(v["rule"] == rule and v["unit"] == unit for v in body["violations"]), body["violations"]


def test_full_quota_is_refused_naming_the_rule(own_platform, sandbox):
    hr = own_platform.client("tochuc.vp")
    board, pid = sandbox["board"], sandbox["quota_one"]
    first = ok(hire(hr, "Người giữ chỗ", position_id=pid), 201)
    assert first["unit"] == board and first["position_id"] == pid
    refused = problem(hire(hr, "Người thứ hai", position_id=pid), 409)
    check_rule_problem(refused, "position_quota", board, 1, 2)
    assert refused["position_id"] == pid
    # by a transfer, and by cutting the quota below its holder: the same rule
    spare = ok(hire(hr, "Người chưa có vị trí", unit=board), 201)
    assert spare["position_id"] is None and spare["unit"] == board
    check_rule_problem(problem(hr.patch(f"/hr/staff/{spare['id']}", {"position_id": pid}), 409),
                       "position_quota", board, 1, 2)
    check_rule_problem(problem(hr.post("/hr/appointments", {"staff_id": spare["id"], "position_id": pid}), 409),
                       "position_quota", board, 1, 2)
    check_rule_problem(problem(hr.patch(f"/hr/positions/{pid}", {"quota": 0}), 409), "position_quota", board, 0, 1)
    # nothing of the refused changes was written
    position = ok(hr.get(f"/hr/positions/{pid}"))
    assert (position["quota"], position["filled"], position["vacant"]) == (1, 1, 0)
    assert [s["id"] for s in all_items(hr, "/hr/staff", position_id=pid)] == [first["id"]]
    assert ok(hr.get(f"/hr/staff/{spare['id']}"))["position_id"] is None
    names = [s["full_name"] for s in all_items(hr, "/hr/staff", unit=board)]
    assert "Người thứ hai" not in names


def test_deputy_limit_is_refused_naming_the_rule(own_platform, sandbox):
    hr = own_platform.client("tochuc.vp")
    dept, dep, spec = sandbox["dept1"], sandbox["dep1"], sandbox["spec1"]
    for n in (1, 2):
        ok(hire(hr, f"Phó phòng {n}", position_id=dep, title_rank="department_deputy"), 201)
    refused = problem(hire(hr, "Phó phòng 3", position_id=dep, title_rank="department_deputy"), 409)
    # a department of 8 posts (< 10) has at most 2 deputies (137-QĐ/TW)
    check_rule_problem(refused, "deputies_per_department", dept, 2, 3, RULE_SOURCE_137)
    row = ok(hr.get("/hr/staffing", params={"unit": dept}))["items"][0]
    assert (row["quota"], row["deputies"], row["deputy_limit"], row["deputy_limit_rule"]) == (8, 2, 2, "deputies_per_department")
    assert ok(hr.get(f"/hr/positions/{dep}"))["filled"] == 2
    # at 10 posts the department may have 3
    ok(hr.patch(f"/hr/positions/{spec}", {"quota": 7}))
    ok(hire(hr, "Phó phòng 3", position_id=dep, title_rank="department_deputy"), 201)
    row = ok(hr.get("/hr/staffing", params={"unit": dept}))["items"][0]
    assert (row["quota"], row["deputies"], row["deputy_limit"]) == (10, 3, 3)
    # a fourth breaks the quota of the post and the deputy limit: both are named
    fourth = problem(hire(hr, "Phó phòng 4", position_id=dep, title_rank="department_deputy"), 409)
    check_rule_problem(fourth, "position_quota", dept, 3, 4)
    assert {(v["rule"], v["limit"], v["actual"]) for v in fourth["violations"]} == {
        ("position_quota", 3, 4), ("deputies_per_department", 3, 4)}


def test_plan_approval_refused_naming_the_rule(own_platform, sandbox):
    hr, leader = own_platform.client("tochuc.vp"), own_platform.client("bithu")
    board, pid = sandbox["board"], sandbox["quota_one"]
    if ok(hr.get(f"/hr/positions/{pid}"))["filled"] == 0:
        ok(hire(hr, "Người giữ chỗ", position_id=pid), 201)
    plan = ok(hr.post("/hr/restructurings", {"title": "Cắt biên chế đang có người", "effective_date": local_today().isoformat(),
                                             "steps": [{"op": "set_quota", "position_id": pid, "quota": 0}]}), 201)
    preview = ok(hr.get(f"/hr/restructurings/{plan['id']}/preview"))
    assert [(v["rule"], v["unit"], v["limit"], v["actual"]) for v in preview["new_violations"]] == [
        ("position_quota", board, 0, 1)]
    check_rule_problem(problem(leader.post(f"/hr/restructurings/{plan['id']}/approve"), 409), "position_quota", board, 0, 1)
    after = ok(hr.get(f"/hr/restructurings/{plan['id']}"))
    assert (after["status"], after["approved_by"]) == ("draft", None)
    assert ok(hr.get(f"/hr/positions/{pid}"))["quota"] == 1
    # merging a board with three departments into one with two breaks the departments limit (4 per board)
    other = unique("E2EHB")
    ok(hr.post("/hr/units", {"code": other, "name": "Ban sẽ sáp nhập", "kind": "board"}), 201)
    for n in (1, 2, 3):
        ok(hr.post("/hr/units", {"code": f"{other}-P{n}", "name": f"Phòng {n}", "kind": "department",
                                 "parent_code": other}), 201)
    merge = ok(hr.post("/hr/restructurings", {"title": "Sáp nhập quá số phòng", "effective_date": local_today().isoformat(),
                                              "steps": [{"op": "merge_units", "from": other, "into": board}]}), 201)
    preview = ok(hr.get(f"/hr/restructurings/{merge['id']}/preview"))
    assert [(v["rule"], v["unit"], v["limit"], v["actual"]) for v in preview["new_violations"]] == [
        ("max_departments_per_agency", board, 4, 5)]
    check_rule_problem(problem(leader.post(f"/hr/restructurings/{merge['id']}/approve"), 409),
                       "max_departments_per_agency", board, 4, 5, RULE_SOURCE_137)
    assert ok(hr.get(f"/hr/units/{other}"))["valid_to"] is None
    assert {u["code"] for u in all_items(hr, "/hr/units", parent_code=other)} == {f"{other}-P{n}" for n in (1, 2, 3)}


# -- concurrency ----------------------------------------------------------------------------------------

def race(plat, username: str, path: str, bodies: list[dict]) -> list[requests.Response]:
    """POST every body at once, one thread and connection each, through the gateway."""
    token = plat.token(username)
    barrier = threading.Barrier(len(bodies))
    results: list = [None] * len(bodies)

    def run(i):
        client = Client(plat.gateway, token)
        barrier.wait()
        try:
            results[i] = client.post(path, bodies[i])
        except Exception as exc:  # noqa: BLE001 - reported below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(isinstance(r, requests.Response) for r in results), results
    return results


def test_concurrent_appointments_to_the_last_vacancy(own_platform, sandbox):
    hr = own_platform.client("tochuc.vp")
    board, pid = sandbox["board"], sandbox["last_vacancy"]
    candidates = [ok(hire(hr, f"Ứng viên {n}", unit=board), 201)["id"] for n in range(8)]
    results = race(own_platform, "tochuc.vp", "/hr/appointments",
                   [{"staff_id": sid, "position_id": pid} for sid in candidates])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [409] * 7, [(r.status_code, r.text[:200]) for r in results]
    winner = next(sid for sid, r in zip(candidates, results) if r.status_code == 201)
    for r in results:
        if r.status_code == 409:
            body = r.json()
            assert (body["rule"], body["limit"], body["actual"], body["position_id"]) == ("position_quota", 1, 2, pid)
    position = ok(hr.get(f"/hr/positions/{pid}"))
    assert (position["filled"], position["vacant"]) == (1, 0)
    held = [a for a in all_items(hr, "/hr/appointments", position_id=pid) if a["end_date"] is None]
    assert [a["staff_id"] for a in held] == [winner]
    assert [s["id"] for s in all_items(hr, "/hr/staff", position_id=pid)] == [winner]
    for sid in candidates:
        assert ok(hr.get(f"/hr/staff/{sid}"))["position_id"] == (pid if sid == winner else None)


def test_concurrent_hires_to_the_last_deputy_post(own_platform, sandbox):
    hr = own_platform.client("tochuc.vp")
    dept, dep = sandbox["dept2"], sandbox["dep2"]
    ok(hire(hr, "Phó phòng đầu tiên", position_id=dep, title_rank="department_deputy"), 201)
    results = race(own_platform, "tochuc.vp", "/hr/staff",
                   [{"full_name": f"Phó phòng tranh {n}", "position_id": dep, "title_rank": "department_deputy"}
                    for n in range(6)])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [409] * 5, [(r.status_code, r.text[:200]) for r in results]
    for r in results:
        if r.status_code == 409:
            body = r.json()
            assert (body["rule"], body["unit"], body["limit"], body["actual"]) == ("deputies_per_department", dept, 2, 3)
    row = ok(hr.get("/hr/staffing", params={"unit": dept}))["items"][0]
    assert (row["deputies"], row["deputy_limit"]) == (2, 2)
    assert len(all_items(hr, "/hr/staff", position_id=dep)) == 2


# -- bad input -------------------------------------------------------------------------------------------

def test_bad_input_on_hr_routes_is_4xx(own_platform, demo):
    hr = own_platform.client("tochuc.vp")
    staff = own_platform.client("chuyenvien.btc")
    leader = own_platform.client("bithu")
    today = local_today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()

    def field_error(resp, status, field):
        body = problem(resp, status)
        assert field in body.get("errors", {}), body
        return body

    # schema validation: 422 naming the field
    field_error(hr.post("/hr/units", {"code": "bad code!", "name": "x", "kind": "board"}), 422, "code")
    field_error(hr.post("/hr/units", {"code": unique("E2EX"), "name": "x", "kind": "planet"}), 422, "kind")
    field_error(hr.post("/hr/units", {"code": unique("E2EX"), "name": "", "kind": "board"}), 422, "name")
    field_error(hr.post("/hr/units", {"code": unique("E2EX"), "name": "x", "kind": "board", "valid_from": tomorrow}),
                422, "valid_from")
    field_error(hr.post("/hr/positions", {"unit": "BTC", "title": "x", "rank": "specialist", "family": "professional",
                                          "quota": -1}), 422, "quota")
    field_error(hr.post("/hr/positions", {"unit": "NOPE", "title": "x", "rank": "specialist",
                                          "family": "professional", "quota": 1}), 422, "unit")
    field_error(hr.post("/hr/staff", {"full_name": "Không nơi làm"}), 422, "position_id")
    field_error(hr.post("/hr/staff", {"full_name": "Tương lai", "unit": "BTC", "hired_on": tomorrow}), 422, "hired_on")
    field_error(hr.post("/hr/staff", {"full_name": "Sai bằng", "unit": "BTC", "licence_class": "Z9"}), 422, "licence_class")
    field_error(hr.post("/hr/staff", {"full_name": "Sai vị trí", "position_id": 99999}), 422, "position_id")
    field_error(hr.post("/hr/staff", {"full_name": "Sai ban", "position_id": 13, "unit": "UBKT"}), 422, "unit")
    problem(hr.patch("/hr/staff/22", {}), 422)
    field_error(hr.patch("/hr/staff/22", {"effective_date": tomorrow, "unit": "UBKT"}), 422, "effective_date")
    field_error(hr.get("/hr/staffing", params={"as_of": "2026-13-45"}), 422, "as_of")
    field_error(hr.get("/hr/units", params={"kind": "planet"}), 422, "kind")
    field_error(hr.get("/hr/staff", params={"limit": 0}), 422, "limit")
    problem(hr.get("/hr/staff", params={"cursor": "###not-a-cursor"}), 400)
    problem(hr.session.post(hr._url("/hr/units"), data="{not json", headers={"Content-Type": "application/json"},
                            timeout=30), 400)
    # unknown records: 404
    problem(hr.get("/hr/staff/999999"), 404)
    problem(hr.patch("/hr/staff/999999", {"full_name": "x"}), 404)
    problem(hr.get("/hr/positions/999999"), 404)
    problem(hr.get("/hr/units/NOPE"), 404)
    problem(hr.get("/hr/staffing", params={"unit": "NOPE"}), 404)
    problem(hr.post("/hr/units/NOPE/dissolve", {"successor_code": "VP"}), 404)
    problem(hr.get("/hr/restructurings/999999"), 404)
    problem(hr.get("/hr/rules/no_such_rule"), 404)
    problem(hr.get("/hr/staff/abc"), 404)
    # refused changes of the structure
    assert problem(hr.post("/hr/units", {"code": "BTC", "name": "again", "kind": "board"}), 409)["rule"] == "unit_code_used"
    problem(hr.post("/hr/units/BTC/dissolve", {}), 422)  # not empty and no successor
    problem(hr.post("/hr/units/BTC/dissolve", {"successor_code": "BTC-TCCB"}), 422)  # its own department
    problem(hr.post("/hr/units/BTC/dissolve", {"successor": "VP", "successor_code": "UBKT"}), 422)
    assert problem(hr.patch("/hr/units/BTC", {"name": "Tên cũ", "effective_date": "2020-01-01"}), 409)["rule"] == "history_order"
    field_error(hr.patch("/hr/rules/deputies_per_department", {"value": {"large_from": "ten"}}), 422, "value")
    field_error(hr.patch("/hr/rules/deputy_share_of_headcount", {"value": {"max_share": 2}}), 422, "value.max_share")
    # plans: steps checked for shape (422 naming the step), roles
    body = field_error(hr.post("/hr/restructurings", {"title": "x", "effective_date": today.isoformat(),
                                                      "steps": [{"op": "explode"}]}), 422, "steps")
    assert "0" in body["errors"]["steps"]
    body = field_error(hr.post("/hr/restructurings", {"title": "x", "effective_date": today.isoformat(),
                                                      "steps": [{"op": "set_quota", "position_id": 13, "quota": 8},
                                                                {"op": "merge_units", "from": "BTC"}]}), 422, "steps")
    assert "1" in body["errors"]["steps"]
    field_error(hr.post("/hr/restructurings", {"title": "x", "effective_date": today.isoformat(),
                                               "steps": [{"op": "set_quota", "position_id": -3, "quota": 1}]}), 422, "steps")
    field_error(hr.post("/hr/restructurings", {"title": "x", "steps": []}), 422, "effective_date")
    self_merge = ok(hr.post("/hr/restructurings", {"title": "Tự sáp nhập", "effective_date": today.isoformat(),
                                                   "steps": [{"op": "merge_units", "from": "BTC", "into": "BTC"}]}), 201)
    problem(hr.get(f"/hr/restructurings/{self_merge['id']}/preview"), 422)
    problem(leader.post(f"/hr/restructurings/{self_merge['id']}/approve"), 422)
    assert ok(hr.get(f"/hr/restructurings/{self_merge['id']}"))["status"] == "draft"
    ghost = ok(hr.post("/hr/restructurings", {"title": "Vị trí không có", "effective_date": today.isoformat(),
                                              "steps": [{"op": "move_position", "position_id": 999999, "to_unit": "VP"}]}), 201)
    assert "0" in field_error(hr.get(f"/hr/restructurings/{ghost['id']}/preview"), 422, "steps")["errors"]["steps"]
    problem(staff.post("/hr/restructurings", {"title": "x", "effective_date": today.isoformat(), "steps": []}), 403)
    problem(staff.get("/hr/restructurings"), 403)
    problem(staff.post("/hr/staff", {"full_name": "x", "unit": "BTC"}), 403)
    problem(staff.patch("/hr/positions/13", {"quota": 20}), 403)
    problem(leader.post("/hr/staff", {"full_name": "x", "unit": "BTC"}), 403)
    problem(hr.post(f"/hr/restructurings/{self_merge['id']}/approve"), 403)
    assert problem(hr.post(f"/hr/restructurings/{self_merge['id']}/apply"), 409)["rule"] == "plan_not_approved"
    # none of it changed the structure
    assert ok(hr.get("/hr/units/BTC"))["valid_to"] is None and ok(hr.get("/hr/units/BTC"))["name"] == "Ban Tổ chức Tỉnh ủy"
    assert ok(hr.get("/hr/positions/13"))["quota"] == 8
    assert ok(hr.get("/hr/rules/deputy_share_of_headcount"))["value"] == {"max_share": 0.5}


# -- the merge followed by every service ------------------------------------------------------------------

@pytest.fixture(scope="module")
def merged(own_platform, demo):
    """BNC, with a budget, an asset, bookings and a user of its own, merged into UBKT by a plan."""
    plat = own_platform
    hr, leader, admin = plat.client("tochuc.vp"), plat.client("bithu"), plat.client("admin")
    finance, assets, bnc = plat.client("ketoan.vp"), plat.client("taisan.vp"), plat.client("chuyenvien.bnc")
    today = local_today()
    year = today.year
    # HR: a new specialist of BNC, and a login for them
    newcomer = ok(hire(hr, "Người mới Ban Nội chính", position_id=BOARD_POSITIONS["BNC"][2]), 201)
    assert newcomer["unit"] == "BNC"
    ok(admin.post("/admin/users", {"username": "moi.bnc.e2e", "password": "moi-bnc-pass", "unit": "BNC",
                                   "roles": ["staff"], "staff_id": newcomer["id"]}), 201)
    user = Client(plat.gateway, plat.token("moi.bnc.e2e", "moi-bnc-pass"))
    assert me(user)["unit"] == "BNC"
    # finance: a budget of its own, part of it reserved by an expense of the board
    category = "e2e_merge"
    ok(finance.post("/finance/budgets", {"fiscal_year": year, "unit": "BNC", "category": category,
                                         "allocated_vnd": 50_000_000, "reason": "trước sáp nhập"}), 201)
    expense = ok(bnc.post("/finance/expenses", {"category": category, "amount_vnd": 12_000_000, "beneficiary_staff_id": 51,
                                                "date": today.isoformat(), "description": "Hội nghị chuyên đề"}), 201)
    assert (expense["status"], expense["unit"], expense["amount_vnd"]) == ("submitted", "BNC", 12_000_000), expense
    bnc_budgets = budgets_of(finance, "BNC", year)
    ubkt_budgets = budgets_of(finance, "UBKT", year)
    assert bnc_budgets[category]["available_vnd"] == 38_000_000
    # assets: an asset registered for BNC, held by the newcomer (retried until assets' replica knows them)
    tag = unique("E2E-MERGE-")

    def register():
        resp = assets.post("/assets/items", {"tag": tag, "category": "computer", "name": "Máy tính Ban Nội chính",
                                             "unit": "BNC", "holder_staff_id": newcomer["id"],
                                             "acquired_on": "2024-05-02", "original_cost_vnd": 14_000_000})
        assert resp.status_code in (201, 422), resp.text
        return resp.json() if resp.status_code == 201 else None

    asset = eventually(register, timeout=30, interval=0.5)
    bnc_assets = {a["id"] for a in all_items(assets, "/assets/items", unit="BNC")}
    assert asset["id"] in bnc_assets
    # fleet: an open booking of the board and a cancelled one
    def book(day):
        return ok(bnc.post("/fleet/bookings", {"purpose": "Kiểm tra địa bàn", "destination": "Huyện D",
                                               "start_at": f"2031-06-{day:02d}T08:00:00+07:00",
                                               "end_at": f"2031-06-{day:02d}T11:00:00+07:00", "passengers": 2}), 201)

    open_booking, cancelled = book(3), book(4)
    ok(bnc.post(f"/fleet/bookings/{cancelled['id']}/cancel", {"reason": "đổi lịch"}))
    # HR: the merge as a plan, approved by the leadership and applied by HR
    plan = ok(hr.post("/hr/restructurings", {"title": "Hợp nhất Ban Nội chính vào Ủy ban Kiểm tra",
                                             "effective_date": today.isoformat(),
                                             "steps": [{"op": "merge_units", "from": "BNC", "into": "UBKT"}]}), 201)
    preview = ok(hr.get(f"/hr/restructurings/{plan['id']}/preview"))
    ok(leader.post(f"/hr/restructurings/{plan['id']}/approve"))
    applied = ok(hr.post(f"/hr/restructurings/{plan['id']}/apply"))
    return {"today": today, "year": year, "category": category, "newcomer": newcomer, "user": user,
            "expense": expense, "bnc_budgets": bnc_budgets, "ubkt_budgets": ubkt_budgets, "asset": asset,
            "bnc_assets": bnc_assets, "open_booking": open_booking, "cancelled": cancelled, "plan": plan,
            "preview": preview, "applied": applied}


def test_merge_plan_applied_in_hr(own_platform, merged):
    hr = own_platform.client("tochuc.vp")
    today, newcomer = merged["today"], merged["newcomer"]
    before = (today - dt.timedelta(days=1)).isoformat()
    summary = merged["preview"]["summary"]
    assert summary["units"]["dissolved"] == [{"code": "BNC", "successor_code": "UBKT"}]
    assert sorted(t["staff_id"] for t in summary["staff"]["transferred"]) == [50, 51, newcomer["id"]]
    assert {(t["from"], t["to"]) for t in summary["staff"]["transferred"]} == {("BNC", "UBKT")}
    assert merged["preview"]["new_violations"] == []
    assert merged["applied"]["status"] == "applied"
    # now: BNC dissolved into UBKT, its positions and staff there
    unit = ok(hr.get("/hr/units/BNC"))
    assert (unit["valid_to"], unit["successor_code"]) == (today.isoformat(), "UBKT")
    assert "BNC" not in {u["code"] for u in all_items(hr, "/hr/units")}
    problem(hr.get("/hr/staffing", params={"unit": "BNC"}), 404)
    ubkt = ok(hr.get("/hr/staffing", params={"unit": "UBKT"}))["items"][0]
    assert (ubkt["quota"], ubkt["filled"]) == (22, 5)
    for pid in BOARD_POSITIONS["BNC"][:3]:
        assert ok(hr.get(f"/hr/positions/{pid}"))["unit"] == "UBKT"
    for sid in (50, 51, newcomer["id"]):
        assert ok(hr.get(f"/hr/staff/{sid}"))["unit"] == "UBKT"
    assert {s["id"] for s in all_items(hr, "/hr/staff", unit="UBKT")} == {30, 31, 50, 51, newcomer["id"]}
    # the day before: the old structure everywhere HR answers
    old_unit = ok(hr.get("/hr/units/BNC", params={"as_of": before}))
    assert (old_unit["kind"], old_unit["valid_to"]) == ("board", today.isoformat())
    assert "BNC" in {u["code"] for u in all_items(hr, "/hr/units", as_of=before)}
    old_table = ok(hr.get("/hr/staffing", params={"unit": "BNC", "as_of": before}))
    assert [r["code"] for r in old_table["items"]] == ["BNC", "BNC-VP"]
    assert (old_table["items"][0]["quota"], old_table["items"][0]["filled"]) == (16, 5)
    old_ubkt = ok(hr.get("/hr/staffing", params={"unit": "UBKT", "as_of": before}))["items"][0]
    assert (old_ubkt["quota"], old_ubkt["filled"]) == (16, 5)
    assert ok(hr.get("/hr/positions/31", params={"as_of": before}))["unit"] == "BNC"
    assert [p["id"] for p in all_items(hr, "/hr/positions", unit="BNC", as_of=before)] == [29, 30, 31, 32, 33, 34]
    old_staff = ok(hr.get("/hr/staff/51", params={"as_of": before}))
    assert (old_staff["unit"], old_staff["position_unit"]) == ("BNC", "BNC")
    assert {s["id"] for s in all_items(hr, "/hr/staff", unit="BNC", as_of=before)} == {50, 51, 52, 53, 54}
    assert {a["staff_id"] for a in all_items(hr, "/hr/appointments", unit="BNC", as_of=before)} == {50, 51, 52, 53, 54}
    appointments = all_items(hr, "/hr/appointments", staff_id=51)
    assert [(a["unit"], a["end_date"]) for a in appointments] == [("BNC", today.isoformat()), ("UBKT", None)]
    assert appointments[-1]["restructuring_id"] == merged["plan"]["id"]


def test_merge_moves_remaining_budgets_by_transfer_entries(own_platform, merged):
    finance = own_platform.client("ketoan.vp")
    year, category = merged["year"], merged["category"]
    expected = {c: b["available_vnd"] for c, b in merged["bnc_budgets"].items() if b["available_vnd"] > 0}
    assert expected[category] == 38_000_000 and len(expected) >= 9

    def transfers():
        items = [t for t in all_items(finance, "/finance/budgets/transfers", unit="UBKT", fiscal_year=year)
                 if t["from_unit"] == "BNC"]
        return items if len(items) >= len(expected) else None

    moved = eventually(transfers, timeout=30, interval=0.5)
    assert {t["category"]: t["amount_vnd"] for t in moved} == expected
    assert len(moved) == len(expected)
    assert all((t["to_unit"], t["status"], t["requested_by"]) == ("UBKT", "approved", "hr.unit.dissolved") for t in moved)
    # the ledger: one entry out of BNC and one into UBKT per budget, for the same amount
    out = [e for e in all_items(finance, "/finance/ledger", unit="BNC", source="finance.transfer", fiscal_year=year)]
    into = [e for e in all_items(finance, "/finance/ledger", unit="UBKT", source="finance.transfer", fiscal_year=year)
            if "BNC" in e["note"]]
    assert {e["category"]: e["amount_vnd"] for e in out} == {c: -a for c, a in expected.items()}
    assert {e["category"]: e["amount_vnd"] for e in into} == expected
    assert all(e["kind"] == "allocated" and e["event_id"] for e in out + into)
    # what remains: BNC keeps only what is reserved; UBKT received the rest
    bnc_after, ubkt_after = budgets_of(finance, "BNC", year), budgets_of(finance, "UBKT", year)
    assert all(b["available_vnd"] == 0 for b in bnc_after.values()), bnc_after
    own = bnc_after[category]
    assert (own["allocated_vnd"], own["reserved_vnd"], own["spent_vnd"]) == (12_000_000, 12_000_000, 0)
    assert (ubkt_after[category]["allocated_vnd"], ubkt_after[category]["available_vnd"]) == (38_000_000, 38_000_000)
    for c, amount in expected.items():
        if c != category:
            assert ubkt_after[c]["allocated_vnd"] == merged["ubkt_budgets"][c]["allocated_vnd"] + amount
    # a second look changes nothing (the event is handled once)
    assert len(transfers()) == len(expected)


def test_merge_moves_assets_with_history(own_platform, merged):
    assets = own_platform.client("taisan.vp")
    asset_id = merged["asset"]["id"]
    eventually(lambda: ok(assets.get(f"/assets/items/{asset_id}"))["unit"] == "UBKT", timeout=30, interval=0.5)
    history = ok(assets.get(f"/assets/items/{asset_id}/history"))["items"]
    assert history[0]["kind"] == "registered" and history[0]["to_unit"] == "BNC"
    moves = [h for h in history if h["kind"] == "transferred"]
    assert len(moves) == 1
    move = moves[0]
    assert (move["from_unit"], move["to_unit"], move["effective_on"], move["actor"]) == (
        "BNC", "UBKT", merged["today"].isoformat(), "hr-event")
    assert move["reference"].startswith("hr:")
    # every asset of the old board moved; none is left behind
    eventually(lambda: all_items(assets, "/assets/items", unit="BNC") == [], timeout=30, interval=0.5)
    ubkt = {a["id"] for a in all_items(assets, "/assets/items", unit="UBKT")}
    assert merged["bnc_assets"] <= ubkt
    # the old board's asset is the new board's: its staff (now of UBKT) see it
    eventually(lambda: me(merged["user"])["unit"] == "UBKT", timeout=30)
    assert ok(merged["user"].get(f"/assets/items/{asset_id}"))["unit"] == "UBKT"


def test_merge_keeps_the_holder_who_moved_with_the_board(own_platform, merged):
    """The newcomer and the computer they hold both went to UBKT: the merge should not drop the holder."""
    assets = own_platform.client("taisan.vp")
    asset_id = merged["asset"]["id"]
    eventually(lambda: ok(assets.get(f"/assets/items/{asset_id}"))["unit"] == "UBKT", timeout=30, interval=0.5)
    history = [(h["kind"], h["from_unit"], h["to_unit"], h["from_holder"], h["to_holder"], h["reason"])
               for h in ok(assets.get(f"/assets/items/{asset_id}/history"))["items"]]
    assert ok(assets.get(f"/assets/items/{asset_id}"))["holder_staff_id"] == merged["newcomer"]["id"], history


def test_merge_moves_open_bookings(own_platform, merged):
    fleet = own_platform.client("doixe.vp")
    booking_id = merged["open_booking"]["id"]
    moved = eventually(lambda: (lambda b: b if b["unit"] == "UBKT" else None)(ok(fleet.get(f"/fleet/bookings/{booking_id}"))),
                       timeout=30, interval=0.5)
    assert (moved["moved_from_unit"], moved["status"], moved["requested_by"]) == ("BNC", "requested", "chuyenvien.bnc")
    cancelled = ok(fleet.get(f"/fleet/bookings/{merged['cancelled']['id']}"))
    assert (cancelled["unit"], cancelled["moved_from_unit"], cancelled["status"]) == ("BNC", None, "cancelled")
    # the board's people follow the booking: its requester, now of UBKT, and UBKT's own staff see it
    bnc = own_platform.client("chuyenvien.bnc")
    eventually(lambda: me(bnc)["unit"] == "UBKT", timeout=30)
    assert booking_id in {b["id"] for b in all_items(bnc, "/fleet/bookings")}
    assert ok(own_platform.client("kiemtra.ubkt").get(f"/fleet/bookings/{booking_id}"))["unit"] == "UBKT"


def test_merge_moves_gateway_users(own_platform, merged):
    user, newcomer = merged["user"], merged["newcomer"]
    eventually(lambda: me(user)["unit"] == "UBKT", timeout=30)
    assert me(user)["staff_id"] == newcomer["id"] and me(user)["roles"] == ["staff"]
    eventually(lambda: me(own_platform.client("chuyenvien.bnc"))["unit"] == "UBKT", timeout=30)
    # the new board's records, not the dissolved one's
    assert ok(user.get(f"/hr/staff/{newcomer['id']}"))["unit"] == "UBKT"
    assert {s["unit"] for s in all_items(user, "/hr/staff")} == {"UBKT"}
    problem(user.get("/fleet/bookings", params={"unit": "BNC"}), 403)
    assert ok(user.get("/hr/staffing"))["unit"] == "UBKT"
    audit = all_items(own_platform.client("admin"), "/admin/audit", username="moi.bnc.e2e")
    assert any(e["method"] == "EVENT" and '"to": "UBKT"' in (e["detail"] or "") for e in audit), audit[:5]
