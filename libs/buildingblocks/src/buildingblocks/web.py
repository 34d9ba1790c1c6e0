"""The web setup every service makes once: errors, request ids, logs, identity, idempotency,
health, metrics and the OpenAPI document (flask-smorest, generated from the marshmallow schemas).
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from flask import Flask, Response, current_app, g, request
from flask_smorest import Api
from sqlalchemy import MetaData, select
from sqlalchemy.exc import DataError, StatementError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from .config import ServiceConfig, Settings, check_secret
from .db import Database, UnitOfWork, idempotency_table, insert_ignore, utcnow
from .errors import DomainError, Invalid, Malformed
from .problems import PROBLEM_JSON, problem_document, problem_type
from .health import BrokerCheck, check_database, readiness
from .identity import INTERNAL_HEADER, Principal, verify_internal_token
from .logs import configure_logging, log_fields, request_id_var
from .metrics import HTTP_LATENCY, HTTP_REQUESTS, render_metrics

PUBLIC_PATHS = frozenset({"/health/live", "/health/ready", "/metrics", "/openapi.json"})
_RID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
access_log = logging.getLogger("access")


@dataclass
class OfficeContext:
    """What the app factory hands to views: settings, database and readiness checks."""

    settings: Settings
    database: Database
    config: Any = None
    checks: dict[str, Callable[[], str | None]] = field(default_factory=dict)


def problem_response(status: int, title: str, detail: str, **extra: Any) -> Response:
    """An RFC 9457 problem document."""
    doc = dict(extra)
    doc.update({"type": "about:blank" if status >= 500 else problem_type(title),
                "title": title, "status": status, "detail": detail})
    return Response(json.dumps(doc, ensure_ascii=False, default=str), status=status, mimetype=PROBLEM_JSON)


def _flatten_messages(messages: Any) -> dict:
    """webargs puts errors under their location ({"json": {...}}); clients want field -> messages."""
    if not isinstance(messages, dict):
        return {"_schema": messages if isinstance(messages, list) else [str(messages)]}
    out: dict = {}
    for location, errs in messages.items():
        if location in {"json", "query", "form", "headers", "files", "path", "view_args", "querystring"} and isinstance(errs, dict):
            out.update(errs)
        else:
            out[location] = errs
    return out


class OfficeApi(Api):
    """flask-smorest's Api, with every HTTP error rendered as problem+json."""

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        extra: dict[str, Any] = {}
        if "messages" in data:
            extra["errors"] = _flatten_messages(data["messages"])
        detail = data.get("message") or error.description or error.name
        if error.code == 422 and "errors" in extra:
            detail = "the request has invalid fields"
        # RFC 9110 renamed 422 "Unprocessable Content"; the service layer's errors use that title too
        title = "Unprocessable Content" if error.code == 422 else error.name
        resp = problem_response(error.code or 500, title, detail, **extra)
        for key, value in (data.get("headers") or {}).items():
            resp.headers[key] = value
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            resp.headers["Allow"] = ", ".join(error.valid_methods)
        return resp


class IdConverter(IntegerConverter):
    """`<id:booking_id>`: a record id as the database keeps it (1 .. 2**31-1); anything else is 404."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=2**31 - 1)


def current_config() -> Any:
    """The service's `Config` (made once with the app)."""
    return office().config


def current_principal() -> Principal:
    """The caller of this request (verified from the internal token)."""
    return g.principal


def office() -> OfficeContext:
    return current_app.extensions["office"]


def unit_of_work() -> UnitOfWork:
    """A new unit of work on this service's database."""
    return office().database.unit_of_work()


def _route_label() -> str:
    return request.url_rule.rule if request.url_rule is not None else "<unmatched>"


