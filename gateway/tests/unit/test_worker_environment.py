"""The secrets leave a web worker's environment once its app is loaded (entrypoints/web.py):
granian copies that environment into every request's environ."""

from __future__ import annotations

import os

import pytest
from granian.wsgi import _callback_wrapper

from gateway.entrypoints.web import is_secret, load_worker_app


@pytest.mark.parametrize("name, value", [
    ("JWT_SECRET", "x"), ("INTERNAL_TOKEN_SECRET", "x"), ("DATABASE_URL", "sqlite:///var/gateway.db"),
    ("BROKER_URL", "amqp://guest:guest@rabbitmq:5672/%2F"), ("SMTP_PASSWORD", "x"), ("db_passwd", "x"),
    ("GITHUB_TOKEN", "x"), ("AWS_SECRET_ACCESS_KEY", "x"), ("S3_ACCESS_KEY", "x"),
    ("ARCHIVE", "https://office:mat-khau@archive.example/"),
    ("GATEWAY_DATABASE_URL", "postgresql+psycopg://gateway:mat-khau@db/gateway"),
])
def test_secrets_are_known_by_their_name_or_a_password_in_their_url(name, value):
    assert is_secret(name, value)


@pytest.mark.parametrize("name, value", [
    ("HOST", "0.0.0.0"), ("FINANCE_URL", "http://finance:8002"), ("PROMETHEUS_MULTIPROC_DIR", "/tmp/m"),
    ("TOKEN_TTL_SECONDS", "3600"), ("OFFICE_PLACE", "Tỉnh"), ("ATTACHMENTS_URL", "https://user@s3.example/b"),
    # libpq reads it at every new connection of the pool
    ("PGPASSWORD", "x"),
])
def test_what_is_read_later_or_is_no_secret_stays(name, value):
    assert not is_secret(name, value)


@pytest.fixture()
def environment():
    saved = dict(os.environ)
    yield os.environ
    os.environ.clear()
    os.environ.update(saved)


class _Protocol:
    def response_bytes(self, status, headers, body):
        self.body = body


def test_a_request_of_a_loaded_worker_gets_no_secret_in_its_environ(environment):
    environment.update({"JWT_SECRET": "jwt-gia-tri-bi-mat", "BROKER_URL": "amqp://u:mat-khau-amqp@mq/%2F",
                        "OFFICE_TEST_PLAIN": "van-con"})
    environment.pop("METRICS_PORT", None)
    # wsgiref's demo app answers with its environ, as an error page would show it
    callback = _callback_wrapper(load_worker_app("wsgiref.simple_server:demo_app"), {})
    protocol = _Protocol()
    callback(protocol, {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "", "SCRIPT_NAME": ""})
    assert b"van-con" in protocol.body
    assert b"jwt-gia-tri-bi-mat" not in protocol.body and b"mat-khau-amqp" not in protocol.body
    assert "JWT_SECRET" not in os.environ and "BROKER_URL" not in os.environ
