"""The fleet's fixtures live in fleet_testkit (a name no other service's tests share)."""
import sys
from pathlib import Path

# the test modules import fleet_testkit by name, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_testkit import api, app, database, db, flow  # noqa: E402,F401
