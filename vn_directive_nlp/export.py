"""Flat tables for analysts: one row per document, or one per (assignment, agency).

>>> from vn_directive_nlp import parse_many
>>> from vn_directive_nlp.export import open_writer
>>> with open_writer("out.csv", table="assignments") as out:  # doctest: +SKIP
...     for result in parse_many(["a.txt", "b.pdf"]):
...         out.write(result)

Formats, chosen by the suffix of the output path:

* ``.jsonl`` — ``table="notices"`` (the default) writes the whole Notice per line plus
  ``status``/``input``/``sha256``/``seconds``; ``table="assignments"`` writes the flat rows.
* ``.csv`` — UTF-8 with BOM, ``csv`` module quoting, one physical line per row (line breaks
  inside cells become spaces), so a spreadsheet opens it cleanly.
* ``.parquet`` — needs the ``parquet`` extra (pyarrow). Rows go to a journal
  (``OUT.partial.jsonl``) as they come and the Parquet file is written on ``close()``.

Every writer appends one input's rows with a single write and flushes, so a killed run
loses nothing that had finished; ``resume=True`` keeps the file and reports in ``seen``
the sha256 of every input already in it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
from typing import Any, Iterable

from .batch import BatchResult
from .models import Notice

TABLES = ("notices", "assignments")
FORMATS = (".jsonl", ".csv", ".parquet")

# Columns of ``table="notices"``; types drive the Parquet schema (CSV/JSONL keep ISO strings).
NOTICE_COLUMNS: dict[str, str] = {
    "status": "str", "error_type": "str", "error_message": "str",
    "input": "str", "source_path": "str", "sha256": "str", "format": "str", "pages": "int",
    "kind": "str", "number": "str", "doc_type": "str", "issuer": "str", "place": "str",
    "issued_date": "date", "title": "str", "meeting_date": "date", "presiding": "str",
    "signer": "str", "recipients": "str", "reports": "str",
    "n_segments": "int", "n_assignments": "int", "n_references": "int", "n_warnings": "int",
    "references": "str", "warnings": "str", "seconds": "float",
}

# Columns of ``table="assignments"``: one row per (assignment, agency, role).
ASSIGNMENT_COLUMNS: dict[str, str] = {
    "status": "str", "error_type": "str", "error_message": "str",
    "input": "str", "source_path": "str", "sha256": "str",
    "number": "str", "issued_date": "date", "kind": "str",
    "segment": "str", "assignment_id": "str",
    "agency": "str", "agency_surface": "str", "agency_kind": "str", "role": "str", "inherited": "bool",
    "deadline_kind": "str", "deadline_date": "date", "deadline_recurrence": "str", "deadline_text": "str",
    "deadlines": "str", "references": "str", "text": "str",
}

COLUMNS = {"notices": NOTICE_COLUMNS, "assignments": ASSIGNMENT_COLUMNS}
JOIN = "; "


class MissingExtraError(ImportError):
    """An optional dependency needed for this output is not installed."""


# --------------------------------------------------------------------------- rows


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _base_row(result: BatchResult) -> dict[str, Any]:
    notice = result.notice
    source_path = notice.source.path if notice is not None and notice.source.path else None
    if source_path is None and not result.input.startswith("<text>"):
        source_path = result.input
    error = result.error or {}
    return {
        "status": result.status,
        "error_type": error.get("type"),
        "error_message": error.get("message"),
        "input": result.input,
        "source_path": source_path,
        "sha256": result.sha256,
    }


def _deadline_summary(deadline) -> str:
    """ "before 2024-05-15: trước ngày 15/5/2024" — kind, date or recurrence, text as written."""
    when = _iso(deadline.date) or deadline.recurrence
    head = f"{deadline.kind} {when}" if when else deadline.kind
    return f"{head}: {deadline.text}"


def notice_row(result: BatchResult) -> dict[str, Any]:
    """The ``notices`` row of one result (metadata and counts; error columns on failure)."""
    row = dict.fromkeys(NOTICE_COLUMNS)
    row.update(_base_row(result))
    row["seconds"] = result.seconds
    notice: Notice | None = result.notice
    if notice is None:
        return row
    meta = notice.metadata
    row.update(
        format=notice.source.format,
        pages=notice.source.pages,
        kind=notice.kind,
        number=meta.number,
        doc_type=meta.doc_type,
        issuer=meta.issuer,
        place=meta.place,
        issued_date=_iso(meta.issued_date),
        title=meta.title,
        meeting_date=_iso(meta.meeting_date),
        presiding=JOIN.join(meta.presiding),
        signer=meta.signer,
        recipients=JOIN.join(meta.recipients),
        reports=meta.reports,
        n_segments=len(notice.segments),
        n_assignments=len(notice.assignments),
        n_references=len(notice.references),
        n_warnings=len(notice.warnings),
        references=JOIN.join(r.number or r.text for r in notice.references),
        warnings=JOIN.join(notice.warnings),
    )
    return row


def assignment_rows(result: BatchResult) -> list[dict[str, Any]]:
    """The ``assignments`` rows of one result: one per (assignment, lead or coordinating agency).

    An assignment with no agency at all still gets one row (empty ``agency``); a failed
    input gets one row carrying its error; a notice without assignments gets none.
    """
    base = _base_row(result)
    notice = result.notice
    if notice is None:
        row = dict.fromkeys(ASSIGNMENT_COLUMNS)
        row.update(base)
        return [row]
    rows = []
    for asg in notice.assignments:
        first = asg.deadlines[0] if asg.deadlines else None
        common = dict.fromkeys(ASSIGNMENT_COLUMNS)
        common.update(base)
        common.update(
            number=notice.metadata.number,
            issued_date=_iso(notice.metadata.issued_date),
            kind=notice.kind,
            segment=asg.segment,
            assignment_id=asg.id,
            deadline_kind=first.kind if first else None,
            deadline_date=_iso(first.date) if first else None,
            deadline_recurrence=first.recurrence if first else None,
            deadline_text=first.text if first else None,
            deadlines=JOIN.join(_deadline_summary(d) for d in asg.deadlines),
            references=JOIN.join(asg.references),
            text=asg.text,
        )
        roles = [("lead", a) for a in asg.lead] + [("coordinating", a) for a in asg.coordinating]
        if not roles:
            rows.append(common)
        for role, agency in roles:
            row = dict(common)
            row.update(
                agency=agency.name,
                agency_surface=agency.surface,
                agency_kind=agency.kind,
                role=role,
                inherited=agency.inherited,
            )
            rows.append(row)
    return rows


def jsonl_record(result: BatchResult) -> dict[str, Any]:
    """The ``.jsonl`` notices line: status fields then the whole Notice (or the error)."""
    record: dict[str, Any] = {
        "status": result.status,
        "input": result.input,
        "sha256": result.sha256,
        "seconds": result.seconds,
    }
    if result.notice is not None:
        record.update(result.notice.model_dump(mode="json"))
    else:
        record["error"] = result.error
    return record


def rows_for(result: BatchResult, table: str) -> list[dict[str, Any]]:
    """The flat rows of one result for ``table`` ("notices" or "assignments")."""
    if table == "notices":
        return [notice_row(result)]
    if table == "assignments":
        return assignment_rows(result)
    raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")


# --------------------------------------------------------------------------- writers


def _truncate_partial_line(path: pathlib.Path) -> None:
    """Drop a last line a killed run left unfinished, so appended rows start on a new line."""
    with open(path, "rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        block = 1 << 16
        pos = size
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            data = fh.read(pos - start)
            cut = data.rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return
            pos = start
        fh.truncate(0)


def _jsonl_seen(path: pathlib.Path) -> set[str]:
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                sha = json.loads(line).get("sha256")
            except (ValueError, AttributeError):
                continue
            if sha:
                seen.add(sha)
    return seen


class _Writer:
    """Base writer: ``write(result)`` appends its rows at once and flushes."""

    def __init__(self, path: pathlib.Path, table: str, resume: bool) -> None:
        self.path = path
        self.table = table
        self.columns = list(COLUMNS[table])
        self.seen: set[str] = set()
        self.rows_written = 0

    def write(self, result: BatchResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class JsonlWriter(_Writer):
    """One JSON object per line: the Notice (table "notices") or flat rows ("assignments")."""

    def __init__(self, path, table, resume):
        super().__init__(path, table, resume)
        if resume and path.exists():
            _truncate_partial_line(path)
            self.seen = _jsonl_seen(path)
        self._fh = open(path, "a" if resume else "w", encoding="utf-8", newline="\n")

    def write(self, result: BatchResult) -> None:
        records = [jsonl_record(result)] if self.table == "notices" else rows_for(result, self.table)
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        self._fh.write(lines)
        self._fh.flush()
        self.rows_written += len(records)

    def close(self) -> None:
        self._fh.close()


# A cell a spreadsheet would run as a formula ("- Bộ Tài chính…", "=1+1", "+ Các bộ…").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return value
    value = " ".join(value.splitlines()) if ("\n" in value or "\r" in value) else value
    # Prefix a quote so Excel/LibreOffice show the text instead of evaluating it (OWASP advice).
    return "'" + value if value.startswith(_FORMULA_START) else value


class CsvWriter(_Writer):
    """UTF-8 with BOM, header row, one physical line per row."""

    def __init__(self, path, table, resume):
        super().__init__(path, table, resume)
        existing = resume and path.exists() and path.stat().st_size > 0
        if existing:
            _truncate_partial_line(path)
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, None)
                if header and header != self.columns:
                    raise ValueError(f"{path} holds another table (columns {header[:4]}…); cannot resume into it")
                col = self.columns.index("sha256")
                self.seen = {r[col] for r in reader if len(r) > col and r[col]}
            existing = header is not None
        self._fh = open(path, "a" if resume else "w", encoding="utf-8", newline="")
        if not existing:
            self._fh.write("\ufeff")
            self._emit([self.columns])

    def _emit(self, rows: list[list]) -> None:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        self._fh.write(buf.getvalue())
        self._fh.flush()

    def write(self, result: BatchResult) -> None:
        rows = rows_for(result, self.table)
        self._emit([[_csv_cell(r[c]) for c in self.columns] for r in rows])
        self.rows_written += len(rows)

    def close(self) -> None:
        self._fh.close()


def _require_pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(
            "writing Parquet needs pyarrow: pip install 'vn_directive_nlp[parquet]'"
        ) from exc
    return pyarrow


def _arrow_schema(table: str):
    pa = _require_pyarrow()
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS[table].items()])


def _arrow_value(value, kind):
    if value is None or kind != "date":
        return value
    import datetime as dt

    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class ParquetWriter(_Writer):
    """Rows journal to ``OUT.partial.jsonl`` as they come; ``close()`` writes ``OUT``."""

    def __init__(self, path, table, resume):
        super().__init__(path, table, resume)
        self.schema = _arrow_schema(table)
        self.journal = path.with_name(path.name + ".partial.jsonl")
        self._previous = None
        if resume and path.exists():
            import pyarrow.parquet as pq

            self._previous = pq.read_table(path)
            if self._previous.schema.names != self.columns:
                raise ValueError(f"{path} holds another table; cannot resume into it")
            self.seen = {s for s in self._previous.column("sha256").to_pylist() if s}
        if resume and self.journal.exists():
            _truncate_partial_line(self.journal)
            self.seen |= _jsonl_seen(self.journal)
        self._fh = open(self.journal, "a" if resume else "w", encoding="utf-8", newline="\n")

    def write(self, result: BatchResult) -> None:
        rows = rows_for(result, self.table)
        self._fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        self._fh.flush()
        self.rows_written += len(rows)

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._fh.close()
        kinds = COLUMNS[self.table]
        with open(self.journal, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        cols = {c: [_arrow_value(r.get(c), kinds[c]) for r in rows] for c in self.columns}
        fresh = pa.table(cols, schema=self.schema)
        table = pa.concat_tables([self._previous, fresh]) if self._previous is not None else fresh
        tmp = self.path.with_name(self.path.name + ".tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, self.path)
        self.journal.unlink()


def open_writer(path: str | os.PathLike, table: str | None = None, *, resume: bool = False) -> _Writer:
    """A writer for ``path`` chosen by its suffix (``.jsonl``, ``.csv``, ``.parquet``).

    Raises ``ValueError`` for an unknown suffix or table, :class:`MissingExtraError`
    for Parquet without pyarrow.
    """
    path = pathlib.Path(path)
    table = table or "notices"
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    suffix = path.suffix.lower()
    writers = {".jsonl": JsonlWriter, ".csv": CsvWriter, ".parquet": ParquetWriter}
    if suffix not in writers:
        raise ValueError(f"output must end in {', '.join(FORMATS)}; got {path.name!r}")
    return writers[suffix](path, table, resume)


def write_results(results: Iterable[BatchResult], path: str | os.PathLike, table: str | None = None) -> int:
    """Write every result to ``path``; returns the number of rows written."""
    with open_writer(path, table) as out:
        for result in results:
            out.write(result)
        return out.rows_written
