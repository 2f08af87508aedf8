"""Normalization: raw text → clean paragraphs, with a map back to the raw input.

What it does, in order: lone surrogates replaced (U+FFFD, warned); NFC; odd spaces, zero-width
characters, invisible direction marks (U+200E/F, U+202A–E, U+2066–9) and Markdown emphasis removed;
modern tone placement ("Uỷ" → "Ủy", "hoà" → "hòa"); table rules (`|`, `-------`) and page
numbers dropped; hard line wraps (PDF or web extraction) joined back into paragraphs, and
symbols broken across lines ("206/QĐ-" + newline + "TTg") rejoined.

>>> n = normalize("Quyết định số 206/QĐ-\\nTTg ngày 28 tháng 02 năm 2024 của Thủ tướng Chính phủ.")
>>> n.text
'Quyết định số 206/QĐ-TTg ngày 28 tháng 02 năm 2024 của Thủ tướng Chính phủ.'
>>> n.offsets[n.text.index("TTg")]  # where "TTg" stood in the raw input
22
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import NamedTuple

import regex

from . import limits
from . import vocabulary
from .structure_markers import match_marker, sequence_value
from .textutil import modern_tones


class Offsets(Sequence[int]):
    """Raw position of each character of a normalized text (and one past its end), kept as the
    pieces normalization produced — line by line — and made into one list when first read: a
    parse that never maps a position back does not pay for a number per character.

    >>> list(Offsets([range(0, 3), 7, range(9, 11)]))
    [0, 1, 2, 7, 9, 10]
    """

    __slots__ = ("_pieces", "_list")

    def __init__(self, pieces: list[int | range | list[int]]) -> None:
        self._pieces: list[int | range | list[int]] | None = pieces
        self._list: list[int] | None = None

    def _flat(self) -> list[int]:
        if self._list is None:
            out: list[int] = []
            for piece in self._pieces or ():
                if isinstance(piece, int):
                    out.append(piece)
                else:
                    out += piece
            self._list, self._pieces = out, None
        return self._list

    def __getitem__(self, i):
        return self._flat()[i]

    def __len__(self) -> int:
        return len(self._flat())

    def __iter__(self):
        return iter(self._flat())

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"Offsets({self._flat()!r})"


@dataclass
class Normalized:
    """Normalized text, ``offsets[i]`` = raw position of ``text[i]`` (one extra entry for the end)."""

    text: str
    offsets: Sequence[int]
    warnings: list[str] = field(default_factory=list)


# --- character-level cleanup -------------------------------------------------------------

# The character-level patterns need no Unicode properties: the standard library's engine
# scans whole texts with them several times faster than ``regex``.
# NBSP, en/em/thin spaces, ideographic space, tabs → one plain space.
_ODD_SPACE_RE = re.compile(r"[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters, BOM, soft hyphen, Markdown emphasis ("**Kết luận của …**", "*Hà Nội*"), and
# the invisible direction marks copy-pasted web text carries (LRM/RLM, embeddings and overrides
# U+202A–E, isolates U+2066–9, the Arabic letter mark): "Số: \u200e5/TB-VPCP" is "Số: 5/TB-VPCP".
_DELETE_RE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u2060\ufeff\u00ad*]+")  # (one class: it scans fastest)
_CRLF_RE = re.compile(r"\r(?=\n)")
_LONE_CR_RE = re.compile(r"[\r\u2028\u2029\x85]")
# Any character one of the three patterns above would touch (a single class scans fastest).
_ANY_ODD_RE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u2060\ufeff\u00ad*\r\u2028\u2029\x85\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# A bold span that a line wrap cut in two is one paragraph: "**Kết luận của … - Tổ trưởng" | "Tổ công tác …**".
_BOLD_SPAN_RE = re.compile(r"\*\*[^*\n]{1,300}(?:\n[^*\n]{1,300}){1,4}\*\*")


def _sub(text: str, offs: list[int] | range, pattern: regex.Pattern | re.Pattern[str], repl) -> tuple[str, list[int] | range]:
    """Apply ``pattern.sub(repl)`` keeping the offset map: replacement chars map to the match start."""
    out: list[str] = []
    new_offs: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        out.append(text[last:s])
        new_offs.extend(offs[last:s])
        r = repl(m) if callable(repl) else repl
        out.append(r)
        if len(r) == e - s:
            new_offs.extend(offs[s:e])
        else:
            new_offs.extend([offs[s]] * len(r))
        last = e
    if last == 0 and not out:
        return text, offs
    out.append(text[last:])
    new_offs.extend(offs[last:])
    return "".join(out), new_offs


_CLUSTER_RE = regex.compile(r"\P{M}\p{M}+")  # a base character and its combining marks


def _nfc(raw: str) -> tuple[str, list[int] | range]:
    # The identity map as a range: sliced per line without a list of every position being made
    # (the result's list is built once, at the end).
    offs = range(len(raw) + 1)
    if unicodedata.is_normalized("NFC", raw):
        return raw, offs
    # Compose cluster by cluster so each composed char maps to its cluster's first raw char.
    text, offs2 = _sub(raw[:], offs[:-1], _CLUSTER_RE, lambda m: unicodedata.normalize("NFC", m.group()))
    offs2 = [*offs2, len(raw)]
    if not unicodedata.is_normalized("NFC", text):  # stray combining marks
        text2 = unicodedata.normalize("NFC", text)
        if len(text2) == len(text):
            text = text2
    return text, offs2


# --- line-level structure ------------------------------------------------------------------

# Lines that are table rules or cell separators in flattened tables: "|", "-------", "___".
_RULE_LINE_RE = re.compile(r"^\s*(?:\|\s*)+$|^\s*[-–—_=~.]{3,}\s*$")
# Page numbers and page footers: "2", "- 2 -", "Trang 2/5".
_PAGE_NUM_RE = re.compile(r"^\s*(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?\s*$|^\s*Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?\s*$", re.I)
_RULE_FIRST = frozenset("|-–—_=~.")  # what a rule line can start with
_PAGE_FIRST = frozenset("-–tT")  # … and a page number ("- 2 -", "Trang 2/5"), besides a digit
# Markdown heading hashes "## 1. Về ..." at a line start.
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_TERMINAL = ".:;!?"
# A symbol broken after its "/" or "-": "Quyết định số 206/QĐ-" | "TTg ngày …"; "số 57-" | "NQ/TW".
_SYMBOL_TAIL_RE = regex.compile(r"(?:\d[\p{Lu}\d]*[/-]|/[\p{Lu}Đ][\p{Lu}\p{Ll}Đđ\d.]*[/-])$")
_SYMBOL_HEAD_RE = regex.compile(r"^[\p{Lu}Đ][\p{Lu}\p{Ll}Đđ\d.]*(?:[/-]|\b)")
# A line that opens the body after a title: "Ngày 08 tháng 5 năm 2024, tại …", "Sáng 19/7, …".
_OPENING_RE = re.compile(r"^(?:Ngày|Sáng|Chiều|Tối|Trưa|Hôm)\s+(?:ngày\s+|nay\s+)?\d")
# The closing formula: "Văn phòng Chính phủ (xin) thông báo để … biết, thực hiện./."
_CLOSING_LINE_RE = re.compile(r"^" + vocabulary.notice_closing_opening() + r"\b")
# Header lines that always stand alone.
_HEADER_LINE_RE = regex.compile(
    r"^(?:Số\s*:|Số\s+\d|Kính\s+gửi|V/v|Nơi\s+nhận|Độc\s+lập\s*-|THÔNG\s+BÁO$|CÔNG\s+ĐIỆN$|CHỈ\s+THỊ$|"
    r"(?:\p{Lu}[\p{L}.]*\s){0,4}\p{Lu}[\p{L}.]*,\s+ngày\s+\d)"
)
_MOTTO_RE = re.compile(r"Hạnh\s+phúc\s*$")
# Header lines whose text may wrap onto an upper-case line: "Kính gửi: Bộ trưởng, … cơ quan thuộc" | "Chính phủ".
_OPEN_HEADER_RE = re.compile(r"^(?:Kính\s+gửi|V/v)")
# "Hà" | "Nội, ngày 21 tháng 11 năm 2025": a place name cut by the wrap.
_PLACE_FRAGMENT_RE = regex.compile(r"^(?:\p{Lu}[\p{L}.]*\s?){1,3}$")
# (The marks and titles of the vocabulary this check has always taken.)
_SIGNATURE_TITLE_RE = re.compile(
    r"^(?:" + vocabulary.signing_for(leaving_out=("TUQ.",)) + "|" + vocabulary.signature_titles(
        leaving_out=("PHÓ CHỦ NHIỆM", "CHỦ TỊCH", "GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "VỤ TRƯỞNG")) + ")")


# --- task tables ----------------------------------------------------------------------------

# A row of a task table laid out one row a line, cells parted by " | ", opening with its number:
# "2 | Rà soát … | Sở Nông nghiệp và Môi trường | … | Hàng năm".
_TABLE_ROW_RE = re.compile(r"^(?:\d{1,3}|[IVXL]{1,6})\.?\s*\|")
_ROW_FIRST = frozenset("0123456789IVXL")
# A task table flattened to one cell a line between lone "|" lines (web crawls of a plan's
# appendix): its header row names the column of the leading body ("Cơ quan chủ trì").
_PIPE_LINE_RE = re.compile(r"[ ]*\|[ ]*")
_LEAD_COLUMN_RE = re.compile(r"(?i)^[ ]*(?:cơ\s+quan|đơn\s+vị|sở,\s+(?:ban,\s+)?ngành)[^|\n]{0,30}chủ\s+trì[^|\n]{0,30}$")
_CELL_MAX_LINES = 8  # a cell wraps over at most this many lines; a longer run ends the table
_HEADER_CELL_MAX = 60  # header cells are short labels


def _flat_table_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line index of each flattened task table: from the lone "|" opening its header
    row to the last "|" before a run of more than ``_CELL_MAX_LINES`` lines (or the end)."""
    pipe = [_PIPE_LINE_RE.fullmatch(ln) is not None for ln in lines]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not (pipe[i - 1] if i else False) or not _LEAD_COLUMN_RE.match(lines[i]) or (out and i <= out[-1][1]):
            i += 1
            continue
        start = i - 1  # back over the header row's short cells to the "|" that opens it
        k = start - 1
        while k >= 0 and not pipe[k] and len(lines[k]) <= _HEADER_CELL_MAX and start - k <= 2:
            k -= 1
            if k >= 0 and pipe[k]:
                start, k = k, k - 1
        end = i
        gap = 0
        for j in range(i, len(lines)):
            if pipe[j]:
                end, gap = j, 0
            else:
                gap += 1
                if gap > _CELL_MAX_LINES:
                    break
        out.append((start, end))
        i = end + 1
    return out


