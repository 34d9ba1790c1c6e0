"""The demo seed: the old structure and the draft plan, idempotent, published as events."""
from sqlalchemy import func, select, text

from buildingblocks import demo as demo_org

from hr.adapters.orm import Restructuring, StaffRecord
from hr.entrypoints.seed import seed


def count_events(database):
    with database.engine.connect() as conn:
        return dict(conn.execute(text("SELECT type, COUNT(*) FROM outbox GROUP BY type")).all())


def test_seed_writes_the_demo_once_and_publishes_it(empty):
    database = empty
    assert seed(database) == {"units": 14, "positions": 34, "staff": 33, "plans": 1}
    assert count_events(database) == {"hr.unit.created": 14, "hr.position.created": 34, "hr.staff.hired": 33}
    assert seed(database) == {"units": 0, "positions": 0, "staff": 0, "plans": 0}
    assert sum(count_events(database).values()) == 81
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Restructuring)) == 1


def test_demo_users_belong_to_the_boards_their_staff_records_say(demo):
    # The gateway's demo users carry a board; HR must say the same, or the users would move
    # on the first hr.staff.* event.
    with demo.unit_of_work() as uow:
        for username, staff_id, unit, _roles in demo_org.USERS:
            if staff_id is None:
                continue
            assert uow.session.get(StaffRecord, staff_id).unit == unit, username
