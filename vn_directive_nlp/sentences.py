"""Sentences: where a text's sentences end, the one home of the splitting every stage uses.

A formal sentence ends at ".", "!" or "?" before a capital, a quote or a parenthesis, but not
after an abbreviation ("TP. Hồ Chí Minh"); a genre may declare its own ends (news reports end
a clause at ";" too) and split with the same :func:`spans`.

>>> text = "Bộ Y tế rà soát. TP. Hồ Chí Minh báo cáo."
>>> [text[s:e] for s, e in sentences(text, 0, len(text))]
['Bộ Y tế rà soát.', 'TP. Hồ Chí Minh báo cáo.']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import regex

from . import prefilter

# Sentence ends: ". " before a capital, not after "TP." / "Tp." abbreviations.
SENTENCE_END_RE = regex.compile(r"(?<!\b(?:TP|Tp|tp|TS|ThS|PGS|GS|St|Th))[.!?](?=\s+[\p{Lu}\"“(])")
# (It opens with a look-behind, so a plain scan tries it at every character: tried at its marks only.)
_SENTENCE_END = prefilter.declare("sentences.end", SENTENCE_END_RE, (".", "!", "?"), fold=False)

_TRIM_LEFT = " \n,;:-–"  # what a clause never opens with
_TRIM_RIGHT = " \n"


def sentence_ends(text: str, s: int, e: int) -> Iterator[regex.Match[str]]:
    """``SENTENCE_END_RE.finditer(text, s, e)``, the pattern tried only at ".", "!" and "?"."""
    return _SENTENCE_END.finditer(text, s, e)


def spans(text: str, s: int, e: int, *,
          ends: Callable[[str, int, int], Iterable[re.Match[str] | regex.Match[str]]] = sentence_ends,
          limit: int | None = None) -> list[tuple[int, int]]:
    """The stretches of ``text[s:e]`` cut after each match of ``ends(text, s, e)`` (untrimmed;
    blank ones left out); with ``limit``, from the first ``limit`` stretches only."""
    out: list[tuple[int, int]] = []
    cur = s
    for m in ends(text, s, e):
        if limit is not None and len(out) >= limit:
            return [(a, b) for a, b in out if text[a:b].strip()]
        out.append((cur, m.end()))
        cur = m.end()
    out.append((cur, e))
    return [(a, b) for a, b in out if text[a:b].strip()]


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without the spaces, line breaks and leading punctuation around a clause."""
    while s < e and text[s] in _TRIM_LEFT:
        s += 1
    while e > s and text[e - 1] in _TRIM_RIGHT:
        e -= 1
    return s, e


def sentences(text: str, s: int, e: int, limit: int | None = None) -> list[tuple[int, int]]:
    """Formal sentences of ``text[s:e]`` (trimmed spans); with ``limit``, at most that many."""
    return [trim(text, a, b) for a, b in spans(text, s, e, limit=limit)]
