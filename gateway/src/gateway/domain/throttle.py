"""Login throttling: growing delays for the same username from the same address.

Each failed password check counts against two keys: the username *from that address* (the pair)
and the username alone (guessing from many addresses). After a key's free failures, the next
attempt must wait a delay that doubles with each further failure (1, 2, 4 ... seconds) up to a
short maximum, so nobody is ever locked out for longer than that maximum, even by an attacker
who keeps guessing: the right password is let in as soon as the delay has passed. An address
alone is never throttled: a burst of wrong logins from one address (an office behind one NAT)
does not slow any other username down.

An attempt is counted *before* the password is checked, so concurrent guesses cannot all slip
in while the first ones are still being verified; a successful login clears its keys, so only
failures accumulate. Failures are forgotten `forget_after` after the last one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    """`free_failures` failures pass at once; then `base_delay` seconds, doubling, capped at `max_delay`."""

    free_failures: int
    base_delay: float
    max_delay: float
    forget_after: timedelta

    def delay_after(self, failures: int) -> float:
        """Seconds the next attempt must wait after the last of `failures` counted attempts."""
        if failures < self.free_failures:
            return 0.0
        return min(self.base_delay * 2 ** min(failures - self.free_failures, 30), self.max_delay)


@dataclass
class AttemptCounter:
    """The attempts counted for one key (a username, or a username from one address)."""

    failures: int
    last_at: datetime | None


class TooManyAttempts(Exception):
    """The key must wait `retry_after` seconds before its next attempt."""

    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"too many failed logins ({scope}); try again in {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


def check_attempt(counter: AttemptCounter, policy: ThrottlePolicy, now: datetime, scope: str) -> None:
    """Raise `TooManyAttempts` while the delay after the last counted attempt runs."""
    if counter.last_at is None:
        return
    if now - counter.last_at >= policy.forget_after:
        counter.failures = 0
        return
    wait_until = counter.last_at + timedelta(seconds=policy.delay_after(counter.failures))
    if now < wait_until:
        raise TooManyAttempts(scope, max(1, math.ceil((wait_until - now).total_seconds())))


def count_attempt(counter: AttemptCounter, now: datetime) -> None:
    """Count one more attempt (after `check_attempt` let it through)."""
    counter.failures += 1
    counter.last_at = now


def clear(counter: AttemptCounter) -> None:
    """A login succeeded: the key's failures are forgotten."""
    counter.failures = 0


@dataclass(frozen=True)
class LoginLimits:
    """The throttle policies of each login: the username from one address, and the username alone."""

    per_pair: ThrottlePolicy
    per_user: ThrottlePolicy

    def keys(self, username: str, client_addr: str) -> list[tuple[tuple[str, str], ThrottlePolicy]]:
        name = username.strip().lower()[:100]
        return [(("pair", f"{name}|{client_addr[:90]}"), self.per_pair), (("username", name), self.per_user)]
