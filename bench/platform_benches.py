"""The benchmarks that need the whole platform: start it (real processes on PostgreSQL, as the
end-to-end tests do), run fleet's dispatch contention and finance's hot budget through the
gateway, print their figures, stop it.

    .venv/bin/python bench/platform_benches.py
    .venv/bin/python bench/platform_benches.py --baseline 22fd30a --rounds 3

With `--baseline REV` the finance and fleet web processes are run alternately from the code at
REV (a temporary git worktree put first on their PYTHONPATH: the services and the building
blocks) and from this working tree, on the one platform, `--rounds` times each, and the medians
of both are printed with their ratio: a before/after comparison from one run, so that the noise
of a shared machine falls on both sides alike.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import Platform  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
COMPARED = ("finance", "fleet")  # the services whose web processes run from the baseline's code


def benches(platform: Platform) -> list[tuple[str, list[str]]]:
    fleet_db = platform.db_urls["fleet"].replace("postgresql+psycopg://", "postgresql://")
    return [
        ("dispatch named req/s", ["bench/fleet/dispatch_contention.py", "--gateway", platform.gateway,
                                  "--mode", "named", "--database-url", fleet_db]),
        ("dispatch chosen req/s", ["bench/fleet/dispatch_contention.py", "--gateway", platform.gateway,
                                   "--mode", "chosen", "--database-url", fleet_db]),
        ("hot budget submissions/s", ["bench/finance/hot_budget.py", "--gateway", platform.gateway,
                                      "--username", "ketoan.vp", "--password", "demo-2026", "--requests", "2000",
                                      "--concurrency", "16", "--json"]),
    ]


def figure(output: str) -> float | None:
    """The throughput a bench printed: hot_budget's JSON line, dispatch_contention's `= N req/s`."""
    for line in output.splitlines():
        if line.startswith("{"):
            return float(json.loads(line)["submissions_per_s"])
    found = re.search(r"= (\d+(?:\.\d+)?) req/s", output)
    return float(found.group(1)) if found else None


def run_all(platform: Platform, label: str, figures: dict) -> int:
    status = 0
    for name, args in benches(platform):
        shown = [a for a in args if "://" not in a]
        print(f"== [{label}] " + " ".join(shown), flush=True)
        done = subprocess.run([PY, *args], cwd=ROOT, capture_output=True, text=True)
        print(done.stdout + done.stderr, end="", flush=True)
        status |= done.returncode
        figures.setdefault((name, label), []).append(figure(done.stdout))
    return status


def use_code(platform: Platform, source: Path | None) -> None:
    """Restart the compared services' web processes on the code under `source` (None: this tree)."""
    if source is None:
        platform.base_env.pop("PYTHONPATH", None)
    for name in COMPARED:
        if source is not None:
            platform.base_env["PYTHONPATH"] = f"{source / 'services' / name / 'src'}:{source / 'libs' / 'buildingblocks' / 'src'}"
        platform.stop_process(f"{name}-web")
        platform.start_process(name, "web")
        platform._wait(f"http://127.0.0.1:{platform.packages[name].port}/health/ready", f"{name}-web")
    platform.base_env.pop("PYTHONPATH", None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", help="a git revision to compare this working tree with")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    logdir = Path(tempfile.mkdtemp(prefix="office-bench-"))
    worktree = logdir / "baseline"
    if args.baseline:
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.baseline], cwd=ROOT, check=True,
                       capture_output=True)
    platform = Platform(logdir).start()
    figures: dict = {}
    status = 0
    try:
        if not args.baseline:
            return run_all(platform, "this tree", figures)
        for round_ in range(args.rounds):
            order = [("baseline", worktree), ("this tree", None)]
            for label, source in (order if round_ % 2 == 0 else order[::-1]):
                use_code(platform, source)
                status |= run_all(platform, label, figures)
        print(f"\nmedians of {args.rounds} rounds, baseline {args.baseline} against this tree:")
        for name, _ in benches(platform):
            before = statistics.median(v for v in figures[(name, "baseline")] if v is not None)
            after = statistics.median(v for v in figures[(name, "this tree")] if v is not None)
            print(f"  {name:28} {before:8.1f} -> {after:8.1f}  ({after / before:.2f}x)  "
                  f"rounds: {figures[(name, 'baseline')]} -> {figures[(name, 'this tree')]}")
        return status
    finally:
        platform.stop()
        if args.baseline:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
