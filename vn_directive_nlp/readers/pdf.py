"""PDF reader: the text layer of each page (pypdfium2 or pdfplumber), OCR for scanned pages on request.

>>> lines_to_text([(10, "Số: 5/TB-VPCP"), (22, "Hà Nội"), (34, "x"), (60, "1. Bộ Tài chính chủ trì.")])
'Số: 5/TB-VPCP\\nHà Nội\\nx\\n\\n1. Bộ Tài chính chủ trì.'
"""

from __future__ import annotations

import io
import time
import zlib
from dataclasses import dataclass, field

import regex

from .. import limits
from ..errors import CorruptPdfError, EncryptedPdfError
from . import ocr as _ocr
from .textlayer import CID_RE, readability, repair_glyph_substitutions

#: Default PDF reader. Both give the same words on text-layer PDFs, and pdfplumber is ~30x slower
#: than pypdfium2 (its own dependency; 0.1 s vs 3 ms a page), so "auto" reads with pypdfium2 and
#: falls back to pdfplumber (the SPEC's reader) when pdfium cannot read the file or leaves
#: unmapped glyphs. Both rebuild paragraph breaks from vertical gaps between lines.
DEFAULT_PDF_ENGINE = "auto"
PDF_ENGINES = ("auto", "pdfplumber", "pdfium")
OCR_MODES = ("never", "auto")
#: The one OCR default of the library, the command line, batch and dask: OCR runs when asked
#: (``ocr="auto"``, ``--ocr auto``; it costs seconds a page); a page left unread is a warning.
DEFAULT_OCR = "never"


# A paragraph break is a vertical gap well above the usual line pitch.
_PARAGRAPH_GAP = 1.3


@dataclass
class PdfText:
    """What :func:`read_pdf` gives: the text, and for each page which extractor read it."""

    text: str
    pages: int
    warnings: list[str]
    #: Per page: "pdfium", "pdfplumber", "ocr" or "none" (nothing readable).
    extractors: list[str] = field(default_factory=list)
    #: 1-based numbers of the pages whose text came from OCR.
    pages_ocr: list[int] = field(default_factory=list)


def read_pdf(data: bytes, *, ocr: str, engine: str, password: str | None) -> PdfText:
    """Text of each page joined with "\\n"; the choice of reader is made page by page.

    A page whose pdfium text has unmapped glyphs is read again with pdfplumber; a page with no
    text layer, or an unreadable one (broken font map), is OCR'd when ``ocr="auto"`` and
    reported in a warning otherwise. Budgets: limits.MAX_PDF_DECOMPRESSED_BYTES (refused before
    reading), limits.MAX_PDF_SECONDS (pages after it are not read, with a warning).
    """
    check_decompressed_size(data)
    warnings: list[str] = []
    pages, extractors = _read_pages(data, engine, password, warnings)
    pages = drop_running_lines(pages)
    if not pages:
        warnings.append("the PDF has no pages")
    unreadable = _screen_pages(pages, extractors, warnings)
    missing = [i for i, t in enumerate(pages) if not t.strip() and extractors[i] != "skipped"]
    pages_ocr: list[int] = []
    if ocr == "auto" and (missing or unreadable):
        pages_ocr = _ocr_pages(data, sorted(missing + unreadable), password, pages, extractors, warnings)
    if pages:
        _check_header(data, password, pages, extractors, ocr, warnings)
    for i in unreadable:
        if i + 1 not in pages_ocr:
            note = "OCR not run" if ocr == "never" else "OCR gave no text"
            warnings.append(f"page {i + 1} text layer is unreadable (broken font map); {note}; its text is kept as is")
    for i in missing:
        if i + 1 not in pages_ocr:
            note = "OCR not run" if ocr == "never" else "OCR gave no text"
            warnings.append(f"page {i + 1} has no text layer (scanned?); {note}")
            extractors[i] = "none"
    extractors = ["none" if e == "skipped" else e for e in extractors]
    return PdfText("\n".join(pages), len(pages), warnings, extractors, pages_ocr)


