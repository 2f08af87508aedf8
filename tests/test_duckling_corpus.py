"""Duckling's Vietnamese time corpus (facebook/duckling, Duckling/Time/VI/Corpus.hs) as a test suite.

tests/data/duckling_vi_time.tsv is made by scripts/duckling_corpus.py (scope and framing rules in its
docstring): every in-scope phrase, framed as a deadline clause read on Duckling's reference date,
must give the kind and date of Duckling's value; every out-of-scope phrase (times of day, "hôm nay",
weekdays, past periods) must give no deadline. Known gaps are listed with their reason in the table
and expected to fail, so the list stays honest.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tsvcases import DATA, case_rows

from vn_directive_nlp.deadlines import find_deadlines

ROWS = case_rows("duckling_vi_time.tsv")
HEADER = [ln for ln in (DATA / "duckling_vi_time.tsv").read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
REFERENCE_DATE = dt.date(2017, 2, 2)  # Duckling's VI corpus: refTime (2017, 2, 2, 3, 55, 0) at UTC-2


def _rows(scope: str) -> list:
    out = []
    for p in ROWS:
        row = p.values[0]
        if row["scope"] != scope:
            continue
        marks = [pytest.mark.xfail(reason=row["gap"], strict=True)] if row["gap"] else []
        out.append(pytest.param(row, id=p.id, marks=marks))
    return out


def test_table_names_its_source_and_licence():
    head = "\n".join(HEADER)
    assert "github.com/facebook/duckling" in head and "Duckling/Time/VI/Corpus.hs" in head
    assert "commit " in head and "commit unknown" not in head
    assert "BSD" in head
    assert str(REFERENCE_DATE) in head


def test_in_scope_share_and_gaps():
    inside = [p.values[0] for p in ROWS if p.values[0]["scope"] == "in"]
    assert len(inside) >= 50
    gaps = [r for r in inside if r["gap"]]
    assert len(gaps) <= 0.05 * len(inside)
    outside = [p.values[0] for p in ROWS if p.values[0]["scope"] == "out"]
    assert len(outside) >= 50 and all(r["kind"] == "none" for r in outside)


@pytest.mark.parametrize("row", _rows("in"))
def test_in_scope_phrase_gives_its_date(row):
    got = find_deadlines(row["clause"], issued_date=REFERENCE_DATE)
    assert [(d.kind, d.date.isoformat() if d.date else "") for d in got] == [(row["kind"], row["date"])]
    assert row["input"].split()[-1] in got[0].text  # the deadline spans the phrase


@pytest.mark.parametrize("row", _rows("out"))
def test_out_of_scope_phrase_gives_no_deadline(row):
    assert find_deadlines(row["clause"], issued_date=REFERENCE_DATE) == []
