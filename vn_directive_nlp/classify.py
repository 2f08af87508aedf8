"""Directive classifier: what kind of statement a clause of a notice's conclusions is.

Labels (see ``LABELS``): ``directive`` (an agency is asked/required to act), ``assessment``
(praise, evaluation, agreement, permission), ``finding`` (shortcomings, facts, situation),
``introduction`` (a parent that only introduces a list), ``other`` (header, narrative of the
meeting, requests voiced by participants, closing formula).

Scoring is pure Python: the fitted TF-IDF vocabularies, idf weights and logistic-regression
coefficients exported by ``scripts/train_classifier.py`` to ``directive_clf.weights.json``
are applied exactly as scikit-learn would, so neither sklearn nor skops is imported at run
time. The model ships inside the package (``vn_directive_nlp/model/``, package data of the
wheel). When its weights file is absent or unreadable, ``classify`` falls back to
``rule_label``; ``fallback_warning()`` then says so, and every parse carries that warning, so
the fallback is never silent. The loaded weights are never changed: what scoring works out
from them (feature indexes, stacked matrices, per-word rows) lives in a ``_Model`` beside them.

>>> classify(["Giao Bộ Tài chính chủ trì, báo cáo Thủ tướng Chính phủ trước ngày 30/6/2024."])
['directive']
>>> rule_label("Biểu dương các lực lượng đã tham gia cứu hộ, cứu nạn.")
'assessment'
"""

from __future__ import annotations

import functools
import json
import operator
import os
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import regex

from . import limits
from .cache import BoundedCache
from .textutil import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np

LABELS = ("directive", "assessment", "finding", "introduction", "other")
MODEL_DIR_ENV = "VN_DIRECTIVE_MODEL_DIR"
WEIGHTS_FILE = "directive_clf.weights.json"
SKOPS_FILE = "directive_clf.skops"
WEIGHTS_FORMAT = 1


# --- preprocessing (shared by training and inference) -------------------------------------

# A list marker at the start of a clause carries no meaning for the label:
# "1. Đánh giá cao …", "a) Chỉ đạo rà soát …", "- Các bộ, ngành …", "(2) Tiếp tục …",
# "Thứ hai, khẩn trương …", "Điều 3. …", "II. Nhiệm vụ …".
_LEADING_MARKER_RE = regex.compile(
    r"^(?:\s*(?:"
    r"thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]"
    r"|điều\s+\d+\s*[.:]"
    r"|\(\s*(?:\d{1,2}|[ivx]{1,5}|\p{Ll})\s*\)"
    r"|(?:\d{1,2}\.)+(?=\s)"
    r"|[ivx]{1,5}\.(?=\s)"
    r"|\p{Ll}\s*[).](?=\s)"
    r"|[-–—+•]"
    r")\s*)+"
)
# Digits are replaced so that "trước ngày 15/5/2024" and "trước ngày 30/6/2025" share
# features: "trước ngày 0/0/0".
_DIGITS_RE = regex.compile(r"\d+")
# Markdown emphasis left by web extraction: "**Kết luận của …**".
_EMPHASIS_RE = regex.compile(r"[*_]+")
# The clause-final punctuation says much about the role of a clause: ":" closes an
# introduction ("Bộ Tài chính:"), ";" a list line, "./." a closing formula. Detached as a word
# of its own, it yields features (" : ", " ; ") that a colon inside the clause does not.
_FINAL_PUNCT_RE = regex.compile(r"\s*(\./\.|[:;.]+)\s*$")


def prepare(text: str) -> str:
    """Comparison form fed to both vectorizers: folded, list marker dropped, digits → "0".

    >>> prepare("2. Bộ Y tế báo cáo trước ngày 15/5/2024.")
    'bộ y tế báo cáo trước ngày 0/0/0 .'
    """
    s = fold(_EMPHASIS_RE.sub("", text))
    s = _LEADING_MARKER_RE.sub("", s, count=1)
    # (The final punctuation lies in the trailing run of spaces and marks: searched only there.)
    m = _FINAL_PUNCT_RE.search(s, len(s.rstrip(" :;./")))
    if m is not None:
        s = f"{s[: m.start()]} {m.group(1)}{s[m.end():]}"
    return _DIGITS_RE.sub("0", s).strip()


