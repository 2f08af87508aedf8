"""Rule tests as data: rows of a tab-separated case table under tests/data/ ("#" lines are comments)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def case_rows(name: str) -> list:
    """One ``pytest.param(row)`` per row of ``tests/data/<name>``, identified by its input."""
    with open(DATA / name, encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return [pytest.param(row, id=row["input"][:50]) for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def items(cell: str) -> list[list[str]]:
    """An expected-value cell of items: " | " between items, " ~ " between an item's fields.

    >>> items("Sở Tài chính ~ local | Sở Nội vụ ~ local")
    [['Sở Tài chính', 'local'], ['Sở Nội vụ', 'local']]
    """
    return [[field.strip() for field in item.split("~")] for item in cell.split("|") if item.strip()]


def names(field: str) -> list[str]:
    """Names joined by "+" in one field ("Bộ Y tế + Bộ Công an"); empty: none."""
    return [x.strip() for x in field.split("+") if x.strip()]
