"""The shapes of finance's HTTP requests and answers (the one source of validation and of the OpenAPI)."""

from __future__ import annotations

from buildingblocks.fields import Count, Day, Id, Money, Text
from buildingblocks.pagination import PageArgs
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..domain.budget import LEDGER_KINDS
from ..domain.expense import STATUSES
from ..domain.regulation import PERIODS, TITLE_RANKS

CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", error="not a unit code")
CATEGORY = validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$", error="lower-case letters, digits and _ (2-40)")
TIER = validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$", error="lower-case letters, digits and _ (1-40)")
YEARS = (2000, 2100)  # the fiscal years a budget may be for
ROW_ID = validate.Range(min=1, max=2**63 - 1)


# -- regulation ---------------------------------------------------------------------------


class NormCreate(Schema):
    category = Text(required=True, validate=CATEGORY)
    title_rank = Text(load_default=None, allow_none=True, validate=validate.OneOf(TITLE_RANKS))
    locality_tier = Text(load_default=None, allow_none=True, validate=TIER)
    limit_vnd = Money(required=True)
    per = Text(required=True, validate=validate.OneOf(PERIODS))
    source = Text(load_default="", validate=validate.Length(max=2000))


class NormOut(Schema):
    id = fields.Int()
    category = fields.Str()
    title_rank = fields.Str(allow_none=True)
    locality_tier = fields.Str(allow_none=True)
    limit_vnd = fields.Int()
    per = fields.Str()
    source = fields.Str()


class RegulationCreate(Schema):
    effective_from = Day(required=True)
    title = Text(validate=validate.Length(min=1, max=300))
    source = Text(load_default="", validate=validate.Length(max=2000))
    norms = fields.List(fields.Nested(NormCreate), required=True, validate=validate.Length(min=1, max=500))


class RegulationOut(Schema):
    id = fields.Int()
    effective_from = fields.Date()
    title = fields.Str()
    source = fields.Str()
    created_by = fields.Str()
    created_at = fields.AwareDateTime()
    norms = fields.List(fields.Nested(NormOut))


class RegulationQuery(PageArgs):
    in_force_on = Day(metadata={"description": "only the version in force on this date"})


# -- budgets ------------------------------------------------------------------------------


class Figures(Schema):
    allocated_vnd = fields.Int()
    reserved_vnd = fields.Int()
    spent_vnd = fields.Int()
    available_vnd = fields.Int()


class BudgetCreate(Schema):
    fiscal_year = Count(*YEARS, required=True)
    unit = Text(required=True, validate=CODE)
    category = Text(required=True, validate=CATEGORY)
    allocated_vnd = Money(minimum=1, required=True)
    reason = Text(load_default="", validate=validate.Length(max=2000))


class BudgetOut(Figures):
    id = fields.Int()
    fiscal_year = fields.Int()
    unit = fields.Str()
    category = fields.Str()
    used_pct = fields.Float(allow_none=True, metadata={"description": "(reserved + spent) / allocated, in %"})
    overrun_vnd = fields.Int()
    overrun_count = fields.Int(metadata={"description": "bookings flagged as overruns"})


class BudgetQuery(PageArgs):
    fiscal_year = Count(*YEARS, strict=False)
    unit = Text(validate=CODE)
    category = Text(validate=CATEGORY)


class SummaryQuery(Schema):
    fiscal_year = Count(*YEARS, strict=False)
    unit = Text(validate=CODE)
    category = Text(validate=CATEGORY)


class SummaryOut(Schema):
    items = fields.List(fields.Nested(BudgetOut))
    next_cursor = fields.Str(allow_none=True)
    totals = fields.Nested(Figures)


class SupplementCreate(Schema):
    fiscal_year = Count(*YEARS, required=True)
    unit = Text(required=True, validate=CODE)
    category = Text(required=True, validate=CATEGORY)
    amount_vnd = Money(minimum=1, required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))


class TransferCreate(Schema):
    fiscal_year = Count(*YEARS, required=True)
    category = Text(required=True, validate=CATEGORY)
    from_unit = Text(required=True, validate=CODE)
    to_unit = Text(required=True, validate=CODE)
    amount_vnd = Money(minimum=1, required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))


class ChangeOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    fiscal_year = fields.Int()
    category = fields.Str()
    unit = fields.Function(lambda change: change.to_unit, metadata={"description": "the board receiving the money"})
    from_unit = fields.Str(allow_none=True)
    to_unit = fields.Str()
    amount_vnd = fields.Int()
    reason = fields.Str()
    status = fields.Str()
    requested_by = fields.Str()
    requested_at = fields.AwareDateTime()
    decided_by = fields.Str(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    decision_reason = fields.Str(allow_none=True)


class ChangeQuery(PageArgs):
    unit = Text(validate=CODE)
    fiscal_year = Count(*YEARS, strict=False)
    category = Text(validate=CATEGORY)
    status = Text(validate=validate.OneOf(("pending", "approved", "rejected")))


class DecisionCreate(Schema):
    reason = Text(load_default="", validate=validate.Length(max=2000))


class ReasonedDecisionCreate(Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))


# -- expenses -----------------------------------------------------------------------------


class ExpenseCreate(Schema):
    unit = Text(validate=CODE, metadata={"description": "the requesting board; default: the caller's"})
    category = Text(required=True, validate=CATEGORY)
    # an optional amount may be sent as null: not given
    amount_vnd = Money(minimum=1, allow_none=True,
                       metadata={"description": "the total; or give quantity and rate_vnd"})
    quantity = Count(1, 100_000, load_default=1, metadata={"description": "days, nights, items or events"})
    rate_vnd = Money(minimum=1, allow_none=True, metadata={"description": "the price of one unit"})
    beneficiary_staff_id = Id(required=True)
    date = Day(required=True, metadata={"description": "when the spending happens; picks the regulation version"})
    description = Text(required=True, validate=validate.Length(min=1, max=2000))
    locality_tier = Text(load_default=None, allow_none=True, validate=TIER)


class DecisionOut(Schema):
    action = fields.Str()
    status = fields.Str()
    by_username = fields.Str()
    by_staff_id = fields.Int(allow_none=True)
    at = fields.AwareDateTime()
    reason = fields.Str()


