"""Legacy Vietnamese encodings (TCVN3 / ABC and VNI Windows): detect, convert to Unicode and back.

Older archives hold texts typed with ".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts. Such files
usually arrive decoded as windows-1252, which looks like "Hµ Néi" (TCVN3) or "Haø Noäi" (VNI).
The byte tables live in ``data/legacy_tcvn3.json`` and ``data/legacy_vni.json``.

>>> to_unicode("V¨n phßng ChÝnh phñ", "tcvn3")
'Văn phòng Chính phủ'
>>> to_unicode(from_unicode("Thủ tướng Chính phủ", "vni"), "vni")
'Thủ tướng Chính phủ'
>>> detect(from_unicode("Bộ Tài chính chủ trì, phối hợp với các bộ, ngành thực hiện", "vni"))[0]
'vni'
"""

from __future__ import annotations

import bisect
import functools
import json
import unicodedata
from importlib import resources

import regex

from .. import limits
from ..textutil import nfc

ENCODINGS = ("tcvn3", "vni")
_ALIASES = {"tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3", "vni": "vni", "vni-win": "vni"}
_LABELS = {"tcvn3": "TCVN3", "vni": "VNI"}

#: Characters of the input that detection looks at (tens of pages: enough to be sure).
_SAMPLE = 60_000
#: Confidence from which a text is converted; below it, it is kept as is with a warning.
CONFIDENT = 0.6
#: Confidence from which a text is worth a warning that it may be legacy-encoded.
SUSPECT = 0.3

# A letter run, for scoring and case restoration: "Néi" in "Hµ Néi".
_WORD_RE = regex.compile(r"\p{L}+")
# A Vietnamese syllable once its tone mark is removed: onset, vowel nucleus, coda ("nguyên", "thưởng").
_SYLLABLE_RE = regex.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?",
    regex.IGNORECASE,
)
_AFTER_STOP_RE = regex.compile(r"[.!?][ \t]{1,8}\Z")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _canon(encoding: str) -> str:
    enc = _ALIASES.get(encoding.strip().lower())
    if enc is None:
        raise ValueError(f"unknown legacy encoding {encoding!r}; use one of {ENCODINGS}")
    return enc


def _load(name: str) -> dict:
    return json.loads(resources.files("vn_directive_nlp.data").joinpath(name).read_text("utf-8"))


def _byte_char(b: int) -> str:
    """The windows-1252 reading of one byte (latin-1 where 1252 leaves it undefined)."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@functools.cache
def _to_latin1() -> dict[int, int]:
    """Translate table: a windows-1252 character ("€", "“") back to its byte value (as a code point)."""
    return {ord(_byte_char(b)): b for b in range(0x80, 0xA0) if ord(_byte_char(b)) != b}


@functools.cache
def _tables(enc: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """(decode map: latin-1 string of the bytes → letter, encode map: letter → bytes)."""
    if enc == "tcvn3":
        data = _load("legacy_tcvn3.json")
        dec = {chr(int(k, 16)): v for k, v in data["bytes"].items()}
        enc_map = {v: bytes([int(k, 16)]) for k, v in data["bytes"].items()}
        # No upper-case toned letter in TCVN3: ".VnTimeH" headings use the lower-case bytes.
        for letter, raw in list(enc_map.items()):
            up = letter.upper()
            if up != letter and up not in enc_map:
                enc_map[up] = raw
        return dec, enc_map
    data = _load("legacy_vni.json")
    # VNI: "oà" (6F E0) is "ồ", a base letter and its modifier byte.
    enc_map = {k: bytes.fromhex(v) for k, v in data["letters"].items()}
    dec = {raw.decode("latin-1"): k for k, raw in enc_map.items()}
    return dec, enc_map


@functools.cache
def _decoder(enc: str) -> tuple[regex.Pattern, dict[str, str]]:
    """One pass over a latin-1 string: legacy sequences and letters, else windows-1252."""
    dec, _ = _tables(enc)
    table = {chr(b): _byte_char(b) for b in range(0x80, 0x100)}
    table.update(dec)
    multi = sorted((k for k in table if len(k) > 1), key=len, reverse=True)
    # Longest first: VNI "ôù" (ớ) before "ô" (ơ); then any single high byte.
    pattern = regex.compile("|".join([*map(regex.escape, multi), r"[\x80-\xff]"]))
    return pattern, table


def _as_latin1(data: bytes | str) -> str:
    """Bytes, or text mis-decoded as windows-1252 / latin-1, as one code point per byte."""
    if isinstance(data, bytes | bytearray):
        return bytes(data).decode("latin-1")
    return data.translate(_to_latin1())


@functools.cache
def _legacy_lower(enc: str) -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case letters of the table, those whose upper case it cannot write: toned letters).

    ".VnTimeH" headings are typed with lower-case bytes for every letter ("TH«NG" is "THÔNG");
    a sentence start can only be lower case in the bytes when no capital exists ("ñy" is "Ủy").
    """
    _, enc_map = _tables(enc)
    lower = frozenset(ch for ch in enc_map if ch.islower())
    return lower, frozenset(ch for ch in lower if enc_map.get(ch.upper()) == enc_map[ch])


