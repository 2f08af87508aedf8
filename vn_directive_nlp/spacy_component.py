"""spaCy pipeline component ``vn_directive``: the parsed Notice on ``doc._.notice``, AGENCY /
DEADLINE / LEGAL_REF spans in ``doc.spans["vn_directive"]`` with what was found on
``span._.agency`` / ``span._.deadline`` / ``span._.reference`` (plain dicts).

The Doc holds only plain JSON data (``doc._.vn_directive``), as spaCy's own components do, so it
survives ``Doc.to_bytes()``, ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=2)``;
``doc._.notice`` rebuilds the pydantic Notice from it on each access (keep it in a variable).

>>> import spacy  # doctest: +SKIP
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
>>> nlp.add_pipe("vn_directive")
>>> doc = nlp(open("corpus/000_9179ca9c3629a68f.txt", encoding="utf-8").read())
>>> doc._.notice.metadata.number, [(s.label_, s.text) for s in doc.spans["vn_directive"]][:2]

The factory is registered through the ``spacy_factories`` entry point, so installing the
package is enough. The Notice's offsets index its *normalized* text; when that differs
from ``doc.text`` they are mapped back with ``Notice.raw_offset``.
"""

from __future__ import annotations

import functools

from .extras import require

require("spacy", "spacy", "the spaCy component")
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

from .models import Notice  # noqa: E402
from .pipeline import parse_text  # noqa: E402
from .render import AGENCY, DEADLINE, LEGAL_REF, highlight_spans

SPAN_KEY = "vn_directive"
LABELS = (AGENCY, DEADLINE, LEGAL_REF)
#: ``doc._.vn_directive``: the result as plain JSON data (``Notice.model_dump(mode="json")`` plus
#: ``"spans"``), so that ``Doc.to_bytes()``, ``DocBin(store_user_data=True)`` and
#: ``nlp.pipe(n_process=2)`` carry it; ``doc._.notice`` rebuilds the Notice from it.
DATA_EXT = "vn_directive"
_SPAN_ATTRS = {"agency": AGENCY, "deadline": DEADLINE, "reference": LEGAL_REF}


def _notice_of(doc: Doc) -> Notice | None:
    data = doc._.get(DATA_EXT)
    if data is None:
        return None
    return Notice.model_validate({k: v for k, v in data.items() if k != "spans"})


def _span_data(label: str, span: Span) -> dict | None:
    """What the parser found exactly at ``span`` (plain data), or None."""
    data = span.doc._.get(DATA_EXT)
    for start, end, lab, payload in (data or {}).get("spans", ()):
        if lab == label and start == span.start_char and end == span.end_char:
            return payload
    return None


def _register() -> None:
    if not Doc.has_extension(DATA_EXT):
        Doc.set_extension(DATA_EXT, default=None)
    if not Doc.has_extension("notice"):
        Doc.set_extension("notice", getter=_notice_of)
    for attr, label in _SPAN_ATTRS.items():
        if not Span.has_extension(attr):
            Span.set_extension(attr, getter=functools.partial(_span_data, label))


_register()


def raw_span(notice: Notice, start: int, end: int, raw: str) -> tuple[int, int]:
    """Map a [start, end) range of ``notice.text`` to the raw input ``raw``."""
    if notice.text == raw:
        return start, end
    raw_start = notice.raw_offset(start)
    # The last character's position + 1, so characters the normalizer dropped after it
    # (a closing "**", a line-wrap hyphen) stay outside the span.
    raw_end = notice.raw_offset(end - 1) + 1 if end > start else raw_start
    return raw_start, max(raw_start, min(raw_end, len(raw)))


def _payloads(notice: Notice) -> dict[tuple[int | None, int | None, str], dict]:
    """Plain data of each highlighted mention, keyed like ``highlight_spans`` (a mention without
    offsets is keyed too, and never looked up)."""
    out: dict[tuple[int | None, int | None, str], dict] = {}
    for asg in notice.assignments:
        for agency in [*asg.lead, *asg.coordinating]:
            out.setdefault((agency.start, agency.end, AGENCY), agency.model_dump(mode="json", exclude={"inherited"}))
        for deadline in asg.deadlines:
            out.setdefault((deadline.start, deadline.end, DEADLINE), deadline.model_dump(mode="json"))
    for ref in notice.references:
        out.setdefault((ref.start, ref.end, LEGAL_REF), ref.model_dump(mode="json"))
    return out


class VnDirectiveComponent:
    """Runs :func:`parse_text` on ``doc.text``; writes spans, ``doc._.vn_directive`` (plain data),
    and through it ``doc._.notice``, ``span._.agency``, ``span._.deadline``, ``span._.reference``."""

    def __init__(self, nlp: Language, name: str = "vn_directive", span_key: str = SPAN_KEY) -> None:
        self.name = name
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        notice = parse_text(doc.text)
        payloads = _payloads(notice)
        spans: list[Span] = []
        found: list[list] = []
        for start, end, label in sorted(highlight_spans(notice)):
            raw_start, raw_end = raw_span(notice, start, end, doc.text)
            span = doc.char_span(raw_start, raw_end, label=label, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
                found.append([span.start_char, span.end_char, label, payloads.get((start, end, label))])
        data = notice.model_dump(mode="json")
        data["spans"] = found
        doc._.set(DATA_EXT, data)
        doc.spans[self.span_key] = spans
        return doc


@Language.factory(
    "vn_directive",
    default_config={"span_key": SPAN_KEY},
    assigns=["doc._.vn_directive", "doc.spans"],
)
def make_vn_directive(nlp: Language, name: str, span_key: str) -> VnDirectiveComponent:
    """Factory of the ``vn_directive`` component (``nlp.add_pipe("vn_directive")``)."""
    return VnDirectiveComponent(nlp, name, span_key=span_key)
