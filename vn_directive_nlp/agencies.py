"""Agency mentions resolved to canonical names (SPEC §3 "Agencies").

:func:`find_agencies` finds every mention of a state body in a text and names it
as the gazetteer does on a given date.  It does not decide roles (lead or
coordinating): the assignment module does, from where the mentions stand.

The text is read once as a stream of folded tokens (``gazetteer.tokenize``);
at each token a few rules compete and the one that reads furthest wins:

- names and abbreviations from the gazetteer ("Bộ TT&TT", "NHNN", "EVN"), the
  four groups ("các bộ, ngành, địa phương" → two groups), and look-alikes that
  are not agencies ("cán bộ", "toàn bộ", "chính quyền địa phương");
- shared-prefix ministry lists: "Các Bộ: Quốc phòng, Ngoại giao, …";
- localities: "[Tỉnh ủy, Chủ tịch] Ủy ban nhân dân [các tỉnh:] Gia Lai, Đắk Lắk"
  — a province addressed as such stands for its Ủy ban nhân dân;
- Government leaders in person: "Phó Thủ tướng Chính phủ Trần Hồng Hà";
- appositions that are not actors of their own: "… - Tổ trưởng Tổ công tác",
  "Cơ quan thường trực Tổ công tác - Văn phòng Chính phủ" (one agency).

Titles of persons ("Bộ trưởng", "Chủ tịch", "các thành viên") are not part of a
mention's span: the person stands for the body that follows.  In an expanded list
each agency spans its own item ("Ngoại giao" in "Các Bộ: Quốc phòng, Ngoại giao").

>>> [a.name for a in find_agencies("Các Bộ: Quốc phòng, Ngoại giao khẩn trương …",
...                                on_date=__import__("datetime").date(2024, 5, 8))]
['Bộ Quốc phòng', 'Bộ Ngoại giao']
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from . import gazetteer as gz
from . import limits
from .agency_grammar import END, SKIP, Body, Grammar, Groups, Trie, grammar
from .cache import BoundedCache
from .models import Agency, AgencyKind
from .textutil import modern_tones, nfc

if TYPE_CHECKING:
    from .local_bodies import Home


@dataclass
class _Mention:
    start: int
    end: int
    entry_id: str | None = None
    person: str | None = None  # "Phó Thủ tướng Chính phủ Trần Hồng Hà"


_Result = tuple[int, list[_Mention]]  # token index after the match, mentions found
_SEPARATORS = frozenset({",", "và", ";"})
_OPENERS = frozenset({":", "("})
_THU_TUONG = "thu-tuong"
_LEADER_PERSON_TITLE = "Thủ tướng Chính phủ"
_HOME_WEIGHT = 1_000_000  # the home province outweighs any count of provinces a text names


class _Tokens(dict):
    """Token ``i`` of the columns, made when first asked for (``toks[i]``) and kept."""

    def __init__(self, cols: gz.TokenColumns) -> None:
        super().__init__()
        self.cols = cols

    def __missing__(self, i: int) -> gz.Token:
        c = self.cols
        tok = self[i] = gz.Token(c.keys[i], c.starts[i], c.ends[i], c.raws[i])
        return tok



@dataclass(frozen=True)
class _Rule:
    """A rule of the scanner and where it may start reading: at a phrase of one of ``tries``
    (fields of :class:`~vn_directive_nlp.agency_grammar.Grammar`), at a dash or a number followed
    by a phrase of the trie ``after_dash`` / ``after_number``, at a short name the text defined."""

    read: Callable[[_Scanner, int], _Result | None]
    tries: tuple[str, ...] = ()
    after_dash: str | None = None
    after_number: str | None = None
    short_names: bool = False
    body: bool = False  # reads a body a title or an apposition stands before (``body_at``)


# The rules in the order they are tried (the order they are defined in ``_Scanner``): when two
# read equally far, the earlier wins.
_RULES: list[_Rule] = []


def _rule(*, tries: tuple[str, ...] = (), after_dash: str | None = None, after_number: str | None = None,
          short_names: bool = False, body: bool = False):
    """Registers a method of ``_Scanner`` as a rule, declaring where it may start."""
    def register(read):
        _RULES.append(_Rule(read, tries, after_dash, after_number, short_names, body))
        return read
    return register



class _Scanner:
    """One left-to-right pass over a text's tokens."""

    def __init__(self, text: str, on_date: _dt.date, home: str | None = None) -> None:
        self.text = text
        self.day = on_date
        cols = gz.token_columns(text)
        self.keys = cols.keys  # what the tries walk over
        self.n = len(cols.keys)
        self.starts, self.ends = cols.starts, cols.ends
        # Tokens are made on first look: the tries read only keys, and rules look closely at few.
        self.toks = _Tokens(cols)
        self.g = grammar()
        self.gaz = gz.load()
        self.local = Trie()  # the document's own short names: "(sau đây gọi tắt là Tổ công tác)"
        self.places: Counter[str] = Counter()  # provinces named so far, for a bare "Tỉnh"
        self.place_seen: dict[str, int] = {}
        self.last_person: dict[str, str] = {}  # title → last named holder
        if home in self.gaz.provinces:
            # In a province's own document a bare "Ủy ban nhân dân tỉnh" or "Tỉnh" is that province.
            self.places[home] = _HOME_WEIGHT
            self.place_seen[home] = -1

    # --- helpers ---------------------------------------------------------------------
    def _tok(self, i: int) -> gz.Token | None:
        return self.toks[i] if 0 <= i < self.n else None

    def _key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < self.n else ""

    def _fits(self, i: int, mask: tuple[int, ...] | None) -> bool:
        if mask is None:
            return True
        text, starts = self.text, self.starts
        for k, need in enumerate(mask):
            # (A token's first letter is the text's at its start: tests/test_gazetteer.py checks.)
            if (need == 1 and not text[starts[i + k]].isupper()) or (need == 2 and not self.toks[i + k].upper):
                return False
        return True

    def _capitalised(self, i: int, j: int) -> bool:
        """A proper name starts with a capital in its first or second word ("Bộ Tài chính")."""
        text, starts = self.text, self.starts
        return text[starts[i]].isupper() or (i + 1 < j and text[starts[i + 1]].isupper())

    def _span(self, i: int, j: int) -> tuple[int, int]:
        return self.starts[i], self.ends[j - 1]

    def _pick(self, ids: list[str]) -> str:
        """Of the bodies an alias names, the one in force on the document's date."""
        for entry_id in ids:
            if self.gaz.entries[entry_id].valid_on(self.day):
                return entry_id
        return ids[0]

    def _next_is_name(self, j: int) -> bool:
        t = self._tok(j)
        return t is not None and t.word and t.cap and not t.raw.isdigit()

    def _same_line(self, i: int) -> bool:
        """Whether ``toks[i]`` has a token before it on the same line."""
        return i > 0 and "\n" not in self.text[self.ends[i - 1] : self.starts[i]]

    # --- what the rules read ---------------------------------------------------------
    def _ministry_item(self, k: int, listy: bool) -> tuple[int, str] | None:
        if not (0 <= k < self.n and self.text[self.starts[k]].isupper()):
            return None
        for j, payloads in self.g.shorts.walk(self.keys, k):
            for p in payloads:
                if self._fits(k, p.mask):
                    return j, p.entry_id
        if listy:  # "các Bộ: Tài chính, Ngân hàng Nhà nước Việt Nam"
            res = self.names(k)
            if res and len(res[1]) == 1 and res[1][0].entry_id:
                entry = self.gaz.entries[res[1][0].entry_id]
                if entry.kind not in ("group",):
                    return res[0], entry.id
        return None

    def _ministry_list(self, i: int, k: int, plural: bool, counted: bool) -> _Result | None:
        listy = self._key(k) in _OPENERS
        paren = self._key(k) == "("
        if listy:
            k += 1
        elif counted:
            return None
        first = self._ministry_item(k, listy)
        if first is None:
            return None
        if not plural and not listy:  # "Bộ Tư pháp"
            j, entry_id = first
            start, end = self._span(i, j)
            return j, [_Mention(start, end, entry_id)]
        items = self._list_items((k, *first), self._listed_ministry)
        j = items[-1][1]
        if paren and self._key(j) == ")":
            j += 1
        out = []
        for a, b, entry_id in items:
            start, end = self._span(a, b)
            out.append(_Mention(start, end, entry_id))
        return j, out

    def _province_item(self, k: int) -> tuple[int, int, str] | None:
        """ "Quảng Ninh", "tỉnh Quảng Ninh", "Tp HCM" → (start token, end token, province id)."""
        kk = k
        typed = self.g.types_single.longest(self.keys, kk)
        if typed:
            kk = typed[0]
        if not (0 <= kk < self.n and self.text[self.starts[kk]].isupper()):
            return None
        for j, payloads in self.g.provinces.walk(self.keys, kk):
            ids = [pid for pid, mask in payloads if self._fits(kk, mask)]
            if ids:
                return k, j, self._pick(ids)
        return None

    def _inside_sub_body(self, i: int) -> bool:
        """ "Sở Y tế tỉnh X", "Công an tỉnh X": the province names a department's seat, not an actor."""
        for back in range(1, 8):
            p = i - back
            t = self._tok(p)
            if t is None or not t.word or t.key in self.g.sub_body_breakers:
                return False
            for j, _ in self.g.sub_bodies.walk(self.keys, p):
                if j <= i and t.cap:
                    return True
        return False

    def _context_province(self) -> str | None:
        if not self.places:
            return None
        top = max(self.places.values())
        return max((p for p, c in self.places.items() if c == top), key=lambda p: self.place_seen[p])

    def _roles(self, i: int) -> tuple[int, list[str], bool]:
        """The locality roles from ``toks[i]`` ("Tỉnh ủy, Chủ tịch Ủy ban nhân dân"): the token after
        them, the roles, and whether one names its own type ("Tỉnh ủy")."""
        k = i
        roles: list[str] = []
        self_typed = False
        found = self.g.roles.longest(self.keys, k)
        while found:
            k, payloads = found
            role, st = payloads[0]
            if role not in roles:
                roles.append(role)
            self_typed = self_typed or st
            found = None
            if self._key(k) in (",", "và"):  # "Tỉnh ủy, Chủ tịch Ủy ban nhân dân …"
                k2 = k + 1
                title = self.g.role_titles.longest(self.keys, k2)
                if title:
                    k2 = title[0]
                nxt = self.g.roles.longest(self.keys, k2)
                if nxt:
                    found = nxt
        return k, roles, self_typed

    def _listed_ministry(self, k: int) -> tuple[int, int, str] | None:
        """A further item of a ministry list at ``toks[k]``: (start, end, entry id)."""
        found = self._ministry_item(k, True)
        return (k, *found) if found else None

    def _list_items(self, first: tuple[int, int, str], item_at: Callable[[int], tuple[int, int, str] | None]
                    ) -> list[tuple[int, int, str]]:
        """``first`` and the items (start, end, id) that follow it, parted by ",", "và", ";", each
        read by ``item_at``: "Quốc phòng, Ngoại giao và Tư pháp", "Gia Lai, Đắk Lắk"."""
        items = [first]
        j = first[1]
        while True:
            s = j
            if self._key(s) == "," and self._key(s + 1) == "và":
                s += 1
            if self._key(s) not in _SEPARATORS:
                break
            nxt = item_at(s + 1)
            if nxt is None:
                break
            items.append(nxt)
            j = nxt[1]
        return items

    def _bare_locality(self, i: int, k: int, roles: list[str], single_type: bool, self_typed: bool) -> _Result | None:
        """ "Ủy ban nhân dân tỉnh", "Thường trực Tỉnh ủy", "Tỉnh cần …" in a text about one province."""
        if self._next_is_name(k):
            return None
        if roles and not (single_type or self_typed):
            return None
        # a lone "Tỉnh" / "Thành phố" written as a word, not an abbreviation ("TP") or a heading ("TỈNH")
        if not roles and not (single_type and self.toks[i].cap and not self.toks[i].upper):
            return None
        pid = self._context_province()
        if pid is None:
            return None
        start, end = self._span(i, k)
        return k, [_Mention(start, end, self.gaz.derived(pid, role).id) for role in (roles or ["ubnd"])]

    def body_at(self, k: int) -> _Result | None:
        """The furthest-reaching body mention starting at ``toks[k]``."""
        if k >= self.n:  # a title or apposition ran to the end of the text
            return None
        return self._furthest(_rule_index().body, k, body=True)

    def _furthest(self, rules: tuple[_Rule, ...], i: int, *, body: bool = False) -> _Result | None:
        """The result of the rule among ``rules`` that reads furthest from ``toks[i]`` (the first
        on a tie); with ``body``, only a result naming a body counts."""
        best: _Result | None = None
        for rule in rules:
            res = rule.read(self, i)
            if res and (res[1] if body else res[0] > i) and (best is None or res[0] > best[0]):
                best = res
        return best

    # --- rules, in the order they are tried -------------------------------------------
    @_rule(after_dash="appositive")
    def appositive(self, i: int) -> _Result | None:
        """ "… Trần Lưu Quang - Tổ trưởng Tổ công tác": the body after the dash is the person's post."""
        if self.keys[i] != "-" or i == 0 or self._key(i - 1) in (";", ":"):
            return None
        prev = self.toks[i - 1]
        # A dash opening a line is a bullet, unless a line wrap split "… Trần Lưu Quang\n- Tổ trưởng …".
        if not self._same_line(i) and not (prev.word and prev.cap and not prev.upper):
            return None
        found = self.g.appositive.longest(self.keys, i + 1)
        if not found:
            return None
        k = found[0]
        body = self.body_at(k)
        if not body:
            return k, []
        j, mentions = body
        if len(mentions) == 1 and mentions[0].entry_id:  # "- Tổ trưởng Tổ công tác … (sau đây gọi tắt là Tổ công tác)"
            j = self.definition(j, mentions[0].entry_id)
        return j, []

    @_rule(tries=("standing",))
    def standing(self, i: int) -> _Result | None:
        """ "Cơ quan thường trực Tổ công tác - Văn phòng Chính phủ" → Văn phòng Chính phủ only."""
        found = self.g.standing.longest(self.keys, i)
        if not found:
            return None
        served = self.body_at(found[0])
        if not served:
            return None
        m = served[0]
        if self._key(m) == "-":
            actual = self.body_at(m + 1)
            if actual:
                return actual
        return m, []

    @_rule(tries=("leaders",))
    def leaders(self, i: int) -> _Result | None:
        """ "Phó Thủ tướng Chính phủ Trần Hồng Hà" (a person); a bare "Thủ tướng Chính phủ" (the office)."""
        if not self.text[self.starts[i]].isupper():
            return None
        found = self.g.leaders.longest(self.keys, i)
        if not found:
            return None
        k, payloads = found
        title = payloads[0]
        names: list[gz.Token] = []
        j = k
        while j < self.n and len(names) < 4:
            t = self.toks[j]
            if not (t.word and t.cap and not t.raw.isdigit()):
                break
            names.append(t)
            j += 1
        if names and all(t.upper for t in names):
            names = names[:3]  # a heading in capitals: the name is its first three words
        if len(names) >= 2 and names[0].key in self.g.surnames:
            words = [modern_tones(nfc(t.raw)) for t in names]
            if all(t.upper for t in names):
                words = [w[:1] + w[1:].lower() for w in words]
            person = f"{title} {' '.join(words)}"
            self.last_person[title] = person
            start, end = self._span(i, k + len(names))
            return k + len(names), [_Mention(start, end, person=person)]
        start, end = self._span(i, k)
        if title == _LEADER_PERSON_TITLE:
            return k, [_Mention(start, end, _THU_TUONG)]
        if title in self.last_person:  # "Phó Thủ tướng yêu cầu …" after the leader was named
            return k, [_Mention(start, end, person=self.last_person[title])]
        return k, []

    @_rule(tries=("roles", "types_single", "types_plural"), after_number="types_counted", body=True)
    def localities(self, i: int) -> _Result | None:
        """ "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND các tỉnh, thành phố: Hà Nội, Tp HCM",
        "Cấp ủy, chính quyền tỉnh X", "tỉnh Thanh Hóa", a bare "Tỉnh" of the province in context."""
        if i >= self.n:  # a rule may hand on past the last token ("… - Tổ trưởng" at the end)
            return None
        k, roles, self_typed = self._roles(i)
        type_start = k
        plural = False
        single_type = False
        counted = not roles and self.toks[i].raw.isdigit()
        if counted:  # "8 địa phương (Hà Nội, …)"
            typed = self.g.types_counted.longest(self.keys, i + 1)
            if not typed:
                return None
            k, plural = typed[0], True
        else:
            plural_t = self.g.types_plural.longest(self.keys, k)
            single_t = self.g.types_single.longest(self.keys, k)
            if plural_t and (not single_t or plural_t[0] > single_t[0]):
                k, plural = plural_t[0], True
            elif single_t:
                k, single_type = single_t[0], True
        if not roles and not plural and not single_type:
            return None
        after_type = k
        listy = self._key(k) in _OPENERS
        paren = self._key(k) == "("
        if counted and not listy:
            return None
        if listy:
            first = self._province_item(k + 1)
        elif plural:
            first = self._province_item(k)  # "các tỉnh Gia Lai, Đắk Lắk"
        else:
            first = self._province_item(type_start)  # the type word is the item's own: "tỉnh Quảng Ninh"
        if first is None:
            if plural:  # "Tỉnh ủy, Thành ủy, UBND tỉnh, TP" — every province, not one
                return None
            return self._bare_locality(i, after_type, roles, single_type, self_typed)
        items = self._list_items(first, self._province_item) if plural or listy else [first]
        j = items[-1][1]
        if (plural or listy) and paren and self._key(j) == ")":
            j += 1
        if not roles and len(items) == 1 and not (plural or listy) and self._inside_sub_body(i):
            return j, []
        roles = roles or ["ubnd"]
        whole = len(items) == 1 and not (plural or listy)
        out: list[_Mention] = []
        for a, b, pid in items:
            start, end = self._span(i if whole else a, b)
            out.extend(_Mention(start, end, self.gaz.derived(pid, role).id) for role in roles)
            if whole:
                self.places[pid] += 1
                self.place_seen[pid] = i
        return j, out

    @_rule(tries=("heads_single", "heads_plural"), after_number="heads_counted", body=True)
    def ministries(self, i: int) -> _Result | None:
        """ "Bộ Tư pháp"; "Các Bộ: Quốc phòng, Ngoại giao"; "các Bộ Tài chính, Kế hoạch và Đầu tư"."""
        counted = self.toks[i].raw.isdigit()
        k0 = i + 1 if counted else i
        trie_list = [self.g.heads_counted] if counted else [self.g.heads_plural, self.g.heads_single]
        best: _Result | None = None
        for trie in trie_list:
            for k, payloads in trie.walk(self.keys, k0):
                plural = payloads[0]
                res = self._ministry_list(i, k, plural, counted)
                if res and (best is None or res[0] > best[0]):
                    best = res
        return best

    @_rule(tries=("names",), short_names=True, body=True)
    def names(self, i: int) -> _Result | None:
        """A gazetteer name, a group phrase, a document short name, or a look-alike to skip."""
        found = self.g.names.walk(self.keys, i)
        if self.local.root:
            found += self.local.walk(self.keys, i)
            found.sort(key=lambda f: -f[0])
        for j, payloads in found:
            for p in payloads:
                if p == SKIP:
                    return j, []
                if not self._fits(i, p.mask):
                    continue
                start, end = self._span(i, j)
                if isinstance(p, Groups):
                    return j, [_Mention(start, end, gid) for gid in p.ids]
                entry = self.gaz.entries[p.entry_id]
                if not entry.lowercase_ok and not self._capitalised(i, j):
                    continue
                return j, [_Mention(start, end, entry.id)]
        return None

    def definition(self, j: int, entry_id: str) -> int:
        """After a body, "(sau đây gọi tắt là Tổ công tác)" makes "Tổ công tác" name it; returns the new end."""
        if self._key(j) != "(":
            return j
        found = self.g.definitions.longest(self.keys, j + 1)
        bare = found is None  # "… nông thôn mới (Ban Chỉ đạo)": a short form in brackets, no phrase
        k = j + 1 if found is None else found[0]
        end = k
        while end < self.n and end - k <= 8 and self.keys[end] != ")":
            end += 1
        if end >= self.n or self.keys[end] != ")" or end == k:
            return j
        short = tuple(self.keys[k:end])
        entry = self.gaz.entries[entry_id]
        # Only a short form of the body's own name ("Tổ công tác" for "Tổ công tác cải cách …");
        # "(sau đây gọi tắt là Phiên họp)" after a body names the meeting, not the body.
        if entry.kind == "group" or short[0] != gz.key_of(entry.name)[0]:
            return j
        if bare and not (1 < len(short) < len(gz.key_of(entry.name)) and tuple(gz.key_of(entry.name)[: len(short)]) == short):
            return j  # a bare bracket must hold the start of the body's own name
        self.local.add(short, Body(entry_id))
        return end + 1

    # --- the pass --------------------------------------------------------------------
    def run(self) -> list[_Mention]:
        """Every mention, left to right: at each token where a rule may start, the rule that reads
        furthest wins and the pass goes on after it."""
        index = _rule_index()
        limit = limits.MAX_AGENCY_MENTIONS
        out: list[_Mention] = []
        local = self.local.root  # grows as the text defines short names
        keys, n, i = self.keys, self.n, 0
        cands = index.candidates(keys)
        ci, nc = 0, len(cands)
        while True:
            while ci < nc and cands[ci] < i:
                ci += 1
            if ci >= nc:
                break
            i = cands[ci]
            key = keys[i]
            here = index.rules_at(key, keys[i + 1] if i + 1 < n else "")
            if key in local:
                here = index.with_short_names(here)  # a short name the text defined: "Tổ công tác"
            best = self._furthest(here, i) if here else None
            if best is None:
                i += 1  # "các đồng chí", "chính sách": no rule reads on from here
                continue
            j, mentions = best
            out.extend(mentions)
            if len(out) >= limit:
                del out[limit:]
                break  # the work limit: no real text names this many bodies
            if len(mentions) == 1 and mentions[0].entry_id:
                j = self.definition(j, mentions[0].entry_id)
            i = j
        return out


