"""/regulations: seeded versions with sources, new versions, the version in force by date."""

NEW = {
    "effective_from": "2027-01-01",
    "title": "Quy chế 2027",
    "source": "Quyết định của Ban Thường vụ (giả định cho kiểm thử)",
    "norms": [
        {"category": "travel_per_diem", "limit_vnd": 350_000, "per": "day", "source": "test"},
        {"category": "lodging", "limit_vnd": 2_000_000, "per": "night", "title_rank": "secretary"},
        {"category": "lodging", "limit_vnd": 500_000, "per": "night", "locality_tier": "city"},
    ],
}


def test_the_seeded_versions_are_readable_with_each_norms_source(client, as_user):
    items = client.get("/regulations", headers=as_user("chuyenvien.btc")).json["items"]
    assert [v["effective_from"] for v in items] == ["2025-05-04", "2017-07-01"]
    for version in items:
        assert version["norms"] and all(n["source"] for n in version["norms"])
    per_diem = [n for n in items[0]["norms"] if n["category"] == "travel_per_diem" and n["locality_tier"] is None]
    assert per_diem[0]["limit_vnd"] == 300_000 and "TT 12/2025" in per_diem[0]["source"]
    one = client.get(f"/regulations/{items[1]['id']}", headers=as_user("kiemtra.ubkt"))
    assert one.status_code == 200 and one.json["effective_from"] == "2017-07-01"


def test_the_version_in_force_on_a_date(client, as_user):
    def in_force(on):
        return [v["effective_from"] for v in client.get("/regulations", query_string={"in_force_on": on},
                                                        headers=as_user("chuyenvien.btc")).json["items"]]

    assert in_force("2017-06-30") == []
    assert in_force("2025-05-03") == ["2017-07-01"]
    assert in_force("2025-05-04") == ["2025-05-04"]


def test_office_finance_adds_a_version_and_old_versions_stay(client, as_user, allocate):
    answer = client.post("/regulations", json=NEW, headers=as_user("ketoan.vp"))
    assert answer.status_code == 201, answer.json
    assert answer.json["created_by"] == "ketoan.vp" and len(answer.json["norms"]) == 3
    assert len(client.get("/regulations", headers=as_user("ketoan.vp")).json["items"]) == 3
    # A request dated 2027 is checked against the new version; one dated 2026 against the old.
    allocate("BTC", "travel_per_diem", 10_000_000, year=2027)
    allocate("BTC", "travel_per_diem", 10_000_000, year=2026)
    body = {"category": "travel_per_diem", "amount_vnd": 320_000, "beneficiary_staff_id": 22, "description": "công tác"}
    assert client.post("/expenses", json={**body, "date": "2027-02-01"}, headers=as_user("chuyenvien.btc")).status_code == 201
    assert client.post("/expenses", json={**body, "date": "2026-12-31"}, headers=as_user("chuyenvien.btc")).status_code == 409


def test_a_second_version_on_the_same_date_is_409(client, as_user):
    assert client.post("/regulations", json=NEW, headers=as_user("ketoan.vp")).status_code == 201
    again = client.post("/regulations", json=NEW, headers=as_user("ketoan.vp"))
    assert again.status_code == 409 and again.json["rule"] == "version_exists"


def test_only_office_finance_adds_versions(client, as_user):
    for user in ("chuyenvien.btc", "truongban.btc", "bithu", "kiemtra.ubkt"):
        assert client.post("/regulations", json=NEW, headers=as_user(user)).status_code == 403


def test_ambiguous_norms_are_422(client, as_user):
    body = {**NEW, "norms": [NEW["norms"][0], {**NEW["norms"][0], "limit_vnd": 1}]}
    answer = client.post("/regulations", json=body, headers=as_user("ketoan.vp"))
    assert answer.status_code == 422 and "norms.1" in answer.json["errors"]


def test_a_regulated_category_without_a_norm_for_the_rank_is_422(client, as_user, allocate):
    client.post("/regulations", json={"effective_from": "2027-01-01", "norms": [
        {"category": "lodging", "limit_vnd": 2_000_000, "per": "night", "title_rank": "secretary"}]},
        headers=as_user("ketoan.vp"))
    allocate("BTC", "lodging", 10_000_000, year=2027)
    answer = client.post("/expenses", json={"category": "lodging", "amount_vnd": 100_000, "beneficiary_staff_id": 22,
                                            "date": "2027-02-01", "description": "x"}, headers=as_user("chuyenvien.btc"))
    assert answer.status_code == 422 and "locality_tier" in answer.json["errors"]
    assert client.get("/regulations/999999", headers=as_user("ketoan.vp")).status_code == 404