# --- rules-only baseline --------------------------------------------------------------------


@dataclass(frozen=True)
class KeywordRule:
    """One rule of ``rule_label``: the label a clause gets when ``pattern`` is found in it."""

    label: str
    what: str
    pattern: regex.Pattern[str]
    examples: tuple[str, ...]


@functools.cache
def keyword_rules() -> tuple[tuple[KeywordRule, ...], str]:
    """(the rules in the order they are tried, the label when none matches), read once from
    ``data/classifier_rules.json``."""
    raw = json.loads(resources.files("vn_directive_nlp").joinpath("data", "classifier_rules.json").read_text(encoding="utf-8"))
    rules = tuple(KeywordRule(r["label"], r["what"], regex.compile("".join(r["pattern"])), tuple(r["examples"]))
                  for r in raw["rules"])
    return rules, raw["default"]


def rule_label(text: str) -> str:
    """Keyword-rule label of one clause; the baseline the trained model is measured against.

    >>> rule_label("Thống nhất với đề xuất của Bộ Tài chính về việc gia hạn thuế.")
    'assessment'
    """
    s = prepare(text)
    if not s:
        return "other"
    rules, default = keyword_rules()
    return next((rule.label for rule in rules if rule.pattern.search(s)), default)


# --- model files ------------------------------------------------------------------------------


def model_dir() -> Path:
    """Folder holding the model files: ``$VN_DIRECTIVE_MODEL_DIR``, else the package's ``model/``."""
    env = os.environ.get(MODEL_DIR_ENV)
    if env:
        return Path(env)
    return _default_model_dir()


@lru_cache(maxsize=1)
def _default_model_dir() -> Path:
    # Resolving the path touches the file system: once is enough.
    return Path(__file__).resolve().parent / "model"


@lru_cache(maxsize=limits.CACHE_CLASSIFIER_MODELS)
def _load_weights_from(path: str) -> dict[str, Any] | None:
    p = Path(path)
    if not p.is_file():
        return None
    with p.open(encoding="utf-8") as fh:
        weights = json.load(fh)
    if weights.get("format") != WEIGHTS_FORMAT:
        raise ValueError(f"{p}: unsupported weights format {weights.get('format')!r}")
    return weights


@lru_cache(maxsize=limits.CACHE_CLASSIFIER_MODELS)
def _weights_path(env_dir: str | None) -> str:
    return str((Path(env_dir) if env_dir else _default_model_dir()) / WEIGHTS_FILE)


def load_weights() -> dict[str, Any] | None:
    """The exported model (parsed JSON, cached per path), or ``None`` if the file is absent."""
    # (Asked once per document: the path is worked out once per value of the variable.)
    return _load_weights_from(_weights_path(os.environ.get(MODEL_DIR_ENV)))


def model_available() -> bool:
    """Whether the trained weights can be used (otherwise ``classify`` uses the rules)."""
    return load_weights() is not None


def fallback_warning() -> str | None:
    """The warning a parse carries when the keyword rules stand in for the model (``None``
    while the model is used): its file is missing, or unreadable.

    >>> fallback_warning() is None
    True
    """
    try:
        if load_weights() is not None:
            return None
        problem = "not found"
    except (OSError, ValueError) as exc:  # a damaged copy: still parse, but say so
        problem = f"unreadable ({exc})"
    return (f"directive classifier weights {problem} ({model_dir() / WEIGHTS_FILE}); "
            "keyword rules used instead")


# --- pure-Python TF-IDF + logistic regression -------------------------------------------------

