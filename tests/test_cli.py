"""The vn-directive command line as a user runs it: outputs, exit codes, no tracebacks, batch/resume."""

from __future__ import annotations

import csv
import json
import pathlib
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from vn_directive_nlp import parse_file
from vn_directive_nlp.cli import app
from vn_directive_nlp.models import Notice

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
SEED = SEEDS[0]
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture()
def archive(tmp_path):
    """A small archive: the seeds in nested folders plus a corrupt PDF."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    for i, seed in enumerate(SEEDS[:3]):
        folder = tmp_path / "a" if i == 0 else tmp_path / "a" / "b"
        (folder / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "a" / "b" / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n")
    return tmp_path


# ---------------------------------------------------------------- parse

def test_parse_one_file_prints_exactly_one_notice_object():
    res = run("parse", SEED)
    assert res.exit_code == 0, res.stderr
    notice = Notice.model_validate_json(res.stdout)
    assert notice.metadata.number == parse_file(SEED).metadata.number
    assert notice.source.path.endswith(SEED.name)


def test_parse_several_files_prints_a_json_array():
    res = run("parse", SEEDS[0], SEEDS[1])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert [Notice.model_validate(d).source.path for d in data] == [str(SEEDS[0]), str(SEEDS[1])]


def test_parse_jsonl_and_summary_give_one_line_per_file():
    res = run("parse", SEEDS[0], SEEDS[1], "--format", "jsonl")
    lines = res.stdout.splitlines()
    assert res.exit_code == 0 and len(lines) == 2
    assert all(Notice.model_validate_json(line) for line in lines)
    res = run("parse", SEEDS[0], SEEDS[1], "--format", "summary")
    lines = res.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith(str(SEEDS[0]))
    number = parse_file(SEEDS[0]).metadata.number or "(no number)"
    assert number in lines[0] and "assignments" in lines[0]


@pytest.mark.parametrize(
    "bad, error_type",
    [
        ("missing.txt", "InputError"),
        ("folder", "InputError"),
        ("broken.pdf", "Pdf"),
        ("empty.txt", "InputError"),
    ],
)
def test_a_bad_input_fails_alone_with_one_stderr_line_and_exit_1(tmp_path, bad, error_type):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "folder").mkdir()
    res = run("parse", tmp_path / bad, SEED, "--format", "jsonl")
    assert res.exit_code == 1
    assert len(res.stdout.splitlines()) == 1  # the good file is still printed
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and str(tmp_path / bad) in err[0] and error_type in err[0]
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("args", [["parse"], ["parse", "x.txt", "--format", "xml"], ["nosuchcommand"],
                                  ["batch", "x.txt"], ["parse", "x.txt", "--ocr", "always"]])
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_parse_reads_stdin():
    res = run("parse", "-", "--format", "summary", input="Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì.\n")
    assert res.exit_code == 0 and res.stdout.startswith("<stdin>: ")


# ---------------------------------------------------------------- batch

def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_directory_to_jsonl_records_every_input(archive):
    out = archive / "out.jsonl"
    res = run("batch", archive / "a", "-o", out, "--workers", 2)
    assert res.exit_code == 1  # the corrupt PDF
    records = _jsonl(out)
    assert len(records) == 4
    statuses = sorted(r["status"] for r in records)
    assert statuses == ["error", "ok", "ok", "ok"]
    bad = next(r for r in records if r["status"] == "error")
    assert bad["input"].endswith("broken.pdf") and "Pdf" in bad["error"]["type"]
    good = next(r for r in records if r["status"] == "ok")
    assert Notice.model_validate({k: v for k, v in good.items() if k not in ("status", "input", "sha256", "seconds")})
    assert "documents: 4 (3 ok, 1 failed)" in res.stderr
    assert "broken.pdf" in res.stderr


def test_batch_resume_skips_what_is_already_written(archive):
    out = archive / "out.jsonl"
    run("batch", str(archive / "a" / "*.txt"), "-o", out, "--workers", 1)
    assert len(_jsonl(out)) == 1
    res = run("batch", str(archive / "a" / "**" / "*.txt"), "-o", out, "--resume", "--workers", 2)
    assert res.exit_code == 0
    records = _jsonl(out)
    assert len(records) == 3 and len({r["sha256"] for r in records}) == 3
    assert "1 already in out.jsonl" in res.stderr
    res = run("batch", str(archive / "a" / "**" / "*.txt"), "-o", out, "--resume")
    assert len(_jsonl(out)) == 3 and "documents: 0" in res.stderr


@pytest.mark.parametrize("table", ["assignments", "agencies"])
def test_batch_flat_tables_in_csv_have_a_header_and_their_rows(archive, table):
    out = archive / f"{table}.csv"
    res = run("batch", str(archive / "a" / "**" / "*.txt"), "-o", out, "--table", table)
    assert res.exit_code == 0, res.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    notices = [parse_file(seed) for seed in SEEDS[:3]]
    if table == "assignments":  # one row per assignment, the agencies joined in one cell
        assert {"number", "assignment_id", "lead", "coordinating", "deadline_date"} <= set(rows[0])
        expected = [(a.id, "; ".join(x.name for x in a.lead)) for n in notices for a in n.assignments]
        assert sorted((r["assignment_id"], r["lead"]) for r in rows) == sorted(expected)
    else:  # one row per assignment and agency
        assert {"number", "assignment_id", "agency", "role", "deadline_date"} <= set(rows[0])
        assert len(rows) == sum(max(1, len(a.lead) + len(a.coordinating)) for n in notices for a in n.assignments)


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_csv_for_excel_with_a_semicolon_and_resume(archive, workers):
    # A Vietnamese-locale Excel splits on ";": with "," the whole row lands in one column.
    out = archive / "excel.csv"
    res = run("batch", str(archive / "a" / "*.txt"), "-o", out, "--csv-sep", ";", "--workers", workers)
    assert res.exit_code == 0, res.stderr
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()) and raw.split(b"\r\n")[0].count(b";") >= 10
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == 1 and rows[0]["status"] == "ok" and rows[0]["number"]
    res = run("batch", str(archive / "a" / "**" / "*.txt"), "-o", out, "--csv-sep", ";", "--resume")
    assert res.exit_code == 0, res.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == 3 and len({r["input"] for r in rows}) == 3


def test_batch_csv_separator_is_checked(archive):
    res = run("batch", str(archive / "a" / "*.txt"), "-o", archive / "x.csv", "--csv-sep", "::")
    assert res.exit_code == 2 and "separator" in res.stderr
    res = run("batch", str(archive / "a" / "*.txt"), "-o", archive / "x.jsonl", "--csv-sep", ";")
    assert res.exit_code == 2 and ".csv" in res.stderr


def test_batch_notices_parquet(archive):
    pq = pytest.importorskip("pyarrow.parquet")
    out = archive / "n.parquet"
    res = run("batch", archive / "a", "-o", out)
    assert res.exit_code == 1
    table = pq.read_table(out)
    assert table.num_rows == 4 and sorted(table.column("status").to_pylist()) == ["error", "ok", "ok", "ok"]


def test_batch_records_a_missing_file_as_its_error(tmp_path):
    out = tmp_path / "o.jsonl"
    res = run("batch", tmp_path / "missing.txt", SEED, "-o", out)
    assert res.exit_code == 1
    records = _jsonl(out)
    assert [r["status"] for r in records] == ["error", "ok"]
    assert records[0]["input"] == str(tmp_path / "missing.txt")
    assert records[0]["error"]["type"] == "InputError" and "kind" not in records[0]


def test_batch_with_nothing_to_do_is_a_usage_error(tmp_path):
    res = run("batch", str(tmp_path / "*.txt"), "-o", tmp_path / "o.jsonl")
    assert res.exit_code == 2 and "no file matches" in res.stderr


def test_batch_refuses_an_unknown_output_format(tmp_path):
    res = run("batch", SEED, "-o", tmp_path / "o.xlsx")
    assert res.exit_code == 2 and ".jsonl" in res.stderr and "Traceback" not in res.stderr


# ---------------------------------------------------------------- render / evaluate

def test_render_writes_the_page(tmp_path):
    out = tmp_path / "n.html"
    res = run("render", SEED, "-o", out)
    assert res.exit_code == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and (parse_file(SEED).metadata.number or "") in page


def test_render_of_a_missing_file_fails_cleanly(tmp_path):
    res = run("render", tmp_path / "nope.txt", "-o", tmp_path / "n.html")
    assert res.exit_code == 1 and "Traceback" not in res.stderr and not (tmp_path / "n.html").exists()


def test_evaluate_passes_its_options_to_run_evaluate(tmp_path, monkeypatch):
    import vn_directive_nlp.evaluation.run as evaluation_run

    calls = []
    monkeypatch.setattr(evaluation_run, "run_evaluate", lambda gold, **kw: calls.append((gold, kw)) or 0)
    res = run("evaluate", tmp_path / "x.gold.json", "--texts", tmp_path, "--json", tmp_path / "r.json",
              "--no-baselines")
    assert res.exit_code == 0
    gold, kw = calls[0]
    assert gold == [str(tmp_path / "x.gold.json")]
    assert kw["texts_dir"] == str(tmp_path) and kw["json_out"] == str(tmp_path / "r.json")
    assert kw["markdown_out"] is None and kw["baselines"] is False


def test_evaluate_without_the_evaluation_package_says_so(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "vn_directive_nlp.evaluation.run", None)
    res = run("evaluate", tmp_path / "x.gold.json")
    assert res.exit_code == 2 and "evaluation is not available" in res.stderr


# ---------------------------------------------------------------- as installed

def test_python_dash_m_runs_the_cli_without_heavy_imports(tmp_path):
    res = subprocess.run([sys.executable, "-m", "vn_directive_nlp", "parse", str(SEED), "--format", "summary"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.startswith(str(SEED))
    probe = ("import sys, vn_directive_nlp.cli; "
             "print(sorted(m for m in ('spacy', 'underthesea', 'sklearn', 'pdfplumber', 'pyarrow', 'dask') "
             "if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert res.stdout.strip() == "[]"
