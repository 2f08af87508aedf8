"""Gold annotations (SPEC §4): load, locate their texts, and check them against the text.

A gold file ``*.gold.json`` describes one document; its ``quote`` strings align gold and
prediction, so each must occur exactly once in the normalized text (``parse_text(raw).text``),
compared whitespace-folded and case-insensitively.

>>> doc = load_gold("corpus/000_9179ca9c3629a68f.gold.json")  # doctest: +SKIP
>>> check_gold(doc, Path("corpus/000_9179ca9c3629a68f.txt").read_bytes())  # doctest: +SKIP
[]
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from vn_directive_nlp.textutil import fold

GOLD_SUFFIX = ".gold.json"
# Where the dev texts live relative to a checkout: ``shared/corpus-dev*`` (and their ``pdf/``) beside it.
SHARED_DIR = "shared"
SHARED_CORPUS_GLOB = "corpus-dev*"
# Texts the scorer decodes itself; any other suffix (.pdf, .html, .docx) goes through ``parse_file``.
PLAIN_TEXT_SUFFIXES = {".txt", ".md"}


def _checkout_root() -> Path | None:
    """The repository holding this package (None when installed from a wheel)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() else None


REPO_ROOT = _checkout_root()

# The SPEC's vocabularies, written here rather than imported from the library's models, so the same
# gold validates whichever version of the library is being scored (an older checkout included).
Kind = Literal["notice", "directive", "news", "other"]
DeadlineKind = Literal["before", "on", "within", "recurring", "event", "reference"]
Recurrence = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]


def _agency_name(value: Any) -> Any:
    """An agency is written as its canonical name; a SPEC §2 agency object stands for its ``name``."""
    if isinstance(value, dict) and "name" in value:
        return value["name"]
    return value


AgencyName = Annotated[str, BeforeValidator(_agency_name), Field(min_length=1)]


class _Strict(BaseModel):
    # Unknown keys are typos ("dealines") that would silently score nothing: reject them.
    model_config = ConfigDict(extra="forbid")


class GoldMetadata(BaseModel):
    """Header facts; a key absent is not scored, a key given as null is scored as "no value"."""

    # Extra header facts (title, recipients) may be written down; they are not scored.
    model_config = ConfigDict(extra="allow")

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: _dt.date | None = None
    meeting_date: _dt.date | None = None
    presiding: list[str] | None = None
    signer: str | None = None
    reports: str | None = None

    def given(self) -> set[str]:
        """Names of the fields the annotator wrote down (even as null)."""
        return set(self.model_fields_set) & set(type(self).model_fields)


class GoldSegment(_Strict):
    id: str
    label: str
    quote: str = Field(min_length=1)


class GoldDeadline(_Strict):
    kind: DeadlineKind
    date: _dt.date | None = None
    recurrence: Recurrence | None = None
    text: str | None = None  # the deadline as written (SPEC §2); not scored


class GoldAssignment(_Strict):
    quote: str = Field(min_length=1)
    lead: list[AgencyName] = Field(default_factory=list)
    coordinating: list[AgencyName] = Field(default_factory=list)
    deadlines: list[GoldDeadline] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


class GoldReference(_Strict):
    """A cited document; ``date`` may list the acceptable dates where the document gives two (SPEC §4)."""

    number: str | None = None
    doc_type: str | None = None
    date: _dt.date | list[_dt.date] | None = None
    text: str | None = None  # the citation as written (SPEC §2); not scored

    def acceptable_dates(self) -> list[_dt.date | None]:
        """The dates that count as right: ``[None]`` when gold gives none.

        >>> GoldReference(number="1/NQ-CP", date=["2024-01-02", "2024-01-05"]).acceptable_dates()
        [datetime.date(2024, 1, 2), datetime.date(2024, 1, 5)]
        """
        if isinstance(self.date, list):
            return list(self.date) or [None]
        return [self.date]


class GoldDoc(_Strict):
    """One gold file (SPEC §4 plus ``sha256`` of the raw text file and free ``notes``)."""

    doc_id: str
    text_file: str
    sha256: str | None = None
    kind: Kind
    metadata: GoldMetadata = Field(default_factory=GoldMetadata)
    segments: list[GoldSegment] = Field(default_factory=list)
    assignments: list[GoldAssignment] = Field(default_factory=list)
    references: list[GoldReference] = Field(default_factory=list)
    notes: str | list[str] | None = None


def load_gold(path: str | os.PathLike) -> GoldDoc:
    """Read and validate one gold file; raises ``pydantic.ValidationError`` on a schema error.

    >>> load_gold("corpus/000_9179ca9c3629a68f.gold.json").doc_id  # doctest: +SKIP
    'tb-437-2023'
    """
    with open(path, encoding="utf-8") as fh:
        return GoldDoc.model_validate(json.load(fh))


def find_gold_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files and directories (searched recursively) into a sorted list of gold files.

    >>> find_gold_paths(["corpus"])  # doctest: +SKIP
    [PosixPath('corpus/000_9179ca9c3629a68f.gold.json'), ...]
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(p.rglob("*" + GOLD_SUFFIX)))
        elif p.exists():
            found.append(p)
        else:
            raise FileNotFoundError(f"gold path not found: {p}")
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def text_candidates(gold_path: Path, text_file: str, texts_dir: str | os.PathLike | None = None) -> list[Path]:
    """Where the raw text of a gold file may be, in order of preference.

    ``--texts DIR`` first, then beside the gold file (seeds), then every ``<repo>/../shared/corpus-dev*``
    folder and its ``pdf/`` (for the checkout holding the gold file, then the one holding this package).
    """
    cands: list[Path] = []
    if texts_dir is not None:
        cands.append(Path(texts_dir) / text_file)
    cands.append(gold_path.parent / text_file)
    for folder in shared_corpus_dirs(gold_path):
        cands += [folder / text_file, folder / "pdf" / text_file]
    return list(dict.fromkeys(cands))


