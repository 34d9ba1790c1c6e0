"""The gateway's own HTTP API: auth, admin, the merged OpenAPI document and the docs page."""
