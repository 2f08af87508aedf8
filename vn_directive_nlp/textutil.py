"""Small text helpers shared by every stage: NFC, tone placement, folding for comparison.

>>> modern_tones("Uỷ ban nhân dân tỉnh Thanh Hoá")
'Ủy ban nhân dân tỉnh Thanh Hóa'
>>> fold("  Bộ  Thông tin và Truyền thông ") == fold("bộ thông tin và truyền thông")
True
"""

from __future__ import annotations

import re
import unicodedata

import regex

# Old placement puts the tone on the second vowel of an open "oa / oe / uy" syllable
# ("hoà", "khoẻ", "Uỷ"); the placement used in current official texts puts it on the
# first ("hòa", "khỏe", "Ủy"). Only open syllables move: "hoàng", "hoàn" keep theirs,
# and "quý" keeps its tone because "qu" is one consonant.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _split_tone(ch: str) -> tuple[str, str]:
    d = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in d if c not in _TONE_MARKS)
    tone = "".join(c for c in d if c in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tone


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


def _old_tone_pattern() -> str:
    # One character class of toned second vowels per first vowel: "[oO][àá…èé…]|[uU][ỳý…]".
    # (An alternation of every pair is the same language but scans far slower.)
    seconds: dict[str, set[str]] = {}
    for pair in _OLD_TO_NEW:
        seconds.setdefault(pair[0].lower(), set()).update((pair[1],))
    return "|".join(f"[{f}{f.upper()}][{''.join(sorted(v))}]" for f, v in sorted(seconds.items()))


# "hoà" / "Uỷ" / "khoẻ" at the end of a syllable (no letter follows), not after "q".
# (The standard library's engine: it scans every text twice, and is faster on classes.
# "[^\W\d_]" is a letter, like \p{L}.)
_OLD_TONE_RE = re.compile(r"(?<![qQ])(?:" + _old_tone_pattern() + r")(?![^\W\d_])")


def modern_tones(s: str) -> str:
    """Move tone marks of open "oa/oe/uy" syllables to the first vowel ("hoà" → "hòa").

    The result has the same length as the input (NFC input), so offsets are kept.
    """
    if not _OLD_TONE_RE.search(s):
        return s
    return _OLD_TONE_RE.sub(lambda m: _OLD_TO_NEW[m.group(0)], s)


def nfc(s: str) -> str:
    """Unicode NFC (composed) form."""
    return s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


_WS_RE = regex.compile(r"\s+")


def fold(s: str) -> str:
    """Comparison key: NFC, modern tones, case-folded, whitespace folded, stripped."""
    return _WS_RE.sub(" ", modern_tones(nfc(s))).strip().casefold()


_STRIP_MARKS_RE = regex.compile(r"\p{Mn}+")


def strip_diacritics(s: str) -> str:
    """ASCII-ish skeleton of Vietnamese text ("Đà Nẵng" → "Da Nang"); for fuzzy matching only."""
    d = unicodedata.normalize("NFD", s)
    return _STRIP_MARKS_RE.sub("", d).replace("đ", "d").replace("Đ", "D")
