"""The shared API fields: what they let through, what they refuse, and how times are shown."""
import datetime as dt

import pytest
from marshmallow import Schema, ValidationError, validate

from buildingblocks.fields import (
    MAX_ID,
    MAX_VND,
    OFFICE_TZ,
    Count,
    Day,
    Id,
    LocalDateTime,
    Money,
    Text,
    text,
)

UTC = dt.timezone.utc


class Request(Schema):
    name = text(1, 10)
    note = Text(allow_none=True)
    code = Text(validate=validate.OneOf(["A", "B"]))
    amount_vnd = Money()
    price_vnd = Money(minimum=1, maximum=1000)
    staff_id = Id()
    seats = Count(2, 80)
    on = Day()
    at = LocalDateTime()


class Query(Schema):
    staff_id = Id(strict=False)
    seats = Count(2, 80, strict=False)


def errors(schema, data) -> dict:
    with pytest.raises(ValidationError) as caught:
        schema.load(data)
    return caught.value.messages


# -- Text ------------------------------------------------------------------------------------

def test_text_is_trimmed_before_it_is_validated():
    assert Request().load({"name": "  Hà Nội  "}) == {"name": "Hà Nội"}
    assert "name" in errors(Request(), {"name": "   "})  # blank is empty, below min_len 1
    assert Request().load({"code": " A "}) == {"code": "A"}


@pytest.mark.parametrize("value, message", [
    ("a\x00b", "must not contain NUL characters"),
    ("\ud800", "must be valid Unicode text"),
    ("x\udfffy", "must be valid Unicode text"),
])
def test_text_refuses_what_postgresql_cannot_store_naming_the_field(value, message):
    assert errors(Request(), {"note": value}) == {"note": [message]}


def test_text_refuses_what_is_not_a_string_and_keeps_none_where_allowed():
    assert "note" in errors(Request(), {"note": 5})
    assert "note" in errors(Request(), {"note": ["x"]})
    assert Request().load({"note": None}) == {"note": None}


def test_text_helper_bounds_the_length_and_adds_a_validator():
    assert "name" in errors(Request(), {"name": "x" * 11})
    field = text(0, 5, validate_also=validate.Regexp(r"^[a-z]*$"), required=True)
    assert field.deserialize(" abc ") == "abc"
    with pytest.raises(ValidationError):
        field.deserialize("ABC")


# -- Money, Id, Count ------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, 1, MAX_VND])
def test_money_takes_whole_vnd(value):
    assert Request().load({"amount_vnd": value}) == {"amount_vnd": value}


@pytest.mark.parametrize("value", [-1, MAX_VND + 1, 1.5, 10.0, "10", True, None, "", [1]])
def test_money_refuses_anything_but_a_json_integer_in_range(value):
    assert "amount_vnd" in errors(Request(), {"amount_vnd": value})


def test_money_bounds_can_be_narrowed():
    assert "price_vnd" in errors(Request(), {"price_vnd": 0})
    assert "price_vnd" in errors(Request(), {"price_vnd": 1001})
    assert Request().load({"price_vnd": 1000}) == {"price_vnd": 1000}


def test_money_is_always_strict():
    with pytest.raises(TypeError):
        Money(strict=False)


def thousands(value):
    if value % 1000:
        raise ValidationError("whole thousands only")


def test_money_keeps_a_validator_of_the_caller():
    field = Money(validate=thousands)
    assert field.deserialize(5000) == 5000
    with pytest.raises(ValidationError):
        field.deserialize(5001)
    with pytest.raises(ValidationError):
        field.deserialize(-1000)


@pytest.mark.parametrize("value", [0, -1, MAX_ID + 1, 2**63, 2.5, 7.0, "7", True])
def test_an_id_is_a_json_integer_that_fits_the_id_columns(value):
    assert "staff_id" in errors(Request(), {"staff_id": value})


def test_query_strings_pass_ids_and_counts_as_text():
    assert Request().load({"staff_id": MAX_ID}) == {"staff_id": MAX_ID}
    assert Query().load({"staff_id": "22", "seats": "16"}) == {"staff_id": 22, "seats": 16}
    assert set(errors(Query(), {"staff_id": "0", "seats": "81"})) == {"staff_id", "seats"}
    assert set(errors(Query(), {"staff_id": "2.5", "seats": "x"})) == {"staff_id", "seats"}


