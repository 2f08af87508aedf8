"""Reference data on Vietnamese state bodies and provinces, with date-aware lookup.

The data lives in ``data/agencies.json`` (central bodies, groups),
``data/provinces.json`` (63 → 34 provinces) and ``data/agency_lexicon.json``
(grammar words); it is read once, on first use.  Each province also yields its
derived bodies: Ủy ban nhân dân, Hội đồng nhân dân and Tỉnh ủy / Thành ủy.

>>> import datetime as dt
>>> [e.name for e in lookup("Bộ TT&TT")]
['Bộ Thông tin và Truyền thông']
>>> name_on(lookup("Bộ TT&TT")[0], dt.date(2025, 6, 1))
'Bộ Khoa học và Công nghệ'
>>> lookup("UBND TP.HCM")[0].name
'Ủy ban nhân dân Thành phố Hồ Chí Minh'
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import json
import operator
import re
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import regex
import unicodedata

from . import limits
from .cache import BoundedCache
from .textutil import fold, modern_tones

KINDS = frozenset(
    {"ministry", "ministry_level", "government_body", "province", "group", "party_state", "person", "other"}
)
ROLES = ("province", "ubnd", "hdnd", "party")


@dataclass(frozen=True)
class Entry:
    """One body under one name, valid from ``valid_from`` to ``valid_to`` (inclusive, None = open)."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    successor: str | None = None  # id of the body it became
    notes: str | None = None
    province: str | None = None  # province id, for a province and its derived bodies
    role: str | None = None  # "province" | "ubnd" | "hdnd" | "party" for local bodies
    lowercase_ok: bool = False  # may be written all in lower case ("chủ đầu tư")

    def valid_on(self, day: _dt.date) -> bool:
        """Whether this name was in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


# --- tokens -------------------------------------------------------------------------------
class Token(NamedTuple):
    """A word or punctuation mark: folded ``key``, offsets into the text, and its written form."""

    key: str
    start: int
    end: int
    raw: str

    @property
    def cap(self) -> bool:
        """Written with a capital first letter ("Bộ", "BỘ")."""
        return self.raw[:1].isupper()

    @property
    def upper(self) -> bool:
        """Written in capitals throughout ("EVN")."""
        return self.raw.isupper()

    @property
    def word(self) -> bool:
        return self.raw[:1].isalnum()


# A word (letters with their combining marks, so NFD text stays whole) or one punctuation mark:
# "TP.HCM" → "TP" "." "HCM"; "Bộ TT&TT" → "Bộ" "TT" "&" "TT"; and the whitespace between
# them, so that the pieces cover the whole text.
_PIECE_RE = regex.compile(r"\s+|[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]", regex.DOTALL)
# Tokens (the whitespace between them left over) with the standard library's faster engine.
# Its \w and \s follow another Unicode version than ``regex``; on the characters below (Latin, Vietnamese, Greek, Cyrillic,
# punctuation — no combining marks) the two agree exactly, so texts made only of those use it.
# (A non-space that is no letter or digit is one token: "\S" says it faster than "[^\w\s]|_".)
_SPLIT_RE_FAST = re.compile(r"([^\W_]+|\S)")
_NOT_FAST_RE = re.compile(r"[^\x00-\x1b\x20-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1eff\u2000-\u206f]")
# Markdown emphasis and similar decoration carry no meaning for names: "**Bộ Tài chính**".
_DECORATION = frozenset("*_`")
# All dashes compare as "-": "Bà Rịa – Vũng Tàu" = "Bà Rịa - Vũng Tàu".
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
# A parenthesised abbreviation inside a name: "cải cách thủ tục hành chính (TTHC) của Thủ tướng".
_ABBR_RE = regex.compile(r"^[\p{Lu}\p{M}\d&.-]{2,12}$")

_FOLDED: BoundedCache[str, str] = BoundedCache(limits.CACHE_FOLDED_TOKENS, name="gazetteer folded tokens")
# Token(key, start, end, raw) without the Python-level __new__ of a NamedTuple: tokenize makes
# one per word of every document.
_new_token = tuple.__new__


def _fold_token(raw: str) -> str:
    key = _FOLDED.get(raw)
    if key is None:
        key = "-" if raw in _DASHES else fold(raw)
        _FOLDED.put(raw, key)
    return key


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with abbreviations expanded ("UBND" → "ủy ban nhân dân").

    Expanded words share the span of the abbreviation they come from.

    >>> [t.key for t in tokenize("UBND Tp. Hà Nội")]
    ['ủy', 'ban', 'nhân', 'dân', 'thành', 'phố', 'hà', 'nội']
    """
    return list(map(_new_token, itertools.repeat(Token), zip(*token_columns(text, start, end))))