@dataclass
class _RuleIndex:
    """The registered rules by where they may start, worked out once from the grammar, and the
    scanner's per-key tables."""

    starts: frozenset[str]  # keys a rule may start at (besides numbers); other tokens are skipped fast
    body: tuple[_Rule, ...]  # the rules ``body_at`` tries
    opening: tuple[tuple[_Rule, tuple[Trie, ...]], ...]  # each rule opening on a phrase, its tries
    after_dash: dict[str, tuple[_Rule, ...]]  # key after a dash -> the rules that start at the dash
    after_number: dict[str, tuple[_Rule, ...]]  # key after a number -> the rules that start at it
    short_names: tuple[_Rule, ...]
    # key -> may a rule start there; (key, next key) -> the rules that may start there
    opens: BoundedCache[str, bool] = field(
        default_factory=lambda: BoundedCache(limits.CACHE_AGENCY_KEYS, name="agency opening keys"))
    pairs: BoundedCache[tuple[str, str], tuple[_Rule, ...]] = field(
        default_factory=lambda: BoundedCache(limits.CACHE_AGENCY_KEYS, name="agency opening pairs"))

    def candidates(self, keys: list[str]) -> list[int]:
        """The indexes of ``keys`` where a rule may start, found in one C-level pass (a short name
        the text defines opens with its body's first word, and every body's first word is in
        ``starts``: tests/test_agencies.py checks it)."""
        opens = self.opens.fill(keys, self._may_start)
        return list(itertools.compress(range(len(keys)), map(opens.__getitem__, keys)))

    def _may_start(self, key: str) -> bool:
        return key in self.starts or key.isdigit()

    def rules_at(self, key: str, nxt: str) -> tuple[_Rule, ...]:
        """The rules that may start at token ``key`` followed by ``nxt``, in the order tried: a
        phrase of their tries begins there ("các bộ", not "các đồng chí"); a dash or a number
        only before its rules' next word ("- Tổ trưởng …", "8 địa phương (…)")."""
        if key == "-":
            return self.after_dash.get(nxt, ())
        if key.isdigit():
            return self.after_number.get(nxt, ())
        here = self.pairs.get((key, nxt))
        if here is None:
            here = tuple(rule for rule, tries in self.opening if any(
                key in t.root and (END in t.root[key] or nxt in t.root[key]) for t in tries))
            self.pairs.put((key, nxt), here)
        return here

    def with_short_names(self, here: tuple[_Rule, ...]) -> tuple[_Rule, ...]:
        return (*here, *(rule for rule in self.short_names if rule not in here))


