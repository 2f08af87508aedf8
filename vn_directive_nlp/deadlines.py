"""Deadlines: time limits of assignments, normalized to dates (SPEC §3 "Deadlines").

>>> [(d.kind, str(d.date)) for d in find_deadlines("báo cáo Thủ tướng Chính phủ trước ngày 15/5/2024.")]
[('before', '2024-05-15')]

Each rule below is one named pattern; every match becomes a candidate, candidates inside an
``exclude`` span are dropped, and overlapping candidates are resolved longest-first.

Choices where the SPEC leaves room (all relative to the notice's ``issued_date``):

* "trước ngày D" / "chậm nhất (là) ngày D" / "đến hết ngày D" → ``before`` D.
* "trong / chậm nhất trong / đến hết / đến cuối" + month / quarter / year → ``within`` the
  last day of that period; "trước tháng / quý / năm P" → ``before`` the day before P starts
  ("trước năm 2025" → 2024-12-31).
* "từ nay đến hết năm 2025" is the period a target covers, not a deadline (no candidate);
  "đến hết năm 2025" alone bounds an action → ``within`` 2025-12-31.
* "trong tuần" → ``within`` the Sunday of the issue week ("trong tuần tới" → next Sunday);
  "trong tuần đầu tiên của tháng 9" → the Sunday of the first week that starts in it.
* Months and quarters may be words ("tháng sáu", "tháng Mười", "quý ba") or relative to the issue
  date ("tháng sau", "quý tới", "năm tiếp theo"); a day may carry "mồng", a two-digit year
  ("3/3/17"), and a clock time or weekday after "trước" ("trước 16 giờ 00, thứ Sáu, ngày 15/3").
* "trong (vòng / thời hạn) N ngày / tuần / tháng / quý / năm [làm việc] [kể từ …]" → ``within``
  issued_date + N (working days skip weekends and Vietnam's public holidays, Tết included, from
  the ``holidays`` package); ``before`` when counted from the document's own date ("kể từ ngày
  ký"), as SPEC's table says; counted from an explicit date when "kể từ ngày D" gives one; date
  None when counted from an unknown event ("kể từ ngày nhận được hồ sơ") or when issued_date is
  unknown. "trong 3 năm / tháng tới" → the end of the third whole year / month after the current.
* A past event ("đã … vào ngày 12 tháng 4 năm 1939") is never a deadline.
* A date no calendar holds ("ngày 32/13/2024", 30 days after 31/12/9999) yields no deadline and a
  warning (``warnings=``).
* A day or month with no year takes the issue year, or the next year if already past.
* "từ ngày D1 đến ngày D2" → ``within`` D2, unless the window ended before the issue date (then
  it describes the past, e.g. a flood, and is no deadline).
* A period that ended before the issue date and opens its sentence ("Trong năm 2016, …") is
  narrative, not a deadline; a dated deadline already past on the issue date is kept.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import dates, limits, prefilter
from .dates import DAY, GAP, MONTH, NGAY_DAY, YEAR, alt, numeric, parse_day
from .models import Deadline, DeadlineKind, Recurrence
from .references import Spans
from .textutil import LazyPattern

_B = r"(?<!\p{L})"  # word start
_E = r"(?!\p{L})"  # word end

# Small tests of a matched phrase, compiled once (the standard engine: no Unicode properties).
_YEAR_RE = re.compile(YEAR)
_YEAR_TAIL_RE = re.compile(YEAR + r"\s*$")  # a day phrase ending in its year: "15/5/2024"
_NGAY_RE = re.compile("ngày|mồng|mùng", re.I)  # "ngày 15/5", "mồng 3 tháng 3"
_DIGIT_RE = re.compile(r"\d")
_COMMA_NEXT_RE = re.compile(r"\s{0,2},")
_SCHEDULE_WORD_RE = re.compile("hằng|hàng|lần", re.I)

# --------------------------------------------------------------------------- time words

_TW = dates.time_words()
_YEAR_WORD = dates.YEAR_WORD
_MONTH_WORD = dates.MONTH_WORD  # "tháng sáu", "tháng Mười"
_QUARTER_WORD = rf"(?:{alt(w for w, n in _TW['numbers'].items() if n <= 4 and w not in _TW['month_only'])})(?!\p{{L}})"
# "ba tháng tiếp theo": a count in words ("năm" is left out: "trong năm …" is a year).
_COUNT_WORD = rf"(?:{alt(w for w in _TW['numbers'] if w not in _TW['month_only'] and w not in (_YEAR_WORD, 'tư'))})(?!\p{{L}})"
# "này", "tới", "tiếp theo" after "tháng / quý / năm" — not "sau khi …" (an event).
_REL = rf"(?:{alt(_TW['relative'])})(?!\p{{L}})(?!{GAP}khi{_E})"
_WEEKDAY = rf"(?:{alt(_TW['weekdays'])})(?!\p{{L}})"

# --------------------------------------------------------------------------- time expressions

# The day phrases of the date grammar (``dates``): "ngày 15 tháng 5 năm 2024", "ngày mồng 3 tháng
# ba", "ngày 15/5/2024", "3/3/17"; ``_DAY_EXPR`` with "ngày" optional.
_DAY_PREFIX, _NGAY_DAY, _DAY_EXPR = dates.DAY_PREFIX, NGAY_DAY, dates.DAY_EXPR
# "17 giờ", "15:00", "12h00", "17 giờ 30", "lúc 4 giờ chiều": a clock time before "ngày".
_CLOCK = (
    rf"(?:lúc{GAP})?\d{{1,2}}\s?(?:giờ(?:\s?\d{{1,2}}(?:\s?phút)?)?|h\d{{0,2}}|:\d{{2}})"
    rf"(?:{GAP}(?:{alt(_TW['parts_of_day'])})(?!\p{{L}}))?"
)
# What may stand between "trước" and the day: "16 giờ 00, thứ Sáu, ", "lúc 4 giờ chiều ", "Thứ Năm, "
_DAY_LEAD = rf"(?:{_CLOCK}\s{{0,2}},?{GAP})?(?:{_WEEKDAY}\s{{0,2}},?{GAP})?"
_QUARTER_NUM = r"(?:IV|I{1,3}|[1-4])"
_OF_YEAR = rf"(?:{GAP}(?:của{GAP})?năm{GAP}|\s?/\s?){YEAR}"
# "tháng 10 năm 2023", "tháng 02/2025", "tháng 10", "tháng Mười năm 2017", "tháng 3 tới", "tháng sau"
_MONTH_EXPR = (
    rf"tháng{GAP}(?:(?:{MONTH}(?!\d)|{_MONTH_WORD})(?:{_OF_YEAR}|{GAP}(?:tới|này){_E})?(?![\d/])|{_REL})"
)
# "quý III năm 2024", "quý I/2024", "quý 3", "quý ba", "quý 4 của năm 2018", "quý tới"
_QUARTER_EXPR = rf"quý{GAP}(?:(?:{_QUARTER_NUM}(?![\d\p{{L}}])|{_QUARTER_WORD})(?:{_OF_YEAR})?(?![\d/\p{{L}}])|{_REL})"
# "năm 2024", "năm nay", "năm tới"
_YEAR_EXPR = rf"năm{GAP}(?:{YEAR}(?!\d)|{_REL})"
_PERIOD = rf"(?:{_MONTH_EXPR}|{_QUARTER_EXPR}|{_YEAR_EXPR})"

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# Parsers of a matched period phrase (after ``dates.numeric``).
# "tháng 10 năm 2023" / "tháng 02/2025"
_MONTH_P = LazyPattern(r"(?i)tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y>\d{4}))?")
# "quý III/2024"
_QUARTER_P = LazyPattern(r"(?i)quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s*(?:năm|/)\s*(?P<y>\d{4}))?")
# "năm 2024" / "năm nay"
_YEAR_P = LazyPattern(r"(?i)năm\s+(?P<y>\d{4}|nay)")
# "quý tới", "tháng này", "năm tiếp theo": a period relative to the issue date
_REL_P = LazyPattern(rf"(?i)(?P<unit>tháng|quý|năm){GAP}(?P<rel>{alt(_TW['relative'])})(?!\p{{L}})")
def _parse_day(s: str, issued: _dt.date | None) -> _dt.date | None:
    """The date of a day phrase as a deadline (the next such day when the year is missing)."""
    date = parse_day(numeric(s), issued_date=issued, prefer="future")
    if date is None and issued is not None and issued.year == _dt.MAXYEAR and not _YEAR_RE.search(s):
        raise OverflowError(s)  # "trước ngày 15/5" after 15 May 9999: no next year to take
    return date


def _last_day(y: int, m: int) -> _dt.date:
    return _dt.date(y, m, calendar.monthrange(y, m)[1])


def _relative_bounds(m: regex.Match, issued: _dt.date) -> tuple[_dt.date, _dt.date]:
    """Bounds of "tháng này", "quý tới", "năm tiếp theo"… from the issue date."""
    step = _TW["relative"][" ".join(m["rel"].split()).casefold()]
    unit = m["unit"].casefold()
    if unit == "năm":
        y = issued.year + step
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    months = 3 if unit == "quý" else 1
    first = issued.month - 1 - (issued.month - 1) % months + step * months
    y, mo = issued.year + first // 12, first % 12 + 1
    return _dt.date(y, mo, 1), _last_day(y + (mo + months - 2) // 12, (mo + months - 2) % 12 + 1)


def _period_bounds(s: str, issued: _dt.date | None) -> tuple[_dt.date, _dt.date] | None:
    """(first day, last day) of a month / quarter / year phrase; a missing year comes from
    ``issued`` (next year when the period is already over). None when it cannot be dated."""
    s = numeric(s)
    if m := _REL_P.match(s):
        return _relative_bounds(m, issued) if issued else None
    if m := _MONTH_P.search(s):
        mo = int(m["m"])
        if not 1 <= mo <= 12:
            return None
        if m["y"]:
            y = int(m["y"])
        elif issued is None:
            return None
        else:
            y = issued.year + (1 if mo < issued.month else 0)
        return _dt.date(y, mo, 1), _last_day(y, mo)
    if m := _QUARTER_P.search(s):
        q = _ROMAN.get(m["q"].upper()) or int(m["q"])
        if m["y"]:
            y = int(m["y"])
        elif issued is None:
            return None
        else:
            y = issued.year + (1 if q < (issued.month - 1) // 3 + 1 else 0)
        return _dt.date(y, 3 * q - 2, 1), _last_day(y, 3 * q)
    if m := _YEAR_P.search(s):
        if m["y"].isdigit():
            y = int(m["y"])
        elif issued is None:
            return None
        else:
            y = issued.year
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    return None


def _undated(phrase: str, issued: _dt.date | None) -> bool:
    """A period with no year and no issue date to take it from: a deadline without a date."""
    return issued is None and not _YEAR_RE.search(phrase)


# --------------------------------------------------------------------------- rules


@dataclass
class _Cand:
    start: int
    end: int
    kind: DeadlineKind
    date: _dt.date | None = None
    recurrence: Recurrence | None = None


@dataclass(frozen=True)
class _Rule:
    name: str
    build: Callable[[regex.Match, str, _dt.date | None], _Cand | None]
    scan: prefilter.Prefiltered  # the rule's pattern, tried only where its opening words stand


def _rule(name: str, pattern: LazyPattern, build: Callable[[regex.Match, str, _dt.date | None], _Cand | None],
          needs: tuple[tuple[str, ...], ...], opens: tuple[str, ...]) -> _Rule:
    """A deadline rule. ``needs``: groups of words of which every match contains one (checked on the
    case-folded window before the pattern runs: most windows lack some group); ``opens``: the
    words a match begins with (case-folded; its optional openings make a plain scan slow)."""
    return _Rule(name, build, prefilter.declare(f"deadlines.{name}", pattern, opens, needs=needs))


def _c(pat: str) -> LazyPattern:
    """Case-insensitive pattern, compiled on first use (keeps ``import`` fast)."""
    return LazyPattern(pat, regex.I)


# Clause context: back to the previous ".", ";", ":", a blank line or a new list item (a mere
# line break is a hard wrap, not a boundary), at most 200 characters.
_CLAUSE_STOP_RE = LazyPattern(r"[.;:!?](?=\s)|\n\s*\n|\n(?=\s{0,3}(?:[-–+•]\s|\(?\w{1,4}[.)]\s))")
# A list marker or nothing: what may precede a sentence-initial phrase. "- ", "a) ", "2. ", "**"
_SENTENCE_HEAD_RE = LazyPattern(r"[\s*_|]*(?:(?:[-–+•]|\(?\w{1,4}[.)])[\s*_]*)?")
# An action verb: the clause bounds an action ("hoàn thành … trong 6 tháng đầu năm 2024").
_BOUNDED_ACTION_RE = _c(
    rf"{_B}(?:hoàn thành|hoàn thiện|ban hành|trình|báo cáo|triển khai|thực hiện|xây dựng|tổ chức|"
    rf"xử lý|giải ngân|gửi|nộp|rà soát|sửa đổi|bổ sung|phê duyệt|đưa vào|khởi công|xong|đẩy mạnh|"
    rf"tập trung|chỉ đạo|hướng dẫn|cung cấp|thành lập|kiểm tra|tổng kết|sơ kết|khắc phục|bố trí){_E}"
)
# An assessment word: the period is measured, not bounded ("kết quả 6 tháng đầu năm 2023").
_MEASURED_PERIOD_RE = _c(rf"{_B}(?:kết quả|so với|cùng kỳ|tình hình|đánh giá|đạt|tăng|giảm|số liệu|đã){_E}")
# A due-date verb for a bare "ngày D" ("báo cáo Thủ tướng Chính phủ ngày 30/6/2024").
_DUE_VERB_RE = _c(rf"{_B}(?:hoàn thành|báo cáo|trình|gửi|nộp|ban hành|xong|tổ chức|khai mạc){_E}")
# A meeting in the clause: its date is not a due date.
_MEETING_RE = _c(rf"{_B}(?:họp|hội{GAP}nghị|phiên|buổi|làm{GAP}việc){_E}")
# Past narrative in the clause ("đã tổ chức Hội nghị ngày 10/3/2025").
_PAST_CLAUSE_RE = _c(rf"{_B}(?:đã|vừa|từng){_E}")


def _clause_before(text: str, pos: int, limit: int = 200) -> str:
    lo = max(0, pos - limit)
    window = text[lo:pos]
    last = None
    for last in _CLAUSE_STOP_RE.finditer(window):
        pass
    return window[last.end() :] if last else window


def _past_event(text: str, pos: int, date: _dt.date | None, issued: _dt.date | None) -> bool:
    """A day told as past ("đã … vào ngày 12 tháng 4 năm 1939"): a past-tense word in the clause
    part before ``pos`` and a day not after the issue date. A past event is never a deadline."""
    clause = _clause_before(text, pos)
    if "," in clause:
        clause = clause[clause.rindex(",") + 1 :]
    return bool(_PAST_CLAUSE_RE.search(clause)) and (issued is None or date is None or date < issued)


def _sentence_initial(text: str, pos: int) -> bool:
    head = _clause_before(text, pos, 40)
    return _SENTENCE_HEAD_RE.fullmatch(head) is not None


def _span(m: regex.Match, kind: DeadlineKind, date=None, recurrence=None, group: str | None = None) -> _Cand:
    s, e = m.span(group) if group else m.span()
    return _Cand(s, e, kind, date, recurrence)


# --- before a day ----------------------------------------------------------

# "trước ngày 15 tháng 5 năm 2024", "trước 30/6/2024", "chậm nhất ngày 31 tháng 12 năm 2016",
# "chậm nhất trước ngày 31/12/2025", "trước 17 giờ ngày 27/11/2025", "đến hết ngày 31/12/2025",
# "thời gian chậm nhất là ngày 30/4/2023", "không muộn hơn ngày 15/5", "trước thời điểm 30/6/2026"
_BEFORE_DAY = _c(
    rf"{_B}(?P<t>(?:chậm|muộn){GAP}nhất(?:{GAP}là)?(?:{GAP}(?:trước|vào))?|trước(?:{GAP}thời{GAP}(?:điểm|hạn))?|"
    rf"không{GAP}muộn{GAP}hơn|"
    rf"(?:từ{GAP}nay{GAP})?(?:cho{GAP})?đến{GAP}hết|từ{GAP}nay{GAP}đến)"
    rf"{GAP}{_DAY_LEAD}(?P<d>{_DAY_EXPR})"
    rf"(?!\s{{0,3}}(?:hằng|hàng){GAP}(?:tuần|tháng|quý|năm))"
)


def _build_before_day(m, text, issued):
    # "trước 15/5" without "ngày" and year is too weak ("trước 10/5 đơn vị" is unlikely but
    # "62/63" style fractions are common): require "ngày" or a year.
    d = m["d"]
    if not _NGAY_RE.match(d) and not _YEAR_TAIL_RE.search(d):
        return None
    date = _parse_day(d, issued)
    if date is None and (_YEAR_TAIL_RE.search(d) or issued is not None):
        return None
    if _past_event(text, m.start(), date, issued):
        return None
    if _SCHEDULE_BEFORE_RE.search(text, max(0, m.start() - 30), m.start()):
        return None  # "định kỳ hàng năm (trước ngày 10/12)": the day of a recurring report
    return _span(m, "before", date)


# A schedule with a parenthesis opened right after it: "định kỳ hàng năm (".
_SCHEDULE_BEFORE_RE = _c(rf"{_B}(?:hằng|hàng|mỗi){GAP}(?:tuần|tháng|quý|năm)\s{{0,2}}\(\s{{0,2}}$")


# --- before a period ---------------------------------------------------------

# "trước năm 2025" -> 2024-12-31, "trước tháng 6 năm 2024", "trước quý III/2024"
_BEFORE_PERIOD = _c(rf"{_B}trước{GAP}(?P<p>{_PERIOD})")


def _build_before_period(m, text, issued):
    b = _period_bounds(m["p"], issued)
    if b is None:
        return _span(m, "before") if _undated(m["p"], issued) else None
    return _span(m, "before", b[0] - _dt.timedelta(days=1))


# --- within a period ---------------------------------------------------------

# "trong tháng 10 năm 2023", "trong tháng 02/2025", "trong quý III năm 2024", "trong năm 2025",
# "chậm nhất trong tháng 8 năm 2022", "đến hết năm 2025", "đến cuối năm 2025", "vào quý I/2024",
# "trong tuần cuối tháng 9 năm 2016", "ngay trong tháng 11"
_WITHIN_PERIOD = _c(
    rf"{_B}(?P<t>(?:(?:chậm|muộn){GAP}nhất(?:{GAP}là)?{GAP})?(?:ngay{GAP})?(?:trong|vào(?!{GAP}năm))|"
    rf"(?:(?:từ{GAP}nay|tính){GAP})?(?:cho{GAP})?đến{GAP}(?:hết|cuối))"
    rf"{GAP}(?:(?:những{GAP})?(?P<unit>tuần|ngày){GAP}(?P<part>đầu|cuối)(?P<first>{GAP}tiên)?(?:{GAP}của)?{GAP})?(?P<p>{_PERIOD})"
    rf"(?!{GAP}(?:và{GAP}(?:các|những){GAP}năm|trở{GAP}đi|vừa{GAP}qua|qua{_E}|tiếp{GAP}theo))"
)


def _build_within_period(m, text, issued):
    trig = m["t"].casefold()
    if "từ" in trig or "tính" in trig:  # "từ nay đến hết năm 2025": the period a target covers
        return None
    b = _period_bounds(m["p"], issued)
    if b is None:
        return _span(m, "within") if _undated(m["p"], issued) else None
    first, last = b
    if m["part"] and m["part"].casefold() == "đầu" and _MONTH_P.search(numeric(m["p"])):
        if m["first"] and m["unit"].casefold() == "tuần":
            # "tuần đầu tiên của tháng 9": the first week (Monday to Sunday) that starts in it
            last = first + _dt.timedelta(days=(7 - first.weekday()) % 7 + 6)
        elif m["first"]:
            return None  # "ngày đầu tiên của tháng 3" is one day (_EDGE_DAY)
        else:
            last = first + _dt.timedelta(days=6)  # "trong tuần đầu tháng 12" -> the 7th
    if issued and last < issued and _sentence_initial(text, m.start()):
        return None  # "Trong năm 2016, công tác … đã …": narrative about the past
    return _span(m, "within", last)


# "đầu / giữa / cuối tháng 01 năm 2017", "dự kiến vào đầu tháng 01 năm 2017", "cuối năm 2024",
# "cuối quý II/2024" -> last day of the month / year / quarter
_PART_OF_PERIOD = _c(
    rf"(?<!tháng\s{{1,3}})(?<!tuần\s{{1,3}}){_B}(?P<late>(?:chậm|muộn){GAP}nhất(?:{GAP}là)?{GAP})?(?P<t>(?:vào|trong){GAP})?"
    rf"(?P<part>đầu|giữa|cuối){GAP}"
    rf"(?P<p>{_MONTH_EXPR}|{_QUARTER_EXPR}|năm{GAP}{YEAR}(?!\d))"
    rf"(?!{GAP}(?:vừa{GAP}qua|qua{_E}|và{GAP}(?:đầu|tháng)))"
)


def _build_part_of_period(m, text, issued):
    if m["part"].casefold() != "cuối" and m["p"].casefold().startswith("năm") and not m["t"]:
        return None  # "đầu năm 2025" alone names a time, not a limit; "trong đầu năm 2017" bounds one
    b = _period_bounds(m["p"], issued)
    if b is None:
        return None
    if issued and b[1] < issued and _PAST_CLAUSE_RE.search(_clause_before(text, m.start())):
        return None
    if _times_an_occasion(text, m.start()):
        return None
    # "hoàn thành chậm nhất vào cuối năm 2025": a latest day, as "chậm nhất ngày …"
    return _span(m, "before" if m["late"] else "within", b[1])


# An occasion named right before a parenthesis: "Đại hội Thi đua … lần thứ VIII (dự kiến vào cuối
# năm 2010)" times the congress, not the action.
_OCCASION_WORD_RE = _c(rf"{_B}(?:Đại{GAP}hội|Hội{GAP}nghị|Kỳ{GAP}họp|Phiên{GAP}họp|Lễ|Hội{GAP}thi){_E}")


def _times_an_occasion(text: str, pos: int) -> bool:
    head = text[max(0, pos - 40) : pos]
    par = head.rfind("(")
    if par < 0 or ")" in head[par:]:
        return False
    opened = max(0, pos - 40) + par
    return bool(_OCCASION_WORD_RE.search(text, max(0, opened - 100), opened))


# "bắt đầu từ 00 giờ ngày 18 tháng 3 năm 2020": the day a measure starts
_START_DAY = _c(rf"{_B}bắt{GAP}đầu{GAP}(?:từ{GAP})?{_DAY_LEAD}(?P<d>{_NGAY_DAY})")


def _build_start_day(m, text, issued):
    date = _parse_day(m["d"], issued)
    if date is None or _past_event(text, m.start(), date, issued):
        return None
    return _span(m, "on", date)


# "trước ngày đầu tiên của tháng 3", "vào ngày cuối cùng của quý III": one day of a period
_EDGE_DAY = _c(
    rf"{_B}(?P<t>trước|(?:chậm|muộn){GAP}nhất(?:{GAP}là)?|vào|trong){GAP}ngày{GAP}(?P<edge>đầu{GAP}tiên|cuối{GAP}cùng)"
    rf"(?:{GAP}của)?{GAP}(?P<p>{_PERIOD})"
)


def _build_edge_day(m, text, issued):
    b = _period_bounds(m["p"], issued)
    if b is None:
        return _span(m, "on") if _undated(m["p"], issued) else None
    date = b[0] if m["edge"].casefold().startswith("đầu") else b[1]
    kind: DeadlineKind = "on" if m["t"].casefold() in ("vào", "trong") else "before"
    return _span(m, kind, date)


# "trong 6 tháng đầu năm 2024" -> 2024-06-30, "trong 6 tháng cuối năm 2023" -> 2023-12-31;
# only when it bounds an action ("hoàn thành … trong 6 tháng đầu năm 2024").
_HALF_YEAR = _c(rf"{_B}trong{GAP}0?6{GAP}tháng{GAP}(?P<part>đầu|cuối){GAP}(?P<p>{_YEAR_EXPR})")


def _build_half_year(m, text, issued):
    clause = _clause_before(text, m.start())
    if not _BOUNDED_ACTION_RE.search(clause) or _MEASURED_PERIOD_RE.search(clause):
        return None
    b = _period_bounds(m["p"], issued)
    if b is None:
        return None
    y = b[0].year
    return _span(m, "within", _dt.date(y, 6, 30) if m["part"].casefold() == "đầu" else _dt.date(y, 12, 31))


# --- durations and weeks -------------------------------------------------------

# "trong vòng 15 ngày kể từ ngày ký", "trong thời hạn 10 ngày làm việc", "trong 02 tuần tới",
# "trong 03 tháng kể từ ngày 01/01/2025"
# "trong 3 năm tới", "trong ba tháng tiếp theo", "trong 2 tuần 3 ngày"
_DURATION = _c(
    rf"{_B}trong(?:{GAP}(?P<frame>vòng|thời{GAP}hạn))?{GAP}(?P<n>\d{{1,3}}|{_COUNT_WORD}){GAP}"
    rf"(?P<unit>ngày|tuần|tháng|quý|năm)(?P<work>{GAP}làm{GAP}việc)?{_E}"
    rf"(?:{GAP}(?P<days>\d{{1,3}}){GAP}ngày{_E})?"
    rf"(?!{GAP}(?:qua|vừa|gần|đầu|cuối|trước|liên|đã|liền|(?:19|20)\d\d)(?![\p{{L}}\d]))"
    rf"(?P<next>{GAP}(?:tới|tiếp{GAP}theo){_E})?"
    rf"(?:\s{{0,3}},?\s{{0,3}}(?:kể|tính){GAP}từ{GAP}(?P<from>{_DAY_EXPR}|(?:ngày{GAP})?[^\s,;.:()]{{1,20}}(?:\s{{1,3}}[^\s,;.:()]{{1,20}}){{0,3}}))?"
)
# "ký", "ban hành", "… này": counted from the document itself.
_FROM_ISSUE_RE = _c(rf"(?:{_B}ký{_E}|ban{GAP}hành|{_B}này{_E})")


@lru_cache(maxsize=limits.CACHE_HOLIDAY_YEARS)
def _public_holidays(year: int) -> frozenset[_dt.date]:
    """Vietnam's public holidays of a year, Tết included (the ``holidays`` package; loaded
    on first use). Years it cannot know (before 1990, after 2100) have none."""
    if not 1990 <= year <= 2100:
        return frozenset()
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year))


def _add_working_days(d: _dt.date, n: int) -> _dt.date:
    """``n`` working days after ``d``: weekends and public holidays (Tết included) skipped.

    >>> _add_working_days(_dt.date(2025, 1, 24), 10)  # Tết 2025 closed 27–31 January
    datetime.date(2025, 2, 14)
    """
    while n > 0:
        d += _dt.timedelta(days=1)
        if d.weekday() < 5 and d not in _public_holidays(d.year):
            n -= 1
    return d


def _add_months(d: _dt.date, n: int) -> _dt.date:
    y, mo = divmod(d.month - 1 + n, 12)
    y, mo = d.year + y, mo + 1
    return _dt.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _TW["numbers"][" ".join(word.split()).casefold()]


def _next_periods_end(issued: _dt.date, n: int, unit: str) -> _dt.date:
    """Last day of the ``n`` whole months / quarters / years after the current one ("3 năm tới")."""
    if unit == "năm":
        return _dt.date(issued.year + n, 12, 31)
    months = 3 if unit == "quý" else 1
    last = issued.month - 1 - (issued.month - 1) % months + (n + 1) * months - 1
    return _last_day(issued.year + last // 12, last % 12 + 1)


def _build_duration(m, text, issued):
    n, unit = _count(m["n"]), m["unit"].casefold()
    if n == 0:
        return None
    framed = m["frame"] or m["work"] or m["next"] or m["from"]
    if not framed and not _DUE_VERB_RE.search(_clause_before(text, m.start(), 120)):
        return None  # "cách ly tập trung trong 21 ngày": how long the action lasts
    base = issued
    frm = m["from"]
    if frm:
        explicit = _parse_day(frm, issued) if _DIGIT_RE.search(frm) else None
        if explicit:
            base = explicit
        elif not _FROM_ISSUE_RE.search(frm):
            base = None  # "kể từ ngày nhận được hồ sơ": an event we cannot date
    if base is None:
        return _span(m, "within", None)
    # Counted from the document's own date ("kể từ ngày ký"): a time limit, SPEC's "before".
    kind: DeadlineKind = "before" if frm and base is issued else "within"
    if unit in ("tháng", "quý", "năm") and m["next"] and not frm:
        return _span(m, kind, _next_periods_end(base, n, unit))  # "trong 3 năm tới": 2018–2020
    if unit == "ngày":
        date = _add_working_days(base, n) if m["work"] else base + _dt.timedelta(days=n)
    elif unit == "tuần":
        date = base + _dt.timedelta(weeks=n)
    else:
        date = _add_months(base, n * {"tháng": 1, "quý": 3, "năm": 12}[unit])
    if m["days"]:
        date += _dt.timedelta(days=int(m["days"]))  # "2 tuần 3 ngày"
    return _span(m, kind, date)


# "trong tuần", "trong tuần này", "trong tuần tới" -> Sunday of that week
_WEEK = _c(rf"{_B}trong{GAP}tuần(?:{GAP}(?P<which>này|tới|sau))?{_E}(?!{GAP}(?:qua|trước|đầu|cuối|lễ|vừa){_E})")


def _build_week(m, text, issued):
    if issued is None:
        return _span(m, "within", None)
    sunday = issued + _dt.timedelta(days=6 - issued.weekday())
    if m["which"] and m["which"].casefold() in ("tới", "sau"):
        sunday += _dt.timedelta(days=7)
    return _span(m, "within", sunday)


# --- windows -------------------------------------------------------------------

# "từ ngày 15 đến ngày 31 tháng 12 năm 2025", "từ ngày 15/12 đến hết ngày 31/12/2025"
_WINDOW = _c(
    rf"{_B}từ{GAP}ngày{GAP}{DAY}(?:{GAP}tháng{GAP}{MONTH}(?:{GAP}năm{GAP}{YEAR})?|\s?/\s?{MONTH}(?:\s?/\s?{YEAR})?)?"
    rf"{GAP}(?:đến|tới)(?:{GAP}hết)?{GAP}(?P<d>{_NGAY_DAY})"
)


def _build_window(m, text, issued):
    date = _parse_day(m["d"], issued)
    if date is None:
        return None
    if issued and date < issued:
        return None  # a past window ("đợt mưa lũ từ ngày 16 đến ngày 22/11/2025")
    return _span(m, "within", date)


# --- on a day -------------------------------------------------------------------

# "hoàn thành ngày 30/6/2024", "vào ngày 15/12/2025", "trong ngày 20/11/2025",
# "Thời hạn hoàn thành: ngày 30/6/2024"
_ON_DAY = _c(
    rf"{_B}(?:(?:hoàn{GAP}thành|xong|kết{GAP}thúc){GAP}(?:(?:vào|trong){GAP})?|(?:vào|trong){GAP}{_DAY_LEAD}|"
    rf"thời{GAP}hạn(?:{GAP}hoàn{GAP}thành)?(?:{GAP}là)?\s{{0,2}}:?\s{{0,3}})"
    rf"(?P<d>{_NGAY_DAY})"
)


def _build_on_day(m, text, issued):
    if _sentence_initial(text, m.start()) and m.group(0)[:3].casefold() == "vào":
        return None  # "Vào ngày 15/01/2025, Ban Chỉ đạo đã họp": narrative
    date = _parse_day(m["d"], issued)
    if date is None and (issued is not None or _YEAR_TAIL_RE.search(m["d"])):
        return None
    if _past_event(text, m.start(), date, issued):
        return None  # "đã … vào ngày 12 tháng 4 năm 1939"
    return _span(m, "on", date, group="d")


# A bare "ngày D" due date: "báo cáo Thủ tướng Chính phủ kết quả ngày 30/6/2024".
_BARE_DAY = _c(rf"{_B}{_NGAY_DAY}")
# Words right before "ngày" that make it part of another phrase ("trước ngày", "từ ngày").
_NOT_DUE_BEFORE_RE = _c(
    rf"(?:{_B}(?:trước|nhất|là|hết|đến|tới|từ|sau|vào|trong|kể|tính|số|của|họp|hôm|thành|xong){GAP}|[/\d]\s{{0,3}})$"
)


def _build_bare_day(m, text, issued):
    if _COMMA_NEXT_RE.match(text, m.end(), m.end() + 3):
        return None  # "Ngày 21 tháng 4 năm 2012, tại …": a narrative opener
    clause = _clause_before(text, m.start(), 100)
    if _MEETING_RE.search(clause):
        return None  # "tại cuộc họp Ban Chỉ đạo ngày 8 tháng 7 năm 2015": a meeting date
    if _NOT_DUE_BEFORE_RE.search(text[max(0, m.start() - 20) : m.start()]):
        return None
    if "," in clause:
        clause = clause[clause.rindex(",") + 1 :]
    if not _DUE_VERB_RE.search(clause) or _PAST_CLAUSE_RE.search(clause):
        return None
    date = _parse_day(m.group(0), issued)
    if date is None:
        return None
    return _span(m, "on", date)


# --- recurring -------------------------------------------------------------------

_UNIT_RECURRENCE = {"ngày": "daily", "tuần": "weekly", "tháng": "monthly", "quý": "quarterly", "năm": "yearly"}
# "định kỳ hằng tháng", "hằng quý", "hàng năm", "trước ngày 20 hằng tháng",
# "trước 15:00 ngày thứ Sáu hàng tuần", "định kỳ 6 tháng", "6 tháng một lần"
# The pattern starts at the schedule word itself (fast to scan); a day before it
# ("trước ngày 20 ") is read backwards by _RECURRING_PRE.
_RECURRING = _c(
    rf"{_B}(?:(?P<dk>định{GAP}kỳ){GAP})?"
    rf"(?:(?:hằng|hàng|mỗi){GAP}(?P<unit>ngày|tuần|tháng|quý|năm)|(?:(?:hằng|hàng){GAP})?(?P<half>0?6|sáu){GAP}tháng(?:{GAP}(?:một|1){GAP}lần)?)"
    rf"{_E}"
)
# "trước ngày 20 ", "trước 15:00 ngày thứ Sáu ", "vào 15:00 ngày Chủ nhật " right before the schedule
_RECURRING_PRE = _c(
    rf"{_B}(?:trước|vào|chậm{GAP}nhất){GAP}(?:{_CLOCK}{GAP})?ngày{GAP}(?:{DAY}|thứ{GAP}\p{{L}}+|chủ{GAP}nhật){GAP}$"
)
# Nouns that make "hằng năm" a property, not a schedule ("kế hoạch vốn hằng năm").
_RECURRING_NOUN_RE = _c(
    rf"{_B}(?:kế{GAP}hoạch(?:{GAP}vốn)?|ngân{GAP}sách|dự{GAP}toán|vốn|thu{GAP}nhập|lễ{GAP}hội|định{GAP}mức|"
    rf"bình{GAP}quân|trung{GAP}bình|mẫu(?:{GAP}báo{GAP}cáo)?|đầu{GAP}tư|tăng{GAP}trưởng){GAP}$"
)


# "báo cáo các cấp hằng ngày", "cập nhật … hằng ngày": a daily schedule of reporting.
_REPORT_BEFORE_RE = _c(r"(?i)\b(?:báo\s+cáo|cập\s+nhật|thông\s+tin|tổng\s+hợp|giao\s+ban)\b")


def _build_recurring(m, text, issued):
    lo = max(0, m.start() - 40)
    pre = _RECURRING_PRE.search(text, lo, m.start())
    start = pre.start() if pre else m.start()
    cand = _recurring(m, text, bool(pre))
    if cand is not None:
        cand.start = start
    return cand


def _recurring(m, text, has_pre):
    if m["half"]:
        # "6 tháng" alone is a duration; a schedule needs "định kỳ", "hằng" or "một lần".
        if not (m["dk"] or _SCHEDULE_WORD_RE.search(m.group(0))):
            return None
        return _span(m, "recurring", None, "half_yearly")
    if m["unit"] and m["unit"].casefold() == "ngày" and not (has_pre or m["dk"] or _REPORT_BEFORE_RE.search(text, max(0, m.start() - 80), m.start())):
        return None  # "đời sống hằng ngày": daily only as a reporting schedule ("báo cáo … hằng ngày")
    if not (has_pre or m["dk"]):
        if _RECURRING_NOUN_RE.search(text[max(0, m.start() - 30) : m.start()]):
            return None
        if m.group(0)[:3].casefold() == "mỗi":
            return None  # "mỗi năm có …": a rate, not a schedule
    return _span(m, "recurring", None, _UNIT_RECURRENCE[m["unit"].casefold()])


# --- events ---------------------------------------------------------------------

# Verbs that close an event clause ("ngay sau khi Chính phủ ban hành").
_EVENT_VERB_RE = _c(
    rf"{_B}(?:ban{GAP}hành|phê{GAP}duyệt|thông{GAP}qua|ký|có{GAP}hiệu{GAP}lực|hoàn{GAP}thành|kết{GAP}thúc|rút|"
    rf"có{GAP}ý{GAP}kiến|được{GAP}giao){_E}"
)
# The words of an event clause, up to punctuation: " Chính phủ ban hành" (at most 8).
_EVENT_TAIL = r"(?P<tail>(?:\s{1,3}[^\s,;.:()“”\"]{1,20}){1,8})"
# "ngay sau khi được ban hành", "sau khi Đề án được phê duyệt", "trước khi triển khai thí điểm"
_EVENT = _c(rf"{_B}(?P<t>(?:ngay{GAP})?sau{GAP}khi|trước{GAP}khi){_EVENT_TAIL}")
# Narrative openers: "Sau khi nghe báo cáo …" reports the meeting, it times nothing.
_NARRATIVE_EVENT_RE = _c(
    rf"{_B}(?:nghe|họp|làm{GAP}việc|khảo{GAP}sát|thăm|thảo{GAP}luận|trình{GAP}bày|phát{GAP}biểu|"
    rf"báo{GAP}cáo{GAP}tại|nghe{GAP}báo{GAP}cáo){_E}"
)
# "để …" before the event: a purpose clause ("để vận hành sau khi hoàn thành").
_PURPOSE_RE = _c(rf"{_B}để{_E}")


def _build_event(m, text, issued):
    tail = m["tail"]
    if _NARRATIVE_EVENT_RE.search(tail):
        return None
    if _PURPOSE_RE.search(_clause_before(text, m.start(), 150)):
        return None
    end = m.end()
    if v := _EVENT_VERB_RE.search(tail):  # end at the event itself: "… Chính phủ ban hành"
        end = m.start("tail") + v.end()
    return _Cand(m.start(), end, "event")


# The occasion of a session: "Kỳ họp thứ 10", "Phiên họp Chính phủ thường kỳ tháng 11".
_OCCASION = rf"(?:Kỳ{GAP}họp|Phiên{GAP}họp|Hội{GAP}nghị|Đại{GAP}hội)(?:{GAP}[^\s,;.:()]{{1,20}}){{0,4}}?{GAP}(?:thứ{GAP}[^\s,;.:()]{{1,10}}|thường{GAP}kỳ(?:{GAP}tháng{GAP}\d{{1,2}}(?:/{YEAR})?)?)"
# "để kịp trình Quốc hội tại Kỳ họp thứ 10", "kịp báo cáo tại Phiên họp thứ 5"
_IN_TIME_FOR = _c(
    rf"{_B}(?:để{GAP})?kịp{GAP}(?!thời{_E})(?:[^\s,;.:()]{{1,20}}{GAP}){{1,10}}?(?:tại|trong|ở|vào){GAP}{_OCCASION}"
)
# "trình Quốc hội tại Kỳ họp thứ 8": a submission timed by a session with no date given
_AT_SESSION = _c(rf"{_B}(?:trình|báo{GAP}cáo)(?:{GAP}[^\s,;.:()]{{1,20}}){{0,6}}?{GAP}(?P<occ>(?:tại|trong|vào){GAP}{_OCCASION})")
# "trước Tết Nguyên đán năm 2026", "trước mùa mưa bão", "trước Kỳ họp thứ 10"
_BEFORE_OCCASION = _c(
    rf"{_B}trong{GAP}nhiệm{GAP}kỳ{GAP}(?:này|tới){_E}|"  # "hoàn thành … trong nhiệm kỳ này": a term, no date
    rf"{_B}trước{GAP}(?:Tết(?:{GAP}Nguyên{GAP}đán)?(?:{GAP}(?:năm{GAP})?(?:Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý|Giáp|Ất)"
    rf"{GAP}\p{{L}}+|{GAP}năm{GAP}{YEAR})?|mùa{GAP}(?:mưa(?:{GAP}bão|{GAP}lũ)?|bão|lũ|khô)|{_OCCASION})"
)


def _build_event_whole(m, text, issued):
    return _span(m, "event")


def _build_at_session(m, text, issued):
    return _span(m, "event", group="occ")


# --- by reference ------------------------------------------------------------------

# "theo tiến độ đề ra tại Quyết định số …", "theo đúng lộ trình quy định tại", "theo thời hạn
# yêu cầu tại văn bản"
_BY_REFERENCE = _c(
    rf"{_B}theo(?:{GAP}đúng)?{GAP}(?:tiến{GAP}độ|lộ{GAP}trình|thời{GAP}hạn)(?:{GAP}(?:đã{GAP})?(?:được{GAP})?"
    rf"(?:đề{GAP}ra|quy{GAP}định|yêu{GAP}cầu|giao|nêu|xác{GAP}định|phê{GAP}duyệt))?{GAP}(?:tại|theo|trong)"
    rf"(?={GAP}(?:các{GAP})?\p{{Lu}})"
)


def _build_by_reference(m, text, issued):
    return _span(m, "reference")


# "Thời hạn hoàn thành: Quý I/2024", "Thời hạn: tháng 6/2024" -> within that period
_TERM_PERIOD = _c(
    rf"{_B}thời{GAP}hạn(?:{GAP}hoàn{GAP}thành)?(?:{GAP}là)?\s{{0,2}}:?\s{{0,3}}(?P<p>{_MONTH_EXPR}|{_QUARTER_EXPR}|{_YEAR_EXPR})"
)


def _build_term_period(m, text, issued):
    b = _period_bounds(m["p"], issued)
    if b is None:
        return _span(m, "within", group="p") if _undated(m["p"], issued) else None
    return _span(m, "within", b[1], group="p")


# --- dates no calendar holds ---------------------------------------------------------

# "ngày 32/13/2024", "ngày 31/12/9999", "ngày 01/01/0000", "trong tháng 13 năm 2024": a written
# date with numbers no calendar (or no year this library reads, 1900–2099) holds.
_OFF_CALENDAR = _c(
    rf"{_B}(?:ngày{GAP}(?:{_DAY_PREFIX})?(?P<d>\d{{1,3}})(?:\s?[/.\-]\s?(?P<m>\d{{1,3}})\s?[/.\-]\s?(?P<y>\d{{1,6}})"
    rf"|{GAP}tháng{GAP}(?P<m2>\d{{1,3}})(?:{GAP}năm{GAP}(?P<y2>\d{{1,6}}))?)"
    rf"|(?:trước|trong|đến{GAP}hết|chậm{GAP}nhất){GAP}tháng{GAP}(?P<m3>\d{{1,3}})(?:\s?/\s?|{GAP}năm{GAP})(?P<y3>\d{{1,6}}))(?!\d)"
)


class _OffCalendar(ValueError):
    """A written date that no calendar holds; the finder drops it with a warning."""


def _build_off_calendar(m, text, issued):
    d = int(m["d"] or 1)
    mo = int(m["m"] or m["m2"] or m["m3"])
    y = m["y"] or m["y2"] or m["y3"]
    year = int(y) if y else (issued.year if issued else 2000)
    if len(y or "1234") == 2 and m["y"]:
        return None  # "3/3/17": a two-digit year, read by the day rules
    try:
        _dt.date(year, mo, d)
    except ValueError:
        raise _OffCalendar(m.group(0)) from None
    if not 1900 <= year <= 2099:
        raise _OffCalendar(m.group(0))
    return None


_DIGIT = tuple("0123456789")
_PERIOD_WORD = ("tháng", "quý", "năm")

_RULES: tuple[_Rule, ...] = (
    _rule("off_calendar", _OFF_CALENDAR, _build_off_calendar, (("ngày", "tháng"), _DIGIT),
          ("ngày", "trước", "trong", "đến", "chậm")),
    _rule("recurring", _RECURRING, _build_recurring,
          (("hằng", "hàng", "mỗi", "6", "sáu"), ("ngày", "tuần", "tháng", "quý", "năm")),
          ("định", "hằng", "hàng", "mỗi", "0", "6", "sáu")),
    _rule("window", _WINDOW, _build_window, (("từ",), ("ngày",), ("đến", "tới"), _DIGIT), ("từ",)),
    _rule("before_day", _BEFORE_DAY, _build_before_day, (("trước", "nhất", "hơn", "đến"), _DIGIT),
          ("chậm", "muộn", "trước", "không", "từ", "cho", "đến")),
    _rule("before_period", _BEFORE_PERIOD, _build_before_period, (("trước",), _PERIOD_WORD), ("trước",)),
    _rule("within_period", _WITHIN_PERIOD, _build_within_period, (("trong", "vào", "đến"), _PERIOD_WORD),
          ("chậm", "muộn", "ngay", "trong", "vào", "từ", "tính", "cho", "đến")),
    _rule("part_of_period", _PART_OF_PERIOD, _build_part_of_period, (("đầu", "giữa", "cuối"), _PERIOD_WORD),
          ("chậm", "muộn", "vào", "trong", "đầu", "giữa", "cuối")),
    _rule("start_day", _START_DAY, _build_start_day, (("bắt",), ("đầu",), ("ngày",), _DIGIT), ("bắt",)),
    _rule("edge_day", _EDGE_DAY, _build_edge_day, (("ngày",), ("tiên", "cùng"), _PERIOD_WORD),
          ("trước", "chậm", "muộn", "vào", "trong")),
    _rule("half_year", _HALF_YEAR, _build_half_year, (("trong",), ("6",), ("tháng",)), ("trong",)),
    _rule("duration", _DURATION, _build_duration, (("trong",), ("ngày", "tuần", "tháng", "quý", "năm")), ("trong",)),
    _rule("week", _WEEK, _build_week, (("trong",), ("tuần",)), ("trong",)),
    _rule("term_period", _TERM_PERIOD, _build_term_period, (("hạn",), _PERIOD_WORD), ("thời",)),
    _rule("on_day", _ON_DAY, _build_on_day,
          (("ngày",), _DIGIT, ("thành", "xong", "thúc", "vào", "trong", "hạn")),
          ("hoàn", "xong", "kết", "vào", "trong", "thời")),
    _rule("bare_day", _BARE_DAY, _build_bare_day, (("ngày",), _DIGIT), ("ngày",)),
    _rule("event", _EVENT, _build_event, (("khi",), ("sau", "trước")), ("ngay", "sau", "trước")),
    _rule("in_time_for", _IN_TIME_FOR, _build_event_whole, (("kịp",),), ("để", "kịp")),
    _rule("at_session", _AT_SESSION, _build_at_session,
          (("họp", "nghị", "hội"), ("trình", "báo"), ("thứ", "thường")), ("trình", "báo")),
    _rule("before_occasion", _BEFORE_OCCASION, _build_event_whole,
          (("trước", "trong"), ("tết", "mùa", "họp", "nghị", "hội", "kỳ")), ("trước", "trong")),
    _rule("by_reference", _BY_REFERENCE, _build_by_reference, (("theo",), ("độ", "trình", "hạn")), ("theo",)),
)

_SCANS = prefilter.Rules(rule.scan for rule in _RULES)


def _warn_off_calendar(warnings: list[str] | None, m: regex.Match) -> None:
    if warnings is None:
        return
    msg = f"date outside the calendar at offset {m.start()}: {m.group(0)!r}; no deadline taken"
    if msg not in warnings:
        warnings.append(msg)


def find_deadlines(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    issued_date: _dt.date | None = None,
    exclude: Sequence[tuple[int, int]] = (),
    warnings: list[str] | None = None,
) -> list[Deadline]:
    """Deadlines inside ``text[start:end]``; offsets index ``text``. Spans in ``exclude``
    (legal references, header) never yield a deadline. A date no calendar holds ("ngày
    32/13/2024", "trong 30 ngày kể từ ngày 31/12/9999") yields no deadline and, when a
    ``warnings`` list is given, a warning in it (once per phrase and place).

    >>> [(d.kind, str(d.date)) for d in find_deadlines("trình ký ban hành trong tháng 10 năm 2023",
    ...                                                issued_date=_dt.date(2023, 10, 26))]
    [('within', '2023-10-31')]
    """
    end = len(text) if end is None else end
    excl = Spans([(int(a), int(b)) for a, b in exclude])
    cands: list[tuple[int, _Cand]] = []
    spots = prefilter.Spots(text, start, end)  # where the rules' words stand, shared by all
    for prio in _SCANS.possible(spots):
        rule = _RULES[prio]
        for m in rule.scan.finditer(text, start, end, spots=spots, possible=True):
            try:
                c = rule.build(m, text, issued_date)
            except (OverflowError, ValueError):  # _OffCalendar, or arithmetic past year 9999
                _warn_off_calendar(warnings, m)
                continue
            if c is None:
                continue
            if c.kind == "reference":
                # The cited document follows the phrase: only its own words must be free.
                if excl.containing(c.start):
                    continue
                if (nxt := excl.starting_within(c.end, c.end + 3)) is not None:
                    c.end = min(nxt[1], end)
            elif excl.overlaps(c.start, c.end):
                continue
            cands.append((prio, c))
    # Longest first, then rule order; keep those that overlap nothing kept.
    cands.sort(key=lambda pc: (-(pc[1].end - pc[1].start), pc[0], pc[1].start))
    kept: list[_Cand] = []
    taken = Spans()
    for _, c in cands:
        if not taken.overlaps(c.start, c.end):
            taken.add(c.start, c.end)
            kept.append(c)
    kept.sort(key=lambda c: c.start)
    return [
        Deadline(text=text[c.start : c.end], kind=c.kind, date=c.date, recurrence=c.recurrence, start=c.start, end=c.end)
        for c in kept
    ]
