"""The shapes of every event on `office.events`, in one place with their versions.

Each publishing service declares its events in its own module here (`hr.py`, `finance.py`,
`assets.py`, `fleet.py`) with `@event(type, version, description)` on a marshmallow Schema.
`python -m buildingblocks.contracts` prints docs/events.md from these declarations.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from marshmallow import Schema


@dataclass(frozen=True)
class EventSpec:
    type: str
    version: int
    description: str
    schema: type[Schema]


REGISTRY: dict[str, EventSpec] = {}


def event(type: str, version: int = 1, description: str = ""):
    """Register the decorated Schema as the data of event `type`."""

    def register(schema: type[Schema]) -> type[Schema]:
        REGISTRY[type] = EventSpec(type, version, description or (schema.__doc__ or "").strip(), schema)
        return schema

    return register


_loaded = False


def load_all() -> dict[str, EventSpec]:
    """Import every contract module (once) so that REGISTRY is complete."""
    global _loaded
    if _loaded:
        return REGISTRY
    _loaded = True
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")
    return REGISTRY


def _field_type(field) -> str:
    name = type(field).__name__
    if name == "List":
        return f"list of {_field_type(field.inner)}"
    if name == "Nested":
        return "object"
    return {"Str": "string", "String": "string", "Int": "integer", "Integer": "integer", "Float": "number",
            "Bool": "boolean", "Boolean": "boolean", "Date": "date", "DateTime": "datetime",
            "AwareDateTime": "datetime", "Dict": "object", "Raw": "any"}.get(name, name.lower())


def render_markdown() -> str:
    """docs/events.md: every event type, who publishes it, and its data fields."""
    load_all()
    lines = [
        "# Events",
        "",
        "Generated from `libs/buildingblocks/src/buildingblocks/contracts/` by",
        "`python -m buildingblocks.contracts > docs/events.md`; a test fails when this file is stale.",
        "",
        "Every event travels on the durable topic exchange `office.events` with the routing key equal",
        "to its type, in the envelope `{id, type, version, occurred_at, source, correlation_id, unit, data}`.",
        "`unit` is the board the event concerns (null when none). Additive changes keep the version.",
        "",
    ]
    for type_ in sorted(REGISTRY):
        spec = REGISTRY[type_]
        lines += [f"## `{type_}` (version {spec.version}, published by {type_.split('.')[0]})", ""]
        if spec.description:
            lines += [spec.description, ""]
        lines += ["| field | type | required | description |", "|---|---|---|---|"]
        for name, field in spec.schema().fields.items():
            desc = (field.metadata or {}).get("description", "")
            nullable = " or null" if field.allow_none else ""
            lines.append(f"| `{name}` | {_field_type(field)}{nullable} | {'yes' if field.required else 'no'} | {desc} |")
        lines.append("")
    return "\n".join(lines)


# every module's declarations are in REGISTRY as soon as the package is imported, so a consumer
# validating an incoming event never finds its contract missing
load_all()
