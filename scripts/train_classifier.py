"""Train the directive classifier and write its model files and card.

One command, from the repository root::

    .venv/bin/python scripts/train_classifier.py            # writes vn_directive_nlp/model/
    .venv/bin/python scripts/train_classifier.py --out /tmp/m

Reads ``data/classifier/sentences.tsv`` (columns ``text``, ``label``, ``source``), reports
5-fold stratified cross-validated accuracy and macro-F1 of the TF-IDF + logistic-regression
pipeline beside the keyword rules of ``vn_directive_nlp.classify.rule_label``, fits on all
rows and writes, into the output folder:

- ``directive_clf.skops``        the fitted sklearn pipeline (skops; byte-stable, see below);
- ``directive_clf.weights.json`` vocabularies, idf, coefficients for pure-Python scoring;
- ``README.md``                  the model card, figures included.

Retraining on the same data reproduces all three files byte for byte: the JSON has sorted
keys and rounded floats, and the skops archive is rewritten with object ids renumbered in
schema order and fixed zip timestamps (skops itself names entries after ``id()`` and stamps
the current time).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_PATH = REPO / "data" / "classifier" / "sentences.tsv"
DEFAULT_OUT = REPO / "vn_directive_nlp" / "model"

if str(REPO) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(REPO))

from vn_directive_nlp import classify as clf  # noqa: E402
from vn_directive_nlp.errors import MissingExtraError  # noqa: E402

RANDOM_STATE = 0
N_FOLDS = 5
FLOAT_DIGITS = 9  # decimals kept in the JSON export; scores stay within 1e-8 of sklearn's
WORD_TOKEN_PATTERN = r"(?u)\w+|[:;]"  # keeps one-letter syllables ("ở", "y"), the colon of "… sau đây:", the ";" of list lines
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class Report:
    """What one training run measured and wrote."""

    n_rows: int
    label_counts: dict[str, int]
    n_written: int
    cv_accuracy: float
    cv_macro_f1: float
    cv_directive_f1: float
    rules_accuracy: float
    rules_macro_f1: float
    rules_directive_f1: float
    per_class_f1: dict[str, float]
    rules_per_class_f1: dict[str, float]
    n_features: dict[str, int]
    data_sha256: str
    files: dict[str, str] = field(default_factory=dict)


def read_sentences(path: Path = DATA_PATH) -> tuple[list[str], list[str], list[str]]:
    """Texts, labels and sources of the TSV (tab-separated, header row, no quoting)."""
    texts, labels, sources = [], [], []
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header != ["text", "label", "source"]:
            raise ValueError(f"{path}: unexpected header {header}")
        for n, line in enumerate(fh, start=2):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in clf.LABELS:
                raise ValueError(f"{path}:{n}: bad row {line[:80]!r}")
            texts.append(parts[0])
            labels.append(parts[1])
            sources.append(parts[2])
    return texts, labels, sources


def build_pipeline():
    """TF-IDF word 1–2-grams + char_wb 2–5-grams on ``classify.prepare``-d text → LogisticRegression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    common = dict(preprocessor=clf.prepare, sublinear_tf=True, min_df=2)
    features = FeatureUnion(
        [
            ("word", TfidfVectorizer(analyzer="word", token_pattern=WORD_TOKEN_PATTERN, ngram_range=(1, 2), **common)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common)),
        ]
    )
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, random_state=RANDOM_STATE)
    return Pipeline([("features", features), ("clf", model)])


def _scores(y_true: list[str], y_pred: list[str]) -> tuple[float, float, float, dict[str, float]]:
    from sklearn.metrics import accuracy_score, f1_score

    per_class = f1_score(y_true, y_pred, labels=list(clf.LABELS), average=None, zero_division=0)
    directive = f1_score(
        [y == "directive" for y in y_true], [y == "directive" for y in y_pred], zero_division=0
    )
    return (
        float(accuracy_score(y_true, y_pred)),
        float(f1_score(y_true, y_pred, labels=list(clf.LABELS), average="macro", zero_division=0)),
        float(directive),
        {lab: round(float(v), 3) for lab, v in zip(clf.LABELS, per_class)},
    )


def _r(x: float) -> float:
    v = round(float(x), FLOAT_DIGITS)
    return 0.0 if v == 0 else v  # no "-0.0"


