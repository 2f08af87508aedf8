"""Baselines: units, scoring beside ours, and the real underthesea / dateparser calls."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from vn_directive_nlp.evaluation import baselines as B
from vn_directive_nlp.evaluation.gold import GoldDoc
from vn_directive_nlp.evaluation.scorer import score_document
from vn_directive_nlp.models import Agency, Assignment, Deadline, Notice

TEXT = ("1. Bộ Tài chính chủ trì rà soát, báo cáo trước ngày 15/5/2024. Bộ Y tế hướng dẫn\n"
        "tiêm chủng theo Quyết định số 1085/QĐ-TTg và Nghị quyết số 57-NQ/TW.\n"
        "2. Thực hiện Nghị định số 107/2021/NĐ-CP.")
GOLD = GoldDoc.model_validate({
    "doc_id": "t", "text_file": "t.txt", "kind": "notice", "metadata": {"issued_date": "2024-05-02"},
    "assignments": [
        {"quote": "chủ trì rà soát", "lead": ["Bộ Tài chính"], "deadlines": [{"kind": "before", "date": "2024-05-15"}]},
        {"quote": "hướng dẫn tiêm chủng", "lead": ["Bộ Y tế"]},
    ],
    "references": [{"number": "1085/QĐ-TTg"}, {"number": "57-NQ/TW"}, {"number": "107/2021/NĐ-CP"}],
})


def notice() -> Notice:
    # Ours found the first assignment only, with its lead and deadline.
    text = "Bộ Tài chính chủ trì rà soát, báo cáo trước ngày 15/5/2024."
    s = TEXT.index(text)
    a = Assignment(id="A1", text=text, start=s, end=s + len(text),
                   lead=[Agency(name="Bộ Tài chính", surface="Bộ Tài chính")],
                   deadlines=[Deadline(text="trước ngày 15/5/2024", kind="before", date=dt.date(2024, 5, 15))])
    return Notice(kind="notice", text=TEXT, assignments=[a])


def items():
    n = notice()
    return [(GOLD, n, score_document(GOLD, n))]


@pytest.mark.parametrize("text, quote, span", [
    ("1. Bộ  Tài chính\nchủ trì", "bộ tài chính chủ", (3, 20)),
    ("Uỷ ban nhân dân", "Ủy ban", (0, 6)),  # old tone placement in the text
    ("Bộ Tài chính", "Bộ Y tế", None),
])
def test_find_quote(text, quote, span):
    assert B.find_quote(text, quote) == span


def test_units_use_our_span_when_matched_else_the_quotes_sentence():
    units = B.units_of(items())
    assert [u.on_our_span for u in units] == [True, False]
    assert units[0].text.startswith("Bộ Tài chính chủ trì")
    # The unmatched gold's quote crosses a line break: its sentence runs from after "15/5/2024. "
    # to the next sentence end.
    assert units[1].text == "Bộ Y tế hướng dẫn\ntiêm chủng theo Quyết định số 1085/QĐ-TTg và Nghị quyết số 57-NQ/TW."
    assert units[1].ours_lead == []


def test_lead_baseline_scored_beside_ours_on_the_same_units():
    # A fake tagger that finds "Bộ Y tế" everywhere: unit 1 fp + fn, unit 2 tp.
    base, ours = B.lead_baseline(B.units_of(items()), ner_spans=lambda text: ["Bộ Y tế"])
    assert (base.tp, base.fp, base.fn) == (1, 1, 1)
    # Ours: unit 1 right, unit 2 missed (its gold lead counts as missed).
    assert (ours.tp, ours.fp, ours.fn) == (1, 0, 1)


def test_deadline_baseline_scores_dates_only():
    fake = lambda text, issued: [dt.date(2024, 5, 15), dt.date(2022, 9, 15)] if "15/5" in text else []  # noqa: E731
    base, ours = B.deadline_baseline(B.units_of(items()), find_dates=fake)
    assert (base.tp, base.fp, base.fn) == (1, 1, 0)
    assert (ours.tp, ours.fp, ours.fn) == (1, 0, 0)


@pytest.mark.parametrize("text, found", [
    ("theo Quyết định số 1085/QĐ-TTg ngày", ["1085/QĐ-TTg"]),
    ("Nghị định số 107/2021/NĐ-CP", ["2021/NĐ-CP"]),  # naive: loses the first part
    ("Nghị quyết số 57-NQ/TW", []),  # naive: the Party form is not seen
    ("ngày 15/5/2024", []),
])
def test_naive_reference_regex(text, found):
    assert [m.group(0) for m in B.NAIVE_REFERENCE_RE.finditer(text)] == found


def test_reference_baseline_beside_ours():
    base, ours = B.reference_baseline(items())
    # Regex finds 1085/QĐ-TTg (tp) and 2021/NĐ-CP (fp); misses 57-NQ/TW and 107/2021/NĐ-CP.
    assert (base.tp, base.fp, base.fn) == (1, 1, 2)
    # Ours predicted no reference at all.
    assert (ours.tp, ours.fp, ours.fn) == (0, 0, 3)


@pytest.mark.skipif(importlib.util.find_spec("underthesea") is None, reason="underthesea not installed")
def test_underthesea_ner_runs_offline_and_returns_spans():
    spans = B.ner_org_spans("Giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Bộ Tài chính.")
    assert all(isinstance(s, str) and s for s in spans)


@pytest.mark.skipif(importlib.util.find_spec("dateparser") is None, reason="dateparser not installed")
@pytest.mark.parametrize("text, date", [
    ("báo cáo trước 15/5/2024", dt.date(2024, 5, 15)),
    ("hoàn thành trong tháng 10 năm 2023", dt.date(2023, 10, 31)),  # PREFER_DAY_OF_MONTH="last"
])
def test_dateparser_baseline(text, date):
    assert date in B.dateparser_dates(text, dt.date(2023, 1, 1))


def test_run_baselines_reports_three_rows():
    rows = B.run_baselines(items())
    assert [r.field for r in rows] == ["lead", "deadline_dates", "references"]
    for r in rows:
        assert r.baseline is not None or r.reason
