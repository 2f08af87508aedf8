"""The pipeline: load → normalize → header → structure → extract → assemble.

>>> from vn_directive_nlp import parse_text
>>> parse_text("Số: 5/TB-VPCP").metadata.number
'5/TB-VPCP'
"""

from __future__ import annotations

import hashlib
import os

from .models import Notice, Source


def parse_text(text: str, *, source: Source | None = None) -> Notice:
    """Parse one document given as text and return its :class:`Notice`."""
    from . import assemble

    if not isinstance(text, str):
        raise TypeError(f"parse_text expects str, got {type(text).__name__}")
    from . import limits

    limits.check_text(text)  # InputTooLargeError beyond the documented size
    if source is None:
        source = Source(format="text", sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return assemble.build_notice(text, source=source)


def parse_file(path: str | os.PathLike, **options) -> Notice:
    """Parse one file (plain text in any supported encoding, HTML, DOCX or PDF, chosen by content)."""
    from . import load

    return _parse_loaded(load.load_path(path, **options))


def parse_bytes(data: bytes, filename: str | None = None, **options) -> Notice:
    """Parse a document given as bytes, detecting its format and encoding as :func:`parse_file` does.

    ``filename`` only names the source (``Notice.source.path``); options are those of ``parse_file``.

    >>> parse_bytes("Số: 5/TB-VPCP".encode("utf-16")).metadata.number
    '5/TB-VPCP'
    """
    from . import load

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_bytes expects bytes, got {type(data).__name__}")
    return _parse_loaded(load.load_bytes(bytes(data), path=filename, **options))


def _parse_loaded(loaded) -> Notice:
    notice = parse_text(loaded.text, source=loaded.source)
    if loaded.warnings:
        notice.warnings[:0] = loaded.warnings
    return notice
