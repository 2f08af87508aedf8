"""Tables for analysts: documents, assignments, agencies and references of many results.

>>> from vn_directive_nlp import parse_text
>>> t = table_rows([parse_text("Số: 5/TB-VPCP\\n1. Giao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp.")])
>>> [r["n_assignments"] for r in t["documents"]], [r["lead"] for r in t["assignments"]]
([1], [['Bộ Tài chính']])

Every document is in every table, keyed by ``document`` (its position in the input): one with
no assignment, agency or reference gets one row there whose other columns are empty
(``assignment_id`` None), so a join never drops a document silently; a failed input
(a ``BatchResult`` with an error) is a ``documents`` row with ``status`` "error".
``assignments`` has one row per assignment, its agencies, deadlines and references as list
columns; ``agencies`` one row per (assignment, agency, role). :func:`to_pandas` gives them as
DataFrames (``pandas`` extra), :func:`to_arrow` as typed pyarrow Tables (``parquet`` extra: list
columns stay ``list<string>`` in Parquet); for Excel with a Vietnamese locale write CSV with
``df.to_csv(path, sep=";", index=False, encoding="utf-8-sig")``.
"""

from __future__ import annotations

from typing import Any, Iterable

from .models import Notice

TABLES = ("documents", "assignments", "agencies", "references")


