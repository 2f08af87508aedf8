"""Header metadata: the seed notices as a reader sees them, corpus-dev against its MANIFEST, small cases."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from corpusfiles import document_paths, needs_dev_corpus
from tsvcases import case_rows

from vn_directive_nlp import header, parse_text

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus-dev"


def seed(name: str):
    return parse_text(next((ROOT / "corpus").glob(name + "_*.txt")).read_text("utf-8"))


def test_seed_000():
    n = seed("000")
    m = n.metadata
    assert n.kind == "notice"
    assert (m.number, m.doc_type, m.issuer, m.place) == ("437/TB-VPCP", "Thông báo", "Văn phòng Chính phủ", "Hà Nội")
    assert m.issued_date == dt.date(2023, 10, 26) and m.meeting_date == dt.date(2023, 10, 16)
    assert m.presiding == ["Trần Lưu Quang"]
    assert m.signer is None  # the rendering stops at "Lưu: VT, KSTT(3)"
    assert m.title.startswith("Kết luận của Phó Thủ tướng Chính phủ Trần Lưu Quang - Tổ trưởng Tổ công tác")
    assert m.title.endswith("ngày 16 tháng 10 năm 2023")
    assert m.recipients[0] == "TTgCP, các PTTg (để b/c)" and len(m.recipients) == 6


def test_seed_003_has_no_number_nor_date():
    n = seed("003")
    m = n.metadata
    assert n.kind == "notice" and m.doc_type == "Thông báo"
    assert m.number is None and m.issued_date is None and m.place is None
    assert m.meeting_date == dt.date(2024, 5, 8)
    assert m.presiding == ["Trần Lưu Quang"]
    assert m.signer == "Trần Văn Sơn"
    assert m.recipients[-1] == "Lưu: VT, KSTT(3)"


def test_seed_004_flattened_table_header():
    n = seed("004")
    m = n.metadata
    assert (m.number, m.issuer, m.place) == ("25/TB-VPCP", "Văn phòng Chính phủ", "Hà Nội")
    assert m.issued_date == dt.date(2025, 1, 24) and m.meeting_date == dt.date(2025, 1, 15)
    assert m.presiding == ["Nguyễn Hòa Bình"]
    assert m.signer == "Mai Thị Thu Vân"
    assert m.title.startswith("KẾT LUẬN CỦA BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH")


def test_news_seeds():
    n1, n2 = seed("001"), seed("002")
    assert n1.kind == n2.kind == "news"
    assert n2.metadata.reports == "437/TB-VPCP"
    assert n1.metadata.number is None and n2.metadata.number is None


def _manifest():
    path = DEV / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _manifest(), ids=lambda r: r["file"])
def test_corpus_dev_against_manifest(row):
    n = parse_text((DEV / row["file"]).read_text("utf-8"))
    assert n.metadata.number == row["number"]
    if row["issued_date"]:
        assert n.metadata.issued_date == dt.date.fromisoformat(row["issued_date"])
    assert n.kind == row["kind"]
    assert n.metadata.signer, "every corpus-dev document is signed"


def _value(cell: str, field: str):
    """The table's expected value: JSON, or a YYYY-MM-DD day for a date field."""
    if field.endswith("_date") and cell != "null":
        return dt.date.fromisoformat(cell)
    return json.loads(cell)


@pytest.mark.parametrize("row", case_rows("header_cases.tsv"))
def test_header_cases(row):
    notice = parse_text(row["input"].replace("\\n", "\n"))
    read = notice if row["field"] == "kind" else notice.metadata  # the document's kind, or a metadata field
    assert getattr(read, row["field"]) == _value(row["expected"], row["field"])


def test_empty_text_is_other():
    n = parse_text("")
    assert n.kind == "other" and n.metadata.number is None and n.segments == []


@pytest.mark.parametrize("dateline", ["Friday, 27/10/2023, 10:25 AM", "Thứ Sáu, 27/10/2023 - 10:25", "27/10/2023 10:25"])
def test_news_dateline(dateline):
    text = ("Khẩn trương nâng cấp phần mềm chuyên ngành phục vụ cải cách thủ tục hành chính " + dateline +
            "\nVăn phòng Chính phủ ban hành Thông báo 437/TB-VPCP kết luận của Phó Thủ tướng Trần Lưu Quang tại "
            "Phiên họp thứ hai của Tổ công tác ngày 16/10/2023.")
    m = parse_text(text).metadata
    assert m.issued_date == dt.date(2023, 10, 27)
    assert m.meeting_date == dt.date(2023, 10, 16)
    assert m.presiding == ["Trần Lưu Quang"] and m.reports == "437/TB-VPCP"


# --- the search for the sentence that opens the conclusions equals a plain scan -------------------
_CONCLUDES_PIECES = ["kết luận như sau", "Kết luận", "ý kiến chỉ đạo", "yêu cầu", "Thủ tướng Chính phủ", "đề nghị",
                     "Cụ thể", "như sau", "có ý kiến", "giao nhiệm vụ", ":", ": ", ",", ".", "1.", "\n", " ", "  ",
                     "\u00a0", "\x1c", "İ", "sau đây", "các bộ", "Ý KIẾN", "quản lý", "Chỉ đạo"]


def _plain_first(text, start, stop):
    return next(header._CONCLUDES_RE.finditer(text, start, stop), None)


@given(st.lists(st.sampled_from(_CONCLUDES_PIECES), max_size=16).map(" ".join), st.integers(0, 30))
def test_conclusion_search_equals_a_plain_scan(text, start):
    start = min(start, len(text))
    fast, slow = header._first_conclusion(text, start, len(text)), _plain_first(text, start, len(text))
    assert (fast and fast.span()) == (slow and slow.span())


@needs_dev_corpus
def test_conclusion_search_on_corpus_documents():
    from vn_directive_nlp.normalize import normalize

    docs = document_paths()
    found = 0
    for path in docs:
        text = normalize(path.read_text(encoding="utf-8")).text
        for start in range(0, min(len(text), 8000), 250):
            fast, slow = header._first_conclusion(text, start, len(text)), _plain_first(text, start, len(text))
            assert (fast and fast.span()) == (slow and slow.span()), (path.name, start)
            found += slow is not None
    assert found > 50


@pytest.mark.parametrize("tail, expected", [
    # the filing line closes the list; the signature block after it is not a recipient
    ("- Như trên;\n- Lưu: VT, KT (2) Hà\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn B",
     ["Như trên", "Lưu: VT, KT (2) Hà"]),
    ("- Các Sở, ngành;\n- Lưu: Văn thư, NN (2):\nPHÓ GIÁM ĐỐC\nLê Thị C",
     ["Các Sở, ngành", "Lưu: Văn thư, NN (2):"]),
    # an item left open goes on, in lower case, on the next line; a title in capitals does not
    ("- UBND các xã,\nphường trong tỉnh;\n- Lưu VT.", ["UBND các xã phường trong tỉnh", "Lưu VT"]),
    ("- Như trên,\nCHỦ TỊCH\nPhạm Văn D", ["Như trên"]),
])
def test_recipients_end_where_the_signature_starts(tail, expected):
    from vn_directive_nlp.header import _recipients

    assert _recipients("1. Bộ Y tế thực hiện.\nNơi nhận:\n" + tail, 0) == expected
