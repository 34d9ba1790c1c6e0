"""Licences of the 2024 law on PostgreSQL (issue 13): the fleet office records a new class, dispatch
judges it under that law and names the class a vehicle needs, a licence near its end is flagged."""
from fleet_testkit import FLEET, local_day

B2_DRIVER = 25  # Lương Văn Tài, B2 (old law) in HR


def dispatch(api, booking, vehicle_id, driver_id):
    return api.post(f"/bookings/{booking['id']}/dispatch", FLEET, {"vehicle_id": vehicle_id, "driver_id": driver_id})


def test_new_classes_are_accepted_and_judged_under_the_2024_law(api, flow):
    minibus = flow.vehicle(plate="47B-160.16", seats=16)
    assert minibus["required_licence_class"] == "D" and minibus["required_licence_class_2024"] == "D1"
    new_b = api.patch(f"/drivers/{B2_DRIVER}", FLEET, {"licence_class": "b", "licence_expiry": "2035-05-01"})
    assert new_b.status_code == 200, new_b.json
    assert new_b.json["licence_class"] == "B" and new_b.json["licence_system"] == "2024"
    booking = flow.approved(passengers=12)
    refused = dispatch(api, booking, minibus["id"], B2_DRIVER)
    assert refused.status_code == 409 and refused.json["rule"] == "licence_class"
    assert refused.json["conflicts"][0]["required_class"] == "D1"
    assert refused.json["conflicts"][0]["licence_system"] == "2024"
    assert api.patch(f"/drivers/{B2_DRIVER}", FLEET, {"licence_class": "D2", "licence_expiry": "2031-05-01"}).status_code == 200
    assert dispatch(api, booking, minibus["id"], B2_DRIVER).status_code == 200


def test_a_driver_is_flagged_60_days_before_the_licence_expires(api):
    assert api.patch(f"/drivers/{B2_DRIVER}", FLEET, {"licence_expiry": local_day(59)}).json["licence_expiring_soon"] is True
    assert api.patch(f"/drivers/{B2_DRIVER}", FLEET, {"licence_expiry": local_day(61)}).json["licence_expiring_soon"] is False
    listed = {d["staff_id"]: d for d in api.get("/drivers", FLEET).json["items"]}
    assert listed[10]["licence_expiring_soon"] is False and listed[10]["licence_system"] == "2024"
