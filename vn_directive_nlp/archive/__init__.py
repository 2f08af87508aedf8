"""An archive you can ask: parsed documents in one DuckDB file, linked, queried by agency and date.

>>> from vn_directive_nlp.archive import Archive
>>> with Archive("archive.duckdb") as archive:  # doctest: +SKIP
...     archive.add(["notices/"])                 # parallel, incremental, resumable
...     archive.tasks(agency="Bộ Tài chính", due_before="2025-12-31", overdue=True)
...     archive.sql("SELECT relation, count(*) FROM links GROUP BY 1")

Tables and columns: :mod:`vn_directive_nlp.archive.schema` (and docs/archive.md). A
document is keyed by its absolute path and its content hash: ``add`` parses new and changed
files only, records a failure as the document's error (parsed again next time), and commits
every few dozen documents, so a killed run loses nothing it had committed. Needs the
``archive`` extra: ``pip install 'vn_directive_nlp[archive]'``.
"""

from __future__ import annotations

import datetime as _dt
import os
import pathlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..errors import MissingExtraError, VnDirectiveError
from ..readers.pdf import DEFAULT_OCR
from . import links as _links
from .rows import document_rows, notice_of
from .schema import DOCUMENT_TABLES, TABLES, create_statements, quoted


class ArchiveError(VnDirectiveError):
    """The archive cannot be opened or asked (a locked or foreign file, a query that would write)."""


class MissingArchiveExtraError(MissingExtraError):
    """duckdb / pyarrow / pandas / icalendar are not installed (``extra`` is "archive")."""

    def __init__(self, message: str, extra: str = "archive") -> None:
        super().__init__(message, extra)


def _duckdb():
    try:
        import duckdb
        import pandas  # noqa: F401  (answers come as DataFrames)
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise MissingArchiveExtraError(
            f"the archive needs duckdb, pyarrow and pandas ({exc.name} is missing): pip install 'vn_directive_nlp[archive]'"
        ) from exc
    return duckdb


@dataclass
class AddReport:
    """What one ``Archive.add`` did."""

    parsed: int = 0
    failed: int = 0
    unchanged: int = 0
    links: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, "Type: message")


def _pyarrow():
    from ..extras import require

    return require("pyarrow", "archive", "the archive's tables")


def _arrow_type(sql_type: str):
    pa = _pyarrow()

    return {
        "VARCHAR": pa.string(), "INTEGER": pa.int64(), "DATE": pa.date32(), "BOOLEAN": pa.bool_(),
        "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
    }[sql_type]


