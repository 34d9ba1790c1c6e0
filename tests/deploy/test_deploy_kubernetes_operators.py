"""deploy/kubernetes, what the overlays render: every core object against the Kubernetes API's
schema (kubernetes-validate, offline), every operator object against its CRD's schema
(tests/deploy/crds, sources in its README), and the operators' objects against the code:
PostgreSQL's databases and roles, RabbitMQ's vhost, users, permissions and delivery limit, the
monitors of every process and the alert rules of the one rules file."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml
from deploy_helpers import BUILDINGBLOCKS_SRC, KUBERNETES_DIR, KUBERNETES_OVERLAYS, PACKAGES, PROMETHEUS_DIR, ROOT, run

CRDS = Path(__file__).parent / "crds"
KUBERNETES_VERSION = "1.31.0"  # the oldest release the manifests must apply to
OPERATOR_GROUPS = {"postgresql.cnpg.io", "rabbitmq.com", "monitoring.coreos.com"}

sys.path.insert(0, str(KUBERNETES_DIR))
import prometheus_rule  # noqa: E402  (deploy/kubernetes/prometheus_rule.py)


def of_kind(documents, kind: str) -> list[dict]:
    return [d for d in documents if d["kind"] == kind]


def find(documents, kind: str, name: str) -> dict:
    matches = [d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def plain(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "_file"}


@pytest.fixture(params=KUBERNETES_OVERLAYS)
def documents(request, kubernetes_rendered):
    return kubernetes_rendered[request.param]


# -- schemas --------------------------------------------------------------------------------------
def test_core_objects_match_the_kubernetes_schema(documents):
    checked = 0
    for document in documents:
        group = document["apiVersion"].split("/")[0]
        if group in OPERATOR_GROUPS:
            continue
        try:
            kubernetes_validate.validate(plain(document), KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            raise AssertionError(f"{document['kind']} {document['metadata']['name']}: {error}") from None
        checked += 1
    assert checked >= 55


def crd_schema(document: dict) -> dict:
    group, version = document["apiVersion"].split("/")
    path = CRDS / group / f"{document['kind'].lower()}_{version}.json"
    assert path.is_file(), f"no CRD schema for {document['kind']} {document['apiVersion']} in {CRDS}"
    return json.loads(path.read_text())


def test_operator_objects_match_their_crds(documents):
    kinds = set()
    for document in documents:
        if document["apiVersion"].split("/")[0] not in OPERATOR_GROUPS:
            continue
        errors = sorted(jsonschema.Draft7Validator(crd_schema(document)).iter_errors(plain(document)), key=str)
        assert not errors, f"{document['kind']} {document['metadata']['name']}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
        kinds.add(document["kind"])
    assert kinds == {"Cluster", "Database", "ScheduledBackup", "RabbitmqCluster", "Vhost", "User", "Permission",
                     "Policy", "PodMonitor", "ServiceMonitor", "PrometheusRule"}


def test_the_crd_schemas_refuse_what_is_not_a_field():
    """The vendored schemas are strict: an unknown field fails (so the test above can fail)."""
    for kind, api, spec in (("Cluster", "postgresql.cnpg.io/v1", {"instances": 3, "instance": 3}),
                            ("Policy", "rabbitmq.com/v1beta1", {"name": "p", "pattern": ".*", "definition": {},
                                                                 "rabbitmqClusterReference": {"name": "x"}, "vhosts": "x"})):
        document = {"apiVersion": api, "kind": kind, "metadata": {"name": "x"}, "spec": spec}
        assert list(jsonschema.Draft7Validator(crd_schema(document)).iter_errors(document)), kind


# -- PostgreSQL (CloudNativePG) ---------------------------------------------------------------------
def test_one_database_and_owner_role_per_package(documents):
    cluster = find(documents, "Cluster", "office-db")
    roles = {r["name"]: r for r in cluster["spec"]["managed"]["roles"]}
    assert set(roles) == {p.name for p in PACKAGES}
    for package in PACKAGES:
        role = roles[package.name]
        assert role["login"] is True and role.get("superuser") is not True
        secret = find(documents, "Secret", role["passwordSecret"]["name"])
        assert secret["type"] == "kubernetes.io/basic-auth" and set(secret["data"]) == {"username", "password"}
        database = find(documents, "Database", f"office-db-{package.name}")
        assert database["spec"]["cluster"]["name"] == "office-db"
        assert database["spec"]["name"] == database["spec"]["owner"] == package.name
    assert cluster["spec"]["enableSuperuserAccess"] is False


def test_each_role_may_open_its_own_database_only(documents):
    """pg_hba, first match wins: <db> <role> for each package, then every package role refused."""
    lines = [line.split() for line in find(documents, "Cluster", "office-db")["spec"]["postgresql"]["pg_hba"]]

    def decision(database: str, role: str) -> str:
        for _, databases, roles, _, method in lines:
            if databases in ("all", database) and (roles == "all" or role in roles.split(",")):
                return method
        return "operator default"

    for package in PACKAGES:
        for other in PACKAGES:
            expected = "scram-sha-256" if other is package else "reject"
            assert decision(other.name, package.name) == expected, (package.name, other.name)
        assert decision("postgres", package.name) == "reject"


def test_backups_go_to_the_object_store_the_overlay_configures(kubernetes_rendered):
    stores = set()
    for name in KUBERNETES_OVERLAYS:
        documents = kubernetes_rendered[name]
        cluster = find(documents, "Cluster", "office-db")
        store = cluster["spec"]["backup"]["barmanObjectStore"]
        assert store["destinationPath"].startswith("s3://") and cluster["spec"]["backup"]["retentionPolicy"]
        credentials = store["s3Credentials"]
        for ref in (credentials["accessKeyId"], credentials["secretAccessKey"]):
            assert ref["key"] in find(documents, "Secret", ref["name"])["data"], ref
        (scheduled,) = of_kind(documents, "ScheduledBackup")
        assert scheduled["spec"]["cluster"]["name"] == "office-db"
        assert scheduled["spec"]["method"] == "barmanObjectStore"
        assert len(scheduled["spec"]["schedule"].split()) == 6, "CloudNativePG's schedule has a seconds field"
        stores.add(store["destinationPath"])
    assert len(stores) == len(KUBERNETES_OVERLAYS), "dev and production back up to the same place"


# -- RabbitMQ (cluster and topology operators) --------------------------------------------------------
_TOPOLOGY_SCRIPT = """
import json, os, sys
from buildingblocks.config import Settings
from buildingblocks.messaging import topology
out = {}
for name in sys.argv[1:]:
    s = Settings.from_env(name)
    retries = [s.queue(f"retry.{i}") for i in range(1, len(topology.retry_delays(s)) + 1)]
    out[name] = {"exchange": s.exchange, "inbox": s.queue("inbox"), "dead": s.queue("dead"), "retries": retries}