def _rebuild_flat_tables(text: str, offs: list[int] | range) -> tuple[str, list[int] | range]:
    """A task table flattened to one cell a line, rebuilt one row a line: a lone "|" between two
    cells parts them (" | "); two or more end the row and stay, as do rules ("……"); a cell's
    own line wraps become spaces. Same length where nothing is rebuilt; offsets kept.

    >>> _rebuild_flat_tables("|\\nTT\\n|\\nCơ quan chủ trì\\n|\\n|\\n1\\n|\\nSở Y\\ntế\\n|", range(40))[0]
    '|\\nTT | Cơ quan chủ trì\\n|\\n|\\n1 | Sở Y tế\\n|'
    """
    lines = text.split("\n")
    tables = _flat_table_lines(lines)
    if not tables:
        return text, offs
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    out: list[str] = []
    new_offs: list[int] = []
    last = 0

    def keep(upto: int) -> None:
        nonlocal last
        out.append(text[last:upto])
        new_offs.extend(offs[last:upto])
        last = upto

    for first, final in tables:
        pipes = 2  # the table opens as after a row's end
        in_cell = False
        for j in range(first, final + 1):
            line = lines[j]
            if _PIPE_LINE_RE.fullmatch(line) or not any(ch.isalnum() for ch in line):
                pipes = pipes + 1 if _PIPE_LINE_RE.fullmatch(line) else 2  # "|", or a rule "……": a row's end
                in_cell = False
                continue
            if in_cell and _PAGE_NUM_RE.match(line):  # a page number inside a cell: dropped
                keep(starts[j] - 1)
                last = starts[j] + len(line)
                continue
            if in_cell:  # the cell's text wraps onto this line: a space
                keep(starts[j] - 1)
                out.append(" ")
                new_offs.append(offs[starts[j] - 1])
                last = starts[j]
            elif pipes == 1:  # the next cell of the same row
                keep(starts[j - 1] - 1)
                out.append(" | ")
                new_offs.extend([offs[starts[j - 1]]] * 3)
                last = starts[j]
            in_cell, pipes = True, 0
    keep(len(text))
    return "".join(out), new_offs