class _Raws:
    """The written form of each token, cut from the text when asked for: ``text[start:end]``,
    except where an expansion's span outgrew its abbreviation ("Tp." → raw "Tp")."""

    __slots__ = ("text", "starts", "ends", "override")

    def __init__(self, text: str, starts: list[int], ends: list[int], override: dict[int, str] | None = None):
        self.text, self.starts, self.ends, self.override = text, starts, ends, override or {}

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> str:
        if i < 0:
            i += len(self.starts)
        raw = self.override.get(i)
        return raw if raw is not None else self.text[self.starts[i] : self.ends[i]]

    def __iter__(self):
        raws = list(map(self.text.__getitem__, map(slice, self.starts, self.ends)))
        for i, raw in self.override.items():
            raws[i] = raw
        return iter(raws)


class TokenColumns(NamedTuple):
    """The tokens of a text as parallel columns (what ``tokenize`` packs into Tokens)."""

    keys: list[str]
    starts: list[int]
    ends: list[int]
    raws: list[str] | _Raws


def _folded(text: str) -> str | None:
    """Modern tones, case-folded, when that keeps every offset (NFC, no case mapping that
    changes length); else None."""
    if unicodedata.is_normalized("NFC", text):
        low = modern_tones(text).casefold()
        if len(low) == len(text):
            return low
    return None


def token_columns(text: str, start: int = 0, end: int | None = None) -> TokenColumns:
    """``tokenize`` as parallel lists: cheaper for a scanner that looks at few tokens closely."""
    lex = _lexicon()
    stop = len(text) if end is None else end
    keys, starts, ends, raws = _plain_columns(text, start, stop)
    # Most tokens are plain words, taken in bulk; the few that need a decision (decoration,
    # brackets, dashes, abbreviations to expand) are handled one by one.
    special, upper_only = lex.special_keys, lex.expand_upper_only
    hits = list(itertools.compress(range(len(keys)), map(special.__contains__, keys)))
    n = len(keys)
    # Of those, the ones that change something: a bracket rarely holds an abbreviation, and
    # "tư" in "đầu tư" is no "TƯ". Checked in one light loop, so a text of brackets stays fast.
    hits = [
        h for h in hits
        if (h + 2 < n and raws[h + 2] == ")" and _ABBR_RE.match(raws[h + 1]) is not None
            and not raws[h + 1].isdigit()
            if raws[h] == "("
            else keys[h] not in upper_only or raws[h].isupper())
    ]
    if not hits:
        return TokenColumns(keys, starts, ends, raws)
    return _with_special_tokens(text, keys, starts, ends, raws, hits)


def _plain_columns(text: str, start: int, stop: int) -> tuple[list[str], list[int], list[int], list[str] | _Raws]:
    """Keys, starts, ends and written forms of the tokens of ``text[start:stop]``, before any
    special token is handled."""
    # Offsets are running sums of piece lengths; built with map() over C functions, since this
    # runs over every character of every document.
    low = _folded(text)
    if low is not None and _NOT_FAST_RE.search(text, start, stop) is None:
        # Keys straight from the folded text, written forms cut from the text only when needed.
        # Split keeping the tokens: [gap, token, gap, token, …, gap], the gaps whitespace (or
        # empty); running sums of the piece lengths are then every token's start and end.
        parts = _SPLIT_RE_FAST.split(low[start:stop])
        offs = list(itertools.accumulate(map(len, parts), initial=start))
        starts, ends = offs[1:-1:2], offs[2::2]
        return parts[1::2], starts, ends, _Raws(text, starts, ends)
    # The pieces of _PIECE_RE tile the text (whitespace pieces included).
    pieces = _PIECE_RE.findall(text, start, stop)
    offs = list(itertools.accumulate(map(len, pieces), initial=start))
    idx = list(itertools.compress(range(len(pieces)), map(operator.not_, map(str.isspace, pieces))))
    raws = list(map(pieces.__getitem__, idx))
    starts = list(map(offs.__getitem__, idx))
    ends = list(map(offs.__getitem__, map((1).__add__, idx)))
    if low is not None:
        keys = list(map(low.__getitem__, map(slice, starts, ends)))
    else:
        keys = list(map(_fold_token, raws))
    return keys, starts, ends, raws


