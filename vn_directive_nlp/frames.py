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
DataFrames (``pandas`` extra); for Excel with a Vietnamese locale write CSV with
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
# Columns of each table, for the placeholder row of a document that has no row there.
_COLUMNS = {
    "assignments": ("number", "assignment_id", "segment", "lead", "coordinating", "deadline_kinds",
                    "deadline_dates", "deadline_texts", "references", "text"),
    "agencies": ("number", "assignment_id", "role", "name", "surface", "kind", "inherited", "successor"),
    "references": ("number", "reference", "doc_type", "date", "year", "issuer", "text"),
}


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
    ``references`` (needs the ``pandas`` extra)."""
    from .extras import require

    pd = require("pandas", "pandas", "to_pandas()")
    rows = table_rows(items)
    columns = {"documents": None, **{t: ("document", *cols) for t, cols in _COLUMNS.items()}}
    return {t: pd.DataFrame(rows[t], columns=columns[t]) for t in TABLES}
