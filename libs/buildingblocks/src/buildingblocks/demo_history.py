"""A year of the old way, for the demo: each board's own small office running its own cars and
drivers, trips, fuel, servicing and repairs, spending and purchases, in the last fiscal year.

Every service seeds only its own database, so the services that must agree on one record (a trip
in fleet is a transport chargeback in finance; a car repair in assets is a repair chargeback in
finance; a car's servicing in fleet is a maintenance chargeback) compute it here, from the same
fixed seed: the same calls give the same records, run after run, machine after machine.

Only the year depends on the clock (`history_year(today)`: the year before today's). The figures
are demo figures chosen to tell the reform's story (the boards hold twice the cars their peak
demand needs, the second car of a board sits idle while its one driver is out, a few trips burn
fuel above the norm, two boards overrun their transport or repair budgets), not figures from any
regulation.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import uuid
from dataclasses import dataclass

from . import demo

SEED = 13  # the history's random seed: fixed, so that every run tells the same story
LOCAL = dt.timezone(dt.timedelta(hours=7))  # the province's office time
NAMESPACE = uuid.UUID("6f1c3c52-1d1e-4c55-9a57-8b1f3f0d2e13")  # event ids of the history's chargebacks

# board -> its own drivers (staff ids of demo.STAFF): one or two per board, as before the reform
DRIVERS = {"VP": [10, 11], "BTC": [25], "UBKT": [34], "BTGDV": [45], "BNC": [54]}
# board -> who asks for its cars and who approves (staff id of a specialist, of the head)
REQUESTERS = {"VP": (6, 3), "BTC": (22, 20), "UBKT": (31, 30), "BTGDV": (42, 40), "BNC": (51, 50)}
PAYER = 5  # the Office's accountant (ketoan.vp) pays every board's expenses
# how busy each board's cars were: the chance that a driver of the board is out on a working day
BUSY = {"VP": 0.55, "BTC": 0.5, "UBKT": 0.45, "BTGDV": 0.4, "BNC": 0.35}
FUEL_PRICE_VND = {"petrol": 23_000, "diesel": 21_000}  # per litre, demo figures
DESTINATIONS = ["Huyện Đông Anh", "Thị xã Sơn Tây", "Huyện Ba Vì", "Huyện Mỹ Đức", "Huyện Sóc Sơn",
                "Thành phố Hà Nội", "Huyện Thạch Thất", "Huyện Chương Mỹ", "Xã Minh Quang", "Xã Tản Lĩnh"]
PURPOSES = ["Kiểm tra công tác xây dựng Đảng", "Làm việc với Đảng ủy xã", "Dự hội nghị sơ kết",
            "Khảo sát tình hình cơ sở", "Giám sát chuyên đề", "Đưa đón đoàn công tác", "Dự lễ kỷ niệm",
            "Tiếp nhận hồ sơ", "Họp giao ban khối", "Thăm hỏi gia đình chính sách"]


@dataclass(frozen=True)
class Trip:
    """A booking of a board's own car by its own driver (completed, cancelled or rejected)."""

    key: int                # 1.. in date order: fleet's booking id is not known to finance, this is
    board: str
    plate: str
    driver_id: int
    requester_id: int
    approver_id: int
    purpose: str
    destination: str
    start: dt.datetime      # aware, office time
    end: dt.datetime
    passengers: int
    status: str             # completed | cancelled | rejected
    km: int = 0
    fuel_litres: float = 0.0
    fuel_cost_vnd: int = 0


@dataclass(frozen=True)
class Servicing:
    """A car's periodic servicing in fleet (charged to the Office's maintenance budget)."""

    key: int
    plate: str
    done_on: dt.date
    description: str
    workshop: str
    cost_vnd: int


@dataclass(frozen=True)
class Repair:
    """A repair of a board's own car in assets (charged to the board's repair budget)."""

    key: int
    board: str
    plate: str
    opened_on: dt.date
    completed_on: dt.date
    description: str
    vendor: str
    cost_vnd: int


@dataclass(frozen=True)
class Spending:
    """An expense a board asked for, decided and (when approved) paid in its own office."""

    key: int
    board: str
    category: str
    on: dt.date
    amount_vnd: int
    beneficiary_id: int
    description: str
    outcome: str            # paid | rejected | withdrawn
    quantity: int = 1       # days or guest-days of a norm per day, at `rate_vnd` (None: a plain amount)
    rate_vnd: int | None = None


