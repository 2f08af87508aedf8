"""Flat exports: the rows an analyst gets in CSV / Parquet / JSONL, and resuming into them."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import sys

import pytest

from vn_directive_nlp import VnDirectiveError, export, records
from vn_directive_nlp.batch import BatchResult
from vn_directive_nlp.models import Agency, Assignment, Deadline, LegalReference, Metadata, Notice, Segment, Source

SAMPLE_TEXT = (
    "VĂN PHÒNG CHÍNH PHỦ\n"
    "Số: 12/TB-VPCP\n"
    "Hà Nội, ngày 05 tháng 3 năm 2024\n"
    "THÔNG BÁO\n"
    "Kết luận của Phó Thủ tướng Chính phủ tại cuộc họp về <thủ tục> & \"dữ liệu\"\n"
    "1. Giao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp hoàn thiện dự thảo Nghị định,\n"
    "trình Chính phủ trước ngày 15/5/2024; thực hiện theo Quyết định số 1085/QĐ-TTg.\n"
    "2. Các bộ, ngành, địa phương:\n"
    "- Định kỳ hằng quý báo cáo kết quả thực hiện.\n"
)


def _at(text: str, needle: str) -> tuple[int, int]:
    start = SAMPLE_TEXT.index(needle)
    return start, start + len(needle)


def sample_notice() -> Notice:
    """A hand-built Notice with two assignments (lead + coordinating, two deadline kinds, a reference)."""
    t = SAMPLE_TEXT
    s1, e1 = _at(t, "1. Giao")[0], _at(t, "1085/QĐ-TTg.")[1]
    s2, e2 = _at(t, "2. Các")[0], len(t)
    s21 = _at(t, "- Định kỳ")[0]
    btc, btp = _at(t, "Bộ Tài chính"), _at(t, "Bộ Tư pháp")
    group = _at(t, "Các bộ, ngành, địa phương")
    d1 = _at(t, "trước ngày 15/5/2024")
    d2 = _at(t, "Định kỳ hằng quý")
    ref = _at(t, "Quyết định số 1085/QĐ-TTg")
    return Notice(
        source=Source(path="archive/tb-12.txt", format="text", sha256="ab" * 32),
        kind="notice",
        text=t,
        metadata=Metadata(number="12/TB-VPCP", doc_type="Thông báo", issuer="Văn phòng Chính phủ",
                          place="Hà Nội", issued_date=dt.date(2024, 3, 5), presiding=["Trần Văn A"]),
        segments=[
            Segment(id="1", label="1.", marker="number", level=1, text=t[s1:e1], start=s1, end=e1),
            Segment(id="2", label="2.", marker="number", level=1, text=t[s2:e2], start=s2, end=e2),
            Segment(id="2.1", parent="2", label="-", marker="dash", level=2, text=t[s21:e2], start=s21, end=e2),
        ],
        assignments=[
            Assignment(
                id="A1", segment="1", text=t[s1 + 3:e1], start=s1 + 3, end=e1,
                lead=[Agency(name="Bộ Tài chính", surface="Bộ Tài chính", kind="ministry", start=btc[0], end=btc[1])],
                coordinating=[Agency(name="Bộ Tư pháp", surface="Bộ Tư pháp", kind="ministry", start=btp[0], end=btp[1])],
                deadlines=[Deadline(text="trước ngày 15/5/2024", kind="before", date=dt.date(2024, 5, 15),
                                    start=d1[0], end=d1[1]),
                           Deadline(text="ngay sau khi ban hành", kind="event")],
                references=["1085/QĐ-TTg"],
            ),
            Assignment(
                id="A2", segment="2.1", text=t[s21 + 2:e2], start=s21 + 2, end=e2,
                lead=[
                    Agency(name="các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", surface=t[group[0]:group[1]],
                           kind="group", inherited=True, start=group[0], end=group[1]),
                    Agency(name="Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                           surface=t[group[0]:group[1]], kind="group", inherited=True, start=group[0], end=group[1]),
                ],
                deadlines=[Deadline(text="Định kỳ hằng quý", kind="recurring", recurrence="quarterly",
                                    start=d2[0], end=d2[1])],
            ),
        ],
        references=[LegalReference(text="Quyết định số 1085/QĐ-TTg", doc_type="Quyết định", number="1085/QĐ-TTg",
                                   start=ref[0], end=ref[1])],
    )


def ok_result(notice: Notice | None = None, sha: str = "ab" * 32) -> BatchResult:
    return BatchResult("archive/tb-12.txt", "ok", sha, 0.01, notice=notice or sample_notice())


def error_result(sha: str = "cd" * 32) -> BatchResult:
    return BatchResult("archive/bad.pdf", "error", sha, 0.0,
                       error={"type": "CorruptPdfError", "message": "the PDF is truncated"})


# ---------------------------------------------------------------- assignment and agency rows

def test_one_assignments_row_per_assignment_with_agency_lists():
    rows = export.assignment_rows(ok_result())
    assert [(r["assignment_id"], r["lead"], r["coordinating"]) for r in rows] == [
        ("A1", ["Bộ Tài chính"], ["Bộ Tư pháp"]),
        ("A2", ["các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"], []),
    ]
    assert rows[0]["deadlines"] == ["before 2024-05-15: trước ngày 15/5/2024", "event: ngay sau khi ban hành"]
    assert rows[0]["references"] == ["1085/QĐ-TTg"] and rows[1]["references"] == []


def test_one_agencies_row_per_assignment_and_agency_with_roles():
    rows = export.agency_rows(ok_result())
    got = [(r["assignment_id"], r["agency"], r["role"], r["inherited"]) for r in rows]
    assert got == [
        ("A1", "Bộ Tài chính", "lead", False),
        ("A1", "Bộ Tư pháp", "coordinating", False),
        ("A2", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "lead", True),
        ("A2", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "lead", True),
    ]


def test_agency_row_carries_notice_deadline_and_references():
    first = export.agency_rows(ok_result())[0]
    assert first["number"] == "12/TB-VPCP"
    assert first["issued_date"] == "2024-03-05"
    assert first["source_path"] == "archive/tb-12.txt"
    assert first["segment"] == "1"
    assert first["agency_kind"] == "ministry"
    assert (first["deadline_kind"], first["deadline_date"]) == ("before", "2024-05-15")
    assert first["deadlines"] == ["before 2024-05-15: trước ngày 15/5/2024", "event: ngay sau khi ban hành"]
    assert first["references"] == ["1085/QĐ-TTg"]
    assert first["text"].startswith("Giao Bộ Tài chính chủ trì")


@pytest.mark.parametrize("rows_of", [export.assignment_rows, export.agency_rows])
def test_recurring_deadline_has_recurrence_and_no_date(rows_of):
    row = rows_of(ok_result())[-1]
    assert (row["deadline_kind"], row["deadline_date"], row["deadline_recurrence"]) == ("recurring", None, "quarterly")


def test_assignment_without_agency_still_gets_a_row():
    notice = sample_notice()
    notice.assignments[0].lead = []
    notice.assignments[0].coordinating = []
    rows = [r for r in export.agency_rows(ok_result(notice)) if r["assignment_id"] == "A1"]
    assert len(rows) == 1 and rows[0]["agency"] is None and rows[0]["deadline_kind"] == "before"
    [row] = [r for r in export.assignment_rows(ok_result(notice)) if r["assignment_id"] == "A1"]
    assert (row["lead"], row["coordinating"]) == ([], [])


@pytest.mark.parametrize(
    "result, expected",
    [
        (error_result(), [("error", "CorruptPdfError", None)]),
        (ok_result(Notice(text="x")), [("ok", None, None)]),  # no assignment: still one row, not lost
    ],
)
def test_rows_of_failures_and_empty_notices(result, expected):
    for rows_of in (export.assignment_rows, export.agency_rows):
        rows = rows_of(result)
        assert [(r["status"], r["error_type"], r["assignment_id"]) for r in rows] == expected


def test_notice_row_metadata_and_counts():
    row = export.notice_row(ok_result())
    assert row["number"] == "12/TB-VPCP" and row["kind"] == "notice"
    assert (row["n_segments"], row["n_assignments"], row["n_references"]) == (3, 2, 1)
    assert row["references"] == ["1085/QĐ-TTg"]
    assert row["presiding"] == ["Trần Văn A"]
    bad = export.notice_row(error_result())
    assert (bad["status"], bad["error_message"], bad["number"]) == ("error", "the PDF is truncated", None)


# ---------------------------------------------------------------- CSV

def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "spreadsheets need the UTF-8 BOM"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_assignments_join_the_agency_lists(tmp_path):
    out = tmp_path / "a.csv"
    n = export.write_results([ok_result(), error_result()], out, "assignments")
    rows = _read_csv(out)
    assert n == len(rows) == 3
    assert (rows[0]["lead"], rows[0]["coordinating"]) == ("Bộ Tài chính", "Bộ Tư pháp")
    assert rows[1]["lead"] == ("các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ; "
                               "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương")
    assert rows[0]["deadlines"] == "before 2024-05-15: trước ngày 15/5/2024; event: ngay sau khi ban hành"
    assert rows[2]["status"] == "error" and rows[2]["lead"] == ""


def test_csv_agencies_round_trip_in_utf8(tmp_path):
    out = tmp_path / "a.csv"
    n = export.write_results([ok_result(), error_result()], out, "agencies")
    rows = _read_csv(out)
    assert n == len(rows) == 5
    assert rows[0]["agency"] == "Bộ Tài chính" and rows[0]["inherited"] == "false"
    assert rows[-1]["status"] == "error" and rows[-1]["error_type"] == "CorruptPdfError"
    # One physical line per row: the line break inside the assignment text became a space.
    assert "Nghị định, trình Chính phủ" in rows[0]["text"]
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1 + 5


def test_csv_cells_that_look_like_formulas_are_quoted(tmp_path):
    notice = sample_notice()
    notice.assignments[1].text = "- Định kỳ hằng quý báo cáo"
    out = tmp_path / "a.csv"
    export.write_results([ok_result(notice)], out, "agencies")
    assert _read_csv(out)[-1]["text"] == "'- Định kỳ hằng quý báo cáo"


def test_csv_notices_table_is_default(tmp_path):
    out = tmp_path / "n.csv"
    export.write_results([ok_result(), error_result()], out)
    rows = _read_csv(out)
    assert [r["status"] for r in rows] == ["ok", "error"]
    assert rows[0]["n_assignments"] == "2"


# ---------------------------------------------------------------- JSONL

def test_jsonl_notices_line_is_the_whole_notice_plus_status(tmp_path):
    out = tmp_path / "n.jsonl"
    export.write_results([ok_result(), error_result()], out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["status"] == "ok"
    record = {k: v for k, v in lines[0].items() if k not in ("status", "input", "sha256", "seconds")}
    assert Notice.model_validate(record).assignments[0].lead[0].name == "Bộ Tài chính"
    assert lines[1] == {"status": "error", "input": "archive/bad.pdf", "sha256": "cd" * 32, "seconds": 0.0,
                        "error": {"type": "CorruptPdfError", "message": "the PDF is truncated"}}


# ---------------------------------------------------------------- resume

def ok_at(name: str) -> BatchResult:
    result = ok_result()
    result.input = name
    return result


def error_at(name: str) -> BatchResult:
    result = error_result()
    result.input = name
    return result


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_keys_by_input_and_drops_a_torn_last_line_with_its_group(tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    export.write_results([ok_at("a.txt"), ok_at("b.txt")], out, "agencies")
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"status": "ok", "input": "b.txt", "sha256": "2222' if suffix == ".jsonl" else "ok,,,b.txt,arch")
    with export.open_writer(out, "agencies", resume=True) as w:
        # b.txt's rows may be cut short by the torn line: it is parsed again, a.txt is kept.
        assert w.seen == {"a.txt"}
        w.write(ok_at("b.txt"))
        w.write(error_at("c.pdf"))
    with export.open_writer(out, "agencies", resume=True) as w:
        assert w.seen == {"a.txt", "b.txt", "c.pdf"}
    text = out.read_text(encoding="utf-8-sig")
    assert "2222" not in text and "arch\n" not in text
    lines = text.splitlines()
    rows_of = {name: sum(name in line for line in lines) for name in ("a.txt", "b.txt", "c.pdf")}
    assert rows_of == {"a.txt": 4, "b.txt": 4, "c.pdf": 1}  # sample_notice(): 2 + 1 + 1 rows


def test_resume_keeps_every_copy_of_one_content_under_its_own_input(tmp_path):
    out = tmp_path / "out.jsonl"
    export.write_results([ok_at(f"copy{i}.txt") for i in range(20)], out)
    with export.open_writer(out, resume=True) as w:
        assert w.seen == {f"copy{i}.txt" for i in range(20)}


def test_resume_drops_the_error_records_of_retried_inputs_only(tmp_path):
    out = tmp_path / "out.jsonl"
    export.write_results([error_at("bad.txt"), error_at("gone.txt"), ok_at("good.txt")], out)
    with export.open_writer(out, resume=True, retry={"bad.txt", "good.txt"}) as w:
        assert w.seen == {"gone.txt", "good.txt"}
        w.write(ok_at("bad.txt"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["input"], r["status"]) for r in records] == [("gone.txt", "error"), ("good.txt", "ok"), ("bad.txt", "ok")]


def test_a_second_writer_on_the_same_output_is_refused(tmp_path):
    out = tmp_path / "out.jsonl"
    with export.open_writer(out) as w:
        w.write(ok_at("a.txt"))
        with pytest.raises(export.OutputLockedError, match="another batch"):
            export.open_writer(out, resume=True)
    assert not (tmp_path / "out.jsonl.lock").exists()
    with export.open_writer(out, resume=True) as w:
        assert w.seen == {"a.txt"}


def test_a_failed_write_leaves_the_last_whole_record_and_a_typed_error(tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    real_write = records._write
    budget = {"bytes": 0}

    def full_disk(fd, data):  # a disk with room for the first record and half of the second
        if budget["bytes"] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = real_write(fd, bytes(data)[: budget["bytes"]])
        budget["bytes"] -= n
        return n

    with export.open_writer(out) as w:
        w.write(ok_at("a.txt"))
        size = out.stat().st_size
        budget["bytes"] = size // 2
        monkeypatch.setattr(records, "_write", full_disk)
        with pytest.raises(export.OutputWriteError, match="disk full") as caught:
            w.write(ok_at("b.txt"))
        monkeypatch.setattr(records, "_write", real_write)
    assert isinstance(caught.value, VnDirectiveError)
    assert out.stat().st_size == size and out.read_bytes().endswith(b"\n")


def test_resume_refuses_a_file_of_the_other_table(tmp_path):
    out = tmp_path / "out.csv"
    export.write_results([ok_result()], out, "notices")
    with pytest.raises(ValueError, match="another table"):
        export.open_writer(out, "assignments", resume=True)


# ---------------------------------------------------------------- Parquet

def test_parquet_round_trip_with_typed_columns(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    export.write_results([ok_result(), error_result()], out, "agencies")
    table = pq.read_table(out)
    assert table.num_rows == 5
    assert str(table.schema.field("deadline_date").type) == "date32[day]"
    assert table.column("deadline_date").to_pylist()[0] == dt.date(2024, 5, 15)
    assert table.column("inherited").to_pylist()[2] is True
    assert not (tmp_path / "a.parquet.partial.jsonl").exists()


LIST_COLUMNS = {
    "notices": {"presiding": [["Trần Văn A"], None], "references": [["1085/QĐ-TTg"], None]},
    "assignments": {
        "lead": [["Bộ Tài chính"], ["các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                                    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"], None],
        "coordinating": [["Bộ Tư pháp"], [], None],
        "references": [["1085/QĐ-TTg"], [], None],
    },
    "agencies": {"references": [["1085/QĐ-TTg"]] * 2 + [[]] * 2 + [None]},
}


@pytest.mark.parametrize("table", sorted(LIST_COLUMNS))
def test_parquet_list_columns_are_lists_of_strings(tmp_path, table):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / f"{table}.parquet"
    export.write_results([ok_result(), error_result()], out, table)
    got = pq.read_table(out)
    for column, values in LIST_COLUMNS[table].items():
        assert got.schema.field(column).type == pa.list_(pa.string()), column
        assert got.column(column).to_pylist() == values, column
    # Every list column of the table is typed so, not only the ones checked by value.
    lists = [f.name for f in got.schema if f.type == pa.list_(pa.string())]
    assert lists == [c for c, kind in export.COLUMNS[table].items() if kind == "list"]


def test_jsonl_flat_rows_hold_lists_as_arrays(tmp_path):
    out = tmp_path / "a.jsonl"
    export.write_results([ok_result()], out, "assignments")
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert (first["lead"], first["coordinating"]) == (["Bộ Tài chính"], ["Bộ Tư pháp"])


def test_parquet_resume_refuses_an_older_layout_of_the_table(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    export.write_results([ok_result()], out, "assignments")
    old = pq.read_table(out)
    flat = old.set_column(old.schema.get_field_index("lead"), "lead",
                          pa.array(["; ".join(v) for v in old.column("lead").to_pylist()]))
    pq.write_table(flat, out)  # "lead" as one joined string, as an earlier version might have it
    with pytest.raises(ValueError, match="older layout"):
        export.open_writer(out, "assignments", resume=True)


def test_parquet_resume_appends_to_the_previous_table(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "n.parquet"
    export.write_results([ok_result(sha="11" * 32), error_result(sha="33" * 32)], out)
    with export.open_writer(out, resume=True, retry={"archive/bad.pdf"}) as w:
        assert w.seen == {"archive/tb-12.txt"}
        w.write(error_result(sha="22" * 32))
    assert pq.read_table(out).column("sha256").to_pylist() == ["11" * 32, "22" * 32]


def test_parquet_without_pyarrow_says_which_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(export.MissingExtraError, match=r"vn_directive_nlp\[parquet\]"):
        export.open_writer(tmp_path / "x.parquet")


@pytest.mark.parametrize("name, table", [("out.xlsx", None), ("out.txt", None), ("out.csv", "segments")])
def test_bad_output_names_or_tables_are_refused(tmp_path, name, table):
    with pytest.raises(ValueError):
        export.open_writer(tmp_path / name, table)


def test_a_document_without_assignments_still_has_its_row(tmp_path):
    from vn_directive_nlp.batch import TextInput, parse_one

    result = parse_one(TextInput("Số: 6/TB-VPCP\nBáo cáo tình hình kinh tế tháng 5.\n"))
    assert result.ok and not result.notice.assignments
    [row] = export.assignment_rows(result)
    assert row["status"] == "ok" and row["number"] == "6/TB-VPCP" and row["assignment_id"] is None
    out = tmp_path / "a.csv"
    with export.open_writer(out, "assignments") as writer:
        writer.write(result)
    with export.open_writer(out, "assignments", resume=True) as again:  # counted as done on resume
        assert again.seen == {result.input}
