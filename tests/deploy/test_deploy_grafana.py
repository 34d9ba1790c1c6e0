"""deploy/grafana: the committed dashboards are what deploy/grafana/generate.py writes, each is a
dashboard Grafana provisions (unique uid and panel ids, every panel on the Prometheus data source
variable), and docker-compose provisions them with the Prometheus data source."""
from __future__ import annotations

import json
import sys

import yaml
from deploy_helpers import ROOT, run

GRAFANA_DIR = ROOT / "deploy" / "grafana"
GENERATOR = GRAFANA_DIR / "generate.py"
DASHBOARDS = sorted((GRAFANA_DIR / "dashboards").glob("*.json"))
PROMETHEUS = {"type": "prometheus", "uid": "${datasource}"}  # the data source the `datasource` variable picks


def panels(dashboard: dict) -> list[dict]:
    return [p for top in dashboard["panels"] for p in (top, *top.get("panels", []))]


def test_committed_dashboards_are_the_generators_output():
    result = run([sys.executable, GENERATOR, "--check"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun `make dashboards` and commit the JSON"


def test_the_check_notices_a_hand_edited_dashboard(tmp_path):
    """--check compares against the files, so it fails when one is edited by hand."""
    copy = tmp_path / "grafana"
    (copy / "dashboards").mkdir(parents=True)
    (copy / "generate.py").write_text(GENERATOR.read_text())
    for path in DASHBOARDS:
        (copy / "dashboards" / path.name).write_text(path.read_text())
    assert run([sys.executable, copy / "generate.py", "--check"], cwd=ROOT).returncode == 0
    edited = copy / "dashboards" / DASHBOARDS[0].name
    edited.write_text(edited.read_text().replace('"title": "', '"title": "edited ', 1))
    result = run([sys.executable, copy / "generate.py", "--check"], cwd=ROOT)
    assert result.returncode == 1 and DASHBOARDS[0].name in result.stdout


def test_the_three_dashboards_and_what_they_show():
    by_uid = {json.loads(p.read_text())["uid"]: json.loads(p.read_text()) for p in DASHBOARDS}
    assert set(by_uid) == {"office-overview", "office-events", "office-business"}
    exprs = {uid: " ".join(t["expr"] for p in panels(d) for t in p.get("targets", [])) for uid, d in by_uid.items()}
    wanted = {
        "office-overview": ["http_requests_total", "http_request_duration_seconds_bucket", 'status=~"5..',
                            "by (service, method, route)", "up{"],
        "office-events": ["events_published_total", "events_consumed_total", "events_failed_total",
                          "events_parked_total", "outbox_backlog", "event_delivery_seconds_bucket", "[.]inbox"],
        "office-business": ["fleet_bookings", "finance_expenses", "assets_procurements", "finance_budget_used_ratio",
                            "fleet_utilization_ratio", "fleet_fuel_flagged_total", "finance_budget_overruns_total"],
    }
    for uid, needles in wanted.items():
        for needle in needles:
            assert needle in exprs[uid], f"{uid} shows nothing of {needle}"


def test_every_panel_reads_the_chosen_prometheus():
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        variables = {v["name"]: v for v in dashboard["templating"]["list"]}
        assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
        for variable in variables.values():
            if variable["type"] == "query":
                assert variable["datasource"] == PROMETHEUS, f"{path.name}: variable {variable['name']}"
        ids = [p["id"] for p in panels(dashboard)]
        assert len(ids) == len(set(ids)), f"{path.name}: panel ids repeat"
        for panel in panels(dashboard):
            if panel["type"] == "row":
                continue
            assert panel["datasource"] == PROMETHEUS, f"{path.name}: {panel['title']}"
            assert panel["targets"], f"{path.name}: {panel['title']} shows nothing"
            for target in panel["targets"]:
                assert target["expr"].strip() and target["datasource"] == PROMETHEUS
            grid = panel["gridPos"]
            assert grid["x"] + grid["w"] <= 24, f"{path.name}: {panel['title']} is wider than the screen"


def mount(volume) -> tuple[str, tuple[str, bool]]:
    """target -> (source, read-only) of a compose volume, long or short syntax."""
    if isinstance(volume, dict):
        return volume["target"], (volume["source"], bool(volume.get("read_only")))
    source, target, *mode = volume.split(":")
    return target, (source, mode == ["ro"])


def test_compose_provisions_the_dashboards_and_the_prometheus_data_source(compose):
    grafana = compose["services"]["grafana"]
    mounts = dict(mount(v) for v in grafana["volumes"])
    assert mounts["/etc/grafana/provisioning"] == (str(GRAFANA_DIR / "provisioning"), True)
    (provider,) = yaml.safe_load((GRAFANA_DIR / "provisioning" / "dashboards" / "office.yml").read_text())["providers"]
    assert mounts[provider["options"]["path"]] == (str(GRAFANA_DIR / "dashboards"), True)
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home.startswith(provider["options"]["path"] + "/") and (GRAFANA_DIR / "dashboards" / home.rsplit("/", 1)[1]).is_file()
    (source,) = yaml.safe_load((GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml").read_text())["datasources"]
    assert source["type"] == "prometheus" and source["isDefault"]
    prometheus = compose["services"]["prometheus"]
    assert source["url"] == "http://prometheus:9090"
    assert any(str(p.get("target") if isinstance(p, dict) else p.split("/")[0].rsplit(":", 1)[1]) == "9090"
               for p in prometheus["ports"])
    assert grafana["depends_on"]["prometheus"]["condition"] == "service_healthy"
    assert grafana["environment"]["GF_USERS_ALLOW_SIGN_UP"] == "false"
    assert grafana["environment"]["GF_AUTH_ANONYMOUS_ENABLED"] == "false"


def test_every_expression_is_valid_promql(tmp_path):
    """promtool parses each panel's expression (as a recording rule; variables given a value)."""
    from deploy_helpers import require_tool

    promtool = require_tool("promtool", "prometheus")
    records = []
    for path in DASHBOARDS:
        for panel in panels(json.loads(path.read_text())):
            for target in panel.get("targets", []):
                expr = target["expr"].replace("$service", ".*")
                assert "$" not in expr, f"{path.name}: {panel['title']}: a variable promtool cannot check"
                records.append({"record": f"dashboard:{path.stem}:{len(records)}", "expr": expr})
    rules = tmp_path / "dashboards.rules.yml"
    rules.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": records}]}))
    result = run([promtool, "check", "rules", rules])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(records)} rules found" in result.stdout
