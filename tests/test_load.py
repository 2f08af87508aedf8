"""Loading by content: encodings, HTML, DOCX, format sniffing and typed errors on bad files."""

from __future__ import annotations

import codecs
import hashlib
import io
import random
import unicodedata
import zipfile

import pytest

from vn_directive_nlp import parse_file
from vn_directive_nlp.readers import legacy, load
from vn_directive_nlp.errors import (
    DecodeError,
    InputError,
    InputTooLargeError,
    UnsupportedFormatError,
)

SENTENCE = (
    "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành liên quan khẩn trương hoàn thiện dự thảo "
    "Nghị định, báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 5 năm 2024."
)


def cp1258(text: str) -> bytes:
    """Encode as windows-1258 the way Vietnamese Windows does: base letter + combining tone."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


# (name, bytes, a substring the warnings must contain or None for no warning)
DECODE_ROWS = [
    ("utf-8", SENTENCE.encode("utf-8"), None),
    ("utf-8 BOM", codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), None),
    ("utf-16 LE BOM", codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"), None),
    ("utf-16 BE BOM", codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), None),
    ("utf-16 LE no BOM", SENTENCE.encode("utf-16-le"), "UTF-16-LE"),
    ("utf-16 BE no BOM", SENTENCE.encode("utf-16-be"), "UTF-16-BE"),
    ("utf-32 BOM", SENTENCE.encode("utf-32"), None),
    ("windows-1258", cp1258(SENTENCE), "windows-1258"),
    ("TCVN3", legacy.from_unicode(SENTENCE, "tcvn3"), "converted from TCVN3"),
    ("VNI", legacy.from_unicode(SENTENCE, "vni"), "converted from VNI"),
    # A TCVN3 file someone already "converted" to UTF-8 through windows-1252: "Bé Tµi chÝnh".
    ("TCVN3 inside UTF-8", legacy.from_unicode(SENTENCE, "tcvn3").decode("cp1252").encode("utf-8"), "TCVN3"),
    ("VNI inside UTF-8", legacy.from_unicode(SENTENCE, "vni").decode("cp1252").encode("utf-8"), "VNI"),
    # UTF-8 read as windows-1252 and saved again: "Bá»™ TÃ i chÃ­nh".
    ("double UTF-8", SENTENCE.encode("utf-8").decode("cp1252", "replace").encode("utf-8"), "repaired UTF-8"),
]


@pytest.mark.parametrize("name,data,warning", DECODE_ROWS, ids=[r[0] for r in DECODE_ROWS])
def test_decode_bytes(name, data, warning):
    text, warnings = load.decode_bytes(data)
    if name == "double UTF-8":
        # windows-1252 has five undefined bytes, so a round trip may lose a letter; not here.
        assert text == SENTENCE
    else:
        assert text == SENTENCE, name
    if warning is None:
        assert warnings == []
    else:
        assert any(warning in w for w in warnings), warnings


def test_western_text_is_kept_with_a_warning():
    text, warnings = load.decode_bytes("Café René, à Paris: naïve façade.".encode("cp1252"))
    assert text == "Café René, à Paris: naïve façade."
    assert any("windows-1252" in w for w in warnings)


# Inputs that are not text: each must raise DecodeError.
rng = random.Random(7)
NOT_TEXT = [
    ("random bytes", bytes(rng.randrange(256) for _ in range(4000))),
    ("NUL-padded", b"abc\x00\x00\x00\x01\x02def" * 50),
    ("control characters", bytes(rng.choice([1, 2, 3, 4, 5, 6, 0x1B, 0x41]) for _ in range(3000))),
    ("invalid UTF-16 after a BOM", codecs.BOM_UTF16_LE + b"\x00\xd8\x41"),
]


@pytest.mark.parametrize("name,data", NOT_TEXT, ids=[r[0] for r in NOT_TEXT])
def test_binary_is_a_decode_error(name, data):
    with pytest.raises(DecodeError):
        load.decode_bytes(data)


def test_utf8_text_stays_untouched_even_with_latin1_letters():
    text = "Hội nghị tại Genève, đồng chí René phát biểu."
    assert load.decode_bytes(text.encode("utf-8")) == (text, [])


# --- format detection --------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><title>Cổng thông tin</title><style>p { color: red }</style>
<script>var x = "1. không phải nội dung";</script></head>
<body><div class="nav">Trang chủ</div>
<table><tr><td>VĂN PHÒNG CHÍNH PHỦ<br>Số: 12/TB-VPCP</td><td>Hà Nội, ngày 3 tháng 4 năm 2024</td></tr></table>
<h2>THÔNG BÁO</h2>
<p>1. Bộ Tài chính
   chủ trì &amp; báo cáo&nbsp;trước ngày 15/5/2024.</p>
<ul><li>- Bộ Y tế phối hợp;</li><li>- Bộ Công an phối hợp.</li></ul>
<noscript>Bật JavaScript</noscript>
</body></html>"""


