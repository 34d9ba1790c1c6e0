"""deploy/rabbitmq: the plugins file is a valid Erlang term and every rabbitmq.conf key is one the
broker knows (checked against the schemas of the RabbitMQ installed on this machine)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from deploy_helpers import ROOT

FOLDER = ROOT / "deploy" / "rabbitmq"
SCHEMA_ROOTS = [Path("/usr/lib/rabbitmq/lib")]


def conf_keys() -> list[str]:
    keys = []
    for line in (FOLDER / "rabbitmq.conf").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            key, sep, value = line.partition("=")
            assert sep and key.strip() and value.strip(), f"not a key = value line: {line}"
            keys.append(key.strip())
    return keys


def test_enabled_plugins_is_an_erlang_list():
    text = (FOLDER / "enabled_plugins").read_text().strip()
    match = re.fullmatch(r"\[([a-z0-9_]+(?:\s*,\s*[a-z0-9_]+)*)\]\.", text)
    assert match, f"enabled_plugins is not an Erlang list term ending with a dot: {text}"
    plugins = {p.strip() for p in match.group(1).split(",")}
    assert {"rabbitmq_management", "rabbitmq_prometheus"} <= plugins


def test_conf_keys_are_known_to_rabbitmq():
    schemas = [p for root in SCHEMA_ROOTS if root.is_dir() for p in root.rglob("*.schema")]
    if not schemas:
        pytest.skip("no RabbitMQ installed here to read the configuration schema from")
    patterns = []
    for schema in schemas:
        for mapping in re.findall(r'\{mapping,\s*"([^"]+)"', schema.read_text(errors="replace")):
            patterns.append(re.compile(re.sub(r"\\\$[a-z_]+", r"[^.]+", re.escape(mapping)) + r"\Z"))
    for key in conf_keys():
        assert any(p.match(key) for p in patterns), f"rabbitmq.conf: unknown key {key}"
