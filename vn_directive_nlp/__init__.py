"""vn_directive_nlp — structured data from Vietnamese Government Office notices and directives.

>>> from vn_directive_nlp import parse_text
>>> notice = parse_text(open("corpus/000_9179ca9c3629a68f.txt", encoding="utf-8").read())
>>> notice.metadata.number
'437/TB-VPCP'
"""

from __future__ import annotations

from .errors import (
    CorruptPdfError,
    DecodeError,
    EncryptedPdfError,
    InputError,
    InputTooLargeError,
    MissingExtraError,
    NoRawOffsetsError,
    PdfError,
    UnsupportedFormatError,
    VnDirectiveError,
)
from .models import (
    Agency,
    Assignment,
    Deadline,
    LegalReference,
    Metadata,
    Notice,
    Segment,
    Source,
)
from .pipeline import parse_bytes, parse_file, parse_text

def _installed_version() -> str:
    # One source of truth: the version pyproject.toml gave the installed distribution.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vn_directive_nlp")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0+unknown"


__version__ = _installed_version()


def parse_many(paths, *, workers=None, **kwargs):
    """Parse many files in parallel; yields results in input order (see ``batch.parse_many``).
    Every str is a file name: one that names no file is an error result, never parsed as text."""
    from .batch import parse_many as _parse_many

    return _parse_many(paths, workers=workers, **kwargs)


def to_pandas(notices):
    """Documents / assignments / agencies / references tables of Notices or batch results, as
    pandas DataFrames (``pandas`` extra); every document is in every table (see ``frames``)."""
    from .frames import to_pandas as _to_pandas

    return _to_pandas(notices)


def parse_texts(texts, *, workers=None, **kwargs):
    """Parse many document texts in parallel; yields results in input order (see ``batch.parse_texts``)."""
    from .batch import parse_texts as _parse_texts

    return _parse_texts(texts, workers=workers, **kwargs)


def __getattr__(name):
    """``vn_directive_nlp.Archive``, loaded on first use (it needs the ``archive`` extra)."""
    if name == "Archive":
        from .archive import Archive

        return Archive
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Archive",
    "parse_text",
    "parse_file",
    "parse_bytes",
    "parse_many",
    "parse_texts",
    "to_pandas",
    "Notice",
    "Metadata",
    "Segment",
    "Assignment",
    "Agency",
    "Deadline",
    "LegalReference",
    "Source",
    "VnDirectiveError",
    "InputError",
    "DecodeError",
    "InputTooLargeError",
    "PdfError",
    "CorruptPdfError",
    "EncryptedPdfError",
    "UnsupportedFormatError",
    "NoRawOffsetsError",
    "MissingExtraError",
    "__version__",
]