def export_weights(pipe) -> dict:
    """Everything ``classify.predict_proba`` needs, as plain JSON-able data."""
    lr = pipe.named_steps["clf"]
    coef = lr.coef_
    classes = [str(c) for c in lr.classes_]
    if coef.shape[0] != len(classes):  # binary LR has one row; the data has five labels
        raise ValueError("expected one coefficient row per class")
    vectorizers = []
    offset = 0
    for name, vec in pipe.named_steps["features"].transformer_list:
        vocab = vec.vocabulary_
        idf = vec.idf_
        feats = {
            gram: [_r(idf[j])] + [_r(coef[k, offset + j]) for k in range(len(classes))]
            for gram, j in vocab.items()
        }
        vectorizers.append(
            {
                "name": name,
                "analyzer": vec.analyzer,
                "token_pattern": vec.token_pattern if vec.analyzer == "word" else None,
                "ngram_range": list(vec.ngram_range),
                "sublinear_tf": bool(vec.sublinear_tf),
                "norm": vec.norm,
                "features": feats,
            }
        )
        offset += len(vocab)
    return {
        "format": clf.WEIGHTS_FORMAT,
        "classes": classes,
        "intercept": [_r(v) for v in lr.intercept_],
        "preprocess": f"{clf.__name__}.prepare",
        "vectorizers": vectorizers,
    }


