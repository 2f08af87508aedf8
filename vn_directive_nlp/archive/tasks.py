"""The tasks query: one row per assignment with its document, agencies and due date.

>>> query, params = task_query(agency="Bộ Tài chính", due_before="2025-12-31")
>>> params[:2]
[['Bộ Tài chính'], datetime.date(2025, 12, 31)]

An agency is named as the gazetteer knows it (any alias: "Bộ TC", "BTC"); with
``include_predecessors`` its earlier names count too (Bộ Tài chính ← Bộ Kế hoạch và Đầu tư,
a merged province ← the provinces merged into it). A task is overdue when its due date is
before ``as_of`` and no document issued by then follows it up (a ``continues`` link to the
assignment, or a ``follows_up`` link to its document sharing one of its agencies).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

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


# The filters narrow the assignments first (``{where}``, on columns of ``assignments`` itself);
# follow-ups are then gathered for those only, so a question about one agency costs little in a
# large archive.
_QUERY = """
WITH c AS (
    SELECT a.doc_id, a.assignment_id, a.segment_id, a.due_date, a.due_text, a.text,
           a.lead, a.coordinating, a.agencies_today, d.number, d.issued_date, d.kind, d.sha256
    FROM assignments a JOIN documents d ON d.doc_id = a.doc_id AND d.status = 'ok'
    {where}
    QUALIFY row_number() OVER (PARTITION BY d.sha256, a.assignment_id ORDER BY a.doc_id) = 1
),
hits AS (
    SELECT c.doc_id, c.assignment_id, l.src_doc
    FROM c JOIN links l ON l.relation = 'continues' AND l.dst_doc = c.doc_id AND l.dst_assignment = c.assignment_id
    UNION ALL
    SELECT c.doc_id, c.assignment_id, l.src_doc
    FROM c JOIN links l ON l.relation = 'follows_up' AND l.dst_doc = c.doc_id
    WHERE len(list_intersect(l.agencies, c.agencies_today)) > 0
),
f AS (
    SELECT h.doc_id, h.assignment_id, min(s.number) AS number
    FROM hits h JOIN documents s ON s.doc_id = h.src_doc
    WHERE s.issued_date IS NULL OR s.issued_date <= ?
    GROUP BY h.doc_id, h.assignment_id
)
SELECT c.number, c.issued_date, c.kind, c.segment_id AS segment, c.lead, c.coordinating,
       c.due_date, c.due_text, coalesce(c.due_date < ? AND f.doc_id IS NULL, false) AS overdue,
       f.number AS followed_up_by, c.text, c.doc_id, c.assignment_id,
       substr(c.sha256, 1, 16) || '-' || c.assignment_id || '@vn-directive' AS uid
FROM c LEFT JOIN f ON f.doc_id = c.doc_id AND f.assignment_id = c.assignment_id
{overdue}
ORDER BY c.due_date NULLS LAST, c.issued_date, c.doc_id, c.assignment_id
"""


def task_query(
    *, agency: str | None = None, include_predecessors: bool = False, due_before=None, due_after=None,
    as_of=None, overdue: bool = False, kind: str | None = None,
) -> tuple[str, list]:
    """SQL and parameters of the tasks query (dates as ``datetime.date`` or ``YYYY-MM-DD``;
    ``due_before`` and ``due_after`` include the day itself)."""
    as_of = _date(as_of, "as_of") or _dt.date.today()
    due_before, due_after = _date(due_before, "due_before"), _date(due_after, "due_after")
    where: list[str] = []
    params: list[Any] = []
    if agency:
        names = agency_names(agency, include_predecessors)
        where.append("list_has_any(a.lead || a.coordinating, ?)")
        params.append(names)
    if due_before:
        where.append("a.due_date <= ?")
        params.append(due_before)
    if due_after:
        where.append("a.due_date >= ?")
        params.append(due_after)
    if overdue:
        where.append("a.due_date < ?")
        params.append(as_of)
    if kind:
        if kind not in KINDS:
            raise VnDirectiveError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
        where.append("d.kind = ?")
        params.append(kind)
    sql = _QUERY.format(
        where="WHERE " + " AND ".join(where) if where else "",
        overdue="WHERE f.doc_id IS NULL" if overdue else "",
    )
    return sql, params + [as_of, as_of]
