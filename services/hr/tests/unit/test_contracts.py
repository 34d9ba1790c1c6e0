"""The event schemas HR publishes are exactly the event table of docs/service-guide.md."""
from buildingblocks import contracts

UNIT = {"code", "name", "kind", "parent_code", "valid_from", "valid_to"}
POSITION = {"id", "unit", "title", "rank", "family", "quota", "is_driver"}
STAFF = {"id", "full_name", "unit", "previous_unit", "position_id", "position_title", "position_rank",
         "position_family", "is_driver", "title_rank", "licence_class", "licence_expiry", "status"}
EXPECTED = {
    "hr.unit.created": UNIT, "hr.unit.changed": UNIT,
    "hr.unit.dissolved": {"code", "successor_code", "effective_date"},
    "hr.position.created": POSITION, "hr.position.changed": POSITION, "hr.position.removed": POSITION,
    "hr.staff.hired": STAFF, "hr.staff.changed": STAFF, "hr.staff.transferred": STAFF, "hr.staff.left": STAFF,
    # the one shape every service declares for its attachments (buildingblocks.contracts._attachment)
    "hr.attachment.added": {"attachment_id", "record_kind", "record_id", "unit", "filename", "content_type", "size",
                            "sha256", "uploaded_by"},
}


def test_hr_events_have_exactly_the_documented_fields():
    registry = contracts.load_all()
    hr_events = {t: spec for t, spec in registry.items() if t.startswith("hr.")}
    assert set(hr_events) == set(EXPECTED)
    for type_, spec in hr_events.items():
        assert set(spec.schema().fields) == EXPECTED[type_], type_
        assert spec.version == 1 and spec.description


def test_a_payload_missing_a_field_or_with_an_extra_one_is_refused():
    schema = contracts.load_all()["hr.unit.dissolved"].schema()
    assert schema.validate({"code": "X", "successor_code": None, "effective_date": "2026-01-01"}) == {}
    assert schema.validate({"code": "X", "effective_date": "2026-01-01"})
    assert schema.validate({"code": "X", "successor_code": None, "effective_date": "2026-01-01", "x": 1})
