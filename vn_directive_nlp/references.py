"""Legal references: every cited document, normalized (SPEC §3 "Legal references").

>>> [r.number for r in find_references("theo Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022")]
['1085/QĐ-TTg']

How a citation is read:

* a *symbol* ("số, ký hiệu") is found first: ``1085/QĐ-TTg``, ``107/2021/NĐ-CP``, ``57-NQ/TW``,
  ``19-2018/NQ-CP``, ``1234/VPCP-KSTT``; spaces and line breaks around "/" and "-" are allowed
  and removed, dash look-alikes become "-", Latin look-alikes in the type code become Vietnamese
  ("ND-CP" → "NĐ-CP");
* then the words right before it: a type word ("Quyết định", "văn bản") and/or "số";
* then a date right after it ("ngày 15 tháng 9 năm 2022", "ngày 15/9/2022");
* symbols joined by "," / ";" / "và" without a type word of their own continue the list of the
  citation before them; an undated item takes the date of the next dated item of its list.

Also: technical regulations and standards, numbered as written ("QCVN 01:2019/BCT", "TCVN 5574:2018");
a law titled in any case before its number ("Bộ luật dân sự số 33/2005/QH11"); never the number of a
form or annex ("Mẫu số 01/TB-KTT"); a date written before the citation ("Ngày 28/10/2025, … đã ban
hành Công văn số …"); the press's bare numbers ("nghị định 64", "Nghị định số 10 năm 2022"), given
the full symbol of the same type and number when the text cites it ("Chỉ thị 11" → "11-CT/TU").

The type comes from the type word, else from the symbol's type code ("QĐ" → Quyết định); a
generic word ("văn bản") yields to the code, and a letter with no type code ("1234/VPCP-KSTT") is
a Công văn. Named laws and programmes without a number ("Luật Tổ chức Chính phủ", "Đề án 06")
are kept with ``number=None``. A header field "Số: 25/TB-VPCP" is metadata and never a reference.

Reference data: ``data/legal_types.json`` (types, aliases, codes) and ``data/issuers.json``
(symbol suffix → issuing body).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from importlib import resources

import regex

from . import limits
from .dates import DATE_NUMERIC, DATE_WORDS, GAP, YEAR, parse_day
from .models import LegalReference
from .textutil import LazyPattern, compiled_pattern, fold, modern_tones

# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class _Tables:
    type_by_alias: dict[str, str]  # folded alias -> canonical type
    type_by_code: dict[str, str]  # "QĐ" -> "Quyết định"
    generic_aliases: frozenset[str]  # folded aliases of generic words ("văn bản")
    titled_types: tuple[str, ...]  # types cited by title ("Luật Tổ chức Chính phủ")
    numbered_programmes: tuple[str, ...]  # cited by a bare number ("Đề án 06")
    code_aliases: dict[str, str]  # "ND" -> "NĐ"
    law_stopwords: frozenset[str]
    issuers: dict[str, str]  # "TTg" -> "Thủ tướng Chính phủ"
    standards: dict[str, str]  # "QCVN" -> "Quy chuẩn": codes written before a standard's number
    form_words: tuple[str, ...]  # "Mẫu số 01/TB-KTT" numbers a form, not a document
    title_comma_words: frozenset[str]  # ", chống" continues "Luật Phòng, chống tham nhũng"
    titled_number_issuers: frozenset[str]  # "QH": laws named by a title before their number
    short_forms: dict[str, bool]  # types cited by a bare number ("nghị định 64") -> any case allowed
    as_written: dict[str, tuple[str, tuple[str, ...]]]  # "TW" -> (default, names)


def _load_json(name: str) -> dict:
    return json.loads(resources.files("vn_directive_nlp.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load_tables() -> _Tables:
    """Reference data of ``legal_types.json`` and ``issuers.json``, loaded once.

    >>> load_tables().type_by_code["NĐ"]
    'Nghị định'
    """
    types = _load_json("legal_types.json")
    iss = _load_json("issuers.json")
    by_alias: dict[str, str] = {}
    by_code: dict[str, str] = {}
    generic: set[str] = set()
    titled: list[str] = []
    programmes: list[str] = []
    standards: dict[str, str] = {}
    short_forms: dict[str, bool] = {}
    for entry in types["types"]:
        if entry.get("short_form"):
            short_forms[entry["name"]] = entry["short_form"] == "any_case"
        for code in entry.get("standard_codes", ()):
            standards[code] = entry["name"]
        for alias in entry["aliases"]:
            by_alias[fold(alias)] = entry["name"]
            if entry.get("generic"):
                generic.add(fold(alias))
        for code in entry["codes"]:
            by_code[code] = entry["name"]
        if entry.get("named") == "title":
            titled.append(entry["name"])
        elif entry.get("named") == "number":
            programmes.append(entry["name"])
    aliases = {k: v for k, v in types["code_aliases"].items() if not k.startswith("_")}
    as_written = {
        k: (v["default"], tuple(v["names"])) for k, v in iss["as_written"].items()
    }
    return _Tables(
        type_by_alias=by_alias,
        type_by_code=by_code,
        generic_aliases=frozenset(generic),
        titled_types=tuple(titled),
        numbered_programmes=tuple(programmes),
        code_aliases=aliases,
        law_stopwords=frozenset(types["law_title_stopwords"]),
        issuers=dict(iss["issuers"]),
        as_written=as_written,
        standards=standards,
        form_words=tuple(types["form_words"]["words"]),
        title_comma_words=frozenset(types["law_title_comma_words"]["words"]),
        titled_number_issuers=frozenset(types["titled_number_issuers"]["codes"]),
        short_forms=short_forms,
    )


def _alias_alternation(aliases: list[str]) -> str:
    """Regex alternation of aliases, longest first, a line wrap allowed between words."""
    parts = sorted(aliases, key=len, reverse=True)
    return "|".join(r"\s{1,3}".join(regex.escape(w) for w in a.split()) for a in parts)


class Spans:
    """Disjoint spans kept sorted, for O(log n) overlap tests (inputs may hold 10⁵ candidates)."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        for sp in sorted(spans):
            if self._spans and sp[0] < self._spans[-1][1]:  # merge overlapping input spans
                self._spans[-1] = (self._spans[-1][0], max(self._spans[-1][1], sp[1]))
            else:
                self._spans.append(sp)
        self._starts = [a for a, _ in self._spans]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._starts, e)  # spans starting before e
        return i > 0 and self._spans[i - 1][1] > s

    def containing(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos)
        return i > 0 and self._spans[i - 1][1] > pos

    def starting_within(self, lo: int, hi: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(self._starts, lo)
        return self._spans[i] if i < len(self._spans) and self._spans[i][0] <= hi else None

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self._starts, s)
        self._starts.insert(i, s)
        self._spans.insert(i, (s, e))


