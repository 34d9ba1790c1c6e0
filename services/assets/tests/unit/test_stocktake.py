from assets.domain.stocktake import Count, RegisterEntry, compare, progress

A1 = RegisterEntry(1, "TS2026-00001", "BTC", "P.201", "in_use")
A2 = RegisterEntry(2, "TS2026-00002", "BTC", None, "in_use")
A3 = RegisterEntry(3, "TS2026-00003", "BTC", "P.202", "in_use")
B1 = RegisterEntry(4, "TS2026-00004", "BNC", None, "in_use")
OLD = RegisterEntry(5, "TS2020-00001", "BTC", None, "disposed")
REGISTER = {e.tag: e for e in (A1, A2, A3, B1, OLD)}


def test_results_name_missing_surplus_and_misplaced():
    counts = [
        Count("ts2026-00001 ", "BTC", "P.201"),           # found (tags ignore case and spaces)
        Count("TS2026-00003", "BTC", "P.201"),            # wrong room: misplaced
        Count("TS2026-00004", "BTC", None),               # another board's asset: misplaced
        Count("XX-UNKNOWN", "BTC", "P.201", "unusable"),  # unknown: surplus
        Count("TS2020-00001", "BTC", None),               # disposed on the register: surplus
    ]
    outcome = compare([A1, A2, A3], REGISTER, counts)
    assert [r.tag for r in outcome.found] == ["TS2026-00001"]
    assert [r.tag for r in outcome.missing] == ["TS2026-00002"]
    assert sorted(r.tag for r in outcome.misplaced) == ["TS2026-00003", "TS2026-00004"]
    assert sorted(r.tag for r in outcome.surplus) == ["TS2020-00001", "XX-UNKNOWN"]
    unknown = next(r for r in outcome.surplus if r.tag == "XX-UNKNOWN")
    assert unknown.asset_id is None and unknown.condition == "unusable" and unknown.counted_unit == "BTC"
    moved = next(r for r in outcome.misplaced if r.tag == "TS2026-00003")
    assert (moved.register_location, moved.counted_location) == ("P.202", "P.201")


def test_a_whole_board_sheet_matches_any_location_of_that_board():
    outcome = compare([A1], REGISTER, [Count("TS2026-00001", "BTC", None)])
    assert [r.tag for r in outcome.found] == ["TS2026-00001"] and not outcome.misplaced


def test_found_in_the_right_place_on_any_sheet_wins():
    counts = [Count("TS2026-00003", "BTC", "P.201"), Count("TS2026-00003", "BTC", "P.202")]
    outcome = compare([A3], REGISTER, counts)
    assert [r.tag for r in outcome.found] == ["TS2026-00003"] and not outcome.misplaced


def test_nothing_counted_means_everything_missing():
    outcome = compare([A1, A2], REGISTER, [])
    assert len(outcome.missing) == 2 and not outcome.found


def test_progress_per_board():
    result = progress(["BNC", "BTC"], [A1, A2, A3], {"TS2026-00001", "ts2026-00002", "ZZ"})
    assert [(p.unit, p.expected, p.counted, p.percent) for p in result] == [
        ("BNC", 0, 0, 100.0), ("BTC", 3, 2, 66.7)]
