"""PDF input: a text-layer PDF of a seed parses like the seed; broken PDFs give typed errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pdfutil import make_encrypted_pdf, make_image_pdf, make_text_pdf, make_truncated_pdf, require_font
from vn_directive_nlp import parse_file, parse_text
from vn_directive_nlp.readers import load
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


# --- PDFs as archives publish them (issue 15) and hostile PDFs (issue 16.3) ---------------------

SIGNED_HEADER = [
    ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TỈNH LÀO CAI", "Độc lập - Tự do - Hạnh phúc"),
    ("Số:          /UBND-KT", "Lào Cai, ngày          tháng 4 năm 2026"),
]
SIGNED_BODY = "Kính gửi: Sở Công Thương.\n\n1. Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính báo cáo UBND tỉnh trước ngày 15/4/2026."


def test_signature_field_text_is_read_where_drawn(tmp_path):
    from pdfutil import make_signed_pdf

    pdf = make_signed_pdf(SIGNED_HEADER, SIGNED_BODY, tmp_path / "signed.pdf", [("2496", "Số:"), ("06", "ngày")])
    doc = load.load_path(pdf)
    # The stamp sits in the blank, apart from "/UBND-KT" as on the page.
    assert "Số: 2496 /UBND-KT Lào Cai, ngày 06 tháng 4 năm 2026" in doc.text.splitlines()
    assert doc.source.page_extractors == ["pdfium"] and doc.source.pages_ocr == []
    notice = parse_file(pdf)
    assert notice.metadata.number == "2496/UBND-KT"
    assert str(notice.metadata.issued_date) == "2026-04-06"
    assert not any("not readable" in w for w in notice.warnings)


def test_blank_number_without_ocr_is_reported_not_guessed(tmp_path):
    from pdfutil import make_signed_pdf

    pdf = make_signed_pdf(SIGNED_HEADER, SIGNED_BODY, tmp_path / "unsigned.pdf", [])
    notice = parse_file(pdf)
    assert notice.metadata.number is None and notice.metadata.issued_date is None
    assert any(w.startswith("number not readable") for w in notice.warnings)
    assert any(w.startswith("issue day not readable") for w in notice.warnings)


@pytest.mark.parametrize("kind", ["mojibake", "no-tounicode"])
def test_broken_font_map_is_detected(tmp_path, kind):
    from pdfutil import make_broken_font_pdf

    pdf = make_broken_font_pdf("Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì, phối hợp với Bộ Y tế báo cáo trước ngày 15/5/2026.",
                               tmp_path / "broken.pdf", kind=kind)
    doc = load.load_path(pdf)
    assert any(w.startswith("page 1 text layer is unreadable") or w.startswith("page 1 text layer has no Unicode")
               or w.startswith("page 1 has no text layer") for w in doc.warnings), doc.warnings
    assert doc.source.pages_ocr == []


def test_readability_scores():
    from vn_directive_nlp.readers.textlayer import readability

    assert readability("1. Bộ Tài chính chủ trì, phối hợp với Bộ Y tế; báo cáo trước ngày 15/5/2026.").readable
    assert readability("Annex 2: figures for 2024 – 2025 (%)\n12.5  13.1  14.0").readable  # few diacritics: no verdict against
    assert not readability("Sӑ: \x15/TB-VPCP Bә TӠi chӭnh chӧ trӬ, phӑi hӣp vӛi Bә Y tҿ bӡo cӡo trҰӛc ngӠy \x11\x15/\x15").readable
    assert not readability("&Ӝ1* HO¿ XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM ĈӝF OұS - 7ӵ do - +ҥQK ph˙c").readable


def test_glyph_substitutions_are_repaired_on_clean_pages():
    from vn_directive_nlp.readers.textlayer import repair_glyph_substitutions

    fixed, n = repair_glyph_substitutions("BỘ CÔNG THƢƠNG\nCỘNG HÕA XÃ HỘI\nlàm rõ trách nhiệm, hƣớng dẫn")
    assert fixed == "BỘ CÔNG THƯƠNG\nCỘNG HÒA XÃ HỘI\nlàm rõ trách nhiệm, hướng dẫn" and n == 3
    assert repair_glyph_substitutions("CỘNG HÕA") == ("CỘNG HÕA", 0)  # no ƣ: not that font's map


def test_glyph_repair_needs_no_optional_package(monkeypatch):
    """A plain install (no underthesea, no extras) repairs "HÕA" as [all] does: the syllable list ships."""
    import importlib.util

    from vn_directive_nlp.readers import textlayer

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name.startswith("underthesea") else real(name, *a))
    monkeypatch.setitem(sys.modules, "underthesea", None)
    textlayer.syllables.cache_clear()
    try:
        fixed, _ = textlayer.repair_glyph_substitutions("CỘNG HÕA XÃ HỘI, làm rõ, thƣờng xuyên, nhẹ nhõm")
    finally:
        textlayer.syllables.cache_clear()
    assert fixed == "CỘNG HÒA XÃ HỘI, làm rõ, thường xuyên, nhẹ nhõm"


def test_pdf_with_no_pages_is_a_warning(tmp_path):
    from pdfutil import make_empty_pdf

    notice = parse_file(make_empty_pdf(tmp_path / "empty.pdf"))
    assert notice.source.pages == 0
    assert "the PDF has no pages" in notice.warnings


def test_text_quoting_pdf_magic_is_text():
    text = "Xem tệp %PDF-1.4 đính kèm.\n1. Bộ Tài chính chủ trì.".encode()
    assert load.detect_format(text) == "text"
    assert load.load_bytes(text).text.startswith("Xem tệp")
    assert load.detect_format(b"\n\n%PDF-1.7\n...") == "pdf"
    assert load.detect_format(b"\x00\x01\x02junk%PDF-1.4\n...%%EOF\n") == "pdf"


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    from pdfutil import make_bomb_pdf

    from vn_directive_nlp import limits
    from vn_directive_nlp.errors import InputTooLargeError

    monkeypatch.setattr(limits, "MAX_PDF_DECOMPRESSED_BYTES", 8 << 20)
    pdf = make_bomb_pdf(tmp_path / "bomb.pdf", expands_to=16 << 20)
    assert pdf.stat().st_size < 100_000
    with pytest.raises(InputTooLargeError, match="MAX_PDF_DECOMPRESSED_BYTES"):
        parse_file(pdf)
    small = make_bomb_pdf(tmp_path / "fine.pdf", expands_to=2 << 20)
    assert parse_file(small).source.pages == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_time_budget_stops_reading_with_a_warning(tmp_path, monkeypatch, engine):
    from vn_directive_nlp import limits

    monkeypatch.setattr(limits, "MAX_PDF_SECONDS", -1.0)
    pdf = make_text_pdf("Số: 5/TB-VPCP\n" + "1. Bộ Tài chính chủ trì.\n" * 120, tmp_path / "long.pdf")
    doc = load.load_path(pdf, pdf_engine=engine)
    assert doc.source.pages >= 2
    assert any("MAX_PDF_SECONDS" in w and "pages 1-" in w for w in doc.warnings)
    assert doc.source.page_extractors == ["none"] * doc.source.pages


def test_fallback_is_decided_per_page(tmp_path, monkeypatch):
    from vn_directive_nlp.readers import pdf as pdfmod

    path = make_text_pdf("Số: 5/TB-VPCP\n" + "1. Bộ Tài chính chủ trì.\n" * 120, tmp_path / "three.pdf")
    real = pdfmod._pdf_pages_pdfium

    def one_bad_page(data, password, **kw):
        pages = real(data, password, **kw)
        pages[1] = pages[1] + "\ufffd"  # as pdfium leaves a glyph it cannot map
        return pages

    asked = []
    real_plumber = pdfmod._pdf_pages_pdfplumber

    def spy(data, password, *, only=None, warnings=None):
        asked.append(only)
        return real_plumber(data, password, only=only, warnings=warnings)

    monkeypatch.setattr(pdfmod, "_pdf_pages_pdfium", one_bad_page)
    monkeypatch.setattr(pdfmod, "_pdf_pages_pdfplumber", spy)
    doc = load.load_path(path)
    assert asked == [[1]]
    assert doc.source.page_extractors[:3] == ["pdfium", "pdfplumber", "pdfium"]
    assert "\ufffd" not in doc.text


def test_mixed_pdf_records_extractor_per_page(tmp_path):
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
    assert doc.source.page_extractors == ["pdfium", "none"] and doc.source.pages_ocr == []


# The development PDFs (when ../shared is present): the score never sends a usable page to OCR and
# flags every page of the mojibake ones.
DEV2 = ROOT.parent / "shared" / "corpus-dev2"


def _manifest_pdfs(marker: str) -> list[Path]:
    manifest = DEV2 / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    return [DEV2 / r[0] for r in rows if r[0].startswith("pdf/") and marker in r[-1]]


@pytest.mark.parametrize("path", _manifest_pdfs("TEXT LAYER: usable") or [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus-dev2 not present"))],
                         ids=lambda p: p.name[:12] if p else "none")
def test_no_usable_page_is_sent_to_ocr(path):
    from vn_directive_nlp.readers import pdf as pdfmod
    from vn_directive_nlp.readers.textlayer import readability, repair_glyph_substitutions

    pages = pdfmod._pdf_pages_pdfium(path.read_bytes(), None)
    for i, text in enumerate(pages):
        fixed, _ = repair_glyph_substitutions(text)
        assert readability(fixed).readable, (i, readability(fixed))
    doc = load.load_path(path, ocr="auto")
    assert doc.source.pages_ocr == [] and set(doc.source.page_extractors) == {"pdfium"}


@pytest.mark.parametrize("path", _manifest_pdfs("TEXT LAYER: broken") or [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus-dev2 not present"))],
                         ids=lambda p: p.name[:12] if p else "none")
def test_every_mojibake_page_is_flagged(path):
    doc = load.load_path(path)
    unreadable = [w for w in doc.warnings if "text layer is unreadable" in w]
    assert len(unreadable) == doc.source.pages


def test_layout_footnotes_note_marks_and_running_headers(tmp_path):
    """Footnotes go after the body (a sentence running on to the next page stays whole), a
    superscript note mark is not glued to the number it follows, a running header is read once."""
    from pdfutil import _new_pdf

    pdf = _new_pdf()
    pdf.set_auto_page_break(False)
    for page in range(3):
        pdf.add_page()
        pdf.set_font("DejaVu", size=9)
        pdf.text(15, 10, "BỘ CÔNG THƯƠNG - bản điện tử")
        pdf.set_font("DejaVu", size=14)
        pdf.set_xy(15, 30)
        if page == 0:
            pdf.write(7, "1. Bộ Tài chính chủ trì, theo Luật số 42/2024/QH15")
            pdf.char_vpos = "SUP"
            pdf.write(7, "1")
            pdf.char_vpos = "LINE"
            pdf.write(7, " ngày 29/6/2024, phối hợp với")
            pdf.set_font("DejaVu", size=10)
            pdf.text(15, 285, "1 Luật Vật liệu nổ công nghiệp.")
        elif page == 1:
            pdf.write(7, "Bộ Y tế báo cáo trước ngày 15/5/2026.")
        else:
            pdf.write(7, "2. Bộ Xây dựng theo dõi.")
    path = tmp_path / "layout.pdf"
    pdf.output(str(path))
    text = load.load_path(path, pdf_engine="pdfium").text
    assert text.count("BỘ CÔNG THƯƠNG - bản điện tử") == 1
    assert "Luật số 42/2024/QH15 ngày 29/6/2024" in text
    body = " ".join(text.split())
    assert "phối hợp với Bộ Y tế báo cáo trước ngày 15/5/2026. 2. Bộ Xây dựng theo dõi." in body
    assert body.endswith("1 Luật Vật liệu nổ công nghiệp.")
    notice = parse_file(path)
    assert "42/2024/QH15" in {r.number for r in notice.references}
