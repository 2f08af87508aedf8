"""Bounded caches: every value asked for is there, and a table never grows past its bound."""

from __future__ import annotations

import pytest

from vn_directive_nlp import limits
from vn_directive_nlp.cache import BoundedCache


def test_fill_computes_only_what_the_table_lacks():
    calls: list[str] = []

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    cache: BoundedCache[str, str] = BoundedCache(10, name="test")
    assert cache.fill(["bộ", "y", "tế", "y"], upper)["tế"] == "TẾ"
    table = cache.fill(["bộ", "tài", "chính"], upper)
    assert [table[w] for w in ("bộ", "tài", "chính")] == ["BỘ", "TÀI", "CHÍNH"]
    assert sorted(calls) == sorted(["bộ", "y", "tế", "tài", "chính"])


def test_a_full_table_starts_afresh_and_never_passes_its_bound():
    cache: BoundedCache[int, int] = BoundedCache(5, name="test")
    for start in range(0, 100, 3):
        keys = range(start, start + 3)
        table = cache.fill(keys, lambda k: -k)
        assert all(table[k] == -k for k in keys)
        assert len(cache) <= 5
    held = cache.fill([1], lambda k: -k)
    cache.fill(range(200, 205), lambda k: -k)  # a new table: the one held before is unchanged
    assert held == {**held, 1: -1} and 200 not in held


def test_put_and_get_keep_the_bound():
    cache: BoundedCache[str, int] = BoundedCache(3, name="test")
    for i, word in enumerate("abcdefg"):
        cache.put(word, i)
        assert cache.get(word) == i and len(cache) <= 3
    assert cache.get("a") is None and "g" in cache
    cache.clear()
    assert len(cache) == 0


def test_a_bound_below_one_is_refused():
    with pytest.raises(ValueError, match="limit"):
        BoundedCache(0, name="test")


def test_every_cache_bound_is_a_positive_whole_number():
    bounds = {k: v for k, v in vars(limits).items() if k.startswith("CACHE_")}
    assert len(bounds) >= 5
    assert all(isinstance(v, int) and v >= 1 for v in bounds.values()), bounds
