"""Is a page's text layer readable, and the repair of known glyph substitutions (PDF and OCR text alike).

A text layer drawn with a broken font map reads as Cyrillic or Armenian look-alikes and control
characters where digits were; :func:`readability` scores it so such a page is OCR'd instead.
Some Word fonts draw "ư" as "ƣ" and "Ò" as "Õ"; :func:`repair_glyph_substitutions` puts them back,
checking each "Õ" word against the syllable list shipped in ``data/vi_syllables.json``.

>>> readability("Bộ Công Thương chủ trì, phối hợp với các sở").readable
True
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import regex

from ..textutil import nfc
from .legacy import is_syllable

# Text of a glyph without a Unicode mapping, as pdfminer writes it: "(cid:123)".
CID_RE = regex.compile(r"\(cid:\d+\)")

# Letters of Vietnamese and of the Latin words it quotes; the punctuation and symbols of notices.
_REPERTOIRE = frozenset(
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưÇçÄäÖöÜüßÑñ"
    "–—‘’“”…•°§№€±×÷²³½¼¾«»·\u00a0\u2002\u2003\u2009\u200b\uf0b7\uf0a7\uf0d8\uf02d"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    + "".join(chr(c) for c in range(0x20, 0x7F))
    + "\t\n\r\f\v"
)
_DROP_REPERTOIRE = dict.fromkeys(map(ord, _REPERTOIRE))
_SPACE_RE = regex.compile(r"\s")
# A word of letters (digits and symbols split words: "th·ng" gives "th", "ng").
_LETTERS_RE = regex.compile(r"\p{L}+")
#: Most characters outside the repertoire a readable page has (0.02 = 2 in 100).
MAX_FOREIGN_SHARE = 0.02
#: Fewest valid Vietnamese syllables among the words with a diacritic on a readable page.
MIN_SYLLABLE_SHARE = 0.7


@dataclass
class Readability:
    """How a page's text layer reads: the share of foreign characters and of valid syllables."""

    foreign: float
    syllables: float
    chars: int

    @property
    def readable(self) -> bool:
        return self.foreign <= MAX_FOREIGN_SHARE and self.syllables >= MIN_SYLLABLE_SHARE


def readability(text: str) -> Readability:
    """Score a page's text layer: characters outside the Vietnamese/Latin repertoire (Cyrillic
    or Armenian look-alikes, control characters where digits were lost, unmapped glyphs) and the
    share of words with a diacritic that are Vietnamese syllables.

    >>> readability("Bộ Công Thương chủ trì, phối hợp với các sở").readable
    True
    >>> readability("6Ӣ C‘NG 7+ѬѪ1* &Ӝ1* H“A XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM ng‡y th·ng 3 QăP 2026").readable
    False
    """
    n_chars = len(text) - len(_SPACE_RE.findall(text))
    if not n_chars:
        return Readability(0.0, 1.0, 0)
    rest = text.translate(_DROP_REPERTOIRE)  # what is left is foreign, or space
    foreign = len(rest) - len(_SPACE_RE.findall(rest)) + 3 * len(CID_RE.findall(text))
    words = [w for w in _LETTERS_RE.findall(text) if not w.isascii()]
    valid = sum(is_syllable(w) for w in words)
    # Few words with diacritics (a page of figures, an English annex) say nothing either way.
    share = valid / len(words) if len(words) >= 10 else 1.0
    return Readability(foreign / n_chars, share, n_chars)


@functools.cache
def syllables() -> frozenset[str]:
    """Vietnamese syllables with a diacritic (lower case, NFC), from ``data/vi_syllables.json``
    (the word list of Tesseract's Vietnamese model; see scripts/make_syllables.py).

    >>> "hòa" in syllables(), "hõa" in syllables()
    (True, False)
    """
    from importlib import resources

    data = json.loads(resources.files("vn_directive_nlp.data").joinpath("vi_syllables.json").read_text("utf-8"))
    return frozenset(nfc(w) for w in data["syllables"])


# Fonts of some Word versions map "ư" to the Latin letter "ƣ" (U+01A3, not Vietnamese) and, in
# the same fonts, "Ò" to "Õ" ("CỘNG HÕA"). "ƣ" is always a substitution; "Õ" only where the
# word is not Vietnamese as it stands and is with "Ò".
_OI_SUBSTITUTES = str.maketrans({"ƣ": "ư", "Ƣ": "Ư"})
_TILDE_O_WORD_RE = regex.compile(r"\p{L}*[Õõ]\p{L}*")


# Capital Cyrillic letters that look like Latin ones, as OCR layers put them into codes ("ВСТ-ВТC").
_CYRILLIC_LOOKALIKES = str.maketrans("АВСЕНКМОРТХУ", "ABCEHKMOPTXY")
# A code of capitals, digits and "-"/"/" holding such a letter: "BYТ", "HDLN-BCA-ВСТ".
_MIXED_CODE_RE = regex.compile(r"(?<![\p{L}\d])[A-ZĐ0-9АВСЕНКМОРТХУ/-]*[АВСЕНКМОРТХУ][A-ZĐ0-9АВСЕНКМОРТХУ/-]*(?![\p{L}\d])")


def repair_glyph_substitutions(text: str) -> tuple[str, int]:
    """``(text, letters repaired)``: Cyrillic look-alikes in codes ("ВСТ" → "BCT"), "ƣ" → "ư" and,
    on such a page, "Õ" → "Ò" where that makes a word.

    >>> repair_glyph_substitutions("BỘ CÔNG THƢƠNG, CỘNG HÕA, RÕ RÀNG, hƣớng dẫn")
    ('BỘ CÔNG THƯƠNG, CỘNG HÒA, RÕ RÀNG, hướng dẫn', 3)
    >>> repair_glyph_substitutions("Số: 24/HDLN-BYТ-ВСТ")
    ('Số: 24/HDLN-BYT-BCT', 4)
    """
    count = 0
    if regex.search("[АВСЕНКМОРТХУ]", text):
        def latin(m) -> str:
            nonlocal count
            count += sum(c in "АВСЕНКМОРТХУ" for c in m.group(0))
            return m.group(0).translate(_CYRILLIC_LOOKALIKES)

        # Only where the page is Latin: a Russian line stays Russian.
        if sum(c in "АВСЕНКМОРТХУ" for c in text) <= 0.01 * len(text) + 20:
            text = _MIXED_CODE_RE.sub(latin, text)
    if "ƣ" not in text and "Ƣ" not in text:
        return text, count
    count += text.count("ƣ") + text.count("Ƣ")
    text = text.translate(_OI_SUBSTITUTES)
    words = syllables()

    def fix(m) -> str:
        nonlocal count
        word = m.group(0)
        swapped = word.replace("Õ", "Ò").replace("õ", "ò")
        if word.lower() not in words and swapped.lower() in words:
            count += sum(c in "Õõ" for c in word)
            return swapped
        return word

    return _TILDE_O_WORD_RE.sub(fix, text), count
