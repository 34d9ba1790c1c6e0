#!/usr/bin/env bash
# Every benchmark, one after the other; figures go to docs/performance.md by hand (one run each).
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
echo "== events";  $PY bench/events/bench_events.py
echo "== fleet demand (pool vs per-board cars, dispatcher balance)"; $PY bench/fleet/demand.py
echo "== gateway"; $PY bench/gateway/bench_gateway.py
echo "== attachments through the gateway (1 and 10 MiB, gateway peak RSS)"; $PY bench/gateway/bench_files.py
echo "== documents (PDF render p50/p99; a plain read while documents render)"
flock /tmp/office-platform.lock $PY bench/gateway/bench_documents.py
echo "== memory at rest (make run)"; $PY bench/memory/platform_rss.py
echo "== through the whole platform (fleet dispatch contention, finance hot budget)"; $PY bench/platform_benches.py
