"""Regenerate ``vn_directive_nlp/data/vi_syllables.json`` (Vietnamese syllables, lower case).

Source: the word list inside Tesseract's Vietnamese model (``vie.traineddata`` of tessdata_fast,
Apache-2.0, as Debian's ``tesseract-ocr-vie`` installs it), unpacked with ``combine_tessdata``
and ``dawg2wordlist`` (both in Debian's ``tesseract-ocr``). Only words that are one syllable of
letters and carry a diacritic are kept (the only ones a glyph repair asks about). The file records
the model's version string and the Debian package version it came from. Used by the PDF reader
to tell a look-alike glyph ("CỘNG HÕA") from a real word ("RÕ"), with no optional dependency at
run time. To refresh::

    apt-get install tesseract-ocr tesseract-ocr-vie && python scripts/make_syllables.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vn_directive_nlp.readers.legacy import is_syllable  # noqa: E402

OUT = ROOT / "vn_directive_nlp" / "data" / "vi_syllables.json"
MODEL = Path("/usr/share/tesseract-ocr/5/tessdata/vie.traineddata")


def _package_version(name: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=False)
    return out.stdout.strip() or "unknown"


def words_of_model(model: Path) -> tuple[list[str], str]:
    """(the words of the model's LSTM word list, the model's version string)."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "vie.")
        subprocess.run(["combine_tessdata", "-u", str(model), prefix], check=True, capture_output=True)
        out = Path(tmp) / "words.txt"
        subprocess.run(["dawg2wordlist", prefix + "lstm-unicharset", prefix + "lstm-word-dawg", str(out)],
                       check=True, capture_output=True)
        version = Path(prefix + "version").read_text(encoding="utf-8").strip()
        return out.read_text(encoding="utf-8").split(), version


def main() -> int:
    words, version = words_of_model(MODEL)
    syllables = sorted({
        w for w in (unicodedata.normalize("NFC", x).lower() for x in words)
        if w.isalpha() and not w.isascii() and is_syllable(w)
    })
    OUT.write_text(json.dumps({
        "description": "Vietnamese syllables with a diacritic (lower case, NFC) of the word list in Tesseract's Vietnamese "
                       "model; written by scripts/make_syllables.py.",
        "source": f"tessdata_fast vie.traineddata ({version}), Debian tesseract-ocr-vie "
                  f"{_package_version('tesseract-ocr-vie')}",
        "license": "Apache-2.0",
        "syllables": syllables,
    }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(syllables)} syllables written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
