"""Read any input file as text, choosing the reader by content (not by extension).

PDF (text layer via pdfplumber or pypdfium2, OCR for scanned pages on request), DOCX, HTML and
plain text in UTF-8 / UTF-16 / legacy Vietnamese encodings. Bad input raises a typed
:class:`~vn_directive_nlp.errors.InputError`; recoverable problems become ``warnings``.

>>> doc = load_bytes("Số: 5/TB-VPCP".encode("utf-16"))
>>> doc.text, doc.source.format, doc.warnings
('Số: 5/TB-VPCP', 'text', [])
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .. import limits
from ..errors import (
    DecodeError,
    InputError,
    UnsupportedFormatError,
)
from ..models import Source, SourceFormat
from ..textutil import nfc
from . import legacy
from .docx import read_docx
from .htmltext import html_to_text, html_to_text_mapped
from .pdf import DEFAULT_OCR, DEFAULT_PDF_ENGINE, OCR_MODES, PDF_ENGINES, lines_to_text, read_pdf  # noqa: F401  (re-exported)


@dataclass
class LoadedDocument:
    """The text of one input, where it came from, and what went wrong on the way."""

    text: str
    source: Source
    warnings: list[str] = field(default_factory=list)
    #: Position in the file's own text (the decoded page, for HTML) of each character of ``text``
    #: and one past its end; None when ``text`` is the file's text as decoded. PDF and DOCX
    #: have no text of their own: ``has_own_text`` is False.
    offsets: Sequence[int] | None = None
    has_own_text: bool = True


def load_path(
    path: str | os.PathLike,
    *,
    ocr: str = DEFAULT_OCR,
    max_bytes: int = limits.MAX_INPUT_BYTES,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    password: str | None = None,
) -> LoadedDocument:
    """Read the file at ``path``; the format is detected from its bytes.

    ``ocr="auto"`` OCRs PDF pages without a text layer (needs the ``tesseract`` CLI);
    ``password`` opens an encrypted PDF. Raises InputError (missing path, directory, empty),
    InputTooLargeError, DecodeError, UnsupportedFormatError, CorruptPdfError, EncryptedPdfError.
    """
    p = Path(path)
    data = read_regular_file(p, max_bytes=max_bytes)
    return load_bytes(data, path=str(p), ocr=ocr, max_bytes=max_bytes, pdf_engine=pdf_engine, password=password)


def read_regular_file(p: Path, *, max_bytes: int = limits.MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``p``; InputError for anything else, checked before reading.

    A FIFO, a socket or a device (``/dev/zero``) is refused from its file type: it is opened
    without blocking and looked at with ``fstat`` before a byte is read, and at most
    ``max_bytes + 1`` bytes are ever read (a file that grows while read is still bounded).
    """
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"no such file: {p}") from None
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror or e}") from e
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p} is a directory, not a document")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p} is not a regular file")
    limits.check_bytes(st.st_size, what=str(p), limit=max_bytes)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror or e}") from e
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced since the first look
            raise InputError(f"{p} is not a regular file")
        return read_bounded(fh, what=str(p), max_bytes=max_bytes)


def read_bounded(stream, *, what: str, max_bytes: int = limits.MAX_INPUT_BYTES) -> bytes:
    """At most ``max_bytes`` bytes of a binary stream; InputTooLargeError as soon as there are more.

    >>> read_bounded(io.BytesIO(b"5/TB-VPCP"), what="stdin")
    b'5/TB-VPCP'
    """
    try:
        data = stream.read(max_bytes + 1)
    except OSError as e:
        raise InputError(f"cannot read {what}: {e.strerror or e}") from e
    if len(data) > max_bytes:
        raise limits.InputTooLargeError(
            f"{what} is more than {max_bytes:,} bytes; the limit is {max_bytes:,} bytes (limits.MAX_INPUT_BYTES)")
    return data