def create_service_app(
    config: ServiceConfig,
    blueprints: Iterable = (),
    metadata: MetaData | None = None,
    *,
    repositories: Callable | None = None,
    database: Database | None = None,
    internal_auth: bool = True,
    public_paths: Iterable[str] = (),
    title: str | None = None,
    broker_check: bool = True,
) -> Flask:
    """The Flask app of one service, with everything every service has.

    `create_service_app(config, BLUEPRINTS, metadata, title=..., repositories=repositories)`:
    JSON logs with the request id, the internal token on every route but health, metrics and
    the OpenAPI document, `Idempotency-Key`, RFC 9457 problems for every error, health and
    metrics routes.
    """
    settings = config.settings
    name = settings.service
    if internal_auth:
        check_secret("INTERNAL_TOKEN_SECRET", settings.internal_token_secret)
    configure_logging(name, settings.log_level)
    app = _flask_app(name, settings, title)
    database = database or Database(settings.database_url, service=name, config=config, repositories=repositories)
    checks: dict[str, Callable[[], str | None]] = {"database": lambda: check_database(database)}
    if broker_check:
        checks["broker"] = BrokerCheck(settings.broker_url)
    app.extensions["office"] = OfficeContext(settings, database, config, checks)
    api = _openapi(app, name, blueprints)
    _install_request_hooks(app, name, internal_auth, PUBLIC_PATHS | frozenset(public_paths))
    _install_error_handlers(app, api, name)
    _install_health_and_metrics(app, name)
    return app


