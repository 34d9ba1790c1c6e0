# The two commands: `make run` starts the whole platform, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PACKAGES := libs/buildingblocks gateway services/hr services/finance services/assets services/fleet
STAMP := $(VENV)/.installed

.PHONY: run test test-browser install bench chaos docs clean kubernetes-rules dashboards

$(STAMP): $(foreach p,$(PACKAGES),$(p)/pyproject.toml) requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(foreach p,$(PACKAGES),-e $(p)) -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) scripts/office_platform.py run

test: install
	bash scripts/test.sh

# the console's browser scenarios (Chromium against the real platform); needs web/dist (make test builds it)
test-browser: install
	.venv/bin/pytest -q -p no:cacheprovider tests/browser

bench: install
	bash scripts/bench.sh

# faults survived (issue 15): kill -9 of each process, RabbitMQ and PostgreSQL restarts, the broker cut,
# under a steady load; restarts the machine's own RabbitMQ and PostgreSQL (docs/operations.md)
chaos: install
	$(PY) bench/chaos/chaos.py

# the Grafana dashboards (deploy/grafana/dashboards/*.json) from deploy/grafana/generate.py
dashboards: install
	$(PY) deploy/grafana/generate.py

docs: install
	$(PY) -m buildingblocks.contracts > docs/events.md

# the Kubernetes PrometheusRule from deploy/prometheus/rules/office.rules.yml (the one source of the alerts)
kubernetes-rules: install
	$(PY) deploy/kubernetes/prometheus_rule.py

clean:
	rm -rf var
