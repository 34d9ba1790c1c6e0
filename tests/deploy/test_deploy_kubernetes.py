"""deploy/kubernetes: the base and its two overlays render with `kubectl kustomize`, and what they
render agrees with the code: each package's Deployments, Services, PodDisruptionBudgets,
autoscalers and migration Job (ports, commands, probes, environment), the replicas of each
overlay, and the one way in (the gateway's Ingress).

The operators' objects (PostgreSQL, RabbitMQ, monitoring) are checked in
test_deploy_kubernetes_operators.py, the NetworkPolicies in test_deploy_kubernetes_network.py."""
from __future__ import annotations

import re

import pytest
import yaml
from deploy_helpers import (
    KUBERNETES_BASE, KUBERNETES_DIR, KUBERNETES_OVERLAYS, PACKAGES, assert_command_runs_package_code,
    read_env_file,
)

BASE = yaml.safe_load((KUBERNETES_BASE / "kustomization.yaml").read_text())
OVERLAYS = {o: yaml.safe_load((KUBERNETES_DIR / "overlays" / o / "kustomization.yaml").read_text())
            for o in KUBERNETES_OVERLAYS}
SERVICES = [p for p in PACKAGES if p.name != "gateway"]


def find(documents, kind: str, name: str) -> dict:
    matches = [d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def of_kind(documents, kind: str) -> list[dict]:
    return [d for d in documents if d["kind"] == kind]


def pod_spec(document: dict) -> dict:
    return document["spec"]["template"]["spec"]


def container_env(documents, container: dict) -> dict[str, str | None]:
    """Every environment variable a container gets, with its value (None: from a Secret)."""
    names: dict[str, str | None] = {}
    for source in container.get("envFrom", []):
        assert "configMapRef" in source, source
        names.update(find(documents, "ConfigMap", source["configMapRef"]["name"])["data"])
    for variable in container.get("env", []):
        names[variable["name"]] = variable.get("value")
    return names


def expanded(env: dict[str, str | None], name: str) -> str:
    """A variable's value with Kubernetes' $(NAME) references to the container's other variables
    spelled as <NAME> (their values come from Secrets)."""
    return re.sub(r"\$\((\w+)\)", lambda m: f"<{m[1]}>" if m[1] in env else m[0], env[name])


@pytest.fixture(params=KUBERNETES_OVERLAYS)
def overlay(request, kubernetes_rendered):
    return request.param, kubernetes_rendered[request.param]


def test_base_lists_every_manifest_and_overlays_build_on_it():
    listed = set(BASE["resources"]) - {"../../grafana"}  # the dashboards' ConfigMaps (their own kustomization)
    on_disk = {p.name for p in KUBERNETES_BASE.glob("*.yaml") if p.name != "kustomization.yaml"}
    assert listed == on_disk, f"listed but missing: {listed - on_disk}; on disk but not listed: {on_disk - listed}"
    assert BASE["namespace"] == "office"
    assert {image["name"] for image in BASE["images"]} == {f"office/{p.name}" for p in PACKAGES}
    for name, overlay in OVERLAYS.items():
        assert overlay["resources"] == ["../../base"], name


def test_real_secrets_are_never_committed():
    folders = [KUBERNETES_BASE / "secrets"] + [KUBERNETES_DIR / "overlays" / o / "secrets" for o in OVERLAYS]
    for folder in folders:
        assert "*.env" in (folder / ".gitignore").read_text().split(), folder
    for kustomization in [BASE, *OVERLAYS.values()]:
        for generator in kustomization.get("secretGenerator", []):
            assert "literals" not in generator, f"{generator['name']}: secret values written into a kustomization"
            for env_file in generator["envs"]:
                assert env_file.startswith("secrets/") and env_file.endswith(".env"), env_file


def test_secret_examples_hold_no_real_secret():
    examples = list(KUBERNETES_DIR.rglob("*.env.example"))
    assert len(examples) >= 9
    for example in examples:
        for key, value in read_env_file(example).items():
            if key != "username":
                assert value == "change-me", f"{example.name}: {key} looks like a real value"


def test_everything_lands_in_the_office_namespace(overlay):
    _, documents = overlay
    for document in documents:
        if document["kind"] != "Namespace":
            assert document["metadata"]["namespace"] == "office", document["metadata"]["name"]


def test_every_reference_resolves(overlay):
    """ConfigMaps and Secrets the pods name exist, rendered or made by an operator from an object
    that is rendered (the Messaging Topology Operator's <User>-user-credentials)."""
    _, documents = overlay
    names = {(d["kind"], d["metadata"]["name"]) for d in documents}
    names |= {("Secret", f"{d['metadata']['name']}-user-credentials") for d in of_kind(documents, "User")}
    for document in of_kind(documents, "Deployment") + of_kind(documents, "Job"):
        spec = pod_spec(document)
        for container in spec.get("initContainers", []) + spec["containers"]:
            assert re.fullmatch(r"office/[a-z]+:[0-9][\w.]*", container["image"]), container["image"]
            for source in container.get("envFrom", []):
                assert ("ConfigMap", source["configMapRef"]["name"]) in names
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ("Secret", ref["name"]) in names, f"{document['metadata']['name']}: no Secret {ref['name']}"
    for volume_owner in of_kind(documents, "Ingress"):
        for tls in volume_owner["spec"]["tls"]:
            assert tls["secretName"], "the Ingress names no TLS Secret"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("process", ["web", "worker"])
def test_deployment_agrees_with_the_code(kubernetes_documents, code_ports, package, process):
    documents = kubernetes_documents
    name = package.name if process == "web" else f"{package.name}-worker"
    deployment = find(documents, "Deployment", name)
    port = code_ports[package.name][0 if process == "web" else 1]
    template = deployment["spec"]["template"]
    labels = template["metadata"]["labels"]
    assert labels["app.kubernetes.io/name"] == package.name
    assert labels["app.kubernetes.io/component"] == process
    assert labels["app.kubernetes.io/part-of"] == "office"
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    (container,) = pod_spec(deployment)["containers"]
    assert container["image"].split(":")[0] == f"office/{package.name}"
    assert container["command"] == (package.web_command if process == "web" else package.worker_command)
    assert_command_runs_package_code(package, container["command"])
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    container_port = container["ports"][0]  # the process's own port; a web's METRICS_PORT comes after it
    assert container_port["containerPort"] == port, f"{name}: container port {container_port['containerPort']}, the code says {port}"
    metrics_port = package.metrics_port(port) if process == "web" else port
    env = container_env(documents, container)
    if metrics_port != port:
        assert ports.get("metrics") == metrics_port and env["METRICS_PORT"] == str(metrics_port), name
    assert set(ports) <= {"http", "metrics"}, ports
    assert env["PORT"] == str(code_ports[package.name][0])
    assert env["WORKER_PORT"] == str(code_ports[package.name][1])
    for probe, path in (("startupProbe", "/health/live"), ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
        get = container[probe]["httpGet"]
        assert get["path"] == path, f"{name}: {probe} on {get['path']}"
        assert get["port"] in (port, container_port["name"]), f"{name}: {probe} on another port"
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(metrics_port)
    assert annotations["prometheus.io/path"] == "/metrics"
    missing = package.env_required - set(env)
    assert not missing, f"{name}: environment lacks {sorted(missing)}"
    resources = container["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"]) and "memory" in resources["limits"]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_each_package_reaches_its_own_database_and_broker_user(kubernetes_documents, package):
    """DATABASE_URL is the operator's read-write Service, the package's database, with the
    credentials of the package's own role; BROKER_URL the cluster's Service with its own user."""
    for kind, name in (("Deployment", package.name), ("Deployment", f"{package.name}-worker"), ("Job", f"{package.name}-migrate")):
        spec = pod_spec(find(kubernetes_documents, kind, name))
        for container in spec.get("initContainers", []) + spec["containers"]:
            env = container_env(kubernetes_documents, container)
            assert expanded(env, "DATABASE_URL") == (
                f"postgresql+psycopg://<DATABASE_USER>:<DATABASE_PASSWORD>@office-db-rw:5432/{package.name}")
            assert expanded(env, "BROKER_URL") == "amqp://<BROKER_USER>:<BROKER_PASSWORD>@office-rabbitmq:5672/office"
            refs = {v["name"]: v["valueFrom"]["secretKeyRef"] for v in container["env"] if "valueFrom" in v}
            assert refs["DATABASE_USER"] == {"name": f"office-db-{package.name}", "key": "username"}
            assert refs["DATABASE_PASSWORD"] == {"name": f"office-db-{package.name}", "key": "password"}
            assert refs["BROKER_USER"] == {"name": f"office-mq-{package.name}-user-credentials", "key": "username"}
            assert refs["BROKER_PASSWORD"] == {"name": f"office-mq-{package.name}-user-credentials", "key": "password"}
            # Kubernetes expands $(X) only from variables defined before it
            order = [v["name"] for v in container["env"]]
            assert order.index("DATABASE_PASSWORD") < order.index("DATABASE_URL")
            assert order.index("BROKER_PASSWORD") < order.index("BROKER_URL")


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_pods_run_locked_down(kubernetes_documents, package):
    for kind, name in (("Deployment", package.name), ("Deployment", f"{package.name}-worker"), ("Job", f"{package.name}-migrate")):
        spec = pod_spec(find(kubernetes_documents, kind, name))
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        assert spec["enableServiceLinks"] is False  # DNS, not one variable per Service (issue 16)
        mounted_volumes = {v["name"] for v in spec.get("volumes", [])}
        for container in spec.get("initContainers", []) + spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True and context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, f"{name}/{container['name']}: /tmp is not writable"
            assert set(mounts.values()) <= mounted_volumes
            env = container_env(kubernetes_documents, container)
            assert env["PROMETHEUS_MULTIPROC_DIR"] in mounts, f"{name}/{container['name']}: metrics directory not mounted"
            assert "resources" in container, f"{name}/{container['name']} has no resources"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_processes_wait_for_the_migration(kubernetes_documents, package):
    job = find(kubernetes_documents, "Job", f"{package.name}-migrate")
    spec = pod_spec(job)
    assert spec["restartPolicy"] in {"Never", "OnFailure"}
    (migrate,) = spec["containers"]
    assert migrate["command"] == ["alembic", "upgrade", "head"]
    assert_command_runs_package_code(package, migrate["command"])
    web = pod_spec(find(kubernetes_documents, "Deployment", package.name))["containers"][0]
    assert migrate["envFrom"] == web["envFrom"]
    assert expanded(container_env(kubernetes_documents, migrate), "DATABASE_URL") == \
        expanded(container_env(kubernetes_documents, web), "DATABASE_URL"), "the Job migrates the database the web process uses"
    for name in (package.name, f"{package.name}-worker"):
        (init,) = pod_spec(find(kubernetes_documents, "Deployment", name))["initContainers"]
        assert init["image"] == migrate["image"]
        assert "alembic current" in " ".join(init["command"]) and "(head)" in " ".join(init["command"])


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_services_route_to_the_pods(kubernetes_documents, code_ports, package):
    for name, port in ((package.name, code_ports[package.name][0]), (f"{package.name}-worker", code_ports[package.name][1])):
        service = find(kubernetes_documents, "Service", name)
        assert service["spec"]["type"] == "ClusterIP", f"{name} is exposed outside the cluster"
        deployment = find(kubernetes_documents, "Deployment", name)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items(), f"Service {name} selects no pod of {name}"
        (service_port,) = service["spec"]["ports"]
        container_port = pod_spec(deployment)["containers"][0]["ports"][0]  # "http"; metrics stay off the Service
        assert service_port["targetPort"] in (container_port["name"], container_port["containerPort"])
        assert service_port["port"] == port


def test_gateway_forwards_to_the_services(kubernetes_documents, code_ports):
    gateway = pod_spec(find(kubernetes_documents, "Deployment", "gateway"))["containers"][0]
    env = container_env(kubernetes_documents, gateway)
    for package in SERVICES:
        assert env[f"{package.name.upper()}_URL"] == f"http://{package.name}:{code_ports[package.name][0]}"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_web_scales_on_cpu_and_budgets_allow_a_drain(overlay, package):
    name, documents = overlay
    web = find(documents, "Deployment", package.name)
    assert "replicas" not in web["spec"], f"{package.name}: the autoscaler owns the replicas, an apply must not reset them"
    hpa = find(documents, "HorizontalPodAutoscaler", package.name)
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": package.name}
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu" and metric["resource"]["target"]["type"] == "Utilization"
    assert "cpu" in pod_spec(web)["containers"][0]["resources"]["requests"], "CPU utilisation needs a CPU request"
    low, high = hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]
    worker = find(documents, "Deployment", f"{package.name}-worker")["spec"]["replicas"]
    expected = {"dev": (1, 1), "production": (3, 2)}[name]
    assert (low, worker) == expected, f"{name}: {package.name} web min {low}, worker {worker}"
    assert high > low
    for deployment, replicas in ((web, low), (find(documents, "Deployment", f"{package.name}-worker"), worker)):
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        (pdb,) = [d for d in of_kind(documents, "PodDisruptionBudget") if d["spec"]["selector"]["matchLabels"].items() <= labels.items()]
        allowed = replicas - pdb["spec"]["minAvailable"] if "minAvailable" in pdb["spec"] else pdb["spec"]["maxUnavailable"]
        assert allowed >= 1, f"{name}: {pdb['metadata']['name']} blocks every eviction of {replicas} pod(s)"
        if replicas > 1:
            assert allowed < replicas, f"{name}: {pdb['metadata']['name']} lets every pod go at once"


