"""Concurrent appointments on the real PostgreSQL database, from real threads."""
import threading

from buildingblocks.testing import auth_headers

from hr.entrypoints.seed import position_ids

from ..conftest import OFFICE_HR

IDS = position_ids()
THREADS = 8


def race(app, requests):
    """Send the requests at once, one thread each; returns the responses in order."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, method, path, body):
        client = app.test_client()
        barrier.wait()
        results[index] = getattr(client, method)(path, json=body, headers=auth_headers(OFFICE_HR, service="hr"))

    threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_exactly_one_wins_the_last_vacancy(demo, app, client):
    # vp-driver: quota 6, 2 holders; fill it to 5, then race for the sixth post.
    for n in range(3):
        resp = client.post("/staff", json={"full_name": f"Lái xe {n}", "position_id": IDS["vp-driver"]},
                           headers=auth_headers(OFFICE_HR, service="hr"))
        assert resp.status_code == 201
    results = race(app, [("post", "/staff", {"full_name": f"Ứng viên {n}", "position_id": IDS["vp-driver"]})
                         for n in range(THREADS)])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [409] * (THREADS - 1)
    assert all(r.json["rule"] == "position_quota" for r in results if r.status_code == 409)
    position = client.get(f"/positions/{IDS['vp-driver']}", headers=auth_headers(OFFICE_HR, service="hr")).json
    assert (position["filled"], position["vacant"]) == (6, 0)


def test_concurrent_transfers_into_one_vacancy(demo, app, client):
    # btc-accountant becomes vacant; the four other boards' accountants race for it.
    client.patch("/staff/23", json={"status": "left"}, headers=auth_headers(OFFICE_HR, service="hr"))
    results = race(app, [("patch", f"/staff/{sid}", {"position_id": IDS["btc-accountant"]})
                         for sid in (32, 43, 52)])
    assert sorted(r.status_code for r in results) == [200, 409, 409]
    holders = client.get(f"/staff?position_id={IDS['btc-accountant']}", headers=auth_headers(OFFICE_HR, service="hr")).json
    assert len(holders["items"]) == 1


def test_deputies_on_different_positions_of_one_unit_respect_the_unit_limit(demo, app, client):
    # Three deputy positions in one small department: the department allows 2 deputies.
    h = auth_headers(OFFICE_HR, service="hr")
    client.post("/units", json={"code": "VP-X", "name": "Phòng X", "kind": "department", "parent_code": "VP"},
                headers=h)
    client.post("/positions", json={"id": 200, "unit": "VP-X", "title": "Chuyên viên", "rank": "specialist",
                                    "family": "professional", "quota": 5}, headers=h)
    for pid in (201, 202, 203):
        client.post("/positions", json={"id": pid, "unit": "VP-X", "title": f"Phó trưởng phòng {pid}",
                                        "rank": "deputy", "family": "leadership", "quota": 1}, headers=h)
    results = race(app, [("post", "/staff", {"full_name": f"Phó {pid}", "position_id": pid})
                         for pid in (201, 202, 203)])
    assert sorted(r.status_code for r in results) == [201, 201, 409]
    refused = next(r for r in results if r.status_code == 409)
    assert refused.json["rule"] == "deputies_per_department"
