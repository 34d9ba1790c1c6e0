"""The request and response shapes of the assets API (the one source of validation and docs)."""
from __future__ import annotations

from buildingblocks.fields import Day, Id, LocalDateTime, Money, text
from buildingblocks.pagination import PageArgs
from buildingblocks.vocabulary import TITLE_RANKS
from marshmallow import Schema, fields, validate

from ..domain import assets as asset_rules
from ..domain import procurement as procurement_rules
from ..domain.standards import SCOPES
from ..domain.stocktake import CONDITIONS
from .fields import Attributes, wear_rate

EVIDENCE = ("[A]", "[B]", "[C]", "[D]", "[—]")


def unit_field(**kwargs):
    return text(1, 40, **kwargs)


def note_field(**kwargs):
    return text(0, 2000, load_default=None, allow_none=True, **kwargs)


# -- catalogue ----------------------------------------------------------------------------------

class CategoryOut(Schema):
    code = fields.Str()
    name = fields.Str()
    useful_life_years = fields.Int()
    wear_rate_pct = fields.Float()
    is_vehicle = fields.Bool()
    legal_basis = fields.Str(allow_none=True)
    evidence = fields.Str(allow_none=True)
    verified = fields.Bool()


class CategoryList(Schema):
    items = fields.List(fields.Nested(CategoryOut))


class CategoryCreate(Schema):
    code = text(1, 40, required=True, validate_also=validate.Regexp(r"^[a-z][a-z0-9_]*$",
                                                               error="lower-case letters, digits and _"))
    name = text(1, 200, required=True)
    useful_life_years = fields.Int(strict=True, required=True, validate=validate.Range(min=1, max=100))
    wear_rate_pct = wear_rate(required=True)
    is_vehicle = fields.Bool(load_default=False)
    legal_basis = text(0, 2000, load_default=None, allow_none=True)
    evidence = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(EVIDENCE))
    verified = fields.Bool(load_default=False)


class CategoryPatch(Schema):
    name = text(1, 200)
    useful_life_years = fields.Int(strict=True, validate=validate.Range(min=1, max=100))
    wear_rate_pct = wear_rate()
    is_vehicle = fields.Bool()
    legal_basis = text(0, 2000, allow_none=True)
    evidence = fields.Str(allow_none=True, validate=validate.OneOf(EVIDENCE))
    verified = fields.Bool()


class CategoryQuery(Schema):
    is_vehicle = fields.Bool(load_default=None)


class StandardOut(Schema):
    id = fields.Int()
    category = fields.Str()
    scope = fields.Str()
    title_rank = fields.Str(allow_none=True)
    max_quantity = fields.Int(allow_none=True)
    max_unit_price_vnd = fields.Int(allow_none=True)
    legal_basis = fields.Str(allow_none=True)
    evidence = fields.Str(allow_none=True)
    verified = fields.Bool()


class StandardList(Schema):
    items = fields.List(fields.Nested(StandardOut))


class StandardCreate(Schema):
    category = text(1, 40, required=True)
    scope = fields.Str(required=True, validate=validate.OneOf(SCOPES))
    title_rank = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(TITLE_RANKS))
    max_quantity = fields.Int(strict=True, load_default=None, allow_none=True, validate=validate.Range(min=0, max=10_000))
    max_unit_price_vnd = Money(load_default=None, allow_none=True)
    legal_basis = text(0, 2000, load_default=None, allow_none=True)
    evidence = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(EVIDENCE))
    verified = fields.Bool(load_default=False)


class StandardPatch(Schema):
    max_quantity = fields.Int(strict=True, allow_none=True, validate=validate.Range(min=0, max=10_000))
    max_unit_price_vnd = Money(allow_none=True)
    legal_basis = text(0, 2000, allow_none=True)
    evidence = fields.Str(allow_none=True, validate=validate.OneOf(EVIDENCE))
    verified = fields.Bool()


class StandardQuery(Schema):
    category = text(1, 40)
    title_rank = fields.Str(validate=validate.OneOf(TITLE_RANKS))
    scope = fields.Str(validate=validate.OneOf(SCOPES))