def _is_upper_line(s: str) -> bool:
    if not s.isupper():
        return False  # (a lower-case letter, or no cased letter at all: the quick answer)
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


class _Line(NamedTuple):  # a tuple: one is made per line of input
    text: str  # stripped
    offs: list[int] | range
    blank_before: bool
    rule_before: bool  # a table rule / cell separator stood before this line
    header: bool  # a header line that stands alone (_HEADER_LINE_RE): asked of each line twice


_new_line = tuple.__new__  # _Line(…) without the NamedTuple's Python-level __new__: one a line

# What every header line opens with, or holds ("Hà Nội, ngày …"): the pattern runs only there.
_HEADER_OPENINGS = ("Số", "Kính", "V/v", "Nơi", "Độc", "THÔNG", "CÔNG", "CHỈ")


def _is_header_line(s: str) -> bool:
    return (s.startswith(_HEADER_OPENINGS) or "ngày" in s) and _HEADER_LINE_RE.match(s) is not None


def _split_lines(text: str, offs: list[int] | range) -> tuple[list[_Line], int | None]:
    """The lines worth a look, and where reading stopped at ``limits.MAX_LINES`` (None: the end)."""
    lines: list[_Line] = []
    pos = 0
    blank = False
    rule = False
    n = len(text)
    budget = limits.MAX_LINES
    while pos <= n:
        budget -= 1
        if budget < 0:
            return lines, pos
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        raw_line = text[pos:nl]
        s = raw_line.strip(" ")
        lead = len(raw_line) - len(raw_line.lstrip(" "))
        # (Each pattern is tried only where its first character could stand: this runs per line.)
        first = s[:1]
        if not s:
            blank = True
        elif (first in _RULE_FIRST or first.isspace()) and _RULE_LINE_RE.match(s):
            rule = True
        elif (first in _PAGE_FIRST or first.isdigit() or first.isspace()) and _PAGE_NUM_RE.match(s):
            pass  # a page number
        else:
            start = pos + lead
            m = _MD_HEADING_RE.match(s) if "#" in s[:4] else None
            if m:
                start += m.end() - (m.start())
                s = s[m.end():]
            lines.append(_new_line(_Line, (s, offs[start:start + len(s)], blank, rule, _is_header_line(s))))
            blank = rule = False
        pos = nl + 1
    return lines, None