def _followers(g: Grammar, rules: list[tuple[_Rule, str]]) -> dict[str, tuple[_Rule, ...]]:
    """Key -> the rules (in order) whose trie named beside them holds a phrase opening with it."""
    out: dict[str, tuple[_Rule, ...]] = {}
    for rule, trie in rules:
        for key in getattr(g, trie).root:
            out[key] = (*out.get(key, ()), rule)
    return out


@functools.cache
def _rule_index() -> _RuleIndex:
    g = grammar()
    opening = tuple((rule, tuple(getattr(g, t) for t in rule.tries)) for rule in _RULES if rule.tries)
    starts = {key for _, tries in opening for t in tries for key in t.root}
    if any(rule.after_dash for rule in _RULES):
        starts.add("-")
    return _RuleIndex(
        starts=frozenset(starts),
        body=tuple(rule for rule in _RULES if rule.body),
        opening=opening,
        after_dash=_followers(g, [(rule, rule.after_dash) for rule in _RULES if rule.after_dash]),
        after_number=_followers(g, [(rule, rule.after_number) for rule in _RULES if rule.after_number]),
        short_names=tuple(rule for rule in _RULES if rule.short_names),
    )


@dataclass(slots=True)
class Found:
    """An agency mention as the parser handles it before any reaches a result: the fields of
    :class:`~vn_directive_nlp.models.Agency` without its validation (most mentions are read
    only to decide roles); ``agency()`` makes the model."""

    name: str
    surface: str
    kind: str = "other"
    start: int | None = None
    end: int | None = None
    successor: str | None = None
    inherited: bool = False

    def agency(self) -> Agency:
        return Agency(name=self.name, surface=self.surface, kind=cast(AgencyKind, self.kind), inherited=self.inherited,
                      start=self.start, end=self.end, successor=self.successor)


