"""Realistic demand for the provincial Office's car pool, and what one shared pool saves.

    python bench/fleet/demand.py                  # a year of trips, seed 2026
    python bench/fleet/demand.py --months 1 --seed 7

Pure Python, no database and no network: it drives the fleet service's own dispatch rules
(`fleet.domain`: feasibility with the 30 min turnaround and the driver's daily duty limit, and
the least-used choice) over generated bookings.

The demand: boards of different sizes book on working days (fewer around Tết, more at the year's
end), with a morning peak; same-day trips in town, day trips to the districts, trips of two or
three days; small groups mostly, now and then a delegation that needs the minibus; about 8 % of
bookings cancelled, some after they were dispatched. Bookings are made ahead of time (hours
for a trip in town, up to two weeks for a multi-day trip).

Printed:
1. cars needed if every board keeps its own cars (the old way: each board needs its own peak,
   a group larger than a car travels in several), with one shared pool (the smallest pool the
   dispatcher serves every booking with, dispatching when a booking is approved, and when
   planning the evening before), and the lower bound (the most trips in progress at one moment,
   turnaround included);
2. the dispatcher over the period on that pool: how close it stays to the lower bound, and the
   balance of km across vehicles and hours across drivers (coefficient of variation), against a
   dispatcher that always takes the first free car and driver.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import math
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

try:
    from fleet.domain.balancing import UsedTrip, choose_pair, trailing_usage
except ImportError:  # run from a checkout without `pip install -e services/fleet`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "services" / "fleet" / "src"))
    from fleet.domain.balancing import UsedTrip, choose_pair, trailing_usage
from fleet.domain.feasibility import DispatchPolicy, DriverFacts, Trip, VehicleFacts
from fleet.domain.licences import passenger_seats
from fleet.domain.schedule import Commitment, day_bounds, local_date, peak_overlap

VN = dt.timezone(dt.timedelta(hours=7))
TURNAROUND = dt.timedelta(minutes=30)
WINDOW = dt.timedelta(days=30)
LONGEST = dt.timedelta(days=4)
CAR_SEATS, BUS_SEATS = 7, 16

# board: (headcount, bookings per working day, share of trips: town, district day trip, multi-day)
BOARDS = {
    "TU": (3, 0.9, (0.45, 0.40, 0.15)),      # the deputy secretaries (the secretary has a title car)
    "VP": (45, 2.2, (0.70, 0.25, 0.05)),
    "BTC": (28, 1.3, (0.55, 0.35, 0.10)),
    "UBKT": (22, 1.5, (0.35, 0.45, 0.20)),   # inspections take them to the districts
    "BTGDV": (32, 1.4, (0.55, 0.35, 0.10)),
    "BNC": (18, 0.9, (0.45, 0.40, 0.15)),
}
MONTH_FACTOR = {1: 0.9, 2: 0.6, 3: 1.1, 4: 1.0, 5: 1.0, 6: 1.1, 7: 1.0, 8: 0.9, 9: 1.0, 10: 1.1, 11: 1.2, 12: 1.3}
HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)}  # plus Tết, taken as 10 days from Feb 14
CANCEL_SHARE = 0.08


@dataclass
class Booking:
    id: int
    board: str
    kind: str
    booked_at: dt.datetime
    start: dt.datetime
    end: dt.datetime
    passengers: int
    km: float
    cancelled_at: dt.datetime | None = None


def poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def at(day: dt.date, hours: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=VN) + dt.timedelta(hours=hours)


def working_day(day: dt.date) -> bool:
    tet = dt.date(day.year, 2, 14)
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS and not (tet <= day < tet + dt.timedelta(days=10))


def passengers(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.80:
        return rng.randint(1, 4)
    if r < 0.95:
        return rng.randint(5, 6)
    return rng.randint(8, 14)  # a delegation: the minibus


def generate(seed: int, first: dt.date, days: int) -> list[Booking]:
    """The bookings of `days` days from `first`, in the order they were made."""
    rng = random.Random(seed)
    out: list[Booking] = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        factor = MONTH_FACTOR[day.month] * (1.0 if working_day(day) else 0.04)
        for board, (_, rate, mix) in BOARDS.items():
            for _ in range(poisson(rng, rate * factor)):
                kind = rng.choices(("town", "district", "multiday"), mix)[0]
                if kind == "town":
                    slot = rng.random()
                    start_h = (rng.uniform(7.0, 8.75) if slot < 0.5 else rng.uniform(9.0, 10.5) if slot < 0.75
                               else rng.uniform(13.5, 15.0))
                    start = at(day, round(start_h * 4) / 4)
                    end = start + dt.timedelta(hours=round(rng.uniform(1.0, 4.0) * 2) / 2)
                    km, lead = rng.uniform(8, 40), rng.uniform(2, 48)
                elif kind == "district":
                    start = at(day, round(rng.uniform(6.5, 8.0) * 4) / 4)
                    end = start + dt.timedelta(hours=round(rng.uniform(6.0, 10.0) * 2) / 2)
                    km, lead = rng.uniform(80, 250), rng.uniform(24, 120)
                else:
                    nights = rng.choice((1, 1, 2))
                    start = at(day, round(rng.uniform(7.0, 8.0) * 4) / 4)
                    end = at(day + dt.timedelta(days=nights), round(rng.uniform(16.0, 18.0) * 4) / 4)
                    km, lead = rng.uniform(150, 450), rng.uniform(72, 336)
                booked = start - dt.timedelta(hours=lead)
                booking = Booking(0, board, kind, booked, start, end, passengers(rng), round(km))
                if rng.random() < CANCEL_SHARE:
                    booking.cancelled_at = booked + (start - booked) * rng.uniform(0.1, 0.95)
                out.append(booking)
    out.sort(key=lambda b: b.booked_at)
    for i, booking in enumerate(out, start=1):
        booking.id = i
    return out


# --- the old way: every board its own cars ----------------------------------------------------

def cars_for(booking: Booking) -> int:
    """Cars a booking takes when a board has only cars: a big group travels in several."""
    return math.ceil(booking.passengers / passenger_seats(CAR_SEATS))


def old_way(served: list[Booking]) -> dict[str, int]:
    """Cars each board needs to serve its own bookings alone (its own peak, turnaround included)."""
    need = {}
    for board in BOARDS:
        intervals = [(b.start, b.end) for b in served if b.board == board for _ in range(cars_for(b))]
        need[board] = peak_overlap(intervals, TURNAROUND)[0]
    return need


# --- the shared pool: the service's dispatcher --------------------------------------------------

class Schedule:
    """One vehicle's or driver's dispatched trips, sorted by start, for quick look-ups."""

    def __init__(self) -> None:
        self.starts: list[dt.datetime] = []
        self.items: list[Commitment] = []

    def add(self, commitment: Commitment) -> None:
        i = bisect.bisect_right(self.starts, commitment.start)
        self.starts.insert(i, commitment.start)
        self.items.insert(i, commitment)

    def remove(self, booking_id: int) -> None:
        keep = [c for c in self.items if c.booking_id != booking_id]
        self.items, self.starts = keep, [c.start for c in keep]

    def near(self, lo: dt.datetime, hi: dt.datetime) -> tuple[Commitment, ...]:
        """Trips that meet [lo, hi) (no trip is longer than LONGEST)."""
        first = bisect.bisect_left(self.starts, lo - LONGEST)
        last = bisect.bisect_left(self.starts, hi)
        return tuple(c for c in self.items[first:last] if c.end > lo)


@dataclass
class Pool:
    vehicles: list[VehicleFacts]
    drivers: list[DriverFacts]
    by_vehicle: dict[int, Schedule] = field(default_factory=lambda: defaultdict(Schedule))
    by_driver: dict[int, Schedule] = field(default_factory=lambda: defaultdict(Schedule))
    used: list[tuple[dt.datetime, int, UsedTrip]] = field(default_factory=list)  # sorted by start
    assigned: dict[int, tuple[int, int]] = field(default_factory=dict)


def make_pool(cars: int, buses: int, drivers: int) -> Pool:
    vehicles = [VehicleFacts(i, f"CAR-{i}", CAR_SEATS) for i in range(1, cars + 1)]
    vehicles += [VehicleFacts(cars + i, f"BUS-{i}", BUS_SEATS) for i in range(1, buses + 1)]
    # one driver in three holds D (minibus); the rest B2 or C
    classes = ("D", "B2", "C")
    crew = [DriverFacts(100 + i, f"driver {i}", licence_class=classes[i % 3], licence_expiry=dt.date(2040, 1, 1))
            for i in range(drivers)]
    return Pool(vehicles, crew)


def dispatch(pool: Pool, booking: Booking, policy: DispatchPolicy, balance: bool) -> bool:
    """Dispatch one booking on the pool as the service would; False when nothing fits."""
    trip = Trip(booking.id, booking.start, booking.end, booking.passengers)
    lo = day_bounds(local_date(trip.start, VN), VN)[0] - TURNAROUND
    hi = day_bounds(local_date(trip.end, VN), VN)[1] + TURNAROUND
    vehicles = [VehicleFacts(v.id, v.plate, v.seats, commitments=pool.by_vehicle[v.id].near(lo, hi))
                for v in pool.vehicles]
    drivers = [DriverFacts(d.staff_id, d.full_name, licence_class=d.licence_class, licence_expiry=d.licence_expiry,
                           commitments=pool.by_driver[d.staff_id].near(lo, hi)) for d in pool.drivers]
    if balance:
        left = bisect.bisect_left(pool.used, (trip.start - WINDOW - LONGEST,), key=lambda u: (u[0],))
        right = bisect.bisect_left(pool.used, (trip.start,), key=lambda u: (u[0],))
        use_v, use_d = trailing_usage((u[2] for u in pool.used[left:right]), trip.start, WINDOW)
    else:
        use_v, use_d = {}, {}  # nothing to balance: the first free car and driver
    choice = choose_pair(trip, vehicles, drivers, use_v, use_d, policy)
    if not choice.found:
        return False
    v, d = choice.vehicle.id, choice.driver.staff_id
    pool.by_vehicle[v].add(Commitment(booking.id, booking.start, booking.end))
    pool.by_driver[d].add(Commitment(booking.id, booking.start, booking.end))
    bisect.insort(pool.used, (booking.start, booking.id, UsedTrip(v, d, booking.start, booking.end, booking.km)),
                  key=lambda u: (u[0], u[1]))
    pool.assigned[booking.id] = (v, d)
    return True


def release(pool: Pool, booking: Booking) -> None:
    """A dispatched booking cancelled before departure frees its car and driver."""
    v, d = pool.assigned.pop(booking.id)
    pool.by_vehicle[v].remove(booking.id)
    pool.by_driver[d].remove(booking.id)
    pool.used = [u for u in pool.used if u[1] != booking.id]


@dataclass
class Run:
    refused: list[Booking]
    pool: Pool
    seconds: float


def simulate(bookings: list[Booking], cars: int, buses: int, drivers: int, order: str, balance: bool = True,
             right_size: bool = True) -> Run:
    """Dispatch every booking on a pool. `order` "approval": when the booking is approved (an hour
    after it is made); "evening": the dispatcher plans at 16:00 the day before (or at once when
    the booking comes later than that)."""
    policy = DispatchPolicy(turnaround=TURNAROUND, daily_duty_hours=10, tz=VN, right_size=right_size)
    events = []
    for b in bookings:
        when = b.booked_at + dt.timedelta(hours=1)
        if order == "evening":
            when = max(when, at(local_date(b.start, VN) - dt.timedelta(days=1), 16))
        if b.cancelled_at is None or b.cancelled_at > when:
            events.append((when, 1, b))
        if b.cancelled_at is not None:
            events.append((b.cancelled_at, 0, b))
    # cancellations first at a given moment; a planner goes through a batch in departure order
    events.sort(key=lambda e: (e[0], e[1], e[2].start, e[2].id))
    pool = make_pool(cars, buses, drivers)
    refused = []
    began = time.perf_counter()
    for _, kind, booking in events:
        if kind == 1:
            if not dispatch(pool, booking, policy, balance):
                refused.append(booking)
        elif booking.id in pool.assigned:
            release(pool, booking)
    return Run(refused, pool, time.perf_counter() - began)


def smallest_pool(bookings: list[Booking], order: str, buses: int, start_cars: int, spare_drivers: int) -> tuple[int, Run]:
    """The fewest cars (with `buses` minibuses and enough drivers) that serve every booking,
    counting up from `start_cars` (the rule is not monotone in the pool size, so no bisection)."""
    cars = max(start_cars, 1)
    while True:
        run = simulate(bookings, cars, buses, cars + buses + spare_drivers, order)
        if not run.refused:
            return cars, run
        cars += 1


def smallest_crew(bookings: list[Booking], order: str, cars: int, buses: int) -> int:
    """The fewest drivers that serve every booking on that pool."""
    low, high = 1, cars + buses + 3
    while low < high:
        mid = (low + high) // 2
        if simulate(bookings, cars, buses, mid, order).refused:
            low = mid + 1
        else:
            high = mid
    return high


def cv(values: list[float]) -> float:
    mean = statistics.fmean(values)
    return statistics.pstdev(values) / mean if mean else 0.0


def balance_of(run: Run, served: list[Booking]) -> dict:
    by_id = {b.id: b for b in served}
    km = defaultdict(float)
    hours = defaultdict(float)
    for booking_id, (v, d) in run.pool.assigned.items():
        b = by_id[booking_id]
        km[v] += b.km
        hours[d] += (b.end - b.start) / dt.timedelta(hours=1)
    vehicles = [v.id for v in run.pool.vehicles]
    crew = [d.staff_id for d in run.pool.drivers]
    cars = [v.id for v in run.pool.vehicles if v.seats == CAR_SEATS]
    return {"km": [km[v] for v in vehicles], "car_km": [km[v] for v in cars], "hours": [hours[d] for d in crew]}


def old_way_km(served: list[Booking], need: dict[str, int]) -> list[float]:
    """Km per car in the old way: each board's trips spread over its own cars first-free."""
    km = []
    for board, cars in need.items():
        free_at = [dt.datetime.min.replace(tzinfo=VN)] * cars
        per_car = [0.0] * cars
        for b in sorted((b for b in served if b.board == board), key=lambda b: b.start):
            for _ in range(cars_for(b)):
                i = next(i for i in range(cars) if free_at[i] <= b.start)
                free_at[i] = b.end + TURNAROUND
                per_car[i] += b.km
        km += per_car
    return km


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1))
    args = parser.parse_args(argv)
    began = time.perf_counter()
    end = dt.date(args.start.year + (args.start.month - 1 + args.months) // 12,
                  (args.start.month - 1 + args.months) % 12 + 1, 1)
    bookings = generate(args.seed, args.start, (end - args.start).days)
    served = [b for b in bookings if b.cancelled_at is None]
    by_kind = defaultdict(int)
    for b in served:
        by_kind[b.kind] += 1
    big = [b for b in served if b.passengers > passenger_seats(CAR_SEATS)]
    print(f"Demand: {args.months} month(s) from {args.start}, seed {args.seed}: {len(bookings)} bookings by "
          f"{len(BOARDS)} boards, {len(bookings) - len(served)} cancelled, {len(served)} trips "
          f"({by_kind['town']} in town, {by_kind['district']} district day trips, {by_kind['multiday']} multi-day; "
          f"{len(big)} delegations needing the minibus), {sum(b.km for b in served):,.0f} km")
    print("Boards (headcount, bookings/working day): "
          + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in BOARDS.items()))

    need = old_way(served)
    old_total = sum(need.values())
    lower, peak_at = peak_overlap([(b.start, b.end) for b in served], TURNAROUND)
    buses = max(peak_overlap([(b.start, b.end) for b in big], TURNAROUND)[0], 1 if big else 0)
    cars_online, online = smallest_pool(bookings, "approval", buses, lower - buses, spare_drivers=3)
    cars_evening, _ = smallest_pool(bookings, "evening", buses, lower - buses, spare_drivers=3)
    pool_size = cars_online + buses
    crew = smallest_crew(bookings, "approval", cars_online, buses)
    literal_pool = simulate(bookings, cars_online, buses, pool_size + 3, "approval", right_size=False)
    literal_old = simulate(bookings, old_total - buses, buses, old_total + 3, "approval", right_size=False)
    print()
    print("1. Vehicles needed for the same demand")
    print(f"   old way, every board its own cars        : {old_total:3d}  "
          f"({', '.join(f'{k} {v}' for k, v in need.items())})")
    print(f"   one shared pool, dispatched at approval  : {pool_size:3d}  "
          f"({cars_online} cars + {buses} minibuses; the fewest drivers that serve it: {crew})")
    print(f"   one shared pool, planned the evening before: {cars_evening + buses:3d}  "
          f"({cars_evening} cars + {buses} minibuses)")
    print(f"   lower bound, most trips at one moment    : {lower:3d}  "
          f"(on {peak_at.astimezone(VN):%Y-%m-%d %H:%M}; minibuses: at least {buses})")
    print(f"   the pool saves {old_total - pool_size} of {old_total} vehicles "
          f"({(old_total - pool_size) / old_total:.0%}) and is {pool_size - lower} above the lower bound")
    print(f"   (choosing the least used of all vehicles, whatever their size, instead of the least used of "
          f"the smallest class that fits: {len(literal_pool.refused)} bookings refused on the same pool, "
          f"{len(literal_old.refused)} even with {old_total} vehicles)")

    naive = simulate(bookings, cars_online, buses, pool_size + 3, "approval", balance=False)
    mine, theirs = balance_of(online, served), balance_of(naive, served)
    old_km = old_way_km(served, need)
    print()
    print(f"2. The dispatcher over the period on that pool ({cars_online} cars, {buses} minibuses, "
          f"{pool_size + 3} drivers)")
    print(f"   pool against the lower bound: {pool_size} / {lower} = {pool_size / lower:.2f}; "
          f"bookings refused: {len(online.refused)}")
    print(f"   km per car        least used: {min(mine['car_km']):,.0f}..{max(mine['car_km']):,.0f} "
          f"CV {cv(mine['car_km']):.3f} | first free: {min(theirs['car_km']):,.0f}..{max(theirs['car_km']):,.0f} "
          f"CV {cv(theirs['car_km']):.3f} | old way, per board: CV {cv(old_km):.3f}")
    print(f"   km per vehicle    least used: CV {cv(mine['km']):.3f} | first free: CV {cv(theirs['km']):.3f} "
          f"(minibuses included)")
    print(f"   hours per driver  least used: {min(mine['hours']):,.0f}..{max(mine['hours']):,.0f} "
          f"CV {cv(mine['hours']):.3f} | first free: {min(theirs['hours']):,.0f}..{max(theirs['hours']):,.0f} "
          f"CV {cv(theirs['hours']):.3f}")
    print(f"   the first-free dispatcher refused {len(naive.refused)} bookings on the same pool")
    hours_total = sum((b.end - b.start) / dt.timedelta(hours=1) for b in served)
    period_hours = (end - args.start).days * 24
    print(f"   booked hours over the pool's hours: {hours_total / (pool_size * period_hours):.1%} "
          f"(old way: {hours_total / (old_total * period_hours):.1%})")
    print(f"\nran in {time.perf_counter() - began:.1f} s "
          f"(one dispatch simulation of the period: {online.seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