def _flask_app(name: str, settings: Settings, title: str | None) -> Flask:
    app = Flask(name)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.config.update(
        API_TITLE=title or f"{name} service",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        PROPAGATE_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=int(settings.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
    )
    app.url_map.converters["id"] = IdConverter
    return app


def _openapi(app: Flask, name: str, blueprints: Iterable) -> OfficeApi:
    api = OfficeApi(app, spec_kwargs={"info": {"description": f"The {name} service of the provincial office platform."}})
    api.spec.components.security_scheme("internal", {"type": "apiKey", "in": "header", "name": INTERNAL_HEADER})
    app.extensions["office_api"] = api
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    return api


# -- per request: request id, caller, idempotency, access log and metrics ------------------------
def _install_request_hooks(app: Flask, name: str, internal_auth: bool, public: frozenset[str]) -> None:
    secret = app.extensions["office"].settings.internal_token_secret

    @app.before_request
    def _start():
        g.started = time.perf_counter()
        _take_request_id()
        _refuse_nul_in_path_or_query()
        if internal_auth and request.path not in public:
            g.principal = verify_internal_token(secret, request.headers.get(INTERNAL_HEADER), audience=name)
        return _idempotent_replay(office().database)

    @app.after_request
    def _finish(resp: Response):
        resp.headers["X-Request-ID"] = getattr(g, "request_id", "") or uuid.uuid4().hex
        _remember_idempotent_answer(office().database, resp, name)
        _observe(resp, name)
        return resp


def _take_request_id() -> None:
    rid = request.headers.get("X-Request-ID", "")
    rid = rid if _RID_OK.match(rid) else uuid.uuid4().hex
    g.request_id = rid
    request_id_var.set(rid)


def _refuse_nul_in_path_or_query() -> None:
    query = request.query_string.decode("latin-1")
    if "\x00" in request.path or "\x00" in query or "%00" in query:
        raise Malformed("NUL characters are not allowed in paths or query strings")


def _idempotent_replay(database: Database) -> Response | None:
    """The remembered answer of a retried write, or None to handle the request."""
    key = request.headers.get("Idempotency-Key")
    who = getattr(g, "principal", None)
    # answers are remembered per caller: without a verified caller there is nobody to key them to
    if not key or request.method not in {"POST", "PATCH", "PUT"} or who is None:
        return None
    if len(key) > 200:
        raise Invalid("Idempotency-Key too long", errors={"Idempotency-Key": ["at most 200 characters"]})
    table = idempotency_table()
    with database.session_factory() as session:
        row = session.execute(select(table).where(table.c.key == key, table.c.principal == who.username)).first()
    if row is None:
        g.idempotency_key = key
        return None
    if row.method != request.method or row.path != request.path:
        raise Invalid("Idempotency-Key already used for another request",
                      errors={"Idempotency-Key": [f"used for {row.method} {row.path}"]})
    resp = Response(row.body, status=row.status, mimetype=PROBLEM_JSON if row.status >= 400 else "application/json")
    resp.headers["Idempotent-Replayed"] = "true"
    return resp


def _remember_idempotent_answer(database: Database, resp: Response, name: str) -> None:
    key = getattr(g, "idempotency_key", None)
    if not key or resp.status_code >= 500 or resp.direct_passthrough:
        return
    who = getattr(g, "principal", None)
    try:
        with database.session_factory() as session:
            insert_ignore(session, idempotency_table(), dict(
                key=key, principal=who.username if who else "", method=request.method, path=request.path,
                status=resp.status_code, body=resp.get_data(as_text=True), created_at=utcnow()))
            session.commit()
    except Exception:  # the answer stands even if remembering it failed
        logging.getLogger(name).exception("could not store idempotency key")


def _observe(resp: Response, name: str) -> None:
    started = getattr(g, "started", None)
    if started is None:
        return
    elapsed = time.perf_counter() - started
    route = _route_label()
    HTTP_REQUESTS.labels(name, route, request.method, str(resp.status_code)).inc()
    HTTP_LATENCY.labels(name, route, request.method).observe(elapsed)
    if request.path not in PUBLIC_PATHS:
        who = getattr(g, "principal", None)
        log_fields(access_log, logging.INFO, "request", method=request.method, path=request.path,
                   status=resp.status_code, ms=round(elapsed * 1000, 2), user=who.username if who else None)


# -- errors: every one a problem document ------------------------------------------------------
def _install_error_handlers(app: Flask, api: OfficeApi, name: str) -> None:
    log = logging.getLogger(name)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        status, doc = problem_document(error)
        return Response(json.dumps(doc, ensure_ascii=False, default=str), status=status, mimetype=PROBLEM_JSON)

    @app.errorhandler(StatementError)
    def _statement_error(error: StatementError):
        # the database (or its driver) refused a value the schemas let through: a NUL byte, a lone
        # surrogate, a number out of range. That is the client's input, so 422, not 500.
        orig = getattr(error, "orig", None)
        if isinstance(error, DataError) or isinstance(orig, (UnicodeError, ValueError, OverflowError)):
            reason = str(orig or error).splitlines()[0][:200]
            log.warning("database refused a value: %s", reason)
            return problem_response(422, "Unprocessable Content", "a value cannot be stored by the service",
                                    errors={"_schema": [reason]})
        log.exception("database error")
        return _internal_error()

    @app.errorhandler(RecursionError)
    def _too_deep(error: RecursionError):
        # a JSON body nested deeper than the parser's recursion limit is the client's fault
        return problem_response(400, "Bad Request", "the JSON body is nested too deeply")

    @app.errorhandler(UnicodeEncodeError)
    def _unencodable(error: UnicodeEncodeError):
        # JSON allows lone surrogates ("\ud800") that no database can store: the client's input
        return problem_response(422, "Unprocessable Content", "a text value is not valid Unicode",
                                errors={"_schema": [str(error)[:200]]})

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        log.exception("unhandled error")
        return _internal_error()


def _internal_error() -> Response:
    return problem_response(500, "Internal Server Error", "an unexpected error occurred; the request id is in X-Request-ID")


# -- health and metrics ------------------------------------------------------------------------
def _install_health_and_metrics(app: Flask, name: str) -> None:
    @app.get("/health/live")
    def _live():
        return {"status": "live", "service": name}

    @app.get("/health/ready")
    def _ready():
        # contract (amended 2026-12-04): a web process is ready when its database is
        body, status = readiness(office().checks, shown_only=frozenset({"broker"}))
        body["service"] = name
        return body, status

    @app.get("/metrics")
    def _metrics():
        payload, content_type = render_metrics()
        return Response(payload, mimetype=content_type.split(";")[0], headers={"Content-Type": content_type})