def load_bytes(
    data: bytes,
    *,
    path: str | None = None,
    ocr: str = DEFAULT_OCR,
    max_bytes: int = limits.MAX_INPUT_BYTES,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    password: str | None = None,
) -> LoadedDocument:
    """Like :func:`load_path` for bytes already in memory (``path`` only names the source)."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, got {ocr!r}")
    if pdf_engine not in PDF_ENGINES:
        raise ValueError(f"pdf_engine must be one of {PDF_ENGINES}, got {pdf_engine!r}")
    what = path or "input"
    limits.check_bytes(len(data), what=what, limit=max_bytes)
    if not data:
        raise InputError(f"{what} is empty")
    fmt = detect_format(data)
    sha = hashlib.sha256(data).hexdigest()
    pdf = None
    offsets = None
    if fmt == "pdf":
        pdf = read_pdf(data, ocr=ocr, engine=pdf_engine, password=password)
        text, warnings = pdf.text, pdf.warnings
    elif fmt == "docx":
        text, warnings = read_docx(data, max_bytes=max_bytes)
    else:
        text, warnings = decode_bytes(data, html=fmt == "html")
        if fmt == "text" and _looks_like_html(text):
            fmt = "html"
        if fmt == "html":
            text, offsets, html_warnings = html_to_text_mapped(text)
            warnings = warnings + html_warnings
    limits.check_text(text, what=what)
    if fmt != "pdf" and not text.strip():
        raise InputError(f"{what} contains no text")
    source = Source(path=_printable(path), format=fmt, sha256=sha)
    if pdf is not None:
        source = Source(path=_printable(path), format=fmt, sha256=sha, pages=pdf.pages,
                        page_extractors=pdf.extractors, pages_ocr=pdf.pages_ocr)
    return LoadedDocument(text=text, source=source, warnings=warnings, offsets=offsets,
                          has_own_text=fmt in ("text", "html"))


def _printable(path: str | None) -> str | None:
    """A file name as JSON can hold it: undecodable bytes ("surrogateescape") shown as U+FFFD."""
    if path is None or path.isascii():
        return path
    return regex.sub(r"[\ud800-\udfff]", "\ufffd", path)


# ---------------------------------------------------------------------------------------------
# Format detection

# Magic numbers of formats that are documents but not ones this library reads.
_UNSUPPORTED_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls); save it as .docx or PDF"),
    (b"{\\rtf", "an RTF file; save it as .docx, PDF or plain text"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; put scans in a PDF and use ocr='auto'"),
    (b"\xff\xd8\xff", "a JPEG image; put scans in a PDF and use ocr='auto'"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image; put scans in a PDF and use ocr='auto'"),
    (b"MM\x00*", "a TIFF image; put scans in a PDF and use ocr='auto'"),
)
# An HTML document start: "<!DOCTYPE html>" or "<html lang="vi">", possibly after comments or an
# XML declaration. A comment's body cannot contain "-->", so comments cannot be split two ways
# (".*?" there made "<!---->" * 200 take exponential time).
_HTML_START_RE = regex.compile(
    r"\A\s{0,200}(?:<\?xml[^>]{0,200}>\s{0,200})?(?:<!--(?:[^-]|-(?!->)){0,2000}-->\s{0,200}){0,20}(?:<!doctype\s+html|<html[\s>])",
    regex.IGNORECASE,
)
# A tag of the usual HTML body vocabulary: "<p class="x">", "</div>", "<br/>".
_HTML_TAG_RE = regex.compile(
    r"</?(?:p|div|br|span|table|tbody|tr|td|th|li|ul|ol|h[1-6]|a|b|i|u|strong|em|body|head|meta|font|center)\b[^<>]{0,500}>",
    regex.IGNORECASE,
)


def detect_format(data: bytes) -> SourceFormat:
    """"pdf", "docx", "html" or "text", from the content; UnsupportedFormatError for other files.

    >>> detect_format(b"%PDF-1.7 ...")
    'pdf'
    """
    if _is_pdf(data):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, EOFError) as e:
            raise UnsupportedFormatError(f"a damaged ZIP archive: {e}") from e
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormatError("a ZIP archive that is not a DOCX document")
    for magic, what in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormatError(f"the input is {what}")
    head = _sniff_text(data[:4096])
    if _HTML_START_RE.match(head):
        return "html"
    return "text"


def _is_pdf(data: bytes) -> bool:
    """A PDF header at the start, or within the first kilobyte (as readers allow) after bytes that
    are not text and with a PDF trailer at the end: a text quoting "%PDF-" is still a text.

    >>> _is_pdf(b"%PDF-1.7 ..."), _is_pdf(b"Xem tep %PDF-1.4 dinh kem."), _is_pdf(b"\\x00\\x01%PDF-1.4 x %%EOF")
    (True, False, True)
    """
    at = data.find(b"%PDF-", 0, 1024)
    if at < 0:
        return False
    if at == 0 or not data[:at].strip(b" \t\r\n\x0c\xef\xbb\xbf"):
        return True
    junk = data[:at]
    return b"%%EOF" in data[-2048:] and any(b < 9 or 13 < b < 32 for b in junk)


def _sniff_text(head: bytes) -> str:
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "ignore")
    guess = _utf16_without_bom(head)
    return head.decode(guess or "latin-1", "ignore")


def _looks_like_html(text: str) -> bool:
    """Mostly tags: a fragment without <html> ("<p>1. Bộ Tài chính…</p><p>2. …</p>")."""
    head = text[:20_000]
    if _HTML_START_RE.match(head):
        return True
    tags = _HTML_TAG_RE.findall(head)
    return len(tags) >= 3 and sum(map(len, tags)) >= 0.2 * len(head.strip())


# ---------------------------------------------------------------------------------------------
# Decoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0/C1 control characters other than tab, newlines, form feed and vertical tab (Word's line break).
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_MAX_CONTROL_SHARE = 0.02
# UTF-8 read as windows-1252 and saved again: "Chá»‰ thá»‹", "Ä‘á»“ng".
_MOJIBAKE_RE = regex.compile(r"(?:Ã|Ä|Æ|á[»º])[\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, list[str]]:
    """Decode text bytes: ``(text, warnings)``; DecodeError for binary data.

    Tries BOMs, BOM-less UTF-16 (by its NUL bytes), UTF-8, the legacy TCVN3 / VNI encodings,
    windows-1258; falls back to windows-1252 with a warning. An HTML ``charset`` is honoured.

    >>> decode_bytes(b"B\\xf4\\xf2 Ta\\xcci chi\\xecnh")  # windows-1258, tones as combining marks
    ('Bộ Tài chính', ['decoded as windows-1258 (not UTF-8)'])
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _finish(_decode_strict(data[len(bom) :], codec), [])
    guess = _utf16_without_bom(data[:4096])
    if guess:
        return _finish(_decode_strict(data, guess), [f"decoded as {guess.upper()} without byte-order mark"])
    if b"\x00" in data:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return _finish(*_repair_text(text))
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                # windows-1258 writes tones as combining marks: compose them.
                return _finish(nfc(data.decode(declared)), [])
            except (UnicodeDecodeError, LookupError):
                pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _finish(*mostly)
    return _finish(*_decode_8bit(data))


