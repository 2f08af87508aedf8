"""The pipeline: load → normalize → header → structure → extract → assemble.

>>> from vn_directive_nlp import parse_text
>>> parse_text("Số: 5/TB-VPCP").metadata.number
'5/TB-VPCP'
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Sequence

from .models import Notice, Source


def parse_text(text: str, *, source: Source | None = None, as_of: _dt.date | str | None = None) -> Notice:
    """Parse one document given as text and return its :class:`Notice`.

    Agencies are named as on the document's own date, never the day of the run. ``as_of`` (a
    date or "YYYY-MM-DD") stands in for a document that has no date; without it such a
    document's agencies keep the names it writes, and a warning says so.
    """
    from . import assemble

    as_of = _as_date(as_of)

    if not isinstance(text, str):
        raise TypeError(f"parse_text expects str, got {type(text).__name__}")
    from . import limits

    limits.check_text(text)  # InputTooLargeError beyond the documented size
    if source is not None:
        return assemble.build_notice(text, source=source, as_of=as_of)
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    from .readers.load import _looks_like_html

    if not _looks_like_html(text):
        notice = assemble.build_notice(text, source=Source(format="text", sha256=sha), as_of=as_of)
        what = _other_markup(text)
        if what:
            notice.warnings.insert(0, f"the text looks like {what}; it was read as plain text")
        return notice
    # Markup given as text is read as a page would be: its visible text, mapped back into it.
    from .readers.htmltext import html_to_text_mapped

    visible, offsets, warnings = html_to_text_mapped(text)
    notice = assemble.build_notice(visible, source=Source(format="html", sha256=sha), as_of=as_of)
    notice.warnings[:0] = ["the text is HTML: its visible text was read (raw_offset points into the HTML)", *warnings]
    notice._raw_offsets = _composed(offsets, notice._raw_offsets)
    return notice


# Openings of files that are not plain text, as they read when decoded into a str.
_MARKUP_OPENINGS = (
    ("%PDF-", "a PDF file (give its bytes to parse_bytes)"), ("PK\x03\x04", "a DOCX or ZIP file (give its bytes to parse_bytes)"),
    ("{\\rtf", "an RTF document (save it as DOCX or PDF)"), ("\xd0\xcf\x11\xe0", "a legacy Office file (save it as DOCX or PDF)"),
    ("<?xml", "XML markup"),
)


def _other_markup(text: str) -> str | None:
    """What ``text`` is when it opens like a file format rather than a document's text."""
    head = text[:64].lstrip("\ufeff \t\r\n")
    return next((what for opening, what in _MARKUP_OPENINGS if head.startswith(opening)), None)


def parse_file(path: str | os.PathLike, *, as_of: _dt.date | str | None = None, **options) -> Notice:
    """Parse one file (plain text in any supported encoding, HTML, DOCX or PDF, chosen by content);
    ``as_of`` as in :func:`parse_text`."""
    from .readers import load

    return _parse_loaded(load.load_path(path, **options), as_of)


def parse_bytes(data: bytes, filename: str | None = None, *, as_of: _dt.date | str | None = None, **options) -> Notice:
    """Parse a document given as bytes, detecting its format and encoding as :func:`parse_file` does.

    ``filename`` only names the source (``Notice.source.path``); options are those of ``parse_file``.

    >>> parse_bytes("Số: 5/TB-VPCP".encode("utf-16")).metadata.number
    '5/TB-VPCP'
    """
    from .readers import load

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_bytes expects bytes, got {type(data).__name__}")
    return _parse_loaded(load.load_bytes(bytes(data), path=filename, **options), as_of)


def _as_date(value: _dt.date | str | None) -> _dt.date | None:
    """``as_of`` as a date: a ``date`` (a ``datetime`` gives its day) or an ISO "YYYY-MM-DD"."""
    if value is None or type(value) is _dt.date:
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"as_of must be a date or 'YYYY-MM-DD', got {value!r}") from None
    raise TypeError(f"as_of must be a date or 'YYYY-MM-DD', got {type(value).__name__}")


def _parse_loaded(loaded, as_of: _dt.date | str | None = None) -> Notice:
    notice = parse_text(loaded.text, source=loaded.source, as_of=as_of)
    if loaded.warnings:
        notice.warnings[:0] = loaded.warnings
    if not loaded.has_own_text:
        notice._raw_offsets = None
        notice._raw_missing = (f"a {loaded.source.format.upper()} file has no text of its own: "
                               "positions index Notice.text only")
    elif loaded.offsets is not None:
        notice._raw_offsets = _composed(loaded.offsets, notice._raw_offsets)
    return notice


def _composed(outer: Sequence[int], inner: Sequence[int] | None) -> Sequence[int] | None:
    """``outer`` read through ``inner``; None (no map) when the text has no map to compose with."""
    return None if inner is None else _Composed(outer, inner)


class _Composed(Sequence[int]):
    """``outer[inner[i]]``: normalized text → loader's text → the file's own text, read lazily."""

    __slots__ = ("outer", "inner")

    def __init__(self, outer: Sequence[int], inner: Sequence[int]) -> None:
        self.outer, self.inner = outer, inner

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.outer[j] for j in self.inner[i]]
        return self.outer[self.inner[i]]

    def __len__(self) -> int:
        return len(self.inner)