def _document_row(i: int, notice: Notice | None, status: str, error: dict | None, label: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {"document": i, "status": status, "input": label,
                           "error": (f"{error['type']}: {error['message']}" if error else None)}
    if notice is None:
        return row | dict.fromkeys(("path", "sha256", "kind", "number", "doc_type", "issuer", "issued_date",
                                    "meeting_date", "title", "n_segments", "n_assignments", "n_agencies",
                                    "n_references", "n_warnings", "warnings"))
    m = notice.metadata
    return row | {
        "path": notice.source.path, "sha256": notice.source.sha256, "kind": notice.kind,
        "number": m.number, "doc_type": m.doc_type, "issuer": m.issuer, "issued_date": m.issued_date,
        "meeting_date": m.meeting_date, "title": m.title, "n_segments": len(notice.segments),
        "n_assignments": len(notice.assignments),
        "n_agencies": sum(len(a.lead) + len(a.coordinating) for a in notice.assignments),
        "n_references": len(notice.references), "n_warnings": len(notice.warnings),
        "warnings": list(notice.warnings),
    }


def _assignment_rows(i: int, notice: Notice) -> list[dict[str, Any]]:
    return [{
        "document": i, "number": notice.metadata.number, "assignment_id": a.id, "segment": a.segment,
        "lead": [x.name for x in a.lead], "coordinating": [x.name for x in a.coordinating],
        "deadline_kinds": [d.kind for d in a.deadlines], "deadline_dates": [d.date for d in a.deadlines],
        "deadline_texts": [d.text for d in a.deadlines], "references": list(a.references), "text": a.text,
    } for a in notice.assignments]


def _agency_rows(i: int, notice: Notice) -> list[dict[str, Any]]:
    return [{
        "document": i, "number": notice.metadata.number, "assignment_id": a.id, "role": role,
        "name": x.name, "surface": x.surface, "kind": x.kind, "inherited": x.inherited, "successor": x.successor,
    } for a in notice.assignments for role, group in (("lead", a.lead), ("coordinating", a.coordinating)) for x in group]


def _reference_rows(i: int, notice: Notice) -> list[dict[str, Any]]:
    return [{
        "document": i, "number": notice.metadata.number, "reference": r.number, "doc_type": r.doc_type,
        "date": r.date, "year": r.year, "issuer": r.issuer, "text": r.text,
    } for r in notice.references]


_MAKERS = {"assignments": _assignment_rows, "agencies": _agency_rows, "references": _reference_rows}
# Column types of each table, in column order ("list" = list of strings, "date_list" = of dates):
# the Arrow schema of :func:`to_arrow`, so a list column is typed even where every list is empty.
_TYPES: dict[str, dict[str, str]] = {
    "documents": {"document": "int", "status": "str", "input": "str", "error": "str", "path": "str",
                  "sha256": "str", "kind": "str", "number": "str", "doc_type": "str", "issuer": "str",
                  "issued_date": "date", "meeting_date": "date", "title": "str", "n_segments": "int",
                  "n_assignments": "int", "n_agencies": "int", "n_references": "int", "n_warnings": "int",
                  "warnings": "list"},
    "assignments": {"document": "int", "number": "str", "assignment_id": "str", "segment": "str", "lead": "list",
                    "coordinating": "list", "deadline_kinds": "list", "deadline_dates": "date_list",
                    "deadline_texts": "list", "references": "list", "text": "str"},
    "agencies": {"document": "int", "number": "str", "assignment_id": "str", "role": "str", "name": "str",
                 "surface": "str", "kind": "str", "inherited": "bool", "successor": "str"},
    "references": {"document": "int", "number": "str", "reference": "str", "doc_type": "str", "date": "date",
                   "year": "int", "issuer": "str", "text": "str"},
}
# Columns of each table but "document", for the placeholder row of a document that has no row there.
_COLUMNS = {t: tuple(c for c in _TYPES[t] if c != "document") for t in _MAKERS}


def _unpack(item: Any) -> tuple[Notice | None, str, dict | None, str | None]:
    """(notice, status, error, input label) of a Notice or a ``BatchResult``."""
    if isinstance(item, Notice):
        return item, "ok", None, item.source.path
    notice = getattr(item, "notice", None)
    if notice is None and not hasattr(item, "status"):
        raise TypeError(f"expected a Notice or a BatchResult, got {type(item).__name__}")
    return notice, item.status, item.error, item.input


def table_rows(items: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    """The four tables as lists of row dicts (``TABLES`` order), from Notices or ``BatchResult``s."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for i, item in enumerate(items):
        notice, status, error, label = _unpack(item)
        out["documents"].append(_document_row(i, notice, status, error, label))
        for table, make in _MAKERS.items():
            rows = make(i, notice) if notice is not None else []
            out[table].extend(rows or [{"document": i, **dict.fromkeys(_COLUMNS[table])}])
    return out


def to_pandas(items: Iterable[Any]) -> dict[str, Any]:
    """The four tables as pandas DataFrames: ``documents``, ``assignments``, ``agencies``,
    ``references`` (needs the ``pandas`` extra). List columns hold Python lists; for Parquet,
    :func:`to_arrow` keeps them typed."""
    from .extras import require

    pd = require("pandas", "pandas", "to_pandas()")
    rows = table_rows(items)
    # Counts stay integers (and flags booleans) beside a failed input's empty cells: nullable dtypes,
    # not the float64 (6.0, NaN) pandas would make of a column with a None in it.
    nullable = {"int": "Int64", "bool": "boolean"}
    return {t: pd.DataFrame(rows[t], columns=list(_TYPES[t])).astype(
                {c: nullable[k] for c, k in _TYPES[t].items() if k in nullable})
            for t in TABLES}


def _arrow_type(pa, kind: str):
    return {"int": pa.int64(), "str": pa.string(), "date": pa.date32(), "bool": pa.bool_(),
            "list": pa.list_(pa.string()), "date_list": pa.list_(pa.date32())}[kind]


def to_arrow(items: Iterable[Any]) -> dict[str, Any]:
    """The four tables as pyarrow Tables with a fixed schema (``parquet`` extra): agency lists are
    ``list<string>`` even where every list is empty, so Parquet files of different batches agree.

    >>> import pyarrow.parquet as pq  # doctest: +SKIP
    >>> pq.write_table(to_arrow(notices)["assignments"], "assignments.parquet")  # doctest: +SKIP
    """
    from .extras import require

    pa = require("pyarrow", "parquet", "to_arrow()")
    rows = table_rows(items)
    out = {}
    for table in TABLES:
        schema = pa.schema([(c, _arrow_type(pa, kind)) for c, kind in _TYPES[table].items()])
        out[table] = pa.Table.from_pylist(rows[table], schema=schema)
    return out