def _stable_skops(model) -> bytes:
    """skops bytes with ids renumbered in schema order, entries sorted, timestamps fixed."""
    import skops.io as sio

    # A fitted vectorizer caches ``id(self.stop_words)`` (a memory address, different in every
    # process) to skip re-validating its stop words; dropping the cache only costs a re-check.
    for _, vec in model.named_steps["features"].transformer_list:
        vec.__dict__.pop("_stop_words_id", None)
    raw = zipfile.ZipFile(io.BytesIO(sio.dumps(model)))
    schema = json.loads(raw.read("schema.json"))
    ids: dict[int, int] = {}
    names: dict[str, str] = {}

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "__id__" and isinstance(value, int):
                    node[key] = ids.setdefault(value, len(ids) + 1)
                elif key == "file" and isinstance(value, str) and value in raw.namelist():
                    stem, _, ext = value.rpartition(".")
                    if stem.isdigit():
                        new = f"{ids.setdefault(int(stem), len(ids) + 1)}.{ext}"
                    else:  # skops names raw-bytes entries with a uuid4
                        new = f"blob{len(names) + 1}.{ext}"
                    node[key] = names.setdefault(value, new)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    missing = set(raw.namelist()) - set(names) - {"schema.json"}
    if missing:
        raise RuntimeError(f"unreferenced skops entries: {sorted(missing)}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        entries = [("schema.json", json.dumps(schema, indent=2).encode())]
        entries += sorted((new, raw.read(old)) for old, new in names.items())
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            out.writestr(info, data)
    return buf.getvalue()


def _card(rep: Report) -> str:
    counts = ", ".join(f"{lab} {rep.label_counts.get(lab, 0)}" for lab in clf.LABELS)
    per_class = "\n".join(
        f"| {lab} | {rep.per_class_f1[lab]:.3f} | {rep.rules_per_class_f1[lab]:.3f} |" for lab in clf.LABELS
    )
    return f"""# Model card — directive clause classifier (`directive_clf`)

Decides, for one sentence or clause of a notice's conclusions, whether it is a
**directive** (an action an agency is asked or required to carry out), an **assessment**
(praise, evaluation, agreement, permission), a **finding** (shortcomings, facts, situation),
an **introduction** (a parent that only introduces a list) or **other** (header, narrative of
the meeting, requests voiced by participants or in news, closing formula). Conventions: SPEC §3
"Assignments".

This file is generated by `scripts/train_classifier.py`; do not edit it by hand.

## Data
`data/classifier/sentences.tsv` (sha256 `{rep.data_sha256[:16]}…`): {rep.n_rows} single-line
sentences — {counts}. {rep.n_written} were written for this purpose in the register of Government
Office notices, Prime Minister's công điện and Government Office letters (2008–2025; flood response,
public investment, administrative reform, health, education, transport, land, energy, …);
the other {rep.n_rows - rep.n_written} are short sentences from the seed corpus and the dev corpus,
labelled by hand (`source` names the file). Hard cases are included on purpose: subjectless
directives ("Tiếp tục rà soát…"), "Thống nhất với đề xuất của Bộ X…" and "Đồng ý về nguyên tắc…"
(assessment), "Giao Bộ X chủ trì…" (directive), "Bộ X báo cáo…" in the narrative (other) versus
"Bộ X báo cáo Thủ tướng Chính phủ trước ngày…" (directive).

## Features and model
Text is `classify.prepare`-d (NFC, modern tone placement, case-folded, leading list marker dropped,
digits → `0`). TF-IDF (sublinear tf, smooth idf, l2 per block, min_df 2) over word 1–2-grams
({rep.n_features["word"]} features) and char_wb 2–5-grams ({rep.n_features["char"]} features),
concatenated; multinomial LogisticRegression (C = 10, balanced class weights, lbfgs,
random_state {RANDOM_STATE}).

## Evaluation ({N_FOLDS}-fold stratified cross-validation, pooled out-of-fold predictions)
| metric | model | rules baseline |
| --- | --- | --- |
| CV accuracy | {rep.cv_accuracy:.3f} | {rep.rules_accuracy:.3f} |
| CV macro-F1 | {rep.cv_macro_f1:.3f} | {rep.rules_macro_f1:.3f} |
| directive-vs-rest F1 | {rep.cv_directive_f1:.3f} | {rep.rules_directive_f1:.3f} |

Per-class F1:

| label | model | rules baseline |
| --- | --- | --- |
{per_class}

The rules baseline is `classify.rule_label` (no training; scored on all rows).

## Files
- `directive_clf.skops` — the fitted sklearn pipeline; load it with
  `vn_directive_nlp.classify.load_sklearn_model()` (trusts only `classify.prepare` beyond skops'
  defaults). Byte-stable: object ids are renumbered and zip timestamps fixed on export.
- `directive_clf.weights.json` — vocabularies, idf and coefficients (sorted keys, {FLOAT_DIGITS}
  decimals) used by `classify.classify` / `classify.directive_probability` in pure Python, so
  run-time inference imports neither sklearn nor skops. Byte-stable.

## Training
`.venv/bin/python scripts/train_classifier.py` (a few seconds; `--out DIR` writes elsewhere).
Retraining on the same data with the same library versions reproduces both files byte for byte.

## Limitations
- Small, partly synthetic training set; figures are cross-validated on the same distribution and
  will be lower on unseen archives, older typography, or OCR noise.
- One clause at a time, no context: an imperative under a heading that addresses nobody
  (principles for "cả nước"), or an "introduction" that also carries its own directive, need the
  structure around it — the pipeline, not this model, decides those.
- Requests in the narrative ("Tỉnh X đề nghị Bộ Y …") are learned from wording cues only
  ("Tại cuộc họp…", "cho biết"); a bare "X đề nghị Y …" out of context looks like a directive.
- Agency names carry spurious signal: a bare heading "Bộ Giao thông vận tải:" is labelled `other`
  because that name appears mostly in narrative rows of the data (kept as a strict xfail in
  `tests/test_classifier.py`). Recipient lines of "Nơi nhận:" are `other` by design.
- Vietnamese with diacritics only; text stripped of diacritics is not supported.
"""


def train(data_path: Path = DATA_PATH, out_dir: Path = DEFAULT_OUT, verbose: bool = True) -> Report:
    """Cross-validate, fit on all rows, write the three files into ``out_dir``; return the figures.
    Raises ``MissingExtraError`` naming the ``train`` extra when scikit-learn or skops is missing."""
    from vn_directive_nlp.extras import require

    for module in ("sklearn", "skops.io"):
        require(module, "train", "retraining the classifier")
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from threadpoolctl import threadpool_limits

    texts, labels, sources = read_sentences(data_path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    with threadpool_limits(1):  # one BLAS thread: bit-identical coefficients run to run
        folds = StratifiedKFold(n_splits=N_FOLDS, shuffle=True, random_state=RANDOM_STATE)
        oof = list(cross_val_predict(build_pipeline(), texts, labels, cv=folds))
        pipe = build_pipeline().fit(texts, labels)

    acc, macro, dir_f1, per_class = _scores(labels, oof)
    rules = [clf.rule_label(t) for t in texts]
    r_acc, r_macro, r_dir, r_per_class = _scores(labels, rules)
    rep = Report(
        n_rows=len(texts),
        label_counts={lab: labels.count(lab) for lab in clf.LABELS},
        n_written=sum(s == "written" for s in sources),
        cv_accuracy=acc,
        cv_macro_f1=macro,
        cv_directive_f1=dir_f1,
        rules_accuracy=r_acc,
        rules_macro_f1=r_macro,
        rules_directive_f1=r_dir,
        per_class_f1=per_class,
        rules_per_class_f1=r_per_class,
        n_features={name: len(v.vocabulary_) for name, v in pipe.named_steps["features"].transformer_list},
        data_sha256=hashlib.sha256(data_path.read_bytes()).hexdigest(),
    )

    weights = export_weights(pipe)
    outputs = {
        clf.SKOPS_FILE: _stable_skops(pipe),
        clf.WEIGHTS_FILE: (json.dumps(weights, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode(),
        "README.md": _card(rep).encode(),
    }
    for name, data in outputs.items():
        (out_dir / name).write_bytes(data)
        rep.files[name] = hashlib.sha256(data).hexdigest()

    if verbose:
        print(f"rows: {rep.n_rows} ({rep.n_written} written)  labels: {rep.label_counts}")
        print(f"features: {rep.n_features}")
        print(f"{N_FOLDS}-fold CV accuracy: {acc:.3f}  macro-F1: {macro:.3f}  directive F1: {dir_f1:.3f}")
        print(f"rules baseline accuracy: {r_acc:.3f}  macro-F1: {r_macro:.3f}  directive F1: {r_dir:.3f}")
        for name, digest in rep.files.items():
            print(f"wrote {out_dir / name}  sha256 {digest[:12]}")
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA_PATH, help="training TSV")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: vn_directive_nlp/model/)")
    args = ap.parse_args(argv)
    try:
        train(args.data, args.out)
    except MissingExtraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
