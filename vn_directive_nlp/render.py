"""A self-contained HTML view of a Notice: highlighted text, segment outline, assignments table.

>>> from vn_directive_nlp import parse_file
>>> from vn_directive_nlp.render import write_html
>>> write_html(parse_file("corpus/000_9179ca9c3629a68f.txt"), "notice.html")  # doctest: +SKIP

Agencies, deadlines and legal references are ``<mark class="AGENCY|DEADLINE|LEGAL_REF">``
(the labels of the spaCy component); every piece of document text is HTML-escaped.
The page needs no network and no script: the style sits in ``data/render_template.html``.
"""

from __future__ import annotations

import html
import os
import string
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from .models import Agency, Deadline, Notice, Segment

AGENCY, DEADLINE, LEGAL_REF = "AGENCY", "DEADLINE", "LEGAL_REF"
LABELS = {AGENCY: "Cơ quan", DEADLINE: "Thời hạn", LEGAL_REF: "Văn bản dẫn chiếu"}
_EXCERPT_CHARS = 110
_ASSIGNMENT_TEXT_CHARS = 400


def highlight_spans(notice: Notice) -> Iterator[tuple[int, int, str]]:
    """(start, end, label) in ``notice.text`` for each agency, deadline and reference, once each.

    Inherited agencies carry the offsets of the ancestor's mention, which is yielded once.
    """
    seen: set[tuple[int, int, str]] = set()

    def fresh(start, end, label):
        key = (start, end, label)
        if start is None or end is None or end <= start or key in seen:
            return None
        seen.add(key)
        return key

    for asg in notice.assignments:
        for agency in [*asg.lead, *asg.coordinating]:
            if key := fresh(agency.start, agency.end, AGENCY):
                yield key
        for deadline in asg.deadlines:
            if key := fresh(deadline.start, deadline.end, DEADLINE):
                yield key
    for ref in notice.references:
        if key := fresh(ref.start, ref.end, LEGAL_REF):
            yield key


