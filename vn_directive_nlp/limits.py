"""Documented size limits: inputs beyond them raise :class:`InputTooLargeError`, never hang.

The largest real notices are a few hundred kB of text and PDFs of a few MB; the limits leave a
wide margin while keeping one document's memory and time bounded.

Work limits bound what one document can cost inside those sizes: a text with more lines, list
items, clauses or agency names than any real notice (a megabyte of "1. Bộ Tài chính chủ trì"
lines, say) is read up to the limit, and a warning on the result says where reading stopped.
Each limit is many times what the largest notice of the development corpus needs.

>>> check_text("Số: 5/TB-VPCP")
>>> check_bytes(MAX_INPUT_BYTES + 1, what="report.pdf")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
InputTooLargeError: report.pdf is 20,971,521 bytes; the limit is 20,971,520 bytes (limits.MAX_INPUT_BYTES)
"""

from __future__ import annotations

from .errors import InputTooLargeError

#: Largest file ``load_path`` reads (20 MiB): any real notice or scanned PDF of one fits.
MAX_INPUT_BYTES = 20 * 1024 * 1024

#: Longest text ``parse_text`` accepts (5,000,000 characters, some 2,000 pages of text).
MAX_TEXT_CHARS = 5_000_000

#: Most pages of a PDF that are read (a longer PDF is a compilation, not one notice).
MAX_PDF_PAGES = 2_000

#: Bytes a PDF's compressed streams (pages, fonts; not images) may expand to (256 MiB). A real
#: 2,000-page PDF needs some 100 MB; a decompression bomb (a few MB of zlib expanding to GBs,
#: or one huge stream shared by every page) is refused with InputTooLargeError before reading.
MAX_PDF_DECOMPRESSED_BYTES = 256 * 1024 * 1024

#: Seconds the text layer of one PDF may take to read (a 2,000-page PDF takes a few); pages
#: after it are not read, and a warning says which.
MAX_PDF_SECONDS = 60.0

#: Pixels a page is rendered at for OCR (20 million: an A4 page at 300 dpi is 8.7 million, A3 17.4).
#: A larger page (a 14400 pt poster, say) is rendered at a lower resolution, with a warning.
MAX_OCR_PIXELS = 20_000_000

#: Seconds OCR may take on one document (some 2 pages a second on 2 cores); pages not started
#: by then are not OCR'd, and a warning says which.
MAX_OCR_SECONDS = 300.0

#: Most pages OCR'd in one document.
MAX_OCR_PAGES = 200

#: Decompressed XML read from one DOCX, over all its parts (32 MiB: a 300-page report has some
#: 5 MiB). XML becomes some ten times its size in parsed elements; a zip bomb that inflates a
#: 1 MB file to a gigabyte is refused before it is parsed.
MAX_DOCX_XML_BYTES = 32 * 1024 * 1024

#: Highest first number a DOCX list may declare (``w:start``; Word itself stops at 32,767): a list
#: declared to start at 10**12 starts at 1, with a warning.
MAX_LIST_START = 32_767

#: Tags read from one HTML page (a long news page has some 20,000). The standard library's parser
#: spends some 6 µs a tag: a page of nothing but tags is read up to here (~0.6 s) and warned.
MAX_HTML_TAGS = 100_000

#: Lines whose breaks the normalizer examines (wrap repair, page numbers, table rules); the
#: rest is read as one paragraph. A notice has a few hundred lines, a 100-page PDF some 5,000.
MAX_LINES = 20_000

#: Most list items (segments) one document yields; after it the text is not segmented further.
MAX_SEGMENTS = 5_000

#: Deepest nesting of list items (the development corpus goes 5 deep: "I." › "1." › "a)" › "-" › "+").
#: A list that restarts one level deeper again and again would otherwise make every open level a
#: segment spanning the rest of the text, and the output grow with depth × length; deeper items are
#: read as text of their parent, with a warning.
MAX_DEPTH = 10

#: Most sentences examined for assignments (a notice has a few hundred).
MAX_SENTENCES = 5_000

#: Most agency mentions read from one text (a notice names a few hundred at most).
MAX_AGENCY_MENTIONS = 10_000

#: Characters of a text read for agency names (a long notice is some 100,000).
MAX_AGENCY_CHARS = 500_000

# --- cache bounds ------------------------------------------------------------------------------
# Every cache that grows with the text read takes its bound from here: a ``cache.BoundedCache``
# (which starts afresh with an empty table when full) or a ``functools.lru_cache`` (maxsize).
# A bound is on memory, not a policy: a real archive stays far below each. Loaders of package
# data (``functools.cache`` on a function of no argument, or of a fixed few) need none.

#: Words whose folded comparison form the gazetteer's tokenizer remembers.
CACHE_FOLDED_TOKENS = 200_000

#: Words whose feature rows each character n-gram vectorizer of the classifier remembers.
CACHE_CLASSIFIER_WORDS = 200_000

#: Words whose character n-grams the classifier remembers (shared by its vectorizers).
CACHE_CLASSIFIER_CHAR_GRAMS = 65_536

#: Classifier models (parsed weights files) kept ready for scoring, by path or object.
CACHE_CLASSIFIER_MODELS = 8

#: Token patterns the classifier's vectorizers compile (a model has two or three).
CACHE_CLASSIFIER_PATTERNS = 4

#: Keys (and pairs of keys) for which the agency scanner remembers the rules that may open there.
CACHE_AGENCY_KEYS = 50_000

#: Texts whose agency mentions are remembered (one parse asks about the same text several times).
CACHE_AGENCY_TEXTS = 16

#: Patterns built at run time and compiled (``textutil.compiled_pattern``).
CACHE_PATTERNS = 256

#: Years whose public holidays are remembered (deadline day counts).
CACHE_HOLIDAY_YEARS = 256

#: Words whose folded form the reference scanner remembers.
CACHE_REFERENCE_WORDS = 512

#: Words checked for being a Vietnamese syllable when a legacy-encoded text is repaired.
CACHE_SYLLABLES = 65_536

#: Canonical agency names whose gazetteer id the archive remembers while it stores results.
CACHE_ARCHIVE_AGENCY_NAMES = 4096


def work_limit_warning(what: str, limit: int, name: str, rest: str) -> str:
    """The warning a result carries when a work limit stopped reading."""
    return f"more than {limit:,} {what}: {rest} (limits.{name})"


def check_bytes(size: int, *, what: str = "input", limit: int | None = None, name: str = "MAX_INPUT_BYTES") -> None:
    """Raise InputTooLargeError when ``size`` bytes exceed ``limit`` (default MAX_INPUT_BYTES)."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    if size > limit:
        raise InputTooLargeError(
            f"{what} is {size:,} bytes; the limit is {limit:,} bytes (limits.{name})"
        )


def check_text(text: str, *, what: str = "text", limit: int | None = None) -> None:
    """Raise InputTooLargeError when ``text`` is longer than ``limit`` (default MAX_TEXT_CHARS)."""
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(text) > limit:
        raise InputTooLargeError(
            f"{what} is {len(text):,} characters; the limit is {limit:,} characters (limits.MAX_TEXT_CHARS)"
        )