# --------------------------------------------------------------------------- symbols

_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, en/em dashes, minus and friends
# A symbol part: upper-case letters/digits, "&", inner dots ("V.I"), one trailing lower-case
# letter ("TTg", "CTr"). Bounded length, no nested quantifier.
# A code may be glued to the date that follows it ("381/ĐA-CPngày 12/5/2025").
_CODE = r"[A-ZĐ][A-ZĐ0-9&]{0,9}(?:\.[A-ZĐ0-9]{1,4})?[a-zđ]?[0-9]{0,2}(?:(?![\p{L}\d])|(?=ngày))"
_SL = r"\s{0,3}/\s{0,3}"
_DA = rf"[{_DASH}]\s{{0,3}}"
# A number starts a word, or follows "số" with no space ("số382/TTr-CP"); the digit is tested
# first so that the look-behinds run only at digits.
_NUM = r"(?=\d)(?:(?<=(?i:số))|(?<![\p{L}\d./\-]))\d{1,5}(?:\.\d{1,3})?"

# "1085/QĐ-TTg", "107/2021/NĐ-CP", "57- NQ/TW", "19-2018/NQ-CP", "11554/VPCP-V.I", "206/QĐ-\nTTg";
# a joint circular names every issuer: "01/2011/TTLT-VKSTC-TANDTC-BCA-BTP-BLĐTBXH".
SYMBOL_RE = LazyPattern(
    rf"{_NUM}(?:"
    rf"{_SL}{YEAR}{_SL}{_CODE}(?:{_DA}{_CODE}){{0,7}}"  # 107/2021/NĐ-CP, 35/2023/QH15
    rf"|{_DA}{YEAR}{_SL}{_CODE}(?:{_DA}{_CODE}){{0,7}}"  # 19-2018/NQ-CP
    rf"|{_DA}{_CODE}{_SL}{_CODE}"  # 57-NQ/TW, 8011-CV/BTCTW
    rf"|{_SL}{_CODE}(?:{_DA}{_CODE}){{0,7}}"  # 1085/QĐ-TTg, 1234/VPCP-KSTT
    r")"
)
_SPACE_RE = LazyPattern(r"\s+")
_DASHES_RE = LazyPattern(rf"[{_DASH}]")
# Compact symbol split into its parts: "107/2021/NĐ-CP" -> num, year, rest.
# "107/2021/NĐ-CP"
_FORM_YEAR_RE = LazyPattern(r"(?P<num>[\d.]+)[/-](?P<year>\d{4})/(?P<rest>.+)")
# "57-NQ/TW"
_FORM_PARTY_RE = LazyPattern(r"(?P<num>[\d.]+)-(?P<code>[^/]+)/(?P<issuer>.+)")
# "1085/QĐ-TTg"
_FORM_PLAIN_RE = LazyPattern(r"(?P<num>[\d.]+)/(?P<rest>.+)")


