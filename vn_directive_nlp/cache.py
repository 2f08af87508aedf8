"""Bounded caches: tables of worked-out values that cannot grow without limit.

A cache that grows with the text read (a word's folded form, its classifier features, whether
it can open an agency name) is a :class:`BoundedCache` whose bound is a named constant in
``limits.py``; a cache of a pure function of small arguments is ``functools.lru_cache`` with its
``maxsize`` from ``limits.py`` too. Data read once (a loader with no argument) is
``functools.cache``: it holds a fixed few entries.

When a table would grow past its bound it starts afresh with a new, empty dict. The bound is
on memory, not a policy: real archives stay far below it. A new dict rather than ``clear()``:
a parse in another thread keeps reading the table it holds.

>>> folded = BoundedCache(2, name="example")
>>> folded.fill(["Bộ", "Y", "tế"], str.casefold)["Bộ"]
'bộ'
>>> len(folded)  # three words asked for at once are all kept, then the next call starts afresh
3
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A dict of computed values, emptied (replaced by a new one) rather than grown past ``limit``."""

    __slots__ = ("limit", "name", "_table")

    def __init__(self, limit: int, *, name: str) -> None:
        if limit < 1:
            raise ValueError(f"cache {name}: limit must be at least 1, not {limit}")
        self.limit = limit
        self.name = name  # says which cache in a repr or a profile
        self._table: dict[K, V] = {}

    def fill(self, keys: Collection[K], compute: Callable[[K], V]) -> dict[K, V]:
        """The table, holding a value for every key of ``keys`` (computed for those it lacked).

        Read it at once, and do not write to it: the next call may hand on a new table. A call
        with more distinct keys than ``limit`` keeps them all until the next call.
        """
        table = self._table
        missing = set(keys).difference(table)
        if missing:
            if len(table) + len(missing) > self.limit:
                table = self._table = {}
                missing = set(keys)
            for key in missing:
                table[key] = compute(key)
        return table

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value remembered for ``key``, else ``default``."""
        return self._table.get(key, default)

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` for ``key`` (starting afresh first if the table is full)."""
        table = self._table
        if len(table) >= self.limit and key not in table:
            table = self._table = {}
        table[key] = value

    def clear(self) -> None:
        """Forget every value."""
        self._table = {}

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __repr__(self) -> str:
        return f"BoundedCache({self.name!r}, {len(self._table):,}/{self.limit:,})"