#: The day a mention's ``successor`` is named on: the last state the gazetteer knows, so that the
#: same document gives the same result whatever day it is parsed.
LATEST = _dt.date.max


def _read_mentions(text: str, on_date: _dt.date, home: str | Home | None = None) -> list[Found]:
    """Every mention in ``text``, as new objects; ``home``: where the issuing body is (a province
    id, or a :class:`~vn_directive_nlp.local_bodies.Home` naming its commune too)."""
    from .local_bodies import as_home, find_local, merge

    home = as_home(home)

    gaz = gz.load()
    out = []
    named: dict[str, tuple[str, str, str | None]] = {}  # entry id -> name, kind, successor
    for m in _Scanner(text, on_date, home.province if home else None).run():
        surface = text[m.start : m.end]
        if m.person is not None:
            out.append(Found(m.person, surface, "person", m.start, m.end))
            continue
        entry_id = cast(str, m.entry_id)  # a body's mention (a person's has none)
        known = named.get(entry_id)
        if known is None:
            entry = gaz.entries[entry_id]
            now = gz.resolve(entry, on_date)
            later = gz.resolve(entry, LATEST)  # never the day of the run: results do not age
            known = named[entry_id] = (now.name, now.kind, later.name if later.name != now.name else None)
        name, kind, successor = known
        out.append(Found(name, surface, kind, m.start, m.end, successor))
    return merge(out, find_local(text, home=home))


