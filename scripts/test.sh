#!/usr/bin/env bash
# Every test: each package's own tests, then the cross-service tests against the real processes,
# on the local PostgreSQL and RabbitMQ (started here when installed but stopped).
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  fi
  echo "PostgreSQL is needed at 127.0.0.1:5432 (user postgres, trust auth)."
  echo "  Debian/Ubuntu: apt-get install postgresql && pg_ctlcluster 15 main start"
  exit 1
}

ensure_rabbitmq() {
  if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then return 0; fi
  if command -v rabbitmq-server >/dev/null 2>&1; then
    echo "Starting RabbitMQ..."
    rabbitmq-server -detached || true
    for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && return 0; sleep 1; done
  fi
  echo "RabbitMQ is needed at 127.0.0.1:5672 (guest/guest)."
  echo "  Debian/Ubuntu: apt-get install rabbitmq-server && rabbitmq-server -detached"
  exit 1
}

ensure_postgres
ensure_rabbitmq
for tool in docker-compose promtool; do
  command -v $tool >/dev/null 2>&1 || echo "note: $tool is missing (apt-get install docker-compose prometheus); the deploy tests that need it will fail"
done

# The web console (web/), before `tests` (whose browser suite drives the built console): install
# when package-lock.json changed, Vitest, and the build the gateway serves (`tsc -b` checks every
# API call against the checked-in client types; tests/browser regenerates those types from the
# running platform's merged OpenAPI and fails on a difference: the drift check).
web_step() {
  command -v npm >/dev/null 2>&1 || { echo "npm is needed for web/ (apt-get install nodejs npm)"; return 1; }
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --no-audit --no-fund) || return 1
  fi
  (cd web && npx vitest run) || return 1
  (cd web && npm run build) || return 1
}
echo "=== web"
web_out=$(mktemp)
web_step 2>&1 | tee "$web_out"
web_rc=${PIPESTATUS[0]}
web_line=$(sed 's/\x1b\[[0-9;]*m//g' "$web_out" | grep -E "^ +Tests +" | tail -1)
p=$(echo "$web_line" | grep -oE "[0-9]+ passed" | grep -oE "[0-9]+" || true)
f=$(echo "$web_line" | grep -oE "[0-9]+ failed" | grep -oE "[0-9]+" || true)
rm -f "$web_out"

suites=(libs/buildingblocks/tests gateway/tests services/hr/tests services/finance/tests services/assets/tests services/fleet/tests tests)
passed=${p:-0}; failed=${f:-0}; status=0
[ "$web_rc" -ne 0 ] && { status=1; [ "${f:-0}" -eq 0 ] && failed=$((failed + 1)); }
for suite in "${suites[@]}"; do
  [ -d "$suite" ] || continue
  echo "=== $suite"
  out=$(mktemp)
  .venv/bin/pytest -q -p no:cacheprovider "$suite" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  line=$(grep -E "[0-9]+ (passed|failed|error)" "$out" | tail -1)
  p=$(echo "$line" | grep -oE "[0-9]+ passed" | grep -oE "[0-9]+" || true)
  f=$(echo "$line" | grep -oE "[0-9]+ failed" | grep -oE "[0-9]+" || true)
  e=$(echo "$line" | grep -oE "[0-9]+ errors?" | grep -oE "[0-9]+" || true)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
  if [ "$rc" -ne 0 ]; then status=1; [ "$rc" -eq 5 ] && echo "no tests collected in $suite"; fi
  rm -f "$out"
done
echo
echo "all suites: $passed passed, $failed failed"
exit $status
