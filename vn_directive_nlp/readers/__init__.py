"""Readers: every input format to text, with where it came from and what went wrong on the way.

One entry per module:

- ``load``: :func:`load.load_path` / :func:`load.load_bytes` — detect the format by content and
  read it (plain text in UTF-8, UTF-16 or a legacy Vietnamese encoding, HTML, DOCX, PDF).
- ``pdf``: :func:`pdf.read_pdf` — the text layer of each page, signature-field text placed where
  drawn, OCR for pages without a readable layer when asked.
- ``textlayer``: :func:`textlayer.readability` — whether a page's text is readable Vietnamese;
  :func:`textlayer.repair_glyph_substitutions` for fonts that draw look-alike glyphs.
- ``ocr``: :func:`ocr.ocr_pdf_pages` — Tesseract on rendered pages, in parallel.
- ``ocr_layout``: :func:`ocr_layout.page_text` — an OCR'd page's words laid out by position.
- ``htmltext``: :func:`htmltext.html_to_text_mapped` — the visible text of an HTML page.
- ``docx``: :func:`docx.read_docx` — the paragraphs and footnotes of a Word document.
- ``legacy``: :func:`legacy.to_unicode` — TCVN3 / VNI text to Unicode.

Imports go one way: load → pdf → ocr → ocr_layout, textlayer → legacy; nothing here imports
``load``.

>>> from vn_directive_nlp.readers.load import load_bytes
>>> load_bytes("Số: 5/TB-VPCP".encode("utf-8")).source.format
'text'
"""
