"""Task tables: a plan's appendix that lists its tasks one row each (SPEC §3 "Assignments").

A provincial plan ("Kế hoạch") often ends with a table whose columns say the task, the body
that leads it, those that coordinate and the time allowed:

    TT | Nội dung thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
    1 | Rà soát quy chế … | Sở Tư pháp | Các sở, ngành liên quan | Quý II/2026

Normalization gives each row one line, cells parted by " | " (a table flattened to one cell a
line is rebuilt so). Each row with a task and a leading body is one assignment: lead and
coordinating agencies from their columns, deadlines from the time column and the task itself.
A period named alone in the time column ("2025", "Quý II/2026") is read as its last day: the
column asks when the task is to be done.

>>> rows = "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\\n1 | Rà soát quy chế | Sở Tư pháp | Sở Nội vụ | 2026"
>>> [[rows[a:b] for a, b in (r.task, r.lead, r.coordinating, r.time)] for r in table_rows(rows, 0, len(rows))]
[['Rà soát quy chế', 'Sở Tư pháp', 'Sở Nội vụ', '2026']]
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .local_bodies import Home

# Column headers: what each column holds.
_LEAD_RE = re.compile(r"(?i)chủ\s+trì")
_COORD_RE = re.compile(r"(?i)phối\s+hợp")
_TIME_RE = re.compile(r"(?i)thời\s+(?:gian|hạn)|tiến\s+độ")
_TASK_RE = re.compile(r"(?i)nội\s+dung|nhiệm\s+vụ|công\s+việc|giải\s+pháp")
_NUMBER_CELL_RE = re.compile(r"^\s*(?:\d{1,3}|[IVXL]{1,6})\.?\s*$")
# A time cell naming a period alone: "2025", "Năm 2025", "Quý II/2026", "Tháng 5 năm 2026".
_PERIOD_CELL_RE = re.compile(
    r"(?i)^\s*(?:(?:quý\s+(?P<q>IV|I{1,3}|[1-4])|tháng\s+(?P<m>\d{1,2}))\s*(?:/|năm)\s*|năm\s+)?(?P<y>(?:19|20)\d\d)\s*\.?\s*$")
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
_MAX_HEADER_CELL = 60  # header cells are short labels


@dataclass(frozen=True)
class Row:
    """Spans (start, end) in the text of one row's cells; ``coordinating`` and ``time`` may be None."""

    start: int
    end: int
    task: tuple[int, int]
    lead: tuple[int, int]
    coordinating: tuple[int, int] | None
    time: tuple[int, int] | None