def _is_hard_wrapped(lines: list[_Line]) -> bool:
    """Hard-wrapped text (PDF extraction, fixed-width renderings): most long lines stop mid-sentence.

    In one-paragraph-per-line renderings a long line nearly always ends a sentence. Header lines
    (issuer and motto in upper case, table rows, "Số: …") end without a full stop in every layout,
    so they tell nothing: a short letter's header must not make its body look wrapped.
    """
    long_lines = [ln.text for ln in lines
                  if len(ln.text) >= 40 and not ln.header and "|" not in ln.text and not _is_upper_line(ln.text)]
    if len(long_lines) < 3:
        return False
    open_ended = sum(1 for t in long_lines if t[-1] not in _TERMINAL)
    return open_ended / len(long_lines) >= 0.5


def _wrap_width(lines: list[_Line]) -> int:
    """The width a hard-wrapped text was wrapped at (a high percentile of line lengths)."""
    lengths = sorted(len(ln.text) for ln in lines)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _starts_marker(s: str) -> bool:
    return match_marker(s) is not None


# How full a hard-wrapped line is, as a share of the text's line width (its longest lines), tells
# a wrap from a paragraph's end: the layout wraps a line near the margin, a paragraph's last line
# usually falls short of it. (Set by hand, with each rule, on the corpus's hard-wrapped documents.)
_HEADING_MAX_FILL = 0.75  # a heading before a "- …" item is shorter: a line filled past this is a wrap
_FULL_LINE_FILL = 0.92  # a line ending in "." filled past this runs on into the next paragraph line
_SHORT_LINE_FILL = 0.6  # a line filled less than this is the last line of its paragraph


