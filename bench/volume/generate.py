"""Fill the four services' PostgreSQL databases with a province's history (issue 16).

    python bench/volume/generate.py --scale 1      # one province-year
    python bench/volume/generate.py --scale 10     # ten years

Each service's database is `bench_volume_<scale>_<service>` (made anew here, migrated, and given
the demo organisation by the services' own seeds when `bench_reads.py` starts the platform on
them); this module adds the volume with bulk `INSERT ... SELECT` and `COPY`, keeping the
invariants the services keep:

- hr: 20 units, 400 staff a year of history (the first 400 active, older ones left), each with the
  appointment that placed them;
- finance: a budget per board, category and year; 30,000 expenses a year (paid, rejected,
  withdrawn; only the current year's last ones still held), each with its ledger entries
  (reserved, then released and spent) so that every budget's figures are sums of its ledger and
  no budget is overspent (its allocation covers what it reserved and spent);
- fleet: 40 vehicles; 6,000 bookings a year, completed trips never overlapping on a vehicle, with
  km and fuel; some cancelled and rejected;
- assets: 8,000 assets a year acquired over the period, each with its history row and a wear row
  per closed fiscal year since acquisition (the yearly wear run), runs recorded.

At scale k the history covers the k fiscal years ending with the current one. Dates, names and
amounts are drawn from a seeded generator: two runs give the same rows.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "libs" / "buildingblocks" / "src"))

from buildingblocks.cars import plate_key  # noqa: E402
from buildingblocks.search import fold  # noqa: E402
from buildingblocks.testing import TEST_DATABASE_BASE, _admin_dsn  # noqa: E402

SERVICES = ("hr", "finance", "fleet", "assets")
ALL = SERVICES + ("gateway",)
BOARDS = ["VP", "BTC", "UBKT", "BTGDV", "BNC"]
PER_YEAR = {"staff": 400, "expenses": 30_000, "bookings": 6_000, "assets": 8_000}
VEHICLES = 40
UNITS_TOTAL = 20

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thu", "Hữu", "Đức", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
PURPOSES = ["Công tác kiểm tra cơ sở", "Dự hội nghị", "Làm việc với huyện ủy", "Khảo sát thực tế",
            "Đưa đón đoàn công tác", "Giám sát chuyên đề", "Tiếp xúc cử tri", "Kiểm tra đảng viên"]
PLACES = ["Huyện Ia Grai", "Huyện Chư Sê", "Thị xã An Khê", "Huyện Đak Đoa", "Huyện Krông Pa",
          "Thành phố Pleiku", "Huyện Mang Yang", "Huyện Đức Cơ", "Huyện Kbang", "Hà Nội"]
EXPENSE_TEXT = ["Công tác phí đoàn kiểm tra", "Văn phòng phẩm quý", "Tiếp khách đoàn công tác",
                "Hội nghị sơ kết", "Sửa chữa máy in", "Mua tài liệu nghiệp vụ", "Cước viễn thông",
                "Xăng xe công tác", "In ấn tài liệu hội nghị", "Bồi dưỡng báo cáo viên"]
ASSET_NAMES = ["Máy tính để bàn", "Máy tính xách tay", "Máy in laser", "Bàn làm việc", "Tủ hồ sơ",
               "Điều hòa nhiệt độ", "Máy chiếu", "Ghế họp", "Máy photocopy", "Máy scan"]


# BENCH_VOLUME_NAME gives the databases another prefix (two benchmarks on one machine at once)
NAME = os.environ.get("BENCH_VOLUME_NAME", "bench_volume")


def database_url(scale: int, service: str) -> str:
    return TEST_DATABASE_BASE.rstrip("/") + f"/{NAME}_{scale}_{service}"


def create_databases(scale: int) -> dict[str, str]:
    """Drop and make the empty databases of `scale`; service -> SQLAlchemy URL."""
    urls = {}
    with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
        for service in ALL:
            name = f"{NAME}_{scale}_{service}"
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
            urls[service] = database_url(scale, service)
    return urls


def connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def copy_rows(cur, table: str, columns: list[str], rows) -> int:
    n = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def years_of(scale: int, today: dt.date) -> list[int]:
    return list(range(today.year - scale + 1, today.year + 1))


def name_of(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def day_in(rng: random.Random, year: int, today: dt.date) -> dt.date:
    last = min(dt.date(year, 12, 31), today - dt.timedelta(days=3))
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


# -- hr ---------------------------------------------------------------------------------------
def fill_hr(conn, scale: int, today: dt.date, rng: random.Random) -> dict:
    cur = conn.cursor()
    units = [r[0] for r in cur.execute("SELECT code FROM units ORDER BY code")]
    extra = []
    for i in range(UNITS_TOTAL - len(units)):
        board = BOARDS[1 + i % 4]
        code = f"{board}-P{i + 1}"
        name = f"Phòng nghiệp vụ {i + 1} ({board})"
        cur.execute("INSERT INTO units (code, created_at) VALUES (%s, now())", (code,))
        cur.execute("INSERT INTO unit_versions (code, name, kind, parent_code, valid_from, recorded_at, recorded_by,"
                    " search_text) VALUES (%s, %s, 'department', %s, %s, now(), 'bench', %s)",
                    (code, name, board, dt.date(today.year - scale, 1, 1), fold(f"{code} {name}")))
        extra.append(code)
    units += extra
    staff_rows, appointment_rows = [], []
    now = dt.datetime.now(dt.timezone.utc)
    total = PER_YEAR["staff"] * scale
    for i in range(total):
        sid = 1000 + i
        full_name = name_of(rng)
        unit = units[i % len(units)]
        hired = dt.date(today.year - scale, 1, 1) + dt.timedelta(days=rng.randrange(365 * scale))
        active = i < PER_YEAR["staff"]
        left = None if active else min(today - dt.timedelta(days=1), hired + dt.timedelta(days=rng.randrange(30, 1500)))
        staff_rows.append((sid, full_name, unit, "specialist", "active" if active else "left", hired, left,
                           fold(full_name), now, now))
        appointment_rows.append((sid, unit, hired, left, "hire", "bench", now))
    copy_rows(cur, "staff", ["id", "full_name", "unit", "title_rank", "status", "hired_on", "left_on", "search_text",
                             "created_at", "updated_at"], staff_rows)
    copy_rows(cur, "appointments", ["staff_id", "unit", "start_date", "end_date", "reason", "recorded_by",
                                    "recorded_at"], appointment_rows)
    conn.commit()
    return {"units": len(units), "staff": total, "appointments": total}


# -- finance ----------------------------------------------------------------------------------
def fill_finance(conn, scale: int, today: dt.date, rng: random.Random) -> dict:
    cur = conn.cursor()
    years = years_of(scale, today)
    pairs = cur.execute("SELECT DISTINCT unit, category FROM budgets ORDER BY unit, category").fetchall()
    for year in years:
        cur.executemany("INSERT INTO budgets (fiscal_year, unit, category, created_by, created_at) "
                        "VALUES (%s, %s, %s, 'bench', now()) ON CONFLICT DO NOTHING",
                        [(year, u, c) for u, c in pairs])
    budgets = {(y, u, c): bid for bid, y, u, c in
               cur.execute("SELECT id, fiscal_year, unit, category FROM budgets WHERE fiscal_year = ANY(%s)", (years,))}
    staff = [r for r in cur.execute("SELECT id, full_name, unit FROM replica_staff ORDER BY id")] or [(5, "Hoàng Văn Nam", "VP")]
    rows = []
    n = PER_YEAR["expenses"] * scale
    for i in range(n):
        year = years[i * len(years) // n]
        unit, category = pairs[rng.randrange(len(pairs))]
        sid, sname, _ = staff[rng.randrange(len(staff))]
        on = day_in(rng, year, today)
        amount = rng.randrange(2, 400) * 50_000
        text = f"{rng.choice(EXPENSE_TEXT)} {on.month}/{year}"
        roll = rng.random()
        recent = year == today.year and (today - on).days < 30
        status = ("submitted" if roll < 0.5 else "approved") if recent and roll < 0.8 else \
            "paid" if roll < 0.9 else "rejected" if roll < 0.95 else "withdrawn"
        paid = amount - (rng.randrange(0, 5) * 10_000 if amount > 100_000 else 0) if status == "paid" else None
        at = dt.datetime.combine(on, dt.time(9), tzinfo=dt.timezone.utc)
        rows.append((unit, year, category, amount, 1, sid, "specialist", on, text, status,
                     budgets[(year, unit, category)], paid, "bench", sid, at, at, fold(f"{text} {category} {sname}")))
    rows.sort(key=lambda row: row[7])  # filed day by day, as requests are: a month's side by side, ids rising with dates
    copy_rows(cur, "expenses", ["unit", "fiscal_year", "category", "amount_vnd", "quantity", "beneficiary_staff_id",
                                "beneficiary_title_rank", "date", "description", "status", "budget_id",
                                "paid_amount_vnd", "requested_by", "requested_by_staff_id", "created_at",
                                "updated_at", "search_text"], rows)
    # the entries go in in the order they were recorded, as a ledger that is only ever appended to
    # holds them (a month's entries side by side, not scattered over ten years of pages)
    mine = "FROM expenses WHERE requested_by = 'bench'"
    cur.execute(f"""INSERT INTO ledger_entries (budget_id, fiscal_year, unit, category, kind, amount_vnd, source,
                    source_id, overrun, note, recorded_by, recorded_at)
                    SELECT * FROM (
                    SELECT budget_id, fiscal_year, unit, category, 'reserved', amount_vnd, 'finance.expense',
                        id::text, false, '', 'bench', created_at {mine}
                    UNION ALL SELECT budget_id, fiscal_year, unit, category, 'released', amount_vnd, 'finance.expense',
                        id::text, false, '', 'bench', created_at + interval '3 days'
                        {mine} AND status IN ('paid', 'rejected', 'withdrawn')
                    UNION ALL SELECT budget_id, fiscal_year, unit, category, 'spent', paid_amount_vnd, 'finance.expense',
                        id::text, false, '', 'bench', created_at + interval '3 days' {mine} AND status = 'paid'
                    -- every budget's allocation covers what it reserved and spent, with room to spare
                    UNION ALL SELECT b.id, b.fiscal_year, b.unit, b.category, 'allocated',
                        coalesce((SELECT sum(amount_vnd) FROM expenses e WHERE e.budget_id = b.id), 0) + 500000000,
                        'finance.allocation', b.id::text, false, 'bench', 'bench',
                        make_timestamptz(b.fiscal_year, 1, 2, 8, 0, 0, 'UTC')
                        FROM budgets b WHERE b.fiscal_year = ANY(%s)
                    ) AS entries ORDER BY 12""", (years,))
    # every budget row's running figures (finance's migration 0008) become its ledger's sums, as that
    # migration's backfill makes them
    import importlib.util
    path = ROOT / "services" / "finance" / "migrations" / "versions" / "0008_budget_figures.py"
    spec = importlib.util.spec_from_file_location("finance_0008", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    cur.execute(migration.BACKFILL)
    conn.commit()
    entries = cur.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]
    return {"budgets": len(budgets), "expenses": n, "ledger_entries": entries}


# -- fleet ------------------------------------------------------------------------------------
def fill_fleet(conn, scale: int, today: dt.date, rng: random.Random) -> dict:
    cur = conn.cursor()
    have = cur.execute("SELECT count(*) FROM vehicles").fetchone()[0]
    for i in range(VEHICLES - have):
        plate = f"81A-9{i // 100:01d}{i % 100:02d}.{rng.randrange(10, 99)}"
        seats = rng.choice([5, 5, 7, 7, 16])
        model = rng.choice(["Toyota Camry", "Toyota Innova", "Ford Everest", "Ford Transit", "Mazda CX-5"])
        cur.execute("""INSERT INTO vehicles (plate, plate_key, model, seats, fuel_type, fuel_norm_l_per_100km,
                       odometer_km, status, search_text, created_at, updated_at)
                       VALUES (%s, %s, %s, %s, 'petrol', %s, 0, 'available', %s, now(), now())""",
                    (plate, plate_key(plate), model, seats, 9.5 if seats < 16 else 13.0,
                     fold(f"{plate} {plate.replace('-', '').replace('.', '')} {model}")))
    vehicles = [r[0] for r in cur.execute("SELECT id FROM vehicles WHERE status = 'available' ORDER BY id")]
    drivers = [r[0] for r in cur.execute("SELECT id FROM replica_staff WHERE licence_class IS NOT NULL ORDER BY id")] or [10]
    staff = [r for r in cur.execute("SELECT id, full_name, unit FROM replica_staff ORDER BY id")] or [(5, "Hoàng Văn Nam", "VP")]
    years = years_of(scale, today)
    per_vehicle_year = PER_YEAR["bookings"] // len(vehicles) + 1
    rows = []
    n = PER_YEAR["bookings"] * scale
    for i in range(n):
        year = years[i * len(years) // n]
        j = (i % (n // len(years))) // len(vehicles)  # the vehicle's j-th trip of the year
        vehicle = vehicles[i % len(vehicles)]
        span = (min(dt.date(year, 12, 31), today - dt.timedelta(days=2)) - dt.date(year, 1, 1)).days
        day = dt.date(year, 1, 1) + dt.timedelta(days=j * span // per_vehicle_year)
        start = dt.datetime.combine(day, dt.time(1 + rng.randrange(3)), tzinfo=dt.timezone.utc)
        end = start + dt.timedelta(hours=rng.randrange(2, 9))
        sid, sname, _ = staff[rng.randrange(len(staff))]
        unit = BOARDS[rng.randrange(len(BOARDS))]
        purpose, place = rng.choice(PURPOSES), rng.choice(PLACES)
        roll = rng.random()
        status = "completed" if roll < 0.88 else "cancelled" if roll < 0.95 else "rejected"
        done = status == "completed"
        km = rng.randrange(20, 400) if done else None
        litres = round(km * 0.1, 1) if done else None
        rows.append((unit, "bench", sid, sname, purpose, place, start, end, rng.randrange(1, 5), status, start, start,
                     "bench" if status != "cancelled" else None, vehicle if done else None,
                     drivers[rng.randrange(len(drivers))] if done else None,
                     end + dt.timedelta(minutes=30) if done else None, "least_used" if done else None,
                     start if done else None, end if done else None, km, litres, round(litres * 25_000) if done else None,
                     litres, False, fold(f"{purpose} {place} {sname}")))
    copy_rows(cur, "bookings", ["unit", "requested_by", "requester_staff_id", "requester_name", "purpose",
                                "destination", "start_at", "end_at", "passengers", "status", "created_at",
                                "updated_at", "decided_by", "vehicle_id", "driver_id", "blocked_until",
                                "dispatch_mode", "started_at", "ended_at", "km", "fuel_litres", "fuel_cost_vnd",
                                "fuel_expected_litres", "fuel_flagged", "search_text"], rows)
    conn.commit()
    return {"vehicles": len(vehicles), "bookings": n}


# -- assets -----------------------------------------------------------------------------------
def assets_migration(name: str):
    """One of the assets service's migrations as a module (its backfill SQL fills what it would)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "services/assets/migrations/versions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fill_assets(conn, scale: int, today: dt.date, rng: random.Random) -> dict:
    cur = conn.cursor()
    categories = cur.execute("SELECT code, wear_rate_pct FROM categories WHERE NOT is_vehicle ORDER BY code").fetchall()
    years = years_of(scale, today)
    n = PER_YEAR["assets"] * scale
    now = dt.datetime.now(dt.timezone.utc)
    rows = []
    for i in range(n):
        year = years[i * len(years) // n] - 1  # bought the year before: worn from that year on
        code, _ = categories[rng.randrange(len(categories))]
        name = rng.choice(ASSET_NAMES)
        tag = f"BV-{year}-{i:06d}"
        acquired = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        status = "disposed" if rng.random() < 0.05 else "in_use"
        # disposed two years on, or today: the Office records no disposal dated after today
        disposed_on = min(acquired + dt.timedelta(days=700), today) if status == "disposed" else None
        rows.append((tag, code, name, BOARDS[rng.randrange(len(BOARDS))], acquired, rng.randrange(2, 300) * 500_000,
                     status, disposed_on, "{}", "register",
                     fold(f"{tag} {name} {code}"), "bench", now, now))
    copy_rows(cur, "assets", ["tag", "category", "name", "unit", "acquired_on", "original_cost_vnd", "status",
                              "disposed_on", "attributes", "source", "search_text", "created_by", "created_at",
                              "updated_at"], rows)
    cur.execute("""INSERT INTO asset_history (asset_id, kind, effective_on, recorded_at, actor, to_unit, to_status)
                   SELECT id, 'registered', acquired_on, now(), 'bench', unit, 'in_use'
                   FROM assets WHERE created_by = 'bench'""")
    wear_years = [y for y in range(years[0] - 1, today.year)]
    for y in wear_years:
        cur.execute("""INSERT INTO wear_runs (fiscal_year, first_run_at, first_run_by, last_run_at, last_run_by, executions)
                       VALUES (%s, make_timestamptz(%s, 12, 31, 10, 0, 0, 'UTC'), 'bench',
                               make_timestamptz(%s, 12, 31, 10, 0, 0, 'UTC'), 'bench', 1)
                       ON CONFLICT (fiscal_year) DO NOTHING""", (y, y, y))
    # a wear row per asset and closed year since its acquisition, while it was held (rate x cost)
    cur.execute("""INSERT INTO wear_entries (asset_id, fiscal_year, run_id, unit, wear_rate_pct, amount_vnd, recorded_at)
                   SELECT a.id, r.fiscal_year, r.id, a.unit, c.wear_rate_pct,
                          (a.original_cost_vnd * c.wear_rate_pct / 100)::bigint, r.last_run_at
                   FROM assets a JOIN categories c ON c.code = a.category
                   JOIN wear_runs r ON r.fiscal_year >= extract(year FROM a.acquired_on)
                        AND (a.disposed_on IS NULL OR r.fiscal_year < extract(year FROM a.disposed_on))
                        AND r.fiscal_year < %s
                   WHERE a.created_by = 'bench'
                     AND NOT EXISTS (SELECT 1 FROM wear_entries w WHERE w.asset_id = a.id AND w.fiscal_year = r.fiscal_year)""",
                (today.year,))
    # the wear summaries the wear run keeps (assets 0007): summary == sum of the entries
    cur.execute("DELETE FROM asset_wear")
    cur.execute("""INSERT INTO asset_wear (asset_id, accumulated_wear_vnd, last_fiscal_year)
                   SELECT asset_id, sum(amount_vnd), max(fiscal_year) FROM wear_entries GROUP BY asset_id""")
    # the register's running totals (assets 0008): the assets on the books, all their wear and each year's
    cur.execute("DELETE FROM register_changes")  # the seed's, counted again below
    cur.execute("DELETE FROM register_totals")
    for statement in assets_migration("0008_register_totals").BACKFILL:
        cur.execute(statement)
    cur.execute("DELETE FROM wear_run_units")
    cur.execute("""INSERT INTO wear_run_units (run_id, unit, asset_count, wear_vnd)
                   SELECT run_id, unit, count(*), sum(amount_vnd) FROM wear_entries GROUP BY run_id, unit""")
    conn.commit()
    wear = cur.execute("SELECT count(*) FROM wear_entries").fetchone()[0]
    return {"assets": n, "wear_entries": wear}


def replicate_staff(hr_url: str, urls: dict[str, str]) -> None:
    """What HR's staff events would have told the others: the generated staff in their replicas."""
    with connect(hr_url) as hr:
        rows = hr.execute("SELECT id, full_name, unit, title_rank, status FROM staff WHERE id >= 1000").fetchall()
    for service in ("finance", "fleet", "assets"):
        with connect(urls[service]) as conn:
            if conn.execute("SELECT to_regclass('replica_staff')").fetchone()[0] is None:
                continue
            copy_rows(conn.cursor(), "replica_staff", ["id", "full_name", "unit", "title_rank", "status",
                                                       "is_driver", "updated_at"],
                      (r + (False, dt.datetime.now(dt.timezone.utc)) for r in rows))


FILLERS = {"hr": fill_hr, "finance": fill_finance, "fleet": fill_fleet, "assets": fill_assets}


def fill(scale: int, urls: dict[str, str], today: dt.date | None = None, seed: int = 2026,
         services=SERVICES) -> dict:
    """Add the volume of `scale` to the seeded databases; ANALYZE them; what was added, per service."""
    today = today or dt.date.today()
    report = {}
    for service in services:
        started = time.monotonic()
        with connect(urls[service]) as conn:
            report[service] = FILLERS[service](conn, scale, today, random.Random(f"{seed}-{service}"))
            conn.commit()
            conn.autocommit = True
            conn.execute("VACUUM ANALYZE")
        report[service]["seconds"] = round(time.monotonic() - started, 1)
        if service == "hr":
            replicate_staff(urls["hr"], urls)
    return report


def prepare(scale: int) -> dict[str, str]:
    """Without the platform (for EXPLAIN ANALYZE): the databases made, migrated and seeded, HR's demo
    staff and units copied into the others' replicas as its events would have; service -> URL."""
    import os
    import subprocess

    sys.path.insert(0, str(ROOT / "scripts"))
    from office_platform import PACKAGES, SEED_ORDER, migrate

    urls = create_databases(scale)
    packages = {p.name: p for p in PACKAGES}
    env = dict(os.environ, BROKER_URL="amqp://guest:guest@127.0.0.1:5672/%2F", JWT_SECRET="bench-volume",
               INTERNAL_TOKEN_SECRET="bench-volume", EVENTS_EXCHANGE=f"{NAME}.events",
               QUEUE_PREFIX=f"{NAME}.")
    for name, package in packages.items():
        migrate(package, dict(env, DATABASE_URL=urls[name]))
    for name in SEED_ORDER:
        if name == "hr":
            subprocess.run(packages[name].seed_command(), cwd=packages[name].path, check=True,
                           env=dict(env, DATABASE_URL=urls[name]), stdout=subprocess.DEVNULL)
            with connect(urls["hr"]) as hr:
                staff = hr.execute("""SELECT s.id, s.full_name, s.unit, s.title_rank, s.status, s.licence_class,
                                             s.licence_expiry, coalesce(pv.is_driver, false)
                                      FROM staff s LEFT JOIN position_versions pv
                                        ON pv.position_id = s.position_id AND pv.valid_to IS NULL""").fetchall()
                units = hr.execute("SELECT code, name, kind, parent_code, valid_from FROM unit_versions "
                                   "WHERE valid_to IS NULL").fetchall()
            now = dt.datetime.now(dt.timezone.utc)
            for other in ("finance", "fleet", "assets"):
                with connect(urls[other]) as conn:
                    cur = conn.cursor()
                    copy_rows(cur, "replica_staff", ["id", "full_name", "unit", "title_rank", "status", "licence_class",
                                                     "licence_expiry", "is_driver", "updated_at"],
                              (r + (now,) for r in staff))
                    if conn.execute("SELECT to_regclass('replica_units')").fetchone()[0] is not None:
                        copy_rows(cur, "replica_units", ["code", "name", "kind", "parent_code", "valid_from",
                                                         "updated_at"], (r + (now,) for r in units))
        else:
            subprocess.run(packages[name].seed_command(), cwd=packages[name].path, check=True,
                           env=dict(env, DATABASE_URL=urls[name]), stdout=subprocess.DEVNULL)
    return urls


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--only", nargs="+", default=SERVICES, choices=SERVICES,
                        help="fill only these services' databases (already made, migrated and seeded)")
    parser.add_argument("--prepare", action="store_true",
                        help="first make, migrate and seed the databases without the platform (for EXPLAIN)")
    args = parser.parse_args(argv)
    urls = prepare(args.scale) if args.prepare else {s: database_url(args.scale, s) for s in SERVICES}
    print(fill(args.scale, urls, services=args.only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
