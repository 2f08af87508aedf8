"""Local bodies: a province's departments, police and military command, the People's Committees
of communes and wards, and the local groups (SPEC §3 "Local bodies").

Names keep their locality: "Sở Công Thương tỉnh Lào Cai", "Công an tỉnh Lào Cai",
"Ủy ban nhân dân xã Bảo Thắng". Inside a document issued by a province's body (its ``home``
province), a bare "Sở Tài chính" or "Công an tỉnh" is that province's. The vocabulary is
``data/local_bodies.json``; the names of communes and wards are ``data/local_units.json``
(generated from the ``vietnam-provinces`` package by ``scripts/make_local_units.py``).

>>> [(f.name, f.kind) for f in find_local("Giao Sở Công Thương chủ trì, phối hợp với Công an tỉnh", home="lao-cai")]
[('Sở Công Thương tỉnh Lào Cai', 'local'), ('Công an tỉnh Lào Cai', 'local')]
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
from bisect import bisect_right
import json
from dataclasses import dataclass
from importlib import resources

import regex

from . import gazetteer as gz
from . import prefilter
from .agencies import Found

_WORD_GAP = r"[\s,\-–&]+"
_REACH = 240  # the longest a local body's mention can be, in characters
# A list of provinces ("tỉnh A, B, C và D") may name every province: 63 names then, ~1,200 characters.
_LIST_REACH = 1_500
# The date of the communes and wards listed in local_units.json: a commune's province is read from
# that list only for a document issued on or after it (before, the names and borders differed).
_UNITS_FROM = _dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Home:
    """Where a document comes from: its issuing body's province (an id of ``provinces.json``, or
    None when unknown) and, for a commune's, ward's or special zone's document, that unit
    (``unit_type`` "xã", ``unit_name`` "Tân Lập").

    >>> Home("phu-tho", "xã", "Tân Lập").unit
    'xã Tân Lập'
    """

    province: str | None = None
    unit_type: str | None = None
    unit_name: str | None = None

    @property
    def unit(self) -> str | None:
        return f"{self.unit_type} {self.unit_name}" if self.unit_type and self.unit_name else None


def as_home(home: "str | Home | None") -> Home | None:
    """``home`` as a :class:`Home`: a bare string is a province id (a province's own document)."""
    return Home(province=home) if isinstance(home, str) else home


def _pid(home: Home | None) -> str | None:
    return home.province if home else None


def _read(name: str) -> dict:
    return json.loads(resources.files("vn_directive_nlp").joinpath(f"data/{name}").read_text("utf-8"))


def _words_pattern(surface: str) -> str:
    """A surface as a pattern whose words may be parted by spaces, commas, dashes or "&"."""
    words = [w for w in regex.split(r"[\s,\-–&]+", surface) if w]
    return _WORD_GAP.join(regex.escape(w) for w in words)


def _alternation(surfaces) -> str:
    return "|".join(_words_pattern(s) for s in sorted(set(surfaces), key=len, reverse=True))


def _surface_finder(name: str, surfaces: list[str]) -> prefilter.Anchored:
    """Surfaces in any case, each tried only after its own opening words: one small pattern per
    opening, not one alternation of them all at every spot."""
    groups: dict[str, list[str]] = {}
    for surface in surfaces:
        groups.setdefault(_opens([surface], any_case=False)[0].casefold(), []).append(surface)
    by_open = {k: regex.compile(r"(?i:" + _alternation(v) + r")(?![\p{L}\d])") for k, v in groups.items()}
    whole = regex.compile(r"(?i:" + _alternation(surfaces) + r")(?![\p{L}\d])")
    return prefilter.declare_anchored(name, whole, _opens(surfaces, any_case=True), reach=_REACH, by_open=by_open)


def _opens(surfaces, *, any_case: bool) -> tuple[str, ...]:
    """The first two words of ``surfaces`` (one when that is all), as written and in capitals,
    and with ``any_case`` also in lower case and capitalised: where a match may begin."""
    firsts = set()
    for surface in surfaces:
        # The surface as written up to its second word's end ("sở, ban" of "sở, ban, ngành").
        m = regex.match(r"\s*[^\s,\-–&:]+(?:[\s,\-–&:]+[^\s,\-–&:]+)?", surface)
        if m is None:
            raise ValueError(f"local_bodies.json: a surface with no word: {surface!r}")
        firsts.add(m.group().strip())
    variants = {v for w in firsts for v in (w, w.upper())}
    if any_case:  # each word in lower case, capitalised or in capitals ("các Sở", "Các sở", "CÁC SỞ")
        for w in firsts:
            words = regex.split(r"([\s,\-–&:]+)", w.lower())
            forms = [[x] if i % 2 else [x, x[:1].upper() + x[1:], x.upper()] for i, x in enumerate(words)]
            variants.update("".join(p) for p in itertools.product(*forms))
    return tuple(sorted(variants))


@dataclass(frozen=True)
class _Grammar:
    department: prefilter.Anchored  # "Sở Công Thương [tỉnh Lào Cai]", "các Sở: Tài chính, Xây dựng"
    department_item: regex.Pattern  # a further item of a department list
    provincial: prefilter.Anchored  # "Công an tỉnh [Lào Cai]"
    commune: prefilter.Anchored  # "Ủy ban nhân dân xã Bảo Thắng"
    groups: prefilter.Anchored
    home_groups: prefilter.Anchored
    short_to_name: dict[str, str]  # folded department surface (after "Sở ") -> canonical name
    body_to_name: dict[str, str]  # folded provincial body surface -> canonical name
    group_names: dict[str, str]  # folded group surface -> canonical group name
    province_by_key: dict[str, str]  # folded province name or alias -> province id
    units: dict[str, dict[str, frozenset[str]]]  # province id -> unit type -> folded names
    role_names: dict[str, str]
    party_roles: frozenset[str]
    actors: prefilter.Anchored  # "các tập đoàn, doanh nghiệp" before their verb
    abbreviations: dict[str, str]  # "DNNN" -> "doanh nghiệp nhà nước", written out in an actor's name
    actor_abbreviation: regex.Pattern  # any of them as a word
    actor_split: regex.Pattern  # a comma before an abbreviated head: another actor starts
    province_list: prefilter.Anchored  # "tỉnh Bắc Giang, Yên Bái", "UBND 2 tỉnh Bắc Ninh và Bắc Giang"
    province_name: regex.Pattern  # one province's name inside such a list


def _fold(s: str) -> str:
    """Folded words of a surface, punctuation dropped: the patterns let ",", "-", "&" vary."""
    return " ".join(k for k in gz.key_of(s) if k[:1].isalnum())


@functools.cache
def _grammar() -> _Grammar:
    data = _read("local_bodies.json")
    gaz = gz.load()
    short_to_name: dict[str, str] = {}
    for dept in data["departments"]:
        for surface in (dept["name"], *dept["aliases"]):
            short_to_name[_fold(surface[len("Sở "):])] = dept["name"]
    short_alt = _alternation(s["name"][len("Sở "):] for s in data["departments"]) + "|" + _alternation(
        a[len("Sở "):] for d in data["departments"] for a in d["aliases"])
    provinces: dict[str, str] = {}
    for pid, prov in gaz.provinces.items():
        for surface in (prov["name"], *prov.get("aliases", ())):
            provinces[_fold(surface)] = pid
    prov_alt = _alternation(p["name"] for p in gaz.provinces.values()) + "|" + _alternation(
        a for p in gaz.provinces.values() for a in p.get("aliases", ()))
    locality = (r"(?:\s+(?P<ltype>tỉnh|Tỉnh|thành\s+phố|Thành\s+phố|TP\.?|Tp\.?)"
                r"(?:\s+(?P<lname>(?-i:" + prov_alt + r"))(?![\p{L}\d]))?)?")
    department = prefilter.declare_anchored("local_bodies.department", regex.compile(
        r"(?P<plural>(?:các|Các|CÁC)\s+)?(?:Sở|SỞ)\s*:?\s+(?P<name>(?i:" + short_alt + r"))(?![\p{L}\d])" + locality),
        ("các Sở", "Các Sở", "các sở", "Các sở", "CÁC SỞ", "Sở", "SỞ"), reach=_REACH)
    department_item = regex.compile(
        r"\s*(?:,\s*và|,|;|và)\s*(?:Sở\s+)?(?P<name>(?i:" + short_alt + r"))(?![\p{L}\d])")
    body_to_name: dict[str, str] = {}
    for body in data["provincial"]:
        for surface in (body["name"], *body["aliases"]):
            body_to_name[_fold(surface)] = body["name"]
    body_alt = _alternation(s for b in data["provincial"] for s in (b["name"], *b["aliases"]))
    provincial = prefilter.declare_anchored("local_bodies.provincial", regex.compile(
        r"(?P<body>" + body_alt + r")(?=\s+(?:tỉnh|Tỉnh|thành\s+phố|Thành\s+phố|TP\b|Tp\b|cấp\s+tỉnh))(?:\s+(?P<level>cấp)(?=\s+tỉnh))?" + locality
        + r"(?P<lower>\s*(?:,|và)\s*cấp\s+(?:xã|huyện))?"),
        _opens((s for b in data["provincial"] for s in (b["name"], *b["aliases"])), any_case=False), reach=_REACH)
    communes = data["communes"]
    role_alt = _alternation(communes["roles"])
    type_alt = _alternation(communes["types"])
    # (With no name, "Ủy ban nhân dân xã" is the issuing commune's: see _communes.)
    commune = prefilter.declare_anchored("local_bodies.commune", regex.compile(
        r"(?P<role>" + role_alt + r")\s+(?P<ctype>" + type_alt + r")(?:\s+"
        r"(?P<cname>\p{Lu}[\p{L}]*(?:[ ]\p{Lu}[\p{L}]*){0,3}|\d{1,2}))?(?![\p{L}\d])(?!\s+hội\b)"), tuple(communes["roles"]),
        reach=_REACH)
    group_names: dict[str, str] = {}
    for g in data["groups"] + data["home_only"]:
        for s in g["surfaces"]:
            group_names.setdefault(_fold(s), g["name"])
    group_surfaces = [s for g in data["groups"] for s in g["surfaces"]]
    home_surfaces = [s for g in data["home_only"] for s in g["surfaces"]]
    groups = _surface_finder("local_bodies.groups", group_surfaces)
    home_groups = _surface_finder("local_bodies.home_groups", home_surfaces)
    actors = _actor_finder(data["actors"])
    one = r"(?-i:" + prov_alt + r")(?![\p{L}\d])"
    province_name = regex.compile(one)
    # (From the type word on: "UBND 2 tỉnh Bắc Ninh và Bắc Giang" is read from "tỉnh"; a scan for
    # the few opening words is what keeps this finder cheap on long texts.)
    province_list = prefilter.declare_anchored("local_bodies.province_list", regex.compile(
        r"(?:tỉnh|thành\s+phố|Tỉnh|Thành\s+phố)\s+" + one
        + r"(?:\s*(?:,|,?\s+và)\s+(?:tỉnh\s+|thành\s+phố\s+)?" + one + r")+"),
        ("tỉnh", "Tỉnh", "thành phố", "Thành phố"), reach=_LIST_REACH)
    abbreviations = data["actors"]["abbreviations"]
    abbreviation = regex.compile(r"(?<![\p{L}\d])(?:" + "|".join(map(regex.escape, abbreviations)) + r")(?![\p{L}\d])")
    split = regex.compile(r"\s*,\s*(?=(?:" + "|".join(h for h in data["actors"]["heads"] if h.isupper()) + r")(?![\p{L}\d]))")
    units = {pid: {kind: frozenset(map(_fold, names)) for kind, names in kinds.items()}
             for pid, kinds in _read("local_units.json")["provinces"].items()}
    return _Grammar(department, department_item, provincial, commune, groups, home_groups, short_to_name,
                    body_to_name, group_names, provinces, units, communes["roles"], frozenset(communes["party_roles"]),
                    actors, abbreviations, abbreviation, split, province_list, province_name)


def _actor_finder(actors: dict) -> prefilter.Anchored:
    """Plural actors named as written up to the verb they are told to act with: "các tập đoàn,
    doanh nghiệp chủ động …" → "các tập đoàn, doanh nghiệp"."""
    lex = _read("directive_lexicon.json")
    verbs = _alternation([*actors["ends"], *lex["action_verbs"], *lex["imperative_only"]])
    heads = _alternation(actors["heads"])
    pattern = regex.compile(
        r"(?P<np>(?:các|Các)\s+(?:" + heads + r")(?:(?:,\s*|\s+)(?!(?:" + verbs + r")\b)[\p{L}\-]+){0,10}?)"
        r"(?<!\s(?:là|của|và|tại|thuộc|có|được|với))"  # not a noun phrase's end: "các chủ rừng là …"
        r"(?=,?\s+(?:" + verbs + r")\b(?!\s*:)|[ ]*:?[ ]*(?:\n|$))")  # a verb that acts, not a heading's word ("… tổ chức:"); or a heading's end
    opens = tuple(f"{c} {h.split()[0]}" for c in ("các", "Các") for h in actors["heads"])
    return prefilter.declare_anchored("local_bodies.actors", pattern, tuple(sorted(set(opens))), reach=_REACH)


# What stands before an actor that ends its line with no verb: a list marker or an address.
_HEADING_HEAD_RE = regex.compile(
    r"\s*(?:(?:[\dIVX]{1,4}[.)]|\p{Ll}[.)]|[-–+])\s*(?:(?:Đề\s+nghị|Yêu\s+cầu|Giao)\s+)?|(?:Đề\s+nghị|Yêu\s+cầu|Giao)\s+)")
_ACTS_AFTER_RE = regex.compile(r",?[ ]+\S")  # a verb follows on the same line


def _actors(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    g = _grammar()
    out = []
    for m in g.actors.finditer(text, start, end):
        if not _ACTS_AFTER_RE.match(text, m.end("np")) and not _HEADING_HEAD_RE.fullmatch(
                text, text.rfind("\n", 0, m.start()) + 1, m.start()):
            continue  # a noun phrase ending its line names an actor only as a heading: "9. Đề nghị các …"
        pos = m.start()
        # "các tập đoàn, tổng công ty nhà nước, DNNN": an abbreviated head after a comma is an actor of its own.
        for piece in g.actor_split.split(m.group("np")):
            a = text.find(piece, pos)
            pos = a + len(piece)
            name = g.actor_abbreviation.sub(lambda w: g.abbreviations[w.group()], piece)
            name = name if name[:3].casefold() == "các" else "các " + name
            out.append(Found("c" + name[1:] if name.startswith("C") else name, piece, "other", a, a + len(piece)))
    return out


_LIST_PREFIX_RE = regex.compile(r"(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:(?:hai|ba|bốn|\d)\s+)?$")


def _province_lists(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    """A province named with the ones listed after it: "tỉnh Bắc Giang, Yên Bái", "UBND 2 tỉnh Bắc
    Ninh và Bắc Giang" — each stands for its Ủy ban nhân dân (SPEC §3 "a province addressed as such")."""
    g = _grammar()
    gaz = gz.load()
    out: list[Found] = []
    for m in g.province_list.finditer(text, start, end):
        head = _LIST_PREFIX_RE.search(text, max(start, m.start() - 30), m.start())
        first = head.start() if head else m.start()  # "UBND 2 tỉnh …": the committee and count belong to it
        for pm in g.province_name.finditer(text, m.start(), m.end()):
            pid = g.province_by_key.get(_fold(pm.group()))
            if pid:
                a = first if not out or _span(out[-1])[1] <= first else pm.start()
                out.append(Found(gaz.derived(pid, "ubnd").name, text[a:pm.end()], "province", a, pm.end()))
    return out


def locality_of(province_id: str) -> str:
    """ "tỉnh Lào Cai", "Thành phố Hồ Chí Minh", "thành phố Hà Nội": a province as a body's name ends."""
    prov = gz.load().provinces[province_id]
    return prov.get("full") or f"{prov['type']} {prov['name']}"


def province_id(name: str) -> str | None:
    """The id of a province written bare or with its type ("Lào Cai", "tỉnh Lào Cai", "TP.HCM")."""
    key = _fold(regex.sub(r"^(?i:tỉnh|thành\s+phố|tp\.?)\s+", "", name.strip()))
    return _grammar().province_by_key.get(key)


def _place(m: regex.Match, home: str | None) -> str | None:
    """The locality a match names: its own province, else (a bare "tỉnh" or none) the home one."""
    if m.group("lname"):
        return _grammar().province_by_key.get(_fold(m.group("lname")))
    return home


def _named(base: str, pid: str | None) -> str:
    return f"{base} {locality_of(pid)}" if pid else base


def _departments(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    g = _grammar()
    out: list[Found] = []
    for m in g.department.finditer(text, start, end):
        pid = _place(m, _pid(home))
        name = g.short_to_name[_fold(m.group("name"))]
        out.append(Found(_named(name, pid), text[m.start():m.end()], "local", m.start(), m.end()))
        if not m.group("plural"):
            continue
        pos = m.end("name")
        while (item := g.department_item.match(text, pos, end)) is not None:
            name = g.short_to_name[_fold(item.group("name"))]
            out.append(Found(_named(name, pid), item.group("name"), "local", item.start("name"), item.end("name")))
            pos = item.end()
    return out


def _provincial(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    g = _grammar()
    out = []
    for m in g.provincial.finditer(text, start, end):
        if not m.group("ltype"):
            continue
        pid = _place(m, _pid(home))
        base = g.body_to_name[_fold(m.group("body"))]
        stop = m.end("lower") if m.group("lower") is None else m.start("lower")
        stop = m.end() if m.group("lower") is None else stop
        out.append(Found(_named(base, pid) if pid else f"{base} {m.group('ltype')}", text[m.start():stop],
                         _provincial_kinds().get(base, "local"), m.start(), stop))
        if m.group("lower"):  # "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã": the communes' too
            level = " ".join(m.group("lower").replace(",", " ").split()[-2:])
            out.append(Found(f"{base} {level}", m.group("lower").strip(" ,"), "local", m.end() - len(m.group("lower").lstrip(" ,")), m.end()))
    return out


@functools.cache
def _provincial_kinds() -> dict[str, str]:
    """A provincial body's kind where it is not ``local`` ("Hội Nông dân" → party_state)."""
    return {b["name"]: b["kind"] for b in _read("local_bodies.json")["provincial"] if "kind" in b}


def _commune_name(run: str, kind: str, home: str | None) -> str:
    """The commune's name inside a run of capitalised words: the longest listed name it opens
    with (``local_units.json``), else the whole run."""
    g = _grammar()
    words = run.split()
    kinds = (kind,) if kind != "huyện" else ()
    places = [home] if home else list(g.units)
    for n in range(len(words), 0, -1):
        key = _fold(" ".join(words[:n]))
        if any(key in g.units.get(p, {}).get(k, ()) for p in places for k in kinds):
            return " ".join(words[:n])
    return run


def _communes(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    g = _grammar()
    out = []
    for m in g.commune.finditer(text, start, end):
        kind = " ".join(m.group("ctype").split()).lower()
        role = g.role_names.get(" ".join(m.group("role").split()), "Ủy ban nhân dân")
        if m.group("cname") is None:  # "Ủy ban nhân dân xã": the issuing commune's, else no one's
            if home is None or home.unit_type != kind or not home.unit_name:
                continue
            name, stop = home.unit_name, m.end("ctype")
        else:
            name = _commune_name(m.group("cname"), kind, _pid(home))
            stop = m.start("cname") + len(name)
        agency_kind = "party_state" if role in g.party_roles else "local"
        out.append(Found(f"{role} {kind} {name}", text[m.start():stop], agency_kind, m.start(), stop))
    return out


def _groups(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    g = _grammar()
    out = []
    # ("các địa phương" is the communes in a local document, never the provinces.)
    patterns = (g.groups, g.home_groups) if home and (home.province or home.unit) else (g.groups,)
    for rx in patterns:
        for m in rx.finditer(text, start, end):
            name = g.group_names[_fold(m.group())]
            out.append(Found(name, m.group(), "group", m.start(), m.end()))
    return out


@dataclass(frozen=True)
class _UnitGrammar:
    bodies: prefilter.Anchored  # "Công an xã [Tân Lập]", "Phòng Kinh tế"
    officials: prefilter.Anchored  # "công chức Tư pháp - Hộ tịch xã [Tân Lập]"
    groups: prefilter.Anchored  # "Trưởng các thôn, bản", "các ban, ngành, đoàn thể xã"
    body_to_name: dict[str, tuple[str, str, bool, frozenset[str]]]  # folded surface -> name, kind, bare, levels
    group_names: dict[str, str]  # folded group surface -> canonical group name
    lists: prefilter.Anchored  # "UBND các xã: Bảo Thắng, Gia Phú", "Công an xã Bảo Thắng, xã Gia Phú"
    list_item: regex.Pattern  # a further unit of such a list


# A unit's type and, when written, its name; never "xã hội".
_UNIT = (r"(?:\s+(?P<utype>{types})(?![\p{{L}}\d])(?!\s+hội\b)"
         r"(?:\s+(?P<uname>\p{{Lu}}[\p{{L}}]*(?:[ ]\p{{Lu}}[\p{{L}}]*){{0,3}}|\d{{1,2}})(?![\p{{L}}\d]))?)")
# One part of an official's field: a capitalised word and up to two more ("Tư pháp", "Hộ tịch").
_FIELD_PART = r"\p{Lu}\p{Ll}*(?:[ ]\p{Ll}+){0,2}"


@functools.cache
def _unit_grammar() -> _UnitGrammar:
    data = _read("local_bodies.json")["commune_bodies"]
    unit = _UNIT.format(types=_alternation(_read("local_bodies.json")["communes"]["types"]))
    surfaces = [s for b in data["bodies"] for s in (b["name"], *b["aliases"])]
    every = _read("local_bodies.json")["communes"]["types"]
    body_to_name = {_fold(s): (b["name"], b.get("kind", "local"), bool(b.get("bare")), frozenset(b.get("levels", every)))
                    for b in data["bodies"] for s in (b["name"], *b["aliases"])}
    bodies = prefilter.declare_anchored("local_bodies.unit_bodies", regex.compile(
        r"(?P<body>" + _alternation(surfaces) + r")(?![\p{L}\d])" + unit + "?"),
        _opens(surfaces, any_case=False), reach=_REACH)
    field = _FIELD_PART + r"(?:(?:[ ]?[-–,][ ]?|[ ]và[ ])" + _FIELD_PART + r"){0,4}"
    officials = prefilter.declare_anchored("local_bodies.unit_officials", regex.compile(
        r"(?P<head>" + _alternation(data["officials"]) + r")\s+(?P<field>" + field + r")" + unit),
        tuple(data["officials"]), reach=_REACH)
    group_names = {_fold(s): g["name"] for g in data["groups"] for s in g["surfaces"]}
    groups = _surface_finder("local_bodies.unit_groups", [s for g in data["groups"] for s in g["surfaces"]])
    communes = _read("local_bodies.json")["communes"]
    types, heads = _alternation(communes["types"]), _alternation([*communes["roles"], *surfaces])
    name = r"\p{Lu}[\p{L}]*(?:[ ]\p{Lu}[\p{L}]*){0,3}(?![\p{L}\d])"
    lists = prefilter.declare_anchored("local_bodies.unit_lists", regex.compile(
        r"(?P<head>" + heads + r")\s+(?P<plural>các\s+)?(?P<utype>" + types + r")\s*:?\s+(?P<first>" + name + ")"),
        _opens([*communes["roles"], *surfaces], any_case=False), reach=_REACH)
    list_item = regex.compile(r"\s*(?:,\s*và|,|;|và)\s+(?:(?P<utype>" + types + r")\s+)?(?P<name>" + name + ")")
    return _UnitGrammar(bodies, officials, groups, body_to_name, group_names, lists, list_item)


def _unit_of(m: regex.Match, home: Home | None, *, bare: bool, levels: frozenset[str] | None = None
             ) -> tuple[str, int] | None:
    """(the unit, as "xã Tân Lập", and where its mention ends) that a commune body's mention names:
    its own unit when written, else the issuing unit when the type is its type (or, for a ``bare``
    body, when no type is written and the issuing unit's type is among the body's ``levels``: a
    district's "Phòng Tư pháp" is no commune's); None when the mention names no unit."""
    utype = m.group("utype")
    if utype is None:
        if not bare or home is None or home.unit is None or (levels is not None and home.unit_type not in levels):
            return None
        return home.unit, m.end()
    utype = " ".join(utype.split())
    if m.group("uname") is not None:
        name = _commune_name(m.group("uname"), utype, _pid(home))
        return f"{utype} {name}", m.start("uname") + len(name)
    if home is None or home.unit is None or home.unit_type != utype:
        return None  # "Công an xã" in a province's document: no commune is invented
    return home.unit, m.end("utype")


def _list_base(head: str) -> tuple[str, str]:
    """(canonical name, kind) of a unit list's head: a People's Committee or Party committee
    ("UBND" → "Ủy ban nhân dân") or one of a commune's bodies ("Công an")."""
    g, ug = _grammar(), _unit_grammar()
    role = next((v for k, v in g.role_names.items() if _fold(k) == _fold(head)), None)
    if role is not None:
        return role, "party_state" if role in g.party_roles else "local"
    name, kind, _bare, _levels = ug.body_to_name[_fold(head)]
    return name, kind


def _unit_lists(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    """Units listed after one head (SPEC: shared-prefix lists expand): "UBND các xã: Bảo Thắng,
    Gia Phú và Cốc San" → three People's Committees, "Công an xã Bảo Thắng, xã Gia Phú" → two. A
    further item counts when it repeats the type word or is a listed unit of that type."""
    g, ug = _grammar(), _unit_grammar()
    out: list[Found] = []
    pid = _pid(home)
    for m in ug.lists.finditer(text, start, end):
        base, kind = _list_base(m.group("head"))
        utype = " ".join(m.group("utype").split())
        first = _commune_name(m.group("first"), utype, pid)
        items = [(m.start(), m.start("first") + len(first), f"{utype} {first}")]
        pos = m.start("first") + len(first)
        while (item := ug.list_item.match(text, pos, end)) is not None:
            own = " ".join(item.group("utype").split()) if item.group("utype") else utype  # "…, phường Sa Pa"
            name = _commune_name(item.group("name"), own, pid)
            listed = any(_fold(name) in kinds.get(own, ()) for p, kinds in g.units.items() if pid in (None, p))
            if item.group("utype") is None and not listed:
                break
            items.append((item.start("name"), item.start("name") + len(name), f"{own} {name}"))
            pos = item.start("name") + len(name)
        if len(items) > 1 or m.group("plural"):
            out.extend(Found(f"{base} {n}", text[a:b], kind, a, b) for a, b, n in items)
    return out


def _unit_bodies(text: str, start: int, end: int, home: Home | None) -> list[Found]:
    """A commune's (ward's, special zone's) bodies and officials: "Công an xã Tân Lập"; in the
    commune's own document "Công an xã", "Trạm Y tế", "công chức Tư pháp - Hộ tịch xã"."""
    ug = _unit_grammar()
    out = []
    for m in ug.bodies.finditer(text, start, end):
        name, kind, bare, levels = ug.body_to_name[_fold(m.group("body"))]
        unit = _unit_of(m, home, bare=bare, levels=levels)
        if unit is not None:
            out.append(Found(f"{name} {unit[0]}", text[m.start():unit[1]], kind, m.start(), unit[1]))
    for m in ug.officials.finditer(text, start, end):
        unit = _unit_of(m, home, bare=False)
        if unit is not None:
            name = f"công chức {' '.join(m.group('field').split())} {unit[0]}"
            out.append(Found(name, text[m.start():unit[1]], "local", m.start(), unit[1]))
    if home is not None and home.unit is not None:
        for m in ug.groups.finditer(text, start, end):
            out.append(Found(ug.group_names[_fold(m.group())], m.group(), "group", m.start(), m.end()))
    return out


def find_local(text: str, start: int = 0, end: int | None = None, *, home: "str | Home | None" = None) -> list[Found]:
    """Local bodies and groups in ``text[start:end]``, in order, overlaps resolved to the longest.

    ``home``: where the issuing body is (a bare "Sở Tài chính" is its province's, a bare "Công an
    xã" its commune's): a :class:`Home`, a province id, or None.

    >>> [f.name for f in find_local("UBND các xã, phường; Ủy ban nhân dân phường Yên Bái")]
    ['Ủy ban nhân dân các xã, phường', 'Ủy ban nhân dân phường Yên Bái']
    """
    end = len(text) if end is None else end
    where = as_home(home)
    found = [f for finder in (_departments, _provincial, _unit_lists, _communes, _unit_bodies, _groups, _actors,
                              _province_lists)
             for f in finder(text, start, end, where)]
    found.sort(key=lambda f: (_span(f)[0], _span(f)[0] - _span(f)[1]))
    out: list[Found] = []
    for f in found:
        if out and _span(f)[0] < _span(out[-1])[1]:
            continue
        out.append(f)
    return out


def _span(f: Found) -> tuple[int, int]:
    """(start, end) of a local mention: a local finder always says where it stands."""
    if f.start is None or f.end is None:
        raise ValueError(f"a local mention without offsets: {f.name!r}")
    return f.start, f.end


def merge(scanned: list[Found], local: list[Found]) -> list[Found]:
    """The scanner's mentions and the local ones in text order; where they overlap the local one
    stands ("Văn phòng Ủy ban nhân dân tỉnh" is one body, not the province's committee)."""
    if not local:
        return scanned
    spans = [_span(f) for f in local]  # sorted, the spans do not overlap
    starts = [s for s, _ in spans]
    kept = []
    for m in scanned:
        if m.start is not None and m.end is not None:
            i = bisect_right(starts, m.start) - 1  # the last local mention starting at or before m
            if (i >= 0 and spans[i][1] > m.start) or (i + 1 < len(local) and spans[i + 1][0] < m.end):
                continue
        kept.append(m)
    return sorted(kept + local, key=lambda f: (f.start if f.start is not None else -1))


# The issuing body in a header's first lines, with the motto of the right column taken out:
# "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "UBND THÀNH PHỐ HÀ NỘI SỞ GIÁO DỤC VÀ ĐÀO TẠO".
_MOTTO_RE = regex.compile(r"(?i)CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc"
                      r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|[|*_#-]+")
_PROVINCE_HEAD_RE = regex.compile(r"(?i)(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND|TỈNH\s+ỦY|THÀNH\s+ỦY)?\s*(?P<type>TỈNH|THÀNH\s+PHỐ|TP\.?)\s+(?P<rest>[\p{L} .]+)")
_ISSUER_LINES = 6


@functools.cache
def _unit_head_re() -> regex.Pattern:
    """A commune's (ward's, special zone's, district's) body in a header: "ỦY BAN NHÂN DÂN XÃ TÂN
    LẬP", "ĐẢNG ỦY PHƯỜNG YÊN BÁI" (the roles and unit types of ``local_bodies.json``)."""
    communes = _read("local_bodies.json")["communes"]
    return regex.compile(r"(?i)(?<![\p{L}])(?P<role>" + _alternation(communes["roles"]) + r")\s+(?P<type>"
                         + _alternation(communes["types"]) + r")\s+(?P<name>[\p{L}]+(?:\s+[\p{L}]+){0,3})")


def _title(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def _issuer_block(head: str) -> str:
    """The header's issuer lines, joined, with the motto taken out."""
    lines = []
    for line in head.split("\n")[:_ISSUER_LINES]:
        if regex.match(r"\s*(?:Số|V/v|Kính)\b", line):
            break
        lines.append(line)
    return " ".join(_MOTTO_RE.sub(" ", " ".join(lines)).split())


def _head_province(block: str) -> str | None:
    for m in _PROVINCE_HEAD_RE.finditer(block):
        words = m.group("rest").split()
        for n in range(min(4, len(words)), 0, -1):
            pid = province_id(" ".join(words[:n]))
            if pid:
                return pid
    return None


def _only_province(name: str, utype: str) -> str | None:
    """The one province that has a unit of this type and name in ``local_units.json``; None when
    none has or several have ("xã Tân Lập" is in three provinces)."""
    key = _fold(name)
    found = [pid for pid, kinds in _grammar().units.items() if key in kinds.get(utype, ())]
    return found[0] if len(found) == 1 else None


def _unit_issuer(m: regex.Match, pid: str | None, issued: _dt.date | None) -> tuple[str, Home]:
    """The issuer and home of a commune's (ward's, special zone's) document: its province is the
    header's, else — for a document of the two-level government — the one the names data gives."""
    g = _grammar()
    utype = " ".join(m.group("type").split()).lower()
    role = next((v for k, v in g.role_names.items() if _fold(k) == _fold(m.group("role"))), "Ủy ban nhân dân")
    name = _commune_name(_title(m.group("name")), utype, pid)
    if pid is None and issued is not None and issued >= _UNITS_FROM:
        pid = _only_province(name, utype)
    return f"{role} {utype} {name}", Home(pid, utype, name)


def header_issuer(head: str, issued: _dt.date | None = None) -> tuple[str | None, Home | None]:
    """(issuer, home) of a document whose header names a province's or a commune's body;
    ``issued``: the document's date (a commune's province is looked up in the names of the
    communes after 1 July 2025 only for a document of that date or later).

    >>> header_issuer("ỦY BAN NHÂN DÂN\\nTỈNH LÀO CAI\\nSố: 5973/UBND-KT")
    ('Ủy ban nhân dân tỉnh Lào Cai', Home(province='lao-cai', unit_type=None, unit_name=None))
    """
    block = _issuer_block(head)
    if not block:
        return None, None
    pid = _head_province(block)
    cm = _unit_head_re().search(block)
    if cm:
        return _unit_issuer(cm, pid, issued)
    if pid is None:
        return None, None
    home = Home(pid)
    upper = block[:1].isupper() and not any(ch.islower() for ch in block[:40])
    dm = _grammar().department.search(block)
    if dm:
        return _named(_grammar().short_to_name[_fold(dm.group("name"))], pid), home
    if regex.search(r"(?i)\b(?:TỈNH|THÀNH)\s+ỦY\b", block):
        return gz.load().derived(pid, "party").name, home
    if upper or regex.search(r"(?i)ỦY\s+BAN\s+NHÂN\s+DÂN|UBND", block):
        return gz.load().derived(pid, "ubnd").name, home
    return None, home