print(json.dumps({"queues": out, "delivery_limit": topology.DELIVERY_LIMIT}))
"""


@pytest.fixture(scope="module")
def broker_objects() -> dict:
    """The exchange and queues each package declares, and the inbox's delivery limit: the code's."""
    env = {k: v for k, v in os.environ.items() if k not in {"EVENTS_EXCHANGE", "QUEUE_PREFIX", "EVENT_RETRY_DELAYS"}}
    env["PYTHONPATH"] = str(BUILDINGBLOCKS_SRC)
    result = run([sys.executable, "-c", _TOPOLOGY_SCRIPT, *[p.name for p in PACKAGES]], env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_rabbitmq_cluster_with_the_prometheus_plugin(documents):
    cluster = find(documents, "RabbitmqCluster", "office-rabbitmq")
    assert "rabbitmq_prometheus" in cluster["spec"]["rabbitmq"]["additionalPlugins"]
    (vhost,) = of_kind(documents, "Vhost")
    assert vhost["spec"]["name"] == "office" and vhost["spec"]["rabbitmqClusterReference"]["name"] == "office-rabbitmq"


def test_each_package_has_its_user_limited_to_its_own_queues(documents, broker_objects):
    queues = broker_objects["queues"]
    for package in PACKAGES:
        user = find(documents, "User", f"office-mq-{package.name}")
        assert user["spec"]["rabbitmqClusterReference"]["name"] == "office-rabbitmq"
        assert not user["spec"].get("tags"), "no management rights for a service's user"
        permission = find(documents, "Permission", f"office-mq-{package.name}")
        assert permission["spec"]["userReference"]["name"] == user["metadata"]["name"]
        assert permission["spec"]["vhost"] == "office"
        rights = {k: re.compile(v) for k, v in permission["spec"]["permissions"].items()}
        own = queues[package.name]
        names = [own["inbox"], own["dead"], *own["retries"]]
        for right in ("configure", "write", "read"):
            for name in [own["exchange"], *names]:
                assert rights[right].fullmatch(name), f"{package.name} may not {right} {name}"
        assert rights["write"].fullmatch("amq.default"), "the retries are published through the default exchange"
        for other in PACKAGES:
            if other is not package:
                for right in rights.values():
                    assert not right.fullmatch(queues[other.name]["inbox"]), f"{package.name} reaches {other.name}'s inbox"


def test_the_delivery_limit_policy_is_the_codes(documents, broker_objects):
    (policy,) = of_kind(documents, "Policy")
    assert policy["spec"]["vhost"] == "office" and policy["spec"]["applyTo"] == "quorum_queues"
    assert policy["spec"]["definition"] == {"delivery-limit": broker_objects["delivery_limit"]}
    pattern = re.compile(policy["spec"]["pattern"])
    for own in broker_objects["queues"].values():
        assert pattern.search(own["inbox"]) and pattern.search(own["dead"]), own
        assert not any(pattern.search(q) for q in own["retries"]), "the retry queues are classic, with a TTL"


# -- monitoring (Prometheus Operator) ------------------------------------------------------------------
def selects(selector: dict, labels: dict) -> bool:
    return selector.get("matchLabels", {}).items() <= labels.items()


def test_every_process_is_scraped_on_its_metrics_port(documents, code_ports):
    monitors = of_kind(documents, "PodMonitor")
    for package in PACKAGES:
        for process in ("web", "worker"):
            name = package.name if process == "web" else f"{package.name}-worker"
            template = find(documents, "Deployment", name)["spec"]["template"]
            (container,) = template["spec"]["containers"]
            port = code_ports[package.name][0 if process == "web" else 1]
            metrics_port = package.metrics_port(port) if process == "web" else port
            (monitor,) = [m for m in monitors if selects(m["spec"]["selector"], template["metadata"]["labels"])]
            (endpoint,) = monitor["spec"]["podMetricsEndpoints"]
            (named,) = [p for p in container["ports"] if p["name"] == endpoint["port"]]
            assert named["containerPort"] == metrics_port, f"{name}: scraped on {named['containerPort']}, metrics on {metrics_port}"
            assert endpoint.get("path", "/metrics") == "/metrics"
            relabel = {r["targetLabel"]: r.get("sourceLabels") for r in endpoint["relabelings"]}
            assert relabel["service"] == ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
            assert relabel["process"] == ["__meta_kubernetes_pod_label_app_kubernetes_io_component"]
    # the alert RabbitMQDown reads up{service="rabbitmq"}
    (rabbit,) = of_kind(documents, "ServiceMonitor")
    (endpoint,) = rabbit["spec"]["endpoints"]
    assert endpoint["port"] == "prometheus"
    assert {"targetLabel": "service", "replacement": "rabbitmq"} in endpoint["relabelings"]
    assert 'up{service="rabbitmq"}' in (PROMETHEUS_DIR / "rules" / "office.rules.yml").read_text()


def test_the_prometheus_rule_is_the_rules_file(documents):
    (rule,) = of_kind(documents, "PrometheusRule")
    source = yaml.safe_load((PROMETHEUS_DIR / "rules" / "office.rules.yml").read_text())
    assert rule["spec"]["groups"] == source["groups"]


def test_the_committed_prometheus_rule_is_generated():
    committed = prometheus_rule.TARGET.read_text()
    assert committed == prometheus_rule.prometheus_rule(), "stale: run `make kubernetes-rules`"


def test_every_dashboard_ships_as_a_configmap(documents):
    dashboards = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))
    assert dashboards, "deploy/grafana/dashboards holds no dashboard (make dashboards)"
    shipped = {}
    for config_map in of_kind(documents, "ConfigMap"):
        if config_map["metadata"].get("labels", {}).get("grafana_dashboard") == "1":
            shipped.update(config_map["data"])
    assert set(shipped) == {d.name for d in dashboards}
    for dashboard in dashboards:
        assert json.loads(shipped[dashboard.name]) == json.loads(dashboard.read_text()), dashboard.name
