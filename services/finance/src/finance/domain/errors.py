"""Finance's named rules, on the building blocks' hierarchy (no HTTP here: the web layer maps them).

Each rule carries its code (`rule`) and the figures a user needs to understand it, which become
members of the problem document.
"""

from buildingblocks.errors import Invalid, RuleBroken


class FinanceRuleBroken(RuleBroken):
    """A business rule refused the action; `figures` go into the problem document as members."""

    rule = "finance_rule"

    def __init__(self, detail: str, **figures):
        super().__init__(detail)
        self.figures = figures  # add to it to say more

    @property
    def extra(self) -> dict:
        """The problem document's members: the rule code and the figures."""
        return {"rule": self.rule, **self.figures}

    @extra.setter
    def extra(self, _value) -> None:  # DomainError.__init__ sets it; the figures are kept apart
        pass


class OverNorm(FinanceRuleBroken):
    """The request asks more than the spending regulation allows for the beneficiary."""

    rule = "over_norm"


class BudgetExhausted(FinanceRuleBroken):
    """The budget has not enough available money for the request."""

    rule = "budget_exhausted"


class InvalidTransition(FinanceRuleBroken):
    """The record is not in a state that allows the action."""

    rule = "invalid_state"


class PaymentExceedsReservation(FinanceRuleBroken):
    """A payment asks more than the expense reserved and was approved for."""

    rule = "payment_exceeds_reservation"


class InvalidRegulation(Invalid):
    """A regulation version is inconsistent (duplicate norms, ...); `errors` maps field -> messages."""

    def __init__(self, detail: str, errors: dict):
        super().__init__(detail, errors=errors)
        self.errors = errors
