"""The service's OpenAPI document is valid OpenAPI (issue 10, finding 9): generators and fuzzers
refused two operations while `wear_rate_pct` had `maximum: "100.00"`, a string."""
import json

from openapi_spec_validator import validate


def _bounds(node, path=""):
    """Every (path, name, value) of a `minimum`/`maximum` anywhere in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("minimum", "maximum"):
                yield path, key, value
            yield from _bounds(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _bounds(value, f"{path}/{i}")


def test_the_openapi_document_is_valid(client):
    spec = client.get("/openapi.json", None).get_json()
    validate(spec)  # raises on any violation of the OpenAPI 3.0 schema
    bounds = list(_bounds(spec))
    assert bounds, "the collector finds the bounds it checks"
    assert [b for b in bounds if isinstance(b[2], bool) or not isinstance(b[2], (int, float))] == []


def test_wear_rate_bounds_are_numbers(client):
    spec = client.get("/openapi.json", None).get_json()
    rate = spec["components"]["schemas"]["CategoryCreate"]["properties"]["wear_rate_pct"]
    assert (rate["minimum"], rate["maximum"]) == (0.01, 100), json.dumps(rate)
