"""95 % bootstrap confidence intervals over documents.

Every figure is a micro ratio of counts summed over documents (tp/fp/fn, or correct/total). A
resample draws as many documents as there are, with replacement (documents, not items: the items of
one document are not independent), sums their counts and recomputes the figure; the interval is the
2.5th and 97.5th percentile (linear interpolation) of the resampled figures. ``RESAMPLES`` resamples
from a fixed ``SEED``, so a report is reproducible. A resample where the figure is undefined (no
prediction for a precision) is left out; with no defined resample the interval is None.

>>> from vn_directive_nlp.evaluation.scorer import Accuracy
>>> docs = [{"x": Accuracy(1, 1)}, {"x": Accuracy(0, 1)}, {"x": Accuracy(1, 1)}, {"x": Accuracy(1, 1)}]
>>> cis = bootstrap_cis(docs)
>>> cis["x"]["accuracy"]
(0.25, 1.0)
"""

from __future__ import annotations

import math
import random
from operator import mul
from typing import Any, Iterable, Mapping, Sequence

RESAMPLES = 1000
SEED = 20240521
CONFIDENCE = 0.95

# Counts kept per figure type, and the ratios made from them.
_COUNTS = {"PRF": ("tp", "fp", "fn"), "Accuracy": ("correct", "total")}


def ratios(kind: str, c: Mapping[str, int]) -> dict[str, float | None]:
    """The figure's ratios from its counts (None when undefined), as the scorer defines them.

    >>> ratios("PRF", {"tp": 2, "fp": 1, "fn": 0})
    {'precision': 0.6666666666666666, 'recall': 1.0, 'f1': 0.8}
    """
    if kind == "Accuracy":
        return {"accuracy": c["correct"] / c["total"] if c["total"] else None}
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return {"precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
            "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else None}


def percentile(sorted_values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of sorted values, linearly interpolated.

    >>> percentile([0.0, 1.0, 2.0, 3.0, 4.0], 0.25)
    1.0
    """
    pos = q * (len(sorted_values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def resample_weights(n: int, resamples: int = RESAMPLES, seed: int = SEED) -> Iterable[list[int]]:
    """For each resample, how many times each of ``n`` documents was drawn."""
    rng = random.Random(seed)
    for _ in range(resamples):
        w = [0] * n
        for _ in range(n):
            w[rng.randrange(n)] += 1
        yield w


def _columns(docs: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, dict[str, list[int]]]]:
    """field → (figure kind, count name → per-document counts); a field a document lacks counts 0."""
    cols: dict[str, tuple[str, dict[str, list[int]]]] = {}
    for i, figures in enumerate(docs):
        for name, fig in figures.items():
            kind = type(fig).__name__
            if name not in cols:
                cols[name] = (kind, {c: [0] * len(docs) for c in _COUNTS[kind]})
            for c in _COUNTS[kind]:
                cols[name][1][c][i] = getattr(fig, c)
    return cols


def bootstrap_cis(docs: Sequence[Mapping[str, Any]], *, resamples: int = RESAMPLES, seed: int = SEED,
                  confidence: float = CONFIDENCE) -> dict[str, dict[str, tuple[float, float] | None]]:
    """field → ratio → (low, high) over document resamples; ``docs`` holds each document's figures."""
    if not docs:
        return {}
    cols = _columns(docs)
    draws: dict[tuple[str, str], list[float]] = {}
    for w in resample_weights(len(docs), resamples, seed):
        for name, (kind, counts) in cols.items():
            summed = {c: sum(map(mul, w, v)) for c, v in counts.items()}
            for ratio, value in ratios(kind, summed).items():
                if value is not None:
                    draws.setdefault((name, ratio), []).append(value)
    tail = (1 - confidence) / 2
    out: dict[str, dict[str, tuple[float, float] | None]] = {}
    for name, (kind, _) in cols.items():
        out[name] = {}
        for ratio in ratios(kind, dict.fromkeys(_COUNTS[kind], 0)):
            values = sorted(draws.get((name, ratio), []))
            out[name][ratio] = (percentile(values, tail), percentile(values, 1 - tail)) if values else None
    return out


def paired_delta_cis(old_docs: list[Mapping[str, Any]], new_docs: list[Mapping[str, Any]], *,
                     resamples: int = RESAMPLES, seed: int = SEED,
                     confidence: float = CONFIDENCE) -> dict[str, tuple[float, float] | None]:
    """field → interval of (new − old) headline ratio (F1 or accuracy), resampling the same documents
    for both; ``old_docs[i]`` and ``new_docs[i]`` are one document's figures in the two reports."""
    if not old_docs:
        return {}
    old_cols, new_cols = _columns(old_docs), _columns(new_docs)
    names = [n for n in new_cols if n in old_cols and old_cols[n][0] == new_cols[n][0]]
    headline = {"PRF": "f1", "Accuracy": "accuracy"}
    draws: dict[str, list[float]] = {n: [] for n in names}
    for w in resample_weights(len(old_docs), resamples, seed):
        for n in names:
            kind = new_cols[n][0]
            before, after = [ratios(kind, {c: sum(map(mul, w, v)) for c, v in cols[n][1].items()})[headline[kind]]
                             for cols in (old_cols, new_cols)]
            if before is not None and after is not None:
                draws[n].append(after - before)
    tail = (1 - confidence) / 2
    return {n: (percentile(sorted(v), tail), percentile(sorted(v), 1 - tail)) if v else None
            for n, v in draws.items()}
