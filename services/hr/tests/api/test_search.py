"""?q= on /units and /staff (issue 11): every word of q, regardless of case and Vietnamese
diacritics ("d" finds "đ"), within what the caller may see, with the other filters and paging."""
import pytest

from ..conftest import BTC_STAFF, LEADER


def ids(resp):
    assert resp.status_code == 200, resp.json
    return [item["id"] for item in resp.json["items"]]


@pytest.mark.parametrize("q", ["phan van hung", "PHAN VĂN HÙNG", "Phan  Văn Hùng", "hung phan", "hùng"])
def test_staff_by_name_regardless_of_case_and_diacritics(demo, hr, q):
    assert ids(hr.get("/staff", query_string={"q": q})) == [10]


def test_d_finds_the_vietnamese_d(demo, hr):
    # Đặng Văn Sơn, Đỗ Thị Mai, Trịnh Quang Dũng, La Văn Đức, Đinh Văn Toàn, Văn Đình Quý
    assert ids(hr.get("/staff", query_string={"q": "dung"})) == [20]
    assert ids(hr.get("/staff", query_string={"q": "DUC"})) == [42]
    assert 11 in ids(hr.get("/staff", query_string={"q": "dang son"}))


def test_staff_search_stays_within_the_board_and_the_filters(demo, hr, as_):
    assert ids(hr.get("/staff", query_string={"q": "van"})) != []
    mine = ids(as_(BTC_STAFF).get("/staff", query_string={"q": "van", "limit": 200}))
    assert mine == [22, 24, 25]  # the BTC staff with "Văn" in their name, none of another board's
    assert ids(as_(BTC_STAFF).get("/staff", query_string={"q": "hien"})) == []  # Doãn Thị Hiền is BNC's
    drivers = ids(hr.get("/staff", query_string={"q": "van", "is_driver": "true", "limit": 200}))
    assert drivers == [10, 11, 25, 34, 45, 54]
    first = hr.get("/staff", query_string={"q": "van", "limit": 3})
    second = hr.get("/staff", query_string={"q": "van", "limit": 3, "cursor": first.json["next_cursor"]})
    assert ids(first) == [1, 5, 8] and ids(second) == [10, 11, 22]


def test_staff_search_as_of_a_date_and_after_a_rename(demo, hr):
    assert hr.patch("/staff/22", json={"full_name": "Mai Văn Phước"}).status_code == 200
    assert ids(hr.get("/staff", query_string={"q": "phuoc"})) == [22]
    assert ids(hr.get("/staff", query_string={"q": "phuoc", "as_of": "2026-01-01"})) == [22]
    assert ids(hr.get("/staff", query_string={"q": "khong co ai", "as_of": "2026-01-01"})) == []
    new = hr.post("/staff", json={"full_name": "Đào Thị Ánh", "unit": "BNC"})
    assert ids(hr.get("/staff", query_string={"q": "dao anh"})) == [new.json["id"]]


def codes(resp):
    assert resp.status_code == 200, resp.json
    return [item["code"] for item in resp.json["items"]]


def test_units_by_code_or_name(demo, as_):
    reader = as_(BTC_STAFF)  # the structure is no secret: every reader searches every unit
    assert codes(reader.get("/units", query_string={"q": "van phong"})) == [
        "BNC-VP", "BTC-VP", "BTGDV-VP", "UBKT-VP", "VP"]
    assert codes(reader.get("/units", query_string={"q": "VĂN PHÒNG ban to chuc"})) == ["BTC-VP"]
    assert codes(reader.get("/units", query_string={"q": "btc"})) == ["BTC", "BTC-TCCB", "BTC-VP"]
    assert codes(reader.get("/units", query_string={"q": "dan van"})) == ["BTGDV", "BTGDV-VP"]
    assert codes(reader.get("/units", query_string={"q": "phong", "kind": "board"})) == []
    assert codes(reader.get("/units", query_string={"q": "100%_"})) == []


def test_units_search_follows_renames_and_dates(demo, hr, as_):
    assert hr.patch("/units/BNC", json={"name": "Ban Nội chính và Cải cách tư pháp",
                                        "effective_date": "2026-01-01"}).status_code == 200
    assert codes(as_(LEADER).get("/units", query_string={"q": "cai cach"})) == ["BNC"]
    assert codes(as_(LEADER).get("/units", query_string={"q": "cai cach", "as_of": "2025-12-31"})) == []


def test_a_too_long_query_is_422(demo, hr):
    assert hr.get("/units", query_string={"q": "x" * 201}).status_code == 422
    assert hr.get("/staff", query_string={"q": "x" * 201}).status_code == 422