def _read_pages(data: bytes, engine: str, password: str | None, warnings: list[str]) -> tuple[list[str], list[str]]:
    """Text layer of each page and the reader that gave it (fallback to pdfplumber per page)."""
    if engine == "pdfplumber":
        return _with_reader(_pdf_pages_pdfplumber(data, password, warnings=warnings), "pdfplumber")
    try:
        pages, extractors = _with_reader(_pdf_pages_pdfium(data, password, warnings=warnings), "pdfium")
    except EncryptedPdfError:
        raise
    except (CorruptPdfError, ImportError):
        if engine == "pdfium":
            raise
        return _with_reader(_pdf_pages_pdfplumber(data, password, warnings=warnings), "pdfplumber")
    broken = [i for i, p in enumerate(pages) if "\ufffd" in p]
    if engine == "auto" and broken:
        # Only the pages where pdfium left unmapped glyphs (one such page in 2,000 must not
        # send the other 1,999 through the 30x slower reader).
        redo = _pdf_pages_pdfplumber(data, password, only=broken, warnings=warnings)
        for i, text in zip(broken, redo):
            if text is not None:
                pages[i], extractors[i] = text, "pdfplumber"
    return pages, extractors


_DIGITS_RE = regex.compile(r"\d+")


def drop_running_lines(pages: list[str]) -> list[str]:
    """Remove running headers and footers: a first or last line of a page that recurs (digits
    aside: "Trang 2/5") on at least 3 pages and half of them is kept on the first page only.

    >>> drop_running_lines(["VĂN PHÒNG\\n1. Bộ Y tế", "VĂN PHÒNG\\nchủ trì", "VĂN PHÒNG\\nbáo cáo."])
    ['VĂN PHÒNG\\n1. Bộ Y tế', 'chủ trì', 'báo cáo.']
    """
    if len(pages) < 3:
        return pages
    counts: dict[str, int] = {}
    edges = []
    for text in pages:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        ends = {_DIGITS_RE.sub("#", ln) for ln in (lines[:1] + lines[-1:])}
        edges.append(ends)
        for key in ends:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, n in counts.items() if n >= max(3, len(pages) / 2)}
    if not running:
        return pages
    out = [pages[0]]
    for text, ends in zip(pages[1:], edges[1:]):
        lines = text.split("\n")
        nonblank = [k for k, ln in enumerate(lines) if ln.strip()]
        drop = {k for k in nonblank[:1] + nonblank[-1:] if _DIGITS_RE.sub("#", lines[k].strip()) in running}
        out.append("\n".join(ln for k, ln in enumerate(lines) if k not in drop).strip("\n"))
    return out


def _with_reader(pages: list[str | None], reader: str) -> tuple[list[str], list[str]]:
    """Texts ("" for pages not read) and, per page, the reader or "skipped" (past the time budget)."""
    return [p or "" for p in pages], [reader if p is not None else "skipped" for p in pages]


def _screen_pages(pages: list[str], extractors: list[str], warnings: list[str]) -> list[int]:
    """Repair known glyph substitutions; the 0-based pages whose text layer is unreadable."""
    unreadable = []
    for i, text in enumerate(pages):
        if CID_RE.search(text) and len(CID_RE.sub("", text).strip()) < 0.3 * len(text):
            warnings.append(f"page {i + 1} text layer has no Unicode mapping (cid glyphs)")
            pages[i] = ""
            continue
        pages[i], fixed = repair_glyph_substitutions(text)
        if fixed:
            warnings.append(f"page {i + 1}: {fixed} letters drawn with look-alike glyphs (ƣ for ư, Cyrillic В for B) repaired")
        if pages[i].strip() and not readability(pages[i]).readable:
            unreadable.append(i)
    return unreadable


def _ocr_pages(data, wanted, password, pages, extractors, warnings) -> list[int]:
    """OCR ``wanted`` pages into ``pages``; the 1-based numbers of those OCR gave text for."""
    found, ocr_warnings = _ocr.ocr_pdf_pages(data, wanted, password=password)
    warnings += ocr_warnings
    for i, text in found.items():
        pages[i], extractors[i] = text, "ocr"
    done = sorted(i + 1 for i in found)
    if done:
        warnings.append("OCR used on page(s) " + ", ".join(map(str, done)) + " (tesseract); check the text")
    return done