def _with_special_tokens(text: str, keys: list[str], starts: list[int], ends: list[int],
                         raws: list[str] | _Raws, hits: list[int]) -> TokenColumns:
    """The columns with the special tokens at ``hits`` handled: decoration dropped, an
    abbreviation defined in brackets skipped, dashes made one key, abbreviations expanded."""
    lex = _lexicon()
    words, upper_only, dot_after = lex.expansions, lex.expand_upper_only, lex.expand_dot_after
    n = len(keys)
    ok: list[str] = []
    os_: list[int] = []
    oe: list[int] = []
    override: dict[int, str] = {}  # output token -> written form, where not text[start:end]
    i = 0
    for h in hits:
        if h < i:
            continue  # consumed by the previous special token
        ok += keys[i:h]
        os_ += starts[i:h]
        oe += ends[i:h]
        i = h
        raw, s, e = raws[i], starts[i], ends[i]
        if raw in _DECORATION:
            i += 1
            continue
        if (
            raw == "("
            and i + 2 < n
            and raws[i + 2] == ")"
            and _ABBR_RE.match(raws[i + 1])
            and not raws[i + 1].isdigit()
        ):
            i += 3  # "(TTHC)" — an abbreviation defined in passing, not part of the name
            continue
        key = "-" if raw in _DASHES else keys[i]
        expansion = words.get(key)
        if expansion is not None and (key not in upper_only or raw.isupper()):
            if key in dot_after and i + 1 < n and raws[i + 1] == ".":
                e = ends[i + 1]
                i += 1
                # "Tp." spans the dot, but its written form stays "Tp"
                override.update((k, raw) for k in range(len(ok), len(ok) + len(expansion)))
            expanded: tuple[str, ...] = expansion
        else:
            expanded = (key,)
        ok += expanded
        os_ += [s] * len(expanded)
        oe += [e] * len(expanded)
        i += 1
    ok += keys[i:]
    os_ += starts[i:]
    oe += ends[i:]
    return TokenColumns(ok, os_, oe, _Raws(text, os_, oe, override))


def key_of(surface: str) -> tuple[str, ...]:
    """Comparison key of a surface form: its folded, abbreviation-expanded tokens."""
    return tuple(t.key for t in tokenize(surface))


# --- data ----------------------------------------------------------------------------------
def _read_json(name: str) -> dict:
    return json.loads(resources.files("vn_directive_nlp").joinpath("data", name).read_text(encoding="utf-8"))


