"""The archive (issue 19): ingest, schema, links with reasons, tasks, calendar, Parquet, kills."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from typer.testing import CliRunner  # noqa: E402

from vn_directive_nlp import Archive  # noqa: E402
from vn_directive_nlp.archive import ArchiveError  # noqa: E402
from vn_directive_nlp.archive.schema import TABLES, markdown  # noqa: E402
from vn_directive_nlp.cli import app  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "archive"
SHARED = ROOT.parent / "shared"
runner = CliRunner()


@pytest.fixture()
def docs(tmp_path):
    """Two notices (the later one continues the earlier's task under the ministry's new name),
    two news articles (one names the notice, one only its meeting) and an empty file."""
    folder = tmp_path / "docs"
    shutil.copytree(DATA, folder)
    (folder / "broken.txt").write_bytes(b"")
    return folder


@pytest.fixture()
def archive(docs, tmp_path):
    with Archive(tmp_path / "a.duckdb") as a:
        a.add([docs], workers=1)
        yield a


def _doc(archive, name):
    return next(d for d in archive.sql("SELECT doc_id FROM documents").doc_id if d.endswith(name))


# ---------------------------------------------------------------- schema and ingest

def test_tables_and_columns_are_the_documented_schema(archive):
    live = archive.sql(
        "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position"
    )
    got = {t: [(c, ty) for _, c, ty in grp.itertuples(index=False)] for t, grp in live.groupby("table_name", sort=False)}
    assert got == {t: [(c, ty) for c, ty, _ in cols] for t, cols in TABLES.items()}
    assert markdown() in (ROOT / "docs" / "archive.md").read_text(encoding="utf-8")


def test_ingest_is_incremental_and_retries_failures(docs, tmp_path):
    with Archive(tmp_path / "a.duckdb") as a:
        first = a.add([docs], workers=1)
        assert (first.parsed, first.failed, first.unchanged) == (5, 1, 0)
        assert first.errors[0][0].endswith("broken.txt") and "InputError" in first.errors[0][1]
        again = a.add([docs], workers=1)
        assert (again.parsed, again.failed, again.unchanged) == (1, 1, 4)  # only the failed file, again
        (docs / "broken.txt").write_text("Số: 7/TB-VPCP\n1. Giao Bộ Y tế chủ trì.\n", encoding="utf-8")
        (docs / "tb-40-2025.txt").write_text((docs / "tb-40-2025.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        fixed = a.add([docs], workers=1)
        assert (fixed.parsed, fixed.failed, fixed.unchanged) == (2, 0, 3)
        counts = a.sql("SELECT status, count(*) AS n, count(DISTINCT doc_id) AS d FROM documents GROUP BY 1")
        assert counts.to_dict("records") == [{"status": "ok", "n": 5, "d": 5}]
        assert a.sql("SELECT count(*) AS n FROM assignments WHERE doc_id LIKE '%tb-40-2025.txt'").n[0] == 1


def test_the_stored_notice_is_the_parsed_one(archive, docs):
    from vn_directive_nlp import parse_file

    doc = _doc(archive, "tb-12-2024.txt")
    assert archive.notice(doc).model_dump() == parse_file(doc).model_dump()
    segs = archive.sql(
        "SELECT s.segment_id, substring(d.text, s.seg_start + 1, s.seg_end - s.seg_start) AS t "
        "FROM segments s JOIN documents d USING (doc_id) WHERE doc_id = ? ORDER BY 1", [doc]
    )
    assert list(segs.t) == [s.text for s in parse_file(doc).segments]


def test_sql_is_read_only(archive):
    assert archive.sql("SELECT count(*) AS n FROM documents").n[0] == 5
    for query in ("DELETE FROM documents", "DROP TABLE links", "SELECT 1; DELETE FROM links"):
        with pytest.raises(ArchiveError, match="read-only"):
            archive.sql(query)
    assert archive.sql("SELECT count(*) AS n FROM documents").n[0] == 5


# ---------------------------------------------------------------- links

def test_links_say_why(archive):
    links = archive.sql("SELECT relation, src_doc, dst_doc, src_assignment, dst_assignment, reason, evidence FROM links")
    rel = {(r.relation, pathlib.Path(r.src_doc).name, pathlib.Path(r.dst_doc).name): r for r in links.itertuples()}
    assert set(rel) == {
        ("cites", "tb-40-2025.txt", "tb-12-2024.txt"),
        ("cites", "news-reports-by-number.txt", "tb-12-2024.txt"),
        ("reports", "news-reports-by-number.txt", "tb-12-2024.txt"),
        ("reports", "news-reports-by-meeting.txt", "tb-12-2024.txt"),
        ("follows_up", "tb-40-2025.txt", "tb-12-2024.txt"),
        ("continues", "tb-40-2025.txt", "tb-12-2024.txt"),
    }
    assert "metadata.reports" in rel[("reports", "news-reports-by-number.txt", "tb-12-2024.txt")].reason
    assert "01/03/2024" in rel[("reports", "news-reports-by-meeting.txt", "tb-12-2024.txt")].reason
    assert "Bộ Tài chính" in rel[("follows_up", "tb-40-2025.txt", "tb-12-2024.txt")].reason
    cont = rel[("continues", "tb-40-2025.txt", "tb-12-2024.txt")]
    # The old ministry's task, continued under its name in force today.
    assert (cont.src_assignment, cont.dst_assignment) == ("A1", "A1")
    assert "12/TB-VPCP" in cont.evidence and "Bộ Tài chính" in cont.reason


# ---------------------------------------------------------------- tasks

def test_tasks_by_agency_with_and_without_predecessors(archive):
    own = archive.tasks(agency="Bộ Tài chính")
    assert [(n, list(lead)) for n, lead in zip(own.number, own.lead)] == [("40/TB-VPCP", ["Bộ Tài chính"])]
    gathered = archive.tasks(agency="BTC", include_predecessors=True, kind="notice")
    assert sorted(gathered.number) == ["12/TB-VPCP", "40/TB-VPCP"]
    quarter = archive.tasks(agency="Bộ Tài chính", due_after="2025-07-01", due_before="2025-09-30")
    assert list(quarter.due_date.dt.date) == [dt.date(2025, 9, 30)]


@pytest.mark.parametrize("agency, earlier", [
    ("Bộ Tài chính", "Bộ Kế hoạch và Đầu tư"),                        # merged on 1 March 2025
    ("UBND tỉnh Ninh Bình", "Ủy ban nhân dân tỉnh Nam Định"),          # provinces merged in 2025
    ("UBND thành phố Hà Nội", "Ủy ban nhân dân tỉnh Hà Tây"),          # merged in 2008
])
def test_predecessors_come_from_the_gazetteer_history(agency, earlier):
    from vn_directive_nlp.archive.tasks import agency_names

    assert earlier in agency_names(agency, include_predecessors=True)
    assert earlier not in agency_names(agency)


def test_overdue_means_due_and_not_followed_up_by_then(archive):
    before = archive.tasks(overdue=True, as_of="2024-12-31", kind="notice")
    assert sorted(zip(before.number, before.assignment_id)) == [("12/TB-VPCP", "A1"), ("12/TB-VPCP", "A2")]
    after = archive.tasks(overdue=True, as_of="2025-07-01", kind="notice")
    assert list(zip(after.number, after.assignment_id)) == [("12/TB-VPCP", "A2")]  # A1 continued by 40/TB-VPCP
    every = archive.tasks(as_of="2025-07-01", kind="notice")
    followed = every[every.assignment_id.eq("A1") & every.number.eq("12/TB-VPCP")]
    assert list(followed.followed_up_by) == ["40/TB-VPCP"] and not followed.overdue.iloc[0]


def test_ics_parses_back_with_one_todo_per_dated_task(archive):
    icalendar = pytest.importorskip("icalendar")
    from vn_directive_nlp.archive.formats import to_ics

    tasks = archive.tasks(kind="notice", as_of="2025-07-01")
    cal = icalendar.Calendar.from_ical(to_ics(tasks))
    todos = list(cal.walk("VTODO"))
    assert len(todos) == tasks.due_date.notna().sum() == 3
    by_uid = {str(t["UID"]): t for t in todos}
    assert len(by_uid) == 3
    first = by_uid[tasks.uid.iloc[0]]
    assert first.decoded("DUE") == dt.date(2024, 5, 15)
    assert str(first["SUMMARY"]).startswith("Bộ Kế hoạch và Đầu tư: ")
    assert str(first["DESCRIPTION"]).startswith("12/TB-VPCP (2024-03-05) — ")
    again = icalendar.Calendar.from_ical(to_ics(archive.tasks(kind="notice", as_of="2025-07-01")))
    assert sorted(str(t["UID"]) for t in again.walk("VTODO")) == sorted(by_uid)  # stable UIDs


def test_cli_index_then_tasks_in_every_format(docs, tmp_path):
    db = tmp_path / "cli.duckdb"
    res = runner.invoke(app, ["index", str(docs), "--db", str(db), "--workers", "1", "--ocr", "never"])
    assert res.exit_code == 1, res.stderr  # broken.txt
    assert "documents: 5 parsed (1 failed)" in res.stderr and "broken.txt: error: InputError" in res.stderr
    base = ["tasks", "--db", str(db), "--agency", "Bộ Tài chính", "--include-predecessors", "--kind", "notice"]
    as_json = json.loads(runner.invoke(app, base + ["--format", "json"]).stdout)
    assert [r["number"] for r in as_json] == ["12/TB-VPCP", "40/TB-VPCP"] and as_json[0]["due_date"] == "2024-05-15"
    as_csv = runner.invoke(app, base + ["--format", "csv"]).stdout.splitlines()
    assert as_csv[0].startswith("number,issued_date,kind,segment,lead") and len(as_csv) == 3
    table = runner.invoke(app, base + ["--overdue", "--as-of", "2024-12-31"])
    assert table.exit_code == 0 and "12/TB-VPCP" in table.stdout and "40/TB-VPCP" not in table.stdout
    ics = tmp_path / "t.ics"
    assert runner.invoke(app, base + ["--format", "ics", "-o", str(ics)]).exit_code == 0
    assert ics.read_bytes().count(b"BEGIN:VTODO") == 2
    bad = runner.invoke(app, ["tasks", "--db", str(db), "--agency", "Bộ Không Có"])
    assert bad.exit_code == 2 and "gazetteer" in bad.stderr and "Traceback" not in bad.stderr
    missing = runner.invoke(app, ["tasks", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such archive" in missing.stderr


# ---------------------------------------------------------------- Parquet

def test_parquet_dataset_holds_the_same_rows_as_the_database(archive, tmp_path):
    from vn_directive_nlp.archive.parquet import read_table
    from vn_directive_nlp.archive.schema import quoted

    counts = archive.write_parquet(tmp_path / "pq")
    assert (tmp_path / "pq" / "assignments" / "year=2024").is_dir()
    for table, columns in TABLES.items():
        cols = ", ".join(quoted(c) for c, _, _ in columns)
        db_rows = archive.con.sql(f"SELECT {cols} FROM {quoted(table)}").fetchall()
        pq_rows = read_table(archive.con, tmp_path / "pq", table).fetchall()
        assert len(db_rows) == counts[table]
        assert sorted(map(repr, pq_rows)) == sorted(map(repr, db_rows)), table


def test_parquet_agency_lists_are_lists_of_strings_for_pyarrow(archive, tmp_path):
    import pyarrow as pa
    import pyarrow.dataset as ds

    archive.write_parquet(tmp_path / "pq")
    lists = {(t, c) for t, cols in TABLES.items() for c, kind, _ in cols if kind == "VARCHAR[]"}
    assert {("assignments", "lead"), ("assignments", "coordinating"), ("links", "agencies")} <= lists
    for table in sorted({t for t, _ in lists}):
        data = ds.dataset(tmp_path / "pq" / table, format="parquet", partitioning="hive").to_table()
        for column in (c for t, c in lists if t == table):
            assert data.schema.field(column).type == pa.list_(pa.string()), (table, column)
    got = ds.dataset(tmp_path / "pq" / "assignments", format="parquet", partitioning="hive").to_table()
    from_parquet = sorted(zip(got.column("doc_id").to_pylist(), got.column("assignment_id").to_pylist(),
                              got.column("lead").to_pylist(), got.column("coordinating").to_pylist()))
    from_db = sorted(archive.con.sql("SELECT doc_id, assignment_id, lead, coordinating FROM assignments").fetchall())
    assert from_parquet == [tuple(r) for r in from_db]
    assert any(lead for _, _, lead, _ in from_parquet)  # the fixture has named leads


# ---------------------------------------------------------------- kills

def test_a_killed_index_keeps_what_it_committed(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"n{i:03d}.txt").write_text(
            f"Số: {i}/TB-VPCP\n1. Giao Bộ Tư pháp chủ trì, báo cáo trước ngày 15/5/2024.\n", encoding="utf-8")
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "vn_directive_nlp", "index", str(folder), "--db", str(db), "--workers", "2", "--ocr", "never"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    committed = 0
    for line in proc.stderr:
        if line.startswith("committed "):
            committed = int(line.split()[1].split("/")[0])
            break
    assert committed > 0, "index never committed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Archive(db, read_only=True) as a:
        assert a.sql("SELECT count(*) AS n FROM documents").n[0] >= committed
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Archive(db, read_only=True) as a:
        n = a.sql("SELECT count(*) AS n, count(DISTINCT doc_id) AS d FROM documents").iloc[0]
        assert (n.n, n.d) == (400, 400)
        assert a.sql("SELECT count(*) AS n FROM assignments").n[0] == 400


# ---------------------------------------------------------------- the corpus

def test_the_seeds_hold_the_news_report_of_notice_437():
    with Archive(":memory:") as a:
        a.add([ROOT / "corpus"], workers=1)
        links = a.sql("SELECT l.relation, s.kind, d.number, l.reason FROM links l "
                      "JOIN documents s ON s.doc_id = l.src_doc JOIN documents d ON d.doc_id = l.dst_doc")
    reports = links[links.relation.eq("reports")]
    assert list(zip(reports.kind, reports.number)) == [("news", "437/TB-VPCP")]
    assert "437/TB-VPCP" in reports.reason.iloc[0]


@pytest.mark.skipif(not (SHARED / "corpus-dev").is_dir(), reason="needs ../shared/corpus-dev")
def test_corpus_dev_documents_that_cite_each_other_are_linked():
    with Archive(":memory:") as a:
        a.add([SHARED / "corpus-dev"], workers=1)
        cites = a.sql("SELECT l.src_doc, d.number, l.evidence, l.reason, s.text FROM links l "
                      "JOIN documents d ON d.doc_id = l.dst_doc JOIN documents s ON s.doc_id = l.src_doc "
                      "WHERE l.relation = 'cites'")
        follows = a.sql("SELECT count(*) AS n FROM links WHERE relation = 'follows_up'").n[0]
    assert len(cites) >= 3 and follows >= 1
    for row in cites.itertuples():
        assert row.number in row.evidence and row.evidence in row.text and row.number in row.reason


def test_without_the_extra_the_commands_say_what_to_install(docs, tmp_path, monkeypatch):
    db = tmp_path / "x.duckdb"
    assert runner.invoke(app, ["index", str(docs / "tb-12-2024.txt"), "--db", str(db), "--workers", "1"]).exit_code == 0
    monkeypatch.setitem(sys.modules, "icalendar", None)
    res = runner.invoke(app, ["tasks", "--db", str(db), "--format", "ics"])
    assert res.exit_code == 2 and "vn_directive_nlp[archive]" in res.stderr and "Traceback" not in res.stderr
    monkeypatch.setitem(sys.modules, "duckdb", None)
    res = runner.invoke(app, ["tasks", "--db", str(db)])
    assert res.exit_code == 2 and "vn_directive_nlp[archive]" in res.stderr and "Traceback" not in res.stderr
