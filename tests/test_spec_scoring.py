"""SPEC §4 scoring written a second time, independently of vn_directive_nlp.evaluation, from the SPEC text.

It reads gold as plain JSON and aligns by its own rules (a greedy alignment where the evaluation uses a
maximum matching); on a hand-computed example both must give the worked-out counts for every field,
and over the seeds both must agree within 0.01 on every figure.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from test_scorer import GOLD, TEXT, partial
from vn_directive_nlp import parse_text
from vn_directive_nlp.evaluation.scorer import score_corpus, score_document
from vn_directive_nlp.evaluation.gold import GoldDoc
from vn_directive_nlp.models import LegalReference, Notice
from vn_directive_nlp.textutil import modern_tones

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").glob("*.gold.json"))
METADATA = ("number", "doc_type", "issuer", "place", "issued_date", "meeting_date", "presiding", "signer", "reports")


def norm(s: str) -> str:
    """SPEC: compared case-insensitively after NFC, tone-placement normalization and whitespace folding."""
    return " ".join(modern_tones(unicodedata.normalize("NFC", s)).split()).casefold()


def symbol(s: str | None) -> str | None:
    """SPEC: the official symbol, normalized for spaces around "/" and "-" (dashes alike)."""
    if s is None:
        return None
    s = norm(s)
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        s = s.replace(dash, "-")
    for sep in "/-":
        s = sep.join(part.strip() for part in s.split(sep))
    return s


def label(s: str) -> str:
    """SPEC: label comparisons ignore trailing punctuation."""
    return norm(s).rstrip(" .,:;)") or norm(s)


def iso(d) -> str | None:
    return None if d is None else str(d)[:10]


def prf(gold: Counter, pred: Counter) -> list[int]:
    tp = sum((gold & pred).values())
    return [tp, sum(pred.values()) - tp, sum(gold.values()) - tp]


def add(totals: dict, key: str, counts: list[int]) -> None:
    totals[key] = [a + b for a, b in zip(totals.get(key, [0] * len(counts)), counts)]


def spec_score(gold: dict, notice: Notice) -> dict[str, list[int]]:
    """field → [tp, fp, fn] or [correct, total] for one document."""
    out: dict[str, list[int]] = {}
    # Segments: the innermost predicted segment holding the quote, with the same label.
    used: set[int] = set()
    ids_ok = 0
    for g in gold.get("segments", []):
        holding = [j for j, s in enumerate(notice.segments) if norm(g["quote"]) in norm(s.text)]
        j = min(holding, key=lambda j: len(notice.segments[j].text)) if holding else None
        if j is not None and j not in used and label(notice.segments[j].label) == label(g["label"]):
            used.add(j)
            ids_ok += notice.segments[j].id == g["id"]
    n_gold = len(gold.get("segments", []))
    out["segments"] = [len(used), len(notice.segments) - len(used), n_gold - len(used)]
    out["segment_ids"] = [ids_ok, len(used)]
    # Assignments: each gold quote to the shortest unused prediction holding it, rarest quotes first.
    golds = gold.get("assignments", [])
    holders = {i: [j for j, a in enumerate(notice.assignments) if norm(g["quote"]) in norm(a.text)]
               for i, g in enumerate(golds)}
    pairs: dict[int, int] = {}
    for i in sorted(holders, key=lambda i: len(holders[i])):
        free = [j for j in holders[i] if j not in pairs.values()]
        if free:
            pairs[i] = min(free, key=lambda j: len(notice.assignments[j].text))
    out["assignments"] = [len(pairs), len(notice.assignments) - len(pairs), len(golds) - len(pairs)]
    full = 0
    for key in ("lead", "coordinating", "deadlines", "deadline_dates"):
        out[key] = [0, 0, 0]
    for i, j in pairs.items():
        g, p = golds[i], notice.assignments[j]
        lead_g, lead_p = Counter({norm(x): 1 for x in g.get("lead", [])}), Counter({norm(a.name): 1 for a in p.lead})
        add(out, "lead", prf(lead_g, lead_p))
        add(out, "coordinating", prf(Counter({norm(x): 1 for x in g.get("coordinating", [])}),
                                     Counter({norm(a.name): 1 for a in p.coordinating})))
        dl_g = Counter((d["kind"], iso(d.get("date"))) for d in g.get("deadlines", []))
        dl_p = Counter((d.kind, iso(d.date)) for d in p.deadlines)
        add(out, "deadlines", prf(dl_g, dl_p))
        add(out, "deadline_dates", prf(Counter(iso(d.get("date")) for d in g.get("deadlines", []) if d.get("date")),
                                       Counter(iso(d.date) for d in p.deadlines if d.date)))
        full += lead_g == lead_p and dl_g == dl_p
    out["fully_right"] = [full, len(golds)]
    # References: document-level set of numbers; date accuracy over matched numbers (any listed date).
    ref_g = {}
    for r in gold.get("references", []):
        if r.get("number"):
            dates = r.get("date") if isinstance(r.get("date"), list) else [r.get("date")]
            ref_g.setdefault(symbol(r["number"]), [iso(d) for d in dates])
    ref_p: dict[str, str | None] = {}
    for r in notice.references:
        if r.number and (symbol(r.number) not in ref_p or ref_p[symbol(r.number)] is None):
            ref_p[symbol(r.number)] = iso(r.date)
    hit = [k for k in ref_g if k in ref_p]
    out["references"] = [len(hit), len(ref_p) - len(hit), len(ref_g) - len(hit)]
    out["reference_dates"] = [sum(ref_p[k] in ref_g[k] for k in hit), len(hit)]
    # Metadata: each field gold gives (null included), and the kind.
    meta = gold.get("metadata", {})
    for f in METADATA:
        if f in meta:
            key = {"number": symbol, "reports": symbol,
                   "presiding": lambda v: sorted(norm(x) for x in v or []),
                   "issued_date": iso, "meeting_date": iso}.get(f, lambda v: None if v is None else norm(v))
            out[f"metadata.{f}"] = [int(key(meta[f]) == key(getattr(notice.metadata, f))), 1]
    out["metadata.kind"] = [int(gold["kind"] == notice.kind), 1]
    return out


def ratio(counts: list[int]) -> dict[str, float | None]:
    if len(counts) == 2:
        return {"accuracy": counts[0] / counts[1] if counts[1] else None}
    tp, fp, fn = counts
    return {"precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None,
            "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else None}


def ours(fig) -> list[int]:
    return [fig.tp, fig.fp, fig.fn] if hasattr(fig, "tp") else [fig.correct, fig.total]


# Worked out by hand for tests/test_scorer.py's partial prediction (see its comments there).
HAND = {
    "segments": [2, 0, 1], "segment_ids": [2, 2], "assignments": [2, 1, 1], "lead": [2, 1, 0],
    "coordinating": [0, 0, 1], "deadlines": [1, 1, 1], "deadline_dates": [2, 0, 0], "fully_right": [0, 3],
    "references": [1, 1, 1], "reference_dates": [1, 1], "metadata.number": [1, 1],
    "metadata.issued_date": [0, 1], "metadata.signer": [0, 1], "metadata.kind": [1, 1],
}


@pytest.mark.parametrize("field", sorted(HAND))
def test_hand_computed_example_per_field(field):
    gold = json.loads(GOLD.model_dump_json(exclude_unset=True))
    assert spec_score(gold, partial())[field] == HAND[field]
    assert ours(score_document(GOLD, partial()).figures[field]) == HAND[field]


@pytest.mark.parametrize("predicted, right", [("2022-09-16", 1), ("2022-09-15", 1), ("2022-09-17", 0)])
def test_hand_computed_reference_date_list(predicted, right):
    data = json.loads(GOLD.model_dump_json(exclude_unset=True))
    data["references"][0]["date"] = ["2022-09-15", "2022-09-16"]
    notice = Notice(text=TEXT, references=[LegalReference(text="x", number="1085/QĐ-TTg",
                                                          date=dt.date.fromisoformat(predicted), start=0, end=1)])
    expected = [right, 1]
    assert spec_score(data, notice)["reference_dates"] == expected
    assert ours(score_document(GoldDoc.model_validate(data), notice).figures["reference_dates"]) == expected


def test_evaluation_agrees_with_the_spec_implementation_on_the_seeds():
    assert SEEDS, "the seeds are part of the repository"
    pairs, totals = [], {}
    for path in SEEDS:
        data = json.loads(path.read_text(encoding="utf-8"))
        notice = parse_text((path.parent / data["text_file"]).read_bytes().decode("utf-8-sig"))
        pairs.append((GoldDoc.model_validate(data), notice))
        for k, v in spec_score(data, notice).items():
            add(totals, k, v)
    evaluated = score_corpus(pairs).totals
    compared = 0
    for field, counts in totals.items():
        mine, theirs = ratio(counts), ratio(ours(evaluated[field]))
        for name, value in mine.items():
            other = theirs[name]
            assert (value is None) == (other is None), (field, name, value, other)
            if value is not None:
                assert abs(value - other) <= 0.01, (field, name, value, other)
                compared += 1
    assert compared >= 30  # every PRF and accuracy field of the seeds took part
