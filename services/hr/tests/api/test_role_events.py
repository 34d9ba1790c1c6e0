"""Issue 10, finding 1: the gateway recomputes a user's unit and roles from HR's staff events, so
HR publishes one on EVERY change of a staff member's unit, position, position rank, title rank or
status, also when the unit stays the same and when the person is left without a position.

Each case is read from the outbox: the event carries what the gateway decides with."""
import pytest

from buildingblocks.clock import local_today

from hr.entrypoints.seed import position_ids

from ..conftest import LEADER

IDS = position_ids()
ROLE_FIELDS = ("unit", "position_id", "position_rank", "title_rank", "status")
STAFF_EVENTS = {"hr.staff.hired", "hr.staff.changed", "hr.staff.transferred", "hr.staff.left"}


def staff_event(outbox, staff_id: int) -> dict:
    """The one staff event published for `staff_id` since the mark, with what roles follow."""
    found = [e for e in outbox.events() if e["type"] in STAFF_EVENTS and e["data"]["id"] == staff_id]
    assert len(found) == 1, found
    event = found[0]
    return {"type": event["type"], **{k: event["data"][k] for k in ROLE_FIELDS}}


def test_a_head_appointed_to_a_specialist_post_of_the_same_board(demo, hr, outbox):
    # the finding: truongban.btc moved to a BTC specialist position kept unit_head
    resp = hr.post("/appointments", json={"staff_id": 20, "position_id": IDS["btc-specialist"]})
    assert resp.status_code == 201, resp.json
    assert staff_event(outbox, 20) == {"type": "hr.staff.transferred", "unit": "BTC",
                                       "position_id": IDS["btc-specialist"], "position_rank": "specialist",
                                       "title_rank": "board_head", "status": "active"}


def test_a_head_relieved_of_the_post_keeps_the_board_without_a_position(demo, hr, outbox):
    assert hr.post("/appointments", json={"staff_id": 20, "position_id": None}).status_code == 201
    assert staff_event(outbox, 20) == {"type": "hr.staff.transferred", "unit": "BTC", "position_id": None,
                                       "position_rank": None, "title_rank": "board_head", "status": "active"}


def test_a_head_moved_to_another_board_without_a_position(demo, hr, outbox):
    # the finding: moved to BNC with no position, he became an approver of BNC
    assert hr.patch("/staff/20", json={"unit": "BNC"}).status_code == 200
    assert staff_event(outbox, 20) == {"type": "hr.staff.transferred", "unit": "BNC", "position_id": None,
                                       "position_rank": None, "title_rank": "board_head", "status": "active"}


@pytest.mark.parametrize("change, expected", [
    ({"position_id": IDS["btc-specialist"]},
     {"type": "hr.staff.transferred", "position_id": IDS["btc-specialist"], "position_rank": "specialist"}),
    ({"position_id": None}, {"type": "hr.staff.transferred", "position_id": None, "position_rank": None}),
    ({"title_rank": "specialist"}, {"type": "hr.staff.changed", "title_rank": "specialist"}),
    ({"status": "on_leave"}, {"type": "hr.staff.changed", "status": "on_leave"}),
    ({"status": "left"}, {"type": "hr.staff.left", "position_id": None, "position_rank": None, "status": "left"}),
    ({"position_id": IDS["btc-specialist"], "title_rank": "specialist", "status": "on_leave"},
     {"type": "hr.staff.transferred", "position_id": IDS["btc-specialist"], "position_rank": "specialist",
      "title_rank": "specialist", "status": "on_leave"}),
], ids=["position", "no-position", "title-rank", "on-leave", "left", "all-at-once"])
def test_every_staff_patch_that_touches_a_role_is_published(demo, hr, outbox, change, expected):
    resp = hr.patch("/staff/20", json=change)
    assert resp.status_code == 200, resp.json
    unchanged = {"unit": "BTC", "position_id": IDS["btc-head"], "position_rank": "head",
                 "title_rank": "board_head", "status": "active"}
    # hr.staff.left names the position they leave empty; the gateway drops a leaver's roles by status
    if expected["type"] == "hr.staff.left":
        unchanged.update(position_id=None, position_rank=None)
    assert staff_event(outbox, 20) == {**unchanged, **expected}


def test_a_position_demoted_in_rank_publishes_its_holder(demo, hr, outbox):
    assert hr.patch(f"/positions/{IDS['btc-head']}", json={"rank": "specialist"}).status_code == 200
    assert staff_event(outbox, 20) == {"type": "hr.staff.changed", "unit": "BTC", "position_id": IDS["btc-head"],
                                       "position_rank": "specialist", "title_rank": "board_head",
                                       "status": "active"}


def test_a_position_moved_without_its_holder_leaves_them_without_one(demo, hr, outbox):
    resp = hr.patch(f"/positions/{IDS['btc-head']}", json={"unit": "BNC", "with_holder": False, "quota": 1})
    assert resp.status_code == 200, resp.json
    assert staff_event(outbox, 20) == {"type": "hr.staff.transferred", "unit": "BTC", "position_id": None,
                                       "position_rank": None, "title_rank": "board_head", "status": "active"}


def _apply_plan(as_, hr, steps):
    created = hr.post("/restructurings", json={"title": "Sắp xếp thử", "effective_date": local_today().isoformat(),
                                               "steps": steps})
    assert created.status_code == 201, created.json
    plan_id = created.json["id"]
    assert as_(LEADER).post(f"/restructurings/{plan_id}/approve").status_code == 200
    applied = hr.post(f"/restructurings/{plan_id}/apply")
    assert applied.status_code == 200 and applied.json["status"] == "applied", applied.json


def test_a_plan_moving_a_head_post_without_its_holder(demo, as_, hr, outbox):
    _apply_plan(as_, hr, [{"op": "move_position", "position_id": IDS["btc-head"], "to_unit": "BTC-TCCB",
                           "with_holder": False}])
    assert staff_event(outbox, 20) == {"type": "hr.staff.transferred", "unit": "BTC", "position_id": None,
                                       "position_rank": None, "title_rank": "board_head", "status": "active"}


def test_a_plan_merging_a_board_moves_its_head_with_the_post(demo, as_, hr, outbox):
    _apply_plan(as_, hr, [{"op": "merge_units", "from": "BNC", "into": "BTC"}])
    assert staff_event(outbox, 50) == {"type": "hr.staff.transferred", "unit": "BTC", "position_id": IDS["bnc-head"],
                                       "position_rank": "head", "title_rank": "board_head", "status": "active"}
