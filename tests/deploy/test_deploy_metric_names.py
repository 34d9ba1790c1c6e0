"""Every metric a dashboard panel or an alert rule reads is exported by a real process.

Scrapes /metrics of the platform's ten processes (the gateway's web metrics on METRICS_PORT) and
compares with the series names of every PromQL expression in deploy/grafana/dashboards and
deploy/prometheus/rules. A misspelt or removed metric would leave a panel empty and an alert
silent for ever, with nothing else to notice it.

Runs on the `platform` fixture: `flock /tmp/office-platform.lock .venv/bin/pytest tests/deploy/test_deploy_metric_names.py`.
"""
from __future__ import annotations

import json
import re

import pytest
import requests
import yaml
from deploy_helpers import PROMETHEUS_DIR, ROOT
from test_deploy_prometheus import metric_names

DASHBOARDS = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))
RULE_FILES = sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
# Series no platform process exports: Prometheus's own, and the broker's (rabbitmq_prometheus with
# per-object metrics, deploy/rabbitmq/rabbitmq.conf; the local test broker has no such plugin).
PROMETHEUS_OWN = {"up"}
RABBITMQ_PLUGIN = {"rabbitmq_queue_messages", "rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked"}
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("_sum", "_count"), "counter": ("_total", "_created")}


def expressions() -> dict[str, str]:
    """Where -> PromQL, for every dashboard target and every alert."""
    found = {}
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        for panel in (p for top in dashboard["panels"] for p in (top, *top.get("panels", []))):
            for target in panel.get("targets", []):
                found[f"{path.name}: {panel['title']} ({target['refId']})"] = target["expr"]
    for path in RULE_FILES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                found[f"{path.name}: {rule.get('alert') or rule.get('record')}"] = rule["expr"]
    return found


def exported_names(exposition: str) -> set[str]:
    """Every series name an exposition can produce: its samples, and each declared family with the
    suffixes of its type (a histogram `x` gives x_bucket, x_sum and x_count)."""
    names = set()
    for line in exposition.splitlines():
        declared = re.match(r"# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)", line)
        if declared:
            name, kind = declared.groups()
            names.add(name)
            base = name.removesuffix("_total") if kind == "counter" else name
            names.update(base + suffix for suffix in SUFFIXES.get(kind, ()))
        elif line and not line.startswith("#"):
            names.add(re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0))
    return names


def unknown(exprs: dict[str, str], exported: set[str]) -> dict[str, set[str]]:
    """Where -> the names it reads that nothing exports."""
    allowed = exported | PROMETHEUS_OWN | RABBITMQ_PLUGIN
    return {where: missing for where, expr in exprs.items() if (missing := metric_names(expr) - allowed)}


def test_exported_names_follow_the_families_types():
    text = "\n".join([
        "# HELP http_request_duration_seconds x", "# TYPE http_request_duration_seconds histogram",
        "# HELP events_parked_total x", "# TYPE events_parked_total counter",
        'fleet_bookings{status="requested"} 2.0',
    ])
    names = exported_names(text)
    assert {"http_request_duration_seconds_bucket", "http_request_duration_seconds_count", "events_parked_total",
            "fleet_bookings"} <= names
    assert "events_parked_total_bucket" not in names and "fleet_bookings_total" not in names


def test_a_misspelt_metric_is_reported():
    exprs = {"panel": 'sum by (service) (rate(http_requests_totl{service=~"$service"}[5m]))',
             "alert": 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2'}
    exported = exported_names("# TYPE http_requests_total counter\n# TYPE http_request_duration_seconds histogram")
    assert unknown(exprs, exported) == {"panel": {"http_requests_totl"}}


def test_there_are_expressions_to_check():
    exprs = expressions()
    assert sum(where.endswith(")") for where in exprs) >= 30, "the dashboards' targets were not found"
    assert sum(".rules.yml" in where for where in exprs) >= 10, "the alert rules were not found"


@pytest.fixture(scope="module")
def exported(platform) -> set[str]:
    """The names the ten running processes export, after a little traffic through the gateway."""
    client = platform.client("chuyenvien.btc")
    assert client.get("/fleet/bookings").status_code == 200
    requests.post(f"{platform.gateway}/api/v1/auth/token", json={"username": "nobody", "password": "wrong"}, timeout=10)
    names: set[str] = set()
    for name, package in platform.packages.items():
        web = f"http://127.0.0.1:{platform.gateway_metrics_port if name == 'gateway' else package.port}/metrics"
        for url in (web, f"{platform.worker_url(name)}/metrics"):
            answer = requests.get(url, timeout=10)
            assert answer.status_code == 200, url
            names |= exported_names(answer.text)
    return names


def test_every_panel_and_alert_reads_metrics_a_process_exports(exported):
    assert {"http_requests_total", "outbox_backlog", "fleet_utilization_ratio"} <= exported, "the scrape found little"
    missing = unknown(expressions(), exported)
    assert not missing, "\n".join(f"{where} reads {sorted(names)}, which no process exports"
                                  for where, names in sorted(missing.items()))