@dataclass
class _Symbol:
    number: str  # normalized
    type_code_type: str | None  # doc type given by the symbol's type code
    issuer_code: str | None
    year: int | None
    letter: bool  # issuer-first symbol with no type code ("1234/VPCP-KSTT"): a Công văn
    strong: bool  # shape certain enough to stand without "số" or a type word


def _parse_symbol(raw: str) -> _Symbol | None:
    """Normalize a raw symbol and read its parts; None when it is not a document symbol."""
    t = load_tables()
    compact = _DASHES_RE.sub("-", _SPACE_RE.sub("", raw))
    year = None
    if m := _FORM_YEAR_RE.fullmatch(compact):
        year = int(m["year"])
        segs = m["rest"].split("-")
        head = f"{m['num']}{compact[len(m['num'])]}{m['year']}/"
    elif m := _FORM_PARTY_RE.fullmatch(compact):
        code = t.code_aliases.get(m["code"], m["code"])
        if code not in t.type_by_code:
            return None
        number = f"{m['num']}-{code}/{m['issuer']}"
        return _Symbol(number, t.type_by_code[code], m["issuer"], None, False, True)
    elif m := _FORM_PLAIN_RE.fullmatch(compact):
        segs = m["rest"].split("-")
        head = f"{m['num']}/"
    else:
        return None
    first = t.code_aliases.get(segs[0], segs[0])
    if first in t.type_by_code:
        segs[0] = first
        doc_type = t.type_by_code[first]
        issuer = segs[1] if len(segs) > 1 else None
        letter = False
        strong = year is not None or len(segs) > 1
    else:
        doc_type = None
        issuer = segs[0]
        letter = year is None and len(segs) > 1
        strong = year is not None or (letter and _issuer_key(issuer) in t.issuers)
    return _Symbol(head + "-".join(segs), doc_type, issuer, year, letter, strong)


def _standard_re() -> regex.Pattern:
    """"QCVN 01:2019/BCT", "TCVN 5574:2018", "TCVN ISO 9001:2015", "QCVN 01-1:2018/BYT"."""
    codes = "|".join(sorted(load_tables().standards, key=len, reverse=True))
    return compiled_pattern(
        rf"(?<![\p{{L}}\d])(?P<code>{codes})\s{{1,3}}(?:(?:ISO|IEC|ISO/IEC)\s{{1,3}})?\d{{1,5}}(?:[.\-]\d{{1,4}}){{0,3}}"
        rf"\s?:\s?(?P<year>{YEAR})(?!\d)(?:\s?/\s?(?P<issuer>[A-ZĐ][A-ZĐ0-9&]{{1,11}})(?![\p{{L}}\d]))?"
    )


def _issuer_key(code: str) -> str:
    """'QH15' -> 'QH', 'UBTVQH14' -> 'UBTVQH': term digits are not part of the body."""
    return code.rstrip("0123456789") or code


