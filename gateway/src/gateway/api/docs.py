"""The interactive docs at `/api/docs` (Swagger UI served from the installed bundle, no CDN)
and the merged document at `/api/v1/openapi.json`."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from gateway.api.context import gateway

blp = Blueprint("docs", __name__)

# Only the files the page needs are served from the bundle's folder.
_ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png", "favicon-16x16.png"}
)
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Office platform API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: "/api/v1/openapi.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    });
  </script>
</body>
</html>
"""


@blp.get("/api/docs")
@blp.get("/api/docs/")
def docs_page():
    """The Swagger UI page, reading the merged document."""
    return Response(_PAGE, mimetype="text/html")


@blp.get("/api/docs/<name>")
def docs_asset(name: str):
    """A static file of the Swagger UI bundle."""
    if name not in _ASSETS:
        abort(404)
    return send_from_directory(str(swagger_ui_path), name, max_age=86400)


@blp.get("/api/v1/openapi.json")
def merged_openapi():
    """Every service's OpenAPI document merged with the gateway's own."""
    return jsonify(gateway().openapi.document())
