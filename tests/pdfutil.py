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


def make_truncated_pdf(text: str, path: str | os.PathLike, *, keep: float = 0.4) -> Path:
    """A text-layer PDF cut after ``keep`` of its bytes (a broken download)."""
    full = make_text_pdf(text, path)
    data = full.read_bytes()
    full.write_bytes(data[: max(16, int(len(data) * keep))])
    return full