# --------------------------------------------------------------------------- citation context


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    t = load_tables()
    types_alt = _alias_alternation(_raw_aliases())
    titled = _alias_alternation(list(t.titled_types))
    programmes = _alias_alternation(list(t.numbered_programmes))
    return {
        # Words right before a symbol: "các Nghị quyết số ", "tại văn bản ", "số ", "Chỉ thị ".
        # Matched in reverse from the symbol, so it costs one attempt per symbol.
        "prefix": regex.compile(
            rf"(?ri)(?:(?<!\p{{L}})(?P<type>{types_alt}){GAP})?(?:(?<!\p{{L}})(?P<so>số|các số)\s{{0,4}}(?:hiệu{GAP})?)?$"
        ),
        # "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024": the date right after the symbol.
        "date_after": regex.compile(rf"(?i)\s{{0,3}},?\s{{0,3}}ngày{GAP}(?P<date>{DATE_WORDS}|{DATE_NUMERIC})"),
        # A news sentence that opens with the day it tells of: "Ngày 22/2, Thủ tướng Chính phủ đã có
        # Công điện số 18/CĐ-TTg …" (matched in reverse from the citation's first word).
        "date_before": regex.compile(
            rf"(?ri)(?:^|(?<=[.!?\n]))[\s*_]{{0,3}}ngày{GAP}(?P<date>{DATE_WORDS}|{DATE_NUMERIC})\s{{0,2}},"
            rf"[^.;:!?]{{0,160}}?(?<!\p{{L}})(?:ban{GAP}hành|có|ký|gửi)\s{{1,3}}$"
        ),
        # "văn bản đề ngày 29 tháng 10 năm 2025 số 16/CV-HHTACN": the date written before the number.
        "dated_before": regex.compile(rf"(?ri)(?<!\p{{L}})đề{GAP}ngày{GAP}(?P<date>{DATE_WORDS}|{DATE_NUMERIC}){GAP}$"),
        # " , " / "; " / " và " between two items of one list: "01/NQ-CP , 02/NQ-CP".
        "connector": regex.compile(r"(?i)\s{0,3}(?:[,;]\s{0,3}(?:và\s{1,3})?|\s{1,3}(?:và|hoặc)\s{1,3})"),
        # The header field "Số: 25/TB-VPCP" at the start of a line is metadata.
        "header_field": regex.compile(r"(?ri)(?:^|\n)[\s|*#>]{0,6}số\s{0,2}(?:hiệu\s{0,2})?:\s{0,3}$"),
        # "... của Bộ Chính trị": the issuer named after a citation.
        "named_issuer": regex.compile(r"(?i)^[\s,]{0,3}(?:của|do)\s{1,3}(?:Hội nghị[^,;.()]{0,60}?\s)?"),
        # "Luật Tổ chức Chính phủ", "Bộ luật Lao động", "Pháp lệnh Công an xã": a titled law;
        # only the head is matched so that a law inside another's title is still found.
        "law_head": regex.compile(rf"(?<!\p{{L}})(?P<type>{titled})(?=\s{{1,3}}\p{{Lu}})"),
        # The words after the head: " Tổ chức chính quyền địa\nphương" (at most 12).
        "law_words": regex.compile(r"(?:,?\s{1,3}\p{L}+){1,12}"),
        # "Luật sửa đổi, bổ sung một số điều của Luật Đất đai": one amending law.
        "law_amend": regex.compile(
            r"(?<!\p{L})Luật\s{1,3}sửa\s{1,3}đổi(?:,?\s{1,3}bổ\s{1,3}sung)?(?:\s{1,3}một\s{1,3}số\s{1,3}điều"
            r"(?:\s{1,3}của)?)?(?:\s{1,3}(?:các\s{1,3})?)(?=Luật\s{1,3}\p{Lu})"
        ),
        # "Đề án 06", "Đề án số 30": a programme known by its number, which is not a symbol.
        "scheme": regex.compile(rf"(?<!\p{{L}})(?P<type>{programmes})\s{{1,3}}(?:số\s{{1,3}})?\d{{1,4}}(?![\d/\-]|\.\d)"),
        # "Mẫu số 01/TB-KTT": the number of a form, matched in reverse from the symbol.
        "form": regex.compile(rf"(?ri)(?<!\p{{L}})(?:{_alias_alternation(list(t.form_words))}){GAP}(?:số\s{{0,4}})?$"),
        # "Bộ luật dân sự số ", "Luật Phòng, chống tham nhũng số ": a title in any case before a
        # law's number (matched in reverse; at most 16 words, commas and hyphens between them).
        "titled_before": regex.compile(
            rf"(?r)(?<!\p{{L}})(?P<type>{titled})(?:[\s,\-]{{1,3}}\p{{L}}+){{1,16}}{GAP}(?:số\s{{0,4}})?$"
        ),
        # "Quy chuẩn kỹ thuật quốc gia " right before "QCVN …" (matched in reverse).
        "standard_words": regex.compile(rf"(?ri)(?<!\p{{L}}){_alias_alternation(_raw_aliases(True))}{GAP}$"),
    }


