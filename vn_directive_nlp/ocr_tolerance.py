"""The fixed parts of a document found where OCR misread them: the "Nơi nhận" block, signature
titles, the motto, issuer and title lines, and Roman headings.

OCR drops or swaps Vietnamese diacritics ("Noi nhận", "THỦ TƯỞNG", "KT. CHU TỊCH"), joins words
("THỦ TƯỚNG CHÍNHPHỦ"), reads look-alike glyphs ("Nơi nhậm", "(¡)") and puts specks before a line
("DEN i: : _¬ CHỈ THỊ"). The rules that read a document look for these parts as written; where
they find nothing, they ask here, where each anchor is matched with the confusions declared in
``data/ocr_tolerance.json``: every accented form of each letter, either case, its look-alikes,
and the words with or without the space between them. The text is never rewritten: every match is
a span of the normalized text itself.

>>> regex.fullmatch(pattern("Nơi nhận"), "Noi nhậm") is not None
True
>>> regex.fullmatch(pattern("THỦ TƯỚNG CHÍNH PHỦ"), "THỦ TƯỞNG CHÍNHPHỦ") is not None
True
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib import resources

import regex

from .textutil import strip_diacritics


@functools.cache
def _data() -> dict:
    return json.loads(resources.files("vn_directive_nlp").joinpath("data", "ocr_tolerance.json").read_text("utf-8"))


def _base(ch: str) -> str:
    """The letter under a character's accents, lower case ("Ộ" → "o", "đ" → "d")."""
    return strip_diacritics(ch).lower()


@functools.cache
def _accented() -> dict[str, str]:
    """Each Latin letter → every character written as it with accents, both cases."""
    out: dict[str, set[str]] = {}
    for cp in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = _base(ch)
        if len(base) == 1 and "a" <= base <= "z" and unicodedata.category(ch).startswith("L"):
            out.setdefault(base, set()).add(ch)
    return {k: "".join(sorted(v)) for k, v in out.items()}


@functools.cache
def letter_class(letter: str) -> str:
    """A character class for one letter of an anchor as OCR reads it.

    >>> regex.fullmatch(letter_class("ơ") + "+", "oỜ0ơ") is not None
    True
    """
    base = _base(letter)
    if not ("a" <= base <= "z") or len(base) != 1:
        return regex.escape(letter)
    glyphs = _accented()[base] + "".join(_data()["letters"].get(base, []))
    return "[" + "".join(regex.escape(g) for g in sorted(set(glyphs))) + "]"


@functools.cache
def pattern(phrase: str) -> str:
    """A pattern for ``phrase`` as OCR reads it: each letter as :func:`letter_class`, the words
    with or without the space between them."""
    return r"\s*".join("".join(letter_class(c) for c in word) for word in phrase.split())


# --- the recipients block ---------------------------------------------------------------------

# An upper-case run between the heading and the first item: a signature title printed on the
# same line ("Noi nhận: THỦ TƯỞNG - Ban Bí thư …").
_UPPER_RUN = r"(?:[\p{Lu}.,]+[ \t]*){0,6}?"


@functools.cache
def _recipients_res() -> tuple[regex.Pattern, regex.Pattern]:
    spec = _data()["recipients"]
    heading = regex.compile(
        r"(?<!\p{Ll})" + pattern(spec["heading"]) + r"[ \t]*[:;][ \t]*" + _UPPER_RUN + r"(?:(?=[-–])|\n[ \t]*(?=[-–]))")
    first = regex.compile(r"(?:^|(?<=[ \t]))(?P<items>[-–])[ \t]*" + pattern(spec["first_item"]) + r"[ \t]*[;,.:]", regex.M)
    return heading, first


def recipients_block(text: str, start: int = 0) -> tuple[int, int] | None:
    """(where the recipients block starts, where its first item starts) in ``text[start:]``,
    read where OCR garbled its heading: "Noi nhận:", "… ANơi nhậm:" (followed by a "- …" item),
    or no heading left at all ("NtHea - Như trên;"). None when there is none.

    A sentence that mentions "nơi nhận hồ sơ" is no heading: the heading ends in a colon and a
    list of items follows it.

    >>> recipients_block("Đề nghị thực hiện./.\\nNoi nhận: THỦ TƯỞNG\\n- Như trên;")
    (21, 41)
    >>> recipients_block("Gửi đến nơi nhận hồ sơ: Sở Tài chính.\\n- Bộ Y tế chủ trì.") is None
    True
    """
    heading, first = _recipients_res()
    found = []
    for spot in _HEADING_SPOT_RE.finditer(text, start):
        m = heading.search(text, max(start, spot.start() - _HEADING_BACK), min(len(text), spot.end() + _HEADING_AHEAD))
        if m:
            found.append((m.start(), m.end()))
            break
    for spots in _FIRST_SPOT_RES:
        for spot in spots.finditer(text, start):
            m = first.match(text, spot.start())
            if m:
                found.append((_item_block_start(text, m.start("items")), m.start("items")))
                break
    return min(found) if found else None


