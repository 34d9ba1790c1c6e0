"""Issue 10: schemathesis against the merged OpenAPI as each role, bounded.

Each role fuzzes the operations its `x-roles` allow (the others answer 403 at the gateway, which
the authorization matrix proves) with a few generated examples each, no shrinking and no
stateful runs. Checks: no 5xx, and every documented response matches its own schema. A failure
names the operation, the request and the response: a bug of that service, never a reason to
weaken the check.
"""
from __future__ import annotations

import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

EXAMPLES = 3
ROLES = ("leadership", "office_finance", "office_assets", "office_fleet", "office_hr", "staff", "unit_head", "admin")
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def schema(platform):
    doc = requests.get(f"{platform.gateway}/api/v1/openapi.json", timeout=30).json()
    return schemathesis.openapi.from_dict(doc)


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_as_role(platform, world, schema, role):
    session = world.client(role).session
    failures: list[str] = []
    calls = 0
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        if role not in (operation.definition.raw.get("x-roles") or []):
            continue

        @SETTINGS
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal calls
            calls += 1
            response = case.call(base_url=platform.gateway, session=session, timeout=30)
            try:
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
            except Exception as exc:  # noqa: BLE001 - every failure is collected, then reported together
                failures.append(f"{operation.label}: {case.method} {response.request.url} body={case.body!r:.300} "
                                f"-> {response.status_code} {response.text[:300]!r}\n    {str(exc)[:400]}")

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - e.g. schemathesis refusing the operation's own schema
            failures.append(f"{operation.label}: cannot be fuzzed: {type(exc).__name__}: {str(exc)[:300]}")
    print(f"\nschemathesis as {role}: {calls} calls in {time.monotonic() - started:.1f}s, {len(failures)} failures")
    assert not failures, "\n".join(failures[:40])