def test_html_page_to_paragraphs():
    doc = load.load_bytes(HTML_PAGE.encode("utf-8"))
    assert doc.source.format == "html"
    assert doc.text.split("\n\n") == [
        "Trang chủ",
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP",
        "Hà Nội, ngày 3 tháng 4 năm 2024",
        "THÔNG BÁO",
        "1. Bộ Tài chính chủ trì & báo cáo trước ngày 15/5/2024.",
        "- Bộ Y tế phối hợp;",
        "- Bộ Công an phối hợp.",
    ]


def test_html_fragment_without_html_tag_is_html():
    frag = "<p>1. Bộ Tài chính chủ trì.</p><p>2. Bộ Y tế phối hợp.</p><p>3. Giao Bộ Công an.</p>"
    doc = load.load_bytes(frag.encode("utf-8"))
    assert doc.source.format == "html"
    assert doc.text == "1. Bộ Tài chính chủ trì.\n\n2. Bộ Y tế phối hợp.\n\n3. Giao Bộ Công an."


def test_text_with_angle_brackets_is_text():
    text = "Tỷ lệ giải ngân <50% thì báo cáo; nếu >90% thì biểu dương <b>các bộ</b>."
    doc = load.load_bytes(text.encode("utf-8"))
    assert (doc.source.format, doc.text) == ("text", text)


def test_html_declared_charset_is_used():
    page = '<html><head><meta charset="windows-1258"></head><body><p>Bộ Tài chính</p></body></html>'
    doc = load.load_bytes(cp1258(page))
    assert doc.text == "Bộ Tài chính"


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str, num: tuple[int, int] | None = None) -> str:
    ppr = f"<w:pPr><w:numPr><w:ilvl w:val=\"{num[1]}\"/><w:numId w:val=\"{num[0]}\"/></w:numPr></w:pPr>" if num else ""
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def make_docx(body: str, numbering: str | None = None, footnotes: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {W}>{numbering}</w:numbering>")
        if footnotes:
            z.writestr("word/footnotes.xml", f"<w:footnotes {W}>{footnotes}</w:footnotes>")
    return buf.getvalue()


NUMBERING = """
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>"""


def test_docx_paragraphs_tables_numbering_and_footnotes():
    body = (
        "<w:tbl><w:tr><w:tc>" + _p("VĂN PHÒNG CHÍNH PHỦ") + _p("Số: 7/TB-VPCP") + "</w:tc>"
        "<w:tc>" + _p("Hà Nội, ngày 2 tháng 3 năm 2024") + "</w:tc></w:tr></w:tbl>"
        + _p("THÔNG BÁO")
        + _p("Về cải cách thủ tục hành chính", (5, 0))
        + _p("Bộ Tư pháp chủ trì", (5, 1))
        + _p("Bộ Y tế phối hợp", (5, 2))
        + _p("Bộ Công an thực hiện", (5, 1))
        + _p("Về chuyển đổi số", (5, 0))
        + _p("Các bộ triển khai", (5, 1))
        + "<w:p><w:r><w:t>Dòng một</w:t><w:br/><w:t>dòng hai</w:t><w:tab/><w:t>cột</w:t></w:r>"
        "<w:del><w:r><w:delText>đã xóa</w:delText></w:r></w:del></w:p>"
    )
    notes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1">' + _p("Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022.") + "</w:footnote>"
    )
    doc = load.load_bytes(make_docx(body, NUMBERING, notes))
    assert doc.source.format == "docx"
    assert doc.text.split("\n\n") == [
        "VĂN PHÒNG CHÍNH PHỦ",
        "Số: 7/TB-VPCP",
        "Hà Nội, ngày 2 tháng 3 năm 2024",
        "THÔNG BÁO",
        "1. Về cải cách thủ tục hành chính",
        "a) Bộ Tư pháp chủ trì",
        "- Bộ Y tế phối hợp",
        "b) Bộ Công an thực hiện",
        "2. Về chuyển đổi số",
        "a) Các bộ triển khai",
        "Dòng một\ndòng hai\tcột",
        "Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022.",
    ]


