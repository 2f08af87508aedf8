"""Normalization: each repair with a small input, and the offset map back to the raw text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tsvcases import case_rows
from vn_directive_nlp.normalize import normalize
from vn_directive_nlp.textutil import fold, modern_tones

ROOT = Path(__file__).resolve().parents[1]


def _unescape(cell: str) -> str:
    """The table's escapes: \\n, \\r and \\uXXXX."""
    return re.sub(r"\\(n|r|u[0-9a-fA-F]{4})",
                  lambda m: {"n": "\n", "r": "\r"}.get(m[1]) or chr(int(m[1][1:], 16)), cell)


@pytest.mark.parametrize("row", case_rows("normalize_cases.tsv"))
def test_normalize_cases(row):
    raw = _unescape(row["input"])
    if row["form"] == "NFD":
        raw = unicodedata.normalize("NFD", raw)
    assert normalize(raw).text == _unescape(row["expected"]), row["what"]


def test_hard_wrapped_paragraphs_are_joined():
    raw = (ROOT / "corpus" / "003_b659688874c4366e.txt").read_text("utf-8")
    text = normalize(raw).text
    assert "Quyết định số 104/QĐ-TTg ngày 25 tháng 01 năm 2024 của Thủ tướng Chính phủ; trong đó, các bộ, cơ quan ngang bộ" in text
    assert "\n- Các bộ, ngành, địa phương:\n+ Thực hiện nghiêm" in text
    assert "Trần Lưu Quang - Tổ trưởng Tổ công tác đã kết luận như sau:" in text
    assert "định mức kinh tế - kỹ thuật" in text


def test_seed_004_wraps():
    raw = (ROOT / "corpus" / "004_ca3141073870a61f.txt").read_text("utf-8")
    text = normalize(raw).text
    assert "phát triển kinh tế - xã hội nói chung" in text
    assert "\nb) Bộ Nội vụ\n- Chủ trì, phối hợp với các cơ quan liên quan" in text
    assert "Nghị quyết số 57- NQ/TW" in text  # spacing inside symbols is the reference extractor's job


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*.txt")), ids=lambda p: p.name)
def test_offsets_point_back_into_the_raw_text(path):
    raw = path.read_text("utf-8")
    n = normalize(raw)
    assert len(n.offsets) == len(n.text) + 1
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:])), "offsets are monotone"
    for i, ch in enumerate(n.text):
        if ch.isalnum():
            r = raw[n.offsets[i]]
            # the same letter, up to tone placement ("hoà" → "hòa" moves a mark between two letters)
            assert fold(r)[:1] in (fold(ch), fold(modern_tones(ch))) or unicodedata.normalize("NFD", r)[0] == unicodedata.normalize("NFD", ch)[0]


def test_nfd_input_maps_to_cluster_start():
    raw = unicodedata.normalize("NFD", "Bộ Tư pháp")
    n = normalize(raw)
    assert n.text == "Bộ Tư pháp"
    assert raw[n.offsets[n.text.index("p")]] == "p"
