"""Search that ignores case and Vietnamese diacritics ("nguyen van hung" finds "Nguyễn Văn Hùng").

A searchable model has a `search_text` column holding its folded words; `keep_search_text`
keeps it current on every insert and update, and `matches(column, q)` asks for every word of
`q` in it. Folding once on write keeps the query a plain LIKE on PostgreSQL and SQLite alike.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Callable

from sqlalchemy import Index, and_, event, true
from sqlalchemy.sql import ColumnElement

MAX_WORDS = 8


def fold(text: Any) -> str:
    """Lower case, diacritics removed, "đ" -> "d", runs of white space made one space."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.split())


def words(q: str | None) -> list[str]:
    """The folded words of a query (at most MAX_WORDS; the rest are ignored)."""
    return fold(q).split()[:MAX_WORDS]


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches(column, q: str | None) -> ColumnElement[bool]:
    """SQL: every word of `q` appears in the folded `column` (true for an empty query)."""
    terms = words(q)
    if not terms:
        return true()
    return and_(*(column.like(f"%{_escape(w)}%", escape="\\") for w in terms))


def text_of(obj: Any, sources: tuple[str | Callable[[Any], Any], ...]) -> str:
    """The folded search text of `obj` from attribute names or callables."""
    parts = []
    for source in sources:
        value = source(obj) if callable(source) else getattr(obj, source, None)
        if value not in (None, ""):
            parts.append(str(value))
    return fold(" ".join(parts))


def keep_search_text(model: type, *sources: str | Callable[[Any], Any]) -> None:
    """Fill `model.search_text` from `sources` whenever a row is inserted or updated."""

    def _fill(_mapper, _connection, target):
        target.search_text = text_of(target, sources)

    event.listen(model, "before_insert", _fill)
    event.listen(model, "before_update", _fill)


def search_index(table: str) -> Index:
    """For a model's `__table_args__`: a trigram index on `search_text` (issue 16), so that `?q=` with
    a rare word finds its rows without reading the whole table (PostgreSQL, pg_trgm's GIN: a LIKE
    '%word%' uses it; SQLite gets a plain index of the same name, which it does not use)."""
    return Index(f"ix_{table}_search_trgm", "search_text", postgresql_using="gin",
                 postgresql_ops={"search_text": "gin_trgm_ops"})


def create_search_index(op, table: str) -> None:
    """In a migration: the index `search_index(table)` describes, with pg_trgm (a trusted extension)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(f"ix_{table}_search_trgm", table, ["search_text"], postgresql_using="gin",
                    postgresql_ops={"search_text": "gin_trgm_ops"})
