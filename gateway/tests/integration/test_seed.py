"""The demo seed: every demo user with their demo password, and a second run adds nothing."""

from buildingblocks import demo
from sqlalchemy import select

from gateway.adapters.orm import User
from gateway.adapters.passwords import verify_password
from gateway.entrypoints.seed import seed_demo_users


def test_the_seed_is_idempotent_and_keeps_changed_passwords(database):
    # The session fixture has seeded once already.
    assert seed_demo_users(database) == 0
    with database.session_factory() as session:
        users = {u.username: u for u in session.scalars(select(User))}
    for username, staff_id, unit, roles in demo.USERS:
        user = users[username]
        assert (user.staff_id, user.unit, sorted(user.roles)) == (staff_id, unit, sorted(roles))
    assert verify_password(users["bithu"].password_hash, demo.password_for("bithu"))
    assert verify_password(users["admin"].password_hash, demo.ADMIN_PASSWORD)
