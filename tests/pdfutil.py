"""PDF builders for tests: text-layer, image-only, encrypted and truncated PDFs, made on the fly.

No binary fixture is committed; every PDF a test needs is written into ``tmp_path``.

>>> make_text_pdf("Số: 5/TB-VPCP", tmp_path / "a.pdf")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

# Where Debian/Ubuntu (fonts-dejavu-core), Fedora and Homebrew put DejaVu Sans.
_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/opt/homebrew/share/fonts",
)
_FONT_NAME = "DejaVuSans.ttf"


def find_font() -> Path | None:
    """Path of DejaVu Sans (a font with every Vietnamese letter), or None when not installed."""
    env = os.environ.get("VN_TEST_FONT")
    if env and Path(env).is_file():
        return Path(env)
    for d in _FONT_DIRS:
        p = Path(d) / _FONT_NAME
        if p.is_file():
            return p
    root = Path("/usr/share/fonts")
    if root.is_dir():
        for p in root.rglob(_FONT_NAME):
            return p
    return None


def require_font() -> Path:
    """The font path, or skip the calling test (CI installs ``fonts-dejavu-core``)."""
    font = find_font()
    if font is None:
        pytest.skip("DejaVu Sans not installed (apt-get install fonts-dejavu-core)")
    return font


def _new_pdf():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(require_font()))
    pdf.set_font("DejaVu", size=11)
    return pdf


def _write_lines(pdf, text: str, wrap: int | None) -> None:
    for line in text.split("\n"):
        if wrap:
            # Hard-wrap like a PDF extraction at ``wrap`` characters.
            parts = textwrap.wrap(line, wrap, break_long_words=True, break_on_hyphens=False) or [""]
        else:
            parts = [line]
        for part in parts:
            # multi_cell wraps at the page width, as a word processor would.
            pdf.multi_cell(0, 6, part, new_x="LMARGIN", new_y="NEXT")


def make_text_pdf(text: str, path: str | os.PathLike, *, wrap: int | None = None) -> Path:
    """Write ``text`` as a text-layer PDF (DejaVu Sans, A4); ``wrap`` hard-wraps lines first."""
    pdf = _new_pdf()
    pdf.add_page()
    _write_lines(pdf, text, wrap)
    pdf.output(str(path))
    return Path(path)


def make_encrypted_pdf(text: str, path: str | os.PathLike, password: str) -> Path:
    """A text-layer PDF that opens only with ``password`` (RC4, as fpdf2 writes it)."""
    pdf = _new_pdf()
    pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.add_page()
    _write_lines(pdf, text, None)
    pdf.output(str(path))
    return Path(path)


def render_text_images(text: str, *, width_px: int = 2480, height_px: int = 3508, font_px: int = 40):
    """Draw ``text`` onto A4 pages at 300 dpi with Pillow; returns a list of PIL images."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(require_font()), font_px)
    margin = 150
    line_h = int(font_px * 1.5)
    chars_per_line = int((width_px - 2 * margin) / (font_px * 0.55))
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, chars_per_line, break_on_hyphens=False) or [""])
    per_page = (height_px - 2 * margin) // line_h
    pages = []
    for i in range(0, max(len(lines), 1), per_page):
        img = Image.new("L", (width_px, height_px), 255)
        draw = ImageDraw.Draw(img)
        y = margin
        for line in lines[i : i + per_page]:
            draw.text((margin, y), line, font=font, fill=0)
            y += line_h
        pages.append(img)
    return pages


