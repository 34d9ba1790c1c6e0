"""The app factory: errors, identity, request ids, idempotency, pagination, health, metrics."""
import pytest
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import delete, select

from buildingblocks.config import ServiceConfig, Settings
from buildingblocks.errors import RuleBroken
from buildingblocks.pagination import PageArgs, page_schema, paginate
from buildingblocks.testing import TEST_SECRET, auth_headers, make_principal
from buildingblocks.web import create_service_app, current_principal, unit_of_work

from conftest import Note

blp = Blueprint("notes", __name__, url_prefix="/notes")


class NoteSchema(Schema):
    id = fields.Int(dump_only=True)
    unit = fields.Str(required=True, validate=validate.Length(min=1, max=20))
    text = fields.Str(required=True, validate=validate.Length(min=1, max=200))


class NoteQuery(PageArgs):
    unit = fields.Str()


@blp.route("")
class Notes(MethodView):
    @blp.arguments(NoteQuery, location="query")
    @blp.response(200, page_schema(NoteSchema))
    def get(self, args):
        unit = current_principal().list_unit(args.get("unit"), "demo")
        with unit_of_work() as uow:
            stmt = select(Note)
            if unit:
                stmt = stmt.where(Note.unit == unit)
            rows, cursor = paginate(uow.session, stmt, Note.id, args["limit"], args["cursor"])
            return {"items": rows, "next_cursor": cursor}

    @blp.arguments(NoteSchema)
    @blp.response(201, NoteSchema)
    def post(self, data):
        if data["text"] == "conflict":
            raise RuleBroken("this note conflicts", rule="no-conflicts", asked=1, available=0)
        with unit_of_work() as uow:
            note = Note(**data)
            uow.session.add(note)
            uow.session.flush()
            uow.publish("demo.note.created", {"id": note.id}, unit=note.unit)
            uow.commit()
            return note


@pytest.fixture(scope="module")
def client(database):
    settings = Settings.from_env("demo", database_url=database.url, internal_token_secret=TEST_SECRET,
                                 broker_url="amqp://guest:guest@127.0.0.1:1/%2F")
    app = create_service_app(ServiceConfig(settings=settings), [blp], database=database)
    with database.unit_of_work() as uow:
        uow.session.execute(delete(Note))
        uow.commit()
    return app.test_client()


STAFF = make_principal("an", "BTC", ["staff"])
LEADER = make_principal("boss", "TU", ["leadership"])


def test_internal_token_required(client):
    resp = client.get("/notes", headers={"X-Principal": "admin", "X-Unit": "VP"})
    assert resp.status_code == 401
    assert resp.mimetype == "application/problem+json"
    assert resp.json["status"] == 401
    forged = client.get("/notes", headers={"X-Internal-Token": "not.a.jwt"})
    assert forged.status_code == 401


def test_validation_422_with_field_errors(client):
    resp = client.post("/notes", json={"unit": ""}, headers=auth_headers(STAFF, service="demo"))
    assert resp.status_code == 422
    assert set(resp.json["errors"]) == {"unit", "text"}
    assert resp.mimetype == "application/problem+json"


def test_malformed_json_is_4xx(client):
    resp = client.post("/notes", data="{not json", content_type="application/json", headers=auth_headers(STAFF, service="demo"))
    assert 400 <= resp.status_code < 500
    assert resp.mimetype == "application/problem+json"


def test_unknown_route_and_method(client):
    assert client.get("/nope", headers=auth_headers(STAFF, service="demo")).json["status"] == 404
    resp = client.delete("/notes", headers=auth_headers(STAFF, service="demo"))
    assert resp.status_code == 405 and resp.mimetype == "application/problem+json"


def test_conflict_carries_figures(client):
    resp = client.post("/notes", json={"unit": "BTC", "text": "conflict"}, headers=auth_headers(STAFF, service="demo"))
    assert resp.status_code == 409
    assert resp.json["rule"] == "no-conflicts" and resp.json["available"] == 0


