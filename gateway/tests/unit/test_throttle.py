from datetime import datetime, timedelta, timezone

import pytest

from gateway.domain.throttle import (
    AttemptCounter,
    ThrottlePolicy,
    TooManyAttempts,
    check_attempt,
    count_attempt,
    give_back_attempt,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
POLICY = ThrottlePolicy(max_attempts=3, window=timedelta(minutes=15))


def attempt(counter, now):
    check_attempt(counter, POLICY, now, "username")
    count_attempt(counter)


def test_attempts_up_to_the_limit_pass_then_the_next_is_refused_with_the_time_left():
    counter = AttemptCounter(0, T0)
    for minute in range(3):
        attempt(counter, T0 + timedelta(minutes=minute))
    with pytest.raises(TooManyAttempts) as refused:
        attempt(counter, T0 + timedelta(minutes=5))
    assert refused.value.retry_after == 600
    assert counter.attempts == 3


def test_a_new_window_starts_afresh():
    counter = AttemptCounter(3, T0)
    attempt(counter, T0 + timedelta(minutes=15))
    assert counter.attempts == 1 and counter.window_started_at == T0 + timedelta(minutes=15)


def test_a_success_gives_its_attempt_back():
    counter = AttemptCounter(2, T0)
    give_back_attempt(counter, clear=False)
    assert counter.attempts == 1
    give_back_attempt(counter, clear=True)
    assert counter.attempts == 0
    give_back_attempt(counter, clear=False)
    assert counter.attempts == 0


def test_retry_after_is_at_least_a_second():
    counter = AttemptCounter(3, T0)
    with pytest.raises(TooManyAttempts) as refused:
        attempt(counter, T0 + timedelta(minutes=15) - timedelta(milliseconds=1))
    assert refused.value.retry_after == 1
