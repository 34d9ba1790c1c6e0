import pytest

from gateway.domain.users import InvalidUser, check_password, check_roles, roles_for_post


def test_roles_are_checked_sorted_and_deduplicated():
    assert check_roles(["staff", "unit_head", "staff"]) == ["staff", "unit_head"]
    with pytest.raises(InvalidUser) as bad:
        check_roles(["staff", "root"])
    assert "roles" in bad.value.errors
    with pytest.raises(InvalidUser):
        check_roles([])


def test_short_passwords_are_refused():
    with pytest.raises(InvalidUser):
        check_password("short")
    check_password("long enough")


def test_a_move_drops_office_scope_and_unit_head_follows_the_rank():
    assert roles_for_post(["office_finance", "staff"], "specialist", moved=True) == ["staff"]
    assert roles_for_post(["staff", "unit_head"], "specialist", moved=True) == ["staff"]
    assert roles_for_post(["staff"], "deputy", moved=True) == ["staff", "unit_head"]
    assert roles_for_post(["office_hr"], "specialist", moved=True) == ["staff"]


def test_unit_head_follows_the_rank_on_every_event_also_without_a_move():
    # finding 1 of issue 10: a head demoted inside the same board, or left without a position
    assert roles_for_post(["staff", "unit_head"], "specialist", moved=False) == ["staff"]
    assert roles_for_post(["staff", "unit_head"], None, moved=False) == ["staff"]
    assert roles_for_post(["staff", "unit_head"], None, moved=True) == ["staff"]
    assert roles_for_post(["staff"], "head", moved=False) == ["staff", "unit_head"]
    # office scope stays with the post when the board did not change
    assert roles_for_post(["office_finance", "staff"], "specialist", moved=False) == ["office_finance", "staff"]


def test_personal_appointments_survive_any_event():
    assert roles_for_post(["leadership"], "head", moved=True) == ["leadership"]
    assert roles_for_post(["leadership", "unit_head"], None, moved=False) == ["leadership", "unit_head"]
    assert roles_for_post(["auditor", "staff"], "specialist", moved=True) == ["auditor", "staff"]
    assert roles_for_post(["admin"], None, moved=True) == ["admin"]