def test_operators_clusters_are_sized_by_overlay(kubernetes_rendered):
    for name, (instances, nodes) in {"dev": (1, 1), "production": (3, 3)}.items():
        documents = kubernetes_rendered[name]
        assert find(documents, "Cluster", "office-db")["spec"]["instances"] == instances, name
        assert find(documents, "RabbitmqCluster", "office-rabbitmq")["spec"]["replicas"] == nodes, name


def test_only_the_gateway_is_exposed(overlay):
    name, documents = overlay
    (ingress,) = of_kind(documents, "Ingress")
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert backends == [{"name": "gateway", "port": {"name": "http"}}]
    gateway_service = find(documents, "Service", "gateway")
    assert [p["name"] for p in gateway_service["spec"]["ports"]] == ["http"], "the gateway's METRICS_PORT stays private"
    (tls,) = ingress["spec"]["tls"]
    assert set(tls["hosts"]) == {rule["host"] for rule in ingress["spec"]["rules"]}
    assert tls["secretName"] == {"dev": "office-dev-tls", "production": "office-production-tls"}[name]
    for service in of_kind(documents, "Service"):
        assert service["spec"].get("type", "ClusterIP") == "ClusterIP", service["metadata"]["name"]
    assert find(documents, "RabbitmqCluster", "office-rabbitmq")["spec"]["service"]["type"] == "ClusterIP"


def test_namespace_enforces_the_restricted_pod_security(kubernetes_documents):
    (namespace,) = of_kind(kubernetes_documents, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_production_spreads_each_deployment_over_the_nodes(kubernetes_documents):
    for deployment in of_kind(kubernetes_documents, "Deployment"):
        (spread,) = pod_spec(deployment)["topologySpreadConstraints"]
        assert spread["topologyKey"] == "kubernetes.io/hostname" and spread["maxSkew"] == 1
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert spread["labelSelector"]["matchLabels"].items() <= labels.items()
        assert spread["matchLabelKeys"] == ["pod-template-hash"], "counts the pods of this Deployment's ReplicaSet only"
