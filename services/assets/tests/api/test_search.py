"""?q= on /items and /procurements: every word, regardless of case and Vietnamese diacritics."""
from conftest import BNC_STAFF, BTC_STAFF, OFFICE
from helpers import draft, register, vehicle


def found(client, path, who=OFFICE):
    resp = client.get(path, who)
    assert resp.status_code == 200, resp.get_json()
    return [i["id"] for i in resp.get_json()["items"]]


def test_items_match_every_word_without_case_or_diacritics(client):
    desk = register(client, category="desk_set", name="Bộ bàn ghế Nguyễn Văn Hùng")
    dell = register(client, name="Máy tính Đồng Nai Dell")
    car = vehicle(client, plate="81A-000.99", unit="BTC")
    other = register(client, unit="BNC", name="Bàn ghế Nguyễn Văn Hùng")
    for q in ("nguyen van hung", "NGUYỄN VĂN HÙNG", "ban ghe hung"):
        assert found(client, f"/items?q={q}&unit=BTC") == [desk["id"]], q
    assert found(client, "/items?q=dong nai") == [dell["id"]]  # "d" matches "đ"
    assert found(client, "/items?q=desk_set") == [desk["id"]]  # the category
    assert found(client, "/items?q=81a-000.99") == found(client, "/items?q=81A-00099") == [car["id"]]
    assert found(client, f"/items?q={desk['tag'].lower()}") == [desk["id"]]
    assert found(client, "/items?q=hung van") == [desk["id"], other["id"]]
    assert found(client, "/items?q=hung xyz") == []
    assert found(client, "/items?q=%25") == [] and found(client, "/items?q=m_y") == []  # LIKE escaped
    assert found(client, "/items?q=may") == [dell["id"]]
    # within what the caller may see, combined with the other filters and pages
    assert found(client, "/items?q=nguyen", BTC_STAFF) == [desk["id"]]
    assert found(client, "/items?q=nguyen&category=computer") == [other["id"]]
    page = client.get("/items?q=nguyen&limit=1", OFFICE).get_json()
    assert [i["id"] for i in page["items"]] == [desk["id"]] and page["next_cursor"]
    rest = client.get(f"/items?q=nguyen&limit=1&cursor={page['next_cursor']}", OFFICE).get_json()
    assert [i["id"] for i in rest["items"]] == [other["id"]]


def test_a_renamed_asset_is_found_by_its_new_name(client):
    item = register(client)
    assert client.patch(f"/items/{item['id']}", OFFICE, {"name": "Máy quét Đức"}).status_code == 200
    assert found(client, "/items?q=may quet duc") == [item["id"]]
    assert found(client, "/items?q=de ban") == []


def test_procurements_match_descriptions_and_the_board(client):
    mine = draft(client, BTC_STAFF, [{"category": "printer", "description": "Máy in phòng Tổ chức",
                                      "quantity": 1, "unit_price_vnd": 9_000_000}])
    theirs = draft(client, BNC_STAFF, [{"category": "printer", "description": "Máy in phòng Nội chính",
                                        "quantity": 1, "unit_price_vnd": 9_000_000}])
    assert found(client, "/procurements?q=may in") == [theirs["id"], mine["id"]]  # newest first
    assert found(client, "/procurements?q=MÁY IN TO CHUC") == [mine["id"]]
    assert found(client, "/procurements?q=bnc") == [theirs["id"]]
    assert found(client, "/procurements?q=may in", BTC_STAFF) == [mine["id"]]
    assert found(client, "/procurements?q=may in&status=submitted".replace("submitted", "draft")) == [
        theirs["id"], mine["id"]]
    # an edit of the lines changes what finds the request
    client.patch(f"/procurements/{mine['id']}", BTC_STAFF, {"lines": [
        {"category": "computer", "description": "Máy tính xách tay", "quantity": 1, "unit_price_vnd": 14_000_000,
         "beneficiary_staff_id": 22}]})
    assert found(client, "/procurements?q=xach tay") == [mine["id"]]
    assert found(client, "/procurements?q=to chuc") == []