@dataclass(frozen=True)
class Purchase:
    """Equipment a board bought on its own (uncoordinated prices for the same thing)."""

    key: int
    board: str
    category: str
    name: str
    on: dt.date
    cost_vnd: int


def wanted() -> bool:
    """Whether a seed writes the history: DEMO_HISTORY=1, as `make run` sets it (the test platforms
    do not, so that their figures start from the demo organisation alone)."""
    return os.environ.get("DEMO_HISTORY", "0") == "1"


def history_year(today: dt.date) -> int:
    """The year the history is set in: the last one, wholly in the past."""
    return today.year - 1


def event_id(kind: str, key: int) -> str:
    """The fixed id of the event a history record stands for (so a second seed books nothing twice)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}-{key}"))


def cars_of(board: str) -> list[tuple]:
    """The board's general-use cars (the title car is the Secretary's, not the board's pool)."""
    return [car for car in demo.CARS if car[0] == board and car[9] is None]


def _working_days(year: int) -> list[dt.date]:
    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def trips(year: int) -> list[Trip]:
    """The year's bookings of every board's own cars: each driver drives one trip a day at most,
    in the board's usual car (the second one only when the first is taken)."""
    rng = random.Random(f"{SEED}-trips-{year}")
    drafts = []
    for day in _working_days(year):
        for board in demo.BOARDS:
            cars = cars_of(board)
            requester, approver = REQUESTERS[board]
            for n, driver in enumerate(DRIVERS[board]):
                if rng.random() >= BUSY[board]:
                    continue
                car = cars[min(n, len(cars) - 1)]
                if rng.random() < 0.12:  # the usual car was being serviced, or was too small
                    car = cars[(n + 1) % len(cars)]
                morning = rng.random() < 0.7
                start = _at(day, 7, 30) if morning else _at(day, 13, 30)
                hours = rng.choice([3, 4, 5, 8, 9]) if morning else rng.choice([3, 4])
                seats = car[3] - 1
                roll = rng.random()
                status = "rejected" if roll < 0.03 else "cancelled" if roll < 0.08 else "completed"
                km = rng.randint(25, 60) * hours if status == "completed" else 0
                # most trips burn about the norm; about one in sixteen burns well above it
                ratio = rng.uniform(1.15, 1.35) if rng.random() < 0.06 else rng.uniform(0.88, 1.06)
                litres = round(car[5] * km / 100 * ratio, 1) if km else 0.0
                drafts.append(dict(
                    board=board, plate=car[1], driver_id=driver, requester_id=requester, approver_id=approver,
                    purpose=rng.choice(PURPOSES), destination=rng.choice(DESTINATIONS), start=start,
                    end=start + dt.timedelta(hours=hours), passengers=rng.randint(1, max(1, min(seats, 4))),
                    status=status, km=km, fuel_litres=litres,
                    fuel_cost_vnd=int(round(litres * FUEL_PRICE_VND[car[4]], -3))))
    drafts.sort(key=lambda d: (d["start"], d["board"], d["driver_id"]))
    return [Trip(key=n, **d) for n, d in enumerate(drafts, start=1)]


def servicings(year: int) -> list[Servicing]:
    """Each car's servicing twice a year (spring and autumn), at its own workshop."""
    rng = random.Random(f"{SEED}-servicing-{year}")
    records, key = [], 0
    for board, plate, model, *_ in demo.CARS:
        for month in (4, 10):
            key += 1
            records.append(Servicing(
                key=key, plate=plate, done_on=dt.date(year, month, rng.randint(2, 27)),
                description=f"Bảo dưỡng định kỳ {model} (thay dầu, lọc)",
                workshop=rng.choice(["Toyota Thăng Long", "Garage Minh Phát", "Xưởng dịch vụ Hùng Cường"]),
                cost_vnd=rng.randint(18, 45) * 100_000))
    return records


