"""Every optional-dependency path raises ``MissingExtraError`` naming the extra that installs it
(a ``VnDirectiveError`` and an ``ImportError``), and the command line prints it as one line with
exit code 2 — never a traceback. Each package is made missing with ``sys.modules[name] = None``."""

from __future__ import annotations

import importlib
import pathlib
import sys

import pytest

from vn_directive_nlp import VnDirectiveError, parse_text
from vn_directive_nlp.errors import MissingExtraError
from vn_directive_nlp.extras import EXTRAS, MODULES, available

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "000_9179ca9c3629a68f.gold.json"
TEXT = "Số: 5/TB-VPCP\n1. Giao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp.\n"


def _block(monkeypatch, *modules: str) -> None:
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


def _parquet_writer(tmp):
    from vn_directive_nlp import export

    export.open_writer(tmp / "x.parquet", "assignments")


def _to_arrow(tmp):
    from vn_directive_nlp.frames import to_arrow

    to_arrow([parse_text(TEXT)])


def _to_pandas(tmp):
    from vn_directive_nlp import to_pandas

    to_pandas([parse_text(TEXT)])


def _archive(tmp):
    from vn_directive_nlp.archive import Archive

    Archive(tmp / "a.duckdb")


def _ics(tmp):
    from vn_directive_nlp.archive import formats

    formats.to_ics([])


def _dask_dataset(tmp):
    from vn_directive_nlp.distributed import write_archive_dataset

    write_archive_dataset(object(), tmp / "pq")  # refused before the bag is touched


def _spacy_component(tmp):
    importlib.import_module("vn_directive_nlp.spacy_component")


def _sklearn_model(tmp):
    from vn_directive_nlp import classify

    classify.load_sklearn_model()


def _pdfplumber(tmp):
    from vn_directive_nlp.readers import pdf

    pdf._pdf_pages_pdfplumber(b"%PDF-1.4", None)


def _chart(tmp):
    from vn_directive_nlp.evaluation.report import write_chart

    write_chart(None, tmp / "f1.png")  # refused before it reads the report


def _ner_baseline(tmp):
    from vn_directive_nlp.evaluation.baselines import ner_org_spans

    ner_org_spans("Bộ Tài chính chủ trì.")


def _dateparser_baseline(tmp):
    from vn_directive_nlp.evaluation.baselines import dateparser_dates

    dateparser_dates("trước ngày 15/5/2024", None)


def _evaluate_chart(tmp):
    from vn_directive_nlp.evaluation.run import run_evaluate

    run_evaluate([GOLD], chart_out=tmp / "f1.png", baselines=False, resamples=10)


def _evaluate_baselines(tmp):
    from vn_directive_nlp.evaluation.run import run_evaluate

    run_evaluate([GOLD], baselines=True, resamples=10)


CASES = [
    # (what, modules made missing, call, extra named)
    ("Parquet output", ("pyarrow", "pyarrow.parquet"), _parquet_writer, "parquet"),
    ("frames.to_arrow", ("pyarrow",), _to_arrow, "parquet"),
    ("to_pandas", ("pandas",), _to_pandas, "pandas"),
    ("Archive", ("duckdb",), _archive, "archive"),
    ("tasks as iCalendar", ("icalendar",), _ics, "archive"),
    ("Dask archive dataset", ("pyarrow", "pyarrow.dataset"), _dask_dataset, "archive"),
    ("spaCy component", ("spacy",), _spacy_component, "spacy"),
    ("sklearn pipeline", ("skops", "skops.io"), _sklearn_model, "train"),
    ("pdfplumber reader", ("pdfplumber",), _pdfplumber, "pdfplumber"),
    ("evaluation chart", ("matplotlib", "matplotlib.pyplot"), _chart, "plot"),
    ("underthesea baseline", ("underthesea",), _ner_baseline, "baselines"),
    ("dateparser baseline", ("dateparser", "dateparser.search"), _dateparser_baseline, "baselines"),
    ("evaluate --chart", ("matplotlib", "matplotlib.pyplot"), _evaluate_chart, "plot"),
    ("evaluate --baselines", ("underthesea",), _evaluate_baselines, "baselines"),
]


@pytest.mark.parametrize(("modules", "call", "extra"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_missing_package_is_a_typed_error_naming_its_extra(tmp_path, monkeypatch, modules, call, extra):
    # (A module imported before is imported again, as in a fresh process; restored afterwards.)
    monkeypatch.delitem(sys.modules, "vn_directive_nlp.spacy_component", raising=False)
    _block(monkeypatch, *modules)
    with pytest.raises(MissingExtraError) as caught:
        call(tmp_path)
    assert isinstance(caught.value, VnDirectiveError) and isinstance(caught.value, ImportError)
    assert caught.value.extra == extra
    assert f"pip install 'vn_directive_nlp[{extra}]'" in str(caught.value)


def test_every_extra_has_its_modules_listed():
    assert set(MODULES) == set(EXTRAS)


def test_available_sees_a_missing_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert not available("plot")


# ---------------------------------------------------------------- the command line

def _main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    from vn_directive_nlp import cli

    monkeypatch.setattr(sys, "argv", ["vn-directive", *args])
    with pytest.raises(SystemExit) as done:
        cli.main()
    return done.value.code, capsys.readouterr().err


@pytest.mark.parametrize(("modules", "args", "extra"), [
    (("matplotlib", "matplotlib.pyplot"), ["evaluate", str(GOLD), "--no-baselines", "--resamples", "10",
                                          "--chart", "{tmp}/f1.png"], "plot"),
    (("underthesea",), ["evaluate", str(GOLD), "--baselines", "--resamples", "10"], "baselines"),
    (("pyarrow", "pyarrow.parquet"), ["batch", str(ROOT / "corpus"), "-o", "{tmp}/out.parquet"], "parquet"),
    (("duckdb",), ["index", str(GOLD.with_suffix("").with_suffix(".txt")), "--db", "{tmp}/a.duckdb"], "archive"),
], ids=["evaluate --chart", "evaluate --baselines", "batch to Parquet", "index"])
def test_the_cli_prints_one_line_naming_the_extra(tmp_path, monkeypatch, capsys, modules, args, extra):
    _block(monkeypatch, *modules)
    code, err = _main(monkeypatch, capsys, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == 2
    assert "Traceback" not in err
    [line] = [x for x in err.splitlines() if "error" in x]
    assert f"vn_directive_nlp[{extra}]" in line


def test_evaluate_without_the_baselines_extra_runs_and_says_so(tmp_path, monkeypatch, capsys):
    _block(monkeypatch, "underthesea")
    report = tmp_path / "r.md"
    code, _ = _main(monkeypatch, capsys, "evaluate", str(GOLD), "--resamples", "10", "--markdown", str(report))
    assert code == 0
    assert "pip install 'vn_directive_nlp[baselines]'" in report.read_text(encoding="utf-8")
