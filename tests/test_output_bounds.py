"""Output bounded by input: deep restart-nested lists and long documents (items past 99, Roman
headings past XV) give a tree, a JSON and a peak memory that grow linearly with the input.

Growth is measured in a spawned child (as in tests/test_adversarial.py), at two sizes four times
apart: linear growth gives ratios near 4, the quadratic growth these inputs used to cause ~16.
"""

from __future__ import annotations

import multiprocessing
import time
import tracemalloc

import pytest

from vn_directive_nlp import limits, parse_text
from vn_directive_nlp.structure_markers import roman_numeral

HEAD = "Số: 9/TB-VPCP\nHà Nội, ngày 2 tháng 3 năm 2024\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\n"
FILLER = "Bộ Tài chính chủ trì thực hiện nhiệm vụ được giao, báo cáo kết quả.\n"


def restart_nested(size: int) -> str:
    """"1.", "2.", "a)", "b)" again and again, each restart one level deeper; then plain text."""
    unit = "1. Về đầu tư:\n2. Về đất đai:\na) Rà soát.\nb) Báo cáo:\n"
    return HEAD + unit * (size // 4 // len(unit)) + FILLER * (size * 3 // 4 // len(FILLER))


def long_document(headings: int, items: int) -> str:
    """``headings`` Roman headings ("I." … "XL."), each with ``items`` numbered items ("1." … "250.")."""
    parts = [HEAD]
    for h in range(1, headings + 1):
        parts.append(f"{roman_numeral(h)}. VỀ NHÓM NHIỆM VỤ THỨ {h}\n")
        parts += [f"{i}. Bộ Tài chính chủ trì nhiệm vụ số {i}.\n" for i in range(1, items + 1)]
    return "".join(parts)


def test_restart_nesting_stops_at_the_depth_limit():
    notice = parse_text(restart_nested(20_000))
    assert max(s.level for s in notice.segments) == limits.MAX_DEPTH
    assert any("(limits.MAX_DEPTH)" in w for w in notice.warnings), notice.warnings
    for s in notice.segments:
        assert s.text == notice.text[s.start:s.end]


def test_shallow_documents_are_not_limited():
    notice = parse_text(HEAD + "1. Về đầu tư:\na) Rà soát:\n- Bộ Y tế:\n+ Báo cáo.\n2. Về đất đai.")
    assert [s.level for s in notice.segments] == [1, 2, 3, 4, 1]
    assert not any("MAX_DEPTH" in w for w in notice.warnings)


def test_segment_text_round_trips_through_json():
    notice = parse_text(restart_nested(5_000))
    again = type(notice).model_validate_json(notice.model_dump_json())
    assert again.segments == notice.segments
    assert [s.text for s in again.segments] == [notice.text[s.start:s.end] for s in notice.segments]


def test_items_past_99_and_roman_headings_past_xv_are_markers():
    notice = parse_text(long_document(40, 120))
    top = [s for s in notice.segments if s.parent is None]
    assert [s.label for s in top] == [f"{roman_numeral(h)}." for h in range(1, 41)]
    last = top[-1]
    children = [s for s in notice.segments if s.parent == last.id]
    assert [s.label for s in children] == [f"{i}." for i in range(1, 121)]
    assert all(s.level == 2 for s in children)
    assert not [w for w in notice.warnings if "does not follow" in w or "list starts" in w]


def _measure(kind: str, size: int, queue) -> None:
    parse_text(HEAD + "1. Bộ Y tế chủ trì.")  # the gazetteer and patterns load before measuring
    text = restart_nested(size) if kind == "nested" else long_document(size, 200)
    tracemalloc.start()
    t0 = time.process_time()
    out = parse_text(text).model_dump_json()
    seconds = time.process_time() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    queue.put((len(text), seconds, peak, len(out)))


def _grow(kind: str, small: int, large: int):
    ctx = multiprocessing.get_context("spawn")
    results = []
    for size in (small, large):
        queue = ctx.Queue()
        child = ctx.Process(target=_measure, args=(kind, size, queue))
        child.start()
        child.join(120)
        if child.is_alive():
            child.kill()
            child.join()
            pytest.fail(f"{kind} {size}: still running after 120 s")
        results.append(queue.get(timeout=5))
    (n1, t1, m1, o1), (n2, t2, m2, o2) = results
    return n2 / n1, t2 / max(t1, 0.05), m2 / m1, o2 / o1


@pytest.mark.slow
def test_restart_nesting_grows_linearly():
    size, seconds, memory, output = _grow("nested", 50_000, 200_000)
    assert output < 1.5 * size, f"output grew {output:.1f}x for {size:.1f}x the input"
    assert memory < 1.5 * size, f"peak memory grew {memory:.1f}x for {size:.1f}x the input"


@pytest.mark.slow
def test_long_documents_grow_linearly():
    # 5 headings of 200 items, then 20: items "1." … "200." under each.
    size, seconds, memory, output = _grow("long", 5, 20)
    assert output < 1.5 * size, f"output grew {output:.1f}x for {size:.1f}x the input"
    assert memory < 1.5 * size, f"peak memory grew {memory:.1f}x for {size:.1f}x the input"
    assert seconds < 2.5 * size, f"time grew {seconds:.1f}x for {size:.1f}x the input"
