"""Score predicted :class:`~vn_directive_nlp.models.Notice` objects against gold (SPEC §4).

Gold and prediction are aligned by ``quote``: a whitespace-folded, case-insensitive substring of
the predicted span's ``text``. Figures are micro counts (tp / fp / fn) or accuracies (correct /
total), per document and summed over the corpus.

Undefined ratios are ``None`` ("n/a"), never a guess: precision with no prediction, recall with
no gold. F1 is ``2·tp / (2·tp + fp + fn)`` whenever anything was expected or predicted — so an
empty prediction against non-empty gold has precision n/a, recall 0 and F1 0.

>>> s = score_document(gold_doc, parse_text(raw))  # doctest: +SKIP
>>> s.figures["assignments"].f1  # doctest: +SKIP
0.8
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import regex

from vn_directive_nlp.models import Notice
from vn_directive_nlp.textutil import fold

from .gold import GoldDoc

CLIP = 100  # characters of predicted text shown in the error listing

# Spaces a renderer left around the separators of a symbol: "107/2021/ NĐ - CP" → "107/2021/NĐ-CP".
_SYMBOL_SPACING_RE = regex.compile(r"\s*([/\-])\s*")
# Dash variants that stand for the same "-" in a symbol or a dash marker: "57–NQ/TW", "– Các bộ".
_DASHES_RE = regex.compile(r"[\u2010-\u2015\u2212]")
# Trailing punctuation that comparisons of marker labels ignore: "a)" = "a.", "Thứ nhất," = "Thứ nhất".
_LABEL_TAIL_RE = regex.compile(r"[\s.,:;)]+$")


# --- figures -----------------------------------------------------------------------------


@dataclass
class PRF:
    """Micro counts of a set comparison; ratios are None when undefined.

    >>> PRF(tp=2, fp=1, fn=1).f1
    0.6666666666666666
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    # 95 % bootstrap intervals over documents, ratio → (low, high); set on totals (bootstrap.py).
    ci: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def add(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def count(self, gold: Counter, pred: Counter) -> "PRF":
        """Add the multiset comparison of ``gold`` and ``pred``."""
        hit = sum((gold & pred).values())
        self.tp += hit
        self.fp += sum(pred.values()) - hit
        self.fn += sum(gold.values()) - hit
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1} | _ci_fields(self.ci)


@dataclass
class Accuracy:
    """Share of correct items; None when nothing was scored."""

    correct: int = 0
    total: int = 0
    ci: dict[str, Any] | None = field(default=None, compare=False, repr=False)  # as PRF.ci

    def add(self, other: "Accuracy") -> "Accuracy":
        self.correct += other.correct
        self.total += other.total
        return self

    def record(self, ok: bool) -> bool:
        self.total += 1
        self.correct += bool(ok)
        return ok

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.value} | _ci_fields(self.ci)


def _ci_fields(ci: dict[str, Any] | None) -> dict[str, Any]:
    """``{"f1_ci": [low, high], …}`` for the JSON report; nothing when no interval was computed."""
    if ci is None:
        return {}
    return {f"{k}_ci": None if v is None else [v[0], v[1]] for k, v in ci.items()}


Figure = PRF | Accuracy


def prf(figures: Mapping[str, Figure], name: str) -> PRF:
    """The figure ``name`` of ``figures``, one of ``PRF_FIELDS`` (a set comparison).

    >>> prf({"lead": PRF(tp=1)}, "lead").tp
    1
    """
    figure = figures[name]
    if not isinstance(figure, PRF):
        raise TypeError(f"{name} is an accuracy figure, not precision/recall")
    return figure


def add_figure(total: Figure, more: Figure) -> None:
    """Add the counts of ``more`` into ``total``, figures of one kind (a field's are all alike).

    >>> t = PRF(tp=1); add_figure(t, PRF(fp=2)); t.fp
    2
    """
    if isinstance(total, PRF) and isinstance(more, PRF):
        total.add(more)
    elif isinstance(total, Accuracy) and isinstance(more, Accuracy):
        total.add(more)
    else:
        raise TypeError(f"cannot add {type(more).__name__} figures to {type(total).__name__} ones")


