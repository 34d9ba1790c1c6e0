"""The staffing table."""
import csv
import io

import pytest

from buildingblocks.export import csv_text

from hr.domain import operations as ops
from hr.domain.model import InvalidChange
from hr.domain.staffing import CSV_COLUMNS, csv_rows, staffing_table

from .factories import default_book, demo_structure, small_structure


def test_the_committee_table_of_the_demo():
    table = staffing_table(demo_structure(), default_book())
    rows = {row["code"]: row for row in table["items"]}
    assert table["totals"]["quota"] == 89 and table["totals"]["filled"] == 33
    assert table["totals"]["vacant"] == 56 and table["totals"]["units"] == 14
    btc = rows["BTC"]
    assert (btc["quota"], btc["filled"], btc["vacant"], btc["deputies"], btc["deputy_limit"]) == (16, 6, 10, 1, 8)
    assert btc["by_family"]["support"] == {"quota": 3, "filled": 2, "vacant": 1}
    assert btc["by_rank"]["deputy"] == {"quota": 3, "filled": 1, "vacant": 2}
    assert btc["departments"] == 2 and btc["max_departments"] == 4
    assert [v["rule"] for v in rows["BTC-VP"]["violations"]] == ["min_department_staff"]
    assert {p["title"] for p in rows["BTC-VP"]["positions"]} == {"Kế toán", "Văn thư", "Lái xe"}
    assert len(table["violations"]) == sum(len(r["violations"]) for r in table["items"])


def test_one_unit_and_the_units_below_it():
    table = staffing_table(demo_structure(), default_book(), "BTC")
    assert [row["code"] for row in table["items"]] == ["BTC", "BTC-TCCB", "BTC-VP"]
    assert table["totals"]["quota"] == 16
    assert {v["unit"] for v in table["violations"]} <= {"BTC", "BTC-TCCB", "BTC-VP"}
    with pytest.raises(InvalidChange):
        staffing_table(demo_structure(), default_book(), "NOPE")


def test_an_overfilled_position_shows_no_negative_vacancy_and_its_breach():
    s = small_structure()
    ops.place_staff(s, 30, 4)
    row = staffing_table(s, default_book(), "B1")["items"][0]
    assert row["positions"][0] == {"id": 4, "title": "Trưởng ban", "rank": "head", "family": "leadership",
                                   "is_driver": False, "quota": 1, "filled": 2, "vacant": 0}
    assert [v["rule"] for v in row["violations"]] == ["position_quota"]


def test_committee_wide_breaches_show_only_in_the_committee_table():
    s = small_structure()
    book = default_book(total_deputy_heads={"max": 0})
    assert [v["rule"] for v in staffing_table(s, book)["violations"]] == ["min_department_staff",
                                                                           "total_deputy_heads"]
    assert staffing_table(s, book, "B1")["violations"] == []


def test_csv_has_a_header_and_one_line_per_unit_and_defuses_formulas():
    s = small_structure()
    ops.change_unit(s, "B1", name="=HYPERLINK(1)")
    # the rows go out through buildingblocks.export, the one formula-safe writer (issue 10, finding 6)
    rows = list(csv.reader(io.StringIO(csv_text(CSV_COLUMNS, csv_rows(staffing_table(s, default_book()))))))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 4
    b1 = next(r for r in rows if r[0] == "B1")
    assert b1[1] == "'=HYPERLINK(1)"
    assert b1[CSV_COLUMNS.index("quota")] == "6"