# sklearn's vectorizers tokenize with the standard-library ``re`` module; the same module and
# patterns are used here so that tokens match exactly.
@lru_cache(maxsize=limits.CACHE_CLASSIFIER_PATTERNS)
def _token_re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _word_ngrams(doc: str, pattern: str, lo: int, hi: int) -> list[str]:
    """Word n-grams as ``TfidfVectorizer(analyzer="word")`` produces them."""
    tokens = _token_re(pattern).findall(doc)
    grams = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
        grams += map(" ".join, zip(*(tokens[k:] for k in range(n))))  # tokens[i:i+n] for each i
    return grams


@lru_cache(maxsize=limits.CACHE_CLASSIFIER_CHAR_GRAMS)
def _word_char_grams(word: str, lo: int, hi: int) -> tuple[str, ...]:
    # Vietnamese words are short syllables that recur endlessly: their n-grams are cached.
    grams: list[str] = []
    w = f" {word} "
    for n in range(lo, hi + 1):
        if len(w) <= n:  # a word shorter than n counts once, whole
            grams.append(w)
            break
        grams.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return tuple(grams)


_is_not_none = functools.partial(operator.is_not, None)


def _known(rows: Iterable[int | None]) -> Iterable[int]:
    """The rows that are not ``None`` (features the model knows), lazily."""
    return cast("Iterable[int]", filter(_is_not_none, rows))


class _Vectorizer:
    """What scoring needs of one exported vectorizer, worked out once from its JSON (which is
    left as it was): the row of each feature, its (idf, coef…) matrix, bigram rows by token
    pair, and a bounded per-word cache of rows."""

    __slots__ = ("analyzer", "ngram_range", "token_pattern", "index", "matrix", "pairs", "word_rows",
                 "sublinear_tf", "l2")

    def __init__(self, vec: dict[str, Any]) -> None:
        import numpy as np  # lazy: only the model path needs it

        if vec["analyzer"] not in ("word", "char_wb"):
            raise ValueError(f"unsupported analyzer {vec['analyzer']!r}")
        self.analyzer: str = vec["analyzer"]
        lo, hi = vec["ngram_range"]
        self.ngram_range: tuple[int, int] = (lo, hi)
        self.token_pattern: str = vec.get("token_pattern") or ""
        names = list(vec["features"])
        self.index: dict[str, int] = {g: i for i, g in enumerate(names)}
        self.matrix: np.ndarray = np.asarray([vec["features"][g] for g in names], dtype=float)
        # Row of each two-word feature by its pair of tokens ("bộ y" → ("bộ", "y")). (Tokens
        # hold no space, so a feature's words are its parts.)
        self.pairs: dict[tuple[str, ...], int] = {
            tuple(g.split(" ")): r for g, r in self.index.items() if g.count(" ") == 1}
        self.word_rows: BoundedCache[str, bytes] = BoundedCache(
            limits.CACHE_CLASSIFIER_WORDS, name="classifier word rows")
        self.sublinear_tf = bool(vec["sublinear_tf"])
        self.l2 = vec["norm"] == "l2"

    def _char_rows(self, word: str) -> bytes:
        lo, hi = self.ngram_range
        index = self.index
        return array("q", [index[g] for g in _word_char_grams(word, lo, hi) if g in index]).tobytes()

    def feature_rows(self, doc: str) -> bytes:
        """Row of every known n-gram occurrence in ``doc`` (repeats are the counts), as the
        bytes of an int64 array: a sentence's rows are then joined from per-word pieces."""
        lo, hi = self.ngram_range
        index = self.index
        if self.analyzer == "word":
            if (lo, hi) == (1, 2):
                # Unigrams and bigrams (the shipped model): bigrams looked up as token pairs, so
                # no joined string is made for each.
                tokens = _token_re(self.token_pattern).findall(doc)
                found = array("q", _known(map(index.get, tokens)))
                found.extend(_known(map(self.pairs.get, zip(tokens, tokens[1:]))))
                return found.tobytes()
            grams = _word_ngrams(doc, self.token_pattern, lo, hi)
            return array("q", _known(map(index.get, grams))).tobytes()
        # char_wb: a word's n-grams do not depend on its neighbours, so each word's rows are
        # worked out once: Vietnamese syllables recur endlessly, and a sentence becomes a few
        # dictionary lookups. (sklearn squeezes whitespace runs to one space and splits: the
        # same words as split().)
        words = doc.split()
        return b"".join(map(self.word_rows.fill(words, self._char_rows).__getitem__, words))


