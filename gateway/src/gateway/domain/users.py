"""What a valid user account is."""

from __future__ import annotations

import re

from buildingblocks.vocabulary import HEAD_RANKS

from gateway.policy import ALL_ROLES

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
MIN_PASSWORD_LENGTH = 8


class InvalidUser(ValueError):
    """A user's fields break a rule; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def check_roles(roles: list[str]) -> list[str]:
    """The roles sorted and deduplicated; raises `InvalidUser` for an unknown or empty set."""
    unknown = sorted(set(roles) - ALL_ROLES)
    if unknown:
        raise InvalidUser({"roles": [f"unknown roles: {', '.join(unknown)}"]})
    if not roles:
        raise InvalidUser({"roles": ["a user needs at least one role"]})
    return sorted(set(roles))


def check_password(password: str) -> None:
    """Raise `InvalidUser` for a password too short to be acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidUser({"password": [f"at least {MIN_PASSWORD_LENGTH} characters"]})


def check_new_password(username: str, current_password: str, new_password: str) -> None:
    """Raise `InvalidUser` unless `new_password` may replace `current_password` for `username`:
    long enough, not the username (in any case, or inside it), not the current password, not
    one character repeated."""
    problems = []
    if len(new_password) < MIN_PASSWORD_LENGTH:
        problems.append(f"at least {MIN_PASSWORD_LENGTH} characters")
    if username.lower() in new_password.lower():
        problems.append("must not contain the username")
    if new_password == current_password:
        problems.append("must differ from the current password")
    if len(set(new_password)) < 3:
        problems.append("too few different characters")
    if problems:
        raise InvalidUser({"new_password": problems})


# Positions whose holders approve their unit's requests (contract: unit_head = head and deputies).


def roles_for_post(roles: list[str], position_rank: str | None, moved: bool) -> list[str]:
    """The roles a user linked to an HR record holds after any staff event (hired, changed,
    transferred).

    `unit_head` follows the position's rank on every event, also when the board did not change:
    only a holder of a head or deputy position (`position_rank` in HEAD_RANKS) approves the
    board's requests, so a demoted head, or one moved without a position, loses the role. The
    roles granted for the old board's post do not travel (`moved`): an `office_<service>`
    specialist moved out of the Office loses that service's cross-unit scope (an admin grants
    it again if the new post warrants it). Leadership, auditor and admin are personal
    appointments and stay; a leader's `unit_head` is not touched.
    """
    kept = {role for role in roles if not (moved and role.startswith("office_"))}
    if "leadership" not in kept:
        if position_rank in HEAD_RANKS:
            kept.add("unit_head")
        else:
            kept.discard("unit_head")
    if not kept:
        kept.add("staff")
    return sorted(kept)
