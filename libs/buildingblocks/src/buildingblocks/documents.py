"""Documents as the Office files them: PDF in the layout of a Party document (Hướng dẫn 36-HD/VPTW).

A service writes the body of its document as an HTML fragment from a Jinja template of its own
and calls `render_party_document(...)`: the heading (issuing body top left, "ĐẢNG CỘNG SẢN VIỆT
NAM" top right, number, place and date), the title, the body, the signature blocks and the
recipients come from `templates/party_document.html`. WeasyPrint embeds the fonts (Noto Serif,
else DejaVu Serif: full Vietnamese coverage, TCVN 6909:2001 is Unicode) in the PDF.

Rendering takes tens of milliseconds of CPU: it runs in the request's own worker thread, never
while a database transaction or row lock is held (read the record, close the unit of work, then
render).
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .clock import local_today
from .vnwords import amount_in_words

TEMPLATES = Path(__file__).parent / "templates"
FONT_CANDIDATES = {
    "regular": ["/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"],
    "bold": ["/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"],
    "italic": ["/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"],
}
_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
_render_lock = threading.Lock()


class FontsMissing(RuntimeError):
    """No font with Vietnamese coverage is installed (apt-get install fonts-noto-core or fonts-dejavu-extra)."""


@dataclass(frozen=True)
class Issuer:
    """The issuing body, top left: the parent body over the issuing office."""

    parent: str = "TỈNH ỦY"
    name: str = "VĂN PHÒNG"


@dataclass(frozen=True)
class Signature:
    role: str
    name: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DocumentHead:
    number: str
    title: str
    abstract: str | None = None
    place: str = field(default_factory=lambda: os.environ.get("OFFICE_PLACE", "Tỉnh"))
    date: dt.date = field(default_factory=local_today)
    issuer: Issuer = field(default_factory=Issuer)


def fonts() -> dict[str, str]:
    """file:// URLs of the serif fonts the documents embed."""
    found = {}
    for style, paths in FONT_CANDIDATES.items():
        path = next((p for p in paths if os.path.exists(p)), None)
        if path is None:
            raise FontsMissing(f"no {style} serif font with Vietnamese coverage: install fonts-noto-core or fonts-dejavu-extra")
        found[style] = Path(path).as_uri()
    return found


def money(amount_vnd: int | None) -> str:
    """`1.500.000 ₫`, as every figure in a document is written."""
    if amount_vnd is None:
        return ""
    return f"{amount_vnd:,}".replace(",", ".") + " ₫"


def day(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy (a moment in the office's time zone)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from .clock import local_date
        value = local_date(value)
    return value.strftime("%d/%m/%Y")


_env.filters.update(money=money, day=day, words=amount_in_words)


def render_body(template_text: str, **context: Any) -> Markup:
    """An HTML fragment from a service's own template text (autoescaped), for `render_party_document`."""
    return Markup(_env.from_string(template_text).render(**context))


def render_party_document(head: DocumentHead, body: Markup | str, signatures: Sequence[Signature] = (),
                          recipients: Sequence[str] = ()) -> bytes:
    """The PDF bytes of a document in the Party layout (A4, fonts embedded)."""
    from weasyprint import HTML

    html = _env.get_template("party_document.html").render(
        title=head.title, abstract=head.abstract, number=head.number, place=head.place, date=head.date,
        issuer=head.issuer, body=Markup(body) if not isinstance(body, Markup) else body,
        signatures=list(signatures), recipients=list(recipients), fonts=fonts())
    # WeasyPrint's font configuration is not safe to build from several threads at once
    with _render_lock:
        return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def pdf_response(filename: str, pdf: bytes):
    """A PDF answer shown inline in the browser, downloadable under `filename`."""
    from flask import Response

    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "private, no-store"})