def test_zip_that_is_not_docx_is_unsupported():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "a,b\n")
    with pytest.raises(UnsupportedFormatError, match="not a DOCX"):
        load.load_bytes(buf.getvalue())


@pytest.mark.parametrize(
    "data,what",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Microsoft Office"),
        (b"{\\rtf1\\ansi Bo Tai chinh}", "RTF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
        (b"PK\x03\x04garbage", "damaged ZIP"),
    ],
)
def test_other_formats_are_unsupported(data, what):
    with pytest.raises(UnsupportedFormatError, match=what):
        load.load_bytes(data)


def test_pdf_detected_by_magic_even_after_junk():
    assert load.detect_format(b"\r\n" * 100 + b"%PDF-1.4\n") == "pdf"
    assert load.detect_format(b"x" * 2000 + b"%PDF-1.4\n") == "text"


# --- paths and limits ----------------------------------------------------------------------------


def test_source_fields(tmp_path):
    data = SENTENCE.encode("utf-16")
    p = tmp_path / "notice.dat"  # the extension says nothing
    p.write_bytes(data)
    doc = load.load_path(p)
    assert doc.text == SENTENCE
    assert doc.source.path == str(p)
    assert doc.source.format == "text"
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.pages is None


def _bad_path(tmp_path, kind):
    """A path of the given kind of bad input."""
    contents = {"empty": b"", "blank": b" \n\t\n", "binary": bytes(range(256)) * 4}
    if kind == "missing":
        return tmp_path / "missing.txt"
    if kind == "directory":
        return tmp_path
    p = tmp_path / f"{kind}.txt"
    p.write_bytes(contents[kind])
    return p


@pytest.mark.parametrize(
    "kind,error,match",
    [
        ("missing", InputError, "no such file"),
        ("directory", InputError, "directory"),
        ("empty", InputError, "empty"),
        ("blank", InputError, "no text"),
        ("binary", DecodeError, "binary"),
    ],
)
def test_bad_paths(tmp_path, kind, error, match):
    path = _bad_path(tmp_path, kind)
    with pytest.raises(error, match=match):
        load.load_path(path)
    with pytest.raises(error):
        parse_file(path)


def test_max_bytes_is_enforced(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(SENTENCE * 10, encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="limit"):
        load.load_path(p, max_bytes=100)
    assert load.load_path(p, max_bytes=10_000).text == SENTENCE * 10


def test_bad_options():
    with pytest.raises(ValueError):
        load.load_bytes(b"x", ocr="sometimes")
    with pytest.raises(ValueError):
        load.load_bytes(b"x", pdf_engine="poppler")


def test_parse_file_carries_load_warnings(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes(legacy.from_unicode("Số: 12/TB-VPCP\n" + SENTENCE, "vni"))
    notice = parse_file(p)
    assert notice.metadata.number == "12/TB-VPCP"
    assert any("converted from VNI" in w for w in notice.warnings)
    assert "Bộ Tài chính chủ trì" in notice.text
