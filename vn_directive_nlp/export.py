"""Flat tables for analysts: one row per document, per assignment, or per (assignment, agency).

>>> from vn_directive_nlp import parse_many
>>> from vn_directive_nlp.export import open_writer
>>> with open_writer("out.csv", table="assignments") as out:  # doctest: +SKIP
...     for result in parse_many(["a.txt", "b.pdf"]):
...         out.write(result)

Formats, chosen by the suffix of the output path:

* ``.jsonl`` — ``table="notices"`` (the default) writes the whole Notice per line plus
  ``status``/``input``/``sha256``/``seconds``; the other tables write their flat rows.
* ``.csv`` — UTF-8 with BOM, ``csv`` module quoting, one physical line per row (line breaks
  inside cells become spaces), so a spreadsheet opens it cleanly.
* ``.parquet`` — needs the ``parquet`` extra (pyarrow). Rows go to a journal
  (``OUT.partial.jsonl``) as they come and the Parquet file is written on ``close()``.

Tables: ``notices`` (one row per document), ``assignments`` (one per assignment, its ``lead`` and
``coordinating`` agencies as lists) and ``agencies`` (one per assignment, agency and role). List
columns (agencies, presiding, recipients, deadlines, references, warnings) are ``list<string>``
in Parquet, JSON arrays in JSONL and their items joined with ``"; "`` in CSV.

Every writer commits one input's rows whole (:mod:`vn_directive_nlp.records`): a killed
run loses nothing that had finished, a full disk leaves no torn line, and a second writer
on the same file is refused. ``resume=True`` keeps the file and reports in ``seen`` the
inputs already in it.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import pathlib
from typing import Any, Iterable

from .batch import BatchResult
from .errors import MissingExtraError
from .extras import require
from .models import Notice
from .records import OutputLockedError, OutputWriteError, RecordFile, csv_key, jsonl_key  # noqa: F401

TABLES = ("notices", "assignments", "agencies")
FORMATS = (".jsonl", ".csv", ".parquet")

# Column types drive the Parquet schema: "list" is list<string> there, a JSON array in JSONL and
# the items joined with "; " in CSV; dates are ISO strings in CSV/JSONL.
NOTICE_COLUMNS: dict[str, str] = {
    "status": "str", "error_type": "str", "error_message": "str",
    "input": "str", "source_path": "str", "sha256": "str", "format": "str", "pages": "int",
    "kind": "str", "number": "str", "doc_type": "str", "issuer": "str", "place": "str",
    "issued_date": "date", "title": "str", "meeting_date": "date", "presiding": "list",
    "signer": "str", "recipients": "list", "reports": "str",
    "n_segments": "int", "n_assignments": "int", "n_references": "int", "n_warnings": "int",
    "references": "list", "warnings": "list", "seconds": "float",
}

# Columns of ``table="assignments"``: one row per assignment, its agencies as lists.
ASSIGNMENT_COLUMNS: dict[str, str] = {
    "status": "str", "error_type": "str", "error_message": "str",
    "input": "str", "source_path": "str", "sha256": "str",
    "number": "str", "issued_date": "date", "kind": "str",
    "segment": "str", "assignment_id": "str", "lead": "list", "coordinating": "list",
    "deadline_kind": "str", "deadline_date": "date", "deadline_recurrence": "str", "deadline_text": "str",
    "deadlines": "list", "references": "list", "text": "str",
}

# Columns of ``table="agencies"``: one row per (assignment, agency, role).
AGENCY_COLUMNS: dict[str, str] = {
    "status": "str", "error_type": "str", "error_message": "str",
    "input": "str", "source_path": "str", "sha256": "str",
    "number": "str", "issued_date": "date", "kind": "str",
    "segment": "str", "assignment_id": "str",
    "agency": "str", "agency_surface": "str", "agency_kind": "str", "role": "str", "inherited": "bool",
    "deadline_kind": "str", "deadline_date": "date", "deadline_recurrence": "str", "deadline_text": "str",
    "deadlines": "list", "references": "list", "text": "str",
}

COLUMNS = {"notices": NOTICE_COLUMNS, "assignments": ASSIGNMENT_COLUMNS, "agencies": AGENCY_COLUMNS}
JOIN = "; "  # between the items of a list column in CSV


# --------------------------------------------------------------------------- rows


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _base_row(result: BatchResult, columns: dict[str, str]) -> dict[str, Any]:
    """A row of ``columns`` with the input's status, error, path and hash filled in."""
    notice = result.notice
    source_path = notice.source.path if notice is not None and notice.source.path else None
    if source_path is None and not result.input.startswith("<text>"):
        source_path = result.input
    error = result.error or {}
    row = dict.fromkeys(columns)
    row.update(status=result.status, error_type=error.get("type"), error_message=error.get("message"),
               input=result.input, source_path=source_path, sha256=result.sha256)
    return row


