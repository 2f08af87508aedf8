"""The date grammar: how a day is written, for the header, legal references and deadlines.

>>> parse_day("ngày 15 tháng 9 năm 2022")
datetime.date(2022, 9, 15)
>>> regex.fullmatch(NGAY_DAY, "ngày mồng 3 tháng ba", regex.I) is not None
True

One set of building blocks (day, month, year numbers; the gap between words; number words)
makes every form below:

* a cited document's date (``references``): "ngày 15 tháng 9 năm 2022", "15/9/2022", "15-9-2022";
* a due day (``deadlines``): those, and month words ("tháng ba"), "mồng", a two-digit year ("3/3/17");
* the header's dates (``header``): the issue date after the place ("Hà Nội, ngày 26 tháng 10 năm
  2023"), a meeting's days ("ngày 19 và 20 tháng 8 năm 2008", "Sáng 19/7"), a news dateline
  ("Thứ Sáu, 27/10/2023") and "sáng nay, 1/12".

The header's forms read any one- or two-digit day and month and leave the calendar check to
:func:`safe_date`; the others take only numbers a calendar can hold (:data:`DAY`, :data:`MONTH`).
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from importlib import resources

import regex

from .textutil import LazyPattern

# --------------------------------------------------------------------------- building blocks

# Whitespace is bounded ({1,4}) so that a line wrap ("năm\n2021") is allowed but no quantifier can
# run away.
GAP = r"\s{1,4}"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"
YEAR = r"(?:19|20)\d{2}"


@lru_cache(maxsize=1)
def time_words() -> dict:
    """The words of ``data/time_words.json`` (number words, relative words, weekdays).

    >>> time_words()["numbers"]["sáu"]
    6
    """
    return json.loads(resources.files("vn_directive_nlp.data").joinpath("time_words.json").read_text("utf-8"))


def alt(words) -> str:
    """Alternation of words, longest first, a line wrap allowed between their parts."""
    return "|".join(GAP.join(regex.escape(p) for p in w.split()) for w in sorted(words, key=len, reverse=True))


_TW = time_words()
YEAR_WORD = _TW["year_number"]  # "năm": five, and the word for year
# "sáu" in "tháng sáu", "Mười" in "tháng Mười"; "năm" only as "tháng Năm"; "tháng một lần" is a rate.
MONTH_WORD = (
    rf"(?:{alt(w for w in _TW['numbers'] if w != YEAR_WORD)}|(?-i:{YEAR_WORD.capitalize()}))"
    rf"(?!\p{{L}})(?!{GAP}lần)"
)
# "mồng 3", "mùng 3"
DAY_PREFIX = rf"(?:{alt(_TW['day_prefixes'])}){GAP}"

# --------------------------------------------------------------------------- a cited document's date

# "15 tháng 9 năm 2022" / "28 tháng 01" (no year)
DATE_DMY = rf"{DAY}{GAP}tháng{GAP}{MONTH}(?:{GAP}năm{GAP}{YEAR})?(?!\d)"
# "ngày 15 tháng 9 năm 2022" / "15 tháng 9 năm 2022"
DATE_WORDS = rf"(?:ngày{GAP})?{DATE_DMY}"
# "15/9/2022", "15-9-2022", "15.9.2022" (year required), "15/9" (year optional only with "/")
DATE_NUMERIC = (
    rf"(?<![\d/.\-]){DAY}\s?/\s?{MONTH}(?:\s?/\s?{YEAR})?(?![\d/])"
    rf"|(?<![\d/.\-]){DAY}-{MONTH}-{YEAR}(?!\d)"
    rf"|(?<![\d/.\-]){DAY}\.{MONTH}\.{YEAR}(?!\d)"
)

# --------------------------------------------------------------------------- a due day

# "15 tháng 5 năm 2024", "7 tháng ba", "3 tháng 4 của năm 2018"
DATE_DMY_WORDS = rf"{DAY}{GAP}tháng{GAP}(?:{MONTH}|{MONTH_WORD})(?:{GAP}(?:của{GAP})?năm{GAP}{YEAR})?(?!\d)"
# "3/3/17": a two-digit year (1950–2049)
DATE_YY = rf"(?<![\d/.\-]){DAY}\s?/\s?{MONTH}\s?/\s?\d{{2}}(?![\d/])"
# "15 tháng 5 năm 2024", "mồng 3 tháng ba", "15/5/2024", "15/5", "3/3/17" (after "ngày")
DAY_NUM = rf"(?:{DAY_PREFIX})?(?:{DATE_DMY_WORDS}|{DATE_NUMERIC}|{DATE_YY})"
# "ngày 15 tháng 5 năm 2024", "ngày mồng 3 tháng 3", "ngày 15/5/2024"
NGAY_DAY = rf"ngày{GAP}{DAY_NUM}"
# "ngày 15 tháng 5 năm 2024", "ngày 15/5/2024", "15/5/2024", "ngày 15/5" (no year), "mồng 3 tháng 3"
DAY_EXPR = rf"(?:ngày{GAP})?{DAY_NUM}"

# --------------------------------------------------------------------------- the header's dates

# Day and month in words, with named groups: "26 tháng 10" (any one- or two-digit numbers).
_D_THANG_M = r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
# The issue date on the place line: "ngày 26 tháng 10 năm 2023" (after "Hà Nội, ").
ISSUE_DATE = rf"ngày\s+{_D_THANG_M}\s+năm\s+(?P<y>\d{{4}})"
# A meeting's days: "Ngày 16 tháng 10 năm 2023", "ngày 19 và 20 tháng 8 năm 2008", "ngày 15, 16 tháng 3".
MEETING_DATE_WORDS_RE = regex.compile(
    r"(?i)ngày\s+(?P<d>\d{1,2})(?:[ ]?(?:,|và|-|–|đến)[ ]?(?:ngày[ ])?\d{1,2}){0,6}\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?"
)
# "ngày 15/01/2025", "Sáng 19/7", "chiều nay, 1/12", "ngày 19-20/7".
MEETING_DATE_NUMERIC_RE = regex.compile(
    r"(?i)(?:ngày|sáng|chiều|tối|trưa)(?:\s+nay)?,?\s+(?:ngày\s+)?(?P<d>\d{1,2})(?:\s*(?:-|–|và)\s*\d{1,2})?\s*(?P<sep>[/.])\s*(?P<m>\d{1,2})(?!\d)"
    r"(?:\s*(?P=sep)\s*(?P<y>\d{4}))?"
)
# "sáng nay, 1/12": the article's own day (its publication date when no dateline gives one).
TODAY_RE = regex.compile(r"(?i)\b(?:sáng|chiều|tối|trưa|hôm)\s+nay,?\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*[/.]\s*(?P<m>\d{1,2})(?!\d)")
# "27/10/2023" in a dateline.
_DATELINE_DMY = rf"(?<![\d/])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>{YEAR})(?![\d/])"
# A news dateline: "Friday, 27/10/2023, 10:25 AM", "Thứ Sáu, 27/10/2023", "27/10/2023 10:25".
DATELINE_RE = regex.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Thứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy)|Chủ\s+[Nn]hật)[ ,]+"
    + _DATELINE_DMY + r"|"
    + _DATELINE_DMY.replace("(?P<d>", "(?P<d2>").replace("(?P<m>", "(?P<m2>").replace("(?P<y>", "(?P<y2>")
    + r"[ ,\-]+\d{1,2}:\d{2}"
)

# --------------------------------------------------------------------------- reading a date

# Parsers for a matched date phrase (group names give the parts).
# "ngày 15 tháng 9 năm 2022"
_DATE_WORDS_PARSE = LazyPattern(rf"(?i){_D_THANG_M}(?:\s+năm\s+(?P<y>\d{{4}}))?")
# "15/9/2022", "15-9-2022", "15.9.2022", "15/9"
_DATE_NUM_PARSE = LazyPattern(r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})(?:\s?[/.\-]\s?(?P<y>\d{4}))?")


def safe_date(y: int | None, m: int, d: int) -> _dt.date | None:
    """The date, or None when the year is unknown or no calendar holds it.

    >>> safe_date(2024, 2, 30) is None
    True
    """
    if y is None:
        return None
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def parse_day(s: str, *, issued_date: _dt.date | None = None, prefer: str = "past") -> _dt.date | None:
    """The date of a day phrase; a missing year comes from ``issued_date``.

    ``prefer="past"`` (a cited document): the latest such day not after the issue date;
    ``prefer="future"`` (a deadline): the next such day on or after it.

    >>> parse_day("ngày 15/5", issued_date=_dt.date(2024, 6, 1), prefer="future")
    datetime.date(2025, 5, 15)
    """
    m = _DATE_WORDS_PARSE.search(s) or _DATE_NUM_PARSE.search(s)
    if not m:
        return None
    d, mo = int(m["d"]), int(m["m"])
    if m["y"]:
        try:
            return _dt.date(int(m["y"]), mo, d)
        except ValueError:
            return None
    if issued_date is None:
        return None
    try:
        cand = _dt.date(issued_date.year, mo, d)
    except ValueError:
        return None
    if prefer == "past" and cand > issued_date:
        try:
            return cand.replace(year=cand.year - 1)
        except ValueError:  # 29 February, or a year before 1
            return None
    if prefer == "future" and cand < issued_date:
        try:
            return cand.replace(year=cand.year + 1)
        except ValueError:
            return None
    return cand


def first_meeting_date(s: str, year_hint: int | None) -> _dt.date | None:
    """The first meeting date written in ``s`` (a title, an opening sentence); a date without its
    year takes ``year_hint``.

    >>> first_meeting_date("Sáng 19/7, Thủ tướng chủ trì", 2024)
    datetime.date(2024, 7, 19)
    """
    best = None
    for rx in (MEETING_DATE_WORDS_RE, MEETING_DATE_NUMERIC_RE):
        m = rx.search(s)
        if m and (best is None or m.start() < best[0]):
            y = int(m.group("y")) if m.group("y") else year_hint
            best = (m.start(), safe_date(y, int(m.group("m")), int(m.group("d"))))
    return best[1] if best else None


def meeting_days(s: str) -> list[tuple[int, int, int, int, int | None]]:
    """Every meeting-day phrase written in ``s``, in order, as (start, end, day, month, year or
    None): the places :func:`first_meeting_date` chooses from, for a caller that must tell a
    meeting's day from a deadline's or a cited document's.

    >>> meeting_days("Sáng 10.9, Thủ tướng họp; trước ngày 15 tháng 9 năm 2024 báo cáo.")
    [(0, 9, 10, 9, None), (32, 56, 15, 9, 2024)]
    """
    found = []
    for rx in (MEETING_DATE_WORDS_RE, MEETING_DATE_NUMERIC_RE):
        for m in rx.finditer(s):
            found.append((m.start(), m.end(), int(m.group("d")), int(m.group("m")), int(m.group("y")) if m.group("y") else None))
    found.sort()
    out: list[tuple[int, int, int, int, int | None]] = []
    for day in found:
        if not out or day[0] >= out[-1][1]:  # the two forms can read the same words
            out.append(day)
    return out


# Number words after "tháng" / "quý" ("tháng Mười", "quý ba"), made digits by ``numeric``.
_WORD_NUM_RE = LazyPattern(
    rf"(?i)(?<=(?:tháng|quý){GAP})(?:{alt(w for w in _TW['numbers'] if w != YEAR_WORD)}|(?-i:{YEAR_WORD.capitalize()}))(?!\p{{L}})"
)
_DAY_PREFIX_RE = LazyPattern(rf"(?i){DAY_PREFIX}")
_OF_YEAR_RE = LazyPattern(rf"(?i)của{GAP}(?=năm)")
_YY_RE = LazyPattern(r"(?<![\d/])(\d{1,2}\s?/\s?\d{1,2}\s?/\s?)(\d{2})(?![\d/])")


def numeric(s: str) -> str:
    """A date or period phrase in digits: "ngày mồng 7 tháng ba" -> "ngày 7 tháng 3",
    "quý 4 của năm 2018" -> "quý 4 năm 2018", "3/9/91" -> "3/9/1991".

    >>> numeric("ngày mồng 7 tháng ba")
    'ngày 7 tháng 3'
    """
    if not s.isascii():
        words = _TW["numbers"]
        s = _WORD_NUM_RE.sub(lambda m: str(words[" ".join(m.group(0).split()).casefold()]), s)
        s = _OF_YEAR_RE.sub("", _DAY_PREFIX_RE.sub("", s))
    return _YY_RE.sub(lambda m: m[1] + ("20" if int(m[2]) < 50 else "19") + m[2], s)
