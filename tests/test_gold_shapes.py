"""The gold loader accepts every shape SPEC §3/§4 allows, and each is scored as SPEC §4 says.

``tests/data/gold_shapes/`` holds one small document and gold file per shape (written for the
tests, not copied from a corpus): a notice whose cited document has two dates (a date list), a news
article with ``reports``, a Sở's plan with local agencies, a công điện, and a letter of kind ``other``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from vn_directive_nlp.evaluation.gold import GoldReference, check_gold, find_gold_paths, load_gold, resolve_text
from vn_directive_nlp.evaluation.run import run_evaluate
from vn_directive_nlp.evaluation.scorer import score_document
from vn_directive_nlp.models import LegalReference, Notice

SHAPES = Path(__file__).resolve().parent / "data" / "gold_shapes"
SHAPE_FILES = find_gold_paths([SHAPES])


def test_there_is_a_file_of_each_shape():
    golds = [load_gold(p) for p in SHAPE_FILES]
    assert {g.kind for g in golds} == {"notice", "directive", "news", "other"}
    assert any(isinstance(r.date, list) for g in golds for r in g.references)
    assert any(g.metadata.reports for g in golds if g.kind == "news")
    assert any("Sở" in (g.metadata.issuer or "") for g in golds)


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.name)
def test_each_shape_loads_and_its_quotes_are_sound(path):
    gold = load_gold(path)
    text = resolve_text(path, gold)
    assert text is not None
    assert check_gold(gold, text.read_bytes()) == []


def test_every_shape_is_scored(tmp_path):
    from rich.console import Console

    out = tmp_path / "r.json"
    code = run_evaluate([SHAPES], json_out=out, baselines=False, console=Console(file=io.StringIO(), width=200))
    assert code == 0
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(d["doc_id"] for d in rep["documents"]) == sorted(load_gold(p).doc_id for p in SHAPE_FILES)
    assert rep["skipped"] == []


def test_an_agency_object_stands_for_its_name():
    gold = load_gold(SHAPES / "shape-news-reports.gold.json")
    assert gold.assignments[1].lead == ["Ủy ban nhân dân tỉnh Nam Định"]


def _two_dates_score(predicted: dt.date | None):
    gold = load_gold(SHAPES / "shape-notice-two-dates.gold.json")
    notice = Notice(text="x", references=[LegalReference(text="x", number="68/NQ-CP", date=predicted, start=0, end=1)])
    return score_document(gold, notice).figures["reference_dates"]


@pytest.mark.parametrize("predicted, right", [
    (dt.date(2020, 5, 12), True), (dt.date(2021, 5, 12), True), (dt.date(2021, 5, 13), False), (None, False)])
def test_any_listed_reference_date_counts_as_right(predicted, right):
    acc = _two_dates_score(predicted)
    assert (acc.correct, acc.total) == (int(right), 1)


def test_a_single_reference_date_is_a_list_of_one():
    assert GoldReference(number="1/NQ-CP", date="2024-01-02").acceptable_dates() == [dt.date(2024, 1, 2)]
    assert GoldReference(number="1/NQ-CP").acceptable_dates() == [None]


@pytest.mark.parametrize("data", [
    {"number": "1/NQ-CP", "date": ["2024-13-01"]},  # not a date
    {"number": "1/NQ-CP", "dates": ["2024-01-01"]},  # a typo of "date"
])
def test_bad_reference_dates_are_rejected(data):
    with pytest.raises(ValueError):
        GoldReference.model_validate(data)
