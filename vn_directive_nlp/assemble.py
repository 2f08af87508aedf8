"""Assemble the Notice: run each stage over the normalized text and collect the results."""

from __future__ import annotations

import datetime as _dt

from .models import Notice, Source


def build_notice(raw: str, *, source: Source, as_of: _dt.date | None = None) -> Notice:
    """Run every stage over ``raw`` and return the Notice (``as_of``: see ``parse_text``)."""
    from . import normalize, header, structure, assignments, references, classify

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
    asg = assignments.extract_assignments(text, head, segs, mentions, warnings)
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
