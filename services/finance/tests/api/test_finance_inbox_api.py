"""GET /inbox: what the caller may decide now, exactly as the actions themselves decide it."""

YEAR = 2026


def submit(client, as_user, user="chuyenvien.btc", amount=1_000_000, beneficiary=22, description="Giấy in"):
    answer = client.post("/expenses", headers=as_user(user), json={
        "category": "stationery", "amount_vnd": amount, "beneficiary_staff_id": beneficiary,
        "date": f"{YEAR}-03-10", "description": description})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def inbox(client, as_user, user):
    answer = client.get("/inbox", headers=as_user(user))
    assert answer.status_code == 200, answer.json
    return answer.json


def offered(client, as_user, user):
    return {(item["kind"], item["id"]): item["actions"] for item in inbox(client, as_user, user)["items"]}


def test_the_unit_head_is_offered_what_they_may_approve_and_nothing_else(client, as_user, allocate):
    allocate("BTC", "stationery", 100_000_000)
    small = submit(client, as_user, description="Giấy in A4")
    large = submit(client, as_user, amount=25_000_000, description="Máy chiếu")
    own = submit(client, as_user, user="truongban.btc", description="Bút của trưởng ban")
    for_head = submit(client, as_user, beneficiary=20, description="Công tác của trưởng ban")

    answer = inbox(client, as_user, "truongban.btc")
    assert answer["items"] == [{
        "service": "finance", "kind": "expense", "id": small, "unit": "BTC", "title": "Đề nghị chi: Giấy in A4",
        "amount_vnd": 1_000_000, "requested_by": "chuyenvien.btc", "requested_at": answer["items"][0]["requested_at"],
        "actions": ["approve", "reject"]}]
    assert answer["counts"] == {"finance.expense": 1}
    # The inbox offers exactly what the action accepts.
    for expense_id in (large, own, for_head):
        assert client.post(f"/expenses/{expense_id}/approve", headers=as_user("truongban.btc")).status_code == 403
    assert client.post(f"/expenses/{small}/approve", headers=as_user("truongban.btc")).status_code == 200
    assert inbox(client, as_user, "truongban.btc") == {"items": [], "counts": {}}

    # The leadership decides any amount, oldest first; others' boards and staff see nothing.
    assert [item["id"] for item in inbox(client, as_user, "bithu")["items"]] == [large, own, for_head]
    for user in ("chuyenvien.btc", "truongban.btgdv", "kiemtra.ubkt"):
        assert inbox(client, as_user, user)["items"] == []


def test_office_finance_is_offered_approved_expenses_to_pay_but_not_its_own(client, as_user, allocate):
    allocate("BTC", "stationery", 10_000_000)
    allocate("VP", "stationery", 10_000_000)
    theirs = submit(client, as_user)
    mine = submit(client, as_user, user="ketoan.vp", beneficiary=5)
    assert offered(client, as_user, "ketoan.vp") == {}
    assert client.post(f"/expenses/{theirs}/approve", headers=as_user("truongban.btc")).status_code == 200
    assert client.post(f"/expenses/{mine}/approve", headers=as_user("chanhvp")).status_code == 200
    assert offered(client, as_user, "ketoan.vp") == {("expense", theirs): ["pay"]}
    assert client.post(f"/expenses/{mine}/pay", headers=as_user("ketoan.vp")).status_code == 403
    assert client.post(f"/expenses/{theirs}/pay", headers=as_user("ketoan.vp")).status_code == 200
    assert offered(client, as_user, "ketoan.vp") == {}


def test_the_leadership_is_offered_pending_supplements_and_transfers(client, as_user, allocate):
    allocate("BTC", "stationery", 10_000_000)
    supplement = client.post("/budgets/supplements", headers=as_user("ketoan.vp"), json={
        "fiscal_year": YEAR, "unit": "BTC", "category": "stationery", "amount_vnd": 3_000_000,
        "reason": "Hội nghị"}).json
    transfer = client.post("/budgets/transfers", headers=as_user("ketoan.vp"), json={
        "fiscal_year": YEAR, "category": "stationery", "from_unit": "BTC", "to_unit": "BTGDV",
        "amount_vnd": 1_000_000, "reason": "Điều hoà"}).json
    items = inbox(client, as_user, "phobithu")["items"]
    assert [(i["kind"], i["id"], i["unit"], i["amount_vnd"], i["actions"]) for i in items] == [
        ("budget_change", supplement["id"], "BTC", 3_000_000, ["approve", "reject"]),
        ("budget_change", transfer["id"], "BTGDV", 1_000_000, ["approve", "reject"])]
    assert items[1]["title"] == "Điều chuyển dự toán stationery năm 2026 từ BTC sang BTGDV: Điều hoà"
    assert inbox(client, as_user, "ketoan.vp")["items"] == []
    assert client.post(f"/budgets/supplements/{supplement['id']}/approve", headers=as_user("phobithu")).status_code == 200
    assert [i["id"] for i in inbox(client, as_user, "phobithu")["items"]] == [transfer["id"]]


def test_a_long_wait_lists_the_oldest_hundred_and_counts_them_all(client, as_user, allocate):
    """Issue 16: the expenses are read bounded (the oldest INBOX_LIMIT the caller may decide, in
    SQL) and counted with the same conditions; the caller's own stay out of both."""
    allocate("BTC", "stationery", 500_000_000)
    allocate("TU", "stationery", 10_000_000)
    ids = [submit(client, as_user, description=f"Giấy in {n}") for n in range(102)]
    submit(client, as_user, user="bithu", beneficiary=1, description="Của bí thư")
    answer = inbox(client, as_user, "bithu")
    assert [item["id"] for item in answer["items"]] == ids[:100]
    assert answer["counts"] == {"finance.expense": 102}
    assert inbox(client, as_user, "phobithu")["counts"] == {"finance.expense": 103}
