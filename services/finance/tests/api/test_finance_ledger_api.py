"""/ledger: entries with their sources, board scoping, corrections by reversal."""

YEAR = 2026


def spend(client, as_user, allocate, amount=1_000_000):
    allocate("BTC", "stationery", 10_000_000)
    body = client.post("/expenses", json={"category": "stationery", "amount_vnd": amount, "beneficiary_staff_id": 22,
                                          "date": f"{YEAR}-03-01", "description": "giấy"},
                       headers=as_user("chuyenvien.btc")).json
    client.post(f"/expenses/{body['id']}/approve", headers=as_user("truongban.btc"))
    client.post(f"/expenses/{body['id']}/pay", headers=as_user("ketoan.vp"))
    return body


def entries(client, as_user, user="ketoan.vp", **query):
    return client.get("/ledger", query_string=query, headers=as_user(user)).json["items"]


def test_the_ledger_holds_every_booking_with_its_source(client, as_user, allocate):
    body = spend(client, as_user, allocate)
    found = entries(client, as_user, unit="BTC")
    assert [(e["kind"], e["amount_vnd"], e["source"]) for e in found] == [
        ("spent", 1_000_000, "finance.expense"), ("released", 1_000_000, "finance.expense"),
        ("reserved", 1_000_000, "finance.expense"), ("allocated", 10_000_000, "finance.allocation")]
    assert {e["source_id"] for e in found[:3]} == {str(body["id"])}
    assert [e["kind"] for e in entries(client, as_user, kind="spent")] == ["spent"]
    assert client.get(f"/ledger/{found[0]['id']}", headers=as_user("chuyenvien.btc")).status_code == 200


def test_a_board_sees_only_its_own_entries(client, as_user, allocate):
    spend(client, as_user, allocate)
    assert entries(client, as_user, "chuyenvien.btgdv") == []
    first = entries(client, as_user)[0]
    assert client.get(f"/ledger/{first['id']}", headers=as_user("chuyenvien.btgdv")).status_code == 404
    assert client.get("/ledger", query_string={"unit": "BTC"}, headers=as_user("chuyenvien.btgdv")).status_code == 403
    assert len(entries(client, as_user, "kiemtra.ubkt")) == 4


def test_a_wrong_spending_is_corrected_by_a_reversal_once(client, as_user, allocate):
    spend(client, as_user, allocate)
    spent = entries(client, as_user, kind="spent")[0]
    assert client.post(f"/ledger/{spent['id']}/reverse", json={"reason": "x"}, headers=as_user("truongban.btc")).status_code == 403
    assert client.post(f"/ledger/{spent['id']}/reverse", json={}, headers=as_user("ketoan.vp")).status_code == 422
    reversal = client.post(f"/ledger/{spent['id']}/reverse", json={"reason": "chi nhầm"}, headers=as_user("ketoan.vp"))
    assert reversal.status_code == 201
    assert (reversal.json["kind"], reversal.json["amount_vnd"], reversal.json["reverses_entry_id"]) == (
        "spent", -1_000_000, spent["id"])
    budget = client.get("/budgets", headers=as_user("ketoan.vp")).json["items"][0]
    assert (budget["spent_vnd"], budget["available_vnd"]) == (0, 10_000_000)
    again = client.post(f"/ledger/{spent['id']}/reverse", json={"reason": "again"}, headers=as_user("ketoan.vp"))
    assert again.status_code == 409 and again.json["rule"] == "already_reversed"
    of_reversal = client.post(f"/ledger/{reversal.json['id']}/reverse", json={"reason": "x"}, headers=as_user("ketoan.vp"))
    assert of_reversal.status_code == 409 and of_reversal.json["rule"] == "not_reversible"


def test_reservations_are_not_reversed_by_hand(client, as_user, allocate):
    spend(client, as_user, allocate)
    reserved = entries(client, as_user, kind="reserved")[0]
    answer = client.post(f"/ledger/{reserved['id']}/reverse", json={"reason": "x"}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 409 and answer.json["rule"] == "not_reversible"


def test_an_allocation_is_not_reversed_below_what_is_used(client, as_user, allocate):
    spend(client, as_user, allocate)
    allocation = entries(client, as_user, kind="allocated")[0]
    answer = client.post(f"/ledger/{allocation['id']}/reverse", json={"reason": "x"}, headers=as_user("ketoan.vp"))
    assert answer.status_code == 409 and answer.json["rule"] == "budget_exhausted"
    assert answer.json["available_vnd"] == 9_000_000
