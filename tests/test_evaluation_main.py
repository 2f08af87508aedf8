"""The main job (``python -m vn_directive_nlp.evaluation``, run by scripts/run-corpus.sh): quiet when the
dev texts are absent, reports into an ignored folder unless asked to refresh the committed copy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vn_directive_nlp.evaluation import run as R

SHAPES = Path(__file__).resolve().parent / "data" / "gold_shapes"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A corpus/ with the shape documents and a gold-dev/ whose texts are elsewhere (absent)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SHAPES, corpus)
    dev = corpus / "gold-dev"
    dev.mkdir()
    for name in ("news-absent-a", "news-absent-b"):
        data = json.loads((SHAPES / "shape-news-reports.gold.json").read_text(encoding="utf-8"))
        (dev / f"{name}.gold.json").write_text(json.dumps(data | {"doc_id": name, "text_file": f"{name}.txt"}),
                                               encoding="utf-8")
    monkeypatch.setattr(R, "CORPUS_DIR", corpus)
    monkeypatch.setattr(R, "DEV_GOLD_DIR", dev)
    monkeypatch.setattr(R, "OUT_DIR", tmp_path / "out" / "evaluation")
    monkeypatch.setattr(R, "RESULTS_DIR", tmp_path / "evaluation" / "results")
    return tmp_path


def test_absent_dev_texts_give_one_quiet_line_and_reports_go_to_the_ignored_folder(repo, capsys):
    assert R.main(["--no-baselines", "--resamples", "20"]) == 0
    shown = capsys.readouterr().out
    assert "skipped" not in shown
    quiet = [ln for ln in shown.splitlines() if "not scored" in ln]
    assert len(quiet) == 1 and quiet[0].startswith("2 gold files not scored: their texts are not here")
    assert (repo / "out" / "evaluation" / "report.json").is_file()
    assert not (repo / "evaluation" / "results").exists()
    rep = json.loads((repo / "out" / "evaluation" / "report.json").read_text(encoding="utf-8"))
    assert len(rep["documents"]) == 5 and len(rep["skipped"]) == 2  # the JSON still lists them


def test_write_results_refreshes_the_committed_copy(repo, capsys):
    assert R.main(["--no-baselines", "--resamples", "20", "--write-results"]) == 0
    assert (repo / "evaluation" / "results" / "report.md").is_file()
    assert not (repo / "out" / "evaluation" / "report.md").exists()


def test_the_default_output_folder_is_ignored_by_git():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    res = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", "out/evaluation/report.json"])
    assert res.returncode == 0


def test_the_evaluation_folder_runs_as_a_script_against_the_library_on_the_path(tmp_path):
    # A copy of the library stands for an older checkout: the report must say it scored that copy.
    older = tmp_path / "older"
    shutil.copytree(REPO / "vn_directive_nlp", older / "vn_directive_nlp",
                    ignore=shutil.ignore_patterns("evaluation", "__pycache__"))
    out = tmp_path / "out"
    env = {"PYTHONPATH": str(older), "PATH": "/usr/bin:/bin"}
    res = subprocess.run([sys.executable, str(REPO / "vn_directive_nlp" / "evaluation"), str(SHAPES),
                          "--no-baselines", "--resamples", "20", "--out", str(out)],
                         capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rep["library"]["path"].endswith("older/vn_directive_nlp")
    assert len(rep["documents"]) == 5


def test_python_dash_m_evaluation_still_works_in_the_repository():
    res = subprocess.run([sys.executable, "-m", "evaluation", "--help"], capture_output=True, text=True,
                         timeout=120, cwd=REPO)
    assert res.returncode == 0 and "--write-results" in res.stdout