def _break_between(
    para: str, prev: _Line, cur: _Line, wrapped: bool, inline_paren: int, width: int = 0, first_line: bool = False,
    inline_next: bool = False,
) -> bool:
    """Does ``cur`` start a new paragraph after ``prev`` (whose paragraph so far is ``para``)?

    ``inline_paren`` is the highest "(n)" seen inside the paragraph so far; ``inline_next`` says the
    next number "(n+1)" follows inside the running text of ``cur`` (an inline enumeration).
    """
    p = prev.text
    c = cur.text
    last = p[-1]
    first = c[0]
    if cur.rule_before and not first.islower():
        return True
    if len(p) <= 8 and para == p and _LONE_MARKER_RE.match(p):
        return False  # "**2.**" | "Rà soát …": a marker on a line of its own opens the next line's item
    if len(c) <= 8 and _LONE_MARKER_RE.match(c) and (last in _TERMINAL or _is_upper_line(p)) and not _ITEM_REF_END_RE.search(p):
        return True  # "… các năm tiếp theo." | "2.": not a wrap of the sentence before
    if "|" in p and first in _ROW_FIRST and _TABLE_ROW_RE.match(c):
        return True  # "… | Quý II/2026 |" | "2 | Rà soát …": a task table's next row
    # (Cheap character tests first: the patterns run only where they could match.)
    if last in "/-" and _SYMBOL_TAIL_RE.search(p) and _SYMBOL_HEAD_RE.match(c):
        return False  # "Quyết định số 206/QĐ-" | "TTg ngày …"
    upper_first = first.isupper()
    if upper_first and cur.header and not _PLACE_FRAGMENT_RE.match(p):
        return True
    if (("phúc" in p and _MOTTO_RE.search(p)) or (prev.header and not _OPEN_HEADER_RE.match(p))) and not first.islower():
        return True
    if upper_first and _SIGNATURE_TITLE_RE.match(c) and _is_upper_line(c):
        return True
    if p.startswith("Nơi nhận") or (c.startswith("- ") and para.startswith("- ") and last in ";,."):
        return True
    marker = match_marker(c)
    if marker is not None:
        kind, label, _style = marker
        after = c[len(label):].lstrip()
        if kind == "paren_number" and inline_paren and sequence_value(kind, label) == inline_paren + 1:
            return False  # "…; (3)" | "(4) Cải cách …": an inline enumeration goes on
        if kind.startswith("paren") and (after[:1].islower() or inline_next):
            return False  # "đề xuất Văn phòng Chính phủ:" | "(1) cải tiến …; (2) …": inline, not an item
        if last in _TERMINAL:
            # "kinh tế" | "- xã hội": a dash before a lower-case word continues the sentence.
            return not (kind in ("dash", "plus") and after[:1].islower())
        if kind in ("ordinal", "article"):
            return True  # "Thứ nhất," / "Điều 1." do not continue a sentence
        if kind in ("dash", "plus") or kind.startswith("paren"):
            # "…Trần Lưu Quang" | "- Tổ trưởng Tổ công tác…": a wrap, unless the line before is a heading.
            heading = (len(para) <= 160 and last not in _TERMINAL and (_starts_marker(para) or _is_upper_line(para))
                       and not (wrapped and width and len(p) >= _HEADING_MAX_FILL * width))
            return heading and not after[:1].islower()
        # "2. Một số giải pháp … trong thời gian tới" | "a) Về cải cách …"; but "tại điểm" | "a) khoản 2".
        return bool(after[:1].isupper()) and not _ITEM_REF_END_RE.search(p)
    if first.islower() or not first.isalnum() and first not in "“\"'(":
        return False
    if first.isdigit():
        return last in _TERMINAL and not wrapped
    # Upper-case start.
    if (last == "." and wrapped and width and len(p) >= _FULL_LINE_FILL * width and not first_line and not cur.blank_before
            and not _OPENING_RE.match(c) and not _CLOSING_LINE_RE.match(c)):
        # A full line ending a sentence: the paragraph goes on (its last line would fall short of the margin).
        return False
    if last in _TERMINAL:
        return True
    if last == ",":
        return False  # "…, QHQT, TH," | "Cổng TTĐT CP;": a list goes on
    if _OPENING_RE.match(c):
        return True
    if _is_upper_line(p) and not _is_upper_line(c):
        return True
    if _is_upper_line(c) and not _is_upper_line(p):
        return True
    if _is_upper_line(c) and _is_upper_line(p):
        return False  # a title wrapped over several upper-case lines
    if wrapped and width and not first_line and len(p) < _SHORT_LINE_FILL * width:
        return True  # a short last line ends its paragraph: "…cơ quan thuộc" | "Chính phủ" | "Xét báo cáo …"
    return not wrapped