@functools.lru_cache(maxsize=limits.CACHE_AGENCY_TEXTS)
def _all_mentions(text: str, on_date: _dt.date, home: str | Home | None = None) -> tuple[Agency, ...]:
    return tuple(f.agency() for f in _read_mentions(text, on_date, home))


def _scope(text: str, end: int | None) -> str:
    """The text that is read for mentions up to ``end``: what follows cannot hold a mention
    inside the range, and in a notice it is the long "Nơi nhận" list, dense with names nobody
    asked for; never more than the work limit (see limits)."""
    stop = len(text) if end is None else min(end, len(text))
    stop = min(stop, limits.MAX_AGENCY_CHARS)
    return text if stop == len(text) else text[:stop]


def find_agencies(
    text: str, start: int = 0, end: int | None = None, *, on_date: _dt.date | None = None,
    home: str | Home | None = None,
) -> list[Agency]:
    """Agency mentions inside ``text[start:end]`` in order; offsets index ``text``.

    Names are those in force on ``on_date`` (default: today); ``successor`` names
    today's body when it differs.  The text from its beginning is read (and cached) so
    that a list head or a definition before ``start`` still counts.

    >>> [(a.name, a.surface) for a in find_agencies("Chủ tịch UBND tỉnh Quảng Ninh chủ trì")]
    [('Ủy ban nhân dân tỉnh Quảng Ninh', 'UBND tỉnh Quảng Ninh')]
    """
    day = on_date or _dt.date.today()
    return [a.model_copy() for a in _all_mentions(_scope(text, end), day, home) if cast(int, a.start) >= start]


def read_once(text: str, start: int = 0, end: int | None = None, *, on_date: _dt.date | None = None,
              home: str | Home | None = None) -> list[Found]:
    """``find_agencies`` for a caller that reads a text once (the parser): nothing cached, so
    nothing to copy, and :class:`Found` mentions, not models."""
    day = on_date or _dt.date.today()
    return [a for a in _read_mentions(_scope(text, end), day, home) if cast(int, a.start) >= start]

