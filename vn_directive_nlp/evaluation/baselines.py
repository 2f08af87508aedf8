"""Off-the-shelf baselines scored on the same gold, beside our extractor.

- lead agencies: underthesea ``ner`` ORG spans, mapped to canonical names by
  :func:`vn_directive_nlp.agencies.find_agencies`;
- deadlines: dateparser ``search_dates(…, languages=["vi"])`` — it gives no kind, so it is scored
  on dates only, and so is ours beside it;
- references: one naive regex, no normalization.

The units are the gold assignments: our matched assignment's text where we found it, else the
sentence holding the gold quote. Ours is scored on the same units end to end (a gold
assignment we missed counts its lead / dates as missed), so the two rows compare like with like.

>>> rows = run_baselines([(gold_doc, notice, doc_score)])  # doctest: +SKIP
>>> rows[0].name, rows[0].baseline.f1  # doctest: +SKIP
('underthesea ner (ORG)', 0.12)
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field  # (BaselineRow has a field named "field")
from typing import Any, Callable, Iterable

import regex

from vn_directive_nlp.errors import MissingExtraError
from vn_directive_nlp.models import Notice
from vn_directive_nlp.textutil import fold, modern_tones, nfc

from .gold import GoldDoc
from .scorer import PRF, DocScore, add_figure, symbol_key

# The naive reference baseline: digits, a slash, letters and hyphens — "1085/QĐ-TTg" (but "2021/NĐ-CP"
# out of "107/2021/NĐ-CP", and nothing of "57-NQ/TW"): what a first attempt looks like. Lower case is
# allowed, else the "g" of "TTg" is cut off and the commonest symbol never matches.
NAIVE_REFERENCE_RE = regex.compile(r"\d+/[A-Za-zĐđ\-]+")
# A sentence ends at a line break or at ".!?" before a space: "… trước ngày 30/6/2024. Bộ Tài chính …".
_SENTENCE_END_RE = regex.compile(r"\n|(?<=[.!?])\s+")
# Fallback relative base for dateparser when no issued date is known, so runs are reproducible.
_DEFAULT_BASE = _dt.datetime(2000, 1, 1)


@dataclass
class BaselineRow:
    """One baseline figure beside ours on the same units; ``baseline`` is None when unavailable."""

    field: str  # "lead" | "deadline_dates" | "references"
    name: str
    units: str
    ours: PRF
    baseline: PRF | None
    reason: str | None = None  # why the baseline is unavailable
    # The same figures per document (for the bootstrap intervals); baseline entries None when unavailable.
    per_document: list[dict[str, PRF]] = dataclass_field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "name": self.name, "units": self.units,
                "ours": self.ours.to_dict(),
                "baseline": None if self.baseline is None else self.baseline.to_dict(),
                "available": self.baseline is not None, "reason": self.reason}


Item = tuple[GoldDoc, Notice, DocScore]


# --- units -------------------------------------------------------------------------------------


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``, whitespace-folded and case-insensitive.

    >>> find_quote("1. Bộ  Tài chính\\nchủ trì", "bộ tài chính chủ")
    (3, 20)
    """
    words = modern_tones(nfc(quote)).split()
    if not words:
        return None
    pattern = regex.compile(r"\s+".join(regex.escape(w) for w in words), regex.IGNORECASE)
    m = pattern.search(modern_tones(text))
    return m.span() if m else None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` covering ``text[start:end]``."""
    left = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, start):
        left = m.end()
    after = _SENTENCE_END_RE.search(text, end)
    return text[left : after.start() if after else len(text)].strip()


@dataclass
class Unit:
    """A gold assignment and the text a baseline reads for it."""

    gold_lead: list[str]
    gold_deadlines: list[Any]
    text: str
    ours_lead: list[str]  # empty when we missed the assignment
    ours_deadlines: list[Any]
    on_our_span: bool
    issued: _dt.date | None
    doc: int = 0  # index of its document in the items


def units_of(items: Iterable[Item]) -> list[Unit]:
    """One unit per gold assignment (see the module docstring)."""
    units = []
    for doc, (gold, notice, score) in enumerate(items):
        issued = gold.metadata.issued_date or notice.metadata.issued_date
        for i, g in enumerate(gold.assignments):
            if i in score.assignment_pairs:
                p = notice.assignments[score.assignment_pairs[i]]
                units.append(Unit(g.lead, g.deadlines, p.text, [a.name for a in p.lead], p.deadlines, True, issued, doc))
                continue
            span = find_quote(notice.text, g.quote)
            text = sentence_around(notice.text, *span) if span else g.quote
            units.append(Unit(g.lead, g.deadlines, text, [], [], False, issued, doc))
    return units


def _units_label(units: list[Unit]) -> str:
    ours = sum(u.on_our_span for u in units)
    return f"{len(units)} gold assignments ({ours} on our span, {len(units) - ours} on the quote's sentence)"


# --- baselines ---------------------------------------------------------------------------------


def ner_org_spans(text: str) -> list[str]:
    """ORG spans tagged by underthesea ``ner`` ("Bộ Tài chính" if the model tags it so); raises
    ``MissingExtraError`` (extra "baselines") without underthesea."""
    from vn_directive_nlp.extras import require

    ner = require("underthesea", "baselines", "the underthesea baseline").ner  # heavy: loads a CRF model

    spans: list[list[str]] = []
    current: list[str] | None = None
    for token in ner(text):
        word, tag = token[0], token[-1]
        if tag == "I-ORG" and current is not None:
            current.append(word)
        elif tag in ("B-ORG", "I-ORG"):
            current = [word]
            spans.append(current)
        else:
            current = None
    return [" ".join(s) for s in spans]


def _canonical(span: str, on_date: _dt.date | None) -> list[str]:
    from vn_directive_nlp.agencies import find_agencies

    found = find_agencies(span, on_date=on_date)
    return [a.name for a in found] if found else [span]


def _fold_counter(names: Iterable[str]) -> Counter:
    return Counter({fold(n): 1 for n in names})


def lead_baseline(units: list[Unit], ner_spans: Callable[[str], list[str]] = ner_org_spans) -> tuple[PRF, PRF]:
    """(baseline, ours) lead-agency set P/R/F1 over ``units``."""
    base, ours = PRF(), PRF()
    for u in units:
        gold = _fold_counter(u.gold_lead)
        names = [n for span in ner_spans(u.text) for n in _canonical(span, u.issued)]
        base.count(gold, _fold_counter(names))
        ours.count(gold, _fold_counter(u.ours_lead))
    return base, ours


def dateparser_dates(text: str, issued: _dt.date | None) -> list[_dt.date]:
    """Dates that dateparser finds in ``text``, relative to the issue date (reproducible).

    ``PREFER_DAY_OF_MONTH="last"`` gives it the SPEC's "within a month = last day" convention.
    """
    from vn_directive_nlp.extras import require

    search_dates = require("dateparser.search", "baselines", "the dateparser baseline").search_dates  # heavy

    base = _dt.datetime.combine(issued, _dt.time()) if issued else _DEFAULT_BASE
    found = search_dates(text, languages=["vi"],
                         settings={"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "last"}) or []
    return [d.date() for _, d in found]


def deadline_baseline(units: list[Unit], find_dates: Callable[[str, _dt.date | None], list[_dt.date]] = dateparser_dates) -> tuple[PRF, PRF]:
    """(baseline, ours) deadline multiset P/R/F1 on dates only (gold deadlines with a date)."""
    base, ours = PRF(), PRF()
    for u in units:
        gold = Counter(d.date.isoformat() for d in u.gold_deadlines if d.date is not None)
        base.count(gold, Counter(d.isoformat() for d in find_dates(u.text, u.issued)))
        ours.count(gold, Counter(d.date.isoformat() for d in u.ours_deadlines if d.date is not None))
    return base, ours


def reference_baseline(items: Iterable[Item]) -> tuple[PRF, PRF]:
    """(baseline, ours) document-level reference-number set P/R/F1; the regex runs on ``text``."""
    base, ours = PRF(), PRF()
    for gold, notice, score in items:
        g = Counter({k: 1 for r in gold.references if (k := symbol_key(r.number))})
        found = Counter({symbol_key(m.group(0)): 1 for m in NAIVE_REFERENCE_RE.finditer(notice.text)})
        base.count(g, found)
        add_figure(ours, score.figures["references"])
    return base, ours


def _per_document(n_docs: int, units: list[Unit], score: Callable[[list[Unit]], tuple[PRF, PRF]],
                  available: bool) -> tuple[PRF | None, PRF, list[dict[str, PRF]]]:
    """(baseline total, ours total, per-document figures) of a unit-level baseline."""
    by_doc: list[list[Unit]] = [[] for _ in range(n_docs)]
    for u in units:
        by_doc[u.doc].append(u)
    per_doc = [dict(zip(("baseline", "ours"), score(us))) for us in by_doc]
    base, ours = PRF(), PRF()
    for d in per_doc:
        base.add(d["baseline"])
        ours.add(d["ours"])
    if not available:
        per_doc = [{"ours": d["ours"]} for d in per_doc]
    return (base if available else None), ours, per_doc


def _availability(check: Callable[[], Any]) -> str | None:
    """None when the baseline runs here, else the reason it cannot (a model it cannot load
    offline); a missing package is no reason but an error (``MissingExtraError``, extra "baselines")."""
    try:
        check()
    except MissingExtraError:
        raise
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def run_baselines(items: list[Item]) -> list[BaselineRow]:
    """Every baseline beside ours; one that cannot run here is reported with its reason.

    Raises ``MissingExtraError`` when underthesea or dateparser is not installed (the
    ``baselines`` extra)."""
    units = units_of(items)
    label = _units_label(units)
    rows = []
    reason = _availability(lambda: ner_org_spans("Bộ Tài chính chủ trì."))
    lead = (lambda us: lead_baseline(us)) if reason is None else (lambda us: lead_baseline(us, lambda t: []))
    base, ours, per_doc = _per_document(len(items), units, lead, reason is None)
    rows.append(BaselineRow("lead", "underthesea ner (ORG spans → find_agencies)", label, ours, base, reason, per_doc))
    reason = _availability(lambda: dateparser_dates("trước ngày 15/5/2024", None))
    dates = ((lambda us: deadline_baseline(us)) if reason is None
             else (lambda us: deadline_baseline(us, lambda t, d: [])))
    base, ours, per_doc = _per_document(len(items), units, dates, reason is None)
    rows.append(BaselineRow("deadline_dates", "dateparser search_dates (date only)", label, ours, base, reason, per_doc))
    per_doc = [dict(zip(("baseline", "ours"), reference_baseline([item]))) for item in items]
    base, ours = reference_baseline(items)
    rows.append(BaselineRow("references", f"naive regex `{NAIVE_REFERENCE_RE.pattern}`",
                            f"{len(items)} documents (document-level set)", ours, base, per_document=per_doc))
    return rows
