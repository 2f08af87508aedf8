"""Assemble the Notice: the one orchestrator of the stages.

Each document-wide fact is computed once, here, and handed on: the normalized text, the header
(where the body and the conclusions lie), the segments, the references, then for the assignments
the agency mentions, the clauses with their roles and their verdicts, and the reader of deadline
mentions. Every stage is a function of what it is handed and returns its results and warnings.
"""

from __future__ import annotations

import datetime as _dt

from .models import Assignment, LegalReference, Notice, Segment, Source


def build_notice(raw: str, *, source: Source, as_of: _dt.date | None = None) -> Notice:
    """Run every stage over ``raw`` and return the Notice (``as_of``: see ``parse_text``)."""
    from . import classify, header, normalize, references, structure

    norm = normalize.normalize(raw)
    text = norm.text
    warnings = list(norm.warnings)
    head = header.extract_header(text)
    if head.names_on is None and as_of is not None:
        head.names_on = as_of  # the caller's day stands in for the date the document lacks
    mentions = references.find_references(text, issued_date=head.metadata.issued_date)
    # The notice's own number is metadata, not a reference (in the header, or an annex's "Kèm theo …").
    own = head.metadata.number
    mentions = [m for m in mentions if not (own and m.number == own)]
    refs, ref_warnings = references.distinct_references(mentions)
    warnings += ref_warnings
    segs, seg_warnings = structure.segment(text, head)
    warnings += seg_warnings
    asg, asg_warnings = _assignments(text, head, segs, mentions)
    warnings += asg_warnings
    if head.names_on is None and any(a.lead or a.coordinating for a in asg):
        warnings.append("the document has no date to name its agencies by: names kept as written "
                        "(parse with as_of=<date> to name them as on that day)")
    fallback = classify.fallback_warning()  # the rules stood in for a missing model: say so
    if fallback:
        warnings.append(fallback)
    notice = Notice(
        source=source,
        kind=head.kind,
        text=text,
        metadata=head.metadata,
        segments=segs,
        assignments=asg,
        references=refs,
        warnings=warnings + head.warnings,
    )
    notice._raw_offsets = norm.offsets
    return notice


def _assignments(text: str, head, segs: list[Segment], mentions: list[LegalReference]
                 ) -> tuple[list[Assignment], list[str]]:
    """The assignments of the conclusions and the warnings of their reading: the agency mentions,
    the clauses and their verdicts are read once here; the deadline mentions through one reader,
    each span once, as the combining pass asks for them."""
    from . import agencies, deadlines
    from .assignments import clauses as _clauses, combine as _combine, roles as _roles, verdict as _verdict

    scope = _clauses.Scope.of(text, head)
    if scope.empty:
        return [], []
    read = agencies.read_once(text, scope.read_start, scope.end, on_date=scope.names_on, home=head.home)
    ref_spans = [(r.start, r.end) for r in mentions]
    # (A body's abbreviation inside a document's symbol — "VPCP" in "665/TB-VPCP" — names no actor.)
    read = [m for m in read if m.start is not None and not any(s <= m.start < e for s, e in ref_spans)]
    agency_mentions = _roles.Mentions([m for m in read if m.start is not None and m.start >= scope.start])
    deadline_mentions = _combine.Deadlines(lambda s, e, warnings: deadlines.find_deadlines(
        text, s, e, issued_date=scope.on_date, exclude=ref_spans, warnings=warnings))
    root, visit = _addressees(text, head, scope, read)
    units = _clauses.units(segs, scope)
    # A news article directs only where it reports a leader's instructions.
    allowed = _clauses.reported_spans(text, scope, segs, agency_mentions) if head.kind == "news" else None
    clauses, clause_warnings = _clauses.read_clauses(text, units, segs, agency_mentions, allowed)
    facts = _combine.Facts(
        text=text, head=head, scope=scope, segments=segs, units=units, clauses=clauses,
        verdicts=_verdict.judge(text, [c for unit in clauses for c in unit]),
        mentions=agency_mentions, deadlines=deadline_mentions,
        references=mentions, root=root, visit=visit,
    )
    asg, asg_warnings = _combine.assign(facts)
    return asg, clause_warnings + _roles.reading_warnings(scope, read) + asg_warnings


def _addressees(text: str, head, scope, read: list) -> tuple[list, list]:
    """Who the conclusions address (the sentence introducing them, else a provincial letter's
    addressees), and the province a working visit's tasks address (``read``: the agency mentions
    of the conclusions and the line introducing them)."""
    from . import agencies
    from .assignments import roles as _roles

    letter = []
    # (A Government Office letter's addressee block is a distribution list; its tasks name their
    # actors, who are often not bodies the gazetteer knows.)
    block = _roles.letter_block(text, scope.start) if head.kind == "directive" and head.home is not None else None
    if block is not None:
        found = agencies.read_once(text, block[0], block[1], on_date=scope.names_on, home=head.home)
        letter = _roles.letter_addressees(found, block[1])
    place = _roles.visit_place(text, head)
    visit = _roles.visited_province(agencies.read_once(place, on_date=scope.names_on)) if place else []
    return _roles.root_addressee(text, scope, read, letter), visit
