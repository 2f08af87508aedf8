"""The documents the tests read: the seeds in ``corpus/`` and, when present, ``../shared/corpus-dev``."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def document_paths() -> list[Path]:
    """Every bundled and development document (``*.txt``), seeds first."""
    return sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT.parent / "shared" / "corpus-dev").glob("*.txt"))
