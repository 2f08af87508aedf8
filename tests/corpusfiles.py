"""The documents the tests read: the seeds in ``corpus/`` and, when present, ``../shared/corpus-dev``
and ``../shared/corpus-dev2`` (news, Chỉ thị, local documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV_CORPUS = ROOT.parent / "shared" / "corpus-dev"
DEV2_CORPUS = ROOT.parent / "shared" / "corpus-dev2"

#: For a corpus-wide check whose "not vacuous" floor counts on the development corpus: a fresh
#: clone without ``../shared`` skips it (the seeds alone hold too few cases).
needs_dev_corpus = pytest.mark.skipif(
    not any(DEV_CORPUS.glob("*.txt")), reason="needs the development corpus ../shared/corpus-dev"
)


def document_paths() -> list[Path]:
    """Every bundled and development document (``*.txt``), seeds first."""
    return (sorted((ROOT / "corpus").glob("*.txt")) + sorted(DEV_CORPUS.glob("*.txt"))
            + sorted(DEV2_CORPUS.glob("*.txt")))
