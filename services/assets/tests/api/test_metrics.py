"""/metrics: procurement requests by status, refreshed by the worker."""
import re

from conftest import BTC_STAFF
from helpers import draft

from assets.adapters.metrics import refresh_gauges


def metric(client, name, **labels):
    body = client.get("/metrics", None).get_data(as_text=True)
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    found = re.search(rf"^{name}" + (rf"\{{{re.escape(want)}\}}" if want else "") + r" ([0-9.e+-]+)$", body, re.M)
    return float(found.group(1)) if found else None


def test_procurements_by_status(client, database):
    draft(client, BTC_STAFF)
    submitted = draft(client, BTC_STAFF)
    assert client.post(f"/procurements/{submitted['id']}/submit", BTC_STAFF).status_code == 200
    refresh_gauges(database)
    assert metric(client, "assets_procurements", status="draft") == 1
    assert metric(client, "assets_procurements", status="awaiting_budget") == 1
    assert metric(client, "assets_procurements", status="approved") == 0