# Where the two patterns can match, found first by the standard engine (a whole text is scanned;
# a pattern opening with a literal scans it fifty times faster): the heading's last word at its
# colon ("nhận:", "nhậm:"), a dash before "Như". The heading starts at most _HEADING_BACK
# characters before that word and its first item follows within _HEADING_AHEAD.
_HEADING_SPOT_RE = re.compile(r"nh\S{1,2}[ \t]*[:;]")
_FIRST_SPOT_RES = (re.compile(r"-[ \t]*[NnMm]h"), re.compile(r"–[ \t]*[NnMm]h"))
_HEADING_BACK, _HEADING_AHEAD = 16, 200


def _item_block_start(text: str, dash: int) -> int:
    """Where a recipients block whose heading OCR lost begins: after the last sentence end before
    its first dash on that line ("… giải quyết./. ii yil - Như trên;"), else at the line start."""
    line = text.rfind("\n", 0, dash) + 1
    ends = [i + 1 for i in range(line, dash) if text[i] in ".;:!?"]
    return ends[-1] if ends else line


# --- the header's lines -----------------------------------------------------------------------

def _upper(s: str) -> bool:
    return not any(c.islower() for c in s)


@functools.cache
def _alternation(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(f"(?P<p{i}>{pattern(p)})" for i, p in enumerate(phrases)) + ")"


def _which(m: regex.Match) -> int:
    """Which phrase of an :func:`_alternation` matched."""
    return int((m.lastgroup or "p0")[1:])


def type_line(head: str, types: tuple[str, ...]) -> tuple[int, str] | None:
    """(where its line ends, which of ``types``) of the title line ("CHỈ THỊ", "CÔNG VĂN") read
    with specks before it on its line ("DEN i: : _¬ CHỈ THỊ") or its accents misread; it ends its
    line and is written in capitals, and no word stands right before it ("… THỰC HIỆN CHỈ THỊ" is a
    title, not the type line).

    >>> type_line("Số: 11/CT-TTg\\nDEN i: : _¬ CHỈ THI\\nVề các nhiệm vụ", ("THÔNG BÁO", "CHỈ THỊ"))
    (33, 'CHỈ THỊ')
    """
    rx = regex.compile(r"(?m)(?:^|(?<=[^\p{L}\d\s][ \t]{1,3}))" + _alternation(types) + r"[ \t]*$")
    for m in rx.finditer(head):
        if _upper(m.group()):
            return m.end(), types[_which(m)]
    return None


def issuer_line(lines: list[str], issuers: tuple[str, ...]) -> str | None:
    """Which of ``issuers`` (printed as the header's first line: "THỦ TƯỚNG CHÍNH PHỦ") opens one
    of ``lines``, read with its words joined or its accents misread ("THỦ TƯỚNG CHÍNHPHỦ CỘNG HÒA …").

    >>> issuer_line(["", "THỦ TƯỚNG CHÍNHPHỦ CỘNG HÒA XÃ HỘI"], ("VĂN PHÒNG CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ"))
    'THỦ TƯỚNG CHÍNH PHỦ'
    """
    rx = regex.compile(r"[\W_]*" + _alternation(issuers) + r"(?!\p{Ll})")
    for line in lines:
        m = rx.match(line)
        if m and _upper(m.group()):
            return issuers[_which(m)]
    return None


_MOTTO_PHRASES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def motto(head: str) -> bool:
    """Whether the national motto stands in ``head``, read with its words joined or accents misread.

    >>> motto("CỘNG HOÀ XÃ HỌI CHU NGHĨA VIỆTNAM")
    True
    """
    return regex.search(_alternation(_MOTTO_PHRASES), head) is not None


# --- Roman headings -----------------------------------------------------------------------------

# A Roman heading as written: "II. CÁC NHIỆM VỤ" (a numeral, a period, a capital).
# (The standard engine, from the line break before it: a whole body is scanned for it.)
_ROMAN_HEADING_RE = re.compile(r"\n(?P<tok>[IVX]{1,5})\.[ \t]+(?=[^\W\d_])")
_NUMBER_LINE_RE = regex.compile(r"(?m)^(?P<n>\d{1,3})\.[ \t]+\S")
_HEADING_LETTERS = 6  # an upper-case heading has at least this many letters in its first words


@functools.cache
def _stroke_heading_re() -> regex.Pattern:
    strokes = "".join(regex.escape(g) for g in _data()["roman_strokes"]["glyphs"])
    return regex.compile(r"(?m)^(?P<tok>[" + strokes + r"VX]{1,4})(?P<p>[.,])[ \t]+(?=\p{Lu})")


def _roman(value: int) -> str:
    from .structure_markers import roman_numeral

    return roman_numeral(value)


def _is_upper_heading(line: str) -> bool:
    letters = [c for c in line[:60] if c.isalpha()]
    return len(letters) >= _HEADING_LETTERS and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _stroke_reading(tok: str, expected: int) -> bool:
    """Can ``tok`` be the numeral ``expected`` misread? "1" or "11" only exactly ("1." is also a
    number: the caller asks more of it); a token with a letter OCR reads for a stroke ("Il", "l")
    also with one stroke lost ("Il" for "III")."""
    from .structure_markers import roman_value

    strokes = set(_data()["roman_strokes"]["glyphs"])
    mapped = "".join("I" if c in strokes else c for c in tok)
    if roman_value(mapped) == expected:
        return True
    return (not tok.isdigit() and set(mapped) == {"I"} and expected <= 3 and len(mapped) == expected - 1)


def misread_roman_headings(text: str, lo: int, hi: int) -> tuple[dict[int, tuple[str, str, str]], list[str]]:
    """Roman headings OCR misread in ``text[lo:hi]`` ("1. TINH THẦN …" for "I.", "Il. TỔ CHỨC …"
    for "III."), read as Roman where the document's own headings show the sequence: a heading in
    capitals, numbered as the next Roman numeral after the one before it, with a Roman heading as
    written after it that goes on from there. A "1." so read must also be followed by a list that
    starts again at "1." (a real "1." heading goes on with "2."). ``{line start: (kind, label as
    written, style)}`` and a warning for each.

    >>> body = "1. TINH THẦN CHỈ ĐẠO\\n1. Quán triệt.\\nII. CÁC NHIỆM VỤ\\n1. Bộ Y tế.\\nIl. TỔ CHỨC THỰC HIỆN\\n1. Các bộ."
    >>> sorted(misread_roman_headings(body, 0, len(body))[0].items())
    [(0, ('roman', '1.', 'roman.')), (65, ('roman', 'Il.', 'roman.'))]
    """
    from .structure_markers import roman_value

    genuine = _written_romans(text, lo, hi)
    if not genuine:
        return {}, []
    out: dict[int, tuple[str, str, str]] = {}
    warnings: list[str] = []
    seen: set[int] = {p for p, _ in genuine}
    cands = [m for m in _stroke_heading_re().finditer(text, lo, hi)
             if m.start() not in seen and not (set(m.group("tok")) <= set("IVX") and m.group("p") == ".")]
    events = sorted([(p, v, None) for p, v in genuine] + [(m.start(), 0, m) for m in cands], key=lambda e: e[0])
    value = 0  # the last Roman numeral read
    written_before = False  # a Roman heading as written stands before
    for k, (pos, v, m) in enumerate(events):
        if m is None:
            value, written_before = v, True
            continue
        expected = value + 1
        later = next((e[1] for e in events[k + 1:] if e[2] is None), None)
        line = text[pos:text.find("\n", pos, hi) if "\n" in text[pos:hi] else hi]
        if (later is None and not written_before) or (later is not None and later <= expected) \
                or not _is_upper_heading(line[m.end() - pos:]) \
                or not _stroke_reading(m.group("tok"), expected):
            continue
        if m.group("tok").isdigit() and not _restarts(text, m.end(), hi):
            continue
        label = m.group("tok") + m.group("p")
        out[pos] = ("roman", label, "roman.")
        warnings.append(f"{label!r} at a heading read as the Roman numeral {_roman(expected)}. (OCR misread)")
        value = expected
    return out, warnings


def _written_romans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(line start, value) of each Roman heading as written in ``text[lo:hi]`` ("II. CÁC NHIỆM VỤ")."""
    from .structure_markers import roman_value

    out = []
    for m in _ROMAN_HEADING_RE.finditer("\n" + text[lo:hi], 0):  # (a line break before the first line too)
        value = roman_value(m.group("tok"))
        if value and m.string[m.end():m.end() + 1].isupper():
            out.append((lo + m.start("tok") - 1, value))
    return out


def _restarts(text: str, pos: int, hi: int) -> bool:
    """Does the next "n." item after ``pos`` start a list again at 1 (the heading above it is not
    the first item of a number list)?"""
    m = _NUMBER_LINE_RE.search(text, pos, hi)
    return m is not None and m.group("n") == "1"


# --- list markers at a line start ---------------------------------------------------------------

_SEQUENCE_REACH = 80  # lines looked through for the item before or after a misread marker


def _marker_readings(line: str) -> list[tuple[str, int]]:
    """(a marker ``line`` may have been, how many of its characters OCR made of it), most likely
    first: "_1, Quy định" → ("1.", 3); "@) Về …" → ("(i)", 2), ("(a)", 2)."""
    spec = _data()["marker_debris"]
    specks = len(line) - len(line.lstrip(spec["specks"]))
    rest = line[specks:].lstrip(" ")
    skip = len(line) - len(rest)
    m = regex.match(r"(\d{1,2})([.,])(?=[ \t]+\p{Lu})", rest)
    if m and (specks or m.group(2) in spec["period"]):
        return [(m.group(1) + ".", skip + m.end())]
    for glyphs, readings in spec["look_alikes"].items():
        if rest.startswith(glyphs) and rest[len(glyphs):len(glyphs) + 1] in (" ", "."):
            return [(r, skip + len(glyphs)) for r in readings]
    return []


def misread_line_markers(lines: list[str]) -> tuple[list[str], list[str]]:
    """``lines`` (an OCR'd document's) with the list markers OCR misread at their start written as
    the document's own sequence shows them: the next item of the same list, or the one before it,
    is the next or previous value ("_1, Quy định" before "2. Khó khăn" is "1."; "@) Về …" before
    "(ii) Về …" is "(i)"). A marker the sequence does not show is left as read. With a warning each.

    >>> misread_line_markers(["a) Về quy hoạch", "@) Về đất đai:", "khu đất.", "(ii) Về tỉnh"])
    (['a) Về quy hoạch', '(i) Về đất đai:', 'khu đất.', '(ii) Về tỉnh'], ["'@)' read as '(i)' (an OCR misread list marker)"])
    """
    from .structure_markers import match_marker, sequence_value

    out = list(lines)
    warnings: list[str] = []
    for i, line in enumerate(lines):
        if not line[:1] or line[:1].isalpha() or not _opens_paragraph(lines, i):
            continue
        for reading, used in _marker_readings(line):
            got = match_marker(reading + " X")
            if got is None or (value := sequence_value(got[0], got[1])) is None:
                continue
            if _in_sequence(lines, i, got[2], value):
                out[i] = reading + line[used:]
                warnings.append(f"{line[:used].strip()!r} read as {reading!r} (an OCR misread list marker)")
                break
    return out, warnings


def _opens_paragraph(lines: list[str], i: int) -> bool:
    """Can line ``i`` open a list item: the line before ends a sentence or is blank or a heading of
    its own ("… tại khoản" | "1, Điều 5 …" goes on a sentence)?"""
    from .structure_markers import match_marker

    prev = lines[i - 1].strip() if i else ""
    return prev[-1:] in ("", *".:;!?") or match_marker(prev) is not None


def _in_sequence(lines: list[str], i: int, style: str, value: int) -> bool:
    """Is the nearest item of list style ``style`` after line ``i`` the value after ``value``, or
    the nearest before it the value before?"""
    from .structure_markers import match_marker, sequence_value

    for step, want in ((1, value + 1), (-1, value - 1)):
        k = i + step
        while 0 <= k < len(lines) and abs(k - i) <= _SEQUENCE_REACH:
            got = match_marker(lines[k]) if lines[k] else None
            if got is not None and got[2] == style:
                if sequence_value(got[0], got[1]) == want:
                    return True
                break
            k += step
    return False


# --- a province's issuer lines ------------------------------------------------------------------

# A People's Committee's name as a skeleton, written out or abbreviated.
_COMMITTEE_HEADS = ("ubnd", "uybannhandan")
_NOT_ALNUM_RE = regex.compile(r"[^\p{L}\p{N}]+")


def _skeleton(s: str) -> str:
    """Letters and digits only, without accents, lower case: "UBNDTỈNHLÀOCAI" → "ubndtinhlaocai"."""
    return _NOT_ALNUM_RE.sub("", strip_diacritics(s).lower())


@functools.cache
def _local_names() -> tuple[list[tuple[str, str, str, tuple[str, ...]]], list[tuple[str, str]]]:
    """(skeleton, type, name, the skeletons of the committee's name before it) of every province and
    (skeleton, name after "Sở ") of every department form, longest first."""
    from . import gazetteer

    provinces = [(_skeleton(p["name"]), p["type"], p["name"], tuple(head + _skeleton(p["type"]) for head in _COMMITTEE_HEADS))
                 for p in gazetteer.load().provinces.values()]
    data = json.loads(resources.files("vn_directive_nlp").joinpath("data", "local_bodies.json").read_text("utf-8"))
    depts = [(_skeleton(s[len("Sở "):]), d["name"][len("Sở "):]) for d in data["departments"]
             for s in [d["name"], *d["aliases"]] if s.startswith("Sở ")]
    return sorted(provinces, key=lambda p: -len(p[0])), sorted(depts, key=lambda d: -len(d[0]))


def issuer_block(lines: list[str]) -> str | None:
    """A province's issuer lines as printed, where OCR joined their words or misread their accents
    ("UBNDTỈNHLÀOCAI - SỞ NÔNG NGHIẸP VÀ MỖI TRƯỜNG"), rebuilt from the names of provinces and
    departments compared letter by letter without accents or spaces; None when they name none.

    >>> print(issuer_block(["__ UBNDTỈNHLÀOCAI - SỞ NÔNG NGHIẸP VÀ MỖI TRƯỜNG"]))
    ỦY BAN NHÂN DÂN TỈNH LÀO CAI
    SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
    """
    skel = _skeleton(" ".join(lines))
    if not any(head in skel for head in _COMMITTEE_HEADS):
        return None  # (most headers: no committee's name to rebuild, and no need to try each province)
    provinces, depts = _local_names()
    for key, kind, name, heads in provinces:
        at = next((skel.find(head + key) for head in heads if head + key in skel), -1)
        if at < 0:
            continue
        out = f"ỦY BAN NHÂN DÂN {kind.upper()} {name.upper()}"
        dept = next((d for k, d in depts if "so" + k in skel[at:]), None)
        return out + (f"\nSỞ {dept.upper()}" if dept else "")
    return None


# --- the signature ------------------------------------------------------------------------------

@functools.cache
def _signature_re(titles: tuple[str, ...]) -> regex.Pattern:
    return regex.compile(r"(?m)^[ \t]*(?:\p{Lu}{1,4}\.[ \t]*)?" + _alternation(titles) + r"[\p{Lu} ,.]*$")


def signature_title(text: str, start: int, titles: tuple[str, ...]) -> regex.Match | None:
    """The first line from ``start`` that is a signature's title as OCR read it ("KT. CHU TỊCH",
    "THỦ TƯỞNG", "KT. GIAM ĐỌC"): a mark of signing for another perhaps, one of ``titles``, and
    nothing but capitals after it on its line.

    >>> signature_title("Đề nghị thực hiện./.\\nKT. CHU TỊCH\\nPHÓ CHU TỊCH", 0, ("CHỦ TỊCH",)).group()
    'KT. CHU TỊCH'
    """
    for m in _signature_re(titles).finditer(text, start):
        if _upper(m.group()):
            return m
    return None


# A date line whose day or month OCR lost: "ngàyháng 3 năm 2020", "ngày tháng 4 năm 2026".
_DATE_LINE_RE = regex.compile(r"(?i)\bng[àa]y[^\n\d]{0,12}(?:\d{1,2}[^\n\d]{0,12})?n[ăa]m\s*\d{4}")


def unreadable_date(head: str) -> bool:
    """Does ``head`` hold an issue-date line whose day or month is not there to read?

    >>> unreadable_date("Ha Nội, ngàyháng 3 năm 2020"), unreadable_date("Hà Nội, ngày 4 tháng 3 năm 2020")
    (True, False)
    """
    return any(len(regex.findall(r"\d{1,2}", m.group()[:-4])) < 2 for m in _DATE_LINE_RE.finditer(head))
