"""HR's HTTP API: flask-smorest blueprints."""
from . import inbox, positions, restructurings, staff, staffing, units

BLUEPRINTS = [units.blp, positions.blp, staff.blp, staff.appointments_blp, staffing.blp, restructurings.blp, inbox.blp]
