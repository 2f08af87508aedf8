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


def test_dev_texts_are_found_in_every_shared_corpus_folder_and_its_pdf_folder(tmp_path):
    # <checkout>/corpus/gold-dev/x.gold.json with its text in <checkout>/../shared/corpus-dev2/ (or pdf/).
    checkout, shared = tmp_path / "repo", tmp_path / "shared"
    (checkout / "corpus" / "gold-dev").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("", encoding="utf-8")
    (shared / "corpus-dev").mkdir(parents=True)
    (shared / "corpus-dev2" / "pdf").mkdir(parents=True)
    (shared / "corpus-dev2" / "news-a.txt").write_text("x", encoding="utf-8")
    (shared / "corpus-dev2" / "pdf" / "cv-b.pdf").write_bytes(b"%PDF-1.4")
    gold_dir = checkout / "corpus" / "gold-dev"
    for name in ("news-a.txt", "cv-b.pdf", "pdf/cv-b.pdf", "absent.txt"):
        gold = load_gold(SHAPES / "shape-news-reports.gold.json").model_copy(update={"text_file": name})
        found = resolve_text(gold_dir / "x.gold.json", gold)
        if name == "absent.txt":
            assert found is None
        else:
            assert found is not None and found.is_file() and found.name == Path(name).name


def test_a_gold_file_for_a_pdf_is_scored_through_parse_file(tmp_path):
    pytest.importorskip("fpdf")
    from pdfutil import make_text_pdf, require_font
    from rich.console import Console

    require_font()
    pdf = make_text_pdf((SHAPES / "dispatch.txt").read_text(encoding="utf-8"), tmp_path / "dispatch.pdf")
    data = json.loads((SHAPES / "shape-dispatch.gold.json").read_text(encoding="utf-8"))
    data |= {"text_file": pdf.name, "sha256": __import__("hashlib").sha256(pdf.read_bytes()).hexdigest()}
    (tmp_path / "dispatch.gold.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.json"
    assert run_evaluate([tmp_path], json_out=out, baselines=False, console=Console(file=io.StringIO())) == 0
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in rep["documents"]] == ["shape-dispatch"]
    assert rep["documents"][0]["figures"]["metadata.number"]["accuracy"] == 1.0
    assert not [n for n in rep["notes"] if "quote found 0 times" in n]


@pytest.mark.parametrize("warning, missing", [
    ("tesseract not found; install tesseract-ocr and tesseract-ocr-vie to OCR scanned pages", True),
    ("tesseract has no 'vie' language data; install tesseract-ocr-vie", True),
    ("OCR needs Pillow to render pages: pip install 'vn_directive_nlp[ocr]'", True),
    ("page 2 was OCR'd", False),
])
def test_a_document_read_without_the_ocr_it_needs_is_noted(warning, missing):
    from vn_directive_nlp.evaluation.gold import ocr_missing

    assert (ocr_missing(Notice(text="x", warnings=[warning])) == warning) is missing


def test_a_scan_scored_without_ocr_carries_a_note(tmp_path, monkeypatch):
    pytest.importorskip("fpdf")
    pytest.importorskip("PIL")
    from pdfutil import make_image_pdf, require_font
    from rich.console import Console

    require_font()
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract to be found
    monkeypatch.delenv("TESSERACT", raising=False)
    pdf = make_image_pdf((SHAPES / "dispatch.txt").read_text(encoding="utf-8"), tmp_path / "scan.pdf")
    data = json.loads((SHAPES / "shape-dispatch.gold.json").read_text(encoding="utf-8")) | {"text_file": pdf.name}
    (tmp_path / "scan.gold.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.json"
    run_evaluate([tmp_path / "scan.gold.json"], json_out=out, baselines=False, console=Console(file=io.StringIO()))
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert any("tesseract not found" in n and "text layer alone" in n for n in rep["notes"]), rep["notes"]
