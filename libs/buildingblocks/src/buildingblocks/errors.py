"""What went wrong, in the business's words.

Domain functions and use cases raise these; they carry no HTTP status. `buildingblocks.web`
maps each class to a problem document in one table (`PROBLEM_STATUS`), so only the web layer
knows about HTTP. A service adds its own subclasses in `domain/errors.py` when a rule deserves
a name (`class DispatchRuleBroken(RuleBroken)`).
"""
from __future__ import annotations

from typing import Any


def problem_type(title: str) -> str:
    """The `type` URI of a problem document, one format for every error of every service."""
    return f"https://office.example/problems/{title.lower().replace(' ', '-')}"


class DomainError(Exception):
    """A failure the caller is told about: `detail` in words, `extra` as members (figures, rule)."""

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class Malformed(DomainError):
    """The request cannot be read at all (bad syntax, a forged cursor, NUL in a path)."""


class Unauthenticated(DomainError):
    """Nobody we know is calling (no or an invalid token)."""


class NotAllowed(DomainError):
    """The caller is known but may not do this (role, board, deciding their own request)."""


class NotFound(DomainError):
    """No such record, or one the caller may not see (the two are told apart by nobody)."""


class RuleBroken(DomainError):
    """The current state forbids it: `rule=` names the rule, the figures go as keyword members."""


class Invalid(DomainError):
    """Semantically invalid input: `errors={field: [messages]}` says where."""


class Unavailable(DomainError):
    """A dependency the request needs is down."""