# The header's number line with its number, blank when the number is only drawn in an image:
# "Số: 437/TB-VPCP", "Số:      /UBND-KT".
_NUMBER_LINE_RE = regex.compile(r"(?m)^[ \t]{0,20}S[ốỐ][ \t]{0,3}:?[ \t]*(?P<value>[^\s/]{0,15})[ \t]*/[ \t]*\p{Lu}")
# The issue date's day and month: "ngày 28 tháng 5 năm 2026", "ngày      tháng     năm 2026".
_DATE_LINE_RE = regex.compile(
    r"ngày[ \t]+(?P<value>[^\s]{0,6}?)[ \t]*tháng[ \t]+(?P<month>[^\s]{0,6}?)[ \t]*năm[ \t]+(?:19|20)\d\d"
)
_HEADER_CHARS = 2000


def _check_header(data, password, pages: list[str], extractors: list[str], ocr: str, warnings: list[str]) -> None:
    """A number or date left blank on page 1 (drawn only in an image: stamped, handwritten) is
    read by OCR of the header where legible, else reported: "number not readable", never guessed."""
    fields = (("number", _NUMBER_LINE_RE, "value", ""), ("issue day", _DATE_LINE_RE, "value", " "),
              ("issue month", _DATE_LINE_RE, "month", " "))
    blanks = []
    for what, pattern, group, sep in fields:
        m = pattern.search(pages[0][:_HEADER_CHARS])
        if m and not any(c.isdigit() for c in m.group(group)):
            blanks.append((m.start(group), m.end(group), what, pattern, group, sep))
    if not blanks:
        return
    header = None
    if ocr == "auto" and extractors[0] != "ocr":
        header, problem = _ocr.ocr_header(data, password=password)
        if problem:
            warnings.append(problem)
    for start, end, what, pattern, group, sep in sorted(blanks, reverse=True):  # right to left: offsets hold
        found = pattern.search(header[:_HEADER_CHARS]) if header else None
        value = found.group(group) if found else ""
        if regex.fullmatch(r"\d{1,6}", value):
            pages[0] = pages[0][:start] + value + sep + pages[0][end:].lstrip(" \t")
            warnings.append(f"page 1: {what} {value} read by OCR of the header (blank in the text layer); check it")
        elif what != "issue month" or not any(b[2] == "issue day" for b in blanks):
            how = "not legible to OCR" if extractors[0] == "ocr" or header is not None else "blank in the text layer; ocr='auto' reads the header image"
            warnings.append(f"{what} not readable (page 1: {how})")