def _deadline_summary(deadline) -> str:
    """ "before 2024-05-15: trước ngày 15/5/2024" — kind, date or recurrence, text as written."""
    when = _iso(deadline.date) or deadline.recurrence
    head = f"{deadline.kind} {when}" if when else deadline.kind
    return f"{head}: {deadline.text}"


def notice_row(result: BatchResult) -> dict[str, Any]:
    """The ``notices`` row of one result (metadata and counts; error columns on failure)."""
    row = _base_row(result, NOTICE_COLUMNS)
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
        presiding=list(meta.presiding),
        signer=meta.signer,
        recipients=list(meta.recipients),
        reports=meta.reports,
        n_segments=len(notice.segments),
        n_assignments=len(notice.assignments),
        n_references=len(notice.references),
        n_warnings=len(notice.warnings),
        references=[r.number or r.text for r in notice.references],
        warnings=list(notice.warnings),
    )
    return row


def _assignment_fields(notice: Notice, asg) -> dict[str, Any]:
    """The columns an assignment gives both flat tables (document, segment, deadlines, text)."""
    first = asg.deadlines[0] if asg.deadlines else None
    return dict(
        number=notice.metadata.number,
        issued_date=_iso(notice.metadata.issued_date),
        kind=notice.kind,
        segment=asg.segment,
        assignment_id=asg.id,
        deadline_kind=first.kind if first else None,
        deadline_date=_iso(first.date) if first else None,
        deadline_recurrence=first.recurrence if first else None,
        deadline_text=first.text if first else None,
        deadlines=[_deadline_summary(d) for d in asg.deadlines],
        references=list(asg.references),
        text=asg.text,
    )


def _placeholder(result: BatchResult, columns: dict[str, str]) -> list[dict[str, Any]]:
    """The one row of a failed input, or of a notice without assignments (empty ``assignment_id``)."""
    row = _base_row(result, columns)
    notice = result.notice
    if notice is not None:
        row.update(number=notice.metadata.number, issued_date=_iso(notice.metadata.issued_date), kind=notice.kind)
    return [row]


def assignment_rows(result: BatchResult) -> list[dict[str, Any]]:
    """The ``assignments`` rows of one result: one per assignment, ``lead`` and ``coordinating``
    as lists of names.

    A failed input gets one row carrying its error; a notice without assignments gets one row
    with empty ``assignment_id`` — every document is in the table, none disappears silently.
    """
    notice = result.notice
    if notice is None or not notice.assignments:
        return _placeholder(result, ASSIGNMENT_COLUMNS)
    rows = []
    for asg in notice.assignments:
        row = _base_row(result, ASSIGNMENT_COLUMNS)
        row.update(_assignment_fields(notice, asg), lead=[a.name for a in asg.lead],
                   coordinating=[a.name for a in asg.coordinating])
        rows.append(row)
    return rows


def agency_rows(result: BatchResult) -> list[dict[str, Any]]:
    """The ``agencies`` rows of one result: one per (assignment, lead or coordinating agency).

    An assignment with no agency at all still gets one row (empty ``agency``); a failed input
    or a notice without assignments gets one row, as in :func:`assignment_rows`.
    """
    notice = result.notice
    if notice is None or not notice.assignments:
        return _placeholder(result, AGENCY_COLUMNS)
    rows = []
    for asg in notice.assignments:
        common = _base_row(result, AGENCY_COLUMNS)
        common.update(_assignment_fields(notice, asg))
        roles = [("lead", a) for a in asg.lead] + [("coordinating", a) for a in asg.coordinating]
        if not roles:
            rows.append(common)
        for role, agency in roles:
            rows.append(common | dict(agency=agency.name, agency_surface=agency.surface, agency_kind=agency.kind,
                                      role=role, inherited=agency.inherited))
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
    """The flat rows of one result for ``table`` ("notices", "assignments" or "agencies")."""
    if table == "notices":
        return [notice_row(result)]
    if table == "assignments":
        return assignment_rows(result)
    if table == "agencies":
        return agency_rows(result)
    raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")


