"""Property tests: whatever the input, parse_text returns consistent spans or a typed error.

Every span (segments, assignments, their agencies and deadlines, references) must satisfy
``0 <= start <= end <= len(text)`` and ``text[start:end] == span.text`` (``.surface`` for
agencies); ``raw_offset`` must map into the raw input, in order. Profiles: tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from vn_directive_nlp import VnDirectiveError, parse_text
from vn_directive_nlp.deadlines import find_deadlines
from vn_directive_nlp.references import find_references
from vn_directive_nlp.textutil import strip_diacritics

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("0*.txt"))]


def check(raw: str) -> None:
    """The property, for one input."""
    try:
        notice = parse_text(raw)
    except VnDirectiveError:
        return
    text = notice.text
    n = len(text)

    def span(obj, value: str, what: str) -> None:
        assert obj.start is not None and obj.end is not None, what
        assert 0 <= obj.start <= obj.end <= n, (what, obj.start, obj.end, n)
        assert text[obj.start : obj.end] == value, (what, text[obj.start : obj.end], value)

    for seg in notice.segments:
        span(seg, seg.text, f"segment {seg.id}")
    for asg in notice.assignments:
        span(asg, asg.text, f"assignment {asg.id}")
        for ag in asg.lead + asg.coordinating:
            if ag.start is not None or ag.end is not None:
                span(ag, ag.surface, f"agency {ag.name!r} of {asg.id}")
        for dl in asg.deadlines:
            if dl.start is not None or dl.end is not None:
                span(dl, dl.text, f"deadline {dl.text!r} of {asg.id}")
    for ref in notice.references:
        span(ref, ref.text, f"reference {ref.number}")
    # The offset map points into the raw input, in order.
    probes = sorted({0, n, n // 2, n // 3, *(s.start for s in notice.segments[:20])})
    mapped = [notice.raw_offset(i) for i in probes]
    assert all(0 <= m <= len(raw) for m in mapped), (mapped, len(raw))
    assert mapped == sorted(mapped)


# Letters, markers and punctuation of notices, so random text hits the rules often.
VN_ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạầấẩẫậềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
    + list("0123456789 .,;:()/-–+*|\n\t\xa0\u200b\ufeff\u0301\u0300\u0323\r")
    + ["Số: ", "/TB-VPCP", "ngày ", " tháng ", " năm ", "Thứ nhất,", "\n1. ", "\na) ", "\n- ", "\n+ ",
       "Bộ Tài chính", " chủ trì", "phối hợp với ", "trước ngày 15/5/2024", "Quyết định số 1085/QĐ-TTg",
       "Ủy ban nhân dân tỉnh ", "đề nghị ", "Giao ", "Nơi nhận:", "THÔNG BÁO\n", "Điều 1.", "(1) ", "(i) ", "II. "]
)


@given(st.text(max_size=3000))
@example("")
@example("\x00\x01\ufffe\ud800")
def test_random_unicode(raw):
    check(raw)


@given(st.lists(VN_ALPHABET, max_size=600).map("".join))
def test_random_notice_like_text(raw):
    check(raw)


@st.composite
def mutated_seed(draw):
    """A seed with lines deleted, duplicated or shuffled."""
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    ops = draw(st.lists(st.tuples(st.sampled_from("dsm"), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=12))
    for op, i, j in ops:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        if op == "d":
            del lines[i]
        elif op == "s":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(j, lines[i])
    return "\n".join(lines)


@given(mutated_seed())
def test_seeds_with_lines_deleted_duplicated_shuffled(raw):
    check(raw)


# Marker families that can stand in for each other at a line start.
MARKERS = ["1. ", "2. ", "a) ", "b) ", "- ", "+ ", "Thứ nhất, ", "Thứ hai, ", "I. ", "(1) ", "(a) ", "(i) ", "Điều 1. ", "– ", ""]


@st.composite
def seed_with_markers_swapped(draw):
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    rnd = draw(st.randoms(use_true_random=False))
    out = []
    for line in lines:
        stripped = line.lstrip()
        head = stripped[:12]
        if head[:1].isdigit() or head[:1] in "-+–(" or head.startswith(("Thứ", "a)", "b)", "c)")) or rnd.random() < 0.05:
            rest = stripped.split(" ", 1)[1] if " " in stripped else ""
            line = rnd.choice(MARKERS) + rest
        out.append(line)
    return "\n".join(out)


@given(seed_with_markers_swapped())
def test_seeds_with_markers_swapped(raw):
    check(raw)


@st.composite
def seed_rendered(draw):
    """A seed re-wrapped at a random width, with diacritics stripped, NFD, CRLF or NBSP."""
    text = draw(st.sampled_from(SEEDS))
    width = draw(st.integers(8, 140))
    paras = text.split("\n")
    text = "\n".join(textwrap.fill(p, width, break_on_hyphens=False) if p.strip() else p for p in paras)
    for transform in draw(st.lists(st.sampled_from(["strip", "nfd", "crlf", "nbsp", "stars", "tones"]), max_size=3, unique=True)):
        if transform == "strip":
            text = strip_diacritics(text)
        elif transform == "nfd":
            text = unicodedata.normalize("NFD", text)
        elif transform == "crlf":
            text = text.replace("\n", "\r\n")
        elif transform == "nbsp":
            text = text.replace(" ", "\xa0", draw(st.integers(0, 200)))
        elif transform == "stars":
            text = text.replace("\n", "**\n**", draw(st.integers(0, 20)))
        else:
            text = text.replace("hòa", "hoà").replace("Ủy", "Uỷ")
    return text


@given(seed_rendered())
def test_seeds_rewrapped_stripped_nfd(raw):
    check(raw)


def test_seeds_themselves():
    for seed in SEEDS:
        check(seed)
        check(unicodedata.normalize("NFD", seed))
        check(strip_diacritics(seed))


# Crashes the fuzzing found, minimised; each must parse (or raise VnDirectiveError).
KNOWN_CRASHES = [
    # an IndexError in the agency scanner: a role title ending the text after " - " (fixed)
    "Bộ Y tế - Tổ trưởng",
]


def test_minimised_crashes():
    for raw in KNOWN_CRASHES:
        check(raw)


# --- dates near the calendar's limits (deadlines and references) ------------------------------

# Days, months and years as written, in range and just outside it ("ngày 32/13/0", "31/12/9999").
LIMIT_DAYS = st.one_of(st.integers(0, 32), st.sampled_from([1, 28, 29, 30, 31]))
LIMIT_MONTHS = st.one_of(st.integers(0, 13), st.sampled_from([1, 2, 12]))
LIMIT_YEARS = st.one_of(st.integers(0, 10), st.integers(9990, 10001), st.integers(1899, 2100), st.just(99999))
# Issue dates at both ends of the calendar, and anywhere.
LIMIT_ISSUED = st.one_of(
    st.dates(max_value=dt.date(1, 12, 31)), st.dates(min_value=dt.date(9999, 1, 1)), st.dates(), st.none()
)
DEADLINE_FRAMES = [
    "Bộ Tài chính báo cáo trước ngày {d}/{m}/{y}.", "hoàn thành trong 30 ngày kể từ ngày {d}/{m}/{y}.",
    "gửi trước ngày {d} tháng {m} năm {y}.", "trình trong tháng {m} năm {y}.", "hoàn thành trong quý I.",
    "báo cáo trong tuần tới.", "trả lời trong 10 ngày làm việc kể từ ngày ký.", "trình trước ngày {d}/{m}.",
    "hoàn thành trong 3 năm tới.", "từ ngày {d} đến ngày {d}/{m}/{y}", "báo cáo trước năm {y}.",
    "trước ngày đầu tiên của tháng {m}", "trong tuần đầu tiên của tháng {m} năm {y}",
]


@st.composite
def dated_phrase(draw):
    """A deadline or citation whose numbers may lie beyond the calendar, with an issue date."""
    d, m, y = draw(LIMIT_DAYS), draw(LIMIT_MONTHS), draw(LIMIT_YEARS)
    frame = draw(st.sampled_from(DEADLINE_FRAMES + [
        "Quyết định số 12/QĐ-TTg ngày {d}/{m}/{y}", "Nghị định số 5/{y}/NĐ-CP", "Chỉ thị số 05/CT-TTg ngày {d} tháng {m}",
        "Ngày {d}/{m}, Thủ tướng đã có Công điện số 18/CĐ-TTg", "văn bản đề ngày {d}/{m}/{y} số 16/CV-HH",
    ]))
    return frame.format(d=d, m=m, y=y), draw(LIMIT_ISSUED)


@given(dated_phrase())
@example(("hoàn thành trong 30 ngày kể từ ngày 31/12/9999.", dt.date(2024, 1, 1)))
@example(("hoàn thành trong quý I.", dt.date(9999, 6, 1)))
@example(("báo cáo trong tuần tới.", dt.date(9999, 12, 31)))
@example(("Bộ Tài chính báo cáo trước ngày 32/13/0.", None))
@example(("Chỉ thị số 05/CT-TTg ngày 28 tháng 01", dt.date(1, 1, 1)))
def test_dates_near_the_calendar_limits(case):
    """No error escapes; every date given is a real one, and a dropped off-calendar date is warned about."""
    text, issued = case
    warnings: list[str] = []
    for dl in find_deadlines(text, issued_date=issued, warnings=warnings):
        assert text[dl.start : dl.end] == dl.text
        assert dl.date is None or 1 <= dl.date.year <= 9999
    for ref in find_references(text, issued_date=issued):
        assert text[ref.start : ref.end] == ref.text
        # a year written in the citation is one this library reads; a missing one is the issue date's
        assert ref.date is None or issued is not None or 1900 <= ref.date.year <= 2099
    assert all("outside the calendar" in w for w in warnings)


@given(dated_phrase())
def test_dates_near_the_calendar_limits_in_a_notice(case):
    text, issued = case
    day = issued.strftime("ngày %d tháng %m năm ") + str(issued.year) if issued else "ngày 01 tháng 13 năm 0"
    check(f"VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\nHà Nội, {day}\nTHÔNG BÁO\n1. Bộ Y tế {text}\n")


# --- special characters: direction marks, lone surrogates, controls, noncharacters ----------------

# What copy-pasted or badly decoded text carries: bidi marks and isolates, halves of UTF-16 pairs
# (from "surrogateescape"), zero-width and control characters, U+FFFD, noncharacters.
SPECIAL_CHARS = st.sampled_from(
    ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
     "\u061c", "\ud800", "\udfff", "\udcc3", "\ud83d\ude00", "\u200b", "\ufeff", "\ufffd", "\ufdd0", "\uffff",
     "\x1c", "\x85", "\u2028", "\x0c"]
)


@st.composite
def seed_with_special_chars(draw):
    """A seed with special characters put at random places (inside words, before numbers)."""
    text = draw(st.sampled_from(SEEDS))
    for pos, ch in draw(st.lists(st.tuples(st.integers(0, 10**6), SPECIAL_CHARS), max_size=30)):
        pos %= len(text) + 1
        text = text[:pos] + ch + text[pos:]
    return text


@given(seed_with_special_chars())
def test_seeds_with_special_characters(raw):
    check(raw)
    try:
        notice = parse_text(raw)
    except VnDirectiveError:
        return
    notice.model_dump_json().encode("utf-8")  # strict: no lone surrogate reaches the JSON
