"""Small text helpers shared by every stage: NFC, tone placement, folding for comparison.

>>> modern_tones("Uỷ ban nhân dân tỉnh Thanh Hoá")
'Ủy ban nhân dân tỉnh Thanh Hóa'
>>> fold("  Bộ  Thông tin và Truyền thông ") == fold("bộ thông tin và truyền thông")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata

import regex

from . import limits

# Old placement puts the tone on the second vowel of an open "oa / oe / uy" syllable
# ("hoà", "khoẻ", "Uỷ"); the placement used in current official texts puts it on the
# first ("hòa", "khỏe", "Ủy"). Only open syllables move: "hoàng", "hoàn" keep theirs,
# and "quý" keeps its tone because "qu" is one consonant.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _build_tables() -> dict[str, str]:
    table: dict[str, str] = {}
    pairs = [("o", "a"), ("o", "e"), ("u", "y")]
    for first, second in pairs:
        for tone in _TONE_MARKS:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper()), (first, second.upper())):
                old = f + unicodedata.normalize("NFC", s + tone)
                new = unicodedata.normalize("NFC", f + tone) + s
                table[old] = new
    return table


_OLD_TO_NEW = _build_tables()


# "hoà" / "Uỷ" / "khoẻ" at the end of a syllable (no letter follows); not after "q", which the
# replacement checks (a pattern opening with a character class scans far faster than one
# opening with a look-behind). "[^\W\d_]" is a letter, like \p{L}; the standard library's
# engine, since every text is scanned twice.
_OLD_TONE_RE = re.compile(
    "[oOuU][" + "".join(sorted({pair[1] for pair in _OLD_TO_NEW})) + r"](?![^\W\d_])"
)


def _new_tone(m: re.Match) -> str:
    s = m.string
    if m.start() > 0 and s[m.start() - 1] in "qQ":
        return m.group(0)  # "quý": "qu" is one consonant
    return _OLD_TO_NEW.get(m.group(0), m.group(0))  # "uá" is no old placement


def modern_tones(s: str) -> str:
    """Move tone marks of open "oa/oe/uy" syllables to the first vowel ("hoà" → "hòa").

    The result has the same length as the input (NFC input), so offsets are kept.
    """
    if _OLD_TONE_RE.search(s) is None:
        return s
    return _OLD_TONE_RE.sub(_new_tone, s)


@functools.lru_cache(maxsize=limits.CACHE_PATTERNS)
def compiled_pattern(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile`` remembered: for patterns built at run time (regex's own cache is slower)."""
    return regex.compile(pattern, flags)


def nfc(s: str) -> str:
    """Unicode NFC (composed) form."""
    return s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Comparison key: NFC, modern tones, case-folded, whitespace folded, stripped."""
    return " ".join(modern_tones(nfc(s)).split()).casefold()


_STRIP_MARKS_RE = regex.compile(r"\p{Mn}+")


def strip_diacritics(s: str) -> str:
    """ASCII-ish skeleton of Vietnamese text ("Đà Nẵng" → "Da Nang"); for fuzzy matching only."""
    d = unicodedata.normalize("NFD", s)
    return _STRIP_MARKS_RE.sub("", d).replace("đ", "d").replace("Đ", "D")


def find_all(s: str, sub: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every position where ``sub`` begins in ``s[start:end]``, overlaps included; the patterns
    that would otherwise be tried at every character are tried only there.

    >>> find_all("trong tháng, trong năm", "trong")
    [0, 13]
    """
    end = len(s) if end is None else end
    out = []
    i = s.find(sub, start, end)
    while i >= 0:
        out.append(i)
        i = s.find(sub, i + 1, end)
    return out


class LazyPattern:
    """A regex compiled on first use, so that importing the package stays fast.

    >>> LazyPattern(r"\\d+").findall("12 và 34")
    ['12', '34']
    """

    # The matching methods become attributes on first use, so later calls skip __getattr__.
    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
    __slots__ = ("_source", "_flags", "_compiled", *_METHODS)

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: regex.Pattern | None = None

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_source", "_flags", "_compiled"):
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = regex.compile(self._source, self._flags)
            for method in self._METHODS:
                setattr(self, method, getattr(self._compiled, method))
        return getattr(self._compiled, name)
