"""Memory of the whole platform at rest under `make run`.

Starts `scripts/office_platform.py run` (the same as `make run`: ten processes, SQLite, the local
RabbitMQ, demo data), waits until it is up and seeded, lets it settle, then sums the resident
memory of every process in its tree: RSS (counts pages shared between forked gunicorn workers
once per process, so an upper bound) and PSS (shared pages divided among their sharers).
Target (issue 2): within 1.5 GB resident.

    .venv/bin/python bench/memory/platform_rss.py [--settle 10]
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.append(int(entry.name))
    return out


def tree(pid: int) -> list[int]:
    result, todo = [], [pid]
    while todo:
        p = todo.pop()
        result.append(p)
        todo.extend(children(p))
    return result


def memory_kb(pid: int) -> tuple[int, int, str]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        pss = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
        cmd = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")[:90]
        return rss, pss, cmd
    except (OSError, StopIteration):
        return 0, 0, ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--settle", type=float, default=10)
    args = parser.parse_args()
    proc = subprocess.Popen([sys.executable, "scripts/office_platform.py", "run"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        for line in proc.stdout:
            if "The platform is up" in line:
                break
            if time.monotonic() > deadline:
                raise SystemExit("platform did not start")
        else:
            raise SystemExit("platform exited before it was up")
        time.sleep(args.settle)
        urllib.request.urlopen("http://127.0.0.1:8080/health/ready", timeout=5).read()
        rows = [(pid, *memory_kb(pid)) for pid in tree(proc.pid)]
        rows = [r for r in rows if r[1]]
        total_rss = sum(r[1] for r in rows)
        total_pss = sum(r[2] for r in rows)
        for pid, rss, pss, cmd in sorted(rows, key=lambda r: -r[1]):
            print(f"{pid:>7} rss {rss / 1024:7.1f} MB  pss {pss / 1024:7.1f} MB  {cmd}")
        print(f"processes: {len(rows)}; total RSS {total_rss / 1024:.0f} MB; total PSS {total_pss / 1024:.0f} MB "
              f"(target: within 1,536 MB resident)")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
