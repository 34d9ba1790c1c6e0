#!/usr/bin/env bash
# Every benchmark, one after the other; figures go to docs/performance.md by hand (one run each).
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
echo "== events";  $PY bench/events/bench_events.py
echo "== fleet demand (pool vs per-board cars, dispatcher balance)"; $PY bench/fleet/demand.py
echo "== gateway"; $PY bench/gateway/bench_gateway.py
echo "== memory at rest (make run)"; $PY bench/memory/platform_rss.py
echo "== through the whole platform (fleet dispatch contention, finance hot budget)"; $PY bench/platform_benches.py
