"""HR's HTTP API: flask-smorest blueprints."""
from . import positions, restructurings, staff, staffing, units

BLUEPRINTS = [units.blp, positions.blp, staff.blp, staff.appointments_blp, staffing.blp, restructurings.blp]
