"""``--compare OLD.json``: each figure's change against an earlier report, documents gained and lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_scorer import GOLD, partial, perfect
from vn_directive_nlp.cli import app
from vn_directive_nlp.evaluation.compare import compare_reports
from vn_directive_nlp.evaluation.report import EvalReport
from vn_directive_nlp.evaluation.run import summarize
from vn_directive_nlp.evaluation.scorer import CorpusScore, score_document

SHAPES = Path(__file__).resolve().parent / "data" / "gold_shapes"


def report(*docs: tuple[str, object], gold_sha: str = "g1") -> dict:
    """A report dict over copies of GOLD named ``doc_id``, each scored against its prediction."""
    scores = []
    for doc_id, notice in docs:
        s = score_document(GOLD.model_copy(update={"doc_id": doc_id}), notice)
        s.info = {"genre": "notice", "year": "2024..", "gold_sha256": gold_sha}
        scores.append(s)
    rep = EvalReport(score=CorpusScore(documents=scores))
    summarize(rep, resamples=50)
    return rep.to_dict()


def test_a_fix_shows_its_gain_per_field_and_the_errors_it_removed():
    old = report(("a", partial()), ("b", perfect()))
    new = report(("a", perfect()), ("b", perfect()))
    cmp = compare_reports(old, new, resamples=50)
    overall = cmp["scopes"][0]
    assert overall["scope"] == "overall" and overall["documents"] == 2
    # assignments: old tp 2+3, fp 1, fn 1 → F1 10/12; new 6/6 → 1.
    a = overall["figures"]["assignments"]
    assert a["old"]["f1"] == pytest.approx(10 / 12) and a["new"]["f1"] == 1.0
    assert a["delta"] == pytest.approx(1 - 10 / 12)
    assert cmp["fields"]["assignments"]["gained"][0]["doc_id"] == "a"
    assert cmp["fields"]["assignments"]["lost"] == []
    fixed = {(e["field"], e["kind"], e["where"]) for e in cmp["errors"]["a"]["fixed"]}
    assert ("assignments", "extra", "Số: 12/TB-VPCP") in fixed and cmp["errors"]["a"]["new"] == []
    assert "b" not in cmp["errors"]
    # Per-genre and per-year scopes are compared too.
    assert [s["scope"] for s in cmp["scopes"]] == ["overall", "genre: notice", "year: 2024.."]


def test_a_regression_is_a_loss():
    cmp = compare_reports(report(("a", perfect())), report(("a", partial())), resamples=50)
    assert [e["doc_id"] for e in cmp["fields"]["lead"]["lost"]] == ["a"]
    assert cmp["scopes"][0]["figures"]["lead"]["delta"] < 0


def test_only_documents_in_both_reports_are_compared_and_gold_changes_are_flagged():
    old = report(("a", partial()), ("gone", perfect()))
    new = report(("a", partial()), ("added", empty_notice()), gold_sha="g2")
    cmp = compare_reports(old, new, resamples=50)
    assert cmp["documents"] == {"common": 1, "only_old": ["gone"], "only_new": ["added"], "gold_changed": ["a"]}
    assert cmp["scopes"][0]["figures"]["assignments"]["delta"] == 0


def empty_notice():
    from vn_directive_nlp.models import Notice

    return Notice(text="x")


def test_an_older_report_without_groups_or_intervals_can_be_compared():
    new = report(("a", perfect()))
    old = {"totals": {}, "documents": [{k: v for k, v in d.items() if k in ("doc_id", "text_file", "figures", "errors")}
                                       for d in report(("a", partial()))["documents"]]}
    for d in old["documents"]:
        for f in d["figures"].values():
            for k in [k for k in f if k.endswith("_ci")]:
                del f[k]
    cmp = compare_reports(old, new, resamples=50)
    assert cmp["scopes"][0]["figures"]["assignments"]["delta"] > 0


def _cli(*args):
    res = CliRunner().invoke(app, [str(a) for a in args])
    return res


def test_cli_compare_prints_the_change_and_writes_it_to_the_json(tmp_path):
    first = tmp_path / "old.json"
    assert _cli("evaluate", SHAPES, "--no-baselines", "--resamples", "50", "--json", first).exit_code == 0
    old = json.loads(first.read_text(encoding="utf-8"))
    # Pretend the earlier run missed one assignment of the Sở's plan.
    doc = next(d for d in old["documents"] if d["doc_id"] == "shape-local-plan")
    doc["figures"]["assignments"]["tp"] -= 1
    doc["figures"]["assignments"]["fn"] += 1
    first.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    res = _cli("evaluate", SHAPES, "--no-baselines", "--resamples", "50", "--compare", first,
               "--json", tmp_path / "new.json", "--markdown", tmp_path / "new.md")
    assert res.exit_code == 0, res.output
    assert "Change against the earlier report" in res.output and "Change per genre" in res.output
    assert "assignments gained: shape-local-plan" in res.output
    new = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    local = next(s for s in new["comparison"]["scopes"] if s["scope"] == "genre: local")
    assert local["figures"]["assignments"]["delta"] > 0
    assert "## Change against an earlier report" in (tmp_path / "new.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [None, "not json", '{"totals": {}}'])
def test_cli_compare_with_an_unusable_report_says_so(tmp_path, content):
    old = tmp_path / "old.json"
    if content is not None:
        old.write_text(content, encoding="utf-8")
    res = _cli("evaluate", SHAPES, "--no-baselines", "--resamples", "20", "--compare", old)
    assert res.exit_code == 1 and "cannot compare with" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)  # a clean exit, not a crash


def test_cli_an_unwritable_output_is_one_error_line_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = _cli("evaluate", SHAPES, "--no-baselines", "--resamples", "20", "--json", blocker / "r.json")
    assert res.exit_code == 1 and "cannot write" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)  # a clean exit, not a crash
