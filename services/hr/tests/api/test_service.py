"""What every service has: OpenAPI, health, metrics, idempotent writes, request ids."""
from sqlalchemy import text


def test_openapi_lists_every_route(client):
    spec = client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json["paths"]
    for path in ("/units", "/units/{code}", "/units/{code}/dissolve", "/positions/{position_id}", "/staff",
                 "/appointments", "/staffing", "/staffing.csv", "/rules", "/rules/{code}", "/restructurings",
                 "/restructurings/{plan_id}/preview", "/restructurings/{plan_id}/approve",
                 "/restructurings/{plan_id}/apply", "/restructurings/{plan_id}/reject",
                 "/restructurings/{plan_id}/withdraw", "/restructurings/{plan_id}/plan.pdf",
                 "/restructurings/{record_id}/attachments", "/restructurings/{record_id}/attachments/{attachment_id}",
                 "/staffing.xlsx", "/rules/{code}/versions"):
        assert path in paths, path


def test_health_and_metrics(client):
    assert client.get("/health/live").json == {"status": "live", "service": "hr"}
    ready = client.get("/health/ready")
    # the test settings point at no broker: ready all the same (a web process only needs its
    # database; contract amended 2026-12-04), and the broker is shown as degraded
    assert ready.status_code == 200 and ready.json["checks"] == {"database": "ok", "broker": "failing"}
    assert "broker" in ready.json["degraded"]
    assert "http_requests_total" in client.get("/metrics").get_data(as_text=True)


def test_a_retried_hire_with_the_same_idempotency_key_hires_once(demo, hr, outbox):
    body = {"full_name": "Người Mới", "unit": "BNC"}
    first = hr.post("/staff", json=body, headers={"Idempotency-Key": "hire-1"})
    again = hr.post("/staff", json=body, headers={"Idempotency-Key": "hire-1"})
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert outbox.types() == ["hr.staff.hired"]


def test_the_request_id_travels_into_the_events(demo, hr, database):
    resp = hr.patch("/units/BNC", json={"name": "Ban Nội chính"}, headers={"X-Request-ID": "trace-hr-1"})
    assert resp.headers["X-Request-ID"] == "trace-hr-1"
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT correlation_id FROM outbox ORDER BY id DESC LIMIT 1")).scalar() == "trace-hr-1"
