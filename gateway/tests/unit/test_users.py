import pytest

from gateway.domain.users import InvalidUser, check_password, check_roles, roles_after_transfer


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


def test_a_transfer_drops_office_scope_and_unit_head_follows_the_new_rank():
    assert roles_after_transfer(["office_finance", "staff"], "specialist") == ["staff"]
    assert roles_after_transfer(["staff", "unit_head"], "specialist") == ["staff"]
    assert roles_after_transfer(["staff"], "deputy") == ["staff", "unit_head"]
    assert roles_after_transfer(["staff", "unit_head"], None) == ["staff", "unit_head"]


def test_personal_appointments_survive_a_transfer():
    assert roles_after_transfer(["leadership"], "head") == ["leadership"]
    assert roles_after_transfer(["auditor", "staff"], "specialist") == ["auditor", "staff"]
    assert roles_after_transfer(["office_hr"], "specialist") == ["staff"]