def _inline_next(lines: list[_Line], i: int) -> bool:
    """Does the "(n)" opening ``lines[i]`` go on inline ("(1) Chính phủ …; (2) Công tác …")?"""
    m = _PAREN_START_RE.match(lines[i].text) if lines[i].text[:1] == "(" else None
    if not m:
        return False
    nxt = "(%d)" % (int(m.group(1)) + 1)
    for k in range(i, min(i + 6, len(lines))):
        t = lines[k].text
        if k > i and (_starts_marker(t) or lines[k - 1].text[-1:] == "."):
            return False
        if nxt in (t[3:] if k == i else t[1:]):
            return True
    return False


def _joiner(p: str, c: str) -> str:
    if p[-1:] in ("/", "-") and _SYMBOL_TAIL_RE.search(p) and _SYMBOL_HEAD_RE.match(c):
        return ""
    return " "


_MULTISPACE_RE = re.compile(r"  +")
# A list marker alone on its line, as some crawls print a bold number above its item: "2.", "III.", "a)".
_LONE_MARKER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}[.)]|[IVXLC]{1,6}[.)]|[a-zđ][.)])$")
# A line ending in a word that names a numbered item: "theo điểm" | "a) khoản 2 …".
_ITEM_REF_END_RE = re.compile(r"(?:\b(?:số|điểm|khoản|mục|tiểu\s+mục|Điều|điều|tại|theo|và|hoặc|,))$")
_PAREN_START_RE = re.compile(r"^\((\d{1,2})\)")
# "(1) Chính phủ …; (2) Công tác …" inside a sentence.
_INLINE_PAREN_RE = re.compile(r"\((\d{1,2})\)")


