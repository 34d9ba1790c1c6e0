"""The platform's Grafana dashboards as code (grafanalib), written as JSON by `make dashboards`.

    .venv/bin/python deploy/grafana/generate.py            # writes deploy/grafana/dashboards/*.json
    .venv/bin/python deploy/grafana/generate.py --check    # exit 1 when a committed file differs

Three dashboards, each reading the Prometheus data source chosen in its `datasource` variable:
- overview: requests, errors and latency per service and per route, processes up, the gateway's
  own counters;
- events: published, consumed, duplicates, failed, parked, outbox backlog, consumer lag (delivery
  time and the inbox queues' depth);
- business: open requests by type, budget used per board, overruns, fleet utilization, fuel flags.

The JSON files are committed: docker-compose provisions them into Grafana
(deploy/grafana/provisioning) and Kubernetes ships them as ConfigMaps. Edit this file, never the
JSON; tests/deploy/test_deploy_grafana.py fails when the two differ, and
tests/deploy/test_deploy_metric_names.py when a panel reads a metric no process exports.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from grafanalib.core import (
    BarGauge, Dashboard, GridPos, RowPanel, Stat, Target, Template, Templating, Time, TimeSeries,
)
from grafanalib._gen import DashboardEncoder

OUT = Path(__file__).resolve().parent / "dashboards"
# Every panel, target and query variable reads the Prometheus chosen in the `datasource` variable
# (the reference form of Grafana's schema 39, which this JSON declares).
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
WIDTH = 24

# What counts as an open request of each kind (the statuses before a final one).
OPEN_BOOKINGS = "requested|approved|dispatched|in_progress"
OPEN_EXPENSES = "submitted|approved"
OPEN_PROCUREMENTS = "awaiting_budget|pending_approval|approved"


class Layout:
    """Places panels left to right in lines of `WIDTH` columns; a row panel starts a new line."""

    def __init__(self) -> None:
        self.panels: list = []
        self.x = self.y = self.line_height = 0

    def row(self, title: str) -> None:
        self._newline()
        self.panels.append(RowPanel(title=title, gridPos=GridPos(h=1, w=WIDTH, x=0, y=self.y)))
        self.y += 1

    def add(self, panel, w: int = 12, h: int = 8) -> None:
        if self.x + w > WIDTH:
            self._newline()
        panel.gridPos = GridPos(h=h, w=w, x=self.x, y=self.y)
        self.panels.append(panel)
        self.x += w
        self.line_height = max(self.line_height, h)

    def _newline(self) -> None:
        self.y += self.line_height
        self.x = self.line_height = 0


def target(expr: str, legend: str = "", ref: str = "A") -> Target:
    return Target(expr=expr, legendFormat=legend, refId=ref, datasource=DATASOURCE)


def series(title: str, *targets: Target, unit: str = "short", description: str = "", stack: bool = False) -> TimeSeries:
    return TimeSeries(title=title, dataSource=DATASOURCE, targets=list(targets), unit=unit,
                      description=description, legendDisplayMode="table", legendPlacement="right",
                      legendCalcs=["lastNotNull", "max"], tooltipMode="multi",
                      stacking={"mode": "normal", "group": "A"} if stack else {"mode": "none"})


def refs(*pairs: tuple[str, str]) -> list[Target]:
    return [target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(pairs)]


def datasource_variable() -> Template:
    return Template(name="datasource", label="Prometheus", query="prometheus", type="datasource", default="",
                    includeAll=False, multi=False, refresh=1, sort=0)


def label_variable(name: str, metric: str) -> Template:
    return Template(name=name, label=name, query=f"label_values({metric}, {name})", dataSource=DATASOURCE,
                    includeAll=True, multi=True, allValue=".*", default="$__all", refresh=2, sort=1)


def dashboard(uid: str, title: str, description: str, layout: Layout, variables: list[Template]) -> Dashboard:
    return Dashboard(
        uid=uid, title=title, description=description, tags=["office"], timezone="browser",
        time=Time("now-6h", "now"), refresh="30s", schemaVersion=39, editable=True,
        templating=Templating(list=[datasource_variable(), *variables]), panels=layout.panels,
    ).auto_panel_ids()


# -- overview ---------------------------------------------------------------------------------

def overview() -> Dashboard:
    svc = 'service=~"$service"'
    lay = Layout()
    lay.row("Services")
    lay.add(Stat(title="Processes up", dataSource=DATASOURCE, targets=[target(
        'min by (service, process) (up{process=~"web|worker"})', "{{service}} {{process}}")],
        reduceCalc="lastNotNull", colorMode="background", graphMode="none", textMode="value_and_name",
        mappings=[{"type": "value", "options": {"0": {"text": "DOWN", "color": "red"},
                                                "1": {"text": "UP", "color": "green"}}}],
        thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}]), w=24, h=4)
    lay.add(series("Requests per second by service", target(
        f"sum by (service) (rate(http_requests_total{{{svc}}}[5m]))", "{{service}}"), unit="reqps"))
    lay.add(series("Share of requests answered 5xx", target(
        f'sum by (service) (rate(http_requests_total{{{svc}, status=~"5.."}}[5m]))'
        f" / sum by (service) (rate(http_requests_total{{{svc}}}[5m]))", "{{service}}"), unit="percentunit",
        description="Alert HighServerErrorRate above 5% for 10 minutes."))
    lay.add(series("Client errors (4xx) per second by status", target(
        f'sum by (service, status) (rate(http_requests_total{{{svc}, status=~"4.."}}[5m]))',
        "{{service}} {{status}}"), unit="reqps",
        description="401/403 spikes: a token or role problem; 409/422: the business rules refusing."))
    lay.add(series("Latency by service (p50, p95)", *refs(
        (f"histogram_quantile(0.5, sum by (service, le) (rate(http_request_duration_seconds_bucket{{{svc}}}[5m])))",
         "{{service}} p50"),
        (f"histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{{{svc}}}[5m])))",
         "{{service}} p95")), unit="s", description="Alert SlowRequests: p95 above 2 s for 15 minutes."))
    lay.row("Routes")
    lay.add(series("Requests per second by route", target(
        f"sum by (service, method, route) (rate(http_requests_total{{{svc}}}[5m]))",
        "{{service}} {{method}} {{route}}"), unit="reqps"), w=24, h=10)
    lay.add(series("Server errors (5xx) per second by route", target(
        f'sum by (service, method, route, status) (rate(http_requests_total{{{svc}, status=~"5.."}}[5m]))',
        "{{service}} {{method}} {{route}} {{status}}"), unit="reqps"))
    lay.add(series("p95 latency by route", target(
        "histogram_quantile(0.95, sum by (service, method, route, le) "
        f"(rate(http_request_duration_seconds_bucket{{{svc}}}[5m])))", "{{service}} {{method}} {{route}}"),
        unit="s"))
    lay.row("Gateway")
    lay.add(series("Logins refused and throttled", *refs(
        ("sum by (route) (rate(gateway_login_failures_total[5m]))", "refused {{route}}"),
        ("sum by (route, scope) (rate(gateway_login_throttled_total[5m]))", "throttled {{route}} by {{scope}}")),
        unit="reqps", description="A rise in refused logins from one key is guessing; throttled answers are 429."))
    lay.add(series("Service answers refused as malformed (502)", target(
        "sum by (service) (rate(gateway_upstream_malformed_total[5m]))", "{{service}}"), unit="reqps"))
    return dashboard("office-overview", "Office platform: overview",
                     "Requests, errors and latency per service and route; processes up; the gateway.",
                     lay, [label_variable("service", "http_requests_total")])


# -- events -----------------------------------------------------------------------------------

def events() -> Dashboard:
    svc = 'service=~"$service"'
    lay = Layout()
    lay.row("Flow")
    lay.add(series("Published per second (confirmed by the broker)", target(
        f"sum by (service, type) (rate(events_published_total{{{svc}}}[5m]))", "{{service}} {{type}}"),
        unit="ops"))
    lay.add(series("Consumed per second (handled and committed)", target(
        f"sum by (service, type) (rate(events_consumed_total{{{svc}}}[5m]))", "{{service}} {{type}}"),
        unit="ops"))
    lay.add(series("Redeliveries ignored by the inbox", target(
        f"sum by (service, type) (increase(events_duplicate_total{{{svc}}}[15m]))", "{{service}} {{type}}"),
        description="Harmless: the inbox makes an event applied once. Many mean consumers restarting."))
    lay.row("Trouble")
    lay.add(series("Handler failures (each try)", target(
        f"sum by (service, type) (increase(events_failed_total{{{svc}}}[15m]))", "{{service}} {{type}}"),
        description="Alert EventsFailing: failures for 15 minutes."), w=8)
    lay.add(series("Parked in <service>.dead", target(
        f"sum by (service, type) (increase(events_parked_total{{{svc}}}[1h]))", "{{service}} {{type}}"),
        description="Alert EventsParked. Replay with python -m buildingblocks.deadletters."), w=8)
    lay.add(series("Dead queues' depth", target(
        'sum by (queue) (rabbitmq_queue_messages{queue=~".+[.]dead"})', "{{queue}}"),
        description="Alert DeadQueueNotEmpty (from RabbitMQ's prometheus plugin)."), w=8)
    lay.row("Backlog and lag")
    lay.add(series("Outbox backlog (rows not yet published)", target(
        f"max by (service) (outbox_backlog{{{svc}}})", "{{service}}"),
        description="Alerts OutboxBacklogGrowing and OutboxNotDraining."), w=8)
    lay.add(series("Consumer lag: producer's commit to consumer's commit", *refs(
        (f"histogram_quantile(0.5, sum by (service, le) (rate(event_delivery_seconds_bucket{{{svc}}}[5m])))",
         "{{service}} p50"),
        (f"histogram_quantile(0.95, sum by (service, le) (rate(event_delivery_seconds_bucket{{{svc}}}[5m])))",
         "{{service}} p95")), unit="s"), w=8)
    lay.add(series("Consumer lag: messages waiting in the inboxes", *refs(
        ('sum by (queue) (rabbitmq_queue_messages_ready{queue=~".+[.]inbox"})', "{{queue}} ready"),
        ('sum by (queue) (rabbitmq_queue_messages_unacked{queue=~".+[.]inbox"})', "{{queue}} in hand"))),
        w=8)
    return dashboard("office-events", "Office platform: events",
                     "The outbox, the broker and the inboxes: what flows, what waits, what fails.",
                     lay, [label_variable("service", "outbox_backlog")])


# -- business ---------------------------------------------------------------------------------

def business() -> Dashboard:
    lay = Layout()
    lay.row("Open requests")
    open_by_type = refs(
        (f'sum(fleet_bookings{{status=~"{OPEN_BOOKINGS}"}})', "car bookings"),
        (f'sum(finance_expenses{{status=~"{OPEN_EXPENSES}"}})', "expense requests"),
        (f'sum(assets_procurements{{status=~"{OPEN_PROCUREMENTS}"}})', "procurements"))
    lay.add(Stat(title="Open requests by type", dataSource=DATASOURCE, targets=open_by_type,
                 reduceCalc="lastNotNull", graphMode="area", textMode="value_and_name"), w=8)
    lay.add(series("Open requests by type and status", *refs(
        (f'sum by (status) (fleet_bookings{{status=~"{OPEN_BOOKINGS}"}})', "booking {{status}}"),
        (f'sum by (status) (finance_expenses{{status=~"{OPEN_EXPENSES}"}})', "expense {{status}}"),
        (f'sum by (status) (assets_procurements{{status=~"{OPEN_PROCUREMENTS}"}})', "procurement {{status}}")),
        stack=True), w=16)
    lay.row("Budgets (current fiscal year)")
    lay.add(BarGauge(title="Budget used per board (reserved + spent over allocated)", dataSource=DATASOURCE,
                     targets=[target("max by (unit) (finance_budget_used_ratio)", "{{unit}}")],
                     format="percentunit", min=0, max=1, calc="lastNotNull", displayMode="gradient",
                     thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 0.8},
                                 {"color": "red", "value": 1}]), w=12, h=10)
    lay.add(series("Overruns booked (chargebacks past the allocation)", target(
        "sum by (unit, category) (increase(finance_budget_overruns_total[1h]))", "{{unit}} {{category}}"),
        description="Alert BudgetOverrun. Never refused: the cost had happened."), w=12, h=10)
    lay.add(series("Budget per board (VND)", *refs(
        ('sum by (unit) (finance_budget_vnd{figure="allocated"})', "{{unit}} allocated"),
        ('sum by (unit) (finance_budget_vnd{figure=~"reserved|spent"})', "{{unit}} reserved + spent"))),
        w=24)
    lay.row("Fleet")
    lay.add(series("Pool utilization (booked hours over available hours)", target(
        "max(fleet_utilization_ratio)", "utilization"), unit="percentunit"), w=8)
    lay.add(series("Vehicles by status, and on a trip", *refs(
        ("max by (status) (fleet_vehicles)", "{{status}}"),
        ("max(fleet_vehicles_on_trip)", "on a trip"))), w=8)
    lay.add(series("Fuel above norm (trips flagged) and dispatch refusals", *refs(
        ("sum(increase(fleet_fuel_flagged_total[1h]))", "fuel flagged"),
        ("sum by (rule) (increase(fleet_dispatch_conflicts_total[1h]))", "refused: {{rule}}"))), w=8)
    return dashboard("office-business", "Office platform: business",
                     "Open requests, budgets per board, overruns, the fleet's use and fuel.", lay, [])


DASHBOARDS = {"overview": overview, "events": events, "business": business}


def render() -> dict[str, str]:
    """File name -> JSON text of every dashboard."""
    return {f"{name}.json": json.dumps(build().to_json_data(), cls=DashboardEncoder, sort_keys=True, indent=2,
                                       ensure_ascii=False) + "\n"
            for name, build in DASHBOARDS.items()}


def main(argv: list[str]) -> int:
    files = render()
    if "--check" in argv:
        stale = [name for name, text in files.items()
                 if not (OUT / name).is_file() or (OUT / name).read_text(encoding="utf-8") != text]
        extra = sorted(p.name for p in OUT.glob("*.json") if p.name not in files)
        for name in stale + extra:
            print(f"deploy/grafana/dashboards/{name} differs from deploy/grafana/generate.py: run `make dashboards`")
        return 1 if stale or extra else 0
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote deploy/grafana/dashboards/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