# --------------------------------------------------------------------------- writers


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _notice_line(result: BatchResult, compact: bool) -> str:
    """The notices-table JSONL line: status fields then the Notice (spliced, not re-encoded)."""
    if result.notice is None:
        return _json_line(jsonl_record(result))
    head = {"status": result.status, "input": result.input, "sha256": result.sha256, "seconds": result.seconds}
    if compact:
        from .compact import compact_json

        body = compact_json(result.notice)
    else:
        body = result.notice.model_dump_json()
    return json.dumps(head, ensure_ascii=False)[:-1] + ", " + body[1:] + "\n"


# A cell a spreadsheet would run as a formula ("- Bộ Tài chính…", "=1+1", "+ Các bộ…").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):  # a list column: its items joined, one cell
        value = JOIN.join(map(str, value))
    if not isinstance(value, str):
        return value
    value = " ".join(value.splitlines()) if ("\n" in value or "\r" in value) else value
    # Prefix a quote so Excel/LibreOffice show the text instead of evaluating it (OWASP advice).
    return "'" + value if value.startswith(_FORMULA_START) else value


#: Field separators a CSV may use: "," by default; ";" is what Excel expects under a Vietnamese
#: (or any decimal-comma) locale, where a "," file opens as one column.
CSV_SEPARATORS = (",", ";", "\t", "|")


def _csv_text(rows: list[list], sep: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", delimiter=sep).writerows(rows)
    return buf.getvalue()


def encode_lines(result: BatchResult, suffix: str, table: str, compact: bool = False, csv_sep: str = ",") -> bytes:
    """The bytes one input adds to an output of this suffix and table (what a batch worker sends back).

    ``.jsonl`` notices: one line with the whole Notice (``compact=True``: the compact form of
    :mod:`vn_directive_nlp.compact`); flat tables: one JSON line (``.jsonl``, and the
    ``.parquet`` journal) or CSV line per row.
    """
    if suffix == ".jsonl" and table == "notices":
        return _notice_line(result, compact).encode("utf-8")
    rows = rows_for(result, table)
    if suffix == ".csv":
        columns = list(COLUMNS[table])
        return _csv_text([[_csv_cell(r[c]) for c in columns] for r in rows], csv_sep).encode("utf-8")
    return "".join(_json_line(r) for r in rows).encode("utf-8")


class _Writer:
    """Base writer: ``write(result)`` commits the input's rows at once (see :mod:`records`).

    ``seen`` holds the inputs already in the file on ``resume=True``; error records of the
    inputs in ``retry`` are dropped so that they are parsed again and written once.
    """

    suffix = ""

    def __init__(self, path: pathlib.Path, table: str, resume: bool, retry=None, compact: bool = False,
                 csv_sep: str = ",") -> None:
        self.path = path
        self.table = table
        self.compact = compact
        self.csv_sep = csv_sep
        self.columns = list(COLUMNS[table])
        self.rows_written = 0
        self.records: RecordFile | None = None

    @property
    def seen(self) -> set[str]:
        return self.records.seen if self.records is not None else set()

    def serializer(self):
        """A picklable ``result -> bytes`` for ``parse_many(serialize=...)``: the worker encodes."""
        return functools.partial(encode_lines, suffix=self.suffix, table=self.table, compact=self.compact,
                                 csv_sep=self.csv_sep)

    def write(self, result: BatchResult) -> None:
        """Commit ``result`` (already encoded when ``result.payload`` holds bytes)."""
        data = result.payload if isinstance(result.payload, bytes) else encode_lines(
            result, self.suffix, self.table, self.compact, self.csv_sep
        )
        if self.records is None:
            raise TypeError(f"{type(self).__name__} opened no record file (a subclass of _Writer opens one)")
        self.records.commit(data)
        self.rows_written += data.count(b"\n")

    def close(self) -> None:
        if self.records is not None:
            self.records.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class JsonlWriter(_Writer):
    """One JSON object per line: the Notice (table "notices") or flat rows ("assignments")."""

    suffix = ".jsonl"

    def __init__(self, path, table, resume, retry=None, compact=False):
        super().__init__(path, table, resume, retry, compact)
        self.records = RecordFile(path, key=jsonl_key, resume=resume, retry=retry, grouped=table != "notices")


class CsvWriter(_Writer):
    """UTF-8 with BOM, header row, one physical line per row."""

    suffix = ".csv"

    def __init__(self, path, table, resume, retry=None, compact=False, csv_sep=","):
        super().__init__(path, table, resume, retry, compact, csv_sep)
        if resume and path.exists() and path.stat().st_size > 0:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                header = next(csv.reader(fh, delimiter=csv_sep), None)
            if header and header != self.columns:
                raise ValueError(f"{path} holds another table (columns {header[:4]}…); cannot resume into it")
        head = ("\ufeff" + _csv_text([self.columns], csv_sep)).encode("utf-8")
        self.records = RecordFile(path, key=csv_key(self.columns, csv_sep), resume=resume, retry=retry, header=head)


def _require_pyarrow():
    require("pyarrow.parquet", "parquet", "writing Parquet")
    return require("pyarrow", "parquet", "writing Parquet")


def _arrow_schema(table: str):
    pa = _require_pyarrow()
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
             "list": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS[table].items()])


