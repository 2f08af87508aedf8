"""Write the full JSON of every corpus document, one file each, as the installed package gives it;
or compare two such folders.

    python scripts/parse_corpus_json.py OUT_DIR DOC...
    python scripts/parse_corpus_json.py --compare REPO_DIR WHEEL_DIR [--allow-named-extras]

Run by ``scripts/check-wheel.sh`` with the repository's venv and with a venv that holds the built
wheel (from a folder outside the repository, so the source tree cannot be imported instead).
``--compare`` exits 1 when a document differs; with ``--allow-named-extras`` (the plain install,
without extras) a document may differ only if the wheel's result has a warning naming the extra
that would make it equal — a difference is never silent.
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from pathlib import Path

_EXTRA_NAMED = "pip install 'vn_directive_nlp["


def write(out: Path, docs: list[str]) -> int:
    import vn_directive_nlp
    from vn_directive_nlp import VnDirectiveError, parse_file

    out.mkdir(parents=True, exist_ok=True)
    print(f"vn_directive_nlp {vn_directive_nlp.__version__} from {Path(vn_directive_nlp.__file__).parent}")
    for doc in docs:
        name = hashlib.sha256(doc.encode()).hexdigest()[:16] + "-" + Path(doc).name + ".json"
        try:
            body = parse_file(doc).model_dump_json(indent=1)
        except VnDirectiveError as exc:  # an error is an outcome too: it must be the same error
            body = f"{type(exc).__name__}: {exc}"
        (out / name).write_text(f"{doc}\n{body}\n", encoding="utf-8")
    return 0


def compare(repo: Path, wheel: Path, allow_named_extras: bool) -> int:
    names = sorted(p.name for p in repo.iterdir())
    assert names == sorted(p.name for p in wheel.iterdir()), "not the same documents"
    silent, noted = [], []
    for name in names:
        a, b = (repo / name).read_text(encoding="utf-8"), (wheel / name).read_text(encoding="utf-8")
        if a != b:
            (noted if allow_named_extras and _EXTRA_NAMED in b and _EXTRA_NAMED not in a else silent).append(name)
    for name in noted:
        print(f"  differs, with a warning naming the extra: {name.split('-', 1)[1]}")
    for name in silent[:3]:
        a, b = (repo / name).read_text(encoding="utf-8"), (wheel / name).read_text(encoding="utf-8")
        sys.stderr.writelines(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), "repo", "wheel", n=0))[:12])
    if silent:
        print(f"parity FAILED: {len(silent)} of {len(names)} documents differ", file=sys.stderr)
        return 1
    print(f"parity: {len(names) - len(noted)} of {len(names)} documents give byte-identical JSON"
          + (f", {len(noted)} differ with a warning naming the missing extra" if noted else ""))
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--compare"]:
        sys.exit(compare(Path(args[1]), Path(args[2]), "--allow-named-extras" in args))
    sys.exit(write(Path(args[0]), args[1:]))
