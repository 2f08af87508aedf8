"""DOCX reader: the paragraphs of a Word document (tables cell by cell, list numbers rebuilt), then its footnotes.

Reads ``word/document.xml``, ``word/numbering.xml`` and ``word/footnotes.xml`` with the standard
library, within limits.MAX_DOCX_XML_BYTES of XML; a damaged file is an UnsupportedFormatError.

>>> read_docx(open("letter.docx", "rb").read(), max_bytes=1 << 20)  # doctest: +SKIP
('Số: 5/UBND-KT\\n\\n1. Sở Công Thương chủ trì …', [])
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import regex

from .. import limits
from ..errors import UnsupportedFormatError
from ..structure_markers import roman_numeral

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Elements that hold paragraphs (tables, rows, cells, content controls, tracked insertions): walked into.
_DOCX_CONTAINERS = frozenset(_W + t for t in "tbl tr tc sdt sdtContent customXml ins smartTag".split())


def read_docx(data: bytes, *, max_bytes: int) -> tuple[str, list[str]]:
    """Paragraphs of word/document.xml (tables cell by cell, list numbers rebuilt), then footnotes."""
    warnings: list[str] = []
    budget = [limits.MAX_DOCX_XML_BYTES]  # decompressed XML still allowed, over all parts
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:

            def part(name: str):
                try:
                    info = z.getinfo(name)
                except KeyError:
                    return None
                return ElementTree.fromstring(_read_docx_part(z, info, budget))

            doc = part("word/document.xml")
            numbering = _Numbering(part("word/numbering.xml"), warnings)
            notes = part("word/footnotes.xml")
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, EOFError, OSError, ValueError) as e:
        raise UnsupportedFormatError(f"a damaged DOCX document: {e}") from e
    body = doc.find(f"{_W}body")
    paras = list(_docx_blocks(body if body is not None else doc, numbering))
    if notes is not None:
        foot = []
        for fn in notes.iter(f"{_W}footnote"):
            # Separators (type="separator" / "continuationSeparator") carry no text.
            if fn.get(f"{_W}type") in (None, "normal"):
                foot.extend(_docx_blocks(fn, numbering))
        if foot:
            paras.extend(foot)
    return "\n\n".join(p for p in paras if p.strip()), warnings


def _read_docx_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """The part's XML, read no further than the budget left (the declared size may lie)."""
    what = f"the DOCX's XML ({info.filename})"
    left = budget[0]
    limits.check_bytes(info.file_size, what=what, limit=left, name="MAX_DOCX_XML_BYTES")
    with z.open(info) as fh:
        xml = fh.read(left + 1)
    limits.check_bytes(len(xml), what=what, limit=left, name="MAX_DOCX_XML_BYTES")
    budget[0] -= len(xml)
    return xml


def _docx_blocks(parent, numbering: _Numbering):
    """Paragraph texts under ``parent`` in document order; containers walked with a stack, so
    nesting (600 content controls or tables in one another) costs no recursion and each
    paragraph is read once."""
    stack = [iter(parent)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
        elif el.tag == f"{_W}p":
            yield numbering.prefix(el) + _docx_paragraph(el)
        elif el.tag in _DOCX_CONTAINERS:
            stack.append(iter(el))


def _docx_paragraph(p) -> str:
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == f"{_W}t" and el.text:
            out.append(el.text)
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
    return "".join(out)


class _Numbering:
    """Word's automatic list numbers ("1.", "a)", "-"), which are not in the paragraph text."""

    def __init__(self, root, warnings: list[str] | None = None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract = {}
        for an in root.iter(f"{_W}abstractNum"):
            lv = {}
            for lvl in an.findall(f"{_W}lvl"):
                ilvl = _small_int(lvl.get(f"{_W}ilvl", "0"), -1)
                start = _small_int(_val(lvl.find(f"{_W}start"), "1"), 1)
                if start > limits.MAX_LIST_START:
                    # Word's own limit is 32,767; "w:start" = 10**12 would spell a 10**12-letter label.
                    if warnings is not None:
                        warnings.append(limits.work_limit_warning(
                            "as a list's first number", limits.MAX_LIST_START, "MAX_LIST_START",
                            f"numbering starting at {start:,} starts at 1"))
                    start = 1
                fmt = _val(lvl.find(f"{_W}numFmt"), "decimal")
                text = _val(lvl.find(f"{_W}lvlText"), "")
                lv[ilvl] = (start, fmt, text)
            abstract[an.get(f"{_W}abstractNumId")] = lv
        for num in root.iter(f"{_W}num"):
            ref = _val(num.find(f"{_W}abstractNumId"), "")
            if ref in abstract:
                self.levels[num.get(f"{_W}numId")] = abstract[ref]

    def prefix(self, p) -> str:
        numpr = p.find(f"{_W}pPr/{_W}numPr")
        if numpr is None:
            return ""
        num_id = _val(numpr.find(f"{_W}numId"), "0")
        ilvl_s = _val(numpr.find(f"{_W}ilvl"), "0")
        levels = self.levels.get(num_id)
        ilvl = _small_int(ilvl_s, 0)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        if ilvl >= len(counters):
            return ""
        start, fmt, text = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        if fmt == "bullet":
            return (text if text in ("-", "–", "+", "*") else "-") + " "
        if fmt == "none":
            return ""

        def fill(m) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            value = counters[k] if 0 <= k < len(counters) and counters[k] else (lv[0] if lv else 1)
            return _format_number(value, lv[1] if lv else "decimal")

        label = regex.sub(r"%([1-9])", fill, text)
        return label + " " if label else ""


def _small_int(s: str, default: int) -> int:
    """``int(s)`` for a plain number of up to 9 digits (a 5,000-digit one would raise), else ``default``."""
    return int(s) if s.isdigit() and s.isascii() and len(s) <= 9 else default


def _val(el, default: str) -> str:
    return default if el is None else el.get(f"{_W}val", default)


# Past "zz…" thirty letters long, letter labels (one letter more each 26 items) become numbers.
_MAX_LETTER_NUMBER = 26 * 30


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n <= _MAX_LETTER_NUMBER:
        s = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = roman_numeral(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