def lines_to_text(lines: list[tuple[float, str]]) -> str:
    """Join (y, text) lines of a page; a blank line where the vertical gap says a new paragraph starts.

    >>> lines_to_text([(10, "1. Bộ Y tế"), (22, "chủ trì,"), (34, "báo cáo."), (60, "2. Bộ Công an")])
    '1. Bộ Y tế\\nchủ trì,\\nbáo cáo.\\n\\n2. Bộ Công an'
    """
    lines = [(top, t) for top, t in lines if t.strip()]
    if not lines:
        return ""
    gaps = sorted(b[0] - a[0] for a, b in zip(lines, lines[1:]) if b[0] - a[0] > 0.5)
    pitch = gaps[(len(gaps) - 1) // 2] if len(gaps) >= 2 else None
    out = [lines[0][1]]
    for (top0, _), (top1, t) in zip(lines, lines[1:]):
        if pitch and top1 - top0 > _PARAGRAPH_GAP * pitch:
            out.append("")
        out.append(t)
    return "\n".join(out)


def _time_budget_warning(done: int, total: int) -> str:
    return (
        f"PDF text extraction stopped after {limits.MAX_PDF_SECONDS:g} s (limits.MAX_PDF_SECONDS): "
        f"pages {done + 1}-{total} not read"
    )


def _pdf_pages_pdfplumber(
    data: bytes, password: str | None, *, only: list[int] | None = None, warnings: list[str] | None = None
) -> list[str | None]:
    """Text of every page (or of the 0-based pages ``only``); None for pages past the time budget."""
    from ..extras import require

    pdfplumber = require("pdfplumber", "pdfplumber", "reading this PDF with pdfplumber")
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    def wrapped(e: BaseException) -> BaseException:
        return e.args[0] if isinstance(e, PdfminerException) and e.args and isinstance(e.args[0], BaseException) else e

    started = time.monotonic()
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            wanted = range(len(pdf.pages)) if only is None else only
            pages: list[str | None] = []
            for k, i in enumerate(wanted):
                if time.monotonic() - started > limits.MAX_PDF_SECONDS:
                    if warnings is not None:
                        warnings.append(_time_budget_warning(k, len(wanted)))
                    pages.extend([None] * (len(wanted) - k))
                    break
                rows = pdf.pages[i].extract_text_lines(return_chars=False)
                pages.append(lines_to_text([(r["top"], r["text"]) for r in rows]))
            return pages
    except Exception as e:  # pdfminer raises many types; sort them into our two
        inner = wrapped(e)
        if isinstance(inner, PDFPasswordIncorrect):
            raise EncryptedPdfError("the PDF is password-protected (pass password=...)") from e
        if isinstance(inner, PDFEncryptionError):
            raise EncryptedPdfError(f"the PDF uses an unsupported encryption: {inner}") from e
        if isinstance(e, MemoryError | KeyboardInterrupt):
            raise
        raise CorruptPdfError(f"the PDF cannot be read (truncated or malformed): {type(inner).__name__}: {inner}") from e


# One line of pdfium's page text and its break: "Số: 437/TB-VPCP\r\n". pdfium joins a line
# ending in "-" to the next and marks the hyphen U+FFFE ("104/QĐ\ufffeTTg"); symbols need it back.
_PDFIUM_LINE_RE = regex.compile(r"([^\r\n\ufffe]*)(\ufffe|\r\n|\r|\n|\Z)")
# pdfium error codes (FPDF_GetLastError): 4 = password, 5 = unsupported security handler.
_PDFIUM_PASSWORD, _PDFIUM_SECURITY = 4, 5


def _open_pdfium(data: bytes, password: str | None):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == _PDFIUM_PASSWORD:
            raise EncryptedPdfError("the PDF is password-protected (pass password=...)") from e
        if code == _PDFIUM_SECURITY:
            raise EncryptedPdfError(f"the PDF uses an unsupported encryption: {e}") from e
        raise CorruptPdfError(f"the PDF cannot be read (truncated or malformed): {e}") from e


def _pdf_pages_pdfium(data: bytes, password: str | None, *, warnings: list[str] | None = None) -> list[str | None]:
    """Text of every page, annotation text (signature fields) placed where drawn; None past the budget."""
    import pypdfium2 as pdfium

    doc = _open_pdfium(data, password)
    started = time.monotonic()
    try:
        n = len(doc)
        pages: list[str | None] = []
        notes: list[str] = []
        for i in range(n):
            if time.monotonic() - started > limits.MAX_PDF_SECONDS:
                if warnings is not None:
                    warnings.append(_time_budget_warning(i, n))
                pages.extend([None] * (n - i))
                break
            body, note = _pdfium_page_text(doc, i)
            pages.append(body)
            if note:
                notes.append(note)
        # Footnotes after the body, as the DOCX reader puts them: a sentence running on to the
        # next page is not cut by the notes at the foot of the first.
        last = max((k for k, p in enumerate(pages) if p is not None), default=None)
        if notes and last is not None:
            body = pages[last] or ""
            pages[last] = "\n\n".join([body, *notes]) if body.strip() else "\n\n".join(notes)
        return pages
    except pdfium.PdfiumError as e:
        raise CorruptPdfError(f"the PDF cannot be read: {e}") from e
    finally:
        doc.close()


def _pdfium_page_text(doc, i: int) -> tuple[str, str]:
    """One page: its own text in pdfium's order, then text drawn by annotations put in its place;
    ``(body, footnotes)``.

    Signature fields draw the number and day over the blanks of "Số:      /UBND-KT"; pdfium's
    flattening appends that text to the page's content, after the page's own characters.
    """
    import pypdfium2.raw as raw

    page = doc[i]
    try:
        height = page.get_height()
        tp = page.get_textpage()
        try:
            own_text, own = tp.get_text_range(), tp.count_chars()
            rows = _pdfium_rows(tp, own_text, height)
        finally:
            tp.close()
        if raw.FPDFPage_GetAnnotCount(page.raw) and raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY) == raw.FLATTEN_SUCCESS:
            page.close()
            page = doc[i]  # flattening invalidates the page's handles
            tp = page.get_textpage()
            try:
                n_chars = tp.count_chars()
                if n_chars > own and tp.get_text_range(0, own) == own_text:
                    rows = place_runs(rows, _pdfium_runs(tp, own, n_chars), lambda k: tp.get_charbox(k, loose=True), height)
                elif n_chars != own:  # not appended as expected: pdfium's order of everything
                    rows = _pdfium_rows(tp, tp.get_text_range(), height)
            finally:
                tp.close()
        body, notes = split_footnotes(rows)
        return lines_to_text([(r.top, r.text) for r in body]), lines_to_text([(r.top, r.text) for r in notes])
    finally:
        page.close()


