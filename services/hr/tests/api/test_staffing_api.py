"""/staffing and /staffing.csv: the table per unit, by family and rank, with the rules broken."""
import csv
import io

from hr.entrypoints.seed import position_ids

from ..conftest import AUDITOR, BTC_HEAD, BTC_STAFF, FLEET_OFFICER, LEADER

IDS = position_ids()


def test_the_committee_table(demo, hr):
    resp = hr.get("/staffing")
    assert resp.status_code == 200
    table = resp.json
    assert table["as_of"] is None and table["unit"] is None
    assert (table["totals"]["quota"], table["totals"]["filled"], table["totals"]["vacant"]) == (89, 33, 56)
    assert table["totals"]["by_family"]["support"] == {"quota": 20, "filled": 11, "vacant": 9}
    rows = {row["code"]: row for row in table["items"]}
    assert [row["code"] for row in table["items"]][:2] == ["TU", "VP"]
    vp = rows["VP"]
    assert (vp["quota"], vp["filled"], vp["vacant"], vp["deputies"], vp["deputy_limit"]) == (22, 9, 13, 1, 11)
    assert vp["deputy_limit_rule"] == "deputy_share_of_headcount"
    assert rows["BTC-VP"]["violations"] == [{
        "rule": "min_department_staff", "unit": "BTC-VP", "limit": 5, "actual": 4, "blocking": False,
        "detail": "department BTC-VP has a quota of 4; a department needs at least 5"}]
    assert {(v["rule"], v["unit"]) for v in table["violations"]} >= {("min_department_staff", "BNC-VP")}


def test_a_board_sees_its_own_table_only(demo, as_):
    own = as_(BTC_STAFF).get("/staffing")
    assert own.status_code == 200 and own.json["unit"] == "BTC"
    assert [row["code"] for row in own.json["items"]] == ["BTC", "BTC-TCCB", "BTC-VP"]
    assert as_(BTC_HEAD).get("/staffing?unit=BTC-VP").json["items"][0]["code"] == "BTC-VP"
    assert as_(BTC_STAFF).get("/staffing?unit=BNC").status_code == 403
    assert as_(BTC_STAFF).get("/staffing.csv?unit=BNC").status_code == 403
    assert as_(FLEET_OFFICER).get("/staffing").json["unit"] == "VP"


def test_office_hr_leadership_and_auditors_see_every_unit(demo, as_, hr):
    for who in (LEADER, AUDITOR):
        assert len(as_(who).get("/staffing").json["items"]) == 14
        assert as_(who).get("/staffing?unit=BNC").json["items"][0]["code"] == "BNC"
    assert len(hr.get("/staffing").json["items"]) == 14


def test_as_of_shows_the_table_on_a_past_date(demo, hr):
    hr.patch("/staff/23", json={"position_id": IDS["vp-accountant"], "effective_date": "2026-01-10"})
    before = {r["code"]: r for r in hr.get("/staffing?as_of=2026-01-09").json["items"]}
    now = {r["code"]: r for r in hr.get("/staffing").json["items"]}
    assert before["BTC-VP"]["filled"] == 3 and now["BTC-VP"]["filled"] == 2
    assert before["VP-TC"]["filled"] == 1 and now["VP-TC"]["filled"] == 2
    assert hr.get("/staffing?as_of=2025-01-01").json["items"] == []
    assert hr.get("/staffing?unit=BTC&as_of=2025-01-01").status_code == 404


def test_csv_export(demo, hr, as_):
    resp = hr.get("/staffing.csv?unit=BTC")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert 'filename="staffing-BTC-now.csv"' in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["BTC", "BTC-TCCB", "BTC-VP"]
    assert (rows[0]["quota"], rows[0]["filled"], rows[0]["deputy_limit"]) == ("16", "6", "8")
    assert rows[2]["violations"] == "min_department_staff (4/5)"
    assert rows[0]["support_quota"] == "3"
    everything = as_(AUDITOR).get("/staffing.csv?as_of=2026-01-01")
    assert everything.status_code == 200 and len(everything.get_data(as_text=True).strip().splitlines()) == 15


def test_a_unit_named_like_a_formula_is_exported_as_text(demo, hr):
    # issue 10, finding 6: a unit renamed =HYPERLINK(...) must not come out as a live formula
    formula = '=HYPERLINK("http://ke-gian.example/x","Bấm vào đây")'
    assert hr.patch("/units/BTC-VP", json={"name": formula}).status_code == 200
    assert hr.patch("/units/BTC-TCCB", json={"name": "@SUM(1+1)"}).status_code == 200
    resp = hr.get("/staffing.csv?unit=BTC")
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["BTC-VP"] == "'" + formula and names["BTC-TCCB"] == "'@SUM(1+1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_unknown_unit_and_bad_dates(demo, hr):
    assert hr.get("/staffing?unit=NOPE").status_code == 404
    assert hr.get("/staffing?as_of=yesterday").status_code == 422
    assert hr.get("/staffing.csv?as_of=2026-13-01").status_code == 422
