"""Deadline extraction: a table of hand-written phrases (tests/data/deadline_cases.tsv), the seeds,
offsets, exclusion of reference spans, and robustness against pathological input."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from tsvcases import case_rows

from vn_directive_nlp.deadlines import find_deadlines
from vn_directive_nlp.references import find_references

CORPUS = Path(__file__).parent.parent / "corpus"


ROWS = case_rows("deadline_cases.tsv")


def test_table_has_enough_rows():
    kinds = [r.values[0]["kind"] for r in ROWS]
    assert sum(k != "none" for k in kinds) >= 60
    assert kinds.count("none") >= 15
    assert {"before", "on", "within", "recurring", "event", "reference"} <= set(kinds)


@pytest.mark.parametrize("row", ROWS)
def test_deadline_table(row):
    text = row["input"].replace("\\n", "\n")
    issued = dt.date.fromisoformat(row["issued_date"])
    got = find_deadlines(text, issued_date=issued)
    if row["kind"] == "none":
        assert got == [], [d.text for d in got]
        return
    assert len(got) == 1, [(d.text, d.kind) for d in got]
    d = got[0]
    assert d.kind == row["kind"]
    assert (d.date.isoformat() if d.date else "") == row["date"]
    assert (d.recurrence or "") == row["recurrence"]
    assert text[d.start : d.end] == d.text


def test_offsets_index_the_whole_text_within_a_window():
    text = "1. Bộ Y tế báo cáo trước ngày 15/5/2024.\n2. Bộ Tài chính trình trong tháng 6 năm 2024."
    second = text.index("2.")
    got = find_deadlines(text, second, len(text), issued_date=dt.date(2024, 5, 1))
    assert [(d.text, str(d.date)) for d in got] == [("trong tháng 6 năm 2024", "2024-06-30")]
    assert text[got[0].start : got[0].end] == "trong tháng 6 năm 2024"


def test_dates_inside_references_are_not_deadlines():
    text = "thực hiện Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022, báo cáo trước ngày 30/6/2024"
    refs = find_references(text)
    got = find_deadlines(text, issued_date=dt.date(2024, 5, 1), exclude=[(r.start, r.end) for r in refs])
    assert [(d.kind, str(d.date)) for d in got] == [("before", "2024-06-30")]


def test_reference_deadline_extends_over_the_cited_document():
    text = "hoàn thiện theo tiến độ đề ra tại Quyết định số 206/QĐ-TTg ngày 28 tháng 02 năm 2024 của Thủ tướng"
    refs = find_references(text)
    (d,) = find_deadlines(text, exclude=[(r.start, r.end) for r in refs])
    assert d.kind == "reference" and d.date is None
    assert d.text == "theo tiến độ đề ra tại Quyết định số 206/QĐ-TTg ngày 28 tháng 02 năm 2024"


def test_no_issued_date_leaves_relative_dates_open():
    assert [(d.kind, d.date) for d in find_deadlines("báo cáo trước ngày 15/5")] == [("before", None)]
    assert [(d.kind, d.date) for d in find_deadlines("gửi báo cáo trong tuần")] == [("within", None)]


def test_several_time_limits_in_one_assignment_are_all_listed():
    text = "báo cáo sơ bộ trước ngày 15/6/2024; hoàn thành toàn bộ trong quý III năm 2024 và định kỳ hằng quý báo cáo"
    got = find_deadlines(text, issued_date=dt.date(2024, 5, 1))
    assert [(d.kind, d.date and d.date.isoformat(), d.recurrence) for d in got] == [
        ("before", "2024-06-15", None),
        ("within", "2024-09-30", None),
        ("recurring", None, "quarterly"),
    ]


def test_seed_003_deadlines_on_raw_wrapped_text():
    text = (CORPUS / "003_b659688874c4366e.txt").read_text(encoding="utf-8")
    refs = find_references(text)
    got = find_deadlines(text, issued_date=dt.date(2024, 5, 10), exclude=[(r.start, r.end) for r in refs])
    summary = [(d.kind, d.date and d.date.isoformat()) for d in got]
    assert ("before", "2024-05-15") in summary  # "trước ngày 15 tháng 5\nnăm 2024"
    assert ("within", "2024-06-30") in summary  # "trong tháng 6 năm 2024"
    assert ("within", "2024-12-31") in summary  # "thí điểm trong năm 2024"
    assert ("reference", None) in summary  # "theo tiến độ đề ra tại Quyết định số 206/QĐ-TTg"
    assert any(d.recurrence == "monthly" for d in got)  # "Định kỳ hằng tháng"
    # no date of a cited document becomes a deadline
    assert all(d.date is None or d.date >= dt.date(2024, 5, 1) for d in got)


def test_seed_004_events_and_month():
    text = (CORPUS / "004_ca3141073870a61f.txt").read_text(encoding="utf-8")
    refs = find_references(text)
    got = find_deadlines(text, issued_date=dt.date(2025, 1, 24), exclude=[(r.start, r.end) for r in refs])
    texts = {d.text: d for d in got}
    assert texts["ngay sau khi được ban hành"].kind == "event"
    assert texts["ngay sau khi Chính phủ ban hành"].kind == "event"
    assert texts["trong tháng 02 năm 2025"].date == dt.date(2025, 2, 28)
    # the narrative "Sau khi Lãnh đạo Bộ Nội vụ trình bày Báo cáo…" and the purpose clause
    # "để đảm bảo … sau khi thực hiện sắp xếp bộ máy" time nothing
    assert not any(t.startswith("Sau khi Lãnh đạo") for t in texts)
    assert not any("sắp xếp bộ máy" in t for t in texts)


@pytest.mark.parametrize("junk", ["số ", "1/1/", "trước ngày ", "trong vòng 1 ", "hằng ", "sau khi x "])
def test_pathological_input_is_fast(junk):
    text = junk * (1_000_000 // len(junk))
    t0 = time.process_time()
    find_deadlines(text, issued_date=dt.date(2024, 1, 1))
    assert time.process_time() - t0 < 5.0  # linear scan; typically well under a second


def test_a_15kb_notice_takes_milliseconds():
    text = (CORPUS / "004_ca3141073870a61f.txt").read_text(encoding="utf-8")
    find_deadlines(text)  # warm up
    t0 = time.process_time()
    for _ in range(10):
        find_deadlines(text, issued_date=dt.date(2025, 1, 24))
    assert (time.process_time() - t0) / 10 < 0.05


def test_no_issued_date_period_without_year_keeps_the_kind():
    (d,) = find_deadlines("ban hành trong tháng 9")
    assert (d.kind, d.date, d.text) == ("within", None, "trong tháng 9")


@pytest.mark.parametrize(
    "text, issued",
    [
        ("báo cáo trong 30 ngày kể từ ngày 31/12/9999", dt.date(2024, 1, 1)),
        ("hoàn thành trong quý I", dt.date(9999, 6, 1)),
        ("báo cáo trong tuần tới", dt.date(9999, 12, 31)),
        ("gửi trước ngày 01/01/0000", dt.date(2024, 1, 1)),
        ("hoàn thành trong tháng 13 năm 2024", dt.date(2024, 1, 1)),
        ("gửi trước ngày 32/5/2024", dt.date(2024, 1, 1)),
        ("gửi trước ngày 30 tháng 2 năm 2024", dt.date(2024, 1, 1)),
        ("trước tháng 1", dt.date(1, 1, 1)),
    ],
)
def test_dates_beyond_the_calendar_give_no_deadline_and_a_warning(text, issued):
    warnings: list[str] = []
    assert find_deadlines(text, issued_date=issued, warnings=warnings) == []
    assert warnings and all("outside the calendar" in w for w in warnings)


def test_date_beyond_the_calendar_is_a_warning_on_the_result():
    from vn_directive_nlp import parse_text

    notice = parse_text(
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\nHà Nội, ngày 01 tháng 6 năm 2024\nTHÔNG BÁO\n"
        "Kết luận của Phó Thủ tướng\n"
        "1. Giao Bộ Tài chính chủ trì, hoàn thành báo cáo trong 30 ngày kể từ ngày 31/12/9999.\n"
    )
    assert notice.assignments
    assert [d for a in notice.assignments for d in a.deadlines] == []
    assert any("31/12/9999" in w and "outside the calendar" in w for w in notice.warnings)


def test_working_days_skip_tet():
    # 24 January 2025 + 10 working days: Tết closed 27–31 January, so 14 February, not 7 February
    (d,) = find_deadlines("trả lời trong 10 ngày làm việc kể từ ngày ký", issued_date=dt.date(2025, 1, 24))
    assert (d.kind, d.date) == ("before", dt.date(2025, 2, 14))