def _mostly_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 with a few broken sequences (a truncated copy, one stray byte): those become U+FFFD,
    with a warning. Text in a legacy 8-bit encoding breaks at nearly every non-ASCII letter."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if c > "\x7f") - bad
    if bad <= 0 or good < 50 * bad:
        return None
    return text, [f"{bad:,} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]


def _decode_strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise DecodeError(f"invalid {codec.upper()} at byte {e.start}: not text") from e


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when NUL bytes sit at every other position, as ASCII in UTF-16 does."""
    n = len(head) // 2 * 2
    if n < 4:
        return None
    even = head[0:n:2].count(0) / (n / 2)
    odd = head[1:n:2].count(0) / (n / 2)
    if odd >= 0.3 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.3 and odd <= 0.02:
        return "utf-16-be"
    return None


# <meta charset="windows-1258"> or <meta http-equiv=... content="text/html; charset=...">
_CHARSET_RE = regex.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", regex.IGNORECASE)


# Python codecs a web page may declare: text encodings only ("unicode_escape", "rot13", "base64",
# "punycode" are Python's own transforms, and "unicode_escape" turns "\\ud800" into a lone surrogate).
_WEB_CODEC_RE = regex.compile(
    r"utf-8|utf-16(?:-[lb]e)?|ascii|latin-1|cp\d{3,4}|iso8859-\d{1,2}|koi8-[a-z]|mac-[a-z]+|"
    r"shift_jis|euc_[a-z]+|gb2312|gbk|gb18030|big5(?:hkscs)?|tis-620|iso2022_[a-z_\d]+"
)


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET_RE.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return codec if _WEB_CODEC_RE.fullmatch(codec) else None


def _repair_text(text: str) -> tuple[str, list[str]]:
    """Valid UTF-8 that still hides a legacy text ("Hµ Néi") or double-encoded UTF-8 ("Hà Ná»™i")."""
    if text.isascii():
        return text, []
    if _MOJIBAKE_RE.search(text[:100_000]):
        try:
            fixed = legacy._as_latin1(text).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            fixed = None
        if fixed is not None:
            return fixed, ["repaired UTF-8 that had been decoded as windows-1252 and saved again"]
    converted, warnings = legacy.repair(text)
    return (converted if converted is not None else text), warnings


def _decode_8bit(data: bytes) -> tuple[str, list[str]]:
    """Not UTF-8: TCVN3 / VNI / windows-1258 if the result reads as Vietnamese, else windows-1252."""
    enc, conf = legacy.detect(data)
    cp1258 = nfc(data.decode("cp1258", "replace"))
    score_1258, hits_1258 = legacy.vietnamese_score(cp1258)
    if hits_1258 and score_1258 >= legacy.CONFIDENT and score_1258 >= conf:
        return cp1258, ["decoded as windows-1258 (not UTF-8)"]
    if enc is not None and conf >= legacy.CONFIDENT:
        return legacy.to_unicode(data, enc), [f"converted from {legacy.label(enc)} (confidence {conf:.2f})"]
    warnings = ["encoding not recognised; decoded as windows-1252, Vietnamese letters may be wrong"]
    if enc is not None:
        warnings.append(f"text may be in the legacy {legacy.label(enc)} encoding (confidence {conf:.2f}); kept as is")
    return data.decode("cp1252", "replace"), warnings


def _finish(text: str, warnings: list[str]) -> tuple[str, list[str]]:
    text = text.rstrip("\x1a")  # a DOS end-of-file mark
    sample = text[:200_000]
    if sample and len(_CONTROL_RE.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise DecodeError("binary data (many control characters), not text")
    if "\x00" in text:
        raise DecodeError("binary data (NUL characters), not text")
    return text, warnings


# ---------------------------------------------------------------------------------------------
# HTML: see htmltext.py (the visible text of a page, with a map back into the page); DOCX: docx.py