def _non_overlapping(spans: Iterable[tuple[int, int, str]], length: int) -> list[tuple[int, int, str]]:
    """Keep the earliest (then longest) of overlapping spans, clipped to the text."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = max(0, start), min(end, length)
        if end > start and (not kept or start >= kept[-1][1]):
            kept.append((start, end, label))
    return kept


def _anchor(seg_id: str) -> str:
    return "seg-" + seg_id.replace(".", "-")


def highlighted_text(notice: Notice) -> str:
    """The escaped document text with ``<mark>``s and an anchor at every segment start."""
    text = notice.text
    events: list[tuple[int, int, str]] = []  # (position, order, html): close < anchor < open
    for start, end, label in _non_overlapping(highlight_spans(notice), len(text)):
        events.append((start, 2, f'<mark class="{label}" title="{LABELS[label]}">'))
        events.append((end, 0, "</mark>"))
    for seg in notice.segments:
        if 0 <= seg.start <= len(text):
            events.append((seg.start, 1, f'<a id="{_anchor(seg.id)}"></a>'))
    out, prev = [], 0
    for pos, _, tag in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(html.escape(text[prev:pos]))
        out.append(tag)
        prev = pos
    out.append(html.escape(text[prev:]))
    return "".join(out)


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _outline(segments: list[Segment], counts: dict[str, int]) -> str:
    if not segments:
        return '<p class="empty">Không nhận diện được mục nào.</p>'
    children: dict[str | None, list[Segment]] = {}
    for seg in segments:
        children.setdefault(seg.parent, []).append(seg)
    known = {s.id for s in segments}

    def tree(parent: str | None) -> str:
        items = []
        for seg in children.get(parent, []):
            badge = f' <span class="badge" title="nhiệm vụ">{counts[seg.id]}</span>' if counts.get(seg.id) else ""
            body = seg.text[len(seg.label):] if seg.text.startswith(seg.label) else seg.text
            body = _excerpt(body.lstrip(" ,.:;)"), _EXCERPT_CHARS)
            sub = tree(seg.id) if seg.id in children else ""
            items.append(
                f'<li><a href="#{_anchor(seg.id)}">{html.escape(seg.label)}</a>{badge} '
                f'<span class="excerpt">{html.escape(body)}</span>{sub}</li>'
            )
        return "<ul>" + "".join(items) + "</ul>" if items else ""

    roots = [s for s in segments if s.parent is None or s.parent not in known]
    children[None] = roots
    return tree(None).replace("<ul>", '<ul class="outline">', 1)


def _agencies(agencies: list[Agency]) -> str:
    """One agency per line (a list item each, so a long name wraps inside its own line)."""
    parts = []
    for a in agencies:
        name = html.escape(a.name)
        if a.inherited:
            parts.append(f'<li class="inherited" title="kế thừa từ mục cha">{name}</li>')
        else:
            parts.append(f"<li>{name}</li>")
    return f'<ul class="agencies">{"".join(parts)}</ul>' if parts else ""


# How a Vietnamese reader says each kind of deadline.
_RECURRENCE_VI = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                  "half_yearly": "6 tháng một lần", "yearly": "hằng năm"}


def vn_date(day) -> str:
    """A date as it is written in Vietnam, day first.

    >>> import datetime; vn_date(datetime.date(2024, 5, 7))
    '07/05/2024'
    """
    return day.strftime("%d/%m/%Y")


def deadline_label(d: Deadline) -> str:
    """A deadline as a person reads it: "trước 15/05/2024", "trong thời hạn đến hết 31/10/2023",
    "định kỳ hằng tháng", "ngày 30/06/2024", "khi sự kiện xảy ra", "theo văn bản dẫn chiếu".

    >>> import datetime; deadline_label(Deadline(text="x", kind="before", date=datetime.date(2024, 5, 15), start=0, end=1))
    'trước 15/05/2024'
    """
    if d.kind == "recurring":
        return f"định kỳ {_RECURRENCE_VI.get(d.recurrence or '', '')}".strip()
    if d.kind == "event":
        return "khi sự kiện xảy ra"
    if d.kind == "reference":
        return "theo văn bản dẫn chiếu"
    if d.date is None:
        return d.text
    words = {"before": "trước", "on": "ngày", "within": "trong thời hạn đến hết"}
    return f"{words.get(d.kind, d.kind)} {vn_date(d.date)}"


def _deadlines(deadlines: list[Deadline]) -> str:
    """Each deadline on its own line: how it reads, then the words of the document."""
    return "".join(
        f'<div class="deadline"><b>{html.escape(deadline_label(d))}</b>'
        f'<span class="quote">“{html.escape(d.text)}”</span></div>'
        for d in deadlines
    )


def _assignments_table(notice: Notice) -> str:
    if not notice.assignments:
        return '<p class="empty">Không có nhiệm vụ nào được nhận diện.</p>'
    rows = []
    for asg in notice.assignments:
        seg = (
            f'<a href="#{_anchor(asg.segment)}">{html.escape(asg.segment)}</a>' if asg.segment else ""
        )
        deadlines = _deadlines(asg.deadlines)
        rows.append(
            "<tr>"
            f"<td>{html.escape(asg.id)}</td><td>{seg}</td>"
            f"<td>{_agencies(asg.lead)}</td><td>{_agencies(asg.coordinating)}</td>"
            f"<td>{deadlines}</td><td>{html.escape('; '.join(asg.references))}</td>"
            f"<td>{html.escape(_excerpt(asg.text, _ASSIGNMENT_TEXT_CHARS))}</td>"
            "</tr>"
        )
    head = ("<tr><th>#</th><th>Mục</th><th>Chủ trì</th><th>Phối hợp</th>"
            "<th>Thời hạn</th><th>Văn bản dẫn chiếu</th><th>Nội dung</th></tr>")
    return f'<table class="assignments">{head}{"".join(rows)}</table>'


def _metadata_table(notice: Notice) -> str:
    m = notice.metadata
    fields = [
        ("Số, ký hiệu", m.number), ("Loại văn bản", m.doc_type), ("Loại (kind)", notice.kind),
        ("Cơ quan ban hành", m.issuer), ("Địa danh", m.place),
        ("Ngày ban hành", vn_date(m.issued_date) if m.issued_date else None),
        ("Trích yếu", m.title),
        ("Ngày họp", vn_date(m.meeting_date) if m.meeting_date else None),
        ("Chủ trì", ", ".join(m.presiding) or None), ("Người ký", m.signer),
        ("Thông báo được đưa tin", m.reports),
        ("Văn bản dẫn chiếu", "; ".join(r.number or r.text for r in notice.references) or None),
        ("Nguồn", notice.source.path),
    ]
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in fields if v
    )
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in notice.warnings)
    block = f'<ul class="warnings">{warnings}</ul>' if warnings else ""
    return f'<table class="meta">{rows}</table>{block}'


@lru_cache(maxsize=1)
def _template() -> string.Template:
    source = resources.files("vn_directive_nlp").joinpath("data", "render_template.html")
    return string.Template(source.read_text(encoding="utf-8"))


def render_html(notice: Notice) -> str:
    """The whole page as a string (UTF-8, no external resources).

    >>> "<mark" in render_html(parse_text("..."))  # doctest: +SKIP
    """
    m = notice.metadata
    heading = " ".join(x for x in [m.doc_type or "Văn bản", m.number] if x)
    sub = m.title or (notice.source.path or "")
    counts: dict[str, int] = {}
    for asg in notice.assignments:
        if asg.segment:
            counts[asg.segment] = counts.get(asg.segment, 0) + 1
    legend = "".join(f'<mark class="{k}">{html.escape(v)}</mark>' for k, v in LABELS.items())
    return _template().substitute(
        title=html.escape(heading),
        heading=html.escape(heading),
        subheading=html.escape(_excerpt(sub, 240)),
        metadata=_metadata_table(notice),
        segment_count=len(notice.segments),
        outline=_outline(notice.segments, counts),
        assignment_count=len(notice.assignments),
        assignments=_assignments_table(notice),
        legend=legend,
        text=highlighted_text(notice),
    )


def write_html(notice: Notice, path: str | os.PathLike) -> None:
    """Write :func:`render_html` of ``notice`` to ``path`` (UTF-8)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_html(notice))
