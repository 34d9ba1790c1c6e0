"""Who may decide what: the rules every approval of the assets service shares.

Nobody decides a request of their own; disposals and stock-take reconciliations are decided by
the leadership. The use cases raise these refusals and the inbox asks the same functions, so
what the inbox offers is exactly what the action allows.
"""
from __future__ import annotations

from buildingblocks.errors import NotAllowed
from buildingblocks.identity import Principal

LEADERSHIP = "leadership"


def own_request_refusal(principal: Principal, requested_by: str | None,
                        requester_staff_id: int | None = None) -> NotAllowed | None:
    """A refusal when `principal` asked for the request themselves (by name or by staff id)."""
    if principal.username == requested_by or (
            principal.staff_id is not None and principal.staff_id == requester_staff_id):
        return NotAllowed("nobody approves their own request", rule="own_request")
    return None


def leadership_refusal(principal: Principal) -> NotAllowed | None:
    """A refusal unless `principal` is of the leadership."""
    if principal.has_role(LEADERSHIP):
        return None
    return NotAllowed("requires one of the roles: leadership")


def leadership_decision_refusal(principal: Principal, requested_by: str | None,
                                requester_staff_id: int | None = None) -> NotAllowed | None:
    """Why `principal` may not decide a request the leadership decides (a disposal, a
    reconciliation), or None when they may."""
    return leadership_refusal(principal) or own_request_refusal(principal, requested_by, requester_staff_id)


def ensure(refusal: NotAllowed | None) -> None:
    """Raise the refusal, if there is one."""
    if refusal is not None:
        raise refusal
