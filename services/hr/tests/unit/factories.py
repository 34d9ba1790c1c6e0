"""Structures for the domain tests: the demo organisation, and tiny ones made to order."""
from __future__ import annotations

from buildingblocks import demo

from hr.config import RULE_DEFAULTS
from hr.domain.model import Placement, Position, Structure, Unit
from hr.domain.rules import RuleBook


def default_book(**overrides) -> RuleBook:
    values = {code: dict(rule["value"]) for code, rule in RULE_DEFAULTS.items()}
    values.update(overrides)
    return RuleBook(values)


def demo_structure() -> Structure:
    """The demo's old structure, position ids as the seed gives them (n-th position = id n)."""
    s = Structure()
    for code, name, kind, parent in demo.UNITS:
        s.units[code] = Unit(code, name, kind, parent)
    ids = {}
    for index, (key, unit, title, rank, family, quota, is_driver) in enumerate(demo.POSITIONS, start=1):
        s.positions[index] = Position(index, unit, title, rank, family, quota, is_driver)
        ids[key] = index
    for staff_id, _name, key, *_rest in demo.STAFF:
        position = s.positions[ids[key]]
        s.placements[staff_id] = Placement(staff_id, s.agency_of(position.unit), position.id)
    return s


def position_id(key: str) -> int:
    return [k for k, *_ in demo.POSITIONS].index(key) + 1


def small_structure() -> Structure:
    """An office with one department (quota 6: a head, 2 deputy posts, 3 specialists) and a board."""
    s = Structure()
    s.units = {
        "VP": Unit("VP", "Văn phòng", "office"),
        "VP-A": Unit("VP-A", "Phòng A", "department", "VP"),
        "B1": Unit("B1", "Ban 1", "board"),
    }
    s.positions = {
        1: Position(1, "VP-A", "Trưởng phòng", "head", "leadership", 1),
        2: Position(2, "VP-A", "Phó trưởng phòng", "deputy", "leadership", 3),
        3: Position(3, "VP-A", "Chuyên viên", "specialist", "professional", 6),
        4: Position(4, "B1", "Trưởng ban", "head", "leadership", 1),
        5: Position(5, "B1", "Phó trưởng ban", "deputy", "leadership", 2),
        6: Position(6, "B1", "Chuyên viên", "specialist", "professional", 3),
    }
    s.placements = {
        10: Placement(10, "VP", 1),
        11: Placement(11, "VP", 2),
        12: Placement(12, "VP", 3),
        20: Placement(20, "B1", 4),
        21: Placement(21, "B1", 5),
    }
    return s