def _date(value: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Lexicon:
    """Grammar words of ``agency_lexicon.json``, folded (see ``vn_directive_nlp.agencies``)."""

    expansions: dict[str, tuple[str, ...]]
    expand_upper_only: frozenset[str]
    expand_dot_after: frozenset[str]
    raw: dict
    special_keys: frozenset[str] = frozenset()  # folded tokens ``tokenize`` must look at one by one


@functools.cache
def _lexicon() -> Lexicon:
    data = _read_json("agency_lexicon.json")
    exp = data["token_expansions"]
    return Lexicon(
        expansions={fold(k): tuple(fold(v).split()) for k, v in exp["words"].items()},
        expand_upper_only=frozenset(fold(k) for k in exp["upper_only"]),
        expand_dot_after=frozenset(fold(k) for k in exp["dot_after"]),
        raw=data,
        # (A plain "-" is its own key already; the other dashes are folded to it.)
        special_keys=frozenset({fold(k) for k in exp["words"]} | _DECORATION | (_DASHES - {"-"}) | {"("}),
    )


def lexicon() -> dict:
    """The grammar words of ``agency_lexicon.json`` as loaded (not folded)."""
    return _lexicon().raw


class Gazetteer:
    """All entries, indexed by id and by folded surface form."""

    def __init__(self, agencies: dict, provinces: dict) -> None:
        self.entries: dict[str, Entry] = {}
        self.provinces: dict[str, dict] = {}
        self.group_phrases: list[tuple[str, tuple[str, ...], bool]] = []  # surface, group ids, cased
        self.index: dict[tuple[str, ...], list[str]] = {}
        for body in agencies["bodies"]:
            self._add(
                Entry(
                    id=body["id"],
                    name=body["name"],
                    kind=body["kind"],
                    aliases=tuple(body.get("aliases", ())),
                    valid_from=_date(body.get("valid_from")),
                    valid_to=_date(body.get("valid_to")),
                    successor=body.get("successor"),
                    notes=body.get("notes"),
                    lowercase_ok=bool(body.get("lowercase_ok", False)),
                )
            )
        for group in agencies["groups"]:
            self._add(Entry(id=group["id"], name=group["name"], kind="group"))
        for phrase in agencies["group_phrases"]:
            for surface in phrase["surfaces"]:
                self.group_phrases.append((surface, tuple(phrase["groups"]), bool(phrase.get("cased", False))))
                self.index.setdefault(key_of(surface), []).extend(phrase["groups"])
        for prov in provinces["provinces"]:
            self.provinces[prov["id"]] = prov
            for role in ROLES:
                self._add(self._derived(prov, role))

    # Local bodies are named from the province: "Ủy ban nhân dân tỉnh Quảng Ninh",
    # "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Tỉnh ủy Thanh Hóa", "Thành ủy Hà Nội".
    @staticmethod
    def _derived(prov: dict, role: str) -> Entry:
        full = prov.get("full") or f"{prov['type']} {prov['name']}"
        bare = [prov["name"], *prov.get("aliases", ())]
        types = ["tỉnh"] if prov["type"] == "tỉnh" else ["thành phố"]
        typed = [f"{t} {b}" for t in types for b in bare]
        if role == "province":
            name, kind, aliases = full, "province", [*typed, *bare]
        elif role == "ubnd":
            name, kind = f"Ủy ban nhân dân {full}", "province"
            aliases = [f"Ủy ban nhân dân {x}" for x in (*typed, *bare)]
        elif role == "hdnd":
            name, kind = f"Hội đồng nhân dân {full}", "party_state"
            aliases = [f"Hội đồng nhân dân {x}" for x in (*typed, *bare)]
        else:
            head = "Tỉnh ủy" if prov["type"] == "tỉnh" else "Thành ủy"
            name, kind = f"{head} {prov.get('full') or prov['name']}", "party_state"
            aliases = [f"{head} {x}" for x in (*bare, *typed)]
        return Entry(
            id=prov["id"] if role == "province" else f"{role}:{prov['id']}",
            name=name,
            kind=kind,
            aliases=tuple(aliases),
            valid_from=_date(prov.get("valid_from")),
            valid_to=_date(prov.get("valid_to")),
            successor=(prov["successor"] if role == "province" else f"{role}:{prov['successor']}")
            if prov.get("successor")
            else None,
            notes=prov.get("notes"),
            province=prov["id"],
            role=role,
        )

    def _add(self, entry: Entry) -> None:
        if entry.id in self.entries:
            raise ValueError(f"duplicate agency id {entry.id!r}")
        self.entries[entry.id] = entry
        for surface in (entry.name, *entry.aliases):
            ids = self.index.setdefault(key_of(surface), [])
            if entry.id not in ids:
                ids.append(entry.id)

    def derived(self, province_id: str, role: str) -> Entry:
        """The ``role`` body of a province ("ubnd", "hdnd", "party" or "province")."""
        return self.entries[province_id if role == "province" else f"{role}:{province_id}"]


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, read from the package data on first call and cached."""
    return Gazetteer(_read_json("agencies.json"), _read_json("provinces.json"))


def get(entry_id: str) -> Entry:
    """The entry with this id (KeyError if unknown)."""
    return load().entries[entry_id]


def lookup(surface: str, on_date: _dt.date | None = None) -> list[Entry]:
    """Entries whose name or alias equals ``surface`` after folding (case, NFC, tones, spaces).

    With ``on_date``, entries in force on that date come first; the others follow.

    >>> [e.id for e in lookup("Uỷ ban nhân dân tỉnh Thanh Hoá")]
    ['ubnd:thanh-hoa']
    """
    gaz = load()
    found = [gaz.entries[i] for i in gaz.index.get(key_of(surface), ())]
    if on_date is not None:
        found.sort(key=lambda e: not e.valid_on(on_date))
    return found


def resolve(entry: Entry, day: _dt.date) -> Entry:
    """The entry in force on ``day`` that ``entry`` is or became (follows successor links forward)."""
    gaz = load()
    seen = {entry.id}
    while entry.valid_to is not None and day > entry.valid_to and entry.successor:
        entry = gaz.entries[entry.successor]
        if entry.id in seen:  # a cycle in the data; stop rather than loop
            break
        seen.add(entry.id)
    return entry


def name_on(entry: Entry, day: _dt.date | None = None) -> str:
    """The name in force on ``day`` (default today) of the body ``entry`` names.

    A name used before it existed stays as written: successors are followed forward only.
    """
    return resolve(entry, day or _dt.date.today()).name


def successor_of(entry: Entry, day: _dt.date | None = None) -> Entry | None:
    """The body ``entry`` had become by ``day`` (default today), or None if it is still itself."""
    later = resolve(entry, day or _dt.date.today())
    return None if later.id == entry.id else later
