"""The role table, one module per service: `policies/<service>.py` holds `RULES`.

The module name is the service name, as in `/api/v1/<service>/...`; `gateway.py` holds the
gateway's own routes (auth and admin), so the whole platform's access rules are read in one
folder.
"""

from __future__ import annotations

import importlib
import pkgutil

from gateway.policy import PolicyTable, Rule


def load_rules() -> dict[str, list[Rule]]:
    """Every `policies/<service>.py` module's `RULES`, keyed by service."""
    rules: dict[str, list[Rule]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module_rules = getattr(module, "RULES", None)
        if module_rules is None:
            raise ValueError(f"policies/{module_info.name}.py has no RULES")
        rules[module_info.name] = list(module_rules)
    return rules


def load_policy_table() -> PolicyTable:
    """The compiled table of every service's rules (raises on a malformed rule)."""
    return PolicyTable(load_rules())