def _arrow_value(value, kind):
    if value is None or kind != "date":
        return value
    import datetime as dt

    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class ParquetWriter(_Writer):
    """Rows journal to ``OUT.partial.jsonl`` as they come; ``close()`` writes ``OUT``."""

    suffix = ".parquet"

    def __init__(self, path, table, resume, retry=None, compact=False):
        super().__init__(path, table, resume, retry, compact)
        self.schema = _arrow_schema(table)
        self.journal = path.with_name(path.name + ".partial.jsonl")
        self._previous = None
        previous_seen: set[str] = set()
        if resume and path.exists():
            import pyarrow.compute as pc
            import pyarrow.parquet as pq

            previous = pq.read_table(path)
            if not previous.schema.equals(self.schema):
                raise ValueError(f"{path} holds another table (or an older layout of it); cannot resume into it")
            retried = pc.and_(pc.equal(previous.column("status"), "error"),
                              pc.is_in(previous.column("input"), value_set=_arrow_strings(retry)))
            self._previous = previous.filter(pc.invert(pc.fill_null(retried, False)))
            previous_seen = set(self._previous.column("input").to_pylist())
        self.records = RecordFile(self.journal, key=jsonl_key, resume=resume, retry=retry, grouped=table != "notices")
        self.records.seen |= previous_seen

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.records is None or self.records.closed:
            return
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
        self.records.close()


def _arrow_strings(values):
    import pyarrow as pa

    return pa.array(sorted(values or ()), type=pa.string())


def open_writer(
    path: str | os.PathLike, table: str | None = None, *, resume: bool = False,
    retry: set[str] | None = None, compact: bool = False, csv_sep: str = ",",
) -> _Writer:
    """A writer for ``path`` chosen by its suffix (``.jsonl``, ``.csv``, ``.parquet``).

    ``resume=True`` keeps what the file holds (``writer.seen``: its inputs) and drops the
    error records of the inputs in ``retry``. ``compact=True`` writes notices in the compact
    form (``.jsonl`` only). ``csv_sep``: the CSV field separator (``";"`` for Excel under a
    Vietnamese locale; see ``CSV_SEPARATORS``). Raises ``ValueError`` for an unknown suffix or table,
    :class:`MissingExtraError` for Parquet without pyarrow, :class:`OutputLockedError` when
    another writer holds the file.
    """
    path = pathlib.Path(path)
    table = table or "notices"
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    suffix = path.suffix.lower()
    writers = {".jsonl": JsonlWriter, ".csv": CsvWriter, ".parquet": ParquetWriter}
    if suffix not in writers:
        raise ValueError(f"output must end in {', '.join(FORMATS)}; got {path.name!r}")
    if compact and (suffix != ".jsonl" or table != "notices"):
        raise ValueError("the compact form is for the notices table in .jsonl")
    if csv_sep not in CSV_SEPARATORS:
        raise ValueError(f"csv separator must be one of {CSV_SEPARATORS}; got {csv_sep!r}")
    if csv_sep != ",":
        if suffix != ".csv":
            raise ValueError("a CSV separator applies to .csv output only")
        return CsvWriter(path, table, resume, retry, compact, csv_sep)
    return writers[suffix](path, table, resume, retry, compact)


def write_results(results: Iterable[BatchResult], path: str | os.PathLike, table: str | None = None) -> int:
    """Write every result to ``path``; returns the number of rows written."""
    with open_writer(path, table) as out:
        for result in results:
            out.write(result)
        return out.rows_written
