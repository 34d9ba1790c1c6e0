"""The gateway's own HTTP API: auth, admin and the inbox (in the OpenAPI document), plus the
merged OpenAPI document and the docs page (`api/docs.py`, plain Flask)."""

from gateway.api import admin, auth, inbox

BLUEPRINTS = [auth.blp, admin.blp, inbox.blp]
