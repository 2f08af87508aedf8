"""The library's exception hierarchy: every error it raises on bad input is a VnDirectiveError."""

from __future__ import annotations


class VnDirectiveError(Exception):
    """Base class of every error raised by vn_directive_nlp on bad input."""


class InputError(VnDirectiveError):
    """The input cannot be read as a document (missing, a directory, empty, binary)."""


class DecodeError(InputError):
    """The bytes are not text in any encoding the library can detect."""


class InputTooLargeError(InputError):
    """The input exceeds the documented size limit (see ``limits.MAX_TEXT_CHARS``)."""


class PdfError(InputError):
    """A PDF that cannot be read."""


class CorruptPdfError(PdfError):
    """The PDF is truncated or malformed."""


class EncryptedPdfError(PdfError):
    """The PDF is password-protected."""


class UnsupportedFormatError(InputError):
    """The content is of a format the library does not read (e.g. a ZIP that is not DOCX)."""


class MissingExtraError(VnDirectiveError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it
    (``pip install 'vn_directive_nlp[parquet]'``). ``extra`` holds that name."""

    def __init__(self, message: str, extra: str = "") -> None:
        super().__init__(message)
        self.extra = extra


class NoRawOffsetsError(VnDirectiveError, LookupError):
    """``Notice.raw_offset`` cannot answer: the Notice came back from JSON, or its input (a PDF,
    a DOCX) has no text of its own to point into."""
