"""HR settings: the staffing rules' default numbers with their source and evidence mark.

Marks are those of `shared/design/regulations.md`: [A] the legal text, [B] two or more
summaries agree, [C] one secondary source, [D] someone else's code, [—] not found (a guess).
`office_hr` changes a rule through `PATCH /rules/<code>`, which adds a dated version of it
(table `rule_versions`); a version in force on a date wins over the default here, and a date is
judged by the versions in force on it (`?as_of=`). The Quy định 329-QĐ/TW of 2025 replaced 137-QĐ/TW, but its numbers could not be read, so
the 137 numbers stay as interim defaults marked "to verify" (regulations.md §1.4).
"""
from __future__ import annotations

from dataclasses import dataclass

from buildingblocks.config import ServiceConfig, Settings

SERVICE = "hr"

# Evidence marks of regulations.md, strongest first.
MARKS = ("A", "B", "C", "D", "—")

_137 = "Quy định 137-QĐ/TW (Ban Bí thư, 01/12/2023)"
_TO_VERIFY = "Replaced by 329-QĐ/TW (13/6/2025), whose limits could not be read: interim value, to verify."

RULE_DEFAULTS: dict[str, dict] = {
    "position_quota": {
        "title": "Filled posts never exceed the position's quota",
        "value": {},
        "source": "Biên chế của từng cơ quan do Ban Thường vụ Tỉnh ủy quyết định trong tổng biên chế được giao "
                  f"({_137})",
        "mark": "B",
        "verified": False,
        "note": "The quota itself is data (each position's `quota`); this rule only says it is not exceeded.",
    },
    "deputies_per_department": {
        "title": "Deputy heads of a department [phó trưởng phòng] by the department's size",
        "value": {"large_from": 10, "max_small": 2, "max_large": 3},
        "source": f"{_137}: phòng dưới 10 người tối đa 2 phó; từ 10 người tối đa 3 phó "
                  "(baonghean.vn; baobinhdinh.vn)",
        "mark": "B",
        "verified": False,
        "note": "Size is the department's assigned headcount (quota of its positions). " + _TO_VERIFY,
    },
    "deputy_share_of_headcount": {
        "title": "Deputies at most a share of the unit's assigned headcount",
        "value": {"max_share": 0.5},
        "source": "Kết luận 187-KL/TW (29/8/2025): số cấp phó không quá 50% biên chế được giao "
                  "(vneconomy.vn; sggp.org.vn; baodaklak.vn)",
        "mark": "B",
        "verified": False,
        "note": "Applied to departments, boards and the Office; headcount = quota of the unit and the units below it.",
    },
    "min_department_staff": {
        "title": "Minimum staff to form a department",
        "value": {"min_staff": 5, "min_staff_understaffed": 4},
        "source": f"{_137}: phòng tối thiểu 5 biên chế; chưa đủ biên chế thì tối thiểu 4 người",
        "mark": "B",
        "verified": False,
        "note": "Flagged, never refused: quota below min_staff, or fewer than min_staff_understaffed people "
                "while the department is not fully staffed. " + _TO_VERIFY,
    },
    "max_departments_per_agency": {
        "title": "Maximum departments per agency",
        "value": {"by_kind": {"office": 5, "board": 4}, "by_unit": {}},
        "source": f"{_137}: Văn phòng Tỉnh ủy tối đa 5 phòng; Ban Tổ chức tối đa 4 phòng "
                  "(luatvietnam.vn; xaydungchinhsach.chinhphu.vn)",
        "mark": "B",
        "verified": False,
        "note": "The board value 4 is the Ban Tổ chức's; the other boards' numbers were not found [—] and use it "
                "as a placeholder. `by_unit` overrides per agency code. " + _TO_VERIFY,
    },
    "total_deputy_heads": {
        "title": "Total deputy heads across the advisory agencies",
        "value": {"max": 18},
        "source": f"{_137}: tổng số cấp phó của các cơ quan tham mưu, giúp việc không quá 18 "
                  "(04-QĐi/TW of 2018 allowed 15) (baobinhdinh.vn)",
        "mark": "B",
        "verified": False,
        "note": "Counts holders of deputy positions of the boards and the Office themselves. " + _TO_VERIFY,
    },
    "staff_reduction_target": {
        "title": "Staff reduction target of a restructuring [tinh giản biên chế]",
        "value": {"share": 0.05},
        "source": "Kết luận 40-KL/TW (18/7/2022): giảm ít nhất 5% biên chế cán bộ, công chức giai đoạn 2022-2026 "
                  "(infographics.vn / TTXVN)",
        "mark": "B",
        "verified": False,
        "note": "A target the restructuring preview compares headcount against; never refuses anything.",
    },
}


@dataclass(frozen=True)
class Config(ServiceConfig):
    """HR's configuration: its settings and the numbers besides the rules (the rules' defaults
    are RULE_DEFAULTS above; a stored rule wins over them)."""

    SERVICE = SERVICE

    # How often the worker looks for restructuring plans whose effective date has come.
    # Env HR_PLAN_CHECK_SECONDS. One minute keeps a plan due at midnight applied at 00:01.
    plan_check_seconds: int = 60

    @classmethod
    def from_settings(cls, settings: Settings) -> "Config":
        return cls(settings=settings,
                   plan_check_seconds=settings.get("HR_PLAN_CHECK_SECONDS", cls.plan_check_seconds, int))
