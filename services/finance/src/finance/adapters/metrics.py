"""Finance's own Prometheus metrics (the shared HTTP and event metrics come from buildingblocks)."""

from prometheus_client import Counter

BUDGET_OVERRUNS = Counter(
    "finance_budget_overruns_total",
    "Chargebacks and receipts booked past a budget's allocation (never refused: the cost happened)",
    ["unit", "category", "source"],
)
