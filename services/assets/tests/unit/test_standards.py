from assets.domain.standards import (
    Holding,
    RequestedLine,
    Standard,
    StandardsCatalogue,
    check_standards,
    holding_keys,
)

CATALOGUE = StandardsCatalogue([
    Standard("computer", "person", "specialist", 1, 15_000_000),
    Standard("computer", "person", "board_head", 2, 15_000_000),
    Standard("printer", "unit", None, 1, 10_000_000),
    Standard("car", "unit", None, None, 950_000_000),
])


def line(index=0, category="computer", quantity=1, price=14_000_000, staff=22, rank="specialist"):
    return RequestedLine(index, category, quantity, price, staff, rank)


def test_within_the_standard_passes():
    assert check_standards([line()], CATALOGUE, {}) == []


def test_held_plus_asked_above_the_maximum_is_named():
    breaches = check_standards([line()], CATALOGUE, {("computer", 22): Holding(held=1)})
    assert [b.rule for b in breaches] == ["quantity_above_standard"]
    figures = breaches[0].as_dict()
    assert figures["held"] == 1 and figures["asked"] == 1 and figures["max_quantity"] == 1
    assert figures["beneficiary_staff_id"] == 22 and figures["line"] == 0


def test_quantities_of_several_lines_for_one_person_add_up():
    breaches = check_standards([line(0), line(1)], CATALOGUE, {})
    assert [(b.line, b.rule) for b in breaches] == [(0, "quantity_above_standard")]


def test_pending_requests_count_against_the_maximum():
    breaches = check_standards([line()], CATALOGUE, {("computer", 22): Holding(held=0, pending=1)})
    assert breaches and breaches[0].figures["pending"] == 1


def test_price_above_the_cap_is_named_per_line():
    breaches = check_standards([line(0, price=16_000_000), line(1, staff=23, price=15_000_000)], CATALOGUE, {})
    assert [(b.line, b.rule) for b in breaches] == [(0, "price_above_standard")]
    assert breaches[0].figures["max_unit_price_vnd"] == 15_000_000


def test_each_breach_is_named_not_only_the_first():
    breaches = check_standards(
        [line(0, quantity=2, price=20_000_000), line(1, category="printer", quantity=2, price=9_000_000, staff=None, rank=None)],
        CATALOGUE, {})
    assert sorted((b.line, b.rule) for b in breaches) == [
        (0, "price_above_standard"), (0, "quantity_above_standard"), (1, "quantity_above_standard")]


def test_the_rank_decides_the_maximum():
    assert check_standards([line(quantity=2, rank="board_head")], CATALOGUE, {}) == []
    breaches = check_standards([line(rank="support")], CATALOGUE, {})
    assert [b.rule for b in breaches] == ["no_standard_for_title_rank"]


def test_personal_equipment_needs_a_beneficiary():
    breaches = check_standards([line(staff=None, rank=None)], CATALOGUE, {})
    assert [b.rule for b in breaches] == ["beneficiary_required"]


def test_shared_equipment_counts_against_the_board():
    breaches = check_standards([line(category="printer", price=9_000_000, staff=None, rank=None)], CATALOGUE,
                               {("printer", None): Holding(held=1)})
    assert [b.rule for b in breaches] == ["quantity_above_standard"]


def test_no_quantity_limit_still_checks_the_price():
    ok = line(category="car", quantity=3, price=900_000_000, staff=None, rank=None)
    assert check_standards([ok], CATALOGUE, {("car", None): Holding(held=10)}) == []
    dear = line(category="car", price=1_000_000_000, staff=None, rank=None)
    assert [b.rule for b in check_standards([dear], CATALOGUE, {})] == ["price_above_standard"]


def test_a_category_without_standards_is_not_restricted():
    assert check_standards([line(category="safe", quantity=50, price=10**9)], CATALOGUE, {}) == []


def test_holding_keys_name_person_or_board():
    keys = holding_keys([line(), line(1, category="printer", staff=None, rank=None), line(2, category="safe")],
                        CATALOGUE)
    assert keys == {("computer", 22), ("printer", None)}
