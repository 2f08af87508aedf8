"""dask.bag of paths or texts → the same result dicts as the local parse_many."""

from __future__ import annotations

import pathlib

import pytest

db = pytest.importorskip("dask.bag")
import dask  # noqa: E402

from vn_directive_nlp import parse_many  # noqa: E402
from vn_directive_nlp.batch import TextInput  # noqa: E402
from vn_directive_nlp.distributed import result_from_dict, to_notices, to_rows  # noqa: E402
from vn_directive_nlp.export import assignment_rows  # noqa: E402

SEEDS = sorted(pathlib.Path(__file__).resolve().parents[1].joinpath("corpus").glob("*.txt"))


def _inputs(tmp_path):
    return [str(s) for s in SEEDS] + [tmp_path / "missing.txt", TextInput("Số: 3/TB-VPCP\n1. Bộ Tài chính chủ trì.")]


def _without_seconds(results):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in results]


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_bag_gives_the_same_dicts_as_parse_many(tmp_path, scheduler):
    inputs = _inputs(tmp_path)
    bag = db.from_sequence(inputs, npartitions=3)
    with dask.config.set(scheduler=scheduler, num_workers=2):
        got = to_notices(bag).compute()
    expected = [r.to_dict() for r in parse_many(inputs, workers=1)]
    assert _without_seconds(got) == _without_seconds(expected)
    assert [r["status"] for r in got] == ["ok"] * len(SEEDS) + ["error", "ok"]


def test_dicts_rebuild_into_results(tmp_path):
    got = to_notices(db.from_sequence(_inputs(tmp_path), npartitions=2)).compute(scheduler="synchronous")
    rebuilt = [result_from_dict(d) for d in got]
    assert [r.notice.metadata.number for r in rebuilt if r.ok] == [
        r.notice.metadata.number for r in parse_many([str(s) for s in SEEDS], workers=1)
    ] + ["3/TB-VPCP"]


def test_flat_rows_match_the_local_export(tmp_path):
    inputs = _inputs(tmp_path)
    rows = to_rows(db.from_sequence(inputs, npartitions=2), table="assignments").compute(scheduler="synchronous")
    local = [row for r in parse_many(inputs, workers=1) for row in assignment_rows(r)]
    assert rows == local and any(r["status"] == "error" for r in rows)


def test_workers_write_the_archive_dataset_themselves(tmp_path):
    pytest.importorskip("duckdb")
    from vn_directive_nlp.archive import Archive
    from vn_directive_nlp.archive.parquet import read_table
    from vn_directive_nlp.archive.schema import TABLES, quoted
    from vn_directive_nlp.distributed import write_archive_dataset

    data = pathlib.Path(__file__).resolve().parent / "data" / "archive"
    inputs = sorted(str(p) for p in data.glob("*.txt")) + [tmp_path / "missing.txt"]
    bag = db.from_sequence(inputs, npartitions=3)
    with dask.config.set(scheduler="processes", num_workers=2):
        summary = write_archive_dataset(bag, tmp_path / "pq").compute()
    # The client gets one small summary per partition, not the documents.
    assert len(summary) == 3 and sum(s["documents"] for s in summary) == 5 and sum(s["failed"] for s in summary) == 1
    with Archive(tmp_path / "local.duckdb") as local, Archive(tmp_path / "dask.duckdb") as remote:
        local.add(inputs, workers=1)
        remote.import_parquet(tmp_path / "pq")
        for table, columns in TABLES.items():
            cols = ", ".join(quoted(c) for c, _, _ in columns if c not in ("indexed_at", "seconds"))
            mine = sorted(map(repr, local.con.sql(f"SELECT {cols} FROM {quoted(table)}").fetchall()))
            theirs = sorted(map(repr, remote.con.sql(f"SELECT {cols} FROM {quoted(table)}").fetchall()))
            assert mine == theirs, table
        assert len(read_table(remote.con, tmp_path / "pq", "documents").fetchall()) == 5
    import pyarrow as pa
    import pyarrow.dataset as ds

    written = ds.dataset(tmp_path / "pq" / "assignments", format="parquet", partitioning="hive").schema
    assert written.field("lead").type == written.field("coordinating").type == pa.list_(pa.string())


def test_as_of_reaches_the_workers():
    # The Ministry of Planning and Investment merged into the Ministry of Finance on 1 March 2025.
    undated = TextInput("Kết luận cuộc họp\n\nPhó Thủ tướng kết luận như sau:\n"
                        "1. Giao Bộ Kế hoạch và Đầu tư chủ trì báo cáo Thủ tướng Chính phủ.\n")
    bag = db.from_sequence([undated], npartitions=1)
    with dask.config.set(scheduler="sync"):
        [plain] = to_notices(bag).compute()
        [dated] = to_notices(bag, as_of="2025-06-30").compute()
        [row] = to_rows(bag, table="assignments", as_of="2025-06-30").compute()
    lead = [r["assignments"][0]["lead"][0]["name"] for r in (plain["notice"], dated["notice"])]
    assert lead == ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"] and row["lead"] == ["Bộ Tài chính"]
    with pytest.raises(ValueError):
        to_notices(bag, as_of="30/06/2025")
