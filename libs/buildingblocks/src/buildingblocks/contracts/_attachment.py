"""The one shape of `<service>.attachment.added`; each publisher declares it in its own module:
`AttachmentAdded = attachment_added("fleet", __name__)`."""
from __future__ import annotations

from marshmallow import Schema, fields

from . import event


class AttachmentAdded(Schema):
    attachment_id = fields.Int(required=True, metadata={"description": "the attachment's id in its service"})
    record_kind = fields.Str(required=True, metadata={"description": "what it is attached to, e.g. expense, booking"})
    record_id = fields.Int(required=True, metadata={"description": "the id of that record"})
    unit = fields.Str(required=True, allow_none=True, metadata={"description": "the board the record belongs to"})
    filename = fields.Str(required=True, metadata={"description": "the name it was uploaded under (never a path)"})
    content_type = fields.Str(required=True, metadata={"description": "application/pdf, image/jpeg or image/png, from the content"})
    size = fields.Int(required=True, metadata={"description": "bytes"})
    sha256 = fields.Str(required=True, metadata={"description": "hex digest of the bytes"})
    uploaded_by = fields.Str(required=True, metadata={"description": "the username that added it"})


def attachment_added(service: str, module: str) -> type[Schema]:
    """Declare `<service>.attachment.added` (the schema belongs to the publisher's module)."""
    schema = type(f"{service.capitalize()}AttachmentAdded", (AttachmentAdded,), {"__module__": module})
    return event(f"{service}.attachment.added", version=1,
                 description=f"A file was attached to a record of {service} (the bytes stay in {service}'s "
                             "store; only this notice travels, for the audit trail)")(schema)