@pytest.mark.parametrize("value, ok", [(2, True), (80, True), (1, False), (81, False), (16.0, False),
                                       (2.5, False), ("16", False)])
def test_a_count_is_a_whole_number_between_its_bounds(value, ok):
    if ok:
        assert Request().load({"seats": value}) == {"seats": value}
    else:
        assert "seats" in errors(Request(), {"seats": value})


# -- Day -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1900-01-01", "2026-02-28", "2999-12-31"])
def test_a_day_in_range(value):
    assert Request().load({"on": value}) == {"on": dt.date.fromisoformat(value)}


@pytest.mark.parametrize("value", ["1899-12-31", "3000-01-01", "0001-01-01", "2026-02-30", "20266-01-01",
                                   "tomorrow", 20260101, ""])
def test_a_day_out_of_range_or_malformed_is_refused(value):
    assert "on" in errors(Request(), {"on": value})


def test_day_says_which_range():
    assert errors(Request(), {"on": "1066-10-14"}) == {"on": ["must be a date from 1900-01-01 to 2999-12-31"]}


# -- LocalDateTime ---------------------------------------------------------------------------

def test_a_time_needs_its_offset():
    assert Request().load({"at": "2026-03-02T08:00:00+07:00"})["at"] == dt.datetime(2026, 3, 2, 1, tzinfo=UTC)
    assert Request().load({"at": "2026-03-02T01:00:00Z"})["at"] == dt.datetime(2026, 3, 2, 1, tzinfo=UTC)
    assert "at" in errors(Request(), {"at": "2026-03-02T08:00:00"})


def test_a_plus_turned_into_a_space_by_a_query_string_is_read_as_a_plus():
    at = Request().load({"at": "2026-03-02T08:00:00 07:00"})["at"]
    assert at == dt.datetime(2026, 3, 2, 1, tzinfo=UTC) and at.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("value", ["1899-12-31T12:00:00Z", "3000-01-01T00:00:00Z", "0001-01-01T00:00:00+07:00",
                                   "9999-12-31T23:59:59-07:00", "9999-99-99T99:99:99+07:00", "soon", 1700000000])
def test_a_time_out_of_range_or_malformed_is_refused(value):
    assert "at" in errors(Request(), {"at": value})


def test_times_are_shown_in_ho_chi_minh_time_whatever_zone_they_come_in():
    schema = Request(only=("at",))
    stored = dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    assert schema.dump({"at": stored}) == {"at": "2026-03-02T08:00:00+07:00"}
    paris = dt.timezone(dt.timedelta(hours=1))
    assert schema.dump({"at": stored.astimezone(paris)}) == {"at": "2026-03-02T08:00:00+07:00"}
    assert schema.dump({"at": dt.datetime(2026, 3, 2, 1, 0)}) == {"at": "2026-03-02T08:00:00+07:00"}  # naive = UTC
    assert schema.dump({"at": None}) == {"at": None}
    assert OFFICE_TZ.utcoffset(None) == dt.timedelta(hours=7)


def test_a_round_trip_keeps_the_instant():
    schema = Request(only=("at",))
    shown = schema.dump({"at": dt.datetime(2026, 12, 31, 20, 30, 15, 123456, tzinfo=UTC)})["at"]
    assert shown == "2027-01-01T03:30:15.123456+07:00"
    assert schema.load({"at": shown})["at"] == dt.datetime(2026, 12, 31, 20, 30, 15, 123456, tzinfo=UTC)


def test_another_zone_may_be_given_as_a_zone_or_a_function():
    stored = dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    assert LocalDateTime(tz=UTC).serialize("at", {"at": stored}) == "2026-03-02T01:00:00+00:00"
    plus_eight = dt.timezone(dt.timedelta(hours=8))
    assert LocalDateTime(tz=lambda: plus_eight).serialize("at", {"at": stored}) == "2026-03-02T09:00:00+08:00"
