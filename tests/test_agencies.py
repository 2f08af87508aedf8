"""Agency mentions (SPEC §3 "Agencies"), table-driven from tests/data/agency_cases.tsv."""

from __future__ import annotations

import datetime as dt
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from vn_directive_nlp import agencies
from vn_directive_nlp.agencies import find_agencies

HERE = Path(__file__).parent
CASES_FILE = HERE / "data" / "agency_cases.tsv"


def _cases() -> list[tuple[str, dt.date | None, list[str]]]:
    rows = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, day, expected = (line.split("\t") + ["", ""])[:3]
        names = [n.strip() for n in expected.split("|") if n.strip()]
        rows.append((text, dt.date.fromisoformat(day) if day else None, names))
    return rows


CASES = _cases()


def test_table_is_large_enough():
    assert len(CASES) >= 60
    assert sum(1 for _, _, names in CASES if not names) >= 10  # rows that must yield nothing


@pytest.mark.parametrize(("text", "day", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_case(text, day, expected):
    found = find_agencies(text, on_date=day)
    assert [a.name for a in found] == expected
    for a in found:
        assert text[a.start : a.end] == a.surface
        assert a.inherited is False


@pytest.mark.parametrize(("text", "day", "expected"), CASES[:20], ids=[c[0][:40] for c in CASES[:20]])
def test_nfd_input_gives_the_same_names(text, day, expected):
    nfd = unicodedata.normalize("NFD", text)
    found = find_agencies(nfd, on_date=day)
    assert [a.name for a in found] == expected
    for a in found:
        assert nfd[a.start : a.end] == a.surface


def test_list_items_span_their_own_part():
    text = "Các Bộ: Quốc phòng, Ngoại giao, Thông tin và Truyền thông khẩn trương"
    assert [a.surface for a in find_agencies(text, on_date=dt.date(2024, 5, 8))] == [
        "Quốc phòng",
        "Ngoại giao",
        "Thông tin và Truyền thông",
    ]


def test_kinds():
    text = (
        "Bộ Tài chính, Văn phòng Chính phủ, Bảo hiểm xã hội Việt Nam, Ủy ban nhân dân tỉnh Quảng Ninh, "
        "Tỉnh ủy Thanh Hóa, các bộ, ngành, EVN, Phó Thủ tướng Chính phủ Trần Hồng Hà"
    )
    kinds = [a.kind for a in find_agencies(text, on_date=dt.date(2024, 1, 1))]
    assert kinds == [
        "ministry",
        "ministry_level",
        "government_body",
        "province",
        "party_state",
        "group",
        "other",
        "person",
    ]


def test_central_bodies_outside_the_government_are_state_bodies():
    text = (
        "Chủ tịch nước, Văn phòng Chủ tịch nước, Tòa án nhân dân tối cao, Viện kiểm sát nhân dân tối cao, "
        "Kiểm toán nhà nước, Hội đồng bầu cử quốc gia, Ủy ban Thường vụ Quốc hội"
    )
    found = find_agencies(text, on_date=dt.date(2025, 6, 1))
    assert len(found) == 7
    assert {a.kind for a in found} == {"party_state"}


def test_successor_names_todays_body():
    (a,) = find_agencies("Bộ Thông tin và Truyền thông chủ trì", on_date=dt.date(2024, 6, 1))
    assert a.name == "Bộ Thông tin và Truyền thông"
    assert a.successor == "Bộ Khoa học và Công nghệ"
    (b,) = find_agencies("Bộ Tư pháp chủ trì", on_date=dt.date(2024, 6, 1))
    assert b.successor is None


def test_range_limits_mentions_and_offsets_index_the_whole_text():
    text = "1. Bộ Tài chính chủ trì.\n2. Bộ Y tế phối hợp với Bộ Công an."
    second = text.index("2.")
    found = find_agencies(text, second, on_date=dt.date(2024, 1, 1))
    assert [a.name for a in found] == ["Bộ Y tế", "Bộ Công an"]
    assert all(text[a.start : a.end] == a.surface for a in found)
    assert [a.name for a in find_agencies(text, 0, second, on_date=dt.date(2024, 1, 1))] == ["Bộ Tài chính"]


def test_default_date_uses_current_names():
    (a,) = find_agencies("Bộ Kế hoạch và Đầu tư")
    assert a.name == "Bộ Tài chính"


def test_results_are_copies():
    text = "Bộ Tài chính chủ trì"
    find_agencies(text, on_date=dt.date(2024, 1, 1))[0].inherited = True
    assert find_agencies(text, on_date=dt.date(2024, 1, 1))[0].inherited is False


SEEDS = sorted((HERE.parent / "corpus").glob("*.txt"))


@pytest.mark.skipif(not SEEDS, reason="seed corpus not present")
def test_seed_offsets_and_speed():
    from vn_directive_nlp import agencies

    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)[:15000]
    find_agencies(text, on_date=dt.date(2024, 1, 1))  # warm the tables
    best = float("inf")
    for _ in range(5):
        agencies._all_mentions.cache_clear()
        t = time.process_time()
        found = find_agencies(text, on_date=dt.date(2024, 1, 2))
        best = min(best, time.process_time() - t)
    assert found and all(text[a.start : a.end] == a.surface for a in found)
    assert best < 0.05  # a few milliseconds on an idle machine; generous for loaded CI


def test_every_body_name_opens_with_a_scanner_start_word():
    # The scanner visits only tokens in its start set; a short name a text defines ("sau đây gọi
    # tắt là Tổ công tác") opens with its body's first word, so that word must be a start word.
    from vn_directive_nlp import agencies, gazetteer

    starts = agencies._rule_index().starts
    firsts = {gazetteer.key_of(e.name)[0] for e in gazetteer.load().entries.values() if e.kind != "group"}
    assert firsts and firsts <= starts, sorted(firsts - starts)[:10]


def test_parses_share_no_agency_objects():
    from vn_directive_nlp import parse_text

    text = "Số: 1/TB-VPCP\nTHÔNG BÁO\nKết luận của Thủ tướng Chính phủ\n1. Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp rà soát quy định."
    first, second = parse_text(text), parse_text(text)
    assert first.assignments and first.assignments[0].lead
    first.assignments[0].lead[0].name = "changed"
    assert second.assignments[0].lead[0].name == "Bộ Tài chính"
    assert parse_text(text).assignments[0].lead[0].name == "Bộ Tài chính"


def test_parses_in_threads_equal_parses_in_turn(monkeypatch):
    # The scanner's and the classifier's per-word caches are shared; with tiny bounds they start
    # afresh all the time, and a parse in another thread must not notice.
    from concurrent.futures import ThreadPoolExecutor

    from vn_directive_nlp import classify, limits, parse_text
    from vn_directive_nlp.cache import BoundedCache

    texts = [p.read_text(encoding="utf-8") for p in SEEDS] * 4
    expected = [parse_text(t).model_dump_json() for t in texts]
    from vn_directive_nlp import gazetteer

    index = agencies._rule_index()
    monkeypatch.setattr(index, "opens", BoundedCache(30, name="opening keys of this test"))
    monkeypatch.setattr(index, "pairs", BoundedCache(30, name="opening pairs of this test"))
    monkeypatch.setattr(gazetteer, "_FOLDED", BoundedCache(30, name="folded tokens of this test"))
    monkeypatch.setattr(limits, "CACHE_CLASSIFIER_WORDS", 30)  # read when a model is made ready:
    monkeypatch.setattr(classify, "_MODELS", BoundedCache(1, name="models of this test"))  # a new one
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between almost every bytecode
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda t: parse_text(t).model_dump_json(), texts))
    finally:
        sys.setswitchinterval(old)
    assert got == expected
