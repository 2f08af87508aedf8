"""Normalization: each repair with a small input, and the offset map back to the raw text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vn_directive_nlp.normalize import normalize
from vn_directive_nlp.textutil import fold, modern_tones

ROOT = Path(__file__).resolve().parents[1]

# (raw, normalized)
CASES = [
    # NFC and tone placement (same length, offsets kept)
    (unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Thanh Hóa"), "Ủy ban nhân dân tỉnh Thanh Hóa"),
    ("Uỷ ban nhân dân tỉnh Khánh Hoà", "Ủy ban nhân dân tỉnh Khánh Hòa"),
    ("Hoàng Sa, hoàn thành, quý III", "Hoàng Sa, hoàn thành, quý III"),
    # odd spaces, zero-width characters, Markdown emphasis
    ("Bộ\u00a0Tài\u2009chính\u200b chủ trì", "Bộ Tài chính chủ trì"),
    ("**Kết luận của Phó Thủ tướng**", "Kết luận của Phó Thủ tướng"),
    # flattened table rules and cell separators
    ("VĂN PHÒNG CHÍNH\nPHỦ\n-------\n|\nSố: 25/TB-VPCP", "VĂN PHÒNG CHÍNH PHỦ\nSố: 25/TB-VPCP"),
    # page numbers dropped
    ("1. Bộ Tài chính chủ trì rà soát.\n2\n2. Bộ Xây dựng phối hợp.", "1. Bộ Tài chính chủ trì rà soát.\n2. Bộ Xây dựng phối hợp."),
    # a symbol broken across lines
    ("theo Quyết định số 206/QĐ-\nTTg ngày 28 tháng 02 năm 2024.", "theo Quyết định số 206/QĐ-TTg ngày 28 tháng 02 năm 2024."),
    # blank line in the middle of a sentence (web rendering)
    ("Thống nhất với các nội dung đánh\n\ngiá về tình hình.", "Thống nhất với các nội dung đánh giá về tình hình."),
    # CRLF
    ("1. Bộ Tài chính.\r\n2. Bộ Xây dựng.", "1. Bộ Tài chính.\n2. Bộ Xây dựng."),
]


@pytest.mark.parametrize("raw,expected", CASES)
def test_normalize_cases(raw, expected):
    assert normalize(raw).text == expected


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
