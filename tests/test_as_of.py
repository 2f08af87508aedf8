"""Agencies are named as on the document's own date, never the day of the run; ``as_of`` stands in
for a document without a date (default: none, and a warning says the names are as written)."""

from __future__ import annotations

import datetime as dt

import pytest

from vn_directive_nlp import agencies, gazetteer, parse_bytes, parse_file, parse_text

# The Ministry of Planning and Investment merged into the Ministry of Finance on 1 March 2025.
BODY = ("Kết luận cuộc họp\n\nPhó Thủ tướng kết luận như sau:\n"
        "1. Giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Bộ Tài chính báo cáo Thủ tướng Chính phủ.\n")
DATED = "Số: 5/TB-VPCP\nHà Nội, ngày 10 tháng 5 năm 2024\n" + BODY


def _names(notice):
    return [(a.name, a.successor) for x in notice.assignments for a in x.lead + x.coordinating]


def test_an_undated_document_keeps_the_names_it_writes_and_says_so():
    notice = parse_text(BODY)
    assert _names(notice) == [("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"), ("Bộ Tài chính", None)]
    assert any("as_of" in w and "no date" in w for w in notice.warnings)


@pytest.mark.parametrize(("as_of", "lead"), [
    ("2024-01-01", "Bộ Kế hoạch và Đầu tư"),
    (dt.date(2026, 1, 1), "Bộ Tài chính"),
    (dt.datetime(2026, 1, 1, 8, 30), "Bộ Tài chính"),
])
def test_as_of_names_an_undated_documents_agencies_as_on_that_day(as_of, lead):
    notice = parse_text(BODY, as_of=as_of)
    assert _names(notice)[0][0] == lead
    assert not any("as_of" in w for w in notice.warnings)


def test_a_dated_document_is_named_by_its_own_date_whatever_as_of_says(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(DATED, encoding="utf-8")
    expected = parse_text(DATED).model_dump_json()
    assert _names(parse_text(DATED))[0] == ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính")
    assert parse_text(DATED, as_of="2026-01-01").model_dump_json() == expected
    assert parse_file(path, as_of="2026-01-01").assignments == parse_text(DATED).assignments
    assert parse_bytes(DATED.encode("utf-8"), as_of=dt.date(2030, 1, 1)).assignments == parse_text(DATED).assignments


class _Clock(dt.date):
    """A ``date`` whose today() is another year: the run happens in 2020, before the merger."""

    @classmethod
    def today(cls):
        return cls(2020, 1, 1)


def test_results_do_not_change_with_the_calendar(monkeypatch):
    before = [parse_text(t).model_dump_json() for t in (BODY, DATED)]
    fake = type("dt", (), {"date": _Clock, "datetime": dt.datetime, "timedelta": dt.timedelta})
    monkeypatch.setattr(agencies, "_dt", fake)
    monkeypatch.setattr(gazetteer, "_dt", fake)
    agencies._all_mentions.cache_clear()
    assert [parse_text(t).model_dump_json() for t in (BODY, DATED)] == before


@pytest.mark.parametrize("bad", ["10/05/2024", 20240510, "yesterday"])
def test_a_bad_as_of_is_refused(bad):
    with pytest.raises((TypeError, ValueError), match="as_of"):
        parse_text(BODY, as_of=bad)
