"""Static security checks of the deployment files with checkov (issue 10), plus what checkov does
not know about: docker-compose.yml and the way Kubernetes receives its secrets.

Every checkov finding is either fixed or waived in deploy/checkov-waivers.yaml with its reason;
a waiver that matches no finding any more fails too, so the file never grows stale.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from deploy_helpers import COMPOSE_FILE, KUBERNETES_DIR, ROOT, run

WAIVERS = ROOT / "deploy" / "checkov-waivers.yaml"
DOCKERFILES = sorted([ROOT / "gateway" / "Dockerfile", *(ROOT / "services").glob("*/Dockerfile")])
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASS$|DATABASE_URL|BROKER_URL")
SIGNING_SECRETS = ("JWT_SECRET", "INTERNAL_TOKEN_SECRET")


def checkov() -> Path:
    found = shutil.which("checkov") or str(Path(sys.executable).with_name("checkov"))
    assert Path(found).exists(), "checkov is missing: `make install` (requirements-dev.txt)"
    return Path(found)


@pytest.fixture(scope="module")
def findings(kubernetes_rendered, tmp_path_factory) -> dict[str, list[str]]:
    """checkov's failed checks: check id -> where. Kubernetes: what each overlay renders (what is
    applied), plus the base's files (its secret examples, for the secrets checks)."""
    base = [str(checkov()), "--quiet", "--compact", "--skip-download", "-o", "json",
            "--framework", "dockerfile", "kubernetes", "secrets"]
    files = [arg for path in (*DOCKERFILES, COMPOSE_FILE) for arg in ("-f", str(path))]
    rendered = tmp_path_factory.mktemp("rendered")
    for overlay, documents in kubernetes_rendered.items():
        # the Secrets hold the example values the render was made with, not committed text
        plain = [{k: v for k, v in d.items() if k != "_file"} for d in documents if d["kind"] != "Secret"]
        (rendered / f"{overlay}.yaml").write_text(yaml.safe_dump_all(plain, sort_keys=False))
    found: dict[str, list[str]] = {}
    for args in (base + ["-d", str(rendered)], base + ["-d", str(KUBERNETES_DIR)], base + files):  # -f or -d, not both
        result = run(args, cwd=ROOT)
        assert result.returncode in (0, 1), result.stderr[-2000:]  # 1: some check failed
        reports = json.loads(result.stdout)
        for report in reports if isinstance(reports, list) else [reports]:
            assert report["summary"]["parsing_errors"] == 0, report["summary"]
            for failed in report["results"]["failed_checks"]:
                found.setdefault(failed["check_id"], []).append(f"{failed['file_path']}: {failed.get('resource')}")
    return found


def waivers() -> dict[str, str]:
    return yaml.safe_load(WAIVERS.read_text()) or {}


def test_every_waiver_has_a_reason():
    for check, reason in waivers().items():
        assert re.fullmatch(r"CKV2?_[A-Z0-9]+_\d+", check), check
        assert isinstance(reason, str) and len(reason.split()) >= 8, f"{check}: give the reason"


def test_checkov_finds_nothing_unwaived(findings):
    unwaived = {check: where for check, where in findings.items() if check not in waivers()}
    assert not unwaived, json.dumps(unwaived, indent=1)


def test_no_stale_waiver(findings):
    stale = sorted(set(waivers()) - set(findings))
    assert not stale, f"waived in {WAIVERS.name} but no longer found: remove {stale}"


def test_no_plain_secret_found(findings):
    secrets = {check: where for check, where in findings.items() if check.startswith("CKV_SECRET")}
    assert not secrets, secrets


# -- docker-compose.yml: checkov has no compose checks -------------------------------------------
def test_compose_processes_are_locked_down(compose):
    ours = {name: svc for name, svc in compose["services"].items() if "build" in svc}
    assert len(ours) >= 15, sorted(ours)
    for name, svc in ours.items():
        assert svc.get("read_only") is True, name
        assert "ALL" in (svc.get("cap_drop") or []), name
        assert "no-new-privileges:true" in (svc.get("security_opt") or []), name
        assert svc.get("mem_limit") and svc.get("cpus") and svc.get("pids_limit"), name
        assert str(svc.get("user", "10001")).split(":")[0] not in ("0", "root"), name