class _Model:
    """A loaded weights file ready for scoring: its vectorizers and all their rows stacked
    (row offset of each vectorizer, idf and coefficients of each row, vectorizer of each row,
    sublinear-tf and l2 flags of each vectorizer). Built once per weights object."""

    __slots__ = ("weights", "vectorizers", "offsets", "idf", "coef", "owner", "sub", "l2", "intercept")

    def __init__(self, weights: dict[str, Any]) -> None:
        import numpy as np

        self.weights = weights  # kept so that the object it was built from stays the same one
        self.vectorizers = [_Vectorizer(vec) for vec in weights["vectorizers"]]
        offsets: list[int] = []
        blocks: list[np.ndarray] = []
        owner: list[np.ndarray] = []
        for v, vec in enumerate(self.vectorizers):
            offsets.append(sum(len(b) for b in blocks))
            blocks.append(vec.matrix)
            owner.append(np.full(len(vec.matrix), v, dtype=np.intp))
        matrix = np.vstack(blocks)
        self.offsets = offsets
        self.idf = np.ascontiguousarray(matrix[:, 0])
        self.coef = np.ascontiguousarray(matrix[:, 1:])
        self.owner = np.concatenate(owner)
        self.sub = np.asarray([vec.sublinear_tf for vec in self.vectorizers])
        self.l2 = np.asarray([vec.l2 for vec in self.vectorizers])
        self.intercept = np.asarray(weights["intercept"], dtype=float)


# By the id of the weights object (the entry keeps that object alive, so the id stays its own).
_MODELS: BoundedCache[int, _Model] = BoundedCache(limits.CACHE_CLASSIFIER_MODELS, name="classifier models")


def _model(weights: dict[str, Any]) -> _Model:
    """The scoring form of ``weights``, built on first use."""
    model = _MODELS.get(id(weights))
    if model is None or model.weights is not weights:
        model = _Model(weights)
        _MODELS.put(id(weights), model)
    return model


