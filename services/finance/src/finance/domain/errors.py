"""Rule breaches of the finance domain.

The domain stays free of the web: each breach carries the name of the rule and the figures a
user needs to understand it, and the service layer turns it into a 409 or 422 problem document.
"""


class FinanceRuleBroken(Exception):
    """A business rule refused the action; `figures` go into the problem document as members."""

    rule = "finance_rule"

    def __init__(self, detail: str, **figures):
        super().__init__(detail)
        self.detail = detail
        self.figures = figures


class OverNorm(FinanceRuleBroken):
    """The request asks more than the spending regulation allows for the beneficiary."""

    rule = "over_norm"


class BudgetExhausted(FinanceRuleBroken):
    """The budget has not enough available money for the request."""

    rule = "budget_exhausted"


class InvalidTransition(FinanceRuleBroken):
    """The record is not in a state that allows the action."""

    rule = "invalid_state"


class InvalidRegulation(Exception):
    """A regulation version is inconsistent (duplicate norms, ...); `errors` maps field -> messages."""

    def __init__(self, detail: str, errors: dict):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
