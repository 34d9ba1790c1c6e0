"""Password hashing with werkzeug's scrypt (shipped with Flask, memory-hard, salted)."""

from __future__ import annotations

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

METHOD = "scrypt"


@cache
def _unknown_user_hash() -> str:
    # Checked against when the username is unknown, so a miss costs as long as a wrong
    # password and response times do not tell which usernames exist.
    return generate_password_hash("no such user", method=METHOD)


def hash_password(password: str) -> str:
    """A salted scrypt hash of `password`."""
    return generate_password_hash(password, method=METHOD)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a None hash (unknown user) is checked against a dummy."""
    if password_hash is None:
        check_password_hash(_unknown_user_hash(), password)
        return False
    return check_password_hash(password_hash, password)
