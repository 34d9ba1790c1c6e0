"""HTTP: flask-smorest blueprints and the marshmallow schemas that validate and document them."""
from __future__ import annotations

from . import bookings, drivers, entitlement, inbox, maintenance, planning, vehicles

BLUEPRINTS = [vehicles.blp, drivers.blp, bookings.blp, planning.blp, maintenance.blp, inbox.blp, entitlement.blp]
