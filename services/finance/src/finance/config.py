"""Finance settings: every number the service decides with, its default and where the default comes from.

Defaults are read from the environment through `buildingblocks.config.Settings.get`, so an
operator changes them without a release. The regulation versions below are only the seed of the
spending regulation: once seeded, `office_finance` keeps the regulation through the API.
Evidence marks ([A] .. [D], [—]) are the ones of `shared/design/regulations.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from buildingblocks.config import ServiceConfig, Settings

SERVICE = "finance"

# Budget categories other services rely on (domain.md "Budget categories other services rely on").
TRANSPORT_CATEGORY = "transport"  # fleet.trip.completed chargebacks
PROCUREMENT_CATEGORY = "procurement"  # assets.procurement.* reservations
REPAIR_CATEGORY = "repair"  # assets.repair.completed chargebacks
MAINTENANCE_CATEGORY = "maintenance"  # fleet.maintenance.completed chargebacks


@dataclass(frozen=True)
class Config(ServiceConfig):
    """The service's settings and tunable numbers, read once per app or worker."""

    SERVICE: ClassVar[str] = SERVICE

    # Approval threshold: a board's unit head approves expenses up to this amount, the
    # leadership above. Source: the finance issue's default (20,000,000 VND); no legal text fixes
    # it, each committee writes it into its internal spending rules. Env FINANCE_UNIT_HEAD_LIMIT_VND.
    unit_head_limit_vnd: int = 20_000_000
    # The unit charged for fleet maintenance when the HR replica holds no unit of kind `office`
    # yet (e.g. the worker started before HR published anything). Source: demo organisation,
    # where the provincial Office is `VP`. Env FINANCE_OFFICE_UNIT_FALLBACK.
    office_unit_fallback: str = "VP"
    # How many budgets a transfer on a unit's dissolution moves at most per event; a guard
    # against a runaway loop, far above the handful of categories a board has.
    # Env FINANCE_DISSOLUTION_MAX_BUDGETS.
    dissolution_max_budgets: int = 500
    # From which day (month, day of the following year) a fiscal year may be closed. The budget
    # year is the calendar year (Luật Ngân sách nhà nước 83/2015/QH13 Art 14) [C: from memory of
    # the law, not in regulations.md]; closing the books when it ends is the default; a committee
    # that waits for its adjustment period (chỉnh lý quyết toán, until 31/1 of the next year,
    # same law Art 65 [C]) sets "01-31". Env FINANCE_YEAR_CLOSE_FROM ("MM-DD").
    year_close_from: tuple[int, int] = (1, 1)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Config":
        """Read the overrides from the environment through the building blocks' settings."""
        return cls(
            settings=settings,
            unit_head_limit_vnd=settings.get("FINANCE_UNIT_HEAD_LIMIT_VND", cls.unit_head_limit_vnd, int),
            office_unit_fallback=settings.get("FINANCE_OFFICE_UNIT_FALLBACK", cls.office_unit_fallback, str),
            dissolution_max_budgets=settings.get(
                "FINANCE_DISSOLUTION_MAX_BUDGETS", cls.dissolution_max_budgets, int
            ),
            year_close_from=settings.get("FINANCE_YEAR_CLOSE_FROM", cls.year_close_from, _month_day),
        )


def _month_day(text: str) -> tuple[int, int]:
    """"MM-DD" -> (month, day), checked against a leap year (so "02-29" is refused only where impossible)."""
    month, day = (int(part) for part in str(text).split("-"))
    date(2024, month, day)
    return month, day


# ---------------------------------------------------------------------------------------------
# Seed of the spending regulation. Each norm: category, title_rank (None = everyone),
# locality_tier (None = any place), limit_vnd, per, source.
# Locality tiers, as TT 40/2017 Art 7 words them: `city` = urban districts of centrally-run cities
# and grade-I cities of provinces; `town` = districts and towns of centrally-run cities and other
# towns and cities of provinces; no tier = elsewhere; `sea_island` = at sea or on islands.
# Mapping the Party titles to TT 40's allowance coefficients (>= 1.25 for the provincial
# secretary and deputy secretaries; 0.8 to < 1.25 for board heads and deputies) is an inference,
# not a legal text: it is marked so in each source.
# ---------------------------------------------------------------------------------------------

_TT40 = "TT 40/2017/TT-BTC (in force 1/7/2017)"
_TT12 = "TT 12/2025/TT-BTC amending TT 40/2017 (in force 4/5/2025)"