def to_unicode(data: bytes | str, encoding: str, *, restore_case: bool = True) -> str:
    """Convert TCVN3 / VNI bytes (or their windows-1252 mis-decoding) to NFC Unicode.

    With TCVN3, ``restore_case`` upper-cases toned letters inside upper-case words
    ("THôNG BáO" → "THÔNG BÁO") and at a sentence start, since the encoding has no such capitals.

    >>> to_unicode(b"Vi\\xd6t Nam", "tcvn3")
    'Việt Nam'
    """
    enc = _canon(encoding)
    s = _as_latin1(data)
    pattern, table = _decoder(enc)
    s = pattern.sub(lambda m: table[m.group(0)], s)
    if enc == "tcvn3" and restore_case:
        s = _restore_case(s, *_legacy_lower(enc))
    return nfc(s)


def from_unicode(text: str, encoding: str, *, errors: str = "strict") -> bytes:
    """Encode Unicode text as TCVN3 / VNI bytes (the inverse of :func:`to_unicode`, for tests).

    Characters outside the table are written as windows-1252; with ``errors="replace"`` an
    unwritable character becomes "?", otherwise UnicodeEncodeError is raised.
    TCVN3 writes upper-case toned letters with their lower-case bytes, as .VnTimeH documents do.
    """
    enc = _canon(encoding)
    _, enc_map = _tables(enc)
    out = bytearray()
    for ch in nfc(text):
        raw = enc_map.get(ch)
        if raw is not None:
            out += raw
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if errors != "replace":
                raise
            out += b"?"
    return bytes(out)


def _restore_case(s: str, lower: frozenset[str], lower_only: frozenset[str]) -> str:
    """Upper-case the letters of upper-case words and of sentence starts that TCVN3 left in lower case."""
    letters = "".join(sorted(lower))
    # A word with a lower-case legacy letter and no ASCII lower-case letter ("THôNG", "Sè", "ñy").
    cand_re = regex.compile(rf"(?<!\p{{L}})(?=[^\P{{L}}a-z]*[{letters}])[^\P{{L}}a-z]+(?!\p{{L}})")
    cands = {m.start(): m.group(0) for m in cand_re.finditer(s)}

    def neighbour(start: int, end: int, side: int) -> str | None:
        # The word next to this one on its line, separated by blanks only ("XÃ HỘI", not "Số: 437/TB").
        if side < 0:
            m = _PREV_WORD_RE.search(s[max(0, start - 48) : start])
            if not m:
                return None
            return cands.get(start - (len(m.group(0))), m.group(1))
        m = _NEXT_WORD_RE.match(s, end, min(len(s), end + 48))
        if not m:
            return None
        return cands.get(m.start(1), m.group(1))

    def caps(w: str | None) -> bool:
        return w is not None and len(w) >= 2 and w.isupper()

    # Pass 1: words with two capitals ("THôNG"); pass 2: a capital next to an upper-case word
    # ("Tế" in "KINH TẾ"); pass 3: no capital, between upper-case words ("ở" in "NHÂN DÂN ở CÁC").
    for rule in (1, 2, 3):
        for start, w in list(cands.items()):
            if w.isupper():
                continue
            n_upper = sum(c.isupper() for c in w)
            if rule == 1:
                ok = n_upper >= 2
            else:
                near = [x for x in (neighbour(start, start + len(w), -1), neighbour(start, start + len(w), 1)) if x]
                ok = (rule == 2 and n_upper == 1 and any(map(caps, near))) or (
                    rule == 3 and n_upper == 0 and bool(near) and all(map(caps, near))
                )
            if ok and len(w.upper()) == len(w):
                cands[start] = w.upper()
    out = list(s)
    for start, w in cands.items():
        out[start : start + len(w)] = w
    # A sentence start is capitalised in the original: "ñy ban" opening a paragraph is "Ủy ban";
    # a line start after a hard wrap inside a sentence is not.
    text = "".join(out)
    newlines = [m.start() for m in regex.finditer("\n", text)]
    first_re = regex.compile(rf"(?<!\p{{L}})[{''.join(sorted(lower_only))}]")
    for m in first_re.finditer(text):
        if _sentence_start(text, m.start(), newlines):
            out[m.start()] = m.group(0).upper()
    return "".join(out)


# The word before a position, then blanks: "XÃ " → "XÃ"; the word after: " HỘI" → "HỘI".
_PREV_WORD_RE = regex.compile(r"(\p{L}{1,40})[ \t]{1,2}\Z")
_NEXT_WORD_RE = regex.compile(r"[ \t]{1,2}(\p{L}+)")