# A footnote's first line: its mark alone (a superscript on a line of its own) or the mark and text.
_FOOTNOTE_START_RE = regex.compile(r"\s*(?:\d{1,3}|[*†])(?:\s+\S.*)?\Z")
#: A footnote's letters are at most this share of the body's size (10 pt under 14 pt is 0.71).
FOOTNOTE_SIZE_RATIO = 0.88


def split_footnotes(rows: list["Row"]) -> tuple[list["Row"], list["Row"]]:
    """``(body, footnotes)``: the lines below every body-size line, in a smaller font, beginning
    with a note mark ("1", "2 Nghị định số …"), are the page's footnotes.

    >>> rows = [Row(100, "1. Bộ Tài chính chủ trì", size=14), Row(120, "phối hợp với", size=14),
    ...         Row(700, "1", size=7), Row(702, " Nghị định số 105/2025/NĐ-CP", size=10)]
    >>> [r.text for r in split_footnotes(rows)[1]]
    ['1', ' Nghị định số 105/2025/NĐ-CP']
    """
    sized = [r for r in rows if r.size > 0 and r.text.strip()]
    if len(sized) < 3:
        return rows, []
    weights: dict[float, int] = {}
    for r in sized:
        weights[round(r.size, 1)] = weights.get(round(r.size, 1), 0) + len(r.text)
    body_size = max(weights, key=lambda size: weights[size])
    small = FOOTNOTE_SIZE_RATIO * body_size
    lowest_body = max((r.top for r in sized if r.size > small), default=None)
    if lowest_body is None:
        return rows, []
    notes = [r for r in rows if r.text.strip() and r.top > lowest_body and 0 < r.size <= small]
    notes.sort(key=lambda r: r.top)
    if not notes or not _FOOTNOTE_START_RE.match(notes[0].text):
        return rows, []
    keep = set(map(id, notes))
    return [r for r in rows if id(r) not in keep], notes


@dataclass
class Row:
    """One text line of a page: its distance from the top, text, and where its characters are."""

    top: float
    text: str
    #: pdfium index of each character of ``text`` (-1 for characters put in from elsewhere).
    index: list[int] = field(default_factory=list)
    #: Vertical extent (bottom, top) of the line in PDF units (origin at the bottom).
    low: float = 0.0
    high: float = 0.0
    #: Font size of the line's first character (points); 0 when unknown.
    size: float = 0.0


@dataclass
class Run:
    """Text drawn by an annotation: one piece on one line, and its box in PDF units."""

    text: str
    left: float
    right: float
    low: float
    high: float


def _pdfium_rows(tp, text: str, height: float) -> list[Row]:
    """Lines of pdfium's page text with their positions (line breaks are "\\r\\n")."""
    import pypdfium2.raw as raw

    rows = []
    for m in _PDFIUM_LINE_RE.finditer(text):
        line = m.group(1)
        top = low = high = size = 0.0
        if line.strip():
            first = m.start() + len(line) - len(line.lstrip())
            box = tp.get_charbox(first, loose=True)
            top, low, high = height - box[3], box[1], box[3]
            size = raw.FPDFText_GetFontSize(tp.raw, first)
        index = list(range(m.start(), m.start() + len(line)))
        if m.group(2) == "\ufffe":
            line, index = line + "-", index + [-1]
        rows.append(Row(top, line, index, low, high, size))
    return _join_after_note_marks(rows, lambda k: raw.FPDFText_GetFontSize(tp.raw, k))


def _join_after_note_marks(rows: list[Row], font_size) -> list[Row]:
    """Drop footnote marks ("QH15¹") and join the line pdfium broke after one ("… QH15", " ngày …").

    A mark is a run of digits at a line's end in a font under 80 % of the letter before it;
    the rest of the line follows on the same baseline.
    """
    out: list[Row] = []
    joined = False
    for row in rows:
        if joined and out and row.text.strip() and abs(row.top - out[-1].top) < 0.5 * max(out[-1].size, 1.0):
            prev = out[-1]
            prev.text, prev.index = prev.text + row.text, prev.index + row.index
            joined = False
            row = prev
        else:
            out.append(row)
        joined = _strip_note_mark(row, font_size)
    return out


