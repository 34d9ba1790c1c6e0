"""Changes to the structure: units, positions, placements."""
import pytest

from hr.domain import operations as ops
from hr.domain.model import InvalidChange, Placement, Position

from .factories import demo_structure, position_id, small_structure


def test_a_department_belongs_to_the_agency_above_it():
    s = demo_structure()
    assert s.agency_of("BTC-VP") == "BTC"
    assert s.agency_of("BTC") == "BTC"
    assert s.agency_of("TU") == "TU"


def test_tree_order_puts_leadership_then_office_then_boards_each_followed_by_its_departments():
    order = demo_structure().tree_order()
    assert order[:5] == ["TU", "VP", "VP-QT", "VP-TC", "VP-TH"]
    assert order.index("BTC-VP") == order.index("BTC") + 2


def test_a_unit_code_is_used_once():
    s = small_structure()
    with pytest.raises(InvalidChange) as exc:
        ops.create_unit(s, "VP", "Again", "office")
    assert exc.value.errors == {"code": ["unit VP already exists"]}


def test_a_department_needs_an_existing_parent():
    s = small_structure()
    with pytest.raises(InvalidChange):
        ops.create_unit(s.copy(), "X", "Phòng X", "department")
    with pytest.raises(InvalidChange) as exc:
        ops.create_unit(s.copy(), "X", "Phòng X", "department", "NOPE")
    assert "parent_code" in exc.value.errors


def test_parents_cannot_loop():
    s = small_structure()
    ops.create_unit(s, "VP-A1", "Tổ", "department", "VP-A")
    with pytest.raises(InvalidChange) as exc:
        ops.change_unit(s, "VP-A", parent_code="VP-A1")
    assert "loop" in exc.value.detail


def test_moving_a_department_to_another_agency_moves_its_holders():
    s = small_structure()
    ops.change_unit(s, "VP-A", parent_code="B1")
    assert s.placements[12] == Placement(12, "B1", 3)


def test_dissolving_without_successor_needs_an_empty_unit():
    s = demo_structure()
    with pytest.raises(InvalidChange) as exc:
        ops.dissolve_unit(s.copy(), "BTC-VP")
    assert "still has staff" in exc.value.detail
    with pytest.raises(InvalidChange) as exc:
        ops.dissolve_unit(s.copy(), "BTC")
    assert "units below it" in exc.value.detail


def test_dissolving_an_emptied_unit_removes_its_vacant_positions():
    s = small_structure()
    s.positions[7] = Position(7, "VP-A", "Vacant", "support", "support", 2)
    for staff_id in (10, 11, 12):
        ops.place_staff(s, staff_id, unit="VP")
    ops.dissolve_unit(s, "VP-A")
    assert "VP-A" not in s.units and s.dissolved == {"VP-A": None}
    assert not any(p.unit == "VP-A" for p in s.positions.values())
    assert {s.placements[i].position_id for i in (10, 11, 12)} == {None}


def test_a_merge_moves_positions_holders_and_units_below_to_the_successor():
    s = demo_structure()
    ops.dissolve_unit(s, "UBKT", successor="BNC")
    assert s.dissolved == {"UBKT": "BNC"}
    assert s.units["UBKT-VP"].parent_code == "BNC"
    assert s.positions[position_id("ubkt-head")].unit == "BNC"
    assert s.placements[30] == Placement(30, "BNC", position_id("ubkt-head"))
    assert s.placements[34].unit == "BNC"  # the driver, in the board's office now under BNC


def test_the_successor_cannot_be_inside_the_dissolved_unit():
    s = demo_structure()
    with pytest.raises(InvalidChange) as exc:
        ops.dissolve_unit(s, "BTC", successor="BTC-VP")
    assert "successor_code" in exc.value.errors


def test_a_position_moved_with_its_holder_takes_them_along():
    s = demo_structure()
    driver = position_id("btc-driver")
    ops.change_position(s, driver, unit="VP-QT")
    assert s.placements[25] == Placement(25, "VP", driver)


def test_a_position_moved_without_its_holder_leaves_them_in_their_board_without_a_post():
    s = demo_structure()
    driver = position_id("btc-driver")
    ops.change_position(s, driver, unit="VP-QT", with_holder=False)
    assert s.placements[25] == Placement(25, "BTC", None)
    assert s.positions[driver].unit == "VP-QT"


def test_placing_staff_checks_the_unit_against_the_position():
    s = demo_structure()
    with pytest.raises(InvalidChange) as exc:
        ops.place_staff(s, 99, position_id("btc-specialist"), unit="VP")
    assert "unit" in exc.value.errors
    placement = ops.place_staff(s, 99, position_id("btc-accountant"), unit="BTC")
    assert placement == Placement(99, "BTC", position_id("btc-accountant"))
    assert ops.place_staff(s, 98, unit="BTC-VP") == Placement(98, "BTC", None)
    with pytest.raises(InvalidChange):
        ops.place_staff(s, 97)


def test_a_quota_cannot_be_negative():
    s = small_structure()
    with pytest.raises(InvalidChange):
        ops.change_position(s, 3, quota=-1)
