"""Structural markers at the start of a paragraph: what they are, and their place in a sequence.

>>> match_marker("Thứ nhất, tập trung rà soát")
('ordinal', 'Thứ nhất', 'ordinal')
>>> match_marker("a) Về cải cách các quy định")
('letter', 'a)', 'letter)')
>>> match_marker("c/ Bộ Y tế chủ trì")
('letter', 'c/', 'letter/')
>>> match_marker("2021 của Chính phủ") is None, match_marker("1/2025 là năm") is None
(True, True)
"""

from __future__ import annotations

import re
from typing import cast

import regex

from . import prefilter

_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]
_COUNT_WORDS = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_ROMAN_LOWER = [r.lower() for r in _ROMAN]
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Vietnamese alphabetical order of list letters: a b c d đ e g h i k l m n o p q r s t u v x y.
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_MARKER_RE = regex.compile(
    r"""^(?:
      (?P<article>Điều\s+\d{1,3}[.:]?)(?=\s)                       # "Điều 1. Phê duyệt …"
    | (?P<ordinal>Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))(?=\s*[,:.;])(?!\s*,?\s*(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d)   # "Thứ nhất, tập trung …" (not a weekday: "Thứ sáu, 23/10/2020")
    | (?P<countword>(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là)(?=\s*[,:])     # "Một là, …"
    | (?P<roman>(?!L[.)])(?=[IVXL])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})[.)])(?=\s)  # "II. NHIỆM VỤ …", "XXIV." (to XCIX; a lone "L." is a letter)
    | (?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3}\.?)(?=\s+\S)            # "1.2. Về đầu tư công" (not "4.400 …")
    | (?P<number>\d{1,3}(?:[.)]|/(?=\s)))(?=\s*\S)(?!\d)              # "2. Bên cạnh …", "1) …", "120. …", "1/ …" (not "1/2025")
    | (?P<letter>[a-zđ](?:[.)]|/(?=\s)))(?=\s+\S)                     # "a) Các bộ, …", "b. …", "c/ …"
    | (?P<uletter>[A-HJ-UWYĐ][.)])(?=\s+\S)                         # "A. NỘI DUNG …" (not I, V, X)
    | (?P<paren_roman>\((?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)\))(?=\s*\S)      # "(ii) …"
    | (?P<paren_number>\(\d{1,3}\))(?=\s*\S)                        # "(1) Cải tiến …", "(120) …"
    | (?P<paren_letter>\([a-zđ]\))(?=\s*\S)                         # "(a) …"
    | (?P<dash>[-–—•])(?=\s*[^\s\-–—•\d])                           # "- Các bộ, ngành, địa phương:"
    | (?P<plus>\+)(?=\s*\S)                                         # "+ Thực hiện nghiêm …"
    )""",
    regex.X,
)


# The number alternatives of _MARKER_RE alone, same groups (the standard engine is quicker here).
_DIGIT_MARKER_RE = re.compile(
    r"(?:(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3}\.?)(?=\s+\S)"
    r"|(?P<number>\d{1,3}(?:[.)]|/(?=\s)))(?=\s*\S)(?!\d))"
)
# Where a marker can begin, as written: what _MARKER_RE's alternatives open with (the big pattern
# would otherwise run on every line).
_MARKER_OPENS = (
    *"0123456789(-–—•+", "Điều", "Thứ", *_COUNT_WORDS,
    *(c0 + c1 for c0 in "XVIL" for c1 in "XVILC"),  # "IV.", "XL."
    *(c + p for c in _LATIN_LETTERS + "đ" + _LATIN_LETTERS.upper() + "Đ" for p in ".)"),  # "a)", "A.", "I."
    *(c + "/" for c in _LATIN_LETTERS + "đ"),  # "a/"
)
_MARKERS = prefilter.declare("structure_markers.marker", _MARKER_RE, _MARKER_OPENS, fold=False, per_line=True)