def _sentence_start(text: str, start: int, newlines: list[int]) -> bool:
    """Whether the word at ``start`` opens a sentence: text start, after a blank line, after a line
    closed by ". ! ? :", or after ". " on its line ("...như sau:\\nñy ban" yes, "sản xuất\\n¶nh" no)."""
    k = bisect.bisect_left(newlines, start)
    line_start = newlines[k - 1] + 1 if k else 0
    before = text[max(line_start, start - 16) : start]
    if before.strip(" \t") or start - line_start > 16:
        return _AFTER_STOP_RE.search(before) is not None
    if k == 0:
        return True
    prev_start = newlines[k - 2] + 1 if k >= 2 else 0
    prev = text[prev_start : line_start - 1].rstrip(" \t\r")
    return not prev or prev[-1] in ".!?:"


@functools.cache
def _common() -> frozenset[str]:
    return frozenset(nfc(w) for w in _load("legacy_common.json")["syllables"])


@functools.lru_cache(maxsize=limits.CACHE_SYLLABLES)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled as a Vietnamese syllable: onset, vowels, coda, one tone mark at most.

    >>> is_syllable("thưởng"), is_syllable("hòa"), is_syllable("Ӝ1")
    (True, True, False)
    """
    d = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_MARKS for c in d) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
    return _SYLLABLE_RE.fullmatch(base) is not None


def _score(text: str, sample: int = 60_000) -> tuple[float, int, int]:
    """(score, frequent syllables found, words with a diacritic) of ``text``."""
    words = [w.lower() for w in _WORD_RE.findall(text[:sample]) if not w.isascii()]
    if not words:
        return 0.0, 0, 0
    common = _common()
    hits = sum(w in common for w in words)
    valid = sum(is_syllable(w) for w in words)
    score = 0.5 * valid / len(words) + 0.5 * min(1.0, hits / (0.25 * len(words)))
    return score, hits, len(words)


def vietnamese_score(text: str, *, sample: int = 60_000) -> tuple[float, int]:
    """How Vietnamese ``text`` looks: (score 0..1, number of frequent syllables found).

    Only words with a diacritic count: valid syllables and frequent ones ("của", "được").

    >>> vietnamese_score("Bộ Tài chính chủ trì thực hiện")[0] > 0.8
    True
    """
    score, hits, _ = _score(text, sample)
    return score, hits


def detect(data: bytes | str) -> tuple[str | None, float]:
    """The legacy encoding ``data`` (bytes, or text mis-decoded as windows-1252) is most likely in.

    Returns ``(encoding, confidence)``; the encoding is None when nothing legacy-looking is found,
    and a confidence below :data:`CONFIDENT` means "maybe": keep the text, warn.
    """
    if isinstance(data, str):
        # Real Unicode Vietnamese ("ệ", "ư") cannot come out of a windows-1252 mis-decoding.
        if any(ord(c) > 0xFF and ord(c) not in _to_latin1() for c in data[:_SAMPLE]):
            return None, 0.0
    s = _as_latin1(data)
    if not any(ord(c) >= 0x80 for c in s[:_SAMPLE]):
        return None, 0.0
    def weighed(text: str) -> float:
        score, hits, n = _score(text)
        score = score if hits else score * 0.5
        # A handful of words is weak evidence whatever they look like.
        return score * min(1.0, (n + 1) / 6)

    head = s[:_SAMPLE]
    as_is = weighed(_plain(head))
    scored = sorted(((weighed(to_unicode(head, enc, restore_case=False)), enc) for enc in ENCODINGS), reverse=True)
    best, enc = scored[0]
    runner_up = scored[1][0]
    # The right table must clearly beat both the other table and the plain windows-1252 reading.
    margin = min(best - runner_up, best - as_is)
    conf = max(0.0, min(1.0, best if margin >= 0.15 else best * margin / 0.15))
    if conf < SUSPECT:
        return None, round(conf, 3)
    return enc, round(conf, 3)


def _plain(s: str) -> str:
    """The windows-1252 reading of a latin-1 string (what a user sees without conversion)."""
    return s.translate({b: _byte_char(b) for b in range(0x80, 0xA0)})


def label(encoding: str) -> str:
    """Display name: "tcvn3" → "TCVN3"."""
    return _LABELS[_canon(encoding)]


def repair(data: bytes | str) -> tuple[str | None, list[str]]:
    """Convert ``data`` if it is confidently legacy-encoded: ``(text or None, warnings)``.

    None means "not converted"; the warnings say when a legacy encoding was suspected but not sure.
    """
    enc, conf = detect(data)
    if enc is None:
        return None, []
    if conf >= CONFIDENT:
        return to_unicode(data, enc), [f"converted from {label(enc)} (confidence {conf:.2f})"]
    return None, [
        f"text may be in the legacy {label(enc)} encoding (confidence {conf:.2f}); kept as is"
    ]