@lru_cache(maxsize=1)
def _raw_aliases(standards: bool = False) -> list[str]:
    """Aliases of the ordinary types, or (``standards=True``) of the standards' types."""
    return [a for e in _load_json("legal_types.json")["types"] for a in e["aliases"]
            if bool(e.get("standard_codes")) == standards]


def _as_written_issuer(text: str, pos: int, code: str) -> str | None:
    """Issuer named after a citation for suffixes like "TW" ("… của Bộ Chính trị")."""
    t = load_tables()
    default, names = t.as_written[code]
    window = modern_tones(text[pos : pos + 160])
    m = _patterns()["named_issuer"].match(window)
    if m:
        rest = window[m.end() :]
        for name in names:
            if "{Name}" in name:
                stem = name.replace("{Name}", "")
                mm = compiled_pattern(
                    rf"{_alias_alternation([stem.strip()])}\s{{1,3}}(\p{{Lu}}\p{{Ll}}*(?:\s\p{{Lu}}\p{{Ll}}*){{0,3}})"
                ).match(rest)
                if mm:
                    return _SPACE_RE.sub(" ", mm.group(0))
            elif compiled_pattern(_alias_alternation([name]) + r"(?!\p{L})", regex.I).match(rest):
                return name
    return default


def _issuer(sym: _Symbol, text: str, end: int) -> str | None:
    if sym.issuer_code is None:
        return None
    t = load_tables()
    key = _issuer_key(sym.issuer_code)
    if key in t.as_written:
        return _as_written_issuer(text, end, key)
    return t.issuers.get(sym.issuer_code) or t.issuers.get(key)


# --------------------------------------------------------------------------- extraction


@dataclass
class _Item:
    start: int
    end: int
    sym: _Symbol
    type_word: str | None  # canonical type of the word before ("Nghị quyết"), None if none
    generic: bool  # the word was generic ("văn bản")
    date: _dt.date | None
    group: int


def _doc_type(item: _Item) -> str | None:
    s = item.sym
    if item.type_word and not item.generic:
        return item.type_word
    if s.type_code_type:
        return s.type_code_type
    if item.type_word:  # generic word, no type code: a letter
        return item.type_word
    return "Công văn" if s.letter else None


def _numbered(text: str, issued_date: _dt.date | None, taken: Spans) -> list[_Item]:
    pats = _patterns()
    t = load_tables()
    items: list[_Item] = []
    group = -1
    for m in SYMBOL_RE.finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue  # "2019/BCT" inside "QCVN 01:2019/BCT"
        sym = _parse_symbol(m.group(0))
        if sym is None:
            continue
        wstart = max(0, m.start() - 48)
        # Cheap tests first: the header field ends in ":" and a form names one of its words.
        if ":" in text[m.start() - 4 : m.start()] and pats["header_field"].search(text, wstart, m.start()):
            continue
        if _may_name_form(text[wstart : m.start()]) and pats["form"].search(text, wstart, m.start()):
            continue
        p = pats["prefix"].search(text, wstart, m.start())
        start = p.start() if p and p.group(0) else m.start()
        type_word = generic = None
        if p and p["type"]:
            key = _folded(p["type"])
            type_word = t.type_by_alias.get(key)
            generic = key in t.generic_aliases
        elif law := _title_before(text, m.start(), sym):
            start, type_word = law
        has_so = bool(p and p["so"])
        if not (sym.strong or type_word or has_so):
            continue
        end = m.end()
        date = None
        if d := pats["date_after"].match(text, end):
            date = parse_day(d["date"], issued_date=issued_date, prefer="past")
            if date is not None:
                end = d.end()
        if date is None:
            date = _date_before(text, start, issued_date)
        prev = items[-1] if items else None
        # A list goes on after a connector, with no type word or the same one again ("Nghị định
        # số 13/2008/NĐ-CP, Nghị định số 14/2008/NĐ-CP ngày 02 tháng 02 năm 2008").
        continues = (
            prev is not None
            and (type_word is None or (type_word == prev.type_word and not generic and prev.date is None))
            and pats["connector"].fullmatch(text, prev.end, start) is not None
        )
        if continues and prev is not None:  # (``continues`` needs a previous item)
            type_word, generic = prev.type_word, prev.generic
        else:
            group += 1
        items.append(_Item(start, end, sym, type_word, bool(generic), date, group))
    # An undated item takes the date of the next dated item of its list, unless its own symbol
    # names another year.
    for i in range(len(items) - 2, -1, -1):
        a, b = items[i], items[i + 1]
        if a.date is None and b.group == a.group and (a.sym.year is None or b.date is None or a.sym.year == b.date.year):
            a.date = b.date
    return items


