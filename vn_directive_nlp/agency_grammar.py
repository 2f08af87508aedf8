"""The phrase tries the agency scanner walks (``agencies``), built once from the gazetteer and the
lexicon: names and abbreviations, ministry list items, provinces, locality roles and types, list
heads, leaders' titles, appositions, standing bodies, definitions.

A phrase is a sequence of folded token keys (``gazetteer.key_of``); a payload says what it names.

>>> trie = Trie()
>>> trie.add_surface("Bộ Tài chính", "tai-chinh")
>>> trie.longest(list(gz.key_of("Bộ Tài chính chủ trì")), 0)
(3, ['tai-chinh'])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from . import gazetteer as gz

END = object()  # trie key holding the payloads of a complete phrase


class Trie:
    """Phrases as token-key sequences; ``walk`` yields every phrase starting at a token."""

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, keys: tuple[str, ...], payload: Any) -> None:
        if not keys:
            return
        node = self.root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault(END, []).append(payload)

    def add_surface(self, surface: str, payload: Any) -> None:
        self.add(gz.key_of(surface), payload)

    def walk(self, keys: list[str], i: int) -> list[tuple[int, list]]:
        """(end index, payloads) of every phrase starting at ``keys[i]``, longest first."""
        found = []
        node: Any = self.root
        for j in range(i, len(keys)):
            node = node.get(keys[j])
            if node is None:
                break
            end = node.get(END)
            if end is not None:
                found.append((j + 1, end))
        found.reverse()
        return found

    def longest(self, keys: list[str], i: int) -> tuple[int, list] | None:
        """The longest phrase starting at ``keys[i]``: (end index, payloads), or None."""
        node: Any = self.root
        best = None
        for j in range(i, len(keys)):
            node = node.get(keys[j])
            if node is None:
                break
            end = node.get(END)
            if end is not None:
                best = (j + 1, end)
        return best


@dataclass(frozen=True)
class Body:
    entry_id: str
    mask: tuple[int, ...] | None = None  # per token: 1 = capital first letter, 2 = all capitals


@dataclass(frozen=True)
class Groups:
    ids: tuple[str, ...]
    mask: tuple[int, ...] | None = None


SKIP = "skip"  # payload of a look-alike that is not an agency ("cán bộ")


def mask(surface: str, cased: bool) -> tuple[int, ...] | None:
    """Capitalisation a phrase needs: a lone abbreviation must be in capitals ("EVN", not "evn")."""
    toks = gz.tokenize(surface)
    if len(toks) == 1 and toks[0].upper and len(toks[0].raw) > 1:
        return (2,)
    if cased:
        return tuple(1 if t.cap else 0 for t in toks)
    return None


@dataclass
class Grammar:
    """Tries built once from the gazetteer and the lexicon."""

    names: Trie = field(default_factory=Trie)
    shorts: Trie = field(default_factory=Trie)  # ministry list items: "Tư pháp", "TT&TT"
    provinces: Trie = field(default_factory=Trie)  # bare province names: "Quảng Ninh", "HCM"
    roles: Trie = field(default_factory=Trie)
    role_titles: Trie = field(default_factory=Trie)
    types_single: Trie = field(default_factory=Trie)
    types_plural: Trie = field(default_factory=Trie)
    types_counted: Trie = field(default_factory=Trie)
    sub_bodies: Trie = field(default_factory=Trie)
    sub_body_breakers: frozenset[str] = frozenset()
    heads_single: Trie = field(default_factory=Trie)
    heads_plural: Trie = field(default_factory=Trie)
    heads_counted: Trie = field(default_factory=Trie)
    leaders: Trie = field(default_factory=Trie)
    appositive: Trie = field(default_factory=Trie)
    standing: Trie = field(default_factory=Trie)
    definitions: Trie = field(default_factory=Trie)
    surnames: frozenset[str] = frozenset()


# Tries filled from lists of the lexicon: the trie, the list's place in the lexicon, the payload of
# each phrase (for list heads and locality types: whether the phrase is plural, "các tỉnh").
_LEXICON_LISTS = (
    ("role_titles", ("locality", "titles"), True),
    ("types_single", ("locality", "types_single"), False),
    ("types_plural", ("locality", "types_plural"), True),
    ("types_counted", ("locality", "types_counted"), True),
    ("sub_bodies", ("locality", "sub_bodies"), True),
    ("heads_single", ("list_heads", "single"), False),
    ("heads_plural", ("list_heads", "plural"), True),
    ("heads_counted", ("list_heads", "counted"), True),
    ("appositive", ("appositive_titles",), True),
    ("standing", ("standing", "phrases"), True),
    ("definitions", ("definitions", "phrases"), True),
)


@functools.cache
def grammar() -> Grammar:
    """The tries, built on first use from the gazetteer and the lexicon."""
    gaz = gz.load()
    lex = gz.lexicon()
    g = Grammar()
    _add_names(g, gaz, lex)
    loc = lex["locality"]
    self_typed = {gz.key_of(s) for s in loc["self_typed_roles"]}
    for surface, role in loc["roles"].items():
        g.roles.add_surface(surface, (role, gz.key_of(surface) in self_typed))
    for trie, (section, *place), payload in _LEXICON_LISTS:
        phrases = lex[section]
        for key in place:
            phrases = phrases[key]
        for surface in phrases:
            getattr(g, trie).add_surface(surface, payload)
    g.sub_body_breakers = frozenset(gz.key_of(" ".join(loc["sub_body_breakers"])))
    for surface, title in lex["leader_titles"].items():
        g.leaders.add_surface(surface, title)
    g.surnames = frozenset(gz.key_of(" ".join(lex["surnames"])))
    return g


def _add_names(g: Grammar, gaz: gz.Gazetteer, lex: dict) -> None:
    """Bodies' names and aliases (ministries' short forms too), group phrases, look-alikes that are
    no agencies, provinces."""
    for entry in gaz.entries.values():
        if entry.role is not None or entry.kind == "group":
            continue  # local bodies are read by the locality rule, groups below
        for surface in (entry.name, *entry.aliases):
            g.names.add_surface(surface, Body(entry.id, mask(surface, False)))
            if entry.kind == "ministry" and surface.startswith("Bộ "):
                short = surface[3:]
                g.shorts.add_surface(short, Body(entry.id, mask(short, False)))
    for surface, ids, cased in gaz.group_phrases:
        g.names.add_surface(surface, Groups(ids, mask(surface, cased)))
    for surface in lex["not_agencies"]:
        g.names.add_surface(surface, SKIP)
    for pid, prov in gaz.provinces.items():
        for surface in (prov["name"], *prov.get("aliases", ())):
            g.provinces.add_surface(surface, (pid, mask(surface, False)))
        if prov.get("full"):
            g.provinces.add_surface(prov["full"], (pid, None))
