"""The HTTP API of the assets service: flask-smorest blueprints, thin over the use cases."""
from .catalogue import blp as catalogue
from .inbox import blp as inbox
from .items import blp as items
from .procurements import blp as procurements
from .repairs import blp as repairs
from .reports import blp as reports
from .stocktakes import blp as stocktakes
from .wear_runs import blp as wear_runs

BLUEPRINTS = [catalogue, items, procurements, repairs, wear_runs, stocktakes, reports, inbox]
