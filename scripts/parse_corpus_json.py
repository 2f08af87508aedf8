"""Write the full JSON of every corpus document, one file each, as the installed package gives it.

    python scripts/parse_corpus_json.py OUT_DIR DOC...

Run by ``scripts/check-wheel.sh`` once with the repository's venv and once with a venv that
holds only the built wheel (from a folder outside the repository, so the source tree cannot be
imported instead), then the two folders are compared byte for byte. Prints where the package
was imported from, so a run that picked up the wrong copy shows it.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    import vn_directive_nlp
    from vn_directive_nlp import VnDirectiveError, parse_file

    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    print(f"vn_directive_nlp {vn_directive_nlp.__version__} from {Path(vn_directive_nlp.__file__).parent}")
    for doc in argv[1:]:
        name = hashlib.sha256(doc.encode()).hexdigest()[:16] + "-" + Path(doc).name + ".json"
        try:
            body = parse_file(doc).model_dump_json(indent=1)
        except VnDirectiveError as exc:  # an error is an outcome too: it must be the same error
            body = f"{type(exc).__name__}: {exc}"
        (out / name).write_text(f"{doc}\n{body}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