@dataclass
class ErrorItem:
    """One actionable error: ``kind`` is missed (gold not found), extra (not in gold) or wrong."""

    field: str  # "segments", "assignments", "lead", "deadlines", "references", "metadata.signer", …
    kind: str  # "missed" | "extra" | "wrong"
    where: str  # gold quote, or predicted text clipped to ~100 chars
    expected: Any = None
    got: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "kind": self.kind, "where": self.where,
                "expected": _jsonable(self.expected), "got": _jsonable(self.got)}


@dataclass
class DocScore:
    """Figures and errors of one document; ``assignment_pairs`` maps gold index → predicted index."""

    doc_id: str
    text_file: str
    figures: dict[str, Figure] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)
    assignment_pairs: dict[int, int] = field(default_factory=dict)
    # Facts about the document the report groups by: genre, year band, dates, the gold file's hash.
    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "text_file": self.text_file, **self.info,
                "figures": {k: v.to_dict() for k, v in self.figures.items()},
                "errors": [e.to_dict() for e in self.errors]}


@dataclass
class CorpusScore:
    """Per-document scores and their micro totals."""

    documents: list[DocScore] = field(default_factory=list)
    totals: dict[str, Figure] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"totals": {k: v.to_dict() for k, v in self.totals.items()},
                "documents": [d.to_dict() for d in self.documents]}


PRF_FIELDS = ("segments", "assignments", "lead", "coordinating", "deadlines", "deadline_dates", "references")
METADATA_FIELDS = ("number", "doc_type", "issuer", "place", "issued_date", "meeting_date",
                   "presiding", "signer", "reports", "kind")
ACCURACY_FIELDS = ("segment_ids", "reference_dates", "fully_right") + tuple(f"metadata.{f}" for f in METADATA_FIELDS)


# --- comparison keys ---------------------------------------------------------------------


def symbol_key(number: str | None) -> str | None:
    """Comparison key of a document symbol: folded, one kind of dash, no spaces around / and -.

    >>> symbol_key("107/2021/ NĐ – CP") == symbol_key("107/2021/nđ-cp")
    True
    """
    if number is None:
        return None
    return _SYMBOL_SPACING_RE.sub(r"\1", fold(_DASHES_RE.sub("-", number))) or None


def label_key(label: str) -> str:
    """Comparison key of a marker label, ignoring case and trailing punctuation ("a)" = "A.")."""
    folded = fold(_DASHES_RE.sub("-", label))
    stripped = _LABEL_TAIL_RE.sub("", folded)
    return stripped or folded  # a lone "-" or ")" label keeps itself


def _date_key(d: _dt.date | str | None) -> str | None:
    return d.isoformat() if isinstance(d, _dt.date) else d


