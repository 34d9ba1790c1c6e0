"""The assets service's numbers, each with its source (see ../shared/design/regulations.md).

Evidence marks as in regulations.md: [A] the legal text, [B] two or more secondary sources,
[C] one secondary source, [D] someone else's code or seed data, [—] not found (a placeholder).
Nothing here was checked against the official gazette: every seeded category and standard
carries its legal basis and `verified=False` until someone checks it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from buildingblocks.cars import CarLimitRules
from buildingblocks.config import ServiceConfig, Settings

SERVICE = "assets"

# Same default as finance's approval threshold, so that a board's head decides the same amounts
# in both services. Source: the platform's internal spending rules (a local decision, not a law).
DEFAULT_APPROVAL_THRESHOLD_VND = 20_000_000
# The budget category finance reserves procurement against (contract: budget categories).
PROCUREMENT_BUDGET_CATEGORY = "procurement"
# NĐ 72/2023/NĐ-CP Art 3.4(c) [A]: a car whose repair estimate is above 30 % of its original cost
# may be liquidated and replaced.
DEFAULT_VEHICLE_REPLACEMENT_REPAIR_RATIO = 0.30
# Prefix of the tags the register gives new assets ("tài sản").
DEFAULT_TAG_PREFIX = "TS"


@dataclass(frozen=True)
class Config(ServiceConfig):
    """The assets service's settings and business numbers, read once from the environment."""

    SERVICE: ClassVar[str] = SERVICE
    approval_threshold_vnd: int = DEFAULT_APPROVAL_THRESHOLD_VND
    procurement_budget_category: str = PROCUREMENT_BUDGET_CATEGORY
    vehicle_replacement_repair_ratio: float = DEFAULT_VEHICLE_REPLACEMENT_REPAIR_RATIO
    tag_prefix: str = DEFAULT_TAG_PREFIX
    # the Office's car entitlement (NĐ 72/2023 Art 11 as amended by 153/2025): the CAR_LIMIT_*
    # settings of buildingblocks.cars, the same as fleet's
    car_limit: CarLimitRules = CarLimitRules()

    @classmethod
    def from_settings(cls, settings: Settings) -> "Config":
        return cls(
            settings=settings,
            approval_threshold_vnd=settings.get("ASSETS_APPROVAL_THRESHOLD_VND", DEFAULT_APPROVAL_THRESHOLD_VND, int),
            procurement_budget_category=settings.get("ASSETS_PROCUREMENT_CATEGORY", PROCUREMENT_BUDGET_CATEGORY, str),
            vehicle_replacement_repair_ratio=settings.get(
                "ASSETS_VEHICLE_REPLACEMENT_REPAIR_RATIO", DEFAULT_VEHICLE_REPLACEMENT_REPAIR_RATIO, float),
            tag_prefix=settings.get("ASSETS_TAG_PREFIX", DEFAULT_TAG_PREFIX, str),
            car_limit=CarLimitRules.from_settings(settings),
        )


# --- The catalogue seeded on a fresh register -------------------------------------------------

_TT23 = "TT 23/2023/TT-BTC Appendix 01 (table not found; value from ththuan/quanlytaisan)"
_RATES_MARK = "[D]"

# code, name, useful_life_years, wear_rate_pct, is_vehicle, legal_basis, evidence
# The regulations note gives two conflicting open-source tables and suggests the ththuan values
# as placeholders (internally consistent; building lives match TT 45/2018 as commonly cited).
CATEGORIES = [
    ("building_grade_1", "Nhà cấp I, cấp đặc biệt, biệt thự", 80, "1.25", False, _TT23, _RATES_MARK),
    ("building_grade_2", "Nhà cấp II", 50, "2.00", False, _TT23, _RATES_MARK),
    ("building_grade_3", "Nhà cấp III", 25, "4.00", False, _TT23, _RATES_MARK),
    ("building_grade_4", "Nhà cấp IV", 15, "6.67", False, _TT23, _RATES_MARK),
    ("structure", "Vật kiến trúc: kho, bể, sân, sân thể thao", 20, "5.00", False, _TT23, _RATES_MARK),
    ("well_fence", "Giếng, hàng rào", 10, "10.00", False, _TT23, _RATES_MARK),
    ("car", "Xe ô tô (4-16 chỗ, bán tải, tải)", 15, "6.67", True, _TT23, _RATES_MARK),
    ("other_transport", "Phương tiện vận tải khác (xe máy...)", 10, "10.00", False, _TT23, _RATES_MARK),
    ("desk_set", "Bộ bàn ghế làm việc", 10, "10.00", False, _TT23, _RATES_MARK),
    ("meeting_set", "Bộ bàn ghế họp, tiếp khách", 10, "10.00", False, _TT23, _RATES_MARK),
    ("safe", "Két sắt, thang máy", 10, "10.00", False, _TT23, _RATES_MARK),
    ("filing_cabinet", "Tủ đựng tài liệu", 8, "12.50", False, _TT23, _RATES_MARK),
    ("air_conditioner", "Máy điều hòa không khí", 8, "12.50", False, _TT23, _RATES_MARK),
    ("computer", "Máy vi tính để bàn, máy tính xách tay", 7, "14.29", False, _TT23, _RATES_MARK),
    ("printer", "Máy in", 7, "14.29", False, _TT23, _RATES_MARK),
    ("phone", "Điện thoại cố định", 7, "14.29", False, _TT23, _RATES_MARK),
    ("scanner_copier", "Máy quét, máy hủy tài liệu, máy photocopy", 7, "14.29", False, _TT23, _RATES_MARK),
    ("other_machinery", "Máy móc, thiết bị khác", 5, "20.00", False, _TT23, _RATES_MARK),
    ("other_tangible", "Tài sản cố định hữu hình khác", 8, "12.50", False, _TT23, _RATES_MARK),
]