def _standards(text: str) -> list[LegalReference]:
    """Technical regulations and standards, numbered as written: "QCVN 01:2019/BCT"."""
    t = load_tables()
    if not any(code in text for code in t.standards):
        return []
    words = _patterns()["standard_words"]
    found = []
    for m in _standard_re().finditer(text):
        w = words.search(text, max(0, m.start() - 40), m.start())
        start = w.start() if w else m.start()
        number = regex.sub(r"\s*([:/])\s*", r"\1", _SPACE_RE.sub(" ", m.group(0)))
        issuer = t.issuers.get(m["issuer"]) or t.issuers.get(_issuer_key(m["issuer"])) if m["issuer"] else None
        found.append(LegalReference(text=text[start : m.end()], doc_type=t.standards[m["code"]], number=number,
                                    year=int(m["year"]), issuer=issuer, start=start, end=m.end()))
    return found


def _date_before(text: str, start: int, issued_date: _dt.date | None) -> _dt.date | None:
    """A citation's date written before it: "Ngày 22/2, Thủ tướng … đã có Công điện số …",
    "văn bản đề ngày 29 tháng 10 năm 2025 số …"."""
    pats = _patterns()
    lo = max(0, start - 260)
    m = pats["dated_before"].search(text, lo, start) or pats["date_before"].search(text, lo, start)
    return parse_day(m["date"], issued_date=issued_date, prefer="past") if m else None


@lru_cache(maxsize=limits.CACHE_REFERENCE_WORDS)
def _folded(word: str) -> str:
    return fold(word)


def _may_name_form(window: str) -> bool:
    low = window.casefold()
    return any(w in low for w in _form_words_folded())


@lru_cache(maxsize=1)
def _form_words_folded() -> tuple[str, ...]:
    return tuple(fold(w) for w in load_tables().form_words)


def _title_before(text: str, pos: int, sym: _Symbol) -> tuple[int, str] | None:
    """(start, type) of a law's title written before its number in any case ("Bộ luật dân sự số
    33/2005/QH11"); only for symbols of the bodies that pass laws, whose number has no type code."""
    t = load_tables()
    if sym.type_code_type or sym.issuer_code is None or _issuer_key(sym.issuer_code) not in t.titled_number_issuers:
        return None
    m = _patterns()["titled_before"].search(text, max(0, pos - 160), pos)
    if m is None:
        return None
    return m.start(), t.type_by_alias[fold(m["type"])]


def _law_title(raw_title: str, stop: frozenset[str], comma_words: frozenset[str] = frozenset()) -> str:
    """Cut a law title at the first stop word or non-letter: " Đầu tư công liên quan" -> "Đầu tư công";
    a comma goes on only before one of ``comma_words`` ("Phòng, chống tham nhũng")."""
    words = raw_title.split()
    if not words or not words[0][:1].isupper():
        return ""
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w.endswith(","):
            if nxt in comma_words:
                out.append(w)
                continue
            w = w[:-1]
            if w not in stop:
                out.append(w)
            break
        # "… Hội đồng nhân dân và Ủy ban nhân dân": "và" joins two capitalised names of one title.
        joins = w == "và" and nxt[:1].isupper() and nxt not in ("Luật", "Bộ")
        if w in stop and not joins:  # lower-case only: "Luật Quy hoạch" keeps "Quy"
            break
        if w in ("Luật", "Bộ") and out:  # "Luật A Luật B": a second law begins
            break
        out.append(w)
    return " ".join(out)


