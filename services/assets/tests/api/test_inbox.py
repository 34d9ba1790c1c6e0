"""GET /inbox: what the caller may decide now, exactly as the actions themselves decide it."""
import datetime as dt

from conftest import AUDITOR, BNC_STAFF, BTC_HEAD, BTC_STAFF, BTGDV_HEAD, LEADER, LEADER2, OFFICE
from helpers import draft, finance_answers, register

COMPUTER = {"category": "computer", "description": "Máy tính xách tay", "quantity": 1,
            "unit_price_vnd": 14_000_000, "beneficiary_staff_id": 22}
CAR = {"category": "car", "description": "Xe 7 chỗ", "quantity": 1, "unit_price_vnd": 900_000_000}


def reserved(client, database, who=BTC_STAFF, lines=None, unit=None):
    body = {"unit": unit} if unit else {}
    p = draft(client, who, lines or [COMPUTER], **body)
    assert client.post(f"/procurements/{p['id']}/submit", who).status_code == 200
    finance_answers(database, client.get(f"/procurements/{p['id']}", who).get_json())
    return p


def inbox(client, who):
    resp = client.get("/inbox", who)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def ids(answer, kind):
    return [i["id"] for i in answer["items"] if i["kind"] == kind]


def test_a_unit_head_sees_what_he_may_approve_and_nothing_else(client, database):
    small = reserved(client, database)
    big = reserved(client, database, lines=[CAR])
    draft(client, BTC_STAFF)  # a draft waits for nobody's decision
    reserved(client, database, who=BNC_STAFF, lines=[{**COMPUTER, "beneficiary_staff_id": 51}])  # another board
    own = reserved(client, database, who=BTC_HEAD, lines=[{**COMPUTER, "beneficiary_staff_id": 24}])
    answer = inbox(client, BTC_HEAD)
    assert ids(answer, "procurement") == [small["id"]] and own["id"] != small["id"] and big["id"] != small["id"]
    item = answer["items"][0]
    assert item == {**item, "service": "assets", "kind": "procurement", "unit": "BTC", "amount_vnd": 14_000_000,
                    "requested_by": "chuyenvien.btc", "actions": ["approve", "reject"],
                    "title": "Đề nghị mua sắm: Máy tính xách tay"}
    assert dt.datetime.fromisoformat(item["requested_at"]).tzinfo is not None
    assert answer["counts"] == {"assets.procurement": 1}
    # what the inbox offers, the action allows
    assert client.post(f"/procurements/{small['id']}/approve", BTC_HEAD).status_code == 200
    assert inbox(client, BTC_HEAD) == {"items": [], "counts": {}}


def test_an_editor_or_a_beneficiary_finds_nothing_to_decide(client, database):
    p = draft(client, BTC_STAFF)
    assert client.patch(f"/procurements/{p['id']}", BTC_HEAD, {"note": "sửa"}).status_code == 200
    assert client.post(f"/procurements/{p['id']}/submit", BTC_STAFF).status_code == 200
    finance_answers(database, client.get(f"/procurements/{p['id']}", BTC_STAFF).get_json())
    mine = reserved(client, database, lines=[{**COMPUTER, "beneficiary_staff_id": 20}])
    assert ids(inbox(client, BTC_HEAD), "procurement") == []
    assert ids(inbox(client, LEADER), "procurement") == [p["id"], mine["id"]]


def test_the_leadership_sees_large_requests_disposals_and_reconciliations_but_not_its_own(client, database):
    big = reserved(client, database, lines=[CAR])
    theirs = reserved(client, database, who=LEADER, unit="BTC", lines=[CAR])
    asset = register(client)
    disposal = client.post(f"/items/{asset['id']}/dispose", OFFICE, {"reason": "Hỏng không sửa được"}).get_json()
    st = client.post("/stocktakes", OFFICE, {"units": ["BTC"], "as_of": dt.date.today().isoformat(),
                                             "title": "Kiểm kê quý"}).get_json()
    assert client.post(f"/stocktakes/{st['id']}/close", OFFICE).status_code == 200
    assert client.post(f"/stocktakes/{st['id']}/reconcile", OFFICE, {}).status_code == 200

    answer = inbox(client, LEADER)
    assert ids(answer, "procurement") == [big["id"]]  # not the one the leader asked for himself
    assert ids(answer, "disposal") == [disposal["id"]] and ids(answer, "stocktake") == [st["id"]]
    assert answer["counts"] == {"assets.procurement": 1, "assets.disposal": 1, "assets.stocktake": 1}
    times = [i["requested_at"] for i in answer["items"]]
    assert times == sorted(times), "oldest first"
    item = {i["kind"]: i for i in answer["items"]}
    assert item["disposal"]["title"] == f"Thanh lý tài sản {asset['tag']} (Máy tính để bàn)"
    assert (item["stocktake"]["unit"], item["stocktake"]["requested_by"]) == ("BTC", "taisan.vp")
    assert ids(inbox(client, LEADER2), "procurement") == [big["id"], theirs["id"]]
    for kind, path in (("disposal", "/disposals/{}/approve"), ("stocktake", "/stocktakes/{}/approve"),
                       ("procurement", "/procurements/{}/approve")):
        for i in ids(answer, kind):
            assert client.post(path.format(i), LEADER).status_code == 200, kind


def test_callers_who_decide_nothing_have_an_empty_inbox(client, database):
    reserved(client, database)
    asset = register(client)
    client.post(f"/items/{asset['id']}/dispose", OFFICE, {"reason": "Hỏng"})
    for who in (BTC_STAFF, OFFICE, AUDITOR, BTGDV_HEAD, BNC_STAFF):
        assert inbox(client, who) == {"items": [], "counts": {}}, who.username
    assert client.get("/inbox", None).status_code == 401
