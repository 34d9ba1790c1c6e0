"""The merged OpenAPI document and the docs page served without any CDN."""

import re


def test_the_merged_document_holds_the_gateways_and_each_reachable_services_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert "/api/v1/auth/token" in paths and "/api/v1/admin/users/{username}" in paths
    # finance is routed to the echo service: its paths appear under the public prefix.
    assert "/api/v1/finance/things" in paths and "/api/v1/finance/things/{thing_id}/approve" in paths
    assert not any(p.startswith(("/api/v1/finance/health", "/api/v1/finance/metrics")) for p in paths)
    assert paths["/api/v1/finance/things"]["get"]["x-roles"]
    assert "admin" not in paths["/api/v1/finance/things"]["get"]["x-roles"]
    assert paths["/api/v1/finance/things/{thing_id}/approve"]["post"]["x-roles"] == ["leadership", "unit_head"]
    assert paths["/api/v1/auth/token"]["post"]["security"] == []
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_component_references_are_renamed_per_service_and_all_resolve(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    text = str(doc)
    for section, name in re.findall(r"#/components/(\w+)/([\w.\-]+)", text):
        assert name in doc["components"][section], f"dangling $ref {section}/{name}"
    assert any(name.startswith("finance.") for name in doc["components"].get("schemas", {})) or \
        any(name.startswith("finance.") for name in doc["components"].get("responses", {}))


def test_a_service_that_is_down_is_noted_not_fatal(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert set(doc["x-unavailable-services"]) == {"hr", "assets", "fleet"}


def test_the_docs_page_uses_only_local_assets(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "/api/v1/openapi.json" in html
    assert "http://" not in html and "https://" not in html
    for asset in re.findall(r'(?:src|href)="(/api/docs/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/api/docs/../../etc/passwd").status_code == 404
    assert client.get("/api/docs/index.j2").status_code == 404


def test_the_merged_document_is_valid_openapi_and_documents_the_console_routes(client):
    from openapi_spec_validator import validate

    doc = client.get("/api/v1/openapi.json").get_json()
    validate(doc)
    paths = doc["paths"]
    for path, method in (("/api/v1/auth/session", "post"), ("/api/v1/auth/session", "delete"),
                         ("/api/v1/auth/password", "post"), ("/api/v1/inbox", "get")):
        assert method in paths[path], (path, method)
    assert paths["/api/v1/auth/session"]["post"]["security"] == []
    assert paths["/api/v1/auth/session"]["delete"]["security"] == []
    session_out = paths["/api/v1/auth/session"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert session_out["$ref"].endswith("/SessionOut")
    inbox_out = doc["components"]["schemas"]["InboxOut"]
    assert {"items", "counts", "unavailable"} <= set(inbox_out["properties"])
    assert doc["components"]["securitySchemes"]["session"] == {
        "type": "apiKey", "in": "cookie", "name": "office_session",
        "description": doc["components"]["securitySchemes"]["session"]["description"]}
    assert {"bearer": []} in doc["security"] and {"session": []} in doc["security"]