def _named(text: str, taken: list[tuple[int, int]]) -> list[LegalReference]:
    pats = _patterns()
    stop = load_tables().law_stopwords
    comma_words = load_tables().title_comma_words
    found: list[LegalReference] = []
    busy = Spans(taken)

    amend_ends: dict[int, int] = {}
    for m in pats["law_amend"].finditer(text):
        amend_ends[m.end()] = m.start()
    for m in pats["law_head"].finditer(text):
        words = pats["law_words"].match(text, m.end())
        raw = words.group(0) if words else ""
        title = _law_title(raw, stop, comma_words)
        if not title:
            continue
        # End of the title in the text: walk the raw title word by word.
        pos = 0
        for w in title.split():
            pos = raw.index(w, pos) + len(w)
        start, end = m.start(), m.end() + pos
        if start in amend_ends:
            start = amend_ends[start]
        if busy.overlaps(start, end):
            continue
        busy.add(start, end)
        found.append(
            LegalReference(
                text=text[start:end], doc_type=m["type"], number=None, start=start, end=end
            )
        )
    for m in pats["scheme"].finditer(text):
        if not busy.overlaps(m.start(), m.end()):
            found.append(
                LegalReference(text=m.group(0), doc_type=m["type"], number=None, start=m.start(), end=m.end())
            )
    return found


def find_references(text: str, *, issued_date: _dt.date | None = None) -> list[LegalReference]:
    """All reference mentions in ``text`` in document order (offsets into ``text``).

    ``issued_date`` supplies the year of a citation dated without one ("ngày 28 tháng 01").

    >>> refs = find_references("các Nghị quyết số 01/NQ-CP, 02/NQ-CP ngày 08/01/2025")
    >>> [(r.number, str(r.date)) for r in refs]
    [('01/NQ-CP', '2025-01-08'), ('02/NQ-CP', '2025-01-08')]
    """
    standards = _standards(text)
    items = _numbered(text, issued_date, Spans([(r.start, r.end) for r in standards]))
    group_end: dict[int, int] = {}
    for it in items:
        group_end[it.group] = it.end
    refs: list[LegalReference] = []
    for it in items:
        # The first item of a list spans from the type word; later ones from their symbol.
        refs.append(
            LegalReference(
                text=text[it.start : it.end],
                doc_type=_doc_type(it),
                number=it.sym.number,
                date=it.date,
                year=it.sym.year or (it.date.year if it.date else None),
                issuer=_issuer(it.sym, text, group_end[it.group]),
                start=it.start,
                end=it.end,
            )
        )
    named = _named(text, [(r.start, r.end) for r in refs + standards])
    refs = _merge_titled_numbers(text, refs, named) + standards
    refs += _short_forms(text, refs, issued_date)
    refs.sort(key=lambda r: r.start)
    return refs


@lru_cache(maxsize=1)
def _short_re() -> regex.Pattern:
    """"nghị định 64", "Thông tư 72", "Nghị định số 10 năm 2022", "nghị định 64/2008"."""
    t = load_tables()
    any_case = _alias_alternation([n for n, a in t.short_forms.items() if a])
    cased = _alias_alternation([n for n, a in t.short_forms.items() if not a])
    # Matched at the number, the type read behind it: a scan that stops only at digits.
    return regex.compile(
        rf"(?=\d)(?<=(?<!\p{{L}})(?P<type>(?i:{any_case})|{cased}){GAP}(?:(?i:số){GAP})?)(?P<num>\d{{1,4}})"
        rf"(?:\s?/\s?(?P<y>{YEAR})|{GAP}năm{GAP}(?P<y2>{YEAR}))?(?![\d/\-\p{{L}}]|[.,]\d|\s{{0,2}}%|{GAP}(?:lần|người|trường{GAP}hợp|điều|khoản)(?!\p{{L}}))"
    )


