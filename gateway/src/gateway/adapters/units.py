"""Which units belong to a board: the gateway's replica of HR's units, walked up by parent.

A board's member may ask a list for a department of their own board (`?unit=BTC-TCCB`): the
gateway's unit pinning lets that through, and nothing outside the board.
"""
from __future__ import annotations

from buildingblocks.replica import get_unit
from sqlalchemy.orm import sessionmaker

_MAX_DEPTH = 10


class UnitTree:
    """Answers "is unit `asked` the board `home` or inside it?" from the replica."""

    def __init__(self, session_factory: sessionmaker):
        self.session_factory = session_factory

    def within(self, asked: str, home: str) -> bool:
        if not asked or not home:
            return False
        with self.session_factory() as session:
            code = asked
            for _ in range(_MAX_DEPTH):
                if code == home:
                    return True
                row = get_unit(session, code)
                if row is None or not row.parent_code:
                    return False
                code = row.parent_code
        return False
