"""95 % bootstrap intervals over documents: what a researcher citing a figure relies on."""

from __future__ import annotations

import io
import json
from pathlib import Path

from vn_directive_nlp.evaluation.bootstrap import RESAMPLES, bootstrap_cis, paired_delta_cis
from vn_directive_nlp.evaluation.run import run_evaluate
from vn_directive_nlp.evaluation.scorer import PRF, Accuracy

SHAPES = Path(__file__).resolve().parent / "data" / "gold_shapes"


def test_documents_are_resampled_not_items():
    # Two documents of 100 items each: one all right, one all wrong. Over items the share is 0.5
    # give or take 0.1; over documents a resample is often both copies of one document.
    docs = [{"x": Accuracy(100, 100)}, {"x": Accuracy(0, 100)}]
    lo, hi = bootstrap_cis(docs)["x"]["accuracy"]
    assert (lo, hi) == (0.0, 1.0)


def test_the_interval_holds_the_figure_and_narrows_with_more_documents():
    few = [{"f": PRF(tp, 1, 1)} for tp in (2, 5, 9, 3)]
    many = few * 10
    f1 = 2 * 19 / (2 * 19 + 4 + 4)
    (lo_few, hi_few), (lo_many, hi_many) = bootstrap_cis(few)["f"]["f1"], bootstrap_cis(many)["f"]["f1"]
    assert lo_few <= f1 <= hi_few and lo_many <= f1 <= hi_many
    assert hi_many - lo_many < hi_few - lo_few


def test_fixed_seed_gives_the_same_interval_and_another_seed_another():
    docs = [{"f": PRF(tp, fp, 1)} for tp, fp in ((2, 0), (5, 3), (9, 1), (3, 2), (0, 4))]
    assert bootstrap_cis(docs) == bootstrap_cis(docs)
    assert bootstrap_cis(docs, seed=1) != bootstrap_cis(docs, seed=2)


def test_resamples_where_a_ratio_is_undefined_are_left_out():
    # Precision is undefined in every resample made only of the document that predicted nothing.
    docs = [{"f": PRF(0, 0, 3)}, {"f": PRF(2, 2, 0)}]
    cis = bootstrap_cis(docs)["f"]
    assert cis["precision"] == (0.5, 0.5)
    assert bootstrap_cis([{"f": PRF(0, 0, 3)}])["f"]["precision"] is None


def test_paired_change_interval_is_zero_when_nothing_changed():
    docs = [{"f": PRF(tp, 1, 2)} for tp in (1, 4, 6)]
    assert paired_delta_cis(docs, docs)["f"] == (0.0, 0.0)
    better = [{"f": PRF(tp + 1, 1, 1)} for tp in (1, 4, 6)]
    lo, hi = paired_delta_cis(docs, better)["f"]
    assert 0 < lo <= hi


def test_every_figure_of_the_json_report_has_its_interval(tmp_path):
    from rich.console import Console

    out = tmp_path / "r.json"
    console = Console(file=io.StringIO(), width=250)
    assert run_evaluate([SHAPES], json_out=out, baselines=False, console=console) == 0
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["bootstrap"] == {"resamples": RESAMPLES, "seed": rep["bootstrap"]["seed"], "confidence": 0.95,
                                "unit": "document", "method": "percentile"}
    totals = [rep["totals"]] + [g["totals"] for groups in rep["groups"].values() for g in groups.values()]
    for figures in totals:
        for name, fig in figures.items():
            for ratio in ("precision", "recall", "f1") if "tp" in fig else ("accuracy",):
                assert f"{ratio}_ci" in fig, name
                ci = fig[f"{ratio}_ci"]
                if fig[ratio] is not None:  # a defined figure has an interval [low, high] within 0..1
                    assert 0 <= ci[0] <= ci[1] <= 1, (name, ratio)
    shown = console.file.getvalue()
    assert "95% bootstrap confidence interval over documents" in shown and f"{RESAMPLES} resamples" in shown
    assert "[" in shown.split("Assignment detection", 1)[1].splitlines()[0]