def repairs(year: int) -> list[Repair]:
    """The older cars' repairs, paid by each board for its own car."""
    rng = random.Random(f"{SEED}-repairs-{year}")
    jobs = ["Thay má phanh, đĩa phanh", "Sửa hộp số", "Thay lốp", "Sửa điều hòa", "Thay ắc quy",
            "Sửa hệ thống treo", "Làm máy, thay gioăng"]
    records, key = [], 0
    for board, plate, _model, _seats, _fuel, _norm, odometer, *_rest, holder in demo.CARS:
        if holder is not None:
            continue
        for _ in range(1 + odometer // 60_000):  # the more a car has run, the more it is repaired
            key += 1
            opened = dt.date(year, rng.randint(1, 12), rng.randint(1, 25))
            records.append(Repair(
                key=key, board=board, plate=plate, opened_on=opened, completed_on=opened + dt.timedelta(days=rng.randint(1, 4)),
                description=rng.choice(jobs), vendor=rng.choice(["Garage Minh Phát", "Gara Tuấn Anh", "Toyota Thăng Long"]),
                cost_vnd=rng.randint(15, 160) * 100_000))
    records.sort(key=lambda r: (r.completed_on, r.key))
    return records


def spendings(year: int) -> list[Spending]:
    """Each board's own office spending: stationery every month, a conference's meals every quarter,
    travel allowances most months; a few asks rejected or withdrawn."""
    rng = random.Random(f"{SEED}-spending-{year}")
    # beneficiaries: the board's staff, neither its head who approves nor the Office's accountant
    # who pays (nobody decides or pays what benefits them)
    deciders = {PAYER} | {head for _requester, head in REQUESTERS.values()}
    staff_of = {board: [s[0] for s in demo.STAFF if demo.board_of(_unit_of(s[2])) == board and s[0] not in deciders]
                for board in demo.BOARDS}
    records = []
    for month in range(1, 13):
        for board in demo.BOARDS:
            people = staff_of[board]
            # (category, quantity, rate per day or None, amount, what)
            asks = [("stationery", 1, None, rng.randint(12, 60) * 100_000, "Văn phòng phẩm tháng")]
            if month % 3 == 0:
                guests = rng.randint(20, 60)
                asks.append(("conference_meal", guests, 150_000, guests * 150_000, "Tiền ăn đại biểu hội nghị quý"))
            if rng.random() < 0.8:
                days = rng.randint(2, 8)
                asks.append(("travel_per_diem", days, 200_000, days * 200_000, "Phụ cấp lưu trú công tác"))
            for category, quantity, rate, amount, description in asks:
                roll = rng.random()
                records.append(dict(board=board, category=category, on=dt.date(year, month, rng.randint(3, 26)),
                                    amount_vnd=amount, quantity=quantity, rate_vnd=rate, beneficiary_id=rng.choice(people),
                                    description=f"{description} {month:02d}/{year}",
                                    outcome="rejected" if roll < 0.04 else "withdrawn" if roll < 0.07 else "paid"))
    records.sort(key=lambda r: (r["on"], r["board"], r["category"]))
    return [Spending(key=n, **r) for n, r in enumerate(records, start=1)]


def purchases(year: int) -> list[Purchase]:
    """What each board bought on its own: the same printer or chair at different prices."""
    rng = random.Random(f"{SEED}-purchases-{year}")
    goods = [("printer", "Máy in laser A4", 6_500_000, 9_800_000),
             ("desk_set", "Bộ bàn ghế làm việc", 3_900_000, 4_900_000),
             ("meeting_set", "Bộ bàn ghế họp", 7_500_000, 9_900_000)]
    records, key = [], 0
    for board in demo.BOARDS:
        for category, name, low, high in goods:
            if rng.random() < 0.6:
                key += 1
                records.append(Purchase(key=key, board=board, category=category, name=name,
                                        on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                                        cost_vnd=rng.randint(low // 100_000, high // 100_000) * 100_000))
    return records


# Last year's budgets of each board's own office (VND): demo figures. Transport and repair were
# planned board by board, so the busiest boards overran them; the Office alone had maintenance.
BUDGETS = {
    "VP": {"stationery": 60_000_000, "conference_meal": 80_000_000, "travel_per_diem": 60_000_000,
           "transport": 120_000_000, "repair": 60_000_000, "maintenance": 80_000_000},
    "BTC": {"stationery": 60_000_000, "conference_meal": 80_000_000, "travel_per_diem": 60_000_000,
            "transport": 35_000_000, "repair": 40_000_000},
    "UBKT": {"stationery": 60_000_000, "conference_meal": 80_000_000, "travel_per_diem": 60_000_000,
             "transport": 50_000_000, "repair": 30_000_000},
    "BTGDV": {"stationery": 60_000_000, "conference_meal": 80_000_000, "travel_per_diem": 60_000_000,
              "transport": 45_000_000, "repair": 20_000_000},
    "BNC": {"stationery": 60_000_000, "conference_meal": 80_000_000, "travel_per_diem": 60_000_000,
            "transport": 45_000_000, "repair": 30_000_000},
}


def _unit_of(position_key: str) -> str:
    return next(unit for key, unit, *_ in demo.POSITIONS if key == position_key)
