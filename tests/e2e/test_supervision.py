"""One machine that survives a crash (issue 15): under supervisord a process killed with SIGKILL is
restarted while the others keep serving. The real ten processes on PostgreSQL and RabbitMQ."""
from __future__ import annotations

import configparser
import time

import pytest
import requests

from harness import SupervisedPlatform, eventually
from supervision import Program, supervisor_conf


def test_the_config_escapes_what_supervisord_would_expand(tmp_path):
    conf = supervisor_conf([Program("hr-web", ["gunicorn", "app"], tmp_path,
                                    {"BROKER_URL": "amqp://g:g@h:5672/%2F", "NOTE": 'say "hi"'})], tmp_path)
    parser = configparser.RawConfigParser()
    parser.read_string(conf)
    section = parser["program:hr-web"]
    assert section["autorestart"] == "true"
    assert 'BROKER_URL="amqp://g:g@h:5672/%%2F"' in section["environment"]
    assert 'NOTE="say \\"hi\\""' in section["environment"]


@pytest.fixture(scope="module")
def supervised(tmp_path_factory):
    p = SupervisedPlatform(tmp_path_factory.mktemp("supervised")).start()
    try:
        yield p
    finally:
        p.stop()


def _serving(platform, client, path: str) -> bool:
    try:
        return client.get(path).status_code == 200
    except requests.RequestException:
        return False


def _restarted(platform, program: str, old_pid: int, ready_url: str) -> bool:
    info = platform.supervisor.info(program)
    if info["statename"] != "RUNNING" or info["pid"] in (0, old_pid):
        return False
    try:
        return requests.get(ready_url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_a_killed_worker_is_restarted_and_the_others_keep_serving(supervised):
    staff = supervised.client("chuyenvien.btc")
    killed = supervised.supervisor.kill9("fleet-worker")
    # while it is down and coming back, the web processes answer as before
    answers = []
    for _ in range(10):
        answers.append(_serving(supervised, staff, "/hr/units"))
        answers.append(_serving(supervised, staff, "/fleet/vehicles"))
        time.sleep(0.2)
    assert all(answers), answers
    eventually(lambda: _restarted(supervised, "fleet-worker", killed, f"{supervised.worker_url('fleet')}/health/ready"),
               timeout=30, interval=0.5)
    assert "exited: fleet-worker (terminated by SIGKILL" in (supervised.logdir / "sv" / "supervisord.log").read_text()


def test_a_killed_web_process_is_restarted_and_the_other_services_keep_serving(supervised):
    staff = supervised.client("chuyenvien.btc")
    killed = supervised.supervisor.kill9("fleet-web")
    # the gunicorn master died with SIGKILL: its workers notice and leave; the other services answer throughout
    hr_answers = [_serving(supervised, staff, "/hr/units") for _ in range(10)]
    assert all(hr_answers), hr_answers
    eventually(lambda: _restarted(supervised, "fleet-web", killed, f"{supervised.service_url('fleet')}/health/ready"),
               timeout=60, interval=0.5)
    eventually(lambda: _serving(supervised, staff, "/fleet/vehicles"), timeout=30, interval=0.5)
