"""?q= on GET /expenses: every word, regardless of case and Vietnamese diacritics, within what the caller sees."""

import pytest

YEAR = 2026


@pytest.fixture()
def expenses(client, as_user, allocate):
    allocate("BTC", "stationery", 50_000_000)
    allocate("BTGDV", "stationery", 50_000_000)

    def submit(user, beneficiary, description):
        answer = client.post("/expenses", headers=as_user(user), json={
            "category": "stationery", "amount_vnd": 100_000, "beneficiary_staff_id": beneficiary,
            "date": f"{YEAR}-03-10", "description": description})
        assert answer.status_code == 201, answer.json
        return answer.json["id"]

    return {
        "danang": submit("chuyenvien.btc", 22, "Công tác phí đi Đà Nẵng"),
        "giay": submit("chuyenvien.btc", 20, "Giấy in A4 cho hội nghị"),
        "btgdv": submit("chuyenvien.btgdv", 42, "Công tác Đà Nẵng của Ban Tuyên giáo"),
    }


def found(client, as_user, user="ketoan.vp", **query):
    answer = client.get("/expenses", query_string=query, headers=as_user(user))
    assert answer.status_code == 200, answer.json
    return [item["id"] for item in answer.json["items"]]


@pytest.mark.parametrize("q", ["mai van phuc", "MAI VĂN PHÚC", "Mai Văn Phúc", "phuc"])
def test_the_beneficiarys_name_is_found_with_or_without_diacritics(client, as_user, expenses, q):
    assert found(client, as_user, q=q) == [expenses["danang"]]


def test_every_word_must_match_and_d_matches_dj(client, as_user, expenses):
    assert found(client, as_user, q="da nang") == [expenses["btgdv"], expenses["danang"]]
    assert found(client, as_user, q="ĐÀ nẵng tuyên") == [expenses["btgdv"]]
    assert found(client, as_user, q="dung giay") == [expenses["giay"]]  # Trịnh Quang Dũng, the beneficiary
    assert found(client, as_user, q="stationery") == [expenses["btgdv"], expenses["giay"], expenses["danang"]]
    assert found(client, as_user, q="hà nội") == []


def test_search_stays_within_the_callers_board_and_the_other_filters(client, as_user, expenses):
    assert found(client, as_user, user="chuyenvien.btc", q="da nang") == [expenses["danang"]]
    assert found(client, as_user, q="da nang", unit="BTGDV") == [expenses["btgdv"]]
    client.post(f"/expenses/{expenses['danang']}/withdraw", headers=as_user("chuyenvien.btc"))
    assert found(client, as_user, q="da nang", status="submitted") == [expenses["btgdv"]]
    first = client.get("/expenses", query_string={"q": "stationery", "limit": 2}, headers=as_user("ketoan.vp")).json
    rest = client.get("/expenses", query_string={"q": "stationery", "limit": 2, "cursor": first["next_cursor"]},
                      headers=as_user("ketoan.vp")).json
    assert [i["id"] for i in first["items"] + rest["items"]] == [expenses["btgdv"], expenses["giay"], expenses["danang"]]


def test_like_wildcards_in_q_are_plain_characters(client, as_user, expenses):
    assert found(client, as_user, q="%") == []
    assert found(client, as_user, q="_") == []


def test_search_text_survives_a_status_change(client, as_user, expenses):
    assert client.post(f"/expenses/{expenses['danang']}/approve", headers=as_user("truongban.btc")).status_code == 200
    assert found(client, as_user, q="phuc") == [expenses["danang"]]
