"""OCR of scanned pages: an image-only PDF of a seed keeps its number and its references."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfutil import make_image_pdf, require_font
from tsvcases import case_rows, items
from vn_directive_nlp import parse_file, parse_text
from vn_directive_nlp.readers import ocr

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



def _tsv(rows: list[tuple[int, int, int, str]], page: tuple[int, int] = (2480, 3508)) -> str:
    """Tesseract TSV for words (left, top, line number, text), 40 px high, as psm 4 lines them up."""
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    out = [header, f"1\t1\t0\t0\t0\t0\t0\t0\t{page[0]}\t{page[1]}\t-1\t"]
    for k, (x, y, line, text) in enumerate(rows):
        out.append(f"5\t1\t1\t1\t{line}\t{k + 1}\t{x}\t{y}\t{22 * len(text)}\t40\t95\t{text}")
    return "\n".join(out)


def test_side_by_side_blocks_are_read_column_by_column():
    """Issuer | motto and number | date rows, then "Nơi nhận" beside the signer: each column whole."""
    words = []
    for line, (y, left, right) in enumerate([
        (200, "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), (260, "TỈNH LÀO CAI", "Độc lập - Tự do - Hạnh phúc"),
        (340, "Số: 12/UBND-KT", "Lào Cai, ngày 6 tháng 4 năm 2026"),
    ], start=1):
        words += [(300, y, line, left), (1300, y, line, right)]
    words += [(300, 400, 4, "V/v kiểm tra")]  # under the number, in its column
    words += [(976, 520, 5, "Kính gửi: Sở Công Thương"), (220, 640, 6, "Sở Công Thương chủ trì kiểm tra, báo cáo trước ngày 15/4/2026.")]
    for line, (y, left, right) in enumerate([(800, "Nơi nhận:", "KT. CHỦ TỊCH"), (850, "- Như trên;", "PHÓ CHỦ TỊCH"),
                                             (900, "- Lưu: VT.", "")], start=7):
        words += [(220, y, line, left)] + ([(1500, y, line, right)] if right else [])
    words += [(1500, 1100, 10, "Nguyễn Văn An")]
    text = ocr._tsv_to_text(_tsv(words))
    assert text.split("\n\n")[:2] == ["ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/UBND-KT\nV/v kiểm tra",
                                       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLào Cai, ngày 6 tháng 4 năm 2026"]
    assert "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text
    assert text.endswith("Nguyễn Văn An")
    notice = parse_text(text)
    assert notice.metadata.signer == "Nguyễn Văn An"
    assert notice.metadata.recipients == ["Như trên", "Lưu: VT"]


def test_page_number_in_the_margin_is_dropped_and_a_table_row_kept():
    words = [(1230, 150, 1, "- 2 -"), (220, 400, 2, "2. Sở Tài chính bố trí kinh phí."),
             # three cells of a table row: read across, not as columns
             (220, 500, 3, "1"), (600, 500, 3, "Sở Xây dựng"), (1500, 500, 3, "15/4/2026"),
             (220, 560, 4, "2"), (600, 560, 4, "Sở Y tế"), (1500, 560, 4, "30/4/2026")]
    text = ocr._tsv_to_text(_tsv(words))
    assert text.startswith("2. Sở Tài chính")
    assert "1 Sở Xây dựng 15/4/2026\n2 Sở Y tế 30/4/2026" in text



@needs_tesseract
def test_scanned_letter_header_and_signer_are_read_by_position(tmp_path):
    """An image-only letter: two-column header table and "Nơi nhận" beside the signer block."""
    from pdfutil import make_letter_scan

    header = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("TỈNH LÀO CAI", "Độc lập - Tự do - Hạnh phúc"),
              ("", ""), ("Số: 2496/UBND-KT", "Lào Cai, ngày 06 tháng 4 năm 2026"), ("V/v kiểm tra vật liệu nổ", "")]
    body = ("Kính gửi: Sở Công Thương.\n"
            "Giao Sở Công Thương chủ trì, phối hợp với Sở Xây dựng kiểm tra việc sử dụng vật liệu nổ "
            "công nghiệp trên địa bàn, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/4/2026.")
    footer = [("Nơi nhận:", "KT. CHỦ TỊCH"), ("- Như trên;", "PHÓ CHỦ TỊCH"), ("- Chủ tịch UBND tỉnh;", ""),
              ("- Lưu: VT, KT.", ""), ("", ""), ("", "Nguyễn Thành Sinh")]
    notice = parse_file(make_letter_scan(header, body, footer, tmp_path / "letter.pdf", page_number="2"), ocr="auto")
    assert notice.source.pages_ocr == [1]
    meta = notice.metadata
    assert meta.number == "2496/UBND-KT"
    assert str(meta.issued_date) == "2026-04-06"
    assert meta.signer == "Nguyễn Thành Sinh"
    assert meta.recipients == ["Như trên", "Chủ tịch UBND tỉnh", "Lưu: VT, KT"]
    assert not notice.text.startswith("2")  # the page number in the top margin is not text
    assert [a.lead[0].name for a in notice.assignments] == ["Sở Công Thương tỉnh Lào Cai"]


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


@pytest.mark.parametrize("row", case_rows("ocr_header_words_cases.tsv"))
def test_header_words(row):
    words = [(10 * k, 0, text, float(conf)) for k, (text, conf) in enumerate(items(row["input"]))]
    again = None if row["reread"] == "-" else items(row["reread"])[0]
    asked: list[int] = []

    def reread(k: int):
        asked.append(k)
        return (again[0], float(again[1])) if again else None

    line = " ".join(w[2] for w in words)
    assert ocr._header_words(line, words, reread) == row["expected"]
    assert all(words[k][3] < ocr.MIN_HEADER_CONF for k in asked), "only an unsure word is read again"


def test_misread_markers_are_read_across_pages():
    """'_1,' on page 1 is read as '1.' because '2.' opens a line of page 2; a lone '@)' is left."""
    pages = {0: "Ủy ban nhân dân tỉnh đề nghị như sau:\n_1, Quy định về kiểm tra\nnội dung.",
             1: "thực tế.\n2. Khó khăn, vướng mắc\nGhi chú:\n@) Về quy hoạch"}
    fixed, warnings = ocr._misread_markers(pages)
    assert fixed[0].split("\n")[1] == "1. Quy định về kiểm tra"
    assert fixed[1] == pages[1]
    assert warnings == ["OCR: '_1,' read as '1.' (an OCR misread list marker)"]
