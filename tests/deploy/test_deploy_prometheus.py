"""deploy/prometheus: valid configuration and rules (promtool), alerts that fire when they should
(promtool test rules), and scrape targets and metric names that match the platform."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from deploy_helpers import PACKAGES, PROMETHEUS_DIR, ROOT, require_tool, run

CONFIG = PROMETHEUS_DIR / "prometheus.yml"
KUBERNETES_CONFIG = PROMETHEUS_DIR / "prometheus-kubernetes.yml"
RULE_FILES = sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
RULE_TESTS = Path(__file__).parent / "prometheus" / "alerts.test.yml"
CODE_FOLDERS = [ROOT / "libs" / "buildingblocks" / "src"] + [p.folder / "src" for p in PACKAGES]


def rules() -> list[dict]:
    return [rule for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"] for rule in group["rules"]]


def test_config_is_valid():
    promtool = require_tool("promtool", "prometheus")
    result = run([promtool, "check", "config", CONFIG])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout or "rule files found" in result.stdout


def test_rules_are_valid():
    promtool = require_tool("promtool", "prometheus")
    assert RULE_FILES, "deploy/prometheus/rules holds no rule file"
    result = run([promtool, "check", "rules", *RULE_FILES])
    assert result.returncode == 0, result.stdout + result.stderr


def test_alerts_fire_when_they_should():
    promtool = require_tool("promtool", "prometheus")
    result = run([promtool, "test", "rules", RULE_TESTS], cwd=RULE_TESTS.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_config_is_valid(tmp_path):
    """prometheus-kubernetes.yml, checked by promtool.

    Debian's promtool is built without Kubernetes service discovery, so the pod discovery block
    is checked here by hand and swapped for an equivalent file discovery before promtool runs;
    relabelling, rule files and the rest are checked by promtool as written.
    """
    promtool = require_tool("promtool", "prometheus")
    config = yaml.safe_load(KUBERNETES_CONFIG.read_text())
    (pods,) = [job for job in config["scrape_configs"] if "kubernetes_sd_configs" in job]
    assert pods["kubernetes_sd_configs"] == [{"role": "pod", "namespaces": {"names": ["office"]}}]
    probe = run([promtool, "check", "config", KUBERNETES_CONFIG])
    if probe.returncode != 0 and "kubernetes_sd_configs not found" in probe.stdout + probe.stderr:
        pods["file_sd_configs"] = [{"files": ["targets.json"]}]
        del pods["kubernetes_sd_configs"]
        (tmp_path / "rules").symlink_to(PROMETHEUS_DIR / "rules")
        path = tmp_path / "prometheus.yml"
        path.write_text(yaml.safe_dump(config))
        probe = run([promtool, "check", "config", path])
    assert probe.returncode == 0, probe.stdout + probe.stderr
    relabelled = {rule.get("target_label") for rule in pods["relabel_configs"]}
    assert {"service", "process", "__address__", "__metrics_path__"} <= relabelled


def test_kubernetes_relabelling_keeps_only_annotated_office_pods():
    config = yaml.safe_load(KUBERNETES_CONFIG.read_text())
    (pods,) = [job for job in config["scrape_configs"] if "kubernetes_sd_configs" in job]
    keep = {tuple(rule["source_labels"]): rule["regex"] for rule in pods["relabel_configs"] if rule.get("action") == "keep"}
    assert keep[("__meta_kubernetes_pod_annotation_prometheus_io_scrape",)] == "true"
    assert keep[("__meta_kubernetes_pod_label_app_kubernetes_io_part_of",)] == "office"
    (address,) = [r for r in pods["relabel_configs"] if r.get("target_label") == "__address__"]
    regex = re.compile(address["regex"])
    match = regex.fullmatch("10.1.2.3:8001;8001") or regex.fullmatch("10.1.2.3;8001")
    assert match and match.expand(address["replacement"].replace("$", "\\")) == "10.1.2.3:8001"


def test_every_web_and_worker_process_is_scraped(compose, code_ports):
    config = yaml.safe_load(CONFIG.read_text())
    targets = {}
    for job in config["scrape_configs"]:
        for group in job.get("static_configs", []):
            for target in group["targets"]:
                targets[target] = {**group.get("labels", {}), "job": job["job_name"], "path": job.get("metrics_path", "/metrics")}
    for package in PACKAGES:
        port, worker_port = code_ports[package.name]
        scraped = ((package.name, package.metrics_port(port), "web"), (f"{package.name}-worker", worker_port, "worker"))
        for host, target_port, process in scraped:
            assert host in compose["services"], f"prometheus.yml scrapes {host}, which compose does not run"
            labels = targets.get(f"{host}:{target_port}")
            assert labels, f"prometheus.yml does not scrape {host}:{target_port}"
            assert (labels["service"], labels["process"], labels["path"]) == (package.name, process, "/metrics")
    assert targets["rabbitmq:15692"]["service"] == "rabbitmq"
    plugins = (ROOT / "deploy" / "rabbitmq" / "enabled_plugins").read_text()
    assert "rabbitmq_prometheus" in plugins, "port 15692 is served by the rabbitmq_prometheus plugin"
    honor = {job["job_name"]: job.get("honor_labels", False) for job in config["scrape_configs"]}
    assert honor["office-web"] and honor["office-worker"], "the services' own `service` label must be kept"


def test_alerts_cover_the_platforms_failures():
    expressions = {rule["alert"]: rule["expr"] for rule in rules()}
    wanted = {
        "a process is down": r"\bup\{process=",
        "the outbox backlog grows": r"\boutbox_backlog\b",
        "events are parked": r"\bevents_parked_total\b",
        "the dead queues hold events": r"rabbitmq_queue_messages\{queue=~\"[^\"]*dead",
        "5xx rate": r"http_requests_total\{status=~\"5",
        "budget overruns": r"\bfinance_budget_overruns_total\b",
    }
    for what, pattern in wanted.items():
        assert any(re.search(pattern, expr) for expr in expressions.values()), f"no alert for: {what}"
    for rule in rules():
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert {"summary", "description"} <= set(rule["annotations"]), rule["alert"]


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression reads (label lists, selectors and functions left out)."""
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"", " ", expr)
    names = set(re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", expr))
    return names - {"and", "or", "unless", "bool", "offset"}


def test_metric_names_are_read_from_expressions():
    expr = 'sum by (service, le) (rate(http_request_duration_seconds_bucket{service="x"}[5m])) > 0 and on (service) up'
    assert metric_names(expr) == {"http_request_duration_seconds_bucket", "up"}


def test_rules_use_metrics_the_code_exposes():
    """Each metric an alert reads is declared in the building blocks or a package (or is the
    broker's or Prometheus's own)."""
    code = "\n".join(p.read_text() for folder in CODE_FOLDERS if folder.is_dir() for p in folder.rglob("*.py"))
    declared = set(re.findall(r"(?:Counter|Gauge|Histogram|Summary)\(\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"", code))
    # prometheus-client adds _total to counters and _bucket/_sum/_count to histograms.
    exposed = declared | {n + "_total" for n in declared} | {n + s for n in declared for s in ("_bucket", "_sum", "_count")}
    for rule in rules():
        for name in metric_names(rule["expr"]):
            if name == "up" or name.startswith("rabbitmq_"):
                continue
            assert name in exposed, f"alert {rule['alert']} reads {name}, which no code declares"


def test_prometheus_reads_the_mounted_folder(compose):
    # deploy/prometheus is mounted as /etc/prometheus; rule_files are relative to the config file.
    assert yaml.safe_load(CONFIG.read_text())["rule_files"] == ["rules/*.yml"]
    assert yaml.safe_load(KUBERNETES_CONFIG.read_text())["rule_files"] == ["rules/*.yml"]
    prometheus = compose["services"]["prometheus"]
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]
    assert any(v.startswith(str(PROMETHEUS_DIR)) or v.startswith("./deploy/prometheus") for v in
               (v if isinstance(v, str) else v["source"] for v in prometheus["volumes"]))