def test_request_id_is_kept_or_made(client):
    resp = client.get("/health/live", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["X-Request-ID"] == "abc-123"
    assert len(client.get("/health/live").headers["X-Request-ID"]) >= 16


def test_outbox_written_in_the_same_transaction(client, database):
    from buildingblocks.db import outbox_table

    resp = client.post("/notes", json={"unit": "BTC", "text": "hello"}, headers=auth_headers(STAFF, **{"X-Request-ID": "rid-1"}, service="demo"))
    assert resp.status_code == 201
    with database.session_factory() as s:
        row = s.execute(select(outbox_table()).where(outbox_table().c.type == "demo.note.created")).all()[-1]
    assert row.unit == "BTC" and row.correlation_id == "rid-1" and row.published_at is None


def test_idempotency_key_returns_first_answer(client, database):
    headers = auth_headers(STAFF, **{"Idempotency-Key": "k-1"}, service="demo")
    first = client.post("/notes", json={"unit": "BTC", "text": "once"}, headers=headers)
    second = client.post("/notes", json={"unit": "BTC", "text": "once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json == second.json
    assert second.headers["Idempotent-Replayed"] == "true"
    with database.session_factory() as s:
        assert len(s.scalars(select(Note).where(Note.text == "once")).all()) == 1


def test_pagination_and_unit_scope(client):
    for i in range(5):
        client.post("/notes", json={"unit": "UBKT", "text": f"n{i}"}, headers=auth_headers(LEADER, service="demo"))
    page1 = client.get("/notes?unit=UBKT&limit=2", headers=auth_headers(LEADER, service="demo")).json
    assert len(page1["items"]) == 2 and page1["next_cursor"]
    page2 = client.get(f"/notes?unit=UBKT&limit=2&cursor={page1['next_cursor']}", headers=auth_headers(LEADER, service="demo")).json
    assert page2["items"][0]["id"] > page1["items"][-1]["id"]
    assert client.get("/notes?cursor=@@@", headers=auth_headers(LEADER, service="demo")).status_code == 400
    assert client.get("/notes?limit=1000", headers=auth_headers(LEADER, service="demo")).status_code == 422
    # a staff member of BTC: other unit's list is forbidden, unpinned list narrowed to BTC
    assert client.get("/notes?unit=UBKT", headers=auth_headers(STAFF, service="demo")).status_code == 403
    items = client.get("/notes?limit=200", headers=auth_headers(STAFF, service="demo")).json["items"]
    assert items and all(n["unit"] == "BTC" for n in items)


def test_health_names_failing_broker_but_stays_ready(client):
    # contract (amended 2026-12-04): a web process is ready when its database is; the broker is shown
    assert client.get("/health/live").status_code == 200
    resp = client.get("/health/ready")
    assert resp.status_code == 200
    assert resp.json["checks"] == {"database": "ok", "broker": "failing"}
    assert "broker" in resp.json["degraded"] and "failing" not in resp.json


def test_metrics_by_route_template(client):
    client.get("/notes", headers=auth_headers(STAFF, service="demo"))
    text = client.get("/metrics").data.decode()
    assert 'route="/notes"' in text and "http_request_duration_seconds_bucket" in text


def test_openapi_from_schemas(client):
    spec = client.get("/openapi.json").json
    assert "/notes" in spec["paths"]
    assert "Note" in spec["components"]["schemas"]


def test_forged_cursors_are_400(client):
    from buildingblocks.pagination import encode_cursor

    for forged in (encode_cursor("abc"), encode_cursor(2**70), encode_cursor(True), encode_cursor([1])):
        resp = client.get(f"/notes?cursor={forged}", headers=auth_headers(LEADER, service="demo"))
        assert resp.status_code == 400, forged


def test_value_the_database_refuses_is_422(client):
    resp = client.post("/notes", json={"unit": "BTC", "text": "nul\u0000byte"}, headers=auth_headers(STAFF, service="demo"))
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"


def test_nul_and_surrogates_never_500(client):
    assert client.get("/notes?unit=a%00b", headers=auth_headers(LEADER, service="demo")).status_code == 400
    resp = client.post("/notes", data='{"unit": "BTC", "text": "\\ud800"}', content_type="application/json",
                       headers=auth_headers(STAFF, service="demo"))
    assert resp.status_code == 422, resp.data


def test_principal_without_unit_lists_nothing():
    from buildingblocks.errors import NotAllowed

    nobody = make_principal("x", None, ["staff"])
    with pytest.raises(NotAllowed):
        nobody.list_unit(None, "demo")


def test_deeply_nested_json_is_400(client):
    body = "[" * 100000 + "]" * 100000
    resp = client.post("/notes", data=body, content_type="application/json", headers=auth_headers(STAFF, service="demo"))
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"
