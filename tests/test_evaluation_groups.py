"""Per-genre and per-year-band figures: the grouping rules (as data) and the report's groups."""

from __future__ import annotations

import doctest
import importlib
import io
import json
import pkgutil
from pathlib import Path

import pytest

import vn_directive_nlp.evaluation
from tsvcases import case_rows
from vn_directive_nlp.evaluation.gold import GoldDoc, load_gold
from vn_directive_nlp.evaluation.groups import genre, groups_of, is_local_issuer
from vn_directive_nlp.evaluation.run import run_evaluate

SHAPES = Path(__file__).resolve().parent / "data" / "gold_shapes"


@pytest.mark.parametrize("row", case_rows("local_issuer_cases.tsv"))
def test_local_issuer_rule(row):
    assert is_local_issuer(row["input"]) is (row["expected"] == "yes")


def _gold(**metadata) -> GoldDoc:
    return GoldDoc.model_validate({"doc_id": "x", "text_file": "x.txt", "kind": "news", "metadata": metadata})


@pytest.mark.parametrize("row", case_rows("year_band_cases.tsv"))
def test_year_band_rule(row):
    given = {k: None if v == "-" else v for k, v in (("issued_date", row["input"]), ("meeting_date", row["meeting_date"]))}
    assert groups_of(_gold(**given))["year"] == row["expected"]


@pytest.mark.parametrize("name, expected", [
    ("shape-local-plan", "local"), ("shape-dispatch", "directive"), ("shape-news-reports", "news"),
    ("shape-notice-two-dates", "notice"), ("shape-letter-other", "other")])
def test_genre_is_local_by_issuer_else_the_kind(name, expected):
    assert genre(load_gold(SHAPES / f"{name}.gold.json")) == expected


def test_a_local_body_keeps_genre_local_whatever_its_kind():
    gold = _gold(issuer="Ủy ban nhân dân tỉnh Điện Biên").model_copy(update={"kind": "notice"})
    assert genre(gold) == "local"


def test_report_has_figures_per_genre_and_year_band_beside_the_overall_ones(tmp_path):
    from rich.console import Console

    out, console = tmp_path / "r.json", Console(file=io.StringIO(), width=250)
    assert run_evaluate([SHAPES], json_out=out, markdown_out=tmp_path / "r.md", baselines=False, console=console) == 0
    rep = json.loads(out.read_text(encoding="utf-8"))
    genres = rep["groups"]["genre"]
    assert sorted(genres) == ["directive", "local", "news", "notice", "other"]
    assert sum(g["documents"] for g in genres.values()) == len(rep["documents"]) == 5
    assert genres["local"]["doc_ids"] == ["shape-local-plan"]
    # A group's totals are the micro sums over its own documents.
    local_doc = next(d for d in rep["documents"] if d["doc_id"] == "shape-local-plan")
    assert genres["local"]["totals"]["assignments"]["tp"] == local_doc["figures"]["assignments"]["tp"]
    assert {d["doc_id"]: d["year"] for d in rep["documents"]}["shape-notice-two-dates"] == "2024.."
    assert sorted(rep["groups"]["year"]) == ["2024.."]
    shown = console.file.getvalue()
    assert "Per genre" in shown and "local (1)" in shown and "Per year band" in shown
    assert "local (1)" in (tmp_path / "r.md").read_text(encoding="utf-8")


_SUBMODULES = sorted(m.name for m in pkgutil.iter_modules(vn_directive_nlp.evaluation.__path__) if m.name != "__main__")


@pytest.mark.parametrize("name", _SUBMODULES)
def test_evaluation_docstring_examples(name):
    module = importlib.import_module(f"vn_directive_nlp.evaluation.{name}")
    result = doctest.testmod(module, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples fail in {name}"
