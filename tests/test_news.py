"""News articles as rule rows (tests/data/news_cases.tsv): which sentences report instructions, and to whom."""

from __future__ import annotations

import pytest
from tsvcases import case_rows, items, names

from vn_directive_nlp import parse_text
from vn_directive_nlp.news import reported_spans


def _cases():
    rows = []
    for r in (p.values[0] for p in case_rows("news_cases.tsv")):
        pairs = []
        for start, leads, *dls in items(r["expected"] or ""):
            deadlines = None if not dls else [tuple(d.split(":", 1)) for d in names(dls[0])]
            pairs.append((start, names(leads), deadlines))
        rows.append((r["input"].replace("\\n", "\n"), pairs))
    return rows


CASES = _cases()


def test_table_has_positive_and_negative_rows():
    assert sum(1 for _a, e in CASES if e) >= 3 and sum(1 for _a, e in CASES if not e) >= 2


@pytest.mark.parametrize(("article", "expected"), CASES, ids=[c[0].split("\n")[0][:40] for c in CASES])
def test_article(article, expected):
    notice = parse_text(article)
    assert notice.kind == "news"
    got = [(a.text, [x.name for x in a.lead], [(d.kind, str(d.date)) for d in a.deadlines]) for a in notice.assignments]
    assert len(got) == len(expected), got
    for (text, leads, dls), (start, want, want_dls) in zip(got, expected):
        assert text.startswith(start) and leads == want, (text, leads)
        assert want_dls is None or dls == want_dls, (text, dls)


def test_headline_caption_and_repeated_teaser_are_left_out():
    text = ("Thủ tướng yêu cầu Bộ Y tế rà soát thuốc\n"
            "Thủ tướng yêu cầu Bộ Y tế khẩn trương rà soát danh mục thuốc thiết yếu trên toàn quốc.\n"
            "Thủ tướng chủ trì cuộc họp. Ảnh: VGP\n"
            "Tại cuộc họp, Thủ tướng yêu cầu Bộ Y tế khẩn trương rà soát danh mục thuốc thiết yếu trên toàn quốc.\n")
    spans = [text[s:e] for s, e in reported_spans(text, 0, len(text))]
    assert spans == ["Tại cuộc họp, Thủ tướng yêu cầu Bộ Y tế khẩn trương rà soát danh mục thuốc thiết yếu trên toàn quốc."]
