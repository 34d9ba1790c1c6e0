"""The worker: no consumer, and a periodic job that applies scheduled plans once their date comes
(the job itself is `apply_due_plans`, tested with a given date in tests/api/test_restructurings.py)."""
import datetime as dt

from hr.config import Config
from hr.entrypoints.worker import periodic_jobs
from hr.integration.handlers import HANDLERS
from buildingblocks.clock import local_today

from ..conftest import LEADER


def test_the_worker_relays_only_and_its_job_leaves_plans_that_are_not_due(demo, as_, hr, database, settings):
    assert HANDLERS == {}
    [(interval, job)] = periodic_jobs(database, Config.from_settings(settings))
    assert interval == 60
    assert as_(LEADER).post("/restructurings/1/approve").status_code == 200
    job()
    assert hr.get("/restructurings/1").json["status"] == "approved"  # applying at once is the user's call
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    hr.patch("/restructurings/1", json={"effective_date": tomorrow})
    as_(LEADER).post("/restructurings/1/approve")
    assert hr.post("/restructurings/1/apply").json["status"] == "scheduled"
    job()
    assert hr.get("/restructurings/1").json["status"] == "scheduled"  # tomorrow's plan waits for tomorrow
