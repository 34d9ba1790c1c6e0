"""Driving licence classes and which vehicles each one may drive.

Source: Law on Road Traffic 2008 Art 59 and Circular 12/2017/TT-BGTVT Art 16 (the classes the
issue names; the 2024 Road Traffic Order and Safety Law renamed them from 2025, but licences
issued before stay valid under their old class until they expire).
- B1: cars up to 9 seats (driver's seat included), not as a professional driver;
- B2: the same as a professional driver, and B1;
- C: trucks, and B1, B2;
- D: passenger vehicles of 10 to 30 seats, and B1, B2, C;
- E: passenger vehicles of more than 30 seats, and B1, B2, C, D.
"""
from __future__ import annotations

CLASSES = ("B1", "B2", "C", "D", "E")

COVERS: dict[str, frozenset[str]] = {
    "B1": frozenset({"B1"}),
    "B2": frozenset({"B1", "B2"}),
    "C": frozenset({"B1", "B2", "C"}),
    "D": frozenset({"B1", "B2", "C", "D"}),
    "E": frozenset({"B1", "B2", "C", "D", "E"}),
}

SMALL_CAR_MAX_SEATS = 9
MEDIUM_BUS_MAX_SEATS = 30


def required_class(seats: int, small_car_class: str = "B2") -> str:
    """The licence class a vehicle of `seats` seats (driver's seat included) needs.

    Up to 9 seats needs `small_car_class`: B2 by default, because the pool's drivers drive as
    their job and B1 is for non-professional drivers (configurable in fleet.config).
    """
    if seats <= SMALL_CAR_MAX_SEATS:
        return small_car_class
    if seats <= MEDIUM_BUS_MAX_SEATS:
        return "D"
    return "E"


def covers(held: str | None, required: str) -> bool:
    """True when a licence of class `held` allows driving a vehicle that needs `required`."""
    if held is None:
        return False
    return required in COVERS.get(held.upper(), frozenset())


def passenger_seats(seats: int) -> int:
    """Seats left for passengers: a vehicle's seat count includes the driver's (Vietnamese usage:
    a "7-seat car" carries the driver and six passengers)."""
    return max(seats - 1, 0)
