"""PDF reader: the text layer of each page (pypdfium2 or pdfplumber), OCR for scanned pages on request.

>>> lines_to_text([(10, "Số: 5/TB-VPCP"), (22, "Hà Nội"), (34, "x"), (60, "1. Bộ Tài chính chủ trì.")])
'Số: 5/TB-VPCP\\nHà Nội\\nx\\n\\n1. Bộ Tài chính chủ trì.'
"""

from __future__ import annotations

import io

import regex

from . import limits
from .errors import CorruptPdfError, EncryptedPdfError

#: Default PDF reader. Both give the same words on text-layer PDFs, and pdfplumber is ~30x slower
#: than pypdfium2 (its own dependency; 0.1 s vs 3 ms a page), so "auto" reads with pypdfium2 and
#: falls back to pdfplumber (the SPEC's reader) when pdfium cannot read the file or leaves
#: unmapped glyphs. Both rebuild paragraph breaks from vertical gaps between lines.
DEFAULT_PDF_ENGINE = "auto"
PDF_ENGINES = ("auto", "pdfplumber", "pdfium")
OCR_MODES = ("never", "auto")


# Text of a glyph without a Unicode mapping, as pdfminer writes it: "(cid:123)".
_CID_RE = regex.compile(r"\(cid:\d+\)")
# A paragraph break is a vertical gap well above the usual line pitch.
_PARAGRAPH_GAP = 1.3


def read_pdf(data: bytes, *, ocr: str, engine: str, password: str | None) -> tuple[str, int, list[str]]:
    """Text of each page joined with "\\n"; pages without a text layer are OCR'd or reported."""
    if engine == "auto":
        try:
            pages = _pdf_pages_pdfium(data, password)
            if any("\ufffd" in p for p in pages):
                raise CorruptPdfError("pdfium left unmapped glyphs")
        except EncryptedPdfError:
            raise
        except (CorruptPdfError, ImportError):
            pages = _pdf_pages_pdfplumber(data, password)
    else:
        reader = _pdf_pages_pdfium if engine == "pdfium" else _pdf_pages_pdfplumber
        pages = reader(data, password)
    if len(pages) > limits.MAX_PDF_PAGES:
        raise limits.InputTooLargeError(
            f"PDF has {len(pages):,} pages; the limit is {limits.MAX_PDF_PAGES:,} (limits.MAX_PDF_PAGES)"
        )
    warnings: list[str] = []
    missing = []
    for i, text in enumerate(pages):
        if _CID_RE.search(text) and len(_CID_RE.sub("", text).strip()) < 0.3 * len(text):
            warnings.append(f"page {i + 1} text layer has no Unicode mapping (cid glyphs)")
            pages[i] = ""
        if not pages[i].strip():
            missing.append(i)
    if missing and ocr == "auto":
        from . import ocr as _ocr

        found, ocr_warnings = _ocr.ocr_pdf_pages(data, missing, password=password)
        warnings += ocr_warnings
        for i, text in found.items():
            pages[i] = text
        if found:
            warnings.append("OCR used on page(s) " + ", ".join(str(i + 1) for i in sorted(found)) + " (tesseract); check the text")
        missing = [i for i in missing if i not in found]
    for i in missing:
        note = "OCR not run" if ocr == "never" else "OCR gave no text"
        warnings.append(f"page {i + 1} has no text layer (scanned?); {note}")
    return "\n".join(p for p in pages), len(pages), warnings


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


def _pdf_pages_pdfplumber(data: bytes, password: str | None) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    def wrapped(e: BaseException) -> BaseException:
        return e.args[0] if isinstance(e, PdfminerException) and e.args and isinstance(e.args[0], BaseException) else e

    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            pages = []
            for page in pdf.pages:
                rows = page.extract_text_lines(return_chars=False)
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


def _pdf_pages_pdfium(data: bytes, password: str | None) -> list[str]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == _PDFIUM_PASSWORD:
            raise EncryptedPdfError("the PDF is password-protected (pass password=...)") from e
        if code == _PDFIUM_SECURITY:
            raise EncryptedPdfError(f"the PDF uses an unsupported encryption: {e}") from e
        raise CorruptPdfError(f"the PDF cannot be read (truncated or malformed): {e}") from e
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            height = page.get_height()
            tp = page.get_textpage()
            text = tp.get_text_range()
            rows = []
            # Each line with its position in pdfium's character index (line breaks are "\r\n").
            for m in _PDFIUM_LINE_RE.finditer(text):
                line = m.group(1)
                top = 0.0
                if line.strip():
                    box = tp.get_charbox(m.start() + len(line) - len(line.lstrip()), loose=True)
                    top = height - box[3]
                rows.append((top, line + "-" if m.group(2) == "\ufffe" else line))
            pages.append(lines_to_text(rows))
        return pages
    except pdfium.PdfiumError as e:
        raise CorruptPdfError(f"the PDF cannot be read: {e}") from e
    finally:
        doc.close()
