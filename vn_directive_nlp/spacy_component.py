"""spaCy pipeline component ``vn_directive``: the parsed Notice on ``doc._.notice`` and
AGENCY / DEADLINE / LEGAL_REF spans in ``doc.spans["vn_directive"]``.

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

from .extras import require

require("spacy", "spacy", "the spaCy component")
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

from .models import Notice  # noqa: E402
from .pipeline import parse_text  # noqa: E402
from .render import AGENCY, DEADLINE, LEGAL_REF, highlight_spans

SPAN_KEY = "vn_directive"
LABELS = (AGENCY, DEADLINE, LEGAL_REF)

if not Doc.has_extension("notice"):
    Doc.set_extension("notice", default=None)


def raw_span(notice: Notice, start: int, end: int, raw: str) -> tuple[int, int]:
    """Map a [start, end) range of ``notice.text`` to the raw input ``raw``."""
    if notice.text == raw:
        return start, end
    raw_start = notice.raw_offset(start)
    # The last character's position + 1, so characters the normalizer dropped after it
    # (a closing "**", a line-wrap hyphen) stay outside the span.
    raw_end = notice.raw_offset(end - 1) + 1 if end > start else raw_start
    return raw_start, max(raw_start, min(raw_end, len(raw)))


class VnDirectiveComponent:
    """Runs :func:`parse_text` on ``doc.text`` and writes spans + ``doc._.notice``."""

    def __init__(self, nlp: Language, name: str = "vn_directive", span_key: str = SPAN_KEY) -> None:
        self.name = name
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        notice = parse_text(doc.text)
        doc._.notice = notice
        spans: list[Span] = []
        for start, end, label in sorted(highlight_spans(notice)):
            raw_start, raw_end = raw_span(notice, start, end, doc.text)
            span = doc.char_span(raw_start, raw_end, label=label, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        doc.spans[self.span_key] = spans
        return doc


@Language.factory(
    "vn_directive",
    default_config={"span_key": SPAN_KEY},
    assigns=["doc._.notice", "doc.spans"],
)
def make_vn_directive(nlp: Language, name: str, span_key: str) -> VnDirectiveComponent:
    """Factory of the ``vn_directive`` component (``nlp.add_pipe("vn_directive")``)."""
    return VnDirectiveComponent(nlp, name, span_key=span_key)
