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


# --- issue 15: broken font maps, numbers only in an image, round trip; issue 16.4: budgets ---------

@needs_tesseract
def test_unreadable_text_layer_is_ocrd(tmp_path):
    from pdfutil import make_broken_font_pdf

    text = "Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì, phối hợp với Bộ Y tế báo cáo trước ngày 15/5/2026."
    pdf = make_broken_font_pdf(text, tmp_path / "mojibake.pdf")
    notice = parse_file(pdf, ocr="auto")
    assert notice.source.pages_ocr == [1] and notice.source.page_extractors == ["ocr"]
    assert "OCR used on page(s) 1 (tesseract); check the text" in notice.warnings
    assert notice.metadata.number == "5/TB-VPCP"
    assert "Bộ Tài chính chủ trì" in notice.text


@needs_tesseract
def test_number_only_in_an_image_is_read_from_the_header(tmp_path):
    from pdfutil import make_signed_pdf
    from test_pdf import SIGNED_BODY, SIGNED_HEADER

    pdf = make_signed_pdf(SIGNED_HEADER, SIGNED_BODY, tmp_path / "stamped.pdf", [("2496", "Số:"), ("06", "ngày")], as_image=True)
    assert parse_file(pdf).metadata.number is None  # the text layer has a blank
    notice = parse_file(pdf, ocr="auto")
    assert notice.metadata.number == "2496/UBND-KT"
    assert str(notice.metadata.issued_date) == "2026-04-06"
    assert any("number 2496 read by OCR of the header" in w for w in notice.warnings)
    assert notice.source.pages_ocr == []  # the page's text layer is kept; only the header was OCR'd


@needs_tesseract
def test_illegible_number_is_reported_not_guessed(tmp_path):
    from pdfutil import make_signed_pdf
    from test_pdf import SIGNED_BODY, SIGNED_HEADER

    # Ink over the blank that holds no digits (a scribble, a stamp's edge).
    pdf = make_signed_pdf(SIGNED_HEADER, SIGNED_BODY, tmp_path / "scribble.pdf", [("~≈~", "Số:")], as_image=True)
    notice = parse_file(pdf, ocr="auto")
    assert notice.metadata.number is None
    assert "number not readable (page 1: not legible to OCR)" in notice.warnings


def _assignment_keys(notice):
    return [(a.segment, tuple(sorted(x.name for x in a.lead))) for a in notice.assignments]


def _f1(got, want) -> float:
    from collections import Counter

    g, w = Counter(got), Counter(want)
    hit = sum((g & w).values())
    if not g and not w:
        return 1.0
    p = hit / max(sum(g.values()), 1)
    r = hit / max(sum(w.values()), 1)
    return 2 * p * r / (p + r) if p + r else 0.0


@needs_tesseract
@pytest.mark.slow
def test_ocr_round_trip_keeps_the_assignments(tmp_path):
    """Corpus text → image-only PDF → OCR → parse: assignments (segment, leads) F1 ≥ 0.95 of the text parse."""
    require_font()
    seed = ROOT / "corpus" / "003_b659688874c4366e.txt"
    text = seed.read_text(encoding="utf-8")
    expected = parse_text(text)
    got = parse_file(make_image_pdf(text, tmp_path / "003.pdf"), ocr="auto")
    assert got.source.pages_ocr == list(range(1, got.source.pages + 1))
    assert len(expected.assignments) >= 10
    assert _f1(_assignment_keys(got), _assignment_keys(expected)) >= 0.95


def test_huge_page_is_rendered_within_the_pixel_budget(tmp_path, monkeypatch):
    import pypdfium2 as pdfium
    from fpdf import FPDF

    from vn_directive_nlp import limits

    pdf = FPDF(unit="pt", format=(14400, 14400))
    pdf.add_page()
    path = tmp_path / "poster.pdf"
    pdf.output(str(path))
    monkeypatch.setattr(limits, "MAX_OCR_PIXELS", 4_000_000)
    doc = pdfium.PdfDocument(str(path))
    image, warning = ocr.render_page(doc, 0)
    doc.close()
    width, height = (int(v) for v in image.split(b"\n")[1].split())
    assert width * height <= 4_000_000
    assert "limits.MAX_OCR_PIXELS" in warning


def test_ocr_seconds_budget_stops_with_a_warning(scan_000, monkeypatch):
    from vn_directive_nlp import limits

    monkeypatch.setattr(ocr, "available", lambda lang=ocr.LANG: (True, None))
    monkeypatch.setattr(limits, "MAX_OCR_SECONDS", 0.0)
    notice = parse_file(scan_000, ocr="auto")
    assert any("MAX_OCR_SECONDS" in w and "page(s) 1 not OCR'd" in w for w in notice.warnings)
    assert notice.source.pages_ocr == []


def test_ocr_writes_no_temporary_files(scan_000, monkeypatch):
    import tempfile

    def refuse(*a, **k):
        raise AssertionError("OCR must not write temporary files")

    for name in ("mkdtemp", "mkstemp", "NamedTemporaryFile", "TemporaryDirectory"):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/bin/false")
    monkeypatch.setattr(ocr, "_languages", lambda exe: frozenset({"vie"}))
    notice = parse_file(scan_000, ocr="auto")
    assert any("OCR of page 1 failed" in w for w in notice.warnings)


@needs_tesseract
@pytest.mark.slow
def test_page_scanned_sideways_is_turned_before_reading(tmp_path):
    from fpdf import FPDF

    from pdfutil import render_text_images

    text = SEED_000.read_text(encoding="utf-8")
    page = render_text_images(text)[0].rotate(90, expand=True)  # a letter fed into the scanner sideways
    pdf = FPDF(format="A4", orientation="L")
    pdf.add_page()
    pdf.image(page, x=0, y=0, w=297, h=210)
    path = tmp_path / "sideways.pdf"
    pdf.output(str(path))
    notice = parse_file(path, ocr="auto")
    assert notice.source.pages_ocr == [1]
    assert notice.metadata.number == "437/TB-VPCP"


def test_sideways_pages_are_told_from_upright_ones():
    import io

    from pdfutil import render_text_images

    require_font()
    page = render_text_images(SEED_004.read_text(encoding="utf-8"))[0]

    def pgm(img) -> bytes:
        out = io.BytesIO()
        img.save(out, format="PPM")
        return out.getvalue()

    assert not ocr.looks_sideways(pgm(page))
    assert not ocr.looks_sideways(pgm(page.rotate(180)))
    assert ocr.looks_sideways(pgm(page.rotate(90, expand=True)))
    assert ocr.looks_sideways(pgm(page.rotate(270, expand=True)))
