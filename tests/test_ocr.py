"""OCR of scanned pages: an image-only PDF of a seed keeps its number and its references."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfutil import make_image_pdf, require_font
from vn_directive_nlp import ocr, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[1]
SEED_000 = ROOT / "corpus" / "000_9179ca9c3629a68f.txt"
SEED_004 = ROOT / "corpus" / "004_ca3141073870a61f.txt"

needs_tesseract = pytest.mark.skipif(not ocr.available()[0], reason=str(ocr.available()[1]))


@pytest.fixture(scope="module")
def scan_000(tmp_path_factory):
    require_font()
    return make_image_pdf(SEED_000.read_text(encoding="utf-8"), tmp_path_factory.mktemp("ocr") / "000.pdf", max_pages=1)


@needs_tesseract
def test_ocr_first_page_keeps_the_header(scan_000):
    notice = parse_file(scan_000, ocr="auto")
    assert notice.metadata.number == "437/TB-VPCP"
    assert notice.metadata.issued_date == parse_text(SEED_000.read_text(encoding="utf-8")).metadata.issued_date
    assert any("OCR used on page(s) 1" in w for w in notice.warnings)
    assert not any("no text layer" in w for w in notice.warnings)
    # Tesseract reads rendered DejaVu nearly perfectly: most words come back exactly.
    words = SEED_000.read_text(encoding="utf-8").split()
    got = notice.text.split()
    assert len(set(words[:200]) & set(got)) >= 0.9 * len(set(words[:200]))


@needs_tesseract
@pytest.mark.slow
def test_ocr_whole_notice_keeps_number_and_references(tmp_path):
    require_font()
    text = SEED_004.read_text(encoding="utf-8")
    pdf = make_image_pdf(text, tmp_path / "004.pdf")
    expected = parse_text(text)
    got = parse_file(pdf, ocr="auto")
    assert got.metadata.number == expected.metadata.number == "25/TB-VPCP"
    want = {r.number for r in expected.references if r.number}
    found = {r.number for r in got.references if r.number}
    assert len(want & found) >= 0.8 * len(want)
    assert len(found - want) <= 1


def test_ocr_never_only_warns(scan_000):
    notice = parse_file(scan_000)
    assert notice.text.strip() == ""
    assert notice.warnings[0] == "page 1 has no text layer (scanned?); OCR not run"


def test_missing_tesseract_is_a_warning(scan_000, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    notice = parse_file(scan_000, ocr="auto")
    assert notice.text.strip() == ""
    assert any("tesseract not found" in w for w in notice.warnings)
    assert "page 1 has no text layer (scanned?); OCR gave no text" in notice.warnings


def test_missing_language_data_is_a_warning(scan_000, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/bin/true")
    monkeypatch.setattr(ocr, "_languages", lambda exe: frozenset({"eng", "osd"}))
    notice = parse_file(scan_000, ocr="auto")
    assert any("no 'vie' language data" in w for w in notice.warnings)


def test_failing_tesseract_is_a_warning(scan_000, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/bin/false")
    monkeypatch.setattr(ocr, "_languages", lambda exe: frozenset({"vie"}))
    notice = parse_file(scan_000, ocr="auto")
    assert any("OCR of page 1 failed" in w for w in notice.warnings)


def test_tsv_rebuilds_lines_and_paragraphs():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    # (block, line, word, left, top, height, text): diacritics make tops uneven, bottoms are not.
    words = [
        (1, 1, 1, 100, 100, 40, "1."), (1, 1, 2, 160, 92, 48, "Bộ"), (1, 1, 3, 240, 100, 40, "Y"),
        (1, 2, 1, 100, 160, 40, "tế."),
        (2, 1, 1, 100, 280, 40, "2."), (2, 1, 2, 160, 272, 48, "Giao"),
        (2, 2, 1, 100, 340, 40, "thêm"),
    ]
    rows = [header] + [f"5\t1\t{b}\t1\t{ln}\t{w}\t{x}\t{y}\t50\t{h}\t95\t{t}" for b, ln, w, x, y, h, t in words]
    rows.append("4\t1\t2\t1\t2\t0\t100\t340\t50\t40\t-1\t")  # a line row, no text
    assert ocr._tsv_to_text("\n".join(rows)) == "1. Bộ Y\ntế.\n\n2. Giao\nthêm"
