"""finance's HTTP API: one flask-smorest blueprint per resource."""

from .bookings import blp as bookings
from .budgets import blp as budgets
from .expenses import blp as expenses
from .fiscal_years import blp as fiscal_years
from .inbox import blp as inbox
from .ledger import blp as ledger
from .regulations import blp as regulations
from .reports import blp as reports

BLUEPRINTS = [regulations, budgets, expenses, ledger, bookings, reports, inbox, fiscal_years]
