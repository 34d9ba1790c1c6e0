"""/metrics in multiprocess mode shows every family the process declares, as a single process does."""
from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from prometheus_client import Counter
from buildingblocks.metrics import HTTP_REQUESTS, render_metrics
NEVER = Counter("example_never_counted_total", "A labelled counter nothing has incremented", ["kind"])
HTTP_REQUESTS.labels("hr", "/staff", "GET", "200").inc(3)
print(render_metrics()[0].decode())
"""


def exposition(tmp_path, multiprocess: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    if multiprocess:
        env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True, text=True).stdout


def test_multiprocess_exposition_declares_unwritten_families_like_a_single_process(tmp_path):
    for text in (exposition(tmp_path, True), exposition(tmp_path, False)):
        lines = text.splitlines()
        assert "# TYPE example_never_counted_total counter" in lines
        assert not [line for line in lines if line.startswith("example_never_counted_total")]
        assert 'http_requests_total{method="GET",route="/staff",service="hr",status="200"} 3.0' in lines
        assert "# TYPE event_delivery_seconds histogram" in lines
        assert sum(line == "# TYPE http_requests_total counter" for line in lines) == 1


def test_written_series_are_summed_across_processes(tmp_path):
    exposition(tmp_path, True)
    text = exposition(tmp_path, True)  # a second process, same directory: its values add up
    assert 'http_requests_total{method="GET",route="/staff",service="hr",status="200"} 6.0' in text.splitlines()