def _clip(text: str, n: int = CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _jsonable(v: Any) -> Any:
    if isinstance(v, (_dt.date,)):
        return v.isoformat()
    if isinstance(v, (list, tuple, set)):
        return [_jsonable(x) for x in (sorted(v, key=str) if isinstance(v, set) else v)]
    return v


def _fold_set(names: Iterable[str]) -> dict[str, str]:
    """Folded key → first spelling, for names compared by ``fold``."""
    out: dict[str, str] = {}
    for n in names:
        out.setdefault(fold(n), n)
    return out


# --- alignment -----------------------------------------------------------------------------


def align_assignments(gold: GoldDoc, notice: Notice) -> dict[int, int]:
    """One-to-one matching gold assignment index → predicted index, by quote containment.

    A maximum bipartite matching (Kuhn's augmenting paths), trying the shortest containing
    prediction first, so a duplicated prediction can match only one gold and one prediction
    spanning two gold assignments counts once.
    """
    folded = [fold(a.text) for a in notice.assignments]
    cands: list[list[int]] = []
    for g in gold.assignments:
        q = fold(g.quote)
        idx = [j for j, t in enumerate(folded) if q and q in t]
        cands.append(sorted(idx, key=lambda j: len(folded[j])))
    owner: dict[int, int] = {}  # predicted → gold

    def augment(i: int, seen: set[int]) -> bool:
        for j in cands[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold.assignments)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


# --- per-field scoring -----------------------------------------------------------------------


def _score_segments(gold: GoldDoc, notice: Notice, s: DocScore) -> None:
    prf, ids = PRF(), Accuracy()
    folded = [fold(seg.text) for seg in notice.segments]
    used: set[int] = set()
    for g in gold.segments:
        q = fold(g.quote)
        inside = [j for j, t in enumerate(folded) if q and q in t]
        inner = min(inside, key=lambda j: (len(folded[j]), -notice.segments[j].level)) if inside else None
        if inner is not None and inner not in used and label_key(notice.segments[inner].label) == label_key(g.label):
            used.add(inner)
            prf.tp += 1
            p = notice.segments[inner]
            if not ids.record(p.id == g.id):
                s.errors.append(ErrorItem("segment_ids", "wrong", g.quote, f"{g.id} {g.label}", f"{p.id} {p.label}"))
        else:
            prf.fn += 1
            got = None if inner is None else f"innermost is {notice.segments[inner].id} {notice.segments[inner].label!r}"
            s.errors.append(ErrorItem("segments", "missed", g.quote, f"{g.id} {g.label!r}", got))
    for j, p in enumerate(notice.segments):
        if j not in used:
            prf.fp += 1
            s.errors.append(ErrorItem("segments", "extra", _clip(p.text), None, f"{p.id} {p.label!r}"))
    s.figures["segments"], s.figures["segment_ids"] = prf, ids


def _deadline_counter(items: Iterable[Any]) -> Counter:
    return Counter((d.kind, _date_key(d.date)) for d in items)


def _date_counter(items: Iterable[Any]) -> Counter:
    return Counter(_date_key(d.date) for d in items if d.date is not None)


def _score_assignments(gold: GoldDoc, notice: Notice, s: DocScore) -> None:
    pairs = align_assignments(gold, notice)
    s.assignment_pairs = pairs
    det, lead, coord, dl, dates, full = PRF(), PRF(), PRF(), PRF(), PRF(), Accuracy()
    for i, g in enumerate(gold.assignments):
        if i not in pairs:
            det.fn += 1
            full.record(False)
            s.errors.append(ErrorItem("assignments", "missed", g.quote, {"lead": g.lead, "deadlines": _fmt_deadlines(g.deadlines)}))
            continue
        det.tp += 1
        p = notice.assignments[pairs[i]]
        lead_ok = _score_names("lead", g.quote, g.lead, [a.name for a in p.lead], lead, s)
        _score_names("coordinating", g.quote, g.coordinating, [a.name for a in p.coordinating], coord, s)
        gd, pd = _deadline_counter(g.deadlines), _deadline_counter(p.deadlines)
        dl.count(gd, pd)
        dates.count(_date_counter(g.deadlines), _date_counter(p.deadlines))
        if gd != pd:
            s.errors.append(ErrorItem("deadlines", "wrong", g.quote, _fmt_deadlines(g.deadlines), _fmt_deadlines(p.deadlines)))
        full.record(lead_ok and gd == pd)
    matched = set(pairs.values())
    for j, p in enumerate(notice.assignments):
        if j not in matched:
            det.fp += 1
            s.errors.append(ErrorItem("assignments", "extra", _clip(p.text), None,
                                      {"lead": [a.name for a in p.lead], "deadlines": _fmt_deadlines(p.deadlines)}))
    s.figures.update(assignments=det, lead=lead, coordinating=coord, deadlines=dl, deadline_dates=dates, fully_right=full)


def _score_names(name: str, quote: str, gold_names: list[str], pred_names: list[str], prf: PRF, s: DocScore) -> bool:
    g, p = _fold_set(gold_names), _fold_set(pred_names)
    prf.count(Counter(g.keys()), Counter(p.keys()))
    if set(g) != set(p):
        s.errors.append(ErrorItem(name, "wrong", quote, sorted(g.values()), sorted(p.values())))
        return False
    return True


def _fmt_deadlines(items: Iterable[Any]) -> list[str]:
    return [f"{d.kind} {_date_key(d.date) or '-'}" + (f" ({d.recurrence})" if d.recurrence else "") for d in items]


def _score_references(gold: GoldDoc, notice: Notice, s: DocScore) -> None:
    prf, dates = PRF(), Accuracy()
    g: dict[str, Any] = {}
    for r in gold.references:
        if (k := symbol_key(r.number)) is not None:
            g.setdefault(k, r)
    p: dict[str, Any] = {}
    for ref in notice.references:
        if (k := symbol_key(ref.number)) is not None:
            # Keep the first mention that gives a date: later mentions often omit it.
            if k not in p or (p[k].date is None and ref.date is not None):
                p[k] = ref
    for k, r in g.items():
        accepted = [_date_key(d) for d in r.acceptable_dates()]
        shown = accepted[0] if len(accepted) == 1 else " or ".join(map(str, accepted))
        if k in p:
            prf.tp += 1
            # Where the document gives a cited document two dates, gold lists both: either is right.
            if not dates.record(_date_key(p[k].date) in accepted):
                s.errors.append(ErrorItem("reference_dates", "wrong", r.number, shown, _date_key(p[k].date)))
        else:
            prf.fn += 1
            s.errors.append(ErrorItem("references", "missed", r.number, {"doc_type": r.doc_type, "date": shown}))
    for k, r in p.items():
        if k not in g:
            prf.fp += 1
            s.errors.append(ErrorItem("references", "extra", _clip(r.text), None, r.number))
    s.figures["references"], s.figures["reference_dates"] = prf, dates


def _scalar(v: Any) -> Any:
    return None if v is None else fold(v) if isinstance(v, str) else _date_key(v)


# How each metadata field is compared: value → comparison key.
_METADATA_KEYS: dict[str, Callable[[Any], Any]] = {
    "number": symbol_key,
    "reports": symbol_key,
    "presiding": lambda v: frozenset(fold(x) for x in v or ()),
}


def _score_metadata(gold: GoldDoc, notice: Notice, s: DocScore) -> None:
    given = gold.metadata.given()
    for f in METADATA_FIELDS:
        acc = Accuracy()
        if f == "kind":
            exp, got = gold.kind, notice.kind
        elif f in given:
            exp, got = getattr(gold.metadata, f), getattr(notice.metadata, f)
        else:
            s.figures[f"metadata.{f}"] = acc
            continue
        key = _METADATA_KEYS.get(f, _scalar)
        if not acc.record(key(exp) == key(got)):
            s.errors.append(ErrorItem(f"metadata.{f}", "wrong", f, exp, got))
        s.figures[f"metadata.{f}"] = acc


# --- entry points ------------------------------------------------------------------------------


def score_document(gold: GoldDoc, notice: Notice) -> DocScore:
    """Score one predicted document against its gold.

    >>> score_document(gold_doc, parse_text(raw)).figures["lead"].to_dict()  # doctest: +SKIP
    {'tp': 5, 'fp': 1, 'fn': 2, 'precision': 0.833…, 'recall': 0.714…, 'f1': 0.769…}
    """
    s = DocScore(gold.doc_id, gold.text_file)
    _score_segments(gold, notice, s)
    _score_assignments(gold, notice, s)
    _score_references(gold, notice, s)
    _score_metadata(gold, notice, s)
    return s


def sum_figures(docs: Iterable[DocScore]) -> dict[str, Figure]:
    """Micro totals of per-document figures."""
    totals: dict[str, Figure] = {f: PRF() for f in PRF_FIELDS}
    totals.update({f: Accuracy() for f in ACCURACY_FIELDS})
    for d in docs:
        for k, v in d.figures.items():
            add_figure(totals.setdefault(k, type(v)()), v)
    return totals


def score_corpus(pairs: Iterable[tuple[GoldDoc, Notice]]) -> CorpusScore:
    """Score every (gold, prediction) pair and sum the figures (micro over the corpus).

    >>> score_corpus([(gold_doc, notice)]).totals["references"].f1  # doctest: +SKIP
    1.0
    """
    docs = [score_document(g, n) for g, n in pairs]
    return CorpusScore(documents=docs, totals=sum_figures(docs))
