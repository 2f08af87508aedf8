"""PDF input: a text-layer PDF of a seed parses like the seed; broken PDFs give typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfutil import make_encrypted_pdf, make_image_pdf, make_text_pdf, make_truncated_pdf, require_font
from vn_directive_nlp import load, parse_file, parse_text
from vn_directive_nlp.errors import CorruptPdfError, EncryptedPdfError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
ENGINES = load.PDF_ENGINES

pytestmark = pytest.mark.usefixtures("font")


@pytest.fixture(scope="module")
def font():
    return require_font()


def _fields(notice):
    """What a user compares: the number, the tree of labels, the cited numbers."""
    return {
        "number": notice.metadata.number,
        "issued_date": notice.metadata.issued_date,
        "segments": [(s.id, s.label.rstrip(".):,")) for s in notice.segments],
        "references": sorted({r.number for r in notice.references if r.number}),
    }


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory, font):
    d = tmp_path_factory.mktemp("pdf")
    return {seed.name: make_text_pdf(seed.read_text(encoding="utf-8"), d / f"{seed.stem}.pdf") for seed in SEEDS}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_text_layer_keeps_every_word(seed_pdfs, seed, engine):
    doc = load.load_path(seed_pdfs[seed.name], pdf_engine=engine)
    assert doc.source.format == "pdf" and doc.source.pages >= 1
    assert doc.warnings == []
    assert doc.text.split() == seed.read_text(encoding="utf-8").split()


# Seeds whose PDF rendering is known not to parse like the text (none at present).
_KNOWN_BUGS: dict[str, str] = {}


def _seed_param(seed):
    bug = _KNOWN_BUGS.get(seed.name[:3])
    return pytest.param(seed, id=seed.name[:3], marks=[pytest.mark.xfail(strict=False, reason=bug)] if bug else [])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", [_seed_param(s) for s in SEEDS])
def test_pdf_parses_like_the_text(seed_pdfs, seed, engine):
    expected = _fields(parse_text(seed.read_text(encoding="utf-8")))
    got = _fields(parse_file(seed_pdfs[seed.name], pdf_engine=engine))
    assert got["number"] == expected["number"]
    assert got["issued_date"] == expected["issued_date"]
    assert got["references"] == expected["references"]
    assert got["segments"] == expected["segments"]


@pytest.mark.parametrize("seed", SEEDS[:1], ids=lambda p: p.name[:3])
def test_hard_wrapped_pdf_parses_like_the_text(tmp_path, seed):
    text = seed.read_text(encoding="utf-8")
    pdf = make_text_pdf(text, tmp_path / "wrapped.pdf", wrap=70)
    expected = _fields(parse_text(text))
    got = _fields(parse_file(pdf))
    assert got["number"] == expected["number"]
    assert got["references"] == expected["references"]
    assert got["segments"] == expected["segments"]


def test_paragraph_breaks_survive(tmp_path):
    pdf = make_text_pdf("1. Bộ Tài chính chủ trì.\n\n2. Bộ Y tế phối hợp.\nBáo cáo trước ngày 15/5.", tmp_path / "p.pdf")
    for engine in ENGINES:
        text = load.load_path(pdf, pdf_engine=engine).text
        assert text == "1. Bộ Tài chính chủ trì.\n\n2. Bộ Y tế phối hợp.\nBáo cáo trước ngày 15/5."


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf(tmp_path, engine):
    pdf = make_encrypted_pdf("Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì.", tmp_path / "locked.pdf", "mat-khau")
    with pytest.raises(EncryptedPdfError, match="password"):
        load.load_path(pdf, pdf_engine=engine)
    with pytest.raises(EncryptedPdfError):
        parse_file(pdf, pdf_engine=engine)
    doc = load.load_path(pdf, pdf_engine=engine, password="mat-khau")
    assert "Số: 5/TB-VPCP" in doc.text


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_pdf(tmp_path, engine, keep):
    pdf = make_truncated_pdf(SEEDS[0].read_text(encoding="utf-8"), tmp_path / "cut.pdf", keep=keep)
    with pytest.raises(CorruptPdfError):
        load.load_path(pdf, pdf_engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_garbage_after_pdf_magic(tmp_path, engine):
    p = tmp_path / "fake.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(CorruptPdfError):
        parse_file(p, pdf_engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_without_text_layer_is_a_warning(tmp_path, engine):
    pdf = make_image_pdf("Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì.", tmp_path / "scan.pdf")
    notice = parse_file(pdf, pdf_engine=engine)  # ocr="never" is the default
    assert notice.text.strip() == ""
    assert notice.source.format == "pdf" and notice.source.pages == 1
    assert "page 1 has no text layer (scanned?); OCR not run" in notice.warnings


def test_mixed_pdf_reports_only_the_scanned_page(tmp_path):
    from fpdf import FPDF

    from pdfutil import render_text_images

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(require_font()))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Số: 5/TB-VPCP")
    pdf.add_page()
    pdf.image(render_text_images("2. Bộ Y tế phối hợp.")[0], x=0, y=0, w=210, h=297)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    doc = load.load_path(path)
    assert doc.source.pages == 2
    assert doc.text.strip() == "Số: 5/TB-VPCP"
    assert doc.warnings == ["page 2 has no text layer (scanned?); OCR not run"]
