"""The gateway app with the tests' role table, for a real web process
(`cd gateway/tests && office-gateway-web --factory gateway_process:create`)."""

from gateway import create_app
from gateway_testkit import make_policy


def create():
    return create_app(policy=make_policy())
