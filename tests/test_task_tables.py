"""Task tables as rule rows (tests/data/task_table_cases.tsv): a plan's appendix, one assignment a row."""

from __future__ import annotations

import pytest
from tsvcases import case_rows, items, names

from vn_directive_nlp import parse_text
from vn_directive_nlp.normalize import normalize


def _cases():
    rows = []
    for r in (p.values[0] for p in case_rows("task_table_cases.tsv")):
        expected = [(start, names(lead), names(coord), [tuple(d.split(":", 1)) for d in names(dls)])
                    for start, lead, coord, dls in items(r["expected"] or "")]
        rows.append((r["input"].replace("\\n", "\n"), expected))
    return rows


CASES = _cases()


def test_table_has_positive_and_negative_rows():
    assert sum(1 for _d, e in CASES if e) >= 2 and sum(1 for _d, e in CASES if not e) >= 2


@pytest.mark.parametrize(("doc", "expected"), CASES, ids=[c[0].split("\n")[1][:30] for c in CASES])
def test_rows(doc, expected):
    notice = parse_text(doc)
    rows = notice.assignments
    assert len(rows) == len(expected), [a.text for a in rows]
    for a, (start, lead, coord, dls) in zip(rows, expected):
        assert a.text.startswith(start)
        assert [x.name for x in a.lead] == lead
        assert [x.name for x in a.coordinating] == coord
        assert [(d.kind, str(d.date)) for d in a.deadlines] == dls
        assert notice.text[a.start:a.end] == a.text


def test_flattened_table_is_rebuilt_one_row_a_line_with_offsets_kept():
    raw = "PHỤ LỤC\n|\nTT\n|\nCơ quan chủ trì\n|\n|\n1\n|\nSở Y\ntế\n|\n"
    n = normalize(raw)
    assert "TT | Cơ quan chủ trì\n1 | Sở Y tế" in n.text
    i = n.text.index("Sở Y")
    assert raw[n.offsets[i]:n.offsets[i] + 4] == "Sở Y"


def test_lone_bars_without_a_task_header_are_left_alone():
    raw = "ỦY BAN NHÂN DÂN\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 1/UBND\n"
    assert " | " not in normalize(raw).text
