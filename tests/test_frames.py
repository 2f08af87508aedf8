"""Tables for analysts: every document in every table, one row per assignment, list columns."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from vn_directive_nlp import parse_many, parse_text, to_pandas
from vn_directive_nlp.frames import TABLES, table_rows

SEEDS = sorted((pathlib.Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))
DIRECTIVE = ("Số: 5/TB-VPCP\nHà Nội, ngày 10 tháng 5 năm 2024\nPhó Thủ tướng kết luận như sau:\n"
             "1. Giao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp và Bộ Nội vụ trình Chính phủ "
             "trước ngày 30/6/2024 theo Quyết định số 1085/QĐ-TTg.\n")
EMPTY = "Số: 6/TB-VPCP\nBáo cáo tình hình kinh tế tháng 5.\n"


def test_every_document_is_in_every_table_even_without_rows(tmp_path):
    results = list(parse_many([SEEDS[0], tmp_path / "missing.txt"], workers=1))
    items = [parse_text(DIRECTIVE), parse_text(EMPTY), *results]
    tables = table_rows(items)
    for table in TABLES:
        assert {r["document"] for r in tables[table]} == {0, 1, 2, 3}, table
    docs = tables["documents"]
    assert docs[1]["n_assignments"] == 0 and docs[1]["status"] == "ok"
    assert docs[3]["status"] == "error" and "InputError" in docs[3]["error"]
    [placeholder] = [r for r in tables["assignments"] if r["document"] == 1]
    assert placeholder["assignment_id"] is None


def test_one_assignment_row_with_list_columns_and_one_row_per_agency():
    tables = table_rows([parse_text(DIRECTIVE)])
    [row] = tables["assignments"]
    assert row["lead"] == ["Bộ Tài chính"] and row["coordinating"] == ["Bộ Tư pháp", "Bộ Nội vụ"]
    assert row["deadline_kinds"] == ["before"] and row["deadline_dates"] == [dt.date(2024, 6, 30)]
    assert row["references"] == ["1085/QĐ-TTg"]
    assert [(r["role"], r["name"]) for r in tables["agencies"]] == [
        ("lead", "Bộ Tài chính"), ("coordinating", "Bộ Tư pháp"), ("coordinating", "Bộ Nội vụ")]
    assert [r["reference"] for r in tables["references"]] == ["1085/QĐ-TTg"]
    counts = tables["documents"][0]
    assert (counts["n_assignments"], counts["n_agencies"], counts["n_references"]) == (1, 3, 1)


def test_pandas_frames_and_an_excel_csv(tmp_path):
    pd = pytest.importorskip("pandas")
    notices = [parse_text(DIRECTIVE), parse_text(EMPTY)]
    frames = to_pandas(notices)
    assert list(frames) == list(TABLES)
    assert len(frames["documents"]) == 2 and list(frames["documents"]["n_assignments"]) == [1, 0]
    assert frames["assignments"]["lead"][0] == ["Bộ Tài chính"]
    single = notices[0].to_frames()
    assert len(single["agencies"]) == 3
    out = tmp_path / "assignments.csv"
    frames["agencies"].to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    back = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert list(back["name"])[:1] == ["Bộ Tài chính"]


def test_anything_else_is_refused():
    with pytest.raises(TypeError, match="Notice or a BatchResult"):
        table_rows(["Số: 5/TB-VPCP"])


def test_to_arrow_keeps_list_columns_typed_even_when_every_list_is_empty(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from vn_directive_nlp.frames import to_arrow

    lone = "Số: 7/TB-VPCP\nHà Nội, ngày 10 tháng 5 năm 2024\n1. Giao Bộ Tài chính chủ trì thực hiện.\n"
    for items in ([parse_text(lone)], [parse_text(DIRECTIVE), parse_text(EMPTY)]):
        tables = to_arrow(items)
        assert list(tables) == list(TABLES)
        pq.write_table(tables["assignments"], tmp_path / "a.parquet")
        back = pq.read_table(tmp_path / "a.parquet")
        for column in ("lead", "coordinating", "references", "deadline_texts"):
            assert back.schema.field(column).type == pa.list_(pa.string()), column
        assert back.schema.field("deadline_dates").type == pa.list_(pa.date32())
        frames = to_pandas(items)["assignments"]
        assert back.column("lead").to_pylist() == list(frames["lead"])
    assert back.column("coordinating").to_pylist() == [["Bộ Tư pháp", "Bộ Nội vụ"], None]


def test_the_arrow_schema_names_every_column_the_rows_have(tmp_path):
    pytest.importorskip("pyarrow")
    from vn_directive_nlp.frames import to_arrow

    items = [parse_text(DIRECTIVE), parse_text(EMPTY), *parse_many([tmp_path / "missing.txt"], workers=1)]
    rows, tables = table_rows(items), to_arrow(items)
    for table in TABLES:
        for row in rows[table]:
            assert list(row) == tables[table].column_names, table


def test_counts_stay_integers_beside_a_failed_input(tmp_path):
    pytest.importorskip("pandas")
    results = list(parse_many([tmp_path / "missing.txt"], workers=1))
    frames = to_pandas([parse_text(DIRECTIVE), parse_text(EMPTY), *results])
    docs = frames["documents"]
    assert docs["n_assignments"].tolist()[:2] == [1, 0] and str(docs["n_assignments"].dtype) == "Int64"
    assert docs["n_assignments"].isna().tolist() == [False, False, True]
    assert str(frames["agencies"]["inherited"].dtype) == "boolean"
