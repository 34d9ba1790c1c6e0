"""The gateway app with the tests' role table, for a real gunicorn process
(`gunicorn -c gateway/gunicorn.conf.py --chdir gateway/tests 'gateway_process:create()'`)."""

from gateway import create_app
from gateway_testkit import make_policy


def create():
    return create_app(policy=make_policy())
