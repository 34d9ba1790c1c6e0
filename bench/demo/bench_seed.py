"""How long `make run`'s seeding takes on SQLite, the demo history included (issue 13: < 60 s).

Migrates fresh SQLite databases of the four services in a temporary folder (not timed), then
runs each service's seed as `make run` does (its own process, DEMO_HISTORY=1) and prints the
seconds of each and the total; `--runs N` repeats on fresh databases. The gateway's seed (its
demo users) is left out: it writes a dozen rows.

    .venv/bin/python bench/demo/bench_seed.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVICES = ["hr", "finance", "assets", "fleet"]


def one_run(folder: Path) -> dict[str, float]:
    timings = {}
    for service in SERVICES:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder / service}.db", DEMO_HISTORY="1")
        cwd = ROOT / "services" / service
        subprocess.run([str(BIN / "alembic"), "-c", "alembic.ini", "upgrade", "head"], cwd=cwd, env=env, check=True,
                       capture_output=True)
        started = time.perf_counter()
        subprocess.run([str(BIN / "python"), "-m", f"{service}.entrypoints.seed"], cwd=cwd, env=env, check=True,
                       capture_output=True)
        timings[service] = time.perf_counter() - started
    timings["total"] = sum(timings.values())
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for n in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-seed-") as folder:
            runs.append(one_run(Path(folder)))
        print(f"run {n + 1}: " + ", ".join(f"{k} {v:.1f} s" for k, v in runs[-1].items()), flush=True)
    print("median: " + ", ".join(f"{k} {statistics.median(r[k] for r in runs):.1f} s" for k in runs[0]))


if __name__ == "__main__":
    main()
