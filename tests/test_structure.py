"""Segment tree: marker kinds, nesting by first appearance, false markers, layout independence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tsvcases import case_rows
from vn_directive_nlp import parse_text
from vn_directive_nlp.structure_markers import follows

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
DEV = ROOT.parent / "shared" / "corpus-dev"

HEAD = "Số: 9/TB-VPCP\nHà Nội, ngày 2 tháng 3 năm 2024\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\nNgày 1 tháng 3 năm 2024, Phó Thủ tướng chủ trì cuộc họp và kết luận như sau:\n"
TAIL = "\nVăn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT."


def tree(text: str) -> list[tuple[str, str, str]]:
    return [(s.id, s.label, s.marker) for s in parse_text(text).segments]


def _segments(expected: str) -> list[tuple[str, ...]]:
    return [tuple(seg.split("|")) for seg in expected.split(";") if seg]


@pytest.mark.parametrize("row", case_rows("structure_cases.tsv"))
def test_marker_kinds_nesting_and_false_markers(row):
    assert tree(HEAD + row["input"].replace("\\n", "\n") + TAIL) == _segments(row["expected"])


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