def make_image_pdf(text: str, path: str | os.PathLike, *, max_pages: int | None = None) -> Path:
    """A scanned-looking PDF: each page is one image of the text, with no text layer."""
    fpdf = pytest.importorskip("fpdf")
    images = render_text_images(text)
    if max_pages is not None:
        images = images[:max_pages]
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for img in images:
        pdf.add_page()
        pdf.image(img, x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return Path(path)


def make_letter_scan(
    header: list[tuple[str, str]], body: str, footer: list[tuple[str, str]], path: str | os.PathLike,
    *, page_number: str | None = None,
) -> Path:
    """An image-only letter laid out as offices print them: ``header`` rows of two cells (issuer |
    national motto, number | place and date) each centred in its half of the page, the body in
    full-width lines, ``footer`` rows of two cells ("Nơi nhận:" list | signer block), at 300 dpi.
    ``page_number`` is printed centred in the top margin (as on a second page).
    """
    from PIL import Image, ImageDraw, ImageFont

    fpdf = pytest.importorskip("fpdf")
    width, height, margin = 2480, 3508, 220
    font = ImageFont.truetype(str(require_font()), 40)
    small = ImageFont.truetype(str(require_font()), 34)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    halves = ((margin, width * 0.42), (width * 0.45, width - margin))

    def cells(rows: list[tuple[str, str]], y: int, fonts) -> int:
        for row in rows:
            for (x0, x1), cell, f in zip(halves, row, fonts):
                if cell:
                    w = draw.textlength(cell, font=f)
                    draw.text(((x0 + x1 - w) / 2, y), cell, font=f, fill=0)
            y += 62
        return y

    if page_number:
        draw.text((width / 2, 120), page_number, font=font, fill=0)
    y = cells(header, 200, (font, font)) + 80
    chars = int((width - 2 * margin) / (40 * 0.55))
    for para in body.split("\n"):
        for line in textwrap.wrap(para, chars, break_on_hyphens=False) or [""]:
            draw.text((margin, y), line, font=font, fill=0)
            y += 62
    # Recipients small and flush left, the signer's lines centred on the right: as printed.
    cells(footer, y + 60, (small, font))
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.image(img, x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return Path(path)


def make_truncated_pdf(text: str, path: str | os.PathLike, *, keep: float = 0.4) -> Path:
    """A text-layer PDF cut after ``keep`` of its bytes (a broken download)."""
    full = make_text_pdf(text, path)
    data = full.read_bytes()
    full.write_bytes(data[: max(16, int(len(data) * keep))])
    return full


def make_signed_pdf(
    header: list[tuple[str, str]], body: str, path: str | os.PathLike, stamps: list[tuple[str, str]], *, as_image: bool = False
) -> Path:
    """A letter whose number and day are drawn only by signature-field appearances, as e-signing
    tools stamp them over the blanks of "Số:      /UBND-KT" and "ngày      tháng".

    ``header`` is (left cell, right cell) per line, written in two columns; each stamp is
    (text, the header text it is drawn right after), e.g. ("437", "Số:"). The stamp is a widget
    annotation (/FT /Sig) with its own appearance stream in Helvetica; the page text has blanks.
    ``as_image=True`` draws each stamp as a picture instead (a stamped or handwritten number).
    """
    from fpdf.annotations import AnnotationDict

    pdf = _new_pdf()
    pdf.add_page()
    # Helvetica joins the page's fonts so the appearance streams can name it (/F2).
    pdf.set_font("helvetica", size=1)
    pdf.text(1, 1, " ")
    pdf.set_font("DejaVu", size=12)
    anchors: dict[str, tuple[float, float]] = {}
    y = 20.0
    for left, right in header:
        for x, cell in ((15.0, left), (110.0, right)):
            if cell:
                pdf.text(x, y, cell)
                for text, after in stamps:
                    at = cell.find(after)
                    if at >= 0:
                        anchors[text] = (x + pdf.get_string_width(cell[: at + len(after)]) + 1.5, y)
        y += 7
    pdf.set_xy(15, y + 5)
    _write_lines(pdf, body, None)
    for text, (x, base) in anchors.items():
        w = pdf.get_string_width(text) + 1
        if as_image:
            from PIL import Image, ImageDraw, ImageFont

            img = Image.new("L", (int(w * 12), 60), 255)
            ImageDraw.Draw(img).text((2, 4), text, font=ImageFont.truetype(str(require_font()), 44), fill=0)
            pdf.image(img, x=x, y=base - 4.5, w=w, h=5)
            continue
        stream = f"BT /F2 12 Tf 0 2 Td ({text}) Tj ET".encode("latin-1")
        annot = AnnotationDict("Widget", x * pdf.k, pdf.h_pt - (base - 4.2) * pdf.k, w * pdf.k, 5 * pdf.k,
                               field_type="Sig", appearance_stream=stream)
        pdf.pages[1].add_annotation(annot)
    pdf.output(str(path))
    return Path(path)


def _bfchar_rewrite(data: bytes, dest) -> bytes:
    """Rewrite each "<glyph> <unicode>" pair of the (uncompressed) ToUnicode maps with ``dest``."""
    import re

    def block(m):
        return re.sub(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", lambda p: b"<%s> <%s>" % (p.group(1), dest(p.group(2))), m.group(0))

    return re.sub(rb"beginbfchar.*?endbfchar", block, data, flags=re.S)


def make_broken_font_pdf(text: str, path: str | os.PathLike, *, kind: str = "mojibake") -> Path:
    """A text-layer PDF whose font map is broken as Word→Ghostscript PDFs are.

    ``kind="mojibake"``: Vietnamese letters map to Cyrillic look-alikes and digits to control
    characters (the page shows the text; its text layer is garbage). ``kind="no-tounicode"``: the
    font has no ToUnicode map at all (glyph ids come out). Byte lengths are kept, so the xref holds.
    """
    import re

    pdf = _new_pdf()
    pdf.compress = False
    pdf.add_page()
    _write_lines(pdf, text, None)
    pdf.output(str(path))
    data = Path(path).read_bytes()
    if kind == "no-tounicode":
        data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), data)
    else:

        def dest(u: bytes) -> bytes:
            c = int(u, 16)
            if 0x30 <= c <= 0x39:
                return b"%04X" % (c - 0x30 + 0x10)  # digits lost as control characters
            if c > 0x7F:
                return b"%04X" % (0x0400 + c % 0x100)  # a Cyrillic letter for each Vietnamese one
            return u

        data = _bfchar_rewrite(data, dest)
    Path(path).write_bytes(data)
    return Path(path)


def make_empty_pdf(path: str | os.PathLike) -> Path:
    """A well-formed PDF with no pages (a catalog and an empty page tree)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (k, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)


def make_bomb_pdf(path: str | os.PathLike, *, expands_to: int) -> Path:
    """A one-page PDF whose content stream is zlib-compressed spaces expanding to ``expands_to`` bytes."""
    import zlib

    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(expands_to >> 20)]
    stream = b"".join(parts) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (k, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)
