"""The gateway for the benchmark: the real app, its shipped role table plus one rule for the
backend's list read (routed as `finance`, list-scoped so unit pinning is on the measured path)."""

from gateway import create_app
from gateway.policies import load_rules
from gateway.policy import READERS, REQUESTERS, PolicyTable, Rule, attachment_rules

BENCH_RULES = [Rule("GET", "/items", READERS, list_scoped=True),
               *attachment_rules("/records/<id>", READERS, REQUESTERS)]  # bench_files.py


def create():
    rules = load_rules()
    ours = {(r.method, r.path) for r in BENCH_RULES}
    rules["finance"] = [r for r in rules.get("finance", []) if (r.method, r.path) not in ours] + BENCH_RULES
    return create_app(policy=PolicyTable(rules))
