"""deploy/kubernetes: the NetworkPolicies do what the issue asks, checked by evaluating them as
Kubernetes does (a connection needs the destination's ingress and the source's egress to allow it;
a pod no policy selects is open in that direction) over the pods the overlays render and the pods
the operators and the cluster run:

- only the gateway reaches the services' HTTP ports, and only the Ingress controller the gateway's;
- only the packages' processes reach PostgreSQL (each role its own database: pg_hba, checked in
  test_deploy_kubernetes_operators.py); only the web processes and the workers reach RabbitMQ;
- Prometheus reaches every metrics port (the code's ports), and nothing else;
- anything else is refused."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from deploy_helpers import KUBERNETES_OVERLAYS, PACKAGES

SERVICES = [p for p in PACKAGES if p.name != "gateway"]


@dataclass
class Pod:
    name: str
    namespace: str
    labels: dict
    ports: dict = field(default_factory=dict)  # container port name -> number


def matches(selector: dict | None, labels: dict) -> bool:
    if selector is None:
        return False
    if not selector.get("matchLabels", {}).items() <= labels.items():
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        ok = {"In": key in labels and labels[key] in values, "NotIn": labels.get(key) not in values,
              "Exists": key in labels, "DoesNotExist": key not in labels}[operator]
        if not ok:
            return False
    return True


def peer_matches(peer: dict, policy_namespace: str, pod: Pod) -> bool:
    namespace_labels = {"kubernetes.io/metadata.name": pod.namespace}
    if "namespaceSelector" in peer:
        if not matches(peer["namespaceSelector"], namespace_labels):
            return False
    elif pod.namespace != policy_namespace:
        return False
    return matches(peer["podSelector"], pod.labels) if "podSelector" in peer else True


def port_matches(ports: list | None, target: Pod, port: int, protocol: str) -> bool:
    if not ports:
        return True
    for entry in ports:
        if entry.get("protocol", "TCP") != protocol:
            continue
        wanted = entry.get("port")
        if wanted is None:
            return True
        number = target.ports.get(wanted) if isinstance(wanted, str) else wanted
        if number is not None and number <= port <= entry.get("endPort", number):
            return True
    return False


class Network:
    def __init__(self, policies: list[dict]):
        self.policies = policies

    def _side(self, direction: str, selected: Pod, other: Pod, target: Pod, port: int, protocol: str) -> bool:
        key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
        applying = [p for p in self.policies if p["metadata"]["namespace"] == selected.namespace
                    and direction in p["spec"].get("policyTypes", ["Ingress"])
                    and matches(p["spec"]["podSelector"], selected.labels)]
        if not applying:
            return True
        for policy in applying:
            for rule in policy["spec"].get(key, []):
                peers = rule.get(peers_key)
                if (not peers or any(peer_matches(peer, policy["metadata"]["namespace"], other) for peer in peers)) \
                        and port_matches(rule.get("ports"), target, port, protocol):
                    return True
        return False

    def allows(self, source: Pod, target: Pod, port: int | str, protocol: str = "TCP") -> bool:
        number = target.ports[port] if isinstance(port, str) else port
        return (self._side("Ingress", target, source, target, number, protocol)
                and self._side("Egress", source, target, target, number, protocol))


def cluster_pods(documents) -> dict[str, Pod]:
    pods = {}
    for document in documents:
        if document["kind"] in ("Deployment", "Job"):
            template = document["spec"]["template"]
            ports = {p["name"]: p["containerPort"] for c in template["spec"]["containers"] for p in c.get("ports", [])}
            pods[document["metadata"]["name"]] = Pod(document["metadata"]["name"], "office", template["metadata"]["labels"], ports)
    # what the operators run in the namespace (their pods' labels and ports)
    pods["office-db-1"] = Pod("office-db-1", "office", {"cnpg.io/cluster": "office-db", "cnpg.io/instanceName": "office-db-1"},
                              {"postgresql": 5432, "status": 8000, "metrics": 9187})
    pods["office-db-2"] = Pod("office-db-2", "office", {"cnpg.io/cluster": "office-db", "cnpg.io/instanceName": "office-db-2"},
                              {"postgresql": 5432, "status": 8000, "metrics": 9187})
    rabbit = {"app.kubernetes.io/name": "office-rabbitmq", "app.kubernetes.io/component": "rabbitmq",
              "app.kubernetes.io/part-of": "rabbitmq"}
    rabbit_ports = {"amqp": 5672, "management": 15672, "prometheus": 15692, "epmd": 4369, "cluster-links": 25672}
    pods["office-rabbitmq-server-0"] = Pod("office-rabbitmq-server-0", "office", rabbit, rabbit_ports)
    pods["office-rabbitmq-server-1"] = Pod("office-rabbitmq-server-1", "office", rabbit, rabbit_ports)
    # and around it
    pods["ingress-controller"] = Pod("ingress-controller", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
    pods["prometheus"] = Pod("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"})
    pods["cnpg-operator"] = Pod("cnpg-operator", "cnpg-system", {"app.kubernetes.io/name": "cloudnative-pg"})
    pods["rabbitmq-operators"] = Pod("rabbitmq-operators", "rabbitmq-system", {"app.kubernetes.io/name": "messaging-topology-operator"})
    pods["kube-dns"] = Pod("kube-dns", "kube-system", {"k8s-app": "kube-dns"}, {"dns": 53})
    pods["stranger"] = Pod("stranger", "default", {"app": "something-else"}, {"http": 8080})
    pods["stranger-in-office"] = Pod("stranger-in-office", "office", {"app": "debug"}, {"http": 8080})
    return pods


@pytest.fixture(params=KUBERNETES_OVERLAYS)
def cluster(request, kubernetes_rendered):
    documents = kubernetes_rendered[request.param]
    return Network([d for d in documents if d["kind"] == "NetworkPolicy"]), cluster_pods(documents)


def test_only_the_ingress_controller_reaches_the_gateway(cluster, code_ports):
    net, pods = cluster
    gateway, port = pods["gateway"], code_ports["gateway"][0]
    assert net.allows(pods["ingress-controller"], gateway, port)
    for outsider in ("stranger", "stranger-in-office", "hr", "hr-worker", "prometheus"):
        assert not net.allows(pods[outsider], gateway, port), outsider
    assert not net.allows(pods["ingress-controller"], gateway, "metrics"), "the gateway's metrics are private"


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_only_the_gateway_reaches_a_services_http_port(cluster, code_ports, service):
    net, pods = cluster
    target, port = pods[service.name], code_ports[service.name][0]
    assert net.allows(pods["gateway"], target, port)
    for other in PACKAGES:
        for process in (f"{other.name}-worker", f"{other.name}-migrate") + ((other.name,) if other is not service and other.name != "gateway" else ()):
            assert not net.allows(pods[process], target, port), f"{process} reaches {service.name}"
    for outsider in ("ingress-controller", "stranger", "stranger-in-office"):
        assert not net.allows(pods[outsider], target, port), outsider


def test_prometheus_reaches_every_metrics_port_and_nothing_else(cluster, code_ports):
    net, pods = cluster
    for package in PACKAGES:
        web_port, worker_port = code_ports[package.name]
        metrics = package.metrics_port(web_port)
        assert net.allows(pods["prometheus"], pods[package.name], metrics), package.name
        assert net.allows(pods["prometheus"], pods[f"{package.name}-worker"], worker_port), package.name
        assert not net.allows(pods["stranger"], pods[f"{package.name}-worker"], worker_port), package.name
    assert not net.allows(pods["prometheus"], pods["gateway"], code_ports["gateway"][0]), "the gateway's public port"
    assert net.allows(pods["prometheus"], pods["office-db-1"], "metrics")
    assert net.allows(pods["prometheus"], pods["office-rabbitmq-server-0"], "prometheus")
    assert not net.allows(pods["prometheus"], pods["office-db-1"], "postgresql")
    assert not net.allows(pods["prometheus"], pods["office-rabbitmq-server-0"], "amqp")


def test_only_the_packages_processes_reach_postgresql(cluster):
    net, pods = cluster
    database = pods["office-db-1"]
    for package in PACKAGES:
        for process in (package.name, f"{package.name}-worker", f"{package.name}-migrate"):
            assert net.allows(pods[process], database, "postgresql"), process
    for outsider in ("stranger", "stranger-in-office", "ingress-controller", "office-rabbitmq-server-0"):
        assert not net.allows(pods[outsider], database, "postgresql"), outsider
    # the operator and the other instances (replication, status)
    assert net.allows(pods["office-db-2"], database, "postgresql") and net.allows(pods["office-db-2"], database, "status")
    assert net.allows(pods["cnpg-operator"], database, "status")


def test_only_workers_and_web_processes_reach_rabbitmq(cluster):
    net, pods = cluster
    broker = pods["office-rabbitmq-server-0"]
    for package in PACKAGES:
        assert net.allows(pods[package.name], broker, "amqp"), package.name
        assert net.allows(pods[f"{package.name}-worker"], broker, "amqp"), package.name
        assert not net.allows(pods[f"{package.name}-migrate"], broker, "amqp"), "a migration has no business there"
    for outsider in ("stranger", "stranger-in-office", "ingress-controller", "office-db-1"):
        assert not net.allows(pods[outsider], broker, "amqp"), outsider
    assert net.allows(pods["office-rabbitmq-server-1"], broker, "cluster-links")
    assert net.allows(pods["rabbitmq-operators"], broker, "management")
    assert not net.allows(pods["stranger-in-office"], broker, "management")


def test_the_packages_processes_open_nothing_else(cluster):
    net, pods = cluster
    for package in PACKAGES:
        for process in (package.name, f"{package.name}-worker", f"{package.name}-migrate"):
            assert net.allows(pods[process], pods["kube-dns"], 53, "UDP"), process
            assert not net.allows(pods[process], pods["stranger"], "http"), f"{process} reaches outside"
