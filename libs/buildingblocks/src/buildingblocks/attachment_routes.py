"""The HTTP side of attachments: the same three routes on every record that takes files.

    attachment_routes(blp, "/expenses/<id:record_id>/attachments", kind="expense",
                      tables=ATTACHMENT_TABLES, load=visible_expense_unit, may_add=may_act_on_expense)

- `load(uow, principal, record_id) -> unit`: the record's board; raises NotFound when the caller
  may not see it (so another board's attachments are 404 like the record).
- `may_add(uow, principal, record_id) -> None`: raises NotAllowed unless the caller may act on it.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Response, request
from marshmallow import Schema, fields

from .attachments import MAX_BYTES, Attachments, attachment_store, published_data, read_upload
from .errors import Invalid
from .pagination import PageArgs, decode_cursor, encode_cursor, page_schema
from .web import current_config, current_principal, unit_of_work

MULTIPART_OVERHEAD = 64 * 1024


class AttachmentOut(Schema):
    id = fields.Int(required=True)
    filename = fields.Str(required=True)
    content_type = fields.Str(required=True)
    size = fields.Int(required=True)
    sha256 = fields.Str(required=True)
    uploaded_by = fields.Str(required=True)
    uploaded_at = fields.AwareDateTime(required=True)


class AttachmentUpload(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                                "description": "PDF, JPEG or PNG, at most 10 MiB"})


AttachmentPage = page_schema(AttachmentOut)


def max_bytes() -> int:
    config = current_config()
    settings = getattr(config, "settings", None)
    return int(settings.get("ATTACHMENTS_MAX_BYTES", MAX_BYTES)) if settings is not None else MAX_BYTES


def attachments_of(session, tables) -> Attachments:
    """The service's attachments on `session`, in the store its settings name (`ATTACHMENTS_URL`)."""
    return Attachments(session, tables, attachment_store(getattr(current_config(), "settings", None), tables[1]))


def attachment_routes(blp, path: str, *, kind: str, tables, load: Callable[[Any, Any, int], str | None],
                      may_add: Callable[[Any, Any, int], None]) -> None:
    """Register POST/GET `path` and GET `path/<id:attachment_id>` on `blp` for records of `kind`."""
    endpoint = kind.replace("-", "_")

    @blp.post(path, endpoint=f"add_{endpoint}_attachment")
    @blp.arguments(AttachmentUpload, location="files")
    @blp.response(201, AttachmentOut)
    @blp.doc(summary=f"Attach a file (PDF, JPEG, PNG) to a {kind}")
    def _add(files, record_id: int):
        principal = current_principal()
        limit = max_bytes()
        with unit_of_work() as uow:
            unit = load(uow, principal, record_id)
            may_add(uow, principal, record_id)
            upload = read_upload(files["file"].stream, files["file"].filename, limit)
            row = attachments_of(uow.session, tables).add(kind, record_id, unit, upload, principal.username)
            uow.publish(f"{current_config().settings.service}.attachment.added",
                        published_data(row), unit=unit)
            uow.commit()
        return row

    @blp.get(path, endpoint=f"list_{endpoint}_attachments")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, AttachmentPage)
    def _list(args, record_id: int):
        principal = current_principal()
        after = None
        if args.get("cursor"):
            after = decode_cursor(args["cursor"])
            if not isinstance(after, int) or isinstance(after, bool):
                raise Invalid("malformed cursor", errors={"cursor": ["not a cursor this service issued"]})
        with unit_of_work() as uow:
            load(uow, principal, record_id)
            rows = attachments_of(uow.session, tables).list(kind, record_id, args["limit"], after)
        next_cursor = encode_cursor(rows[args["limit"] - 1]["id"]) if len(rows) > args["limit"] else None
        return {"items": rows[: args["limit"]], "next_cursor": next_cursor}

    @blp.get(f"{path}/<id:attachment_id>", endpoint=f"get_{endpoint}_attachment")
    @blp.response(200, content_type="application/octet-stream")
    def _get(record_id: int, attachment_id: int):
        principal = current_principal()
        with unit_of_work() as uow:
            load(uow, principal, record_id)
            meta, content = attachments_of(uow.session, tables).get(kind, record_id, attachment_id)
        return Response(content, mimetype=meta["content_type"], headers={
            "Content-Disposition": _disposition(meta["filename"]),
            "ETag": f'"{meta["sha256"]}"',
            "Digest": f"sha-256={_b64(meta['sha256'])}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        })

    @blp.before_request
    def _allow_large_uploads():
        if request.method == "POST" and request.path.endswith("/attachments"):
            request.max_content_length = max_bytes() + MULTIPART_OVERHEAD


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