def arrow_table(table: str, rows: list[tuple]):
    """``rows`` (tuples in schema order) as a pyarrow Table with the schema's types."""
    pa = _pyarrow()

    columns = TABLES[table]
    data = list(zip(*rows)) if rows else [()] * len(columns)
    return pa.table({name: pa.array(list(values), type=_arrow_type(t)) for (name, t, _), values in zip(columns, data)})


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Absolute paths of the documents named by files, directories and globs (as ``batch`` takes them)."""
    from ..cli import expand_inputs

    found, _ = expand_inputs([os.fspath(p) for p in paths])
    return list(dict.fromkeys(os.path.abspath(p) for p in found))


class Archive:
    """One DuckDB file holding the tables of :mod:`.schema` (see the module doc)."""

    def __init__(self, path: str | os.PathLike = "archive.duckdb", *, read_only: bool = False) -> None:
        duckdb = _duckdb()
        self.path = os.fspath(path)
        self.read_only = read_only
        if read_only and not os.path.exists(self.path):
            raise ArchiveError(f"{self.path}: no such archive (build it with 'vn-directive index')")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise ArchiveError(f"{self.path}: cannot open the archive ({str(exc).splitlines()[0]})") from exc
        if not read_only:
            for statement in create_statements():
                self.con.execute(statement)

    # ------------------------------------------------------------------ ingest
    def add(
        self, paths: Iterable[str | os.PathLike], *, workers: int | None = None, ocr: str = DEFAULT_OCR,
        commit_every: int = 64, on_commit: Callable[[int, int], None] | None = None,
        as_of: _dt.date | str | None = None,
    ) -> AddReport:
        """Parse and store the new and changed documents among ``paths``; rebuild the links.

        ``as_of`` (a date or "YYYY-MM-DD") names the agencies of documents without a date as on
        that day, as in ``parse_text``; given, it also parses again the stored documents that
        have no date, so that they take it (dated documents keep their own date's names).

        >>> Archive("archive.duckdb").add(["letters/"], as_of="2025-06-30")  # doctest: +SKIP
        """
        from ..batch import parse_many
        from ..pipeline import _as_date

        as_of = _as_date(as_of) if as_of is not None else None  # a bad one fails before any parse
        started, report = time.perf_counter(), AddReport()
        todo = self._changed(paths, report, reparse_undated=as_of is not None)
        pending, last = [], time.monotonic()
        results = parse_many((pathlib.Path(p) for p in todo), workers=workers, ocr=ocr, ordered=False,
                             serialize=document_rows, as_of=as_of)
        for result in results:
            pending.append(result.payload)
            report.parsed += 1
            if not result.ok:
                report.failed += 1
                err = result.error or {}
                report.errors.append((result.input, f"{err.get('type')}: {err.get('message')}"))
            if len(pending) >= commit_every or time.monotonic() - last > 2.0:
                self._commit(pending)
                pending, last = [], time.monotonic()
                if on_commit:
                    on_commit(report.parsed, len(todo))
        if pending:
            self._commit(pending)
            if on_commit:
                on_commit(report.parsed, len(todo))
        report.links = self.relink()
        report.seconds = time.perf_counter() - started
        return report

    def _changed(self, paths: Iterable[str | os.PathLike], report: AddReport, reparse_undated: bool) -> list[str]:
        """The documents among ``paths`` to parse: new, changed, failed before, and (when
        ``reparse_undated``) stored without a date; the others are counted as unchanged."""
        from ..batch import file_sha256

        # Undated: no year, or the parse's warning that names were kept as written (an article
        # whose year is only guessed has a year but no day to name its bodies by).
        known = {d: (sha, status, undated) for d, sha, status, undated in self.con.execute(
            "SELECT doc_id, sha256, status, year IS NULL OR list_bool_or([w LIKE '%no date%as_of%' FOR w IN "
            "coalesce(warnings, [])]) FROM documents").fetchall()}
        todo = []
        for path in expand_paths(paths):
            try:
                sha = file_sha256(path)
            except OSError:
                sha = None
            stored = known.get(path)
            if sha is not None and stored is not None and stored[:2] == (sha, "ok") and not (reparse_undated and stored[2]):
                report.unchanged += 1
            else:
                todo.append(path)
        return todo

    def _commit(self, batch: list[dict[str, list[tuple]]]) -> None:
        """Replace the rows of these documents in one transaction."""
        ids = arrow_table("documents", [r for rows in batch for r in rows["documents"]]).select(["doc_id"])
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_ids", ids)
            for table in DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {quoted(table)} WHERE doc_id IN (SELECT doc_id FROM _ids)")
                rows = [r for doc in batch for r in doc.get(table, ())]
                if rows:
                    con.register("_new", arrow_table(table, rows))
                    con.execute(f"INSERT INTO {quoted(table)} SELECT * FROM _new")
                    con.unregister("_new")
            con.unregister("_ids")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def relink(self) -> dict[str, int]:
        """Recompute the ``links`` table; the count per relation."""
        return _links.rebuild(self.con)

    # ------------------------------------------------------------------ ask
    def sql(self, query: str, params: list | None = None):
        """Run one read-only SQL query; a pandas DataFrame.

        >>> Archive("archive.duckdb").sql("SELECT count(*) AS n FROM documents")  # doctest: +SKIP
        """
        statements = self.con.extract_statements(query)
        kinds = {s.type.name for s in statements}
        if len(statements) != 1 or kinds - {"SELECT", "EXPLAIN"}:
            raise ArchiveError(f"Archive.sql runs one read-only query (SELECT); got {', '.join(sorted(kinds)) or 'nothing'}")
        return self.con.execute(query, params or []).df()

    def tasks(self, **filters):
        """The tasks (one row per assignment) matching ``filters``; a pandas DataFrame.

        Filters: ``agency``, ``include_predecessors``, ``due_before``, ``due_after``, ``as_of``
        (default today), ``overdue``, ``kind`` — see :func:`.tasks.task_query`.
        """
        from .tasks import task_query

        query, params = task_query(**filters)
        return self.con.execute(query, params).df()

    def notice(self, doc_id: str):
        """The stored Notice of a document (``documents.doc_id``)."""
        row = self.con.execute("SELECT text, notice_json FROM documents WHERE doc_id = ? AND status = 'ok'", [doc_id]).fetchone()
        if row is None:
            raise ArchiveError(f"{doc_id}: not an indexed document")
        return notice_of(*row)

    def write_parquet(self, directory: str | os.PathLike) -> dict[str, int]:
        """Write every table as a Parquet dataset partitioned by year (``DIR/table/year=YYYY/*.parquet``)."""
        from .parquet import write_dataset

        return write_dataset(self.con, directory)

    def import_parquet(self, directory: str | os.PathLike) -> dict[str, int]:
        """Load a dataset written by ``write_parquet`` or the Dask path (its documents replace
        the archive's rows of the same documents), then rebuild the links."""
        from .parquet import read_table

        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            docs = read_table(con, directory, "documents")
            con.execute("CREATE OR REPLACE TEMP TABLE _ids AS SELECT DISTINCT doc_id FROM docs")
            for table in DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {quoted(table)} WHERE doc_id IN (SELECT doc_id FROM _ids)")
                new = read_table(con, directory, table)  # noqa: F841  (read by name below)
                con.execute(f"INSERT INTO {quoted(table)} SELECT * FROM new")
            con.execute("DROP TABLE _ids")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return self.relink()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["Archive", "ArchiveError", "AddReport", "MissingArchiveExtraError", "TABLES"]
