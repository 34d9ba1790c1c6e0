from datetime import datetime, timedelta, timezone

import pytest

from gateway.domain.throttle import (
    AttemptCounter,
    LoginLimits,
    ThrottlePolicy,
    TooManyAttempts,
    check_attempt,
    clear,
    count_attempt,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
POLICY = ThrottlePolicy(free_failures=3, base_delay=1.0, max_delay=8.0, forget_after=timedelta(minutes=15))


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def attempt(counter, now):
    check_attempt(counter, POLICY, now, "pair")
    count_attempt(counter, now)


def test_delays_grow_1_2_4_after_the_free_failures_and_stop_at_the_maximum():
    assert [POLICY.delay_after(n) for n in range(9)] == [0, 0, 0, 1, 2, 4, 8, 8, 8]
    assert POLICY.delay_after(10_000) == 8.0


def test_free_failures_pass_at_once_then_the_next_waits_the_delay():
    counter = AttemptCounter(0, None)
    for _ in range(3):
        attempt(counter, T0)
    with pytest.raises(TooManyAttempts) as refused:
        attempt(counter, at(0.2))
    assert refused.value.retry_after == 1 and counter.failures == 3
    attempt(counter, at(1))  # the delay has passed
    with pytest.raises(TooManyAttempts) as refused:
        attempt(counter, at(2))
    assert refused.value.retry_after == 1  # 2 s after the 4th failure (at 1 s)
    attempt(counter, at(3))


def test_an_attacker_who_keeps_guessing_never_delays_the_owner_more_than_the_maximum():
    counter = AttemptCounter(0, None)
    now = 0.0
    for _ in range(50):  # every guess made as soon as it is allowed
        attempt(counter, at(now))
        now += POLICY.delay_after(counter.failures)
    with pytest.raises(TooManyAttempts) as refused:
        check_attempt(counter, POLICY, at(now - 0.5), "pair")
    assert refused.value.retry_after <= 8
    check_attempt(counter, POLICY, at(now), "pair")  # the owner, right after the delay


def test_failures_are_forgotten_after_a_quiet_while_and_cleared_by_a_success():
    counter = AttemptCounter(20, T0)
    check_attempt(counter, POLICY, at(15 * 60), "pair")
    assert counter.failures == 0
    counter = AttemptCounter(20, T0)
    clear(counter)
    check_attempt(counter, POLICY, at(0.1), "pair")


def test_the_keys_are_the_username_from_one_address_and_the_username_alone():
    limits = LoginLimits(per_pair=POLICY, per_user=POLICY)
    keys = [key for key, _ in limits.keys(" Bithu ", "10.0.0.1")]
    assert keys == [("pair", "bithu|10.0.0.1"), ("username", "bithu")]
    assert all(scope != "address" for scope, _ in keys)