DEFAULT_REGULATION_VERSIONS = [
    {
        "effective_from": date(2017, 7, 1),
        "title": "Quy chế chi tiêu nội bộ - công tác phí, hội nghị theo TT 40/2017/TT-BTC",
        "source": f"{_TT40} [B]; shared/design/regulations.md §3.1",
        "norms": [
            ("travel_per_diem", None, None, 200_000, "day",
             f"{_TT40}: phụ cấp lưu trú 200,000/day [B] (tapchitaichinh.vn; tuoitre.vn; plo.vn)"),
            ("travel_per_diem", None, "sea_island", 250_000, "day",
             f"{_TT40}: at sea or on islands 250,000/day [B]"),
            ("travel_lump_sum", None, None, 500_000, "month",
             f"{_TT40}: monthly lump sum for > 10 travel days a month, 500,000/person/month [B]"),
            ("lodging", "secretary", None, 1_000_000, "night",
             f"{_TT40}: flat rate for coefficient >= 1.25, 1,000,000/day/person [B]; "
             "rank -> coefficient mapping is an inference"),
            ("lodging", "deputy_secretary", None, 1_000_000, "night",
             f"{_TT40}: flat rate for coefficient >= 1.25, 1,000,000/day/person [B]; "
             "rank -> coefficient mapping is an inference"),
            ("lodging", None, "city", 450_000, "night",
             f"{_TT40}: flat rate, urban districts of centrally-run cities, grade-I cities 450,000 [B]"),
            ("lodging", None, "town", 350_000, "night",
             f"{_TT40}: flat rate, districts and towns of cities, other towns 350,000 [B]"),
            ("lodging", None, None, 300_000, "night",
             f"{_TT40}: flat rate elsewhere 300,000 [B]"),
            ("conference_meal", None, None, 150_000, "day",
             f"{_TT40} Art 12.4: meals for guests not on a state payroll, meeting held by a "
             "province, 150,000/day [B] (thuvienphapluat.vn)"),
        ],
    },
    {
        "effective_from": date(2025, 5, 4),
        "title": "Quy chế chi tiêu nội bộ - công tác phí, hội nghị theo TT 12/2025/TT-BTC",
        "source": f"{_TT12} [B/C]; shared/design/regulations.md §3.2 and §8 (travel)",
        "norms": [
            ("travel_per_diem", None, None, 300_000, "day",
             f"{_TT12}: phụ cấp lưu trú 300,000/day [B] (laodongcongdoan.vn; laodongdoanthe.vn)"),
            ("travel_per_diem", None, "sea_island", 400_000, "day",
             f"{_TT12}: at sea or on islands 400,000/day [B]"),
            ("travel_lump_sum", None, None, 700_000, "month",
             f"{_TT12}: monthly lump sum up to 700,000/person/month [B]"),
            ("lodging", "secretary", None, 1_600_000, "night",
             f"{_TT12}: flat rate for coefficient >= 1.25, up to 1,600,000/day/person [C: ngoisao.vn]; "
             "rank -> coefficient mapping is an inference"),
            ("lodging", "deputy_secretary", None, 1_600_000, "night",
             f"{_TT12}: flat rate for coefficient >= 1.25, up to 1,600,000/day/person [C: ngoisao.vn]; "
             "rank -> coefficient mapping is an inference"),
            ("lodging", "board_head", None, 600_000, "night",
             f"{_TT12}: coefficient 0.8 to < 1.25, 500,000-600,000 in provinces, upper bound taken "
             "[C: ambiguous summary]; rank -> coefficient mapping is an inference"),
            ("lodging", "board_deputy", None, 600_000, "night",
             f"{_TT12}: coefficient 0.8 to < 1.25, 500,000-600,000 in provinces, upper bound taken "
             "[C: ambiguous summary]; rank -> coefficient mapping is an inference"),
            ("lodging", None, "city", 450_000, "night",
             f"{_TT40} value 450,000 kept: the 2025 tier for ordinary staff was NOT FOUND [B for 2017; — for 2025]"),
            ("lodging", None, "town", 350_000, "night",
             f"{_TT40} value 350,000 kept: the 2025 tier was NOT FOUND [B for 2017; — for 2025]"),
            ("lodging", None, None, 300_000, "night",
             f"{_TT40} value 300,000 kept: the 2025 tier was NOT FOUND [B for 2017; — for 2025]"),
            ("conference_meal", None, None, 150_000, "day",
             f"{_TT40} Art 12.4 value 150,000 kept (province-held meeting): no 2025 rate found [B for 2017]"),
        ],
    },
]
