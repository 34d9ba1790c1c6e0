"""The gateway app with the tests' role table, for a real web process
(`cd gateway/tests && office-gateway-web --factory gateway_process:create`)."""

import json

from gateway import create_app
from gateway_testkit import make_policy


def create():
    return create_app(policy=make_policy())


# What `create_showing_environ` answers: the string values of the request's environ, i.e. what an
# error reporter or a debug page would show of it.
ENVIRON_PATH = "/__test__/environ"


def create_showing_environ():
    app = create()
    inner = app.wsgi_app

    def wsgi_app(environ, start_response):
        if environ.get("PATH_INFO") != ENVIRON_PATH:
            return inner(environ, start_response)
        body = json.dumps({key: value for key, value in environ.items() if isinstance(value, str)}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    app.wsgi_app = wsgi_app  # before the metrics port's filter, so that both ports answer it
    return app
