"""/appointments: who held which position when."""
from sqlalchemy import event

from hr.entrypoints.seed import position_ids

from ..conftest import AUDITOR, BTC_HEAD, BTC_STAFF, LEADER

IDS = position_ids()


def test_appointing_records_history_and_publishes_a_transfer(demo, hr, outbox):
    resp = hr.post("/appointments", json={"staff_id": 23, "position_id": IDS["vp-accountant"],
                                          "effective_date": "2026-01-10"})
    assert resp.status_code == 201, resp.json
    assert {k: resp.json[k] for k in ("staff_id", "full_name", "position_id", "position_title", "unit",
                                      "start_date", "end_date", "reason")} == {
        "staff_id": 23, "full_name": "Cao Thị Ngọc", "position_id": IDS["vp-accountant"],
        "position_title": "Kế toán", "unit": "VP", "start_date": "2026-01-10", "end_date": None,
        "reason": "transferred"}
    assert outbox.types() == ["hr.staff.transferred"]
    history = hr.get("/appointments?staff_id=23").json["items"]
    assert [(a["position_id"], a["unit"], a["start_date"], a["end_date"]) for a in history] == [
        (IDS["btc-accountant"], "BTC", "2025-03-01", "2026-01-10"),
        (IDS["vp-accountant"], "VP", "2026-01-10", None)]


def test_who_held_a_position_on_a_date(demo, hr):
    hr.post("/appointments", json={"staff_id": 23, "position_id": IDS["vp-accountant"],
                                   "effective_date": "2026-01-10"})
    held = hr.get(f"/appointments?position_id={IDS['btc-accountant']}&as_of=2026-01-09").json["items"]
    assert [a["staff_id"] for a in held] == [23]
    assert hr.get(f"/appointments?position_id={IDS['btc-accountant']}&as_of=2026-01-10").json["items"] == []


def test_appointments_are_scoped_to_the_board(demo, hr, as_):
    mine = as_(BTC_STAFF).get("/appointments?limit=200").json["items"]
    assert {a["unit"] for a in mine} == {"BTC"} and len(mine) == 6
    assert as_(BTC_STAFF).get("/appointments?unit=BNC").status_code == 403
    assert len(as_(AUDITOR).get("/appointments?limit=200").json["items"]) == 33


def test_appointing_to_the_same_position_or_a_full_one(demo, hr):
    same = hr.post("/appointments", json={"staff_id": 23, "position_id": IDS["btc-accountant"]})
    assert same.status_code == 409 and same.json["rule"] == "already_appointed"
    full = hr.post("/appointments", json={"staff_id": 23, "position_id": IDS["vp-head"]})
    assert full.status_code == 409 and full.json["rule"] == "position_quota"
    unknown = hr.post("/appointments", json={"staff_id": 999, "position_id": IDS["vp-head"]})
    assert unknown.status_code == 422 and "staff_id" in unknown.json["errors"]
    assert hr.post("/appointments", json={"staff_id": 23}).status_code == 422


def test_relieving_someone_of_their_post(demo, hr):
    resp = hr.post("/appointments", json={"staff_id": 23, "position_id": None})
    assert resp.status_code == 201 and resp.json["position_id"] is None and resp.json["unit"] == "BTC"
    assert hr.get("/staff/23").json["position_id"] is None


def test_only_office_hr_appoints(demo, as_):
    for who in (LEADER, AUDITOR, BTC_HEAD):
        resp = as_(who).post("/appointments", json={"staff_id": 23, "position_id": IDS["vp-accountant"]})
        assert resp.status_code == 403


def test_a_page_of_appointments_reads_names_and_titles_in_a_fixed_number_of_statements(demo, hr):
    """Issue 16: the page's names and the positions' titles on each start date are read for the
    whole page (two queries), not per appointment; each keeps the title of its start date."""
    assert hr.patch(f"/positions/{IDS['btc-clerk']}",
                    json={"title": "Văn thư - lưu trữ", "effective_date": "2026-02-01"}).status_code == 200
    hr.post("/appointments", json={"staff_id": 23, "position_id": IDS["vp-accountant"], "effective_date": "2026-01-10"})

    def statements(path):
        seen = []
        listen = lambda *args, **kwargs: seen.append(args[2])  # noqa: E731
        event.listen(demo.engine, "before_cursor_execute", listen)
        try:
            resp = hr.get(path)
        finally:
            event.remove(demo.engine, "before_cursor_execute", listen)
        assert resp.status_code == 200, resp.json
        return resp.json["items"], len(seen)

    few, few_statements = statements("/appointments?limit=2")
    every, every_statements = statements("/appointments?limit=200")
    assert len(few) == 2 and len(every) == 34
    assert every_statements == few_statements
    clerk = [a for a in every if a["position_id"] == IDS["btc-clerk"]]
    assert clerk and {a["position_title"] for a in clerk} == {"Văn thư"}  # appointed before the new title
    assert {a["full_name"] for a in every if a["staff_id"] == 23} == {"Cao Thị Ngọc"}
    assert {a["position_title"] for a in every if a["position_id"] == IDS["vp-accountant"]} == {"Kế toán"}
