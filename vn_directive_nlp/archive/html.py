"""One self-contained HTML page of tasks: per agency its open tasks by due month, overdue ones
marked, each linked to the rendered view of its document; a chart of tasks per agency and per
month (inline SVG). No script and no network: the style is inline.

>>> write_tasks_page(archive, tasks, "tasks.html")  # doctest: +SKIP

The document views (``render.render_html``) are written beside the page, in
``<page>_docs/<hash>.html``, and linked at the task's segment.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import pathlib
from collections import Counter, defaultdict

from .formats import records

_NO_DATE = "không có hạn"
_NO_LEAD = "(chưa rõ cơ quan chủ trì)"
_TOP_AGENCIES = 15

_STYLE = """
body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
h3{font-size:1em;color:#555;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;font-size:.9em}
td.due,td.doc{white-space:nowrap}
tr.overdue td{background:#fde8e8}.badge{background:#c62828;color:#fff;border-radius:3px;padding:0 4px;font-size:.8em;white-space:nowrap}
.charts{display:flex;gap:2em;flex-wrap:wrap}.chart{flex:1 1 480px}.muted{color:#777}
svg text{font-size:11px;font-family:inherit}
"""


def _bars(title: str, counts: list[tuple[str, int]], *, horizontal: bool) -> str:
    """An SVG bar chart of (label, count)."""
    if not counts:
        return f'<div class="chart"><h3>{html.escape(title)}</h3><p class="muted">—</p></div>'
    top = max(n for _, n in counts) or 1
    if horizontal:
        row, label_w, bar_w = 18, 300, 300
        height = row * len(counts) + 10
        parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{label_w + bar_w + 50}" height="{height}">']
        for i, (label, n) in enumerate(counts):
            y, w = i * row + 4, max(1, round(bar_w * n / top))
            parts.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{html.escape(label[:48])}</text>'
                         f'<rect x="{label_w}" y="{y}" width="{w}" height="14" fill="#1565c0"/>'
                         f'<text x="{label_w + w + 4}" y="{y + 12}">{n}</text>')
    else:
        col, chart_h = 34, 160
        parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{col * len(counts) + 60}" height="{chart_h + 70}">']
        for i, (label, n) in enumerate(counts):
            x, h = i * col + 10, max(1, round(chart_h * n / top))
            parts.append(f'<rect x="{x}" y="{chart_h - h + 14}" width="{col - 8}" height="{h}" fill="#2e7d32"/>'
                         f'<text x="{x}" y="{chart_h - h + 10}">{n}</text>'
                         f'<text x="{x}" y="{chart_h + 28}" transform="rotate(35 {x} {chart_h + 28})">{html.escape(label)}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><h3>{html.escape(title)}</h3>{"".join(parts)}</div>'


def _month(row: dict) -> str:
    return row["due_date"][:7] if row["due_date"] else _NO_DATE


def _task_row(row: dict, href: str) -> str:
    mark = ' <span class="badge">quá hạn</span>' if row["overdue"] else ""
    number = html.escape(row["number"] or "(không số)")
    due = html.escape(row["due_date"] or row["due_text"] or "")
    coord = html.escape("; ".join(row["coordinating"] or []))
    return (f'<tr class="{"overdue" if row["overdue"] else "open"}"><td class="due">{due}{mark}</td>'
            f'<td class="doc"><a href="{html.escape(href)}">{number}</a><br><span class="muted">{html.escape(row["issued_date"] or "")}</span></td>'
            f'<td>{html.escape(row["text"])}</td><td>{coord}</td></tr>')


def _agency_section(agency: str, rows: list[dict], hrefs: dict) -> str:
    months = defaultdict(list)
    for row in rows:
        months[_month(row)].append(row)
    overdue = sum(1 for r in rows if r["overdue"])
    out = [f'<section><h2>{html.escape(agency)} <span class="muted">— {len(rows)} việc đang mở'
           + (f', {overdue} quá hạn' if overdue else "") + "</span></h2>"]
    for month in sorted(months, key=lambda m: (m == _NO_DATE, m)):
        out.append(f"<h3>{html.escape(month)}</h3><table><tr><th>hạn</th><th>văn bản</th><th>nhiệm vụ</th><th>phối hợp</th></tr>")
        out.extend(_task_row(r, hrefs[(r["doc_id"], r["assignment_id"])]) for r in months[month])
        out.append("</table>")
    out.append("</section>")
    return "".join(out)


def _write_views(archive, rows: list[dict], folder: pathlib.Path) -> dict:
    """Render each document once; the link of each task (its segment's anchor)."""
    from ..render import _anchor, render_html

    folder.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    hrefs = {}
    for row in rows:
        doc = row["doc_id"]
        if doc not in names:
            names[doc] = row["uid"].split("-", 1)[0] + ".html"
            (folder / names[doc]).write_text(render_html(archive.notice(doc)), encoding="utf-8")
        anchor = "#" + _anchor(row["segment"]) if row["segment"] else ""
        hrefs[(doc, row["assignment_id"])] = f"{folder.name}/{names[doc]}{anchor}"
    return hrefs


def render_tasks_page(rows: list[dict], hrefs: dict, *, as_of: _dt.date, title: str) -> str:
    """The page as a string, from task records and their document links."""
    open_rows = [r for r in rows if not r["followed_up_by"]]
    by_agency = defaultdict(list)
    for row in open_rows:
        for agency in row["lead"] or [_NO_LEAD]:
            by_agency[agency].append(row)
    agencies = sorted(by_agency, key=lambda a: (-len(by_agency[a]), a))
    per_agency = [(a, len(by_agency[a])) for a in agencies[:_TOP_AGENCIES]]
    per_month = sorted(Counter(r["due_date"][:7] for r in open_rows if r["due_date"]).items())
    overdue = sum(1 for r in open_rows if r["overdue"])
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p>Tính đến {as_of.isoformat()}: {len(open_rows)} việc đang mở, <strong>{overdue} quá hạn</strong>; '
        f"{len(rows) - len(open_rows)} việc đã có văn bản tiếp theo.</p>"
        f'<div class="charts">{_bars("Việc theo cơ quan chủ trì", per_agency, horizontal=True)}'
        f'{_bars("Việc theo tháng đến hạn", per_month, horizontal=False)}</div>'
        + "".join(_agency_section(a, by_agency[a], hrefs) for a in agencies)
        + "</body></html>\n"
    )


def write_tasks_page(archive, tasks, path: str | os.PathLike, *, as_of: _dt.date | None = None,
                     title: str = "Nhiệm vụ được giao") -> pathlib.Path:
    """Write the page to ``path`` and the document views to ``<path stem>_docs/``."""
    path = pathlib.Path(path)
    rows = records(tasks)
    hrefs = _write_views(archive, rows, path.with_name(path.stem + "_docs"))
    path.write_text(render_tasks_page(rows, hrefs, as_of=as_of or _dt.date.today(), title=title), encoding="utf-8")
    return path
