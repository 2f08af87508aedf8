"""Snapshot the library's full output on the corpus, to prove a refactor changes nothing for users.

    python scripts/identity_snapshot.py OUT_DIR            # write a snapshot with this checkout's code
    python scripts/identity_snapshot.py --compare OLD NEW  # exit 1 and show a diff if they differ

A snapshot holds the full JSON of every corpus text (seeds in ``corpus/`` and, when present,
``../shared/corpus-dev*``), of every corpus PDF read without OCR, and of 200 windows of consecutive
lines cut from those texts with a fixed seed (windows start and stop mid-document, where a
refactor's edge cases hide). Take one snapshot on the old commit and one on the new, then compare.
"""

from __future__ import annotations

import difflib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WINDOWS = 200
SEED = 20261207


def corpus_texts() -> list[Path]:
    """The seeds, then the development corpora when ``../shared`` is present."""
    found = sorted((ROOT / "corpus").glob("*.txt"))
    for sub in ("corpus-dev", "corpus-dev2"):
        found += sorted((SHARED / sub).glob("*.txt"))
    return found


def corpus_pdfs() -> list[Path]:
    return sorted((SHARED / "corpus-dev2" / "pdf").glob("*.pdf"))


def line_windows(paths: list[Path], count: int = WINDOWS, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` (label, text) windows of 3-60 consecutive lines, reproducible from ``seed``."""
    rng = random.Random(seed)
    texts = [(p.name, p.read_text(encoding="utf-8", errors="replace").splitlines()) for p in paths]
    texts = [(n, lines) for n, lines in texts if len(lines) >= 3]
    out = []
    for i in range(count if texts else 0):
        name, lines = texts[rng.randrange(len(texts))]
        size = rng.randint(3, min(60, len(lines)))
        start = rng.randrange(len(lines) - size + 1)
        out.append((f"window-{i:03d}-{name}-{start}-{size}", "\n".join(lines[start:start + size])))
    return out


def _dump(call) -> str:
    """The result's JSON (or its error), with the checkout's and the corpus's folders written as
    ``<repo>`` and ``<shared>``: two checkouts in different folders give the same snapshot."""
    from vn_directive_nlp import VnDirectiveError

    try:
        out = call().model_dump_json(indent=1)
    except VnDirectiveError as exc:  # an error is an outcome too: it must stay the same error
        out = f"{type(exc).__name__}: {exc}"
    return out.replace(str(SHARED), "<shared>").replace(str(ROOT), "<repo>")


def write(out: Path) -> int:
    from vn_directive_nlp import parse_file, parse_text

    out.mkdir(parents=True, exist_ok=True)
    texts = corpus_texts()
    for path in texts:
        (out / f"text-{path.name}.json").write_text(_dump(lambda: parse_file(path)) + "\n", encoding="utf-8")
    for path in corpus_pdfs():
        (out / f"pdf-{path.name}.json").write_text(_dump(lambda: parse_file(path, ocr="never")) + "\n", encoding="utf-8")
    for label, text in line_windows(texts):
        (out / f"{label}.json").write_text(_dump(lambda: parse_text(text)) + "\n", encoding="utf-8")
    print(f"snapshot: {len(list(out.iterdir()))} outputs in {out}")
    return 0


def compare(old: Path, new: Path) -> int:
    names = sorted(p.name for p in old.iterdir())
    if names != sorted(p.name for p in new.iterdir()):
        print("not the same inputs: take both snapshots with the same ../shared", file=sys.stderr)
        return 1
    differ = [n for n in names if (old / n).read_bytes() != (new / n).read_bytes()]
    for name in differ[:3]:
        a, b = (old / name).read_text(encoding="utf-8"), (new / name).read_text(encoding="utf-8")
        sys.stderr.writelines(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), f"old/{name}", f"new/{name}", n=1))[:30])
    if differ:
        print(f"identity FAILED: {len(differ)} of {len(names)} outputs differ", file=sys.stderr)
        return 1
    print(f"identity: {len(names)} of {len(names)} outputs byte-identical")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--compare":
        return compare(Path(argv[1]), Path(argv[2]))
    if len(argv) == 1 and not argv[0].startswith("-"):
        return write(Path(argv[0]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