def _short_forms(text: str, refs: list[LegalReference], issued_date: _dt.date | None) -> list[LegalReference]:
    """Bare-number citations the press writes, each given the full symbol of the same type and
    number when the text cites one ("Chỉ thị 11" after "Chỉ thị số 11-CT/TU")."""
    t = load_tables()
    if not t.short_forms:
        return []
    busy = Spans([(r.start, r.end) for r in refs])
    full: dict[tuple[str, str], LegalReference] = {}
    for r in refs:
        if r.number and r.doc_type and (m := _LEAD_NUM_RE.match(r.number)):
            full.setdefault((r.doc_type, m.group(0)), r)
    out = []
    for m in _short_re().finditer(text):
        start = m.start("type")
        if busy.overlaps(start, m.end()):
            continue
        doc_type = next(n for n in t.short_forms if fold(n) == fold(m["type"]))
        year = int(m["y"] or m["y2"]) if (m["y"] or m["y2"]) else None
        known = full.get((doc_type, m["num"]))
        if known is not None and (year is None or known.year in (None, year)):
            upd: dict[str, Any] = {"number": known.number, "date": known.date, "issuer": known.issuer, "year": known.year}
        else:
            upd = {"number": f"{m['num']}/{m['y']}" if m["y"] else m["num"], "year": year}
        out.append(LegalReference(text=text[start : m.end()], doc_type=doc_type, start=start, end=m.end(), **upd))
    # "nghị định 64" beside "nghị định 64/2008": the one with its year names the document.
    dated: dict[tuple[str | None, str | None], str] = {
        (r.doc_type, num.split("/")[0]): num for r in out if (num := r.number) and "/" in num}
    return [r.model_copy(update={"number": dated[(r.doc_type, r.number)]}) if (r.doc_type, r.number) in dated else r
            for r in out]


_LEAD_NUM_RE = LazyPattern(r"\d+(?=[/\-])")


# "Luật Đầu tư công số 39/2019/QH14": the gap between a law's title and its number.
_TITLE_GAP_RE = LazyPattern(r"(?i)\s{1,3}(?:số\s{1,3})?")


def _merge_titled_numbers(
    text: str, numbered: list[LegalReference], named: list[LegalReference]
) -> list[LegalReference]:
    """A titled law directly followed by its number is one reference ("Luật X số 39/2019/QH14")."""
    starts = [r.start for r in numbered]  # numbered mentions are in document order
    out = list(numbered)
    for law in named:
        gap = _TITLE_GAP_RE.match(text, law.end)
        # the numbered mention starts right after the title, at its symbol or at "số"
        idx = bisect.bisect_right(starts, law.end)
        target = None
        if idx < len(starts) and starts[idx] <= max(law.end + 4, gap.end() if gap else 0):
            target = numbered[idx]
        if target is not None and target.doc_type in (None, "Công văn"):
            out[idx] = target.model_copy(
                update={"start": law.start, "text": text[law.start : target.end], "doc_type": law.doc_type}
            )
        else:
            out.append(law)
    return out


def distinct_references(mentions: list[LegalReference]) -> tuple[list[LegalReference], list[str]]:
    """One entry per distinct document, in order of first mention, plus warnings.

    Numbers compare folded; a later mention with a different date keeps the first date and
    adds a warning; a missing date, type, issuer or year is filled from a later mention.
    Titled references without a number are deduplicated by folded text.

    >>> a = find_references("Quyết định số 104/QĐ-TTg ngày 25/01/2024, Quyết định 104/QĐ-TTg ngày 05/01/2024")
    >>> refs, warnings = distinct_references(a)
    >>> len(refs), str(refs[0].date), len(warnings)
    (1, '2024-01-25', 1)
    """
    out: list[LegalReference] = []
    index: dict[str, int] = {}
    warnings: list[str] = []
    for r in mentions:
        key = fold(r.number) if r.number else "title:" + fold(r.text)
        if key not in index:
            index[key] = len(out)
            out.append(r)
            continue
        first = out[index[key]]
        update = {}
        for field in ("date", "doc_type", "issuer", "year"):
            if getattr(first, field) is None and getattr(r, field) is not None:
                update[field] = getattr(r, field)
        if first.date and r.date and first.date != r.date:
            warnings.append(
                f"reference {first.number} cited with two dates: {first.date.isoformat()} "
                f"and {r.date.isoformat()}; keeping {first.date.isoformat()}"
            )
        if update:
            out[index[key]] = first.model_copy(update=update)
    return out, warnings