# Halves of UTF-16 pairs standing alone (from "surrogateescape" decoding or a "\\ud800" escape):
# no UTF-8 output can hold them.
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def _replace_surrogates(raw: str) -> tuple[str, list[str]]:
    """Each lone surrogate → U+FFFD (same length: offsets stay), with a warning."""
    found = len(_SURROGATE_RE.findall(raw))
    if not found:
        return raw, []
    return _SURROGATE_RE.sub("\ufffd", raw), [
        f"{found:,} unpaired surrogate code point(s) (undecodable bytes?) replaced by U+FFFD"]


def normalize(raw: str) -> Normalized:
    """Normalize ``raw`` (see the module docstring); offsets map back into ``raw``."""
    raw, surrogate_warnings = _replace_surrogates(raw)
    text, offs = _nfc(raw)
    end_off = offs[-1] if len(offs) == len(text) + 1 else len(raw)
    offs = offs[: len(text)]
    if "**" in text:
        text = _BOLD_SPAN_RE.sub(lambda m: m.group().replace("\n", " "), text)  # same length
    # One scan says whether any of the three passes has work (most texts are clean already).
    if _ANY_ODD_RE.search(text):
        if "\r" in text:
            text, offs = _sub(text, offs, _CRLF_RE, "")
        text, offs = _sub(text, offs, _DELETE_RE, "")
        text, offs = _sub(text, offs, _LONE_CR_RE, "\n")
        text, offs = _sub(text, offs, _ODD_SPACE_RE, " ")
    text = modern_tones(text)  # same length: offsets unchanged
    if "\n|" in text or "\n |" in text:
        text, offs = _rebuild_flat_tables(text, offs)
    lines, rest = _split_lines(text, offs)
    wrapped = _is_hard_wrapped(lines)
    width = _wrap_width(lines) if wrapped else 0

    out: list[str] = []
    out_offs: list[int | range | list[int]] = []  # the pieces of the result's Offsets
    para = ""
    inline_paren = 0
    prev: _Line | None = None
    for li, ln in enumerate(lines):
        if prev is None:
            pass
        elif _break_between(para, prev, ln, wrapped, inline_paren, width, para == prev.text, _inline_next(lines, li)):
            out.append("\n")
            out_offs.append(prev.offs[-1] + 1)
            para = ""
            inline_paren = 0
        else:
            j = _joiner(prev.text, ln.text)
            if j:
                out.append(j)
                out_offs.append(prev.offs[-1] + 1)
        out.append(ln.text)
        out_offs.append(ln.offs)
        para = para + " " + ln.text if para else ln.text
        for m in _INLINE_PAREN_RE.finditer(ln.text, 1 if para == ln.text else 0):
            inline_paren = max(inline_paren, int(m.group(1)))
        if len(para) > 400:
            para = para[:200]  # only the start and the length matter for the heading test
        prev = ln
    warnings: list[str] = surrogate_warnings
    if rest is not None:
        # Past the line limit the rest is one last paragraph, its line breaks read as spaces
        # (same length, so the offsets stay): nothing after it walks the lines one by one.
        out.append("\n")
        out_offs.append(offs[rest - 1])
        out.append(text[rest:].replace("\n", " "))
        out_offs.append(offs[rest:])
        warnings.append(limits.work_limit_warning(
            "lines", limits.MAX_LINES, "MAX_LINES", "the rest is read as one paragraph"))
    text = "".join(out)
    out_offs.append(end_off)
    offsets: Sequence[int] = Offsets(out_offs)
    if "  " in text:
        flat = list(offsets)
        text, kept = _sub(text, flat[:-1], _MULTISPACE_RE, " ")
        offsets = [*kept, flat[-1]]
    return Normalized(text, offsets, warnings)
