"""The tasks table written out: text table, CSV, JSON, iCalendar (VTODO) or one HTML page.

>>> from vn_directive_nlp.archive import Archive
>>> tasks = Archive("archive.duckdb", read_only=True).tasks(agency="Bộ Tài chính")  # doctest: +SKIP
>>> open("tasks.ics", "wb").write(to_ics(tasks))  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
from typing import Any

JOIN = "; "
_SUMMARY_CHARS = 120
_TABLE_TEXT_CHARS = 90


def _plain(value: Any) -> Any:
    """A cell as JSON has it: dates ISO, lists as lists, NaN/NaT as None."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        if type(value).__name__ == "NaTType":
            return None
        return value.date().isoformat() if isinstance(value, _dt.datetime) else value.isoformat()
    return value


def records(tasks) -> list[dict[str, Any]]:
    """The tasks DataFrame as JSON-ready dicts."""
    return [{k: _plain(v) for k, v in row.items()} for row in tasks.to_dict(orient="records")]


def to_json(tasks) -> str:
    return json.dumps(records(tasks), ensure_ascii=False, indent=1) + "\n"


def to_csv(tasks) -> str:
    """UTF-8 CSV (lists joined with "; "), one physical line per task."""
    rows = records(tasks)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(tasks.columns))
    for row in rows:
        writer.writerow([_cell(v) for v in row.values()])
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = JOIN.join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split()) if isinstance(value, str) else value


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_text_table(tasks) -> str:
    """A readable table (rich) of number, date, lead, due date and the task's first words."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in ("number", "issued", "lead", "coordinating", "due", "overdue", "task"):
        table.add_column(name, overflow="fold")
    for row in records(tasks):
        table.add_row(
            row["number"] or "", row["issued_date"] or "", JOIN.join(row["lead"] or []),
            JOIN.join(row["coordinating"] or []), row["due_date"] or (row["due_text"] or ""),
            "yes" if row["overdue"] else "", _short(row["text"], _TABLE_TEXT_CHARS),
        )
    out = io.StringIO()
    console = Console(file=out, width=160, color_system=None)
    console.print(table)
    console.print(f"{len(tasks)} tasks")
    return out.getvalue()


def who(row: dict[str, Any]) -> str:
    """The agency a task is for: its leads, else its coordinating agencies."""
    return JOIN.join(row.get("lead") or row.get("coordinating") or []) or "(no agency named)"


def to_ics(tasks, *, stamp: _dt.datetime | None = None) -> bytes:
    """An iCalendar file with one VTODO per task that has a due date.

    SUMMARY is the agency and the action, DESCRIPTION the document number and the task's text,
    UID stable per task (the document's content hash and the assignment id).
    """
    try:
        from icalendar import Calendar, Todo
    except ImportError as exc:
        from . import MissingArchiveExtraError

        raise MissingArchiveExtraError("--format ics needs icalendar: pip install 'vn_directive_nlp[archive]'") from exc

    cal = Calendar()
    cal.add("prodid", "-//vn_directive_nlp//tasks//VI")
    cal.add("version", "2.0")
    stamp = stamp or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    for row in records(tasks):
        if not row["due_date"]:
            continue
        todo = Todo()
        todo.add("uid", row["uid"])
        todo.add("dtstamp", stamp)
        todo.add("due", _dt.date.fromisoformat(row["due_date"]))
        todo.add("summary", f"{who(row)}: {_short(row['text'], _SUMMARY_CHARS)}")
        head = row["number"] or "(no number)"
        if row["issued_date"]:
            head += f" ({row['issued_date']})"
        todo.add("description", f"{head} — {row['text']}")
        todo.add("status", "NEEDS-ACTION")
        if row["overdue"]:
            todo.add("categories", ["overdue"])
        cal.add_component(todo)
    return cal.to_ical()
