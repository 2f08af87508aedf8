"""The tasks query: one row per assignment with its document, agencies and due date.

>>> query, params = task_query(agency="Bộ Tài chính", due_before="2025-12-31")
>>> params[2]
['Bộ Tài chính']

An agency is named as the gazetteer knows it (any alias: "Bộ TC", "BTC"); with
``include_predecessors`` its earlier names count too (Bộ Tài chính ← Bộ Kế hoạch và Đầu tư,
a merged province ← the provinces merged into it). A task is overdue when its due date is
before ``as_of`` and no document issued by then follows it up (a ``continues`` link to the
assignment, or a ``follows_up`` link to its document sharing one of its agencies).
"""

from __future__ import annotations

import datetime as _dt

from ..errors import VnDirectiveError

KINDS = ("notice", "directive", "news", "other")

COLUMNS = (
    "number", "issued_date", "kind", "segment", "lead", "coordinating", "due_date", "due_text",
    "overdue", "followed_up_by", "text", "doc_id", "assignment_id", "uid",
)


class UnknownAgencyError(VnDirectiveError):
    """An agency name the gazetteer does not know."""


def _date(value, name: str) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise VnDirectiveError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def agency_names(agency: str, include_predecessors: bool = False) -> list[str]:
    """The canonical names ``agency`` stands for: itself, and with ``include_predecessors``
    every body whose successors lead to it.

    >>> agency_names("Bộ Tài chính", include_predecessors=True)[:2]
    ['Bộ Tài chính', 'Bộ Kế hoạch và Đầu tư']
    """
    from .. import gazetteer

    found = gazetteer.lookup(agency)
    if not found:
        raise UnknownAgencyError(f"{agency!r} is no agency the gazetteer knows (give its name or a usual abbreviation)")
    target = found[0]
    names = [target.name]
    if include_predecessors:
        today = _dt.date.today()
        for entry in gazetteer.load().entries.values():
            if entry.id != target.id and entry.successor and gazetteer.resolve(entry, today).id == target.id:
                names.append(entry.name)
    return list(dict.fromkeys(names))


_BASE = """
WITH ag AS (
    SELECT doc_id, assignment_id,
           list(name ORDER BY position) FILTER (WHERE role = 'lead') AS lead,
           list(name ORDER BY position) FILTER (WHERE role = 'coordinating') AS coordinating,
           list(name_today) AS today
    FROM assignment_agencies GROUP BY doc_id, assignment_id
),
t AS (
    SELECT d.number, d.issued_date, d.kind, a.segment_id AS segment,
           coalesce(ag.lead, []) AS lead, coalesce(ag.coordinating, []) AS coordinating,
           a.due_date, a.due_text, a.text, a.doc_id, a.assignment_id, d.sha256,
           coalesce(ag.today, []) AS today
    FROM assignments a JOIN documents d ON d.doc_id = a.doc_id AND d.status = 'ok'
    LEFT JOIN ag ON ag.doc_id = a.doc_id AND ag.assignment_id = a.assignment_id
    QUALIFY row_number() OVER (PARTITION BY d.sha256, a.assignment_id ORDER BY a.doc_id) = 1
),
f AS (
    SELECT t.doc_id, t.assignment_id, min(s.number) AS number
    FROM t JOIN links l ON l.dst_doc = t.doc_id
         AND (l.dst_assignment = t.assignment_id
              OR (l.relation = 'follows_up' AND len(list_intersect(l.agencies, t.today)) > 0))
    JOIN documents s ON s.doc_id = l.src_doc
    WHERE l.relation IN ('follows_up', 'continues') AND (s.issued_date IS NULL OR s.issued_date <= ?)
    GROUP BY ALL
)
SELECT t.number, t.issued_date, t.kind, t.segment, t.lead, t.coordinating, t.due_date, t.due_text,
       (t.due_date < ? AND f.doc_id IS NULL) AS overdue, f.number AS followed_up_by, t.text,
       t.doc_id, t.assignment_id, substr(t.sha256, 1, 16) || '-' || t.assignment_id || '@vn-directive' AS uid
FROM t LEFT JOIN f ON f.doc_id = t.doc_id AND f.assignment_id = t.assignment_id
"""


def task_query(
    *, agency: str | None = None, include_predecessors: bool = False, due_before=None, due_after=None,
    as_of=None, overdue: bool = False, kind: str | None = None,
) -> tuple[str, list]:
    """SQL and parameters of the tasks query (dates as ``datetime.date`` or ``YYYY-MM-DD``;
    ``due_before`` and ``due_after`` include the day itself)."""
    as_of = _date(as_of, "as_of") or _dt.date.today()
    due_before, due_after = _date(due_before, "due_before"), _date(due_after, "due_after")
    where, params = [], []
    if agency:
        names = agency_names(agency, include_predecessors)
        where.append(
            "EXISTS (SELECT 1 FROM assignment_agencies x WHERE x.doc_id = t.doc_id"
            " AND x.assignment_id = t.assignment_id AND list_contains(?, x.name))"
        )
        params.append(names)
    if due_before:
        where.append("t.due_date <= ?")
        params.append(due_before)
    if due_after:
        where.append("t.due_date >= ?")
        params.append(due_after)
    if kind:
        if kind not in KINDS:
            raise VnDirectiveError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
        where.append("t.kind = ?")
        params.append(kind)
    if overdue:
        where.append("t.due_date < ? AND f.doc_id IS NULL")
        params.append(as_of)
    sql = _BASE + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY t.due_date NULLS LAST, t.issued_date, t.doc_id, t.assignment_id"
    return sql, [as_of, as_of] + params