# -- the register ---------------------------------------------------------------------------------

class ItemOut(Schema):
    id = fields.Int()
    tag = fields.Str()
    category = fields.Str()
    is_vehicle = fields.Bool()
    name = fields.Str()
    unit = fields.Str()
    holder_staff_id = fields.Int(allow_none=True)
    location = fields.Str(allow_none=True)
    acquired_on = fields.Date()
    original_cost_vnd = fields.Int()
    accumulated_wear_vnd = fields.Int()
    residual_vnd = fields.Int()
    status = fields.Str()
    attributes = fields.Dict()
    disposed_on = fields.Date(allow_none=True)
    source = fields.Str()
    created_at = LocalDateTime()
    updated_at = LocalDateTime()


def tag_field(**kwargs):
    return text(1, 60, validate_also=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
                                                error="letters, digits and . _ / - only"), **kwargs)


class ItemCreate(Schema):
    tag = tag_field(load_default=None, allow_none=True)
    category = text(1, 40, required=True)
    name = text(1, 200, required=True)
    unit = unit_field(required=True)
    holder_staff_id = Id(load_default=None, allow_none=True)
    location = text(0, 120, load_default=None, allow_none=True)
    acquired_on = Day(required=True)
    original_cost_vnd = Money(required=True)
    status = fields.Str(load_default=asset_rules.IN_USE, validate=validate.OneOf(asset_rules.MANUAL_STATUSES))
    attributes = Attributes(load_default=dict)
    note = note_field()


class ItemPatch(Schema):
    name = text(1, 200)
    holder_staff_id = Id(allow_none=True)
    location = text(0, 120, allow_none=True)
    status = fields.Str(validate=validate.OneOf(asset_rules.MANUAL_STATUSES))
    attributes = Attributes()
    reason = text(0, 2000, allow_none=True)


class ItemFilters(Schema):
    unit = unit_field()
    category = text(1, 40)
    status = fields.Str(validate=validate.OneOf(asset_rules.STATUSES))
    holder_staff_id = Id(strict=False)
    location = text(1, 120)
    acquired_from = Day()
    acquired_to = Day()
    is_vehicle = fields.Bool()
    q = text(1, 100, metadata={"description": "every word, regardless of case and diacritics, in the tag, "
                                              "name, category or a vehicle's plate"})


class ItemQuery(PageArgs, ItemFilters):
    pass


class ItemExportQuery(ItemFilters):
    as_of = Day()


class ItemTransfer(Schema):
    to_unit = unit_field(required=True)
    holder_staff_id = Id(load_default=None, allow_none=True)
    location = text(0, 120, allow_none=True)
    effective_on = Day(load_default=None, allow_none=True)
    reason = note_field()


class HistoryOut(Schema):
    id = fields.Int()
    asset_id = fields.Int()
    kind = fields.Str()
    effective_on = fields.Date()
    recorded_at = LocalDateTime()
    actor = fields.Str(allow_none=True)
    from_unit = fields.Str(allow_none=True)
    to_unit = fields.Str(allow_none=True)
    from_status = fields.Str(allow_none=True)
    to_status = fields.Str(allow_none=True)
    from_holder = fields.Int(allow_none=True)
    to_holder = fields.Int(allow_none=True)
    reason = fields.Str(allow_none=True)
    reference = fields.Str(allow_none=True)


class HistoryList(Schema):
    items = fields.List(fields.Nested(HistoryOut))


class AsOfQuery(Schema):
    as_of = Day(load_default=None)


class ResidualOut(Schema):
    asset_id = fields.Int()
    tag = fields.Str()
    as_of = fields.Date()
    unit = fields.Str()
    original_cost_vnd = fields.Int()
    accumulated_wear_vnd = fields.Int()
    residual_vnd = fields.Int()
    disposed = fields.Bool()
    last_worn_fiscal_year = fields.Int(allow_none=True)


# -- procurement ----------------------------------------------------------------------------------

