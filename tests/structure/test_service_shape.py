"""One shape for every service (docs/service-guide.md, "The template").

Compares the four services' trees and public names; a service that drifts fails here, with the
place named, before the next team copies it.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["hr", "finance", "assets", "fleet"]
LAYERS = {"domain", "service_layer", "adapters", "api", "integration", "entrypoints"}
REQUIRED_FILES = [
    "__init__.py", "config.py", "domain/__init__.py", "domain/errors.py", "service_layer/__init__.py",
    "adapters/__init__.py", "adapters/orm.py", "adapters/repository.py", "api/__init__.py", "api/schemas.py",
    "integration/__init__.py", "integration/handlers.py", "entrypoints/__init__.py", "entrypoints/wsgi.py",
    "entrypoints/worker.py", "entrypoints/seed.py",
]
DEPRECATED_ERRORS = {"ProblemError", "BadRequest", "Unauthorized", "Forbidden", "Conflict", "Unprocessable",
                     "ServiceUnavailable"}


def src(service: str) -> Path:
    return ROOT / "services" / service / "src" / service


def python_files(folder: Path):
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_the_same_layers_and_files(service):
    layers = {p.name for p in src(service).iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert layers == LAYERS, f"{service}: layers {sorted(layers)} (template: {sorted(LAYERS)})"
    missing = [f for f in REQUIRED_FILES if not (src(service) / f).exists()]
    assert not missing, f"{service} lacks {missing}"
    assert (ROOT / "services" / service / "tests" / "unit" / "fakes.py").exists(), f"{service}: no tests/unit/fakes.py"


@pytest.mark.parametrize("service", SERVICES)
def test_the_same_public_names(service):
    from buildingblocks.config import ServiceConfig

    package = importlib.import_module(service)
    assert list(inspect.signature(package.create_app).parameters) == ["config"], f"{service}.create_app(config=None)"
    assert inspect.signature(package.create_app).parameters["config"].default is None
    config = importlib.import_module(f"{service}.config")
    assert config.SERVICE == service and issubclass(config.Config, ServiceConfig) and config.Config.SERVICE == service
    assert isinstance(importlib.import_module(f"{service}.api").BLUEPRINTS, list)
    handlers = importlib.import_module(f"{service}.integration.handlers").HANDLERS
    assert isinstance(handlers, dict) and all(callable(h) for h in handlers.values())
    assert callable(importlib.import_module(f"{service}.adapters.repository").repositories)
    assert importlib.import_module(f"{service}.adapters.orm").metadata is not None


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_is_pure(service):
    for path in python_files(src(service) / "domain"):
        bad = {n for n in imported_names(path) if n.split(".")[0] in {"flask", "flask_smorest", "sqlalchemy", "marshmallow", "pika"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("service", SERVICES)
def test_routes_are_declared_one_way(service):
    for path in python_files(src(service) / "api"):
        text = path.read_text()
        rel = path.relative_to(ROOT)
        assert "MethodView" not in text, f"{rel}: function views with @blp.get/post/patch, no MethodView"
        assert not re.search(r"<int(\(|:)", text), f"{rel}: path ids use the <id:...> converter"
        assert not re.search(r"@\w*blp\.route\(", text), f"{rel}: @blp.get/@blp.post/@blp.patch, not @blp.route"


@pytest.mark.parametrize("service", SERVICES)
def test_schema_names_follow_one_convention(service):
    from marshmallow import Schema

    module = importlib.import_module(f"{service}.api.schemas")
    bad = [name for name, obj in vars(module).items()
           if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == module.__name__
           and (name.endswith("Schema") or re.search(r"In$", name))]
    assert not bad, f"{service}.api.schemas: {bad} (name schemas <Thing><Purpose>: BookingCreate, BookingOut)"


@pytest.mark.parametrize("service", SERVICES)
def test_only_the_web_layer_knows_http(service):
    for path in python_files(src(service)):
        rel = path.relative_to(ROOT)
        used = {n.rsplit(".", 1)[-1] for n in imported_names(path) if n.startswith("buildingblocks.errors.")}
        assert not used & DEPRECATED_ERRORS, f"{rel} uses {sorted(used & DEPRECATED_ERRORS)}: use the domain errors"
        if "api" not in path.relative_to(src(service)).parts:
            assert "abort(" not in path.read_text(), f"{rel}: HTTP abort outside api/"


def test_shared_ideas_exist_once():
    """The time zone, the ON CONFLICT switch and the title ranks live in buildingblocks only."""
    offenders = []
    for folder in [ROOT / "services", ROOT / "gateway" / "src"]:
        for path in python_files(folder):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            text = path.read_text()
            rel = str(path.relative_to(ROOT))
            if re.search(r"timedelta\(hours=7\)|ZoneInfo\(", text):
                offenders.append(f"{rel}: time zone (use buildingblocks.clock)")
            if re.search(r"dialects\.(postgresql|sqlite) import insert", text):
                offenders.append(f"{rel}: ON CONFLICT switch (use buildingblocks.db.upsert/insert_ignore)")
            if re.search(r"[\"']deputy_secretary[\"']\s*,\s*[\"']board_head[\"']", text):
                offenders.append(f"{rel}: title ranks (use buildingblocks.vocabulary)")
    assert not offenders, "\n".join(offenders)