def _cells(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """(start, end) of each " | "-parted cell of ``text[s:e]``, trimmed."""
    out = []
    pos = s
    while True:
        bar = text.find("|", pos, e)
        stop = e if bar < 0 else bar
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
        if bar < 0:
            return out
        pos = bar + 1


def _columns(text: str, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    """Which column is which, from a header row; None when the row is no task table's header."""
    labels = [text[a:b] for a, b in cells]
    if len(labels) < 3 or any(len(x) > _MAX_HEADER_CELL for x in labels):
        return None
    cols: dict[str, int] = {}
    for i, label in enumerate(labels):
        if "lead" not in cols and _LEAD_RE.search(label):
            cols["lead"] = i
        elif "coordinating" not in cols and _COORD_RE.search(label):
            cols["coordinating"] = i
        elif "time" not in cols and _TIME_RE.search(label):
            cols["time"] = i
        elif "task" not in cols and _TASK_RE.search(label):
            cols["task"] = i
    if "lead" not in cols:
        return None
    if "task" not in cols:
        cols["task"] = cols["lead"] - 1
    cols["number"] = 0 if cols["task"] > 0 and len(labels[0]) <= 4 else -1
    return cols if cols["task"] >= 0 and cols["task"] < cols["lead"] else None


def _lines(text: str, start: int, end: int):
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, stop
        pos = stop + 1


def table_rows(text: str, start: int, end: int) -> list[Row]:
    """The task rows of every task table in ``text[start:end]``, in order."""
    out: list[Row] = []
    if text.find("|", start, end) < 0:
        return out  # no table at all (most texts): no line is read
    cols: dict[str, int] | None = None
    for s, e in _lines(text, start, end):
        if "|" not in text[s:e]:
            if any(ch.isalnum() for ch in text[s:e]):
                cols = None  # the table ended (a rule "……" inside it does not end it)
            continue
        cells = _cells(text, s, e)
        header = _columns(text, cells)
        if header is not None:
            cols = header
            continue
        if cols is None:
            continue
        if cols["number"] == 0 and not _NUMBER_CELL_RE.match(text[cells[0][0]:cells[0][1]]):
            cells = [(s, s)] + cells  # the row's number cell was left empty
        if len(cells) <= cols["lead"]:
            continue  # a section's heading row ("II | TRIỂN KHAI …")
        task, lead = cells[cols["task"]], cells[cols["lead"]]
        if task[0] == task[1] or lead[0] == lead[1]:
            continue

        def cell(key: str) -> tuple[int, int] | None:
            i = cols.get(key)
            return cells[i] if i is not None and i < len(cells) and cells[i][0] < cells[i][1] else None

        out.append(Row(task[0], e, task, lead, cell("coordinating"), cell("time")))
    return out


def period_end(text: str, span: tuple[int, int] | None) -> _dt.date | None:
    """The last day of the period a time cell names alone ("2025", "Quý II/2026", "Tháng 5/2026"),
    else None (the deadline grammar reads the cells that frame their period: "Xong trong Quý II")."""
    if span is None:
        return None
    m = _PERIOD_CELL_RE.match(text[span[0]:span[1]])
    if m is None:
        return None
    year = int(m.group("y"))
    month = 12
    if m.group("q"):
        month = 3 * _QUARTERS.get(m.group("q").upper(), int(m.group("q")) if m.group("q").isdigit() else 4)
    elif m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - _dt.timedelta(days=1)


def assignments(text: str, start: int, *, names_on: _dt.date, home: "str | Home | None", issued: _dt.date | None,
                exclude: list[tuple[int, int]], warnings: list[str]) -> list:
    """One assignment per task row of the tables in ``text[start:]`` (ids left empty)."""
    from . import agencies as _agencies
    from . import deadlines as _deadlines
    from .models import Assignment, Deadline

    def agencies_in(span: tuple[int, int] | None) -> list:
        if span is None:
            return []
        a, b = span
        seen: set[str] = set()
        out = []
        for f in _agencies.read_once(text[a:b], on_date=names_on, home=home):
            if f.start is None or f.end is None or f.name in _NOT_TASKED or f.name.casefold() in seen:
                continue
            seen.add(f.name.casefold())
            f.start, f.end = f.start + a, f.end + a
            out.append(f.agency())
        return out

    out = []
    for row in table_rows(text, start, len(text)):
        lead = agencies_in(row.lead)
        if not lead:
            continue
        deadlines = []
        year_end = period_end(text, row.time)
        if year_end is not None and row.time is not None:  # (a period's end comes from its time cell)
            deadlines.append(Deadline(text=text[row.time[0]:row.time[1]], kind="within", date=year_end,
                                      start=row.time[0], end=row.time[1]))
        for span in (row.task, row.time):
            if span is not None:
                deadlines += _deadlines.find_deadlines(text, span[0], span[1], issued_date=issued, exclude=exclude,
                                                       warnings=warnings)
        coordinating = [c for c in agencies_in(row.coordinating) if c.name.casefold() not in
                        {x.name.casefold() for x in lead}]
        out.append(Assignment(id="", segment=None, text=text[row.start:row.end], start=row.start, end=row.end,
                              lead=lead, coordinating=coordinating, deadlines=deadlines))
    return out


_NOT_TASKED = {"Thủ tướng Chính phủ", "Chính phủ"}


def merge(found: list, rows: list) -> list:
    """The assignments read from the text and those of the task rows, in order; one read from
    the text inside a row gives way to the row's."""
    if not rows:
        return found
    kept = [a for a in found if not any(r.start <= a.start < r.end or a.start <= r.start < a.end for r in rows)]
    return sorted(kept + rows, key=lambda a: a.start)
