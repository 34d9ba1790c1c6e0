"""Year-end closing on real PostgreSQL (issue 13): a close with a carry-over and a release, then a
refused entry in the closed year; the ledger and the reports agree after the close, by year and by quarter."""

from buildingblocks.clock import local_today

LAST = local_today().year - 1
FIGURES = ("allocated_vnd", "reserved_vnd", "spent_vnd", "available_vnd")


def submit(client, as_user, amount, description):
    answer = client.post("/expenses", headers=as_user("chuyenvien.btc"), json={
        "category": "stationery", "amount_vnd": amount, "beneficiary_staff_id": 22, "date": f"{LAST}-11-20",
        "description": description})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def report(client, as_user, year, **query):
    answer = client.get("/reports/budgets", query_string={"fiscal_year": year, **query}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 200, answer.json
    return answer.json


def ledger_sums(client, as_user, budget_id):
    entries = client.get("/ledger", query_string={"budget_id": budget_id, "limit": 200}, headers=as_user("ketoan.vp")).json
    sums = {}
    for entry in entries["items"]:
        sums[entry["kind"]] = sums.get(entry["kind"], 0) + entry["amount_vnd"]
    return sums


def test_a_close_carries_over_and_releases_then_refuses_entries_in_the_closed_year(client, as_user, allocate):
    old = allocate("BTC", "stationery", 10_000_000, year=LAST)
    carried = submit(client, as_user, 1_000_000, "Giấy in chuyển nguồn")
    lapsing = submit(client, as_user, 2_000_000, "Mực in")
    paid = submit(client, as_user, 3_000_000, "Bút")
    assert client.post(f"/expenses/{paid}/approve", json={}, headers=as_user("truongban.btc")).status_code == 200
    assert client.post(f"/expenses/{paid}/pay", json={}, headers=as_user("ketoan.vp")).status_code == 200

    proposed = client.post(f"/fiscal-years/{LAST}/close", headers=as_user("ketoan.vp"), json={
        "carry_over": [{"source": "finance.expense", "source_id": str(carried)}], "reason": "Khóa sổ cuối năm"})
    assert proposed.status_code == 201, proposed.json
    assert [(i["source_id"], i["action"]) for i in proposed.json["items"]] == [
        (str(carried), "carry_over"), (str(lapsing), "release")]
    items = client.get("/inbox", headers=as_user("bithu")).json["items"]
    assert [(i["kind"], i["id"], i["actions"]) for i in items] == [("year_close", proposed.json["id"], ["confirm", "reject"])]
    assert client.post(f"/fiscal-years/{LAST}/close/confirm", json={}, headers=as_user("ketoan.vp")).status_code == 403
    confirmed = client.post(f"/fiscal-years/{LAST}/close/confirm", json={}, headers=as_user("bithu"))
    assert confirmed.status_code == 200 and confirmed.json["status"] == "confirmed"

    refused = client.post("/expenses", headers=as_user("chuyenvien.btc"), json={
        "category": "stationery", "amount_vnd": 1, "beneficiary_staff_id": 22, "date": f"{LAST}-12-01",
        "description": "muộn"})
    assert refused.status_code == 409
    assert (refused.json["rule"], refused.json["fiscal_year"]) == ("fiscal_year_closed", LAST)
    assert client.get(f"/expenses/{lapsing}", headers=as_user("chuyenvien.btc")).json["status"] == "lapsed"

    # the ledger and the reports agree after the close
    closed_row = report(client, as_user, LAST)["rows"][0]
    assert {k: closed_row[k] for k in FIGURES} == {
        "allocated_vnd": 10_000_000, "reserved_vnd": 0, "spent_vnd": 3_000_000, "available_vnd": 7_000_000}
    assert ledger_sums(client, as_user, old["id"]) == {
        "allocated": 10_000_000, "reserved": 6_000_000, "released": 3_000_000, "spent": 3_000_000,
        "carry_out": 1_000_000, "lapsed": 2_000_000}
    next_row = report(client, as_user, LAST + 1)["rows"][0]
    assert {k: next_row[k] for k in FIGURES} == {
        "allocated_vnd": 1_000_000, "reserved_vnd": 1_000_000, "spent_vnd": 0, "available_vnd": 0}
    assert ledger_sums(client, as_user, next_row["id"]) == {"carry_in": 1_000_000, "reserved": 1_000_000}
    quarters = [report(client, as_user, LAST, quarter=q)["totals"] for q in (1, 2, 3, 4)]
    for figure in FIGURES:
        assert sum(q[figure] for q in quarters) == report(client, as_user, LAST)["totals"][figure], figure

    # the carried expense is paid from the next year's budget
    assert client.post(f"/expenses/{carried}/approve", json={}, headers=as_user("truongban.btc")).status_code == 200
    assert client.post(f"/expenses/{carried}/pay", json={}, headers=as_user("ketoan.vp")).status_code == 200
    assert report(client, as_user, LAST + 1)["rows"][0]["spent_vnd"] == 1_000_000


def test_a_year_not_yet_ended_is_not_closed_and_a_rejected_close_reopens_it(client, as_user, allocate):
    early = client.post(f"/fiscal-years/{LAST + 1}/close", json={}, headers=as_user("ketoan.vp"))
    assert early.status_code == 409 and early.json["rule"] == "fiscal_year_not_ended"
    assert client.post(f"/fiscal-years/{LAST}/close", json={}, headers=as_user("chuyenvien.btc")).status_code == 403
    assert client.get(f"/fiscal-years/{LAST}/close", headers=as_user("ketoan.vp")).status_code == 404
    assert client.post(f"/fiscal-years/{LAST}/close", json={}, headers=as_user("ketoan.vp")).status_code == 201
    assert client.get(f"/fiscal-years/{LAST}/close", headers=as_user("kiemtra.ubkt")).status_code == 200
    assert client.get(f"/fiscal-years/{LAST}/close", headers=as_user("chuyenvien.btc")).status_code == 403
    frozen = client.post("/budgets", json={"fiscal_year": LAST, "unit": "BTC", "category": "travel",
                                           "allocated_vnd": 1}, headers=as_user("ketoan.vp"))
    assert frozen.status_code == 409 and frozen.json["close_status"] == "pending"
    rejected = client.post(f"/fiscal-years/{LAST}/close/reject", json={"reason": "Chưa đủ chứng từ"},
                           headers=as_user("bithu"))
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"
    allocate("BTC", "travel", 1, year=LAST)