# Digits stuck to what precedes them, not followed by a letter: "QH15¹ ngày", "NĐ-CP²,".
_GLUED_DIGITS_RE = regex.compile(r"(?<=\S)\d+(?![\p{L}\d])")


def _strip_note_mark(row: Row, font_size) -> bool:
    """Remove superscript digits stuck to a word ("QH15¹", "NĐ-CP²,"); True when one ended the line."""
    if row.size <= 0:
        return False
    small = 0.8 * row.size
    cuts = []
    for m in _GLUED_DIGITS_RE.finditer(row.text):
        # The mark is the run's tail in a small font: "151" is "15" + "¹".
        j = m.end()
        while j > m.start() and row.index[j - 1] >= 0 and font_size(row.index[j - 1]) < small:
            j -= 1
        if j < m.end():
            cuts.append((j, m.end()))
    if not cuts:
        return False
    ends = cuts[-1][1] == len(row.text)
    for a, b in reversed(cuts):
        row.text, row.index = row.text[:a] + row.text[b:], row.index[:a] + row.index[b:]
    return ends


def _pdfium_runs(tp, start: int, end: int) -> list[Run]:
    """Pieces of text of characters ``start``..``end``: a new piece at each line or wide gap."""
    import pypdfium2.raw as raw

    runs: list[Run] = []
    cur: Run | None = None
    for k in range(start, end):
        ch = chr(raw.FPDFText_GetUnicode(tp.raw, k))
        if ch in "\r\n\ufffe" or raw.FPDFText_IsGenerated(tp.raw, k) == 1:
            cur = None
            continue
        if ch.isspace():
            if cur is not None:
                cur.text += " "
            continue
        left, low, right, high = tp.get_charbox(k, loose=True)
        size = max(high - low, 1.0)
        same_line = cur is not None and abs((low + high) - (cur.low + cur.high)) / 2 < 0.5 * size
        if cur is not None and same_line and left - cur.right < 1.5 * size:
            cur.text, cur.right = cur.text + ch, max(cur.right, right)
            cur.low, cur.high = min(cur.low, low), max(cur.high, high)
        else:
            cur = Run(ch, left, right, low, high)
            runs.append(cur)
    for r in runs:
        r.text = " ".join(r.text.split())
    return [r for r in runs if r.text]


def place_runs(rows: list[Row], runs: list[Run], charbox, height: float) -> list[Row]:
    """Put each run into the line it is drawn on, between the characters left and right of it.

    ``charbox(k)`` is the box (left, bottom, right, top) of character k; a run on no line of
    its own page becomes a line where it is drawn.

    >>> row = Row(100.0, "Số: /UBND", [0, 1, 2, 3, 4, 5, 6, 7, 8], 690.0, 702.0)
    >>> boxes = {k: (50 + 8 * k + (40 if k >= 4 else 0), 690, 57 + 8 * k + (40 if k >= 4 else 0), 702) for k in range(9)}
    >>> place_runs([row], [Run("437", 80, 100, 691, 701)], boxes.__getitem__, 792.0)[0].text
    'Số: 437 /UBND'
    """
    by_row: dict[int, list[Run]] = {}
    extra: list[Row] = []
    for run in runs:
        mid = (run.low + run.high) / 2
        # Lines at the run's height; of two columns' lines ("Số: …" | "Hà Nội, ngày …"), the one
        # whose characters span the run's place.
        near = [(_span_distance(r, run, charbox), abs((r.low + r.high) / 2 - mid), k)
                for k, r in enumerate(rows) if r.low <= mid <= r.high and any(x >= 0 for x in r.index)]
        if near:
            by_row.setdefault(min(near)[2], []).append(run)
        else:
            extra.append(Row(height - run.high, run.text, [-1] * len(run.text), run.low, run.high))
    for k, placed in by_row.items():
        for run in sorted(placed, key=lambda r: -r.left):  # right to left: earlier positions stay put
            _insert_run(rows[k], run, charbox)
    for row in extra:
        at = next((k for k, r in enumerate(rows) if r.text.strip() and r.top > row.top), len(rows))
        rows.insert(at, row)
    return rows


