"""One parsed document → its rows in each archive table (runs in the batch workers).

>>> from vn_directive_nlp.batch import TextInput, parse_one
>>> rows = document_rows(parse_one(TextInput("Số: 5/TB-VPCP\\n1. Giao Bộ Tài chính chủ trì.")))
>>> rows["documents"][0][6], rows["assignment_agencies"][0][4]  # number, agency name
('5/TB-VPCP', 'Bộ Tài chính')

Rows are tuples in the column order of :mod:`.schema`, of plain values (str, int, date,
lists), so they cost little to send back from a worker process.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import unicodedata
from typing import Any

from .. import limits
from ..batch import BatchResult
from ..models import Agency, Assignment, Notice
from .schema import DOCUMENT_TABLES

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def number_key(number: str | None) -> str | None:
    """A document number folded for matching: NFC, upper case, one kind of dash, no spaces.

    >>> number_key(" 437/tb–vpcp ")
    '437/TB-VPCP'
    """
    if not number:
        return None
    folded = unicodedata.normalize("NFC", number).translate(_DASHES).upper()
    return "".join(folded.split()) or None


@functools.lru_cache(maxsize=limits.CACHE_ARCHIVE_AGENCY_NAMES)
def agency_id(name: str) -> str | None:
    """Gazetteer id of the body a canonical name names (None for a person or an unknown name)."""
    from .. import gazetteer

    exact = [e for e in gazetteer.lookup(name) if e.name == name]
    return exact[0].id if exact else None


def _year(notice: Notice) -> int | None:
    day = notice.metadata.issued_date or notice.metadata.meeting_date
    return day.year if day else None


def _due(asg: Assignment) -> tuple[_dt.date | None, str | None, str | None, str | None]:
    """(date, kind, text, recurrence) of the earliest dated deadline, else of the first one."""
    dated = [d for d in asg.deadlines if d.date is not None]
    first = min(dated, key=lambda d: d.date or _dt.date.max) if dated else (asg.deadlines[0] if asg.deadlines else None)
    if first is None:
        return None, None, None, None
    recurrence = next((d.recurrence for d in asg.deadlines if d.recurrence), None)
    return first.date, first.kind, first.text, recurrence


def _agency_row(doc: str, asg: Assignment, role: str, pos: int, a: Agency, year) -> tuple:
    return (doc, asg.id, role, pos, a.name, a.successor or a.name, agency_id(a.name), a.surface, a.kind,
            a.inherited, year)


def _notice_rows(doc: str, notice: Notice, year) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {t: [] for t in DOCUMENT_TABLES if t != "documents"}
    for s in notice.segments:
        rows["segments"].append((doc, s.id, s.parent, s.label, s.marker, s.level, s.start, s.end, year))
    for asg in notice.assignments:
        due, kind, text, recurrence = _due(asg)
        rows["assignments"].append(
            (doc, asg.id, asg.segment, asg.text, asg.start, asg.end, due, kind, text, recurrence, list(asg.references),
             [a.name for a in asg.lead], [a.name for a in asg.coordinating],
             list(dict.fromkeys(a.successor or a.name for a in (*asg.lead, *asg.coordinating))), year)
        )
        for role in ("lead", "coordinating"):
            for pos, agency in enumerate(getattr(asg, role)):
                rows["assignment_agencies"].append(_agency_row(doc, asg, role, pos, agency, year))
        for pos, d in enumerate(asg.deadlines):
            rows["deadlines"].append((doc, asg.id, pos, d.kind, d.date, d.recurrence, d.text, d.start, d.end, year))
    for pos, r in enumerate(notice.references):
        rows["references"].append(
            (doc, pos, r.text, r.doc_type, r.number, number_key(r.number), r.date, r.year, r.issuer, r.start, r.end, year)
        )
    return rows


def _notice_json(notice: Notice) -> str:
    from ..compact import compact_dict

    data = compact_dict(notice)
    data.pop("text", None)  # documents.text holds it once
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_rows(result: BatchResult) -> dict[str, list[tuple]]:
    """The rows of every document table for one parsed (or failed) input."""
    doc, now = result.input, _dt.datetime.now()
    notice = result.notice
    if notice is None:
        err = result.error or {}
        row: tuple[Any, ...] = (doc, result.sha256, "error", err.get("type"), err.get("message")) + (None,) * 16 + (now, None)
        return {"documents": [row]}
    m, year = notice.metadata, _year(notice)
    row = (
        doc, result.sha256, "ok", None, None, notice.kind, m.number, number_key(m.number), m.doc_type, m.issuer,
        m.issued_date, m.meeting_date, list(m.presiding), m.title, m.signer, m.reports,
        len(notice.segments), len(notice.assignments), list(notice.warnings), notice.text, _notice_json(notice),
        now, year,
    )
    rows = _notice_rows(doc, notice, year)
    rows["documents"] = [row]
    return rows


def notice_of(text: str, notice_json: str) -> Notice:
    """The Notice a ``documents`` row stores (its ``text`` and ``notice_json``)."""
    from ..compact import notice_from_compact

    data: dict[str, Any] = json.loads(notice_json)
    data["text"] = text
    return notice_from_compact(data)
