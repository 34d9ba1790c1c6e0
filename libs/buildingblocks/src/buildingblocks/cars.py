"""The Office's cars, as fleet and assets both judge them: when two plates are one car, and how
many general-use cars the shared Office may hold (Decree 72/2023 Art 11 as amended by Decree
153/2025, regulations.md 2.3-2.4).

Both services read the same `CAR_LIMIT_*` settings, so the pool (fleet) and the register
(assets) refuse the car after the last with the same figures. The exceptions the leadership
records live in fleet and reach assets by `fleet.car_limit.exception_recorded`. Every number is
configuration with its source and evidence mark ([A] legal text, [B] several secondary sources,
[C] one source, [—] a guess), as the services' other norms.
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import Settings
from .errors import RuleBroken

CAR_LIMIT_RULE = "car_limit"

CAR_LIMIT_DEFAULTS = {
    # [C] the demo province's area (Gia Lai after the 2025 merger with Bình Định, 21,576.5 km²
    # as the news of the merger gave it); set the province's own.
    "CAR_LIMIT_PROVINCE_AREA_KM2": 21_576,
    # [—] share of the province's communes in mountain, island or ĐBKK areas (not found for the
    # demo province): above 0.5 adds a car (153/2025) and lowers the replacement km (Art 3.4.b).
    "CAR_LIMIT_HARDSHIP_COMMUNE_SHARE": 0.0,
    # [—] whether the province balances its own budget (tự cân đối ngân sách): adds a car.
    "CAR_LIMIT_SELF_BALANCING": False,
    # [B] 153/2025: Hà Nội and HCM City have 10 cars per office instead of the area scale.
    "CAR_LIMIT_HANOI_HCMC": False,
    # [B] 153/2025: a provincial office has 5 cars under 5,000 km².
    "CAR_LIMIT_OFFICE_BASE": 5,
    "CAR_LIMIT_HANOI_HCMC_BASE": 10,
    # [B] 153/2025: +1 from 5,000 km², +2 from 8,000 km²; [C] from 11,000 km² one more per 3,000
    # km² begun past 11,000 (the summaries say "+1 per further 3,000 km²"; read as 11,000 -> +3).
    "CAR_LIMIT_AREA_STEPS": "5000:1,8000:2,11000:3",
    "CAR_LIMIT_AREA_PER_FURTHER_KM2": 3000,
    # [B] 153/2025: +1 when more than half the communes are hardship ones or the budget balances.
    "CAR_LIMIT_HARDSHIP_BONUS": 1,
    # [A] 72/2023 Art 11.1 (original): a VP Tỉnh ủy serving every advisory board adds the boards'
    # numbers under Art 11.2. [—] the boards' headcounts the Office serves (one number per board:
    # Ban Tổ chức, UBKT, Ban Tuyên giáo và Dân vận, Ban Nội chính in the demo); empty = none.
    "CAR_LIMIT_BOARD_HEADCOUNTS": "30,25,35,15",
    # [A] Art 11.2 (original; the 2025 text for boards was not found, regulations.md 2.4 [C]):
    # 1 car, 2 above 20 staff, 3 above 50, +1 under the hardship/area/budget conditions.
    "CAR_LIMIT_BOARD_STEPS": "0:1,21:2,51:3",
    "CAR_LIMIT_BOARD_CONDITION_BONUS": 1,
    # [A] Art 11.2 (original) conditions for the board bonus: an area of at least 5,000 km²,
    # more than half the districts hardship ones, or a balanced budget.
    "CAR_LIMIT_BOARD_CONDITION_AREA_KM2": 5000,
    # [A] Art 8.1: a general-use car has 4 to 16 seats; larger ones (buses) are not counted.
    "CAR_LIMIT_MAX_SEATS": 16,
}

SOURCE_153 = "NĐ 72/2023/NĐ-CP Điều 11, sửa đổi bởi NĐ 153/2025/NĐ-CP"
SOURCE_72_11_2 = "NĐ 72/2023/NĐ-CP Điều 11.1-11.2 (văn phòng dùng chung cộng định mức các ban)"


def plate_key(plate: str | None) -> str:
    """What makes two plates one car: letters and digits only, upper case ("81A-000.11",
    "81a 00011" and "81A00011" are the same car)."""
    return "".join(ch for ch in (plate or "").upper() if ch.isalnum())


def _steps(text: str) -> list[tuple[int, int]]:
    """"5000:1,8000:2" -> [(5000, 1), (8000, 2)], sorted."""
    pairs = []
    for part in str(text or "").split(","):
        if part.strip():
            low, value = part.split(":")
            pairs.append((int(low), int(value)))
    return sorted(pairs)


def _step_value(steps: list[tuple[int, int]], x: float) -> int:
    value = 0
    for low, v in steps:
        if x >= low:
            value = v
    return value


@dataclass(frozen=True)
class Line:
    """One term of the entitlement, as the Office reads it."""

    rule: str
    cars: int
    source: str
    mark: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "cars": self.cars, "source": self.source, "mark": self.mark}


@dataclass(frozen=True)
class CarLimitRules:
    """The figures the entitlement is computed from (see CAR_LIMIT_DEFAULTS for each source)."""

    area_km2: float = CAR_LIMIT_DEFAULTS["CAR_LIMIT_PROVINCE_AREA_KM2"]
    hardship_share: float = CAR_LIMIT_DEFAULTS["CAR_LIMIT_HARDSHIP_COMMUNE_SHARE"]
    self_balancing: bool = CAR_LIMIT_DEFAULTS["CAR_LIMIT_SELF_BALANCING"]
    hanoi_hcmc: bool = CAR_LIMIT_DEFAULTS["CAR_LIMIT_HANOI_HCMC"]
    office_base: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_OFFICE_BASE"]
    hanoi_hcmc_base: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_HANOI_HCMC_BASE"]
    area_steps: tuple[tuple[int, int], ...] = tuple(_steps(CAR_LIMIT_DEFAULTS["CAR_LIMIT_AREA_STEPS"]))
    area_per_further_km2: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_AREA_PER_FURTHER_KM2"]
    hardship_bonus: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_HARDSHIP_BONUS"]
    board_headcounts: tuple[int, ...] = tuple(
        int(h) for h in CAR_LIMIT_DEFAULTS["CAR_LIMIT_BOARD_HEADCOUNTS"].split(",") if h.strip())
    board_steps: tuple[tuple[int, int], ...] = tuple(_steps(CAR_LIMIT_DEFAULTS["CAR_LIMIT_BOARD_STEPS"]))
    board_condition_bonus: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_BOARD_CONDITION_BONUS"]
    board_condition_area_km2: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_BOARD_CONDITION_AREA_KM2"]
    max_seats: int = CAR_LIMIT_DEFAULTS["CAR_LIMIT_MAX_SEATS"]

    @classmethod
    def from_settings(cls, settings: Settings) -> "CarLimitRules":
        def get(name: str, cast=None):
            return settings.get(name, CAR_LIMIT_DEFAULTS[name], cast)

        return cls(
            area_km2=get("CAR_LIMIT_PROVINCE_AREA_KM2", float),
            hardship_share=get("CAR_LIMIT_HARDSHIP_COMMUNE_SHARE", float),
            self_balancing=get("CAR_LIMIT_SELF_BALANCING", bool),
            hanoi_hcmc=get("CAR_LIMIT_HANOI_HCMC", bool),
            office_base=get("CAR_LIMIT_OFFICE_BASE", int),
            hanoi_hcmc_base=get("CAR_LIMIT_HANOI_HCMC_BASE", int),
            area_steps=tuple(_steps(get("CAR_LIMIT_AREA_STEPS", str))),
            area_per_further_km2=get("CAR_LIMIT_AREA_PER_FURTHER_KM2", int),
            hardship_bonus=get("CAR_LIMIT_HARDSHIP_BONUS", int),
            board_headcounts=tuple(int(h) for h in str(get("CAR_LIMIT_BOARD_HEADCOUNTS", str)).split(",") if h.strip()),
            board_steps=tuple(_steps(get("CAR_LIMIT_BOARD_STEPS", str))),
            board_condition_bonus=get("CAR_LIMIT_BOARD_CONDITION_BONUS", int),
            board_condition_area_km2=get("CAR_LIMIT_BOARD_CONDITION_AREA_KM2", int),
            max_seats=get("CAR_LIMIT_MAX_SEATS", int),
        )

    @property
    def hardship_province(self) -> bool:
        """More than half the communes in mountain, island or ĐBKK areas."""
        return self.hardship_share > 0.5

    def area_bonus(self) -> int:
        steps = list(self.area_steps)
        bonus = _step_value(steps, self.area_km2)
        if steps and self.area_km2 >= steps[-1][0] and self.area_per_further_km2 > 0:
            bonus += int((self.area_km2 - steps[-1][0]) // self.area_per_further_km2)
        return bonus

    def breakdown(self) -> list[Line]:
        """Each term of the entitlement: the office's own number, then one per board it serves."""
        lines = []
        if self.hanoi_hcmc:
            lines.append(Line("Văn phòng (Hà Nội, TP. Hồ Chí Minh)", self.hanoi_hcmc_base, SOURCE_153, "[B]"))
        else:
            lines.append(Line("Văn phòng: định mức cơ bản", self.office_base, SOURCE_153, "[B]"))
            area = self.area_bonus()
            if area:
                lines.append(Line(f"Diện tích tỉnh {self.area_km2:,.0f} km²".replace(",", "."), area, SOURCE_153,
                                  "[C]"))
        if self.hardship_province or self.self_balancing:
            why = "trên 50% xã miền núi, hải đảo, ĐBKK" if self.hardship_province else "tỉnh tự cân đối ngân sách"
            lines.append(Line(why, self.hardship_bonus, SOURCE_153, "[B]"))
        conditions = (self.area_km2 >= self.board_condition_area_km2 or self.hardship_province
                      or self.self_balancing)
        for i, headcount in enumerate(self.board_headcounts, 1):
            cars = _step_value(list(self.board_steps), headcount) + (self.board_condition_bonus if conditions else 0)
            lines.append(Line(f"Ban thứ {i} được phục vụ ({headcount} biên chế)", cars, SOURCE_72_11_2, "[A]"))
        return lines

    def entitled(self) -> int:
        """How many general-use cars the shared Office may hold, before any exception."""
        return sum(line.cars for line in self.breakdown())

    def counts(self, seats: int | None, holder_staff_id: int | None) -> bool:
        """Whether a car counts toward the limit: a general-use car of the pool (Art 8.1: up to
        16 seats), not one with a dedicated holder (a title car, Art 6-7)."""
        return holder_staff_id is None and (seats or 0) <= self.max_seats


def check_room(rules: CarLimitRules, held: int, extra: int, adding: int = 1) -> None:
    """Refuse a car that would take the Office past its entitlement plus the exceptions the
    leadership recorded (`extra` cars)."""
    entitled = rules.entitled()
    limit = entitled + extra
    if held + adding > limit:
        raise RuleBroken(
            f"the Office holds {held} general-use car(s) and may hold {limit} "
            f"({entitled} entitled + {extra} by exception)", rule=CAR_LIMIT_RULE,
            held=held, entitled=entitled, exception_cars=extra, limit=limit, adding=adding)