class ProcurementLineCreate(Schema):
    category = text(1, 40, required=True)
    description = text(1, 200, required=True)
    quantity = fields.Int(strict=True, required=True, validate=validate.Range(min=1, max=1000))
    unit_price_vnd = Money(minimum=1, maximum=10**13, required=True)
    beneficiary_staff_id = Id(load_default=None, allow_none=True)


class ProcurementLineOut(Schema):
    id = fields.Int()
    position = fields.Int()
    category = fields.Str()
    description = fields.Str()
    quantity = fields.Int()
    unit_price_vnd = fields.Int()
    beneficiary_staff_id = fields.Int(allow_none=True)
    actual_unit_price_vnd = fields.Int(allow_none=True)


class ProcurementStepOut(Schema):
    status = fields.Str()
    at = LocalDateTime()
    actor = fields.Str(allow_none=True)
    note = fields.Str(allow_none=True)


class ReservationOut(Schema):
    status = fields.Str()
    reason = fields.Str(allow_none=True)
    available_vnd = fields.Int(allow_none=True)


class RegisteredAssetOut(Schema):
    id = fields.Int()
    tag = fields.Str()
    category = fields.Str()
    holder_staff_id = fields.Int(allow_none=True)


class ProcurementOut(Schema):
    id = fields.Int()
    unit = fields.Str()
    fiscal_year = fields.Int()
    status = fields.Str()
    note = fields.Str(allow_none=True)
    requested_by = fields.Str()
    requester_staff_id = fields.Int(allow_none=True)
    total_vnd = fields.Int()
    actual_total_vnd = fields.Int(allow_none=True)
    approval_level = fields.Str(metadata={"description": "who may approve: unit_head (up to the threshold) or leadership"})
    reservation = fields.Nested(ReservationOut)
    decided_by = fields.Str(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    decision_note = fields.Str(allow_none=True)
    received_on = fields.Date(allow_none=True)
    received_by = fields.Str(allow_none=True)
    lines = fields.List(fields.Nested(ProcurementLineOut))
    steps = fields.List(fields.Nested(ProcurementStepOut))
    assets = fields.List(fields.Nested(RegisteredAssetOut))
    created_at = LocalDateTime()
    updated_at = LocalDateTime()


FISCAL_YEAR = {"strict": True, "validate": validate.Range(min=2000, max=2100)}


class ProcurementCreate(Schema):
    unit = unit_field(load_default=None, allow_none=True)
    fiscal_year = fields.Int(load_default=None, allow_none=True, **FISCAL_YEAR)
    note = note_field()
    lines = fields.List(fields.Nested(ProcurementLineCreate), required=True, validate=validate.Length(min=1, max=50))


class ProcurementPatch(Schema):
    fiscal_year = fields.Int(**FISCAL_YEAR)
    note = text(0, 2000, allow_none=True)
    lines = fields.List(fields.Nested(ProcurementLineCreate), validate=validate.Length(min=1, max=50))


class StandardCheckedOut(Schema):
    scope = fields.Str(metadata={"description": "person (by the beneficiary's title rank) or unit (shared)"})
    title_rank = fields.Str(allow_none=True)
    max_quantity = fields.Int(allow_none=True)
    max_unit_price_vnd = fields.Int(allow_none=True)
    legal_basis = fields.Str(allow_none=True)


class ProcurementLineCheckOut(Schema):
    position = fields.Int()
    category = fields.Str()
    description = fields.Str(allow_none=True)
    quantity = fields.Int()
    unit_price_vnd = fields.Int()
    amount_vnd = fields.Int()
    beneficiary_staff_id = fields.Int(allow_none=True)
    title_rank = fields.Str(allow_none=True, metadata={"description": "the beneficiary's, as of now"})
    standard = fields.Nested(StandardCheckedOut, allow_none=True, metadata={
        "description": "the standard the line is held to; null: the category is not restricted, or none fits"})
    held = fields.Int(metadata={"description": "what the beneficiary (or the board, shared) holds of the category"})
    pending = fields.Int(metadata={"description": "on its way in the board's other requests"})
    asked = fields.Int(metadata={"description": "what this request asks for them in all (its lines together)"})
    within = fields.Bool()
    breaches = fields.List(fields.Dict(), metadata={
        "description": "each as in the 422 of submit: rule (quantity_above_standard, price_above_standard, "
                       "no_standard_for_title_rank, beneficiary_required), message and figures"})


class ProcurementCheckOut(Schema):
    procurement_id = fields.Int()
    unit = fields.Str()
    status = fields.Str()
    within = fields.Bool(metadata={"description": "every line within its standard"})
    lines = fields.List(fields.Nested(ProcurementLineCheckOut))


class ProcurementQuery(PageArgs):
    unit = unit_field()
    status = fields.Str(validate=validate.OneOf(procurement_rules.STATUSES))
    fiscal_year = fields.Int(validate=validate.Range(min=2000, max=2100))
    q = text(1, 100, metadata={"description": "every word, regardless of case and diacritics, in the board "
                                              "or a line's description"})


class DecisionNote(Schema):
    note = note_field()


class ReceiptItem(Schema):
    tag = tag_field(load_default=None, allow_none=True)
    location = text(0, 120, load_default=None, allow_none=True)
    attributes = Attributes(load_default=dict)


class ReceiptLine(Schema):
    line_id = fields.Int(strict=True, load_default=None, allow_none=True, validate=validate.Range(min=1, max=2**62))
    unit_price_vnd = Money(maximum=10**13, required=True)
    items = fields.List(fields.Nested(ReceiptItem), load_default=list, validate=validate.Length(max=1000))


class ReceiptCreate(Schema):
    received_on = Day(load_default=None, allow_none=True)
    note = note_field()
    lines = fields.List(fields.Nested(ReceiptLine), required=True, validate=validate.Length(min=1, max=50))


# -- repairs and disposals ----------------------------------------------------------------------

class RepairOut(Schema):
    id = fields.Int()
    asset_id = fields.Int()
    tag = fields.Str()
    unit = fields.Str()
    description = fields.Str()
    vendor = fields.Str(allow_none=True)
    status = fields.Str()
    estimated_cost_vnd = fields.Int()
    actual_cost_vnd = fields.Int(allow_none=True)
    replacement_advised = fields.Bool(metadata={
        "description": "a vehicle whose estimate is above the configured share of its cost (NĐ 72/2023 Art 3.4c)"})
    requested_by = fields.Str()
    opened_at = LocalDateTime()
    completed_on = fields.Date(allow_none=True)
    closed_by = fields.Str(allow_none=True)
    closed_at = LocalDateTime(allow_none=True)
    note = fields.Str(allow_none=True)


class RepairCreate(Schema):
    description = text(1, 2000, required=True)
    vendor = text(0, 200, load_default=None, allow_none=True)
    estimated_cost_vnd = Money(required=True)


class RepairComplete(Schema):
    actual_cost_vnd = Money(required=True)
    completed_on = Day(load_default=None, allow_none=True)
    note = note_field()


class RepairQuery(PageArgs):
    unit = unit_field()
    status = fields.Str(validate=validate.OneOf(("open", "completed", "cancelled")))


DISPOSAL_METHODS = ("sale", "demolition", "destruction", "transfer", "other")


class DisposalOut(Schema):
    id = fields.Int()
    asset_id = fields.Int()
    tag = fields.Str()
    unit = fields.Str()
    reason = fields.Str()
    method = fields.Str(allow_none=True)
    status = fields.Str()
    requested_by = fields.Str()
    requested_at = LocalDateTime()
    decided_by = fields.Str(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    decision_note = fields.Str(allow_none=True)
    disposed_on = fields.Date(allow_none=True)


class DisposalCreate(Schema):
    reason = text(1, 2000, required=True)
    method = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(DISPOSAL_METHODS))


class DisposalDecision(Schema):
    note = note_field()
    disposed_on = Day(load_default=None, allow_none=True)


class DisposalQuery(PageArgs):
    unit = unit_field()
    status = fields.Str(validate=validate.OneOf(("requested", "approved", "rejected")))


# -- wear ----------------------------------------------------------------------------------------

class WearRunCreate(Schema):
    fiscal_year = fields.Int(required=True, **FISCAL_YEAR)


class UnitWearOut(Schema):
    unit = fields.Str()
    asset_count = fields.Int()
    wear_vnd = fields.Int()


class WearRunOut(Schema):
    fiscal_year = fields.Int()
    first_run_at = LocalDateTime()
    first_run_by = fields.Str(allow_none=True)
    last_run_at = LocalDateTime()
    last_run_by = fields.Str(allow_none=True)
    executions = fields.Int()
    asset_count = fields.Int(metadata={"description": "assets with wear recorded for the year"})
    total_wear_vnd = fields.Int()
    recorded_now = fields.Int(metadata={"description": "entries this call added (0 when run again)"})
    recorded_now_vnd = fields.Int()
    by_unit = fields.List(fields.Nested(UnitWearOut))


class WearPreviewQuery(PageArgs):
    fiscal_year = fields.Int(required=True, validate=validate.Range(min=2000, max=2100))
    unit = unit_field()


class WearPreviewItemOut(Schema):
    asset_id = fields.Int()
    tag = fields.Str()
    name = fields.Str()
    unit = fields.Str()
    category = fields.Str()
    original_cost_vnd = fields.Int()
    wear_rate_pct = fields.Float()
    accumulated_wear_vnd = fields.Int(metadata={"description": "wear recorded before this year's"})
    wear_vnd = fields.Int(metadata={"description": "what the run would record for the year"})
    residual_after_vnd = fields.Int()


class WearPreviewOut(Schema):
    fiscal_year = fields.Int()
    unit = fields.Str(allow_none=True)
    already_run = fields.Bool(metadata={"description": "the year was run: only what a run again would add"})
    asset_count = fields.Int()
    total_wear_vnd = fields.Int()
    by_unit = fields.List(fields.Nested(UnitWearOut))
    items = fields.List(fields.Nested(WearPreviewItemOut), metadata={"description": "a page of the assets, in id order"})
    next_cursor = fields.Str(allow_none=True)


class WearRunList(Schema):
    items = fields.List(fields.Nested(WearRunOut))


# -- stock-takes ---------------------------------------------------------------------------------

class StocktakeCreate(Schema):
    title = text(0, 200, load_default=None, allow_none=True)
    units = fields.List(unit_field(), required=True, validate=validate.Length(min=1, max=50))
    as_of = Day(required=True)


class CountEntry(Schema):
    tag = text(1, 60, required=True)
    condition = fields.Str(load_default="good", validate=validate.OneOf(CONDITIONS))
    note = text(0, 500, load_default=None, allow_none=True)


class CountsCreate(Schema):
    unit = unit_field(required=True)
    location = text(0, 120, load_default=None, allow_none=True)
    tags = fields.List(text(1, 60), load_default=list, validate=validate.Length(max=5000))
    entries = fields.List(fields.Nested(CountEntry), load_default=list, validate=validate.Length(max=5000))


class CountLineOut(Schema):
    tag = fields.Str()
    condition = fields.Str()
    note = fields.Str(allow_none=True)
    counted_by = fields.Str()
    counted_at = LocalDateTime()


class SheetOut(Schema):
    id = fields.Int()
    stocktake_id = fields.Int()
    unit = fields.Str()
    location = fields.Str(allow_none=True)
    created_by = fields.Str()
    created_at = LocalDateTime()
    count = fields.Int()
    lines = fields.List(fields.Nested(CountLineOut))
    recorded = fields.Int()
    unknown_tags = fields.List(fields.Str(), metadata={"description": "tags the register does not know (kept)"})


class SheetList(Schema):
    items = fields.List(fields.Nested(SheetOut))


class ResultOut(Schema):
    id = fields.Int()
    kind = fields.Str()
    tag = fields.Str()
    asset_id = fields.Int(allow_none=True)
    register_unit = fields.Str(allow_none=True)
    register_location = fields.Str(allow_none=True)
    counted_unit = fields.Str(allow_none=True)
    counted_location = fields.Str(allow_none=True)
    condition = fields.Str(allow_none=True)
    note = fields.Str(allow_none=True)
    resolution = fields.Str(allow_none=True)
    resolved_asset_id = fields.Int(allow_none=True)


class ResultsOut(Schema):
    missing = fields.List(fields.Nested(ResultOut))
    surplus = fields.List(fields.Nested(ResultOut))
    misplaced = fields.List(fields.Nested(ResultOut))


class UnitProgressOut(Schema):
    unit = fields.Str()
    expected = fields.Int()
    counted = fields.Int()
    percent = fields.Float()


class SheetSummaryOut(Schema):
    unit = fields.Str()
    location = fields.Str(allow_none=True)
    count = fields.Int()


class ProgressOut(Schema):
    expected = fields.Int()
    counted = fields.Int()
    percent = fields.Float()
    by_unit = fields.List(fields.Nested(UnitProgressOut))
    sheets = fields.List(fields.Nested(SheetSummaryOut))
    lines_recorded = fields.Int()


class StocktakeOut(Schema):
    id = fields.Int()
    title = fields.Str()
    as_of = fields.Date()
    status = fields.Str()
    units = fields.List(fields.Str())
    opened_by = fields.Str()
    opened_at = LocalDateTime()
    closed_by = fields.Str(allow_none=True)
    closed_at = LocalDateTime(allow_none=True)
    proposed_by = fields.Str(allow_none=True)
    proposed_at = LocalDateTime(allow_none=True)
    decided_by = fields.Str(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    decision_note = fields.Str(allow_none=True)
    progress = fields.Nested(ProgressOut)
    results = fields.Nested(ResultsOut, allow_none=True, metadata={"description": "once closed: what was kept"})
    results_so_far = fields.Nested(ResultsOut, allow_none=True, metadata={
        "description": "while open: what closing now would find (missing = expected and not counted yet); "
                       "the results have no id yet"})
    proposal = fields.Dict(allow_none=True)


class StocktakeQuery(PageArgs):
    unit = unit_field()
    status = fields.Str(validate=validate.OneOf(("open", "closed", "reconciliation_proposed", "reconciled")))


class SurplusItem(Schema):
    tag = text(1, 60, required=True)
    category = text(1, 40, required=True)
    name = text(1, 200, required=True)
    original_cost_vnd = Money(required=True)
    acquired_on = Day(load_default=None, allow_none=True)
    unit = unit_field(load_default=None, allow_none=True)
    holder_staff_id = Id(load_default=None, allow_none=True)
    location = text(0, 120, allow_none=True)
    attributes = Attributes(load_default=dict)


class ReconcileCreate(Schema):
    mark_missing = fields.Bool(load_default=True)
    transfer_misplaced = fields.Bool(load_default=False)
    register_surplus = fields.List(fields.Nested(SurplusItem), load_default=list,
                                   validate=validate.Length(max=1000))
    note = note_field()


# -- reports -------------------------------------------------------------------------------------

class ReportQuery(Schema):
    as_of = Day(load_default=None)
    unit = unit_field()
    category = text(1, 40)


class ReportRowOut(Schema):
    unit = fields.Str()
    category = fields.Str()
    category_name = fields.Str()
    asset_count = fields.Int()
    original_cost_vnd = fields.Int()
    accumulated_wear_vnd = fields.Int()
    residual_vnd = fields.Int()
    by_status = fields.Dict(keys=fields.Str(), values=fields.Int())


class ReportUnitOut(Schema):
    unit = fields.Str()
    asset_count = fields.Int()
    original_cost_vnd = fields.Int()
    accumulated_wear_vnd = fields.Int()
    residual_vnd = fields.Int()


class ReportTotalsOut(Schema):
    asset_count = fields.Int()
    original_cost_vnd = fields.Int()
    accumulated_wear_vnd = fields.Int()
    residual_vnd = fields.Int()


class RegisterReportOut(Schema):
    as_of = fields.Date()
    unit = fields.Str(allow_none=True)
    rows = fields.List(fields.Nested(ReportRowOut))
    units = fields.List(fields.Nested(ReportUnitOut))
    totals = fields.Nested(ReportTotalsOut)
