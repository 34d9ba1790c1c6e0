"""The shapes of finance's HTTP requests and answers (the one source of validation and of the OpenAPI)."""

from __future__ import annotations

from buildingblocks.pagination import PageArgs
from marshmallow import Schema, ValidationError, fields, pre_load, validate

from ..domain.budget import LEDGER_KINDS
from ..domain.expense import STATUSES
from ..domain.regulation import PERIODS, TITLE_RANKS

# Bounds that keep sums of many entries far inside a 64-bit integer (9.2e18): a single amount
# above a million billion VND is a typing error, not a budget.
MAX_VND = 10**15
CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", error="not a unit code")
CATEGORY = validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$", error="lower-case letters, digits and _ (2-40)")
TIER = validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$", error="lower-case letters, digits and _ (1-40)")
YEAR = validate.Range(min=2000, max=2100)
ID = validate.Range(min=1, max=2**31 - 1)  # HR staff ids are 32-bit integers
ROW_ID = validate.Range(min=1, max=2**63 - 1)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


class InputSchema(Schema):
    """Every request schema: refuses NUL characters, which PostgreSQL text cannot hold."""

    @pre_load
    def refuse_nul(self, data, **kwargs):
        values = data.to_dict(flat=False) if hasattr(data, "to_dict") else data
        if _has_nul(values):
            raise ValidationError("text may not contain NUL characters", field_name="_schema")
        return data


def money(required: bool = True, minimum: int = 1, **kwargs):
    """An integer VND amount field (strict: no strings, no fractions)."""
    if not required:
        kwargs.setdefault("allow_none", True)  # an optional amount may be sent as null: not given
    return fields.Int(required=required, strict=True, validate=validate.Range(min=minimum, max=MAX_VND), **kwargs)


# -- regulation ---------------------------------------------------------------------------


class NormIn(InputSchema):
    category = fields.Str(required=True, validate=CATEGORY)
    title_rank = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(TITLE_RANKS))
    locality_tier = fields.Str(load_default=None, allow_none=True, validate=TIER)
    limit_vnd = money(minimum=0)
    per = fields.Str(required=True, validate=validate.OneOf(PERIODS))
    source = fields.Str(load_default="", validate=validate.Length(max=2000))


class NormOut(Schema):
    id = fields.Int()
    category = fields.Str()
    title_rank = fields.Str(allow_none=True)
    locality_tier = fields.Str(allow_none=True)
    limit_vnd = fields.Int()
    per = fields.Str()
    source = fields.Str()


class RegulationIn(InputSchema):
    effective_from = fields.Date(required=True)
    title = fields.Str(validate=validate.Length(min=1, max=300))
    source = fields.Str(load_default="", validate=validate.Length(max=2000))
    norms = fields.List(fields.Nested(NormIn), required=True, validate=validate.Length(min=1, max=500))


class RegulationOut(Schema):
    id = fields.Int()
    effective_from = fields.Date()
    title = fields.Str()
    source = fields.Str()
    created_by = fields.Str()
    created_at = fields.AwareDateTime()
    norms = fields.List(fields.Nested(NormOut))


class RegulationQuery(InputSchema, PageArgs):
    in_force_on = fields.Date(metadata={"description": "only the version in force on this date"})


# -- budgets ------------------------------------------------------------------------------


class Figures(Schema):
    allocated_vnd = fields.Int()
    reserved_vnd = fields.Int()
    spent_vnd = fields.Int()
    available_vnd = fields.Int()


class BudgetIn(InputSchema):
    fiscal_year = fields.Int(required=True, strict=True, validate=YEAR)
    unit = fields.Str(required=True, validate=CODE)
    category = fields.Str(required=True, validate=CATEGORY)
    allocated_vnd = money()
    reason = fields.Str(load_default="", validate=validate.Length(max=2000))


class BudgetOut(Figures):
    id = fields.Int()
    fiscal_year = fields.Int()
    unit = fields.Str()
    category = fields.Str()
    used_pct = fields.Float(allow_none=True, metadata={"description": "(reserved + spent) / allocated, in %"})
    overrun_vnd = fields.Int()
    overrun_count = fields.Int(metadata={"description": "bookings flagged as overruns"})


class BudgetQuery(InputSchema, PageArgs):
    fiscal_year = fields.Int(validate=YEAR)
    unit = fields.Str(validate=CODE)
    category = fields.Str(validate=CATEGORY)


