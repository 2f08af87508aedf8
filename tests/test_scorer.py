"""The SPEC §4 scorer on tiny hand-made gold / prediction pairs whose figures are worked out by hand.

Convention checked here: a ratio with a zero denominator is None ("n/a"): precision when nothing
was predicted, recall when nothing was expected; F1 = 2tp / (2tp + fp + fn), None only when
nothing was expected nor predicted.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from vn_directive_nlp.evaluation.gold import GoldDoc
from vn_directive_nlp.evaluation.run import run_evaluate
from vn_directive_nlp.evaluation.scorer import PRF, label_key, score_corpus, score_document, symbol_key
from vn_directive_nlp.models import Agency, Assignment, Deadline, LegalReference, Metadata, Notice, Segment

L1 = "1. Bộ Tài chính chủ trì rà soát chính sách thuế, báo cáo trước ngày 15/5/2024."
L2 = "2. Đề nghị Ủy ban nhân dân tỉnh Thanh Hóa phối hợp với Bộ Xây dựng hoàn thiện quy hoạch trong tháng 10 năm 2024."
L3 = "a) Bộ Y tế hướng dẫn tiêm chủng theo Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022 và Nghị định số 42/2022/NĐ-CP."
TEXT = "\n".join(["Số: 12/TB-VPCP", L1, L2, L3])

GOLD = GoldDoc.model_validate({
    "doc_id": "tb-12-2024", "text_file": "tb-12-2024.txt", "kind": "notice",
    "metadata": {"number": "12/TB-VPCP", "issued_date": "2024-05-02", "signer": None},
    "segments": [
        {"id": "1", "label": "1", "quote": "rà soát chính sách thuế"},
        {"id": "2", "label": "2.", "quote": "hoàn thiện quy hoạch"},
        {"id": "2.1", "label": "a)", "quote": "hướng dẫn tiêm chủng"},
    ],
    "assignments": [
        {"quote": "rà soát chính sách thuế", "lead": ["Bộ Tài chính"],
         "deadlines": [{"kind": "before", "date": "2024-05-15"}]},
        {"quote": "hoàn thiện quy hoạch", "lead": ["Ủy ban nhân dân tỉnh Thanh Hóa"], "coordinating": ["Bộ Xây dựng"],
         "deadlines": [{"kind": "within", "date": "2024-10-31"}]},
        {"quote": "hướng dẫn tiêm chủng", "lead": ["Bộ Y tế"], "references": ["1085/QĐ-TTg"]},
    ],
    "references": [{"number": "1085/QĐ-TTg", "doc_type": "Quyết định", "date": "2022-09-15"},
                   {"number": "42/2022/NĐ-CP", "doc_type": "Nghị định", "date": None}],
})


def seg(id_, label, text, level, parent=None):
    start = TEXT.index(text)
    return Segment(id=id_, parent=parent, label=label, marker="number", level=level, text=text,
                   start=start, end=start + len(text))


def asg(id_, text, lead=(), coordinating=(), deadlines=()):
    start = TEXT.index(text)
    return Assignment(id=id_, text=text, start=start, end=start + len(text),
                      lead=[Agency(name=n, surface=n) for n in lead],
                      coordinating=[Agency(name=n, surface=n) for n in coordinating],
                      deadlines=[Deadline(text="…", kind=k, date=dt.date.fromisoformat(d) if d else None)
                                 for k, d in deadlines])


def ref(number, date=None):
    return LegalReference(text=number, number=number, date=date, start=0, end=1)


def perfect() -> Notice:
    return Notice(
        kind="notice", text=TEXT,
        metadata=Metadata(number="12/TB-VPCP", issued_date=dt.date(2024, 5, 2)),
        segments=[seg("1", "1.", L1, 1), seg("2", "2.", L2 + "\n" + L3, 1), seg("2.1", "a)", L3, 2, "2")],
        assignments=[
            asg("A1", L1, ["Bộ Tài chính"], deadlines=[("before", "2024-05-15")]),
            asg("A2", L2, ["Ủy ban nhân dân tỉnh Thanh Hóa"], ["Bộ Xây dựng"], [("within", "2024-10-31")]),
            asg("A3", L3, ["Bộ Y tế"]),
        ],
        references=[ref("1085/QĐ-TTg", dt.date(2022, 9, 15)), ref("42/2022/NĐ-CP")],
    )


def figures(notice: Notice):
    return score_document(GOLD, notice).figures


def prf(p: PRF):
    return (p.precision, p.recall, p.f1)


def test_perfect_prediction_scores_one_everywhere():
    f = figures(perfect())
    for key in ("segments", "assignments", "lead", "coordinating", "deadlines", "deadline_dates", "references"):
        assert prf(f[key]) == (1.0, 1.0, 1.0), key
    for key in ("segment_ids", "reference_dates", "fully_right", "metadata.number", "metadata.issued_date",
                "metadata.signer", "metadata.kind"):
        assert f[key].value == 1.0, key
    assert score_document(GOLD, perfect()).errors == []


def test_empty_prediction_has_recall_zero_and_precision_na():
    s = score_document(GOLD, Notice(text=TEXT))
    f = s.figures
    # 3 gold segments, 0 predicted: tp 0, fp 0, fn 3 → P n/a, R 0/3, F1 0/(0+0+3) = 0.
    assert prf(f["segments"]) == (None, 0.0, 0.0)
    assert prf(f["assignments"]) == (None, 0.0, 0.0)
    assert prf(f["references"]) == (None, 0.0, 0.0)
    # No matched assignment: agency / deadline figures have nothing to count.
    assert prf(f["lead"]) == (None, None, None)
    assert f["fully_right"].value == 0.0  # 0 of 3 gold assignments
    assert f["metadata.number"].value == 0.0
    # Gold says signer is null and nothing was predicted: that is right.
    assert f["metadata.signer"].value == 1.0
    # Gold gives no presiding, so it is not scored.
    assert f["metadata.presiding"].total == 0
    assert f["metadata.kind"].value == 0.0  # "other" predicted, "notice" expected
    missed = {(e.field, e.where) for e in s.errors if e.kind == "missed"}
    assert ("assignments", "hướng dẫn tiêm chủng") in missed
    assert ("references", "42/2022/NĐ-CP") in missed


def partial() -> Notice:
    return Notice(
        kind="notice", text=TEXT,
        metadata=Metadata(number="12/TB-VPCP", signer="Trần Văn Sơn"),
        segments=[seg("1", "1.", L1, 1), seg("2", "2.", L2 + "\n" + L3, 1)],  # "a)" not found
        assignments=[
            asg("A1", L1, ["Bộ Tài chính"], deadlines=[("on", "2024-05-15")]),  # wrong kind
            # B and C merged into one prediction, with an extra lead and no coordinating agency.
            asg("A2", L2 + "\n" + L3, ["Ủy ban nhân dân tỉnh Thanh Hóa", "Bộ Y tế"], [], [("within", "2024-10-31")]),
            asg("A3", "Số: 12/TB-VPCP"),  # not in gold
        ],
        references=[ref("1085/QĐ - TTg", dt.date(2022, 9, 15)), ref("12/TB-VPCP")],
    )


def test_partial_prediction_figures_by_hand():
    s = score_document(GOLD, partial())
    f = s.figures
    # segments: "1", "2" matched; "a)" quote's innermost predicted segment is "2." → label differs.
    # tp 2, fp 0, fn 1 → P 1, R 2/3, F1 4/5.
    assert prf(f["segments"]) == pytest.approx((1.0, 2 / 3, 0.8))
    # assignments: A1 ↔ gold 1; the merged A2 can match only one of gold 2 / 3; A3 is extra.
    # tp 2, fp 1, fn 1 → 2/3 each.
    assert prf(f["assignments"]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    # lead: {BTC} = {BTC} → tp 1; {UBND TH} vs {UBND TH, BYT} → tp 1, fp 1. P 2/3, R 1, F1 4/5.
    assert prf(f["lead"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # coordinating: gold {BXD}, predicted {} → fn 1: P n/a, R 0, F1 0.
    assert prf(f["coordinating"]) == (None, 0.0, 0.0)
    # deadlines: (before, 05-15) vs (on, 05-15) → fp 1, fn 1; (within, 10-31) both → tp 1. ½ each.
    assert prf(f["deadlines"]) == pytest.approx((0.5, 0.5, 0.5))
    # date only: 2024-05-15 and 2024-10-31 both right.
    assert prf(f["deadline_dates"]) == (1.0, 1.0, 1.0)
    # fully right: gold 1 (deadline kind wrong) no, gold 2 (extra lead) no, gold 3 missed → 0/3.
    assert (f["fully_right"].correct, f["fully_right"].total) == (0, 3)
    # references: "1085/QĐ - TTg" = 1085/QĐ-TTg after spacing normalization → tp 1; 12/TB-VPCP fp;
    # 42/2022/NĐ-CP fn → ½ each; the matched one has the right date.
    assert prf(f["references"]) == pytest.approx((0.5, 0.5, 0.5))
    assert f["reference_dates"].value == 1.0
    # signer: gold null, predicted a name → wrong.
    assert f["metadata.signer"].value == 0.0
    wrong = {(e.field, e.where): (e.expected, e.got) for e in s.errors if e.kind == "wrong"}
    assert wrong[("deadlines", "rà soát chính sách thuế")] == (["before 2024-05-15"], ["on 2024-05-15"])
    assert wrong[("lead", "hoàn thiện quy hoạch")] == (["Ủy ban nhân dân tỉnh Thanh Hóa"],
                                                     ["Bộ Y tế", "Ủy ban nhân dân tỉnh Thanh Hóa"])
    extra = [e for e in s.errors if e.field == "assignments" and e.kind == "extra"]
    assert [e.where for e in extra] == ["Số: 12/TB-VPCP"]


def test_duplicated_predictions_do_not_inflate_recall():
    n = perfect()
    a1 = n.assignments[0]
    n.assignments = [a1, a1.model_copy(update={"id": "A2"}), a1.model_copy(update={"id": "A3"})]
    n.segments = [n.segments[0]] * 3
    f = figures(n)
    # 3 copies of gold 1's assignment: one match, two extras; gold 2, 3 missed.
    # tp 1, fp 2, fn 2 → P 1/3, R 1/3.
    assert prf(f["assignments"]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert prf(f["segments"]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # the lead of the one match only: tp 1.
    assert (f["lead"].tp, f["lead"].fp, f["lead"].fn) == (1, 0, 0)


def test_one_prediction_per_gold_when_a_longer_one_also_contains_the_quote():
    n = perfect()
    # An extra prediction spanning gold 2 and 3, listed first: the matching must still pair
    # gold 2 ↔ A2 and gold 3 ↔ A3, leaving the long one as the only extra.
    n.assignments.insert(0, asg("A0", L2 + "\n" + L3))
    f = figures(n)
    assert (f["assignments"].tp, f["assignments"].fp, f["assignments"].fn) == (3, 1, 0)


@pytest.mark.parametrize("predicted", [
    "Uỷ ban nhân dân tỉnh Thanh Hoá",  # old tone placement
    "ủy ban nhân dân tỉnh thanh hóa",  # case
    "Ủy ban  nhân dân tỉnh\nThanh Hóa",  # whitespace
])
def test_agency_names_compare_case_and_tone_insensitively(predicted):
    n = perfect()
    n.assignments[1].lead = [Agency(name=predicted, surface=predicted)]
    assert prf(figures(n)["lead"]) == (1.0, 1.0, 1.0)


def test_a_different_agency_is_not_matched():
    n = perfect()
    n.assignments[1].lead = [Agency(name="Ủy ban nhân dân tỉnh Thanh Hà", surface="x")]
    # tp 2 (gold 1, 3), fp 1, fn 1.
    assert prf(figures(n)["lead"]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_presiding_compares_as_a_set_and_null_gold_counts():
    gold = GOLD.model_copy(update={"metadata": GOLD.metadata.model_validate(
        {"presiding": ["Trần Lưu Quang", "Trần Hồng Hà"], "meeting_date": None})})
    n = perfect()
    n.metadata.presiding = ["trần hồng hà", "Trần Lưu Quang"]
    n.metadata.meeting_date = dt.date(2024, 5, 1)
    f = score_document(gold, n).figures
    assert f["metadata.presiding"].value == 1.0
    assert f["metadata.meeting_date"].value == 0.0  # a date predicted where gold says none
    assert f["metadata.number"].total == 0  # not given by this gold


def test_corpus_totals_are_micro_sums():
    c = score_corpus([(GOLD, perfect()), (GOLD, Notice(text=TEXT))])
    # segments: (3 tp) + (3 fn) → P 3/3, R 3/6, F1 6/9.
    assert prf(c.totals["segments"]) == pytest.approx((1.0, 0.5, 2 / 3))
    assert [round(d.figures["segments"].f1, 3) for d in c.documents] == [1.0, 0.0]


@pytest.mark.parametrize("a, b", [("a)", "a."), ("Thứ nhất,", "thứ nhất"), ("1.", "1"), ("–", "-"), ("II.", "ii")])
def test_labels_equal(a, b):
    assert label_key(a) == label_key(b)


@pytest.mark.parametrize("a, b", [("1.", "I."), ("a)", "b)"), ("(1)", "1."), ("-", "+")])
def test_labels_differ(a, b):
    assert label_key(a) != label_key(b)


@pytest.mark.parametrize("a, b", [("107/2021/ NĐ - CP", "107/2021/NĐ-CP"), ("57 – NQ/TW", "57-NQ/TW"),
                                  ("1085/qđ-ttg", "1085/QĐ-TTg")])
def test_symbols_equal(a, b):
    assert symbol_key(a) == symbol_key(b)


@pytest.mark.parametrize("a, b", [("57-NQ/TW", "57/NQ-TW"), ("1085/QĐ-TTg", "1086/QĐ-TTg")])
def test_symbols_differ(a, b):
    assert symbol_key(a) != symbol_key(b)


def test_run_evaluate_writes_reports_and_skips_missing_texts(tmp_path):
    from rich.console import Console

    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    data = GOLD.model_dump(mode="json", exclude_unset=True) | {"text_file": "doc.txt"}
    (tmp_path / "doc.gold.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "gone.gold.json").write_text(json.dumps(data | {"text_file": "absent.txt"}), encoding="utf-8")
    out = tmp_path / "out"
    console = Console(file=io.StringIO(), width=200)
    code = run_evaluate([tmp_path], json_out=out / "r.json", markdown_out=out / "r.md", baselines=False, console=console)
    assert code == 0
    rep = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in rep["documents"]] == ["tb-12-2024"]
    assert rep["skipped"][0]["reason"] == "text not found: absent.txt"
    # The gold written here has no sha256: that is listed, not fatal.
    assert any("sha256" in n for n in rep["notes"])
    assert "Assignment detection" in (out / "r.md").read_text(encoding="utf-8")


def test_run_evaluate_exit_codes(tmp_path):
    from rich.console import Console

    console = Console(file=io.StringIO())
    (tmp_path / "bad.gold.json").write_text('{"doc_id": "x", "dealines": []}', encoding="utf-8")
    assert run_evaluate([tmp_path / "bad.gold.json"], baselines=False, console=console) == 2  # nothing scored
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    good = GOLD.model_dump(mode="json", exclude_unset=True) | {"text_file": "doc.txt"}
    (tmp_path / "good.gold.json").write_text(json.dumps(good), encoding="utf-8")
    assert run_evaluate([tmp_path], baselines=False, console=console) == 1  # one invalid gold file
    assert run_evaluate([tmp_path / "nowhere"], baselines=False, console=console) == 2