def test_dockerfiles_run_as_a_user_that_is_not_root():
    for dockerfile in DOCKERFILES:
        users = re.findall(r"^USER\s+(\S+)", dockerfile.read_text(), re.M)
        assert users and users[-1].split(":")[0] not in ("0", "root"), dockerfile


def test_compose_writes_no_secret_in_plain_text(compose_raw):
    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and SECRET_NAME.search(str(key)):
                    assert "${" in value, f"{where}.{key} is written in the file: take it from .env"
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")
    walk(compose_raw, "docker-compose.yml")


# -- Kubernetes secrets -------------------------------------------------------------------------
def _containers(kubernetes_documents):
    for doc in kubernetes_documents:
        spec = doc.get("spec", {})
        pod = spec.get("template", {}).get("spec") or spec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec")
        if pod:
            for container in (pod.get("initContainers") or []) + pod.get("containers", []):
                yield doc, container


def _secret_keys(kubernetes_documents) -> dict[str, set[str]]:
    """The keys of every Secret the pods may name: those the kustomization makes from its example
    files, and those the Messaging Topology Operator generates for each User."""
    keys = {d["metadata"]["name"]: set(d.get("data", {})) for d in kubernetes_documents if d["kind"] == "Secret"}
    for user in (d for d in kubernetes_documents if d["kind"] == "User"):
        keys[f"{user['metadata']['name']}-user-credentials"] = {"username", "password"}
    return keys


def _composed_of_secret_refs(value: str, secret_vars: set[str]) -> bool:
    """A URL whose credentials are only $(VAR) references to variables from secretKeyRefs."""
    found = re.search(r"//\$\((\w+)\):\$\((\w+)\)@", value)
    return bool(found) and set(found.groups()) <= secret_vars and not re.search(r"//[^$/]*:[^$/]*@", value)


def test_secrets_reach_the_pods_only_through_secret_key_refs(kubernetes_documents):
    used = 0
    secret_keys = _secret_keys(kubernetes_documents)
    for doc, container in _containers(kubernetes_documents):
        where = f"{doc['_file']} {doc['metadata']['name']}/{container['name']}"
        for source in container.get("envFrom") or []:
            assert "secretRef" not in source, f"{where}: envFrom secretRef leaves a missing key unset; use secretKeyRef"
        names, from_secrets = set(), set()
        for var in container.get("env") or []:
            names.add(var["name"])
            ref = (var.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                used += 1
                from_secrets.add(var["name"])
                assert ref.get("optional") is not True, where
                assert ref["key"] in secret_keys.get(ref["name"], set()), f"{where}: {ref} names no key of a Secret"
            if var["name"] in SIGNING_SECRETS or SECRET_NAME.search(var["name"]):
                assert "value" not in var or _composed_of_secret_refs(var["value"], from_secrets), \
                    f"{where}: {var['name']} written in the manifest"
        assert {"DATABASE_URL", "BROKER_URL", "INTERNAL_TOKEN_SECRET"} <= names, f"{where}: {sorted(names)}"
        if doc["metadata"]["name"].startswith("gateway") and container["name"] != "wait-for-migrations":
            assert "JWT_SECRET" in names, where
    assert used >= 75


def test_a_url_with_a_written_password_is_refused():
    assert _composed_of_secret_refs("amqp://$(U):$(P)@rabbit:5672/office", {"U", "P"})
    assert not _composed_of_secret_refs("amqp://office:hunter2@rabbit:5672/office", {"U", "P"})
    assert not _composed_of_secret_refs("amqp://$(U):$(P)@rabbit:5672/office", {"U"})


def test_signing_secrets_are_never_committed_in_a_manifest():
    for path in KUBERNETES_DIR.rglob("*"):
        if path.is_file() and not path.name.endswith(".example"):
            text = path.read_text(errors="replace")
            for name in SIGNING_SECRETS:
                assert not re.search(rf"{name}\s*[=:]\s*[\"']?[A-Za-z0-9+/_-]{{8,}}", text) or path.suffix == ".md", (path, name)