def _decision(docs: list[str], model: _Model) -> np.ndarray:
    """Decision function of each doc (docs × classes): for every vectorizer, l2-normalized
    tf-idf · coef, summed with the intercept. All docs and vectorizers in one numpy pass
    (a document's handful of clauses would otherwise pay numpy's per-call cost many times)."""
    import numpy as np

    vecs = model.vectorizers
    n_vec = len(vecs)
    offsets, idf, coef, owner, sub, l2 = model.offsets, model.idf, model.coef, model.owner, model.sub, model.l2
    width = len(idf)
    out = np.tile(model.intercept, (len(docs), 1))
    found: list[bytes] = []  # rows of every doc and vectorizer, one after the other
    shifts: list[int] = []
    sizes: list[int] = []
    for d, doc in enumerate(docs):
        for v, vec in enumerate(vecs):
            rows = vec.feature_rows(doc)
            found.append(rows)
            shifts.append(d * width + offsets[v])
            sizes.append(len(rows) // 8)
    if not any(sizes):
        return out
    # One key per (doc, feature) occurrence; sorting groups the repeats of a feature in a doc.
    keys = np.frombuffer(b"".join(found), dtype=np.int64) + np.repeat(np.asarray(shifts, dtype=np.int64), sizes)
    keys.sort()
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    at = np.flatnonzero(first)
    nxt: np.ndarray = np.empty(len(at), dtype=float)
    nxt[:-1] = at[1:]
    nxt[-1] = len(keys)
    tf: np.ndarray = nxt - at  # occurrences of each distinct (doc, feature)
    doc_of, feat = np.divmod(keys[at], width)
    vec_of = owner[feat]
    # (Every vectorizer of the shipped model is sublinear and l2-normalized: no per-row choice.)
    if sub.all():
        tf = 1.0 + np.log(tf)
    elif sub.any():
        tf = np.where(sub[vec_of], 1.0 + np.log(tf), tf)
    w = tf * idf[feat]
    if l2.any():
        group = doc_of * n_vec + vec_of  # one norm per (doc, vectorizer)
        norms = np.sqrt(np.bincount(group, weights=w * w, minlength=len(docs) * n_vec))[group]
        w = w / norms if l2.all() else np.where(l2[vec_of], w / norms, w)
    contrib = w[:, None] * coef[feat]
    # doc_of is sorted: each doc's rows are one run, summed by reduceat.
    run_start = np.flatnonzero(np.concatenate(([True], doc_of[1:] != doc_of[:-1])))
    out[doc_of[run_start]] += np.add.reduceat(contrib, run_start, axis=0)
    return out


def predict_proba(texts: list[str], weights: dict[str, Any] | None = None) -> list[list[float]]:
    """Class probabilities per text, columns in the order of ``weights["classes"]``.

    Raises ``FileNotFoundError`` when no weights file is available.
    """
    weights = weights if weights is not None else load_weights()
    if weights is None:
        raise FileNotFoundError(f"no {WEIGHTS_FILE} in {model_dir()}")
    if not texts:
        return []
    import numpy as np

    z = _decision([prepare(text) for text in texts], _model(weights))
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).tolist()


def directive_probability(texts: list[str]) -> list[float]:
    """Probability that each text is a directive (1.0 / 0.0 from the rules if no model).

    >>> directive_probability(["Đánh giá cao sự chủ động của Bộ Nội vụ."])[0] < 0.5
    True
    """
    weights = load_weights()
    if weights is None:
        return [1.0 if rule_label(t) == "directive" else 0.0 for t in texts]
    k = weights["classes"].index("directive")
    return [row[k] for row in predict_proba(texts, weights)]


def classify(texts: list[str]) -> list[str]:
    """Most probable label of each text (one of ``LABELS``); rules if no model is available.

    >>> classify(["Thủ tướng Chính phủ yêu cầu:"])
    ['introduction']
    """
    weights = load_weights()
    if weights is None:
        return [rule_label(t) for t in texts]
    classes = weights["classes"]
    return [classes[max(range(len(row)), key=row.__getitem__)] for row in predict_proba(texts, weights)]


# --- the real estimator -------------------------------------------------------------------------

# Types the committed skops file may contain beyond skops' own trusted list: the preprocessor
# function of both vectorizers.
_EXPECTED_UNTRUSTED = frozenset({f"{__name__}.prepare"})


def load_sklearn_model(path: str | Path | None = None):
    """The fitted scikit-learn pipeline from ``directive_clf.skops`` (imports skops lazily).

    Only the types this module expects are trusted; anything else in the file raises.
    The pipeline takes raw text (``prepare`` is its vectorizers' preprocessor).
    """
    from .extras import require

    sio = require("skops.io", "train", "loading the classifier's sklearn pipeline")  # heavy: imports sklearn

    p = Path(path) if path is not None else model_dir() / SKOPS_FILE
    untrusted = set(sio.get_untrusted_types(file=p))
    unexpected = untrusted - _EXPECTED_UNTRUSTED
    if unexpected:
        raise ValueError(f"{p}: refusing to load unexpected types {sorted(unexpected)}")
    return sio.load(p, trusted=sorted(untrusted))