def shared_corpus_dirs(gold_path: Path | None = None) -> list[Path]:
    """The ``../shared/corpus-dev*`` folders beside the checkout of ``gold_path`` and of this package.

    >>> [p.name for p in shared_corpus_dirs()]  # doctest: +SKIP
    ['corpus-dev', 'corpus-dev2']
    """
    roots = [_repo_root_of(gold_path) if gold_path is not None else None, REPO_ROOT]
    found: list[Path] = []
    for root in dict.fromkeys(r for r in roots if r is not None):
        shared = root.parent / SHARED_DIR
        if shared.is_dir():
            found += sorted(p for p in shared.glob(SHARED_CORPUS_GLOB) if p.is_dir())
    return found


def _repo_root_of(path: Path) -> Path | None:
    for parent in path.resolve().parents:
        if (parent / "pyproject.toml").exists() or (parent / ".git").exists():
            return parent
    return None


def resolve_text(gold_path: Path, gold: GoldDoc, texts_dir: str | os.PathLike | None = None) -> Path | None:
    """The raw text file of ``gold``, or None when it is nowhere to be found."""
    for cand in text_candidates(gold_path, gold.text_file, texts_dir):
        if cand.is_file():
            return cand
    return None


def decode_raw(raw: bytes) -> str:
    """The text the scorer feeds to ``parse_text`` (UTF-8, BOM dropped)."""
    return raw.decode("utf-8-sig")


def ocr_missing(notice: Any) -> str | None:
    """The result's warning that OCR could not run here (no tesseract, no Vietnamese data), else None:
    such a document is scored on its text layer alone, which differs from machine to machine."""
    for w in map(str, getattr(notice, "warnings", [])):
        low = w.lower()
        # "tesseract not found; install …", "tesseract has no 'vie' language data; install …",
        # "OCR needs Pillow to render pages: pip install …"
        if ("tesseract" in low or "ocr" in low) and "install" in low:
            return w
    return None


def parse_document(path: Path, raw: bytes) -> Any:
    """The library's result for a gold file's document: ``parse_text`` of a UTF-8 text, else ``parse_file``
    with ``ocr="auto"``.

    Only these two public entry points are used, so an older checkout of the library can be scored.
    """
    import vn_directive_nlp

    if path.suffix.lower() in PLAIN_TEXT_SUFFIXES:
        return vn_directive_nlp.parse_text(decode_raw(raw))
    # ocr="auto" (the library's default is "never"): SPEC §1 has scans OCR'd, so the evaluation scores what
    # the library reads with OCR; where tesseract is missing, ocr_missing() puts a note in the report.
    return vn_directive_nlp.parse_file(path, ocr="auto")


def count_folded(haystack_folded: str, quote: str) -> int:
    """Occurrences (overlapping) of ``quote`` in an already folded text, compared folded."""
    needle = fold(quote)
    if not needle:
        return 0
    n, i = 0, haystack_folded.find(needle)
    while i != -1:
        n += 1
        i = haystack_folded.find(needle, i + 1)
    return n


@dataclass
class GoldProblem:
    """One defect of a gold file, e.g. a quote found twice."""

    doc_id: str
    where: str  # "segments[3]", "assignments[0]", "sha256"
    message: str

    def __str__(self) -> str:
        return f"{self.doc_id} {self.where}: {self.message}"


def check_gold(gold: GoldDoc, raw: bytes, *, normalized_text: str | None = None) -> list[GoldProblem]:
    """Problems of ``gold`` against its raw text: sha256 mismatch, quotes not found exactly once,
    duplicate segment ids. An empty list means the file is usable.

    >>> check_gold(doc, raw)  # doctest: +SKIP
    [GoldProblem(doc_id='tb-437-2023', where='assignments[2]', message="quote found 0 times: '…'")]
    """
    from vn_directive_nlp import parse_text

    problems: list[GoldProblem] = []
    digest = hashlib.sha256(raw).hexdigest()
    if gold.sha256 is None:
        problems.append(GoldProblem(gold.doc_id, "sha256", "missing"))
    elif gold.sha256.lower() != digest:
        problems.append(GoldProblem(gold.doc_id, "sha256", f"is {gold.sha256}, text file has {digest}"))
    text = normalized_text if normalized_text is not None else parse_text(decode_raw(raw)).text
    folded = fold(text)
    items = [(f"segments[{i}] ({s.id} {s.label!r})", s.quote) for i, s in enumerate(gold.segments)]
    items += [(f"assignments[{i}]", a.quote) for i, a in enumerate(gold.assignments)]
    for where, quote in items:
        n = count_folded(folded, quote)
        if n != 1:
            problems.append(GoldProblem(gold.doc_id, where, f"quote found {n} times: {quote!r}"))
    seen: set[str] = set()
    for s in gold.segments:
        if s.id in seen:
            problems.append(GoldProblem(gold.doc_id, f"segment {s.id}", "duplicate segment id"))
        seen.add(s.id)
    return problems
