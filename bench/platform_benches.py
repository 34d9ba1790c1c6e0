"""The benchmarks that need the whole platform: start it (real processes on PostgreSQL, as the
end-to-end tests do), run fleet's dispatch contention and finance's hot budget through the
gateway, print their figures, stop it.

    .venv/bin/python bench/platform_benches.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import Platform  # noqa: E402


def main() -> int:
    logdir = Path(tempfile.mkdtemp(prefix="office-bench-"))
    platform = Platform(logdir).start()
    py = str(ROOT / ".venv" / "bin" / "python")
    fleet_db = platform.db_urls["fleet"].replace("postgresql+psycopg://", "postgresql://")
    runs = [
        ["bench/fleet/dispatch_contention.py", "--gateway", platform.gateway, "--mode", "named",
         "--database-url", fleet_db],
        ["bench/fleet/dispatch_contention.py", "--gateway", platform.gateway, "--mode", "chosen",
         "--database-url", fleet_db],
        ["bench/finance/hot_budget.py", "--gateway", platform.gateway, "--username", "ketoan.vp",
         "--password", "demo-2026", "--requests", "2000", "--concurrency", "16"],
    ]
    status = 0
    try:
        for args in runs:
            shown = [a for a in args if "://" not in a]
            print("== " + " ".join(shown), flush=True)
            status |= subprocess.run([py, *args], cwd=ROOT).returncode
    finally:
        platform.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
