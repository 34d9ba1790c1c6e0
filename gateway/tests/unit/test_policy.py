import pytest
from buildingblocks.identity import Principal

from gateway.policies import load_policy_table, load_rules
from gateway.policy import (
    ALL_ROLES,
    READERS,
    REQUESTERS,
    PolicyTable,
    Rule,
    UnitPinningRefused,
    pin_unit,
)

RULES = [
    Rule("GET", "/bookings", READERS, list_scoped=True),
    Rule("POST", "/bookings", REQUESTERS),
    Rule("GET", "/bookings/<id>", READERS),
    Rule("POST", "/bookings/<id>/approve", {"unit_head", "leadership"}),
    Rule("POST", "/bookings/<id>/<action>", {"office_fleet"}),
    Rule("GET", "/bookings/summary", {"leadership"}),
]


@pytest.fixture()
def table():
    return PolicyTable({"fleet": RULES})


def test_role_sets():
    assert "admin" not in READERS and "auditor" in READERS
    assert REQUESTERS == ALL_ROLES - {"auditor", "admin"}


def test_static_and_parametrised_paths_match_their_rule(table):
    assert table.match("fleet", "GET", "/bookings").template == "/bookings"
    assert table.match("fleet", "GET", "/bookings/42").template == "/bookings/<id>"
    assert table.match("fleet", "POST", "/bookings/42/approve").roles == frozenset({"unit_head", "leadership"})


def test_a_static_path_wins_over_a_parameter(table):
    assert table.match("fleet", "GET", "/bookings/summary").template == "/bookings/summary"


def test_more_literal_segments_win_whatever_the_order_of_rules(table):
    assert table.match("fleet", "POST", "/bookings/7/approve").template == "/bookings/<id>/approve"
    assert table.match("fleet", "POST", "/bookings/7/dispatch").template == "/bookings/<id>/<action>"


@pytest.mark.parametrize(
    "method, path",
    [
        ("DELETE", "/bookings/1"),  # no rule for the method
        ("GET", "/bookings/1/2"),  # a parameter is one segment only
        ("GET", "/bookings/"),  # trailing slash is another path
        ("GET", "/bookings/.."),  # dot segments never stand for a parameter
        ("GET", "/bookings/./approve"),
        ("POST", "/bookings/../approve"),
        ("GET", "/bookingsX"),
        ("GET", "/metrics"),
    ],
)
def test_routes_absent_from_the_table_are_refused(table, method, path):
    assert table.match("fleet", method, path) is None


def test_unknown_service_is_refused(table):
    assert table.match("hr", "GET", "/bookings") is None


def test_head_is_allowed_where_get_is(table):
    assert table.match("fleet", "HEAD", "/bookings/3").template == "/bookings/<id>"


@pytest.mark.parametrize(
    "rule, message",
    [
        (Rule("GET", "/x", {"superuser"}), "unknown roles"),
        (Rule("FETCH", "/x", READERS), "unknown method"),
        (Rule("GET", "x", READERS), "must start with /"),
        (Rule("GET", "/x/<id>.json", READERS), "whole segment"),
        (Rule("GET", "/x", set()), "no role"),
    ],
)
def test_malformed_rules_fail_at_load_time(rule, message):
    with pytest.raises(ValueError, match=message):
        PolicyTable({"fleet": [rule]})


def test_duplicate_rules_fail_at_load_time():
    with pytest.raises(ValueError, match="twice"):
        PolicyTable({"fleet": [Rule("GET", "/x", READERS), Rule("GET", "/x", {"admin"})]})


def has_scope(roles, service):
    # the gateway pins lists by the building blocks' one definition of scope
    return Principal("someone", None, "BTC", roles).has_scope(service)


def test_scope_comes_from_leadership_auditor_or_the_services_office_role():
    assert has_scope(frozenset({"leadership"}), "fleet")
    assert has_scope(frozenset({"auditor", "staff"}), "hr")
    assert has_scope(frozenset({"office_fleet"}), "fleet")
    assert not has_scope(frozenset({"office_fleet"}), "finance")
    assert not has_scope(frozenset({"unit_head", "staff"}), "fleet")


def test_pinning_adds_the_callers_unit_to_an_unpinned_list():
    assert pin_unit("", "BTC") == "unit=BTC"
    assert pin_unit("limit=5", "BTC") == "limit=5&unit=BTC"
    assert pin_unit("limit=5", "BTC-VP") == "limit=5&unit=BTC-VP"


def test_pinning_lets_the_callers_own_unit_through_unchanged():
    assert pin_unit("unit=BTC&limit=5", "BTC") == "unit=BTC&limit=5"


@pytest.mark.parametrize("query", ["unit=VP", "unit=BTC&unit=VP", "%75nit=VP", "unit=", "unit=btc"])
def test_pinning_refuses_a_list_of_another_unit(query):
    with pytest.raises(UnitPinningRefused):
        pin_unit(query, "BTC")


def test_the_shipped_tables_load_and_hold_the_gateways_own_routes():
    rules = load_rules()
    assert "gateway" in rules
    table = load_policy_table()
    assert table.match("gateway", "GET", "/admin/audit").roles == frozenset({"admin", "auditor"})
    assert table.match("gateway", "PATCH", "/admin/users/bithu").roles == frozenset({"admin"})
    for service, service_rules in rules.items():
        for rule in service_rules:
            assert not rule.path.startswith(("/health", "/metrics")), f"{service}: {rule.path} must not be public"


def test_pinning_lets_a_board_ask_for_its_own_department_only():
    from gateway.policy import UnitPinningRefused, pin_unit

    tree = {"BTC-TCCB": "BTC", "BTC": None, "UBKT-VP": "UBKT"}

    def within(asked, home):
        code = asked
        while code is not None:
            if code == home:
                return True
            code = tree.get(code)
        return False

    assert pin_unit("unit=BTC-TCCB", "BTC", within) == "unit=BTC-TCCB"
    with pytest.raises(UnitPinningRefused):
        pin_unit("unit=UBKT-VP", "BTC", within)
    with pytest.raises(UnitPinningRefused):
        pin_unit("unit=BTC-TCCB", "BTC")
