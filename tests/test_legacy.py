"""Legacy encodings: TCVN3 (ABC) and VNI tables, detection, and parsing of legacy files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from tsvcases import case_rows

from vn_directive_nlp import parse_file
from vn_directive_nlp.readers import legacy, load

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "corpus" / "000_9179ca9c3629a68f.txt", ROOT / "corpus" / "003_b659688874c4366e.txt"]

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
LOWER = sorted({unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES} | {"đ"})
UPPER = [c.upper() for c in LOWER]


def test_tables_cover_every_vietnamese_letter():
    assert len(LOWER) == 73  # 12 vowels x 6 tones + đ
    for enc in ("vni", "tcvn3"):
        for ch in LOWER:
            assert legacy.to_unicode(legacy.from_unicode(ch, enc), enc, restore_case=False) == ch, (enc, ch)


def test_vni_writes_upper_case_letters_too():
    for ch in UPPER:
        assert legacy.to_unicode(legacy.from_unicode(ch, "vni"), "vni") == ch


def test_tcvn3_upper_case_toned_letters_share_the_lower_case_bytes():
    assert legacy.from_unicode("Ủ", "tcvn3") == legacy.from_unicode("ủ", "tcvn3") == b"\xf1"
    # The seven base capitals have bytes of their own.
    assert legacy.from_unicode("ĂÂÊÔƠƯĐ", "tcvn3") == bytes(range(0xA1, 0xA8))


def _unescape(cell: str) -> str:
    """The table's escapes: \\n and \\xNN."""
    return re.sub(r"\\(n|x[0-9a-fA-F]{2})", lambda m: "\n" if m[1] == "n" else chr(int(m[1][1:], 16)), cell)


LEGACY_ROWS = case_rows("legacy_cases.tsv")


@pytest.mark.parametrize("row", [r for r in LEGACY_ROWS if r.values[0]["encoding"] in ("tcvn3", "vni")])
def test_known_strings(row):
    garbled, enc, expected = _unescape(row["input"]), row["encoding"], _unescape(row["expected"])
    assert legacy.to_unicode(garbled, enc) == expected
    assert legacy.to_unicode(garbled.encode("cp1252"), enc) == expected




@pytest.mark.parametrize("row", [r for r in LEGACY_ROWS if r.values[0]["encoding"] == "tcvn3-case"])
def test_tcvn3_case_restoration(row):
    assert legacy.to_unicode(_unescape(row["input"]), "tcvn3") == _unescape(row["expected"])


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_round_trip(seed, enc):
    text = seed.read_text(encoding="utf-8")
    data = legacy.from_unicode(text, enc)
    back = legacy.to_unicode(data, enc)
    if enc == "vni":
        assert back == text
    else:
        # TCVN3 cannot write "Ủy" in mid-sentence; everything else survives.
        assert back.casefold() == text.casefold()
        assert sum(a != b for a, b in zip(back, text)) <= 0.002 * len(text)
    assert legacy.detect(data) == (enc, pytest.approx(1.0, abs=0.02))
    assert legacy.detect(data.decode("cp1252"))[0] == enc


# (input, expected encoding or None); the rows with None must not be taken for legacy text.
DETECT_ROWS = [
    (legacy.from_unicode("Bộ Y tế và Bộ Công an khẩn trương thực hiện", "tcvn3"), "tcvn3"),
    (legacy.from_unicode("Bộ Y tế và Bộ Công an khẩn trương thực hiện", "vni"), "vni"),
    ("Bộ Y tế và Bộ Công an khẩn trương thực hiện".encode("utf-8"), None),
    ("Bộ Y tế và Bộ Công an khẩn trương thực hiện", None),
    (b"Plain ASCII report, 2024", None),
    ("Café René, à Paris: naïve façade.".encode("cp1252"), None),
    (b"Total \xb5 \xb8 and \xd6 in a table", None),
]


@pytest.mark.parametrize("data,expected", DETECT_ROWS)
def test_detect(data, expected):
    enc, conf = legacy.detect(data)
    if expected is None:
        assert enc is None or conf < legacy.CONFIDENT
    else:
        assert enc == expected and conf >= legacy.CONFIDENT


def test_unsure_text_is_kept_with_a_warning():
    data = legacy.from_unicode("Hà Nội", "tcvn3")  # two words: too little to be sure
    enc, conf = legacy.detect(data)
    assert enc == "tcvn3" and legacy.SUSPECT <= conf < legacy.CONFIDENT
    text, warnings = legacy.repair(data)
    assert text is None
    assert warnings and "TCVN3" in warnings[0] and "kept as is" in warnings[0]
    decoded, load_warnings = load.decode_bytes(data)
    assert decoded == data.decode("cp1252")
    assert any("TCVN3" in w for w in load_warnings)


def test_unknown_encoding_name():
    with pytest.raises(ValueError):
        legacy.to_unicode(b"x", "viqr")


def _reference_numbers(notice):
    return sorted(r.number for r in notice.references if r.number)


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_parse_file_on_legacy_bytes_matches_utf8(tmp_path, seed, enc):
    utf8 = parse_file(seed)
    legacy_file = tmp_path / f"{seed.stem}.{enc}.txt"
    legacy_file.write_bytes(legacy.from_unicode(seed.read_text(encoding="utf-8"), enc))
    old = parse_file(legacy_file)
    assert any(f"converted from {legacy.label(enc)}" in w for w in old.warnings)
    assert old.metadata.number == utf8.metadata.number
    assert old.metadata.issued_date == utf8.metadata.issued_date
    assert _reference_numbers(old) == _reference_numbers(utf8)
    assert [s.label for s in old.segments] == [s.label for s in utf8.segments]


def test_seed_000_number_survives_legacy_encodings(tmp_path):
    for enc in ("tcvn3", "vni"):
        p = tmp_path / f"000.{enc}"
        p.write_bytes(legacy.from_unicode(SEEDS[0].read_text(encoding="utf-8"), enc))
        assert parse_file(p).metadata.number == "437/TB-VPCP"
