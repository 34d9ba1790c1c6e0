"""Login throttling: how many password attempts a username or a client address gets.

An attempt is counted *before* the password is checked, so concurrent guesses cannot all slip
in under the limit while the first ones are still being verified; a successful login then gives
its attempt back (the username's counter is cleared, the address's is decremented), so only
failures accumulate. Windows are fixed: they start at the first counted attempt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    """At most `max_attempts` failed attempts per `window` for one key."""

    max_attempts: int
    window: timedelta


@dataclass
class AttemptCounter:
    """The attempts counted for one key (a username or a client address) in its window."""

    attempts: int
    window_started_at: datetime


class TooManyAttempts(Exception):
    """The key has used up its attempts; `retry_after` seconds until its window ends."""

    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"too many login attempts for this {scope}; try again in {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


def check_attempt(counter: AttemptCounter, policy: ThrottlePolicy, now: datetime, scope: str) -> None:
    """Raise `TooManyAttempts` when the window's budget is spent (a new window starts afresh)."""
    if now - counter.window_started_at >= policy.window:
        counter.attempts = 0
        counter.window_started_at = now
    if counter.attempts >= policy.max_attempts:
        remaining = counter.window_started_at + policy.window - now
        raise TooManyAttempts(scope, max(1, math.ceil(remaining.total_seconds())))


def count_attempt(counter: AttemptCounter) -> None:
    """Count one more attempt (after `check_attempt` let it through)."""
    counter.attempts += 1


def give_back_attempt(counter: AttemptCounter, clear: bool) -> None:
    """A login succeeded: its attempt does not count (`clear` forgets earlier failures too)."""
    counter.attempts = 0 if clear else max(0, counter.attempts - 1)