def match_marker(line: str) -> tuple[str, str, str] | None:
    """(kind, label, style) of the marker that opens ``line``, or None.

    ``kind`` is one of SPEC's marker kinds; ``style`` separates variants that nest apart
    ("1." vs "1)", "a)" vs "a.", "1.2.").
    """
    # A line opening with a digit can only be a number marker: a small pattern tries it.
    m = _DIGIT_MARKER_RE.match(line) if line[:1].isdigit() else _MARKERS.match_line(line)
    if m is None:
        return None
    group = cast(str, m.lastgroup)  # every alternative is a named group
    label: str = m.group(group)
    if group == "countword":
        return "ordinal", label, "countword"
    if group == "ordinal":
        return "ordinal", " ".join(label.split()), "ordinal"
    if group == "article":
        return "article", label, "article"
    if group == "dotted":
        return "number", label, "dotted%d" % label.rstrip(".").count(".")
    if group in ("number", "letter", "roman"):
        return group, label, group + label[-1]
    if group == "uletter":
        return "letter", label, "uletter" + label[-1]
    return group, label, group


def roman_value(numeral: str) -> int | None:
    """Value of an upper-case Roman numeral as the marker pattern admits them ("XIV" → 14), else None.

    >>> roman_value("XXIV"), roman_value("XC"), roman_value("A")
    (24, 90, None)
    """
    if not numeral or any(c not in _ROMAN_DIGITS for c in numeral):
        return None
    values = [_ROMAN_DIGITS[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


def roman_numeral(n: int) -> str:
    """``n`` in upper-case Roman numerals (a DOCX list's "upperRoman" number).

    >>> roman_numeral(14), roman_numeral(40), roman_numeral(1999)
    ('XIV', 'XL', 'MCMXCIX')
    """
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def sequence_value(kind: str, label: str) -> int | None:
    """Position of a label in its sequence ("c)" → 3, "Thứ tư" → 4, "IV." → 4), None for dashes."""
    core = label.strip().rstrip(".):,/").lstrip("(")
    if kind == "number":
        tail = core.split(".")[-1]
        return int(tail) if tail.isdigit() else None
    if kind == "roman":
        return roman_value(core)
    if kind == "paren_roman":
        return _ROMAN_LOWER.index(core) + 1 if core in _ROMAN_LOWER else None
    if kind in ("letter", "paren_letter"):
        c = core.lower()
        if c in _VI_LETTERS:
            return _VI_LETTERS.index(c) + 1
        return None
    if kind == "paren_number":
        return int(core) if core.isdigit() else None
    if kind == "ordinal":
        words = core.split()
        if words[0] == "Thứ" and len(words) == 2:
            return _ORDINALS.index(words[1]) + 1 if words[1] in _ORDINALS else None
        if words[-1] == "là":
            return _COUNT_WORDS.index(words[0]) + 1 if words[0] in _COUNT_WORDS else None
    if kind == "article":
        digits = "".join(filter(str.isdecimal, core))
        return int(digits) if digits else None
    return None


def follows(kind: str, prev_label: str, label: str) -> bool:
    """Does ``label`` continue the sequence after ``prev_label`` ("b)" after "a)")?"""
    a = sequence_value(kind, prev_label)
    b = sequence_value(kind, label)
    if a is None or b is None:
        return True
    if b == a + 1:
        return True
    if kind in ("letter", "paren_letter"):
        # Latin order ("d" → "e", skipping "đ") is common too.
        pa, pb = prev_label.strip("()./").lower()[:1], label.strip("()./").lower()[:1]
        if pa in _LATIN_LETTERS and pb in _LATIN_LETTERS:
            return _LATIN_LETTERS.index(pb) == _LATIN_LETTERS.index(pa) + 1
    return False


def is_first(kind: str, label: str) -> bool:
    """Is this the first label of its sequence ("1.", "a)", "Thứ nhất", "I.")?"""
    v = sequence_value(kind, label)
    return v is None or v == 1
