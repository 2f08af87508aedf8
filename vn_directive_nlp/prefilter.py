"""Try a pattern only where one of its opening words stands.

Many rules have optional or alternative openings (a look-behind, "(?:chậm nhất|trước) …") that
make the regex engine try them at every character of a long text. Each such pattern is declared
here together with the words a match can begin with (and, optionally, word groups every match
contains); the scan then tries it only where one of those words stands. The output is the plain
scan's: ``tests/test_prefilter.py`` checks every declared pattern against ``pattern.finditer`` on
every corpus document.

>>> import regex
>>> rule = Prefiltered("example", regex.compile(r"(?<!\\w)(?:trước|chậm nhất) ngày \\d+"), ("trước", "chậm"))
>>> [m.group() for m in rule.finditer("Gửi trước ngày 15, chậm nhất ngày 20")]
['trước ngày 15', 'chậm nhất ngày 20']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from .textutil import compiled_pattern


class Spots:
    """Where words stand in ``text[start:end]`` (case-folded when ``fold``), looked up once per
    word and shared by every pattern scanned over the same window.

    ``aligned`` is False when case folding changed the window's length ("ß" → "ss"): then the
    folded positions are not the text's, and a scan falls back to the plain one.

    >>> Spots("Trong tháng, trong năm", 0, 22).at("trong")
    [0, 13]
    """

    __slots__ = ("text", "start", "end", "window", "aligned", "_at", "_checked", "_present")

    def __init__(self, text: str, start: int = 0, end: int | None = None, *, fold: bool = True) -> None:
        self.text, self.start = text, start
        self.end = len(text) if end is None else end
        window = text[start:self.end]
        self.window = window.casefold() if fold else window
        self.aligned = len(self.window) == len(window)
        self._at: dict[str, list[int]] = {}
        self._checked: set[str] = set()  # words looked for in the window …
        self._present: set[str] = set()  # … and those found

    def at(self, word: str) -> list[int]:
        """Every position of ``text`` where ``word`` begins in the window, overlaps included."""
        found = self._at.get(word)
        if found is None:
            found = self._at[word] = []
            find, base = self.window.find, self.start
            i = find(word)
            while i >= 0:
                found.append(base + i)
                i = find(word, i + 1)
        return found

    def present(self, words: frozenset[str]) -> set[str]:
        """The words of the window among those looked for so far (``words`` included); each is
        looked for once."""
        fresh = words - self._checked
        if fresh:
            self._checked |= fresh
            self._present.update(filter(self.window.__contains__, fresh))
        return self._present


class Prefiltered:
    """A pattern with the words its matches open with (``opens``) and, optionally, groups of words
    of which every match contains one (``needs``); see :func:`declare`."""

    __slots__ = ("name", "pattern", "opens", "needs", "fold", "per_line", "_by_first", "_need_words", "_need_sets")

    def __init__(self, name: str, pattern: Any, opens: Iterable[str], *,
                 needs: Iterable[Iterable[str]] = (), fold: bool = True, per_line: bool = False) -> None:
        self.name = name
        self.pattern = pattern  # a compiled pattern, or anything with its match / finditer
        self.opens = tuple(opens)
        self.needs = tuple(tuple(group) for group in needs)
        self._need_words = frozenset(w for group in self.needs for w in group)
        self._need_sets = tuple(map(frozenset, self.needs))
        self.fold = fold
        self.per_line = per_line  # a pattern matched at a line's start, line by line
        by_first: dict[str, list[str]] = {}
        for word in self.opens:
            by_first.setdefault(word[:1], []).append(word)
        self._by_first = {c: tuple(words) for c, words in by_first.items()}

    def possible(self, spots: Spots) -> bool:
        """False when a word group of ``needs`` is absent from the window: no match there."""
        if not self.needs:
            return True
        present = spots.present(self._need_words)
        return not any(map(present.isdisjoint, self._need_sets))

    def starts(self, spots: Spots) -> list[int]:
        """The positions where a match may begin: where an opening word stands, in order."""
        cands: set[int] = set()
        for word in self.opens:
            cands.update(spots.at(word))
        return sorted(cands)

    def finditer(self, text: str, start: int = 0, end: int | None = None, *,
                 spots: Spots | None = None, possible: bool = False) -> Iterator[Any]:
        """The matches of ``pattern.finditer(text, start, end)``, the pattern tried only at
        :meth:`starts` (``spots`` may be shared with other patterns over the same window;
        ``possible``: :meth:`possible` is known to hold, see :class:`Rules`)."""
        end = len(text) if end is None else end
        if spots is None:
            spots = Spots(text, start, end, fold=self.fold)
        if not possible and not self.possible(spots):
            return
        if not spots.aligned or not self.opens:
            yield from self.pattern.finditer(text, start, end)
            return
        match = self.pattern.match
        pos = start
        for c in self.starts(spots):
            if c < pos:
                continue
            m = match(text, c, end)
            if m is not None:
                yield m
                pos = max(m.end(), c + 1)

    def first(self, text: str, start: int = 0, end: int | None = None, *, spots: Spots | None = None) -> Any:
        """The first match of :meth:`finditer`, or None (as ``pattern.search``)."""
        return next(self.finditer(text, start, end, spots=spots), None)

    def plain_finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Any]:
        """The plain scan this one must equal: the pattern tried at every character."""
        return self.pattern.finditer(text, start, len(text) if end is None else end)

    def may_open(self, line: str) -> bool:
        """Whether ``line`` begins with an opening word (as written, or case-folded with ``fold``)."""
        head = line[:1].casefold()[:1] if self.fold else line[:1]
        words = self._by_first.get(head)
        if words is None:
            return False
        return (line[:max(map(len, words)) + 2].casefold() if self.fold else line).startswith(words)

    def match_line(self, line: str) -> Any:
        """``pattern.match(line)``, tried only when the line begins with an opening word."""
        return self.pattern.match(line) if self.may_open(line) else None


class Rules:
    """Patterns scanned over the same windows, in order: which of them may match a window is
    worked out at once (most windows lack some word every match of a pattern holds)."""

    __slots__ = ("rules", "_need_words", "_need_sets")

    def __init__(self, rules: Iterable[Prefiltered]) -> None:
        self.rules = tuple(rules)
        self._need_words = frozenset(w for rule in self.rules for w in rule._need_words)
        self._need_sets = tuple(rule._need_sets for rule in self.rules)

    def possible(self, spots: Spots) -> list[int]:
        """The indexes of the rules that may match in the window of ``spots``."""
        present = spots.present(self._need_words)
        return [i for i, sets in enumerate(self._need_sets) if not any(map(present.isdisjoint, sets))]


class Anchored(Prefiltered):
    """A pattern tried only where one of its opening words stands as written (``opens``, case
    kept) at a word's start, over at most ``reach`` characters; with ``by_open``, the pattern
    tried there is the one of the surfaces that open with that word (folded), not the whole
    alternation. Its plain scan: ``pattern`` after no letter or digit, over the whole text."""

    __slots__ = ("reach", "by_open", "_spots")

    def __init__(self, name: str, pattern: Any, opens: Iterable[str], *, reach: int,
                 by_open: dict[str, Any] | None = None) -> None:
        super().__init__(name, pattern, opens, fold=False)
        self.reach = reach
        self.by_open = by_open
        # (As written: a scan ignoring case cannot skip ahead fast.)
        self._spots = re.compile("|".join(map(re.escape, sorted(self.opens, key=len, reverse=True))))

    def finditer(self, text: str, start: int = 0, end: int | None = None, *,
                 spots: Spots | None = None, possible: bool = False) -> Iterator[Any]:
        """Non-overlapping matches in ``text[start:end]``, in order (as ``pattern.finditer``)."""
        end = len(text) if end is None else end
        find = self._spots.search
        spot = find(text, start, end)
        while spot is not None:
            i = spot.start()
            # (A bounded window: the engine may look ahead for a literal the pattern needs, and a
            # match is never longer than ``reach``.)
            pattern = self.pattern if self.by_open is None else self.by_open[spot.group().casefold()]
            m = None if i > 0 and text[i - 1].isalnum() else pattern.match(text, i, min(end, i + self.reach))
            if m is not None:
                yield m
            # On from the match's end, or from the next character: an opening word may start
            # inside the one found ("các sở" in "UBND các sở").
            spot = find(text, m.end() if m is not None else i + 1, end)

    def search(self, text: str) -> Any:
        return next(self.finditer(text, 0, len(text)), None)

    def plain_finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Any]:
        plain = compiled_pattern(r"(?<![\p{L}\p{N}])(?:" + self.pattern.pattern + ")", self.pattern.flags)
        return plain.finditer(text, start, len(text) if end is None else end)


_DECLARED: list[Prefiltered] = []


def declare(name: str, pattern: Any, opens: Iterable[str], *, needs: Iterable[Iterable[str]] = (),
            fold: bool = True, per_line: bool = False) -> Prefiltered:
    """A pattern declared with the words every match begins with (case-folded unless ``fold`` is
    False) and, with ``needs``, groups of words of which every match contains one; ``per_line``
    for a pattern anchored at the start of a line. Declared patterns are listed by
    :func:`declared` for the test that holds each one to the plain scan."""
    rule = Prefiltered(name, pattern, opens, needs=needs, fold=fold, per_line=per_line)
    _DECLARED.append(rule)
    return rule


def declare_anchored(name: str, pattern: Any, opens: Iterable[str], *, reach: int,
                     by_open: dict[str, Any] | None = None) -> Anchored:
    """An :class:`Anchored` pattern, declared (see :func:`declare`)."""
    rule = Anchored(name, pattern, opens, reach=reach, by_open=by_open)
    _DECLARED.append(rule)
    return rule


def declared() -> tuple[Prefiltered, ...]:
    """Every pattern declared so far (modules declare theirs when imported)."""
    return tuple(_DECLARED)
