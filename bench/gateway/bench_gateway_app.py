"""The gateway for the benchmark: the real app, its shipped role table plus one rule for the
backend's list read (routed as `finance`, list-scoped so unit pinning is on the measured path)."""

from gateway import create_app
from gateway.policies import load_rules
from gateway.policy import READERS, PolicyTable, Rule

BENCH_RULES = [Rule("GET", "/items", READERS, list_scoped=True)]


def create():
    rules = load_rules()
    rules["finance"] = [r for r in rules.get("finance", []) if r.path != "/items"] + BENCH_RULES
    return create_app(policy=PolicyTable(rules))
