"""Shared building blocks: every service and the gateway are built from these pieces.

config (Settings), logs (JSON, request id), errors (RFC 9457), db (engine, unit of work, outbox,
inbox, idempotency), identity (internal token, principal, unit checks), web (the app factory),
fields (the API's marshmallow fields), pagination, contracts (event shapes), messaging (relay,
consumer, worker), deadletters (CLI), replica (HR units and staff in other services), migrations
(alembic env), gunicorn_conf, testing.
"""