_QD50_STAFF = "QĐ 50/2017/QĐ-TTg, caps for staff without a leadership title (vietnamplus.vn; baoyenbai.com.vn)"
_QD50_ROOM = ("QĐ 50/2017/QĐ-TTg, per office room of staff (vietnamplus.vn; baoyenbai.com.vn); "
              "the decision counts per physical room, modelled here per board")
_QD50_LEADER = ("QĐ 50/2017/QĐ-TTg Appendix II (provincial leaders) not found: placeholder interpolated "
                "between the staff row (5/5/15 m) and the top-leader row (25/7x4/15 m)")
_ND72_TITLE = "NĐ 72/2023/NĐ-CP Art 6.2 (Bí thư Tỉnh ủy, 1,550 m VND)"
_ND72_DEPUTY = "NĐ 72/2023/NĐ-CP Art 7.1.a (Phó Bí thư Tỉnh ủy, 1,400 m VND)"
_ND72_GENERAL = ("NĐ 72/2023/NĐ-CP Art 15 (950 m VND per general-use car); the number of cars is fixed "
                 "by decision of UBND tỉnh / Ban Thường vụ Tỉnh ủy (Art 8.6), so no quantity here")

# category, scope ("person" | "unit"), title_rank (None for unit), max_quantity, max_unit_price_vnd,
# legal_basis, evidence
STANDARDS: list[tuple[str, str, str | None, int | None, int | None, str, str]] = []

for _rank in ("specialist", "support"):
    STANDARDS += [
        ("desk_set", "person", _rank, 1, 5_000_000, _QD50_STAFF, "[B]"),
        ("filing_cabinet", "person", _rank, 1, 5_000_000, _QD50_STAFF, "[B]"),
        ("computer", "person", _rank, 1, 15_000_000, _QD50_STAFF, "[B]"),
        ("phone", "person", _rank, 1, 300_000, _QD50_STAFF, "[B]"),
    ]

# rank: desk set cap, cabinets (qty, cap), computers (qty, cap), phone cap -- placeholders [—]
_LEADER_PLACEHOLDERS = {
    "secretary": (25_000_000, (4, 7_000_000), (2, 15_000_000), 1_750_000),
    "deputy_secretary": (20_000_000, (3, 7_000_000), (2, 15_000_000), 1_500_000),
    "board_head": (15_000_000, (2, 6_000_000), (2, 15_000_000), 1_000_000),
    "board_deputy": (12_000_000, (2, 6_000_000), (1, 15_000_000), 800_000),
    "department_head": (8_000_000, (1, 5_500_000), (1, 15_000_000), 500_000),
    "department_deputy": (7_000_000, (1, 5_500_000), (1, 15_000_000), 400_000),
}
for _rank, (_desk, (_cab_qty, _cab), (_pc_qty, _pc), _phone) in _LEADER_PLACEHOLDERS.items():
    STANDARDS += [
        ("desk_set", "person", _rank, 1, _desk, _QD50_LEADER, "[—]"),
        ("filing_cabinet", "person", _rank, _cab_qty, _cab, _QD50_LEADER, "[—]"),
        ("computer", "person", _rank, _pc_qty, _pc, _QD50_LEADER, "[—]"),
        ("phone", "person", _rank, 1, _phone, _QD50_LEADER, "[—]"),
    ]

STANDARDS += [
    ("meeting_set", "unit", None, 1, 10_000_000, _QD50_ROOM, "[B]"),
    ("printer", "unit", None, 1, 10_000_000, _QD50_ROOM, "[B]"),
    ("phone", "unit", None, 1, 300_000, _QD50_ROOM, "[B]"),
    ("car", "person", "secretary", 1, 1_550_000_000, _ND72_TITLE, "[A]"),
    ("car", "person", "deputy_secretary", 1, 1_400_000_000, _ND72_DEPUTY, "[A]"),
    ("car", "unit", None, None, 950_000_000, _ND72_GENERAL, "[A]"),
]