class SummaryQuery(InputSchema):
    fiscal_year = fields.Int(validate=YEAR)
    unit = fields.Str(validate=CODE)
    category = fields.Str(validate=CATEGORY)


class SummaryOut(Schema):
    items = fields.List(fields.Nested(BudgetOut))
    next_cursor = fields.Str(allow_none=True)
    totals = fields.Nested(Figures)


class SupplementIn(InputSchema):
    fiscal_year = fields.Int(required=True, strict=True, validate=YEAR)
    unit = fields.Str(required=True, validate=CODE)
    category = fields.Str(required=True, validate=CATEGORY)
    amount_vnd = money()
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


class TransferIn(InputSchema):
    fiscal_year = fields.Int(required=True, strict=True, validate=YEAR)
    category = fields.Str(required=True, validate=CATEGORY)
    from_unit = fields.Str(required=True, validate=CODE)
    to_unit = fields.Str(required=True, validate=CODE)
    amount_vnd = money()
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


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


class ChangeQuery(InputSchema, PageArgs):
    unit = fields.Str(validate=CODE)
    fiscal_year = fields.Int(validate=YEAR)
    category = fields.Str(validate=CATEGORY)
    status = fields.Str(validate=validate.OneOf(("pending", "approved", "rejected")))


class DecisionIn(InputSchema):
    reason = fields.Str(load_default="", validate=validate.Length(max=2000))


class ReasonRequiredIn(InputSchema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


# -- expenses -----------------------------------------------------------------------------


class ExpenseIn(InputSchema):
    unit = fields.Str(validate=CODE, metadata={"description": "the requesting board; default: the caller's"})
    category = fields.Str(required=True, validate=CATEGORY)
    amount_vnd = money(required=False, metadata={"description": "the total; or give quantity and rate_vnd"})
    quantity = fields.Int(load_default=1, strict=True, validate=validate.Range(min=1, max=100_000),
                          metadata={"description": "days, nights, items or events"})
    rate_vnd = money(required=False, metadata={"description": "the price of one unit"})
    beneficiary_staff_id = fields.Int(required=True, strict=True, validate=ID)
    date = fields.Date(required=True, metadata={"description": "when the spending happens; picks the regulation version"})
    description = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    locality_tier = fields.Str(load_default=None, allow_none=True, validate=TIER)


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


class ExpenseQuery(InputSchema, PageArgs):
    unit = fields.Str(validate=CODE)
    status = fields.Str(validate=validate.OneOf(STATUSES))
    category = fields.Str(validate=CATEGORY)
    fiscal_year = fields.Int(validate=YEAR)
    beneficiary_staff_id = fields.Int(validate=ID)


class PayIn(InputSchema):
    paid_amount_vnd = money(required=False, metadata={"description": "the actual amount; default: the amount reserved"})
    reason = fields.Str(load_default="", validate=validate.Length(max=2000))


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


class LedgerQuery(InputSchema, PageArgs):
    unit = fields.Str(validate=CODE)
    fiscal_year = fields.Int(validate=YEAR)
    category = fields.Str(validate=CATEGORY)
    kind = fields.Str(validate=validate.OneOf(LEDGER_KINDS))
    source = fields.Str(validate=validate.Length(min=1, max=60))
    source_id = fields.Str(validate=validate.Length(min=1, max=60))
    budget_id = fields.Int(validate=ROW_ID)
    event_id = fields.Str(validate=validate.Length(min=1, max=36))


# -- reports ------------------------------------------------------------------------------


class ReportQuery(InputSchema):
    fiscal_year = fields.Int(validate=YEAR, metadata={"description": "default: the current year"})
    unit = fields.Str(validate=CODE)


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
    rows = fields.List(fields.Nested(ReportRow))
    units = fields.List(fields.Nested(ReportUnit))
    totals = fields.Nested(ReportUnit)


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
    status = fields.Str(metadata={"description": "reserved | rejected | spent | released"})
    reason = fields.Str()
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
    event_id = fields.Str()
    booked_at = fields.AwareDateTime()


class BookingQuery(InputSchema, PageArgs):
    unit = fields.Str(validate=CODE)
    fiscal_year = fields.Int(validate=YEAR)
    category = fields.Str(validate=CATEGORY)
    source = fields.Str(validate=validate.Length(min=1, max=60))
    source_id = fields.Str(validate=validate.Length(min=1, max=60))
