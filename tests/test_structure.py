"""Segment tree: marker kinds, nesting by first appearance, false markers, layout independence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from vn_directive_nlp import parse_text
from vn_directive_nlp.structure_markers import follows

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
DEV = ROOT.parent / "shared" / "corpus-dev"

HEAD = "Số: 9/TB-VPCP\nHà Nội, ngày 2 tháng 3 năm 2024\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\nNgày 1 tháng 3 năm 2024, Phó Thủ tướng chủ trì cuộc họp và kết luận như sau:\n"
TAIL = "\nVăn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT."


def tree(text: str) -> list[tuple[str, str, str]]:
    return [(s.id, s.label, s.marker) for s in parse_text(text).segments]


# (body, expected [(id, label, marker)]) — one row per marker kind and nesting case.
MARKER_CASES = [
    ("1. Bộ Tài chính chủ trì.\n2. Bộ Xây dựng phối hợp.", [("1", "1.", "number"), ("2", "2.", "number")]),
    ("I. ĐÁNH GIÁ CHUNG\nTình hình tốt.\nII. NHIỆM VỤ\n1. Bộ Y tế chủ trì.",
     [("1", "I.", "roman"), ("2", "II.", "roman"), ("2.1", "1.", "number")]),
    ("1. Về đầu tư:\na) Bộ Tài chính rà soát.\nb) Bộ Xây dựng báo cáo.",
     [("1", "1.", "number"), ("1.1", "a)", "letter"), ("1.2", "b)", "letter")]),
    ("1. Về đầu tư:\na. Bộ Tài chính rà soát.\nb. Bộ Xây dựng báo cáo.",
     [("1", "1.", "number"), ("1.1", "a.", "letter"), ("1.2", "b.", "letter")]),
    ("Thứ nhất, tập trung rà soát.\nThứ hai, khẩn trương hoàn thiện.\nThứ mười, báo cáo.",
     [("1", "Thứ nhất", "ordinal"), ("2", "Thứ hai", "ordinal"), ("3", "Thứ mười", "ordinal")]),
    ("Một là, tập trung rà soát.\nHai là, khẩn trương hoàn thiện.",
     [("1", "Một là", "ordinal"), ("2", "Hai là", "ordinal")]),
    ("- Bộ Công an chủ trì.\n– Bộ Quốc phòng phối hợp.\n• Bộ Y tế bảo đảm thuốc.",
     [("1", "-", "dash"), ("2", "–", "dash"), ("3", "•", "dash")]),
    ("- Các bộ, ngành, địa phương:\n+ Thực hiện nghiêm.\n+ Đẩy mạnh cung cấp.\n- Bộ Quốc phòng hoàn thiện.",
     [("1", "-", "dash"), ("1.1", "+", "plus"), ("1.2", "+", "plus"), ("2", "-", "dash")]),
    ("(1) Rà soát quy định.\n(2) Báo cáo kết quả.", [("1", "(1)", "paren_number"), ("2", "(2)", "paren_number")]),
    ("Điều 1. Phê duyệt Đề án.\nĐiều 2. Tổ chức thực hiện.", [("1", "Điều 1.", "article"), ("2", "Điều 2.", "article")]),
    # Nesting by first appearance: ordinal children of a number (seed 000's "3." / "Thứ nhất").
    ("1. Đánh giá cao.\n2. Đề nghị các bộ:\nThứ nhất, rà soát.\nThứ hai, báo cáo.\n3. Giao Bộ Nội vụ.",
     [("1", "1.", "number"), ("2", "2.", "number"), ("2.1", "Thứ nhất", "ordinal"), ("2.2", "Thứ hai", "ordinal"),
      ("3", "3.", "number")]),
    # Unmarked paragraphs belong to the segment before them.
    ("1. Bộ Tài chính chủ trì.\nĐồng thời báo cáo Thủ tướng.\n2. Bộ Xây dựng.", [("1", "1.", "number"), ("2", "2.", "number")]),
]


@pytest.mark.parametrize("body,expected", MARKER_CASES)
def test_marker_kinds_and_nesting(body, expected):
    assert tree(HEAD + body + TAIL) == expected


# False markers: each input must give exactly the listed tree.
FALSE_MARKER_CASES = [
    # seed 003: a dash at the start of a wrapped line inside the opening narrative
    ("1. Sau khi nghe báo cáo tổng hợp về kết quả triển khai cải cách thủ tục hành\n"
     "chính của các bộ, địa phương và ý kiến của các thành viên, Phó Thủ tướng Chính\n"
     "phủ Trần Lưu Quang đề nghị các bộ, ngành rà soát ngay các thủ tục nội bộ, Quang\n"
     "- Tổ trưởng Tổ công tác nhấn mạnh việc tiếp tục triển khai các giải pháp đã đề ra\n"
     "và yêu cầu các cơ quan liên quan tổ chức thực hiện nghiêm túc, hiệu quả, kịp thời.\n"
     "2. Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện các nhiệm vụ được giao.",
     [("1", "1.", "number"), ("2", "2.", "number")]),
    # seed 004: "kinh tế" / "- xã hội"
    ("1. Tạo đột phá trong phát triển kinh tế\n- xã hội nói chung và CCHC nói riêng.", [("1", "1.", "number")]),
    # "kinh tế -" / "kỹ thuật"
    ("1. Ban hành định mức kinh tế -\nkỹ thuật cho hoạt động bưu chính.", [("1", "1.", "number")]),
    # a line that starts with a year or a day
    ("1. Thực hiện Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm\n2021 của Chính phủ về dịch vụ công.", [("1", "1.", "number")]),
    ("1. Hoàn thành trước ngày 31 tháng\n10 năm 2023 theo kế hoạch.", [("1", "1.", "number")]),
    # inline enumeration inside a sentence, even when a wrap puts "(4)" at a line start
    ("1. Kết quả nổi bật: (1) Chính phủ quan tâm; (2) Cải cách thể chế; (3) TTHC đơn giản;\n(4) Cải cách tổ chức bộ máy.",
     [("1", "1.", "number")]),
]


@pytest.mark.parametrize("body,expected", FALSE_MARKER_CASES)
def test_false_markers_are_refused(body, expected):
    assert tree(HEAD + body + TAIL) == expected


def test_header_closing_and_noi_nhan_are_not_segments():
    n = parse_text(HEAD + "1. Bộ Tài chính chủ trì." + TAIL)
    assert [s.label for s in n.segments] == ["1."]
    assert "Nơi nhận" not in n.segments[0].text and "thông báo để" not in n.segments[0].text


def test_news_without_markers_has_no_segments():
    n = parse_text("Sáng 19/7, Thủ tướng Chính phủ chủ trì phiên họp. Các đại biểu thảo luận sôi nổi về cải cách.")
    assert n.segments == []


def test_sequence_break_gives_a_warning():
    n = parse_text(HEAD + "1. Bộ Tài chính chủ trì.\n2. Bộ Xây dựng phối hợp.\n4. Bộ Y tế báo cáo." + TAIL)
    assert any("does not follow" in w for w in n.warnings)


def test_follows():
    assert follows("letter", "d)", "đ)") and follows("letter", "d)", "e)")
    assert follows("ordinal", "Thứ hai", "Thứ ba") and not follows("number", "1.", "3.")


# ---- the seeds and corpus-dev: spans and invariants ----------------------------------------

def _docs():
    docs = list(SEEDS)
    if DEV.is_dir():
        docs += sorted(DEV.glob("*.txt"))
    return docs


@pytest.mark.parametrize("path", _docs(), ids=lambda p: p.name)
def test_tree_invariants(path):
    n = parse_text(path.read_text("utf-8"))
    ids = {s.id for s in n.segments}
    by_parent: dict = {}
    for s in n.segments:
        assert n.text[s.start:s.end] == s.text
        assert s.start == 0 or n.text[s.start - 1] == "\n", "a segment starts at a paragraph start"
        assert s.parent is None or s.parent in ids
        assert s.level == s.id.count(".") + 1
        by_parent.setdefault(s.parent, []).append(s)
        assert "Nơi nhận" not in s.text
    for sibs in by_parent.values():
        kinds = {s.marker for s in sibs}
        assert len(kinds) == 1, f"siblings of one kind: {[(s.id, s.label) for s in sibs]}"
        for a, b in zip(sibs, sibs[1:]):
            if a.marker not in ("dash", "plus"):
                assert follows(a.marker, a.label, b.label) or any(b.id in w for w in n.warnings)


def _layout_key(text: str) -> list[tuple[str, str, str]]:
    n = parse_text(text)
    return [(s.id, s.label.rstrip(".):,"), " ".join(s.text[len(s.label):].split()[:4])) for s in n.segments]


def _rewrap(text: str, width: int) -> str:
    out = []
    for para in text.split("\n"):
        out.extend(textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(out)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
@pytest.mark.parametrize("variant", ["wrap60", "wrap80", "unwrapped"])
def test_layout_independence(path, variant):
    raw = path.read_text("utf-8")
    base = _layout_key(raw)
    norm = parse_text(raw).text
    text = {"wrap60": lambda: _rewrap(norm, 60), "wrap80": lambda: _rewrap(norm, 80), "unwrapped": lambda: norm}[variant]()
    assert _layout_key(text) == base


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_layout_independence_pdf(path, tmp_path):
    from pdfutil import make_text_pdf

    from vn_directive_nlp import parse_file

    raw = path.read_text("utf-8")
    pdf = tmp_path / "doc.pdf"
    make_text_pdf(parse_text(raw).text, pdf)
    n = parse_file(pdf)
    assert [(s.id, s.label.rstrip(".):,"), " ".join(s.text[len(s.label):].split()[:4])) for s in n.segments] == _layout_key(raw)