def _span_distance(row: Row, run: Run, charbox) -> float:
    """How far ``run`` starts outside the horizontal span of ``row``'s own characters (0 inside)."""
    own = [k for j, k in enumerate(row.index) if k >= 0 and not row.text[j].isspace()]
    if not own:
        return float("inf")
    left, right = charbox(own[0])[0], charbox(own[-1])[2]
    return max(0.0, left - run.left, run.left - right)


def _insert_run(row: Row, run: Run, charbox) -> None:
    """Insert ``run`` into ``row`` before the first character drawn right of the run's start."""
    size = run.high - run.low
    at = len(row.text)
    for j, k in enumerate(row.index):
        if k >= 0 and not row.text[j].isspace():
            left, _, right, _ = charbox(k)
            if (left + right) / 2 > run.left:
                at = j
                break
    before, after = row.text[:at].rstrip(" "), row.text[at:].lstrip(" ")
    cut_before, cut_after = len(row.text[:at]) - len(before), len(row.text[at:]) - len(after)
    # A space where a reader sees one: the run's box is apart from its neighbours' boxes.
    prev = next((k for k in reversed(row.index[: at - cut_before]) if k >= 0), None) if before else None
    nxt = row.index[at + cut_after] if after and row.index[at + cut_after] >= 0 else None
    # A space where a reader sees one: the run's box is apart from its neighbour's, or it fills a
    # blank between words ("ngày     tháng"), not one before a symbol ("Số:     /UBND").
    gap_before = " " if before and (
        prev is None or run.left - charbox(prev)[2] > 0.15 * size or (cut_before + cut_after and before[-1] not in "/-")
    ) else ""
    gap_after = " " if after and (
        nxt is None or charbox(nxt)[0] - run.right > 0.15 * size or (cut_before + cut_after and after[0] not in "/-")
    ) else ""
    piece = gap_before + run.text + gap_after
    row.text = before + piece + after
    row.index = row.index[: at - cut_before] + [-1] * len(piece) + row.index[at + cut_after :]


# ---------------------------------------------------------------------------------------------
# Decompression budget

# The start of a stream's data: "… /Filter /FlateDecode /Length 42 >>\nstream\r\n"; its dictionary is
# read from the bytes before it (a bounded look-back keeps the scan linear).
_STREAM_RE = regex.compile(rb">>[ \t\r\n]{0,4}stream\r?\n")
_DICT_LOOKBACK = 2048
_CHUNK = 1 << 20


def check_decompressed_size(data: bytes, *, limit: int | None = None) -> int:
    """Bytes the PDF's compressed non-image streams expand to; InputTooLargeError past ``limit``.

    A decompression bomb (a few MB of zeros squeezed into a content stream) is refused here,
    before pdfium or pdfminer expand it in memory; image data is left to the renderer's budget.

    >>> check_decompressed_size(b"%PDF-1.7\\n1 0 obj << /Length 2 >> stream\\nhi\\nendstream")
    0
    """
    limit = limits.MAX_PDF_DECOMPRESSED_BYTES if limit is None else limit
    total = 0
    for m in _STREAM_RE.finditer(data):
        head = data[max(0, m.start() - _DICT_LOOKBACK) : m.start()]
        head = head[head.rfind(b" obj") + 1 :]
        if b"/FlateDecode" not in head and b"/Fl " not in head and b"/Fl/" not in head and b"/Fl]" not in head:
            continue
        if b"/Image" in head:
            continue
        total += _inflated_size(data, m.end(), limit - total + 1)
        if total > limit:
            raise limits.InputTooLargeError(
                f"the PDF's compressed streams expand to more than {limit:,} bytes "
                "(limits.MAX_PDF_DECOMPRESSED_BYTES); refused as a decompression bomb"
            )
    return total


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    """Size of the zlib stream at ``start`` once inflated, counting at most ``cap`` bytes."""
    d = zlib.decompressobj()
    size = 0
    pos = start
    try:
        while size < cap and (pos < len(data) or d.unconsumed_tail) and not d.eof:
            chunk = d.unconsumed_tail or data[pos : pos + _CHUNK]
            if not d.unconsumed_tail:
                pos += len(chunk)
            size += len(d.decompress(chunk, _CHUNK))
    except zlib.error:
        pass  # damaged or encrypted: the reader will say so
    return size