class ExpenseOut(Schema):
    id = fields.Int()
    unit = fields.Str()
    fiscal_year = fields.Int()
    category = fields.Str()
    amount_vnd = fields.Int()
    quantity = fields.Int()
    rate_vnd = fields.Int(allow_none=True)
    beneficiary_staff_id = fields.Int()
    beneficiary_title_rank = fields.Str(allow_none=True)
    date = fields.Date()
    description = fields.Str()
    locality_tier = fields.Str(allow_none=True)
    status = fields.Str()
    budget_id = fields.Int()
    regulation_id = fields.Int(allow_none=True)
    norm_id = fields.Int(allow_none=True)
    norm_limit_vnd = fields.Int(allow_none=True)
    norm_per = fields.Str(allow_none=True)
    paid_amount_vnd = fields.Int(allow_none=True)
    requested_by = fields.Str()
    requested_by_staff_id = fields.Int(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    decisions = fields.List(fields.Nested(DecisionOut))


class PeriodFilter(Schema):
    """`date_from` and `date_to`, both days included (office time); either may be left open."""

    date_from = Day(metadata={"description": "first day included (dd inclusive)"})
    date_to = Day(metadata={"description": "last day included (dd inclusive)"})

    @validates_schema
    def _in_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("must not be before date_from", "date_to")


class ExpenseFilter(PeriodFilter):
    """The expense list's filters, also those of its CSV and workbook (the period is the expense's date)."""

    unit = Text(validate=CODE)
    status = Text(validate=validate.OneOf(STATUSES))
    category = Text(validate=CATEGORY)
    fiscal_year = Count(*YEARS, strict=False)
    beneficiary_staff_id = Id(strict=False)
    q = Text(validate=validate.Length(max=200), metadata={
        "description": "words to find in the description, category or beneficiary's name, "
                       "regardless of case and diacritics"})


class ExpenseQuery(PageArgs, ExpenseFilter):
    pass


class PaymentCreate(Schema):
    paid_amount_vnd = Money(minimum=1, allow_none=True,
                            metadata={"description": "the actual amount; default: the amount reserved"})
    reason = Text(load_default="", validate=validate.Length(max=2000))


# -- ledger -------------------------------------------------------------------------------


class LedgerOut(Schema):
    id = fields.Int()
    budget_id = fields.Int()
    fiscal_year = fields.Int()
    unit = fields.Str()
    category = fields.Str()
    kind = fields.Str()
    amount_vnd = fields.Int()
    source = fields.Str()
    source_id = fields.Str()
    event_id = fields.Str(allow_none=True)
    overrun = fields.Bool()
    reverses_entry_id = fields.Int(allow_none=True)
    note = fields.Str()
    recorded_by = fields.Str()
    recorded_at = fields.AwareDateTime()


class LedgerFilter(PeriodFilter):
    """The ledger's filters, also those of its CSV and workbook (the period is when an entry was recorded)."""

    unit = Text(validate=CODE)
    fiscal_year = Count(*YEARS, strict=False)
    category = Text(validate=CATEGORY)
    kind = Text(validate=validate.OneOf(LEDGER_KINDS))
    source = Text(validate=validate.Length(min=1, max=60))
    source_id = Text(validate=validate.Length(min=1, max=60))
    budget_id = fields.Int(validate=ROW_ID)
    event_id = Text(validate=validate.Length(min=1, max=36))


class LedgerQuery(PageArgs, LedgerFilter):
    pass


# -- reports ------------------------------------------------------------------------------


class ReportQuery(Schema):
    fiscal_year = Count(*YEARS, strict=False, metadata={"description": "default: the current year"})
    quarter = Count(1, 4, strict=False, metadata={
        "description": "only what was booked in that quarter (the 1st also takes what came before the year, "
                       "the 4th what came after it: the four add up to the year)"})
    unit = Text(validate=CODE)


class ReportRow(BudgetOut):
    unit_name = fields.Str()


class ReportUnit(Figures):
    unit = fields.Str()
    unit_name = fields.Str()
    used_pct = fields.Float(allow_none=True)
    overrun_vnd = fields.Int()
    overrun_count = fields.Int()


class ReportOut(Schema):
    fiscal_year = fields.Int()
    quarter = fields.Int(allow_none=True)
    rows = fields.List(fields.Nested(ReportRow))
    units = fields.List(fields.Nested(ReportUnit))
    totals = fields.Nested(ReportUnit)


# -- year-end closing ---------------------------------------------------------------------


class CarryOverCreate(Schema):
    source = Text(required=True, validate=validate.Length(min=1, max=60),
                  metadata={"description": "finance.expense, or the other service's source (assets.procurement)"})
    source_id = Text(required=True, validate=validate.Length(min=1, max=60))


class CloseCreate(Schema):
    carry_over = fields.List(fields.Nested(CarryOverCreate), load_default=list, validate=validate.Length(max=10_000),
                             metadata={"description": "the holdings carried over; every other holding is released"})
    reason = Text(load_default="", validate=validate.Length(max=2000))


class CloseItemOut(Schema):
    id = fields.Int()
    source = fields.Str()
    source_id = fields.Str()
    unit = fields.Str()
    category = fields.Str()
    amount_vnd = fields.Int()
    action = fields.Str(metadata={"description": "carry_over | release"})
    to_budget_id = fields.Int(allow_none=True)
    done = fields.Bool()


class CloseOut(Schema):
    id = fields.Int()
    fiscal_year = fields.Int()
    status = fields.Str(metadata={"description": "pending | confirmed | rejected"})
    reason = fields.Str()
    requested_by = fields.Str()
    requested_at = fields.AwareDateTime()
    decided_by = fields.Str(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    decision_reason = fields.Str(allow_none=True)
    items = fields.List(fields.Nested(CloseItemOut))


# -- bookings other services caused ---------------------------------------------------------


class ReservationOut(Schema):
    id = fields.Int()
    source = fields.Str()
    source_id = fields.Str()
    unit = fields.Str()
    fiscal_year = fields.Int()
    category = fields.Str()
    budget_id = fields.Int(allow_none=True)
    amount_vnd = fields.Int()
    actual_vnd = fields.Int(allow_none=True)
    status = fields.Str(metadata={"description": "reserved | rejected | spent | released | lapsed"})
    reason = fields.Str()
    moved_from_year = fields.Int(allow_none=True, metadata={
        "description": "the closed fiscal year the event was about, when it was booked in the next open year"})
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class ChargebackOut(Schema):
    id = fields.Int()
    source = fields.Str()
    source_id = fields.Str()
    unit = fields.Str()
    fiscal_year = fields.Int()
    category = fields.Str()
    amount_vnd = fields.Int()
    occurred_on = fields.Date()
    overrun = fields.Bool()
    moved_from_year = fields.Int(allow_none=True, metadata={
        "description": "the closed fiscal year the event was about, when it was booked in the next open year"})
    event_id = fields.Str()
    booked_at = fields.AwareDateTime()


class BookingQuery(PageArgs):
    unit = Text(validate=CODE)
    fiscal_year = Count(*YEARS, strict=False)
    category = Text(validate=CATEGORY)
    source = Text(validate=validate.Length(min=1, max=60))
    source_id = Text(validate=validate.Length(min=1, max=60))
