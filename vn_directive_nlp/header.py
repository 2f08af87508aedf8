"""Header metadata: number, type, issuer, place and date, title, meeting, presiding, signer, recipients.

Works on the normalized text (one paragraph per line). Also finds where the body starts
(after the title), where the conclusions start (after "… kết luận như sau:") and where they end
(the closing formula, "Nơi nhận:", the signature block).

>>> h = extract_header("VĂN PHÒNG CHÍNH PHỦ\\nSố: 437/TB-VPCP\\nHà Nội, ngày 26 tháng 10 năm 2023\\nTHÔNG BÁO")
>>> h.metadata.number, h.metadata.issued_date.isoformat(), h.kind
('437/TB-VPCP', '2023-10-26', 'notice')
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import re
import string

import regex

from . import dates, local_bodies, news, ocr_tolerance, prefilter
from .dates import DATELINE_RE, TODAY_RE, first_meeting_date, safe_date
from .models import Kind, Metadata
from .readers.legacy import vietnamese_score
from . import vocabulary
from .textutil import compiled_pattern as _pattern


@dataclass
class Header:
    """What the header says, and where the parts of the body lie (offsets into the text)."""

    metadata: Metadata
    kind: Kind = "other"
    body_start: int = 0  # first paragraph after the title
    conclusions_start: int = 0  # first paragraph that may hold segments
    body_end: int = 0  # closing formula / "Nơi nhận:" / signature block
    warnings: list[str] = field(default_factory=list)
    home: local_bodies.Home | None = None  # a provincial or commune issuer's province and commune (its bare "Sở Tài chính", "Công an xã")
    # The day whose names of bodies the document uses: its date, or None for an article whose
    # year is only guessed (its bodies are then named as written, not as they later became).
    names_on: _dt.date | None = None


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(resources.files("vn_directive_nlp").joinpath("data/header.json").read_text("utf-8"))


# Windows, in characters, where the header's parts are looked for.
_HEAD_LIMIT = 3000  # the header lies in the first few thousand characters
_PLACE_DATE_REACH = 1500  # the "Hà Nội, ngày …" line opens among the header's first lines
_KINH_GUI_REACH = 1500  # a letter's "Kính gửi:" is looked for this far after the title …
_KINH_GUI_NEAR = 400  # … and counts when it starts this close to the body's start
_DIEN_REACH = 2000  # a công điện's "… điện:" line stands this close after the title
_CONCLUDES_REACH = 6000  # the sentence announcing the conclusions opens this close to the body's start
_SIGNATURE_FROM = 0.5  # a signature title opens a line after this share of the text
_SIGNER_REACH = 600  # the signer's name stands within this many characters under the title
_SIGNATURE_NEAR_END = 1200  # a signature block stands this close after the body's end ("Nơi nhận:" list)
_RUN_IN_SIGNER_REACH = 1500  # a signature run into a line stands among the text's last characters
_OPENING_REACH = 1500  # the opening narrative, when no sentence announces the conclusions
_NEWS_MIN_LENGTH = 200  # a text without header longer than this is read as a news article
_NEWS_MIN_VIETNAMESE = 0.5  # … when it reads as Vietnamese (readers.legacy.vietnamese_score: prose ≥ 0.95, mojibake < 0.2)
_NEWS_SAMPLE = 20_000  # the characters that score is taken on
_NEWS_DATELINE_REACH = 800  # a news article's dateline
_NEWS_LEAD_REACH = 4000  # a news article's lead: its own day, the meeting's date

# "Số: 437/TB-VPCP", "Số: 11554/VPCP-V.I", "Số 25/TB-VPCP"
# (At a line's start, or in a cell of a header written as a table: "| Số: 13/CT-TTg | Hà Nội, …".)
# ("Số 45-TB/ĐU": a Party committee's number, its type before the slash.)
_NUMBER_RE = regex.compile(r"(?m)(?:^|\|)[ \t]*Số\s*:?\s*(\d{1,6}(?:\s*/\s*\d{4}|\s*-\s*[\p{Lu}Đ]{1,6})?\s*/\s*[\p{Lu}Đ][\p{L}\d.]*(?:\s*-\s*[\p{L}\d.]+)*)")
# "Hà Nội, ngày 26 tháng 10 năm 2023"; "TP. Hồ Chí Minh, ngày 5 tháng 1 năm 2020". A city's name
# wraps onto the next line only where "Thành phố" opens its own ("Thành phố\nHồ Chí Minh, ngày …"),
# not at the end of a line of other words ("V/v … trên địa bàn Thành phố\nHà Nội, ngày …").
_CITY = r"(?:Thành\s+phố|TP\.?|Tp\.?)"
_PLACE_DATE_RE = regex.compile(
    r"(?<![\p{L}.])(?P<place>(?<![^\n])" + _CITY + r"(?:[ \n]\p{Lu}[\p{L}.]*){1,3}|" + _CITY + r"(?:[ ]\p{Lu}[\p{L}.]*){1,3}"
    r"|(?:\p{Lu}[\p{L}.]*[ ]){0,3}\p{Lu}[\p{L}.]*),[ ]*"
    + dates.ISSUE_DATE
)
# "THÔNG BÁO", "CÔNG ĐIỆN", "CHỈ THỊ" standing alone on their line.
_TYPE_WORDS = ("THÔNG BÁO", "CÔNG ĐIỆN", "CHỈ THỊ", "QUYẾT ĐỊNH", "KẾT LUẬN", "NGHỊ QUYẾT", "KẾ HOẠCH", "PHIẾU CHUYỂN", "HƯỚNG DẪN")
_TYPE_LINE_RE = regex.compile(r"(?m)^(" + "|".join(_TYPE_WORDS) + r")\s*$")
# Documents that direct as notices do (SPEC §1): their kind is "directive".
_DIRECTIVE_TYPES = ("Công điện", "Chỉ thị", "Công văn", "Kế hoạch", "Phiếu chuyển")
# "Số:      /UBND-KT": a number the signing office fills in later, left blank in this copy.
_BLANK_NUMBER_RE = regex.compile(r"(?m)(?:^|\|)[ \t]*Số\s*:?\s*/\s*[\p{Lu}Đ]")
# "Lào Cai, ngày    tháng    năm 2025": a place whose date is left blank.
_PLACE_BLANK_DATE_RE = regex.compile(r"(?<![\p{L}.])(?P<place>(?:\p{Lu}[\p{L}.]*[ ]){0,3}\p{Lu}[\p{L}.]*),[ ]*ngày\s+tháng\s+năm\b")
# A signature run into the line before it: "… Đ.Minh BỘ TRƯỞNG, CHỦ NHIỆM Trần Văn Sơn".
# (Every signature title but "PHÓ CHỦ NHIỆM", which this reading has never taken.)
_RUN_IN_SIGNER_RE = regex.compile(
    vocabulary.signature_titles(leaving_out=("PHÓ CHỦ NHIỆM",)) + r"[\p{Lu} ,.]*?\s+"
    r"(?P<name>\p{Lu}[\p{Ll}]+(?:\s+\p{Lu}[\p{Ll}]+){1,4})\s*$")
# "V/v tăng cường …" opening a line, or a cell of a header written as a table ("| V/v … | |").
_VV_RE = regex.compile(r"(?mi)(?:^|\|)[ \t]*V/v\s*:?\s*([^|\n]*[^|\s])")
_KINH_GUI_RE = regex.compile(r"(?m)^Kính\s+gửi\s*:")
# (A Party committee's document — a commune's "ĐẢNG ỦY XÃ …" — heads its right column with the Party's name.)
_MOTTO_RE = regex.compile(r"CỘNG\s+H[OÒ]A\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc"
                       r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
# The sentence that opens the conclusions: "… đã kết luận như sau:", "Thủ tướng Chính phủ yêu cầu:".
_CONCLUDES_RE = regex.compile(
    r"(?mi)(?:kết\s+luận|ý\s+kiến\s+chỉ\s+đạo|chỉ\s+đạo|ý\s+kiến|yêu\s+cầu|đề\s+nghị|giao\s+nhiệm\s+vụ|có\s+ý\s+kiến)"
    r"(?:\s+\p{L}+){0,4}?\s*(?:như\s+sau|sau\s+đây|cụ\s+thể\s+như\s+sau)?\s*:\s*$|(?:Cụ\s+thể|cụ\s+thể\s+như\s+sau|như\s+sau)\s*:\s*$"
)
# The search for that sentence (see _first_conclusion): it ends at a line-final colon (found with
# the faster engine, whose \s takes in every space ``regex`` knows), and before the colon it holds
# only letters and spaces, opening on one of these words.
_COLON_END_RE = re.compile(r":\s*$", re.M)
_CONCLUDES = prefilter.declare("header.concludes", _CONCLUDES_RE, ("kết", "ý", "chỉ", "yêu", "đề", "giao", "có", "cụ", "như"))
_NOT_IN_WORDS = frozenset(string.punctuation + string.digits)  # what ends the run before the colon
# "THỦ TƯỚNG CHÍNH PHỦ điện:" opens a công điện's addressee block.
_DIEN_RE = regex.compile(r"(?m)^.{0,60}\bđiện\s*:\s*$")
# Closing formula: "Văn phòng Chính phủ (xin) thông báo để … biết, thực hiện./."
_CLOSING_TAIL = r"\s+(?:để|đề|đến|cho|tới)\b[^\n]{0,600}$"
_CLOSING_RE = regex.compile(r"(?m)^" + vocabulary.notice_closing_opening() + _CLOSING_TAIL)
_GOVERNMENT_OFFICE_CLOSING_RE = regex.compile(r"(?m)^" + vocabulary.notice_closing_opening(any_office=False) + _CLOSING_TAIL)
# A marker opening the line after that sentence: "1.", "II.", "a)", "Thứ nhất", "Một là", "-".
_MARKER_NEXT_RE = regex.compile(r"\s*(?:\d{1,2}[.)]|[IVX]+\.|[a-zđ]\)|Thứ\s+nhất|Một\s+là|[-–+•])")
_AS_FOLLOWS_RE = regex.compile(r"(?i)(?:ý\s+kiến(?:\s+chỉ\s+đạo)?|kết\s+luận|chỉ\s+đạo)\s+như\s+sau\s*:\s*$")
_NOI_NHAN_RE = regex.compile(r"(?m)^Nơi\s+nhận\s*:?")
# A signature's title line: "KT. THỦ TƯỚNG", "PHÓ CHỦ NHIỆM" (every title but the two this reading
# has never taken).
_SIGN_TITLE_RE = regex.compile(
    r"(?m)^" + vocabulary.signing_for() + r"?[ \t]*"
    + vocabulary.signature_titles(leaving_out=("GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")) + r"[\p{Lu} ,.]*$")
_OCR_SIGN_TITLES = tuple(t for t in vocabulary.load().signature_titles if t not in ("GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"))
# A person's name: 2–5 capitalised syllables ("Trần Văn Sơn", "Mai Thị Thu Vân").
_NAME = r"\p{Lu}[\p{Ll}]+(?:\s+\p{Lu}[\p{Ll}]+){1,4}"
_NAME_LINE_RE = regex.compile(r"^" + _NAME + r"$")
_NAME_THEN_FOOTNOTE_RE = regex.compile(r"^(?P<name>" + _NAME + r")\s+\d{1,2}\s+\p{Lu}")
# Upper-case titles: "… CỦA THỦ TƯỚNG NGUYỄN TẤN DŨNG TẠI PHIÊN HỌP …" — the name stops before "TẠI".
_UPPER_STOP = r"(?!(?:TẠI|CUỘC|VỀ|HỌP|BUỔI|HỘI|PHIÊN|VỚI|VÀ|NGÀY|CHỦ|TRƯỞNG|KHI|ĐỐI|THĂM|KIỂM|LÀM|ĐI|DỰ|TỔ|BAN|ĐOÀN|NGHE|GIỮA|TRONG)\b)"
_UPPER_NAME = r"\p{Lu}+(?:\s+" + _UPPER_STOP + r"\p{Lu}+){1,4}"
# Titles of those who chair meetings: "Phó Thủ tướng Thường trực Chính phủ", "Thủ tướng Chính phủ",
# "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ" (and "Phó thủ tướng", as some outlets write it).
_LEADER_TITLE = (
    r"(?:Phó\s+[Tt]hủ|Thủ)\s+tướng(?:\s+Thường\s+trực)?(?:\s+Chính\s+phủ)?"
    r"|Chủ\s+tịch\s+nước|Phó\s+Chủ\s+tịch\s+nước|Tổng\s+Bí\s+thư|Chủ\s+tịch\s+Quốc\s+hội"
    r"|Bộ\s+trưởng,\s+Chủ\s+nhiệm\s+Văn\s+phòng\s+Chính\s+phủ|(?:Phó\s+)?Chủ\s+nhiệm\s+Văn\s+phòng\s+Chính\s+phủ"
    r"|Bộ\s+trưởng\s+Bộ\s+[\p{Lu}][\p{L}]*(?:\s+(?:và\s+)?[\p{Lu}\p{Ll}][\p{L}]*){0,5}?"
)
_PRESIDING_RE = regex.compile(r"(?:" + _LEADER_TITLE + r")\s+(?P<name>" + _NAME + r")")
_PRESIDING_UPPER_RE = regex.compile(
    r"(?:PHÓ\s+)?THỦ\s+TƯỚNG(?:\s+THƯỜNG\s+TRỰC)?(?:\s+CHÍNH\s+PHỦ)?\s+(?P<name>" + _UPPER_NAME + r")"
)
_MEETING_WORDS_RE = regex.compile(
    r"(?i)chủ\s+trì|họp|hội\s+nghị|làm\s+việc|kiểm\s+tra|thăm|hội\s+thảo|tọa\s+đàm|phiên|cuộc\s+gặp|đối\s+thoại|khảo\s+sát"
)
# A news article names the notice it reports: "ban hành Thông báo 437/TB-VPCP".
_REPORTS_RE = regex.compile(r"(?i)Thông\s+báo\s+(?:số\s+)?(\d{1,5}\s*/\s*TB\s*-\s*[\p{L}]+)|\b(\d{1,5}/TB-VPCP)\b")


# Years in a text ("2024"), for a date written without one (the standard engine scans faster).
_YEARS_RE = re.compile(r"\b(20\d\d)\b")


def _clean_symbol(s: str) -> str:
    return _pattern(r"\s*([/-])\s*").sub(r"\1", s.strip()).rstrip(".,;")


def _place(place: str, number: str | None) -> str:
    """The place of "Hà Nội, ngày …", without the tail of a number run into the same line
    ("Số: 15/CT-TTg Hà Nội, ngày …" → "Hà Nội")."""
    words = place.split()
    if number and len(words) > 1 and number.replace("-", "/").split("/")[-1].casefold() == words[0].casefold():
        words = words[1:]
    return " ".join(words)


def _official_case(number: str) -> str:
    """A known code in its official case: "19/CT-TTG" → "19/CT-TTg"."""
    codes = _code_cases()
    out: list[str] = []
    word: list[str] = []
    for ch in number + "/":
        if ch in "/-":
            piece = "".join(word)
            out.append(codes.get(piece.casefold(), piece))
            out.append(ch)
            word = []
        else:
            word.append(ch)
    return "".join(out[:-1])


@lru_cache(maxsize=1)
def _code_cases() -> dict[str, str]:
    return {c.casefold(): c for c in (*_data()["issuer_codes"], *_data()["type_codes"])}


def _title_case(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def _issuer(head: str, number: str | None) -> str | None:
    data = _data()
    for line in head.split("\n")[:6]:
        up = " ".join(line.strip(" |*#").split()).upper()
        for key, name in data["issuer_lines"].items():
            if up.startswith(key):
                return name
    lines = [" ".join(line.strip(" |*#").split()) for line in head.split("\n")[:6]]
    key = ocr_tolerance.issuer_line(lines, tuple(data["issuer_lines"]))  # "THỦ TƯỚNG CHÍNHPHỦ" (OCR)
    if key:
        return data["issuer_lines"][key]
    if number and "/" in number:
        parts = number.split("/")[-1].split("-")
        codes = data["type_codes"]
        suffix = parts[-1] if parts[0] in codes and len(parts) > 1 else parts[0]
        return data["issuer_codes"].get(suffix)
    return None


def _issuer_is_code_guess(head: str, issuer: str) -> bool:
    """Whether ``issuer`` came from the number's code only ("UBND" → a ministry's guess), not from
    a line of the header naming it."""
    first = " ".join(" ".join(head.split("\n")[:6]).split()).upper()
    return not any(key in first for key in _data()["issuer_lines"])


def _doc_type(head: str, number: str | None) -> str | None:
    data = _data()
    if number and "/" in number:
        code = number.split("/")[-1].split("-")[0]
        if code in data["type_codes"]:
            return data["type_codes"][code]
        if _VV_RE.search(head) or _KINH_GUI_RE.search(head) or code in data["issuer_codes"]:
            return "Công văn"
    tl = _type_line(head)
    if tl:
        return tl[1][:1] + tl[1][1:].lower()  # "KẾ HOẠCH" → "Kế hoạch"
    if _VV_RE.search(head) and _KINH_GUI_RE.search(head):
        return "Công văn"
    return None


def _type_line(head: str) -> tuple[int, str] | None:
    """(where it ends, the type) of the line naming the document's type ("CHỈ THỊ" alone on its
    line), or of that line as OCR read it ("DEN i: : _¬ CHỈ THỊ")."""
    m = _TYPE_LINE_RE.search(head)
    if m:
        return m.end(), m.group(1)
    official = _NUMBER_RE.search(head) or _MOTTO_RE.search(head) or ocr_tolerance.motto(head)
    return ocr_tolerance.type_line(head, _TYPE_WORDS) if official else None


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


def _first_conclusion(text: str, start: int, stop: int) -> regex.Match | None:
    """The first match of ``_CONCLUDES_RE`` in ``text[start:stop]``, the pattern tried only where
    one of its opening words stands in the run of letters and spaces before a line-final colon
    (a scan tries it at every character of up to 6,000)."""
    for colon in _COLON_END_RE.finditer(text, start, stop):
        c = colon.start()
        r = c
        while r > start and text[r - 1] not in _NOT_IN_WORDS:
            r -= 1
        m = _CONCLUDES.first(text, r, stop, spots=prefilter.Spots(text, r, c))
        if m is not None:
            return m
    return None


def extract_header(text: str) -> Header:
    r"""Read the header and locate the body of the normalized ``text``.

    >>> h = extract_header("Số: 5/TB-VPCP\nHà Nội, ngày 2 tháng 1 năm 2024\nTHÔNG BÁO\nKết luận\n1. Làm.")
    >>> h.metadata.title, h.body_start, h.kind
    ('Kết luận', 65, 'notice')
    """
    head = text[:_HEAD_LIMIT]
    md, warnings, header_end, home = _header_fields(head)
    body_start = _title_and_body_start(text, head, md, header_end)
    body_end, sig = _body_end(text, body_start)
    if md.issuer is None and _closed_by_government_office(text, body_start):
        md.issuer = "Văn phòng Chính phủ"  # "Văn phòng Chính phủ thông báo để … biết, thực hiện./."
    conclusions_start = _conclusions_start(text, head, body_start, body_end)
    md.signer = _signer(text, sig, body_end)
    md.recipients = _recipients(text, body_start)
    _read_meeting(md, text, body_start, conclusions_start)
    kind, names_on = _kind(md, text, head)
    if md.number is None and kind in ("notice", "directive"):
        warnings.append("header: no document number found")
    return Header(
        metadata=md,
        kind=kind,
        body_start=body_start,
        conclusions_start=conclusions_start,
        body_end=max(body_end, conclusions_start),
        warnings=warnings,
        home=home,
        names_on=names_on,
    )


# --- header fields ------------------------------------------------------------------------------

def _header_fields(head: str) -> tuple[Metadata, list[str], int, local_bodies.Home | None]:
    """Number, place and issue date, type and issuer from the ``head`` of a text; with the
    warnings, where the header's own lines end, and the issuer's home province."""
    md = Metadata()
    warnings: list[str] = []
    m = _NUMBER_RE.search(head)
    if m:
        md.number = _official_case(_clean_symbol(m.group(1)))
    header_end = m.end() if m else 0
    m = _PLACE_DATE_RE.search(head)
    if m and m.start() < _PLACE_DATE_REACH:
        md.place = _place(m.group("place"), md.number)
        md.issued_date = safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        header_end = max(header_end, m.end())
    elif (bm := _PLACE_BLANK_DATE_RE.search(head)) is not None and bm.start() < _PLACE_DATE_REACH:
        md.place = _place(bm.group("place"), md.number)
        warnings.append("header: the issue date is left blank")
    if md.number is None and _BLANK_NUMBER_RE.search(head):
        warnings.append("header: the document number is left blank")
    md.doc_type = _doc_type(head, md.number)
    official = bool(md.number or _MOTTO_RE.search(head) or ocr_tolerance.motto(head))  # an official document's header
    md.issuer = _issuer(head, md.number) if official else None
    home = None
    if official and md.issued_date is None and not warnings and ocr_tolerance.unreadable_date(head[:_PLACE_DATE_REACH]):
        warnings.append("header: the issue date is not readable")  # "Ha Nội, ngàyháng 3 năm 2020" (OCR)
    if official:
        local_issuer, home = local_bodies.header_issuer(head, md.issued_date)
        if local_issuer is None and home is None:  # issuer lines OCR joined: "UBNDTỈNHLÀOCAI - SỞ …"
            block = ocr_tolerance.issuer_block(regex.split(r"\n(?=\s*(?:Số|V/v|Kính)\b)", head, maxsplit=1)[0].split("\n")[:4])
            local_issuer, home = local_bodies.header_issuer(block, md.issued_date) if block else (None, None)
        if local_issuer and (md.issuer is None or _issuer_is_code_guess(head, md.issuer)):
            md.issuer = local_issuer
    return md, warnings, header_end, home


def _title_and_body_start(text: str, head: str, md: Metadata, header_end: int) -> int:
    """Sets the title: the paragraph after the type line ("THÔNG BÁO" / "CÔNG ĐIỆN"), else the
    "V/v" line. Returns where the body starts: after the title, the header, a "Kính gửi:" line."""
    body_start = 0
    tm = _type_line(head)
    if tm:
        t_start = tm[0] + 1
        t_end = _line_end(text, t_start)
        title = text[t_start:t_end].strip()
        vv = _VV_RE.match(title)
        if vv:
            title = vv.group(1).strip()
        if title and not _DIEN_RE.match(title):
            md.title = title
            body_start = t_end + 1
        else:
            body_start = t_start
    vv = _VV_RE.search(head)
    if md.title is None and vv:
        md.title = vv.group(1).strip()
    if not body_start:
        body_start = max(header_end, vv.end() if vv else 0)
        if body_start:
            body_start = min(len(text), _line_end(text, body_start) + 1)
    # A letter's "Kính gửi:" line precedes its body.
    kg = _KINH_GUI_RE.search(text, body_start, body_start + _KINH_GUI_REACH) if body_start < len(text) else None
    if kg and kg.start() - body_start < _KINH_GUI_NEAR:
        body_start = _line_end(text, kg.start()) + 1
    return body_start


# --- where the body and the conclusions lie --------------------------------------------------------

def _body_end(text: str, body_start: int) -> tuple[int, regex.Match | None]:
    """Where the conclusions end: at the closing formula, "Nơi nhận:", or the signature block
    (whose title line is returned too)."""
    ends = []
    for mm in _CLOSING_RE.finditer(text, body_start):
        ends.append(mm.start())
        break
    block = _recipients_block(text, body_start)
    if block:
        ends.append(block[0])
    sig = None
    # A signature title opens a line in the second half of the text (the search starts there).
    half = text.find("\n", int(len(text) * _SIGNATURE_FROM))
    for mm in _SIGN_TITLE_RE.finditer(text, max(body_start, half + 1)) if half >= 0 else ():
        if mm.start() > len(text) * _SIGNATURE_FROM:
            sig = mm
            ends.append(mm.start())
            break
    if sig is None and half >= 0:  # a title OCR misread: "KT. CHU TỊCH", "THỦ TƯỞNG"
        sig = ocr_tolerance.signature_title(text, max(body_start, half + 1), _OCR_SIGN_TITLES)
        if sig is not None:
            ends.append(sig.start())
    return (min(ends) if ends else len(text)), sig


def _conclusions_start(text: str, head: str, body_start: int, body_end: int) -> int:
    """Where the conclusions start: after the addressee block of a công điện ("… điện:"), or after
    the sentence that announces them ("… kết luận như sau:")."""
    conclusions_start = body_start
    dm = _DIEN_RE.search(text, body_start, min(body_end, body_start + _DIEN_REACH)) if body_start < body_end else None
    if dm:
        conclusions_start = _after_addressees(text, _line_end(text, dm.start()) + 1, body_end)
    # Only a sentence within _CONCLUDES_REACH counts: the search stops at the line end after it.
    stop = text.find("\n", conclusions_start + _CONCLUDES_REACH)
    stop = body_end if stop < 0 else min(stop, body_end)
    cm = _first_conclusion(text, conclusions_start, stop)
    if cm and cm.start() - conclusions_start < _CONCLUDES_REACH:
        nxt = _line_end(text, cm.end()) + 1
        # When a marker follows ("Thủ tướng Chính phủ yêu cầu:" then "1. …"), or when the sentence
        # announces the opinion that follows ("Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:").
        if _MARKER_NEXT_RE.match(text[nxt:nxt + 20]) \
                or (_MOTTO_RE.search(head) and _AS_FOLLOWS_RE.search(text, max(cm.start(), cm.end() - 40), cm.end())):
            conclusions_start = nxt
    return conclusions_start


def _after_addressees(text: str, pos: int, body_end: int) -> int:
    """Past the "- Bộ …;" addressee lines of a công điện (and their wrapped tails, "Đồng kính gửi:"
    lines) that start at ``pos``."""
    prev_line = ""
    while pos < body_end:
        line = text[pos:_line_end(text, pos)]
        if not (line.startswith(("- ", "– ", "+ ", "Đồng kính gửi")) or prev_line.endswith((":", ","))
                or (len(line) < 120 and line.endswith((";", ":")))):
            break
        prev_line = line
        pos = _line_end(text, pos) + 1
    return pos


# --- the fields after the body -------------------------------------------------------------------

def _signer(text: str, sig: regex.Match | None, body_end: int) -> str | None:
    """The name under the signature block, or one run into a last line. (A block in the first half
    of a text — before a long appendix — is looked for beside the "Nơi nhận:" list that ends the body.)"""
    if sig is None and body_end < len(text):
        sig = _SIGN_TITLE_RE.search(text, body_end, body_end + _SIGNATURE_NEAR_END)
    tail_from = sig.end() if sig else (body_end if body_end < len(text) else len(text))
    for line in text[tail_from:tail_from + _SIGNER_REACH].split("\n")[:8]:
        line = line.strip()
        if _NAME_LINE_RE.match(line):
            return line
        fm = _NAME_THEN_FOOTNOTE_RE.match(line) if sig else None
        if fm:  # a PDF's last-page footnotes run onto the name's line: "Phan Văn An 1 Luật … số 42/2024/QH15 …"
            return fm.group("name")
    for line in text[max(body_end, len(text) - _RUN_IN_SIGNER_REACH):].split("\n")[::-1][:6]:
        rm = _RUN_IN_SIGNER_RE.search(line.strip().strip("|").strip())
        if rm:
            return rm.group("name")
    return None


def _recipients(text: str, body_start: int) -> list[str]:
    """The items of the "Nơi nhận:" list."""
    recipients: list[str] = []
    block = _recipients_block(text, body_start)
    if not block:
        return recipients
    rest = text[block[1]:].lstrip(": ")
    open_item = False
    for line in rest.split("\n")[:60]:
        line = line.strip()
        if not line:
            continue
        if not line.startswith(("-", "–", "+", "•")):
            if _is_upper_title(line):  # "KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC": the signature beside the list
                if recipients:
                    break
                continue
            if recipients and (line[:1].islower() or open_item):
                recipients[-1] += " " + line.rstrip(";,.")
                open_item = not line.endswith((";", "."))
                continue
            if recipients:
                break
            continue
        recipients.append(line.lstrip("-–+• ").rstrip(";,."))
        open_item = not line.endswith((";", "."))
        if _FILED_RE.match(recipients[-1]):  # "Lưu: VT, KT." closes the list, whatever its punctuation
            break
    return recipients


def _recipients_block(text: str, start: int) -> tuple[int, int] | None:
    """(where the "Nơi nhận:" block starts, where its items start); where OCR garbled the
    heading ("Noi nhận:", "NtHea - Như trên;"), as ocr_tolerance reads it."""
    nm = _NOI_NHAN_RE.search(text, start)
    return (nm.start(), nm.end()) if nm else ocr_tolerance.recipients_block(text, start)


_FILED_RE = re.compile(r"(?i)lưu\s*(?::|văn\s+thư|vt\b)")


def _is_upper_title(line: str) -> bool:
    """A line in capitals (at least two letters), as signature titles are written: "PHÓ GIÁM ĐỐC"."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _read_meeting(md: Metadata, text: str, body_start: int, conclusions_start: int) -> None:
    """Sets the meeting date and presiding persons of a notice: from the title and the opening
    narrative (a directive reports no meeting)."""
    end = conclusions_start if conclusions_start > body_start else body_start + _OPENING_REACH
    opening = text[body_start:end]
    first_para = opening.split("\n", 1)[0] if opening else ""
    year_hint = md.issued_date.year if md.issued_date else None
    if md.doc_type not in _DIRECTIVE_TYPES:
        if _MEETING_WORDS_RE.search(first_para[:600]):
            md.meeting_date = first_meeting_date(first_para[:300], year_hint)
        if md.meeting_date is None and md.title:
            md.meeting_date = first_meeting_date(md.title, year_hint)
        md.presiding = _presiding(md.title or "", opening)
    elif md.doc_type == "Công văn":
        md.presiding = _speaks_for(opening)


def _speaks_for(opening: str) -> list[str]:
    """The leader whose opinion a letter conveys ("…, Phó Thủ tướng Chính phủ Trần Hồng Hà có ý kiến
    như sau:", "… truyền đạt ý kiến chỉ đạo của Phó Thủ tướng Lê Thành Long"): SPEC's presiding
    leader of a letter (a directive its leader signs speaks for no one else).

    >>> _speaks_for("Xét Tờ trình số 5/TTr-BTC, Phó Thủ tướng Chính phủ Nguyễn Văn An có ý kiến như sau:")
    ['Nguyễn Văn An']
    """
    m = _pattern(r"(?:" + _LEADER_TITLE + r")\s+(?P<name>" + _NAME + r")\s*,?\s+(?:đã\s+)?có\s+ý\s+kiến").search(opening) \
        or _pattern(r"truyền\s+đạt\s+ý\s+kiến(?:\s+chỉ\s+đạo)?\s+của\s+(?:" + _LEADER_TITLE + r")\s+(?P<name>" + _NAME + r")").search(opening)
    return [m.group("name")] if m else []


def _kind(md: Metadata, text: str, head: str) -> tuple[Kind, _dt.date | None]:
    """The document's kind and the day whose names of bodies it uses; a news article's fields."""
    names_on = md.issued_date or md.meeting_date
    if md.doc_type == "Thông báo":
        return "notice", names_on
    if md.doc_type in _DIRECTIVE_TYPES:
        return "directive", names_on
    if md.doc_type is not None or _MOTTO_RE.search(head) or len(text) <= _NEWS_MIN_LENGTH:
        return "other", names_on
    if vietnamese_score(text, sample=_NEWS_SAMPLE)[0] < _NEWS_MIN_VIETNAMESE:
        return "other", names_on  # a text that does not read as Vietnamese (a PDF's broken font map) is no article
    return "news", _read_news(md, text, names_on)


def _read_news(md: Metadata, text: str, names_on: _dt.date | None) -> _dt.date | None:
    """Sets a news article's fields: the notice it reports, its day (dateline, or "sáng nay, 1/12"),
    the meeting's date and who presided. Returns the day whose names of bodies it uses."""
    passages = news.lead_passages(text, _NEWS_LEAD_REACH)
    md.reports = news.reported_document(text, passages)
    # The article's dateline: "Friday, 27/10/2023, 10:25 AM", "Thứ Sáu, 27/10/2023".
    dm = DATELINE_RE.search(text, 0, _NEWS_DATELINE_REACH)
    if dm:
        y, m, d = (dm.group("y"), dm.group("m"), dm.group("d")) if dm.group("y") else (dm.group("y2"), dm.group("m2"), dm.group("d2"))
        md.issued_date = safe_date(int(y), int(m), int(d))
    dated_year = md.issued_date is not None
    tm = next((m for s, e in passages if (m := TODAY_RE.search(text, s, e))), None)
    meeting = _news_meeting_day(text, passages)
    month = meeting[1] if meeting else (int(tm.group("m")) if tm else None)
    year_hint = md.issued_date.year if md.issued_date else news.article_year(text, month)
    if md.issued_date is None and tm and year_hint:
        md.issued_date = safe_date(year_hint, int(tm.group("m")), int(tm.group("d")))
    if meeting:
        d, m, y = meeting
        md.meeting_date = safe_date(y or year_hint, m, d)
        if y is None and md.meeting_date and md.issued_date and md.meeting_date > md.issued_date:
            md.meeting_date = safe_date(md.issued_date.year - 1, m, d)  # a meeting an article reports lies behind it
    if dated_year:
        names_on = md.issued_date or md.meeting_date
    if not md.presiding:
        km = _pattern(r"kết\s+luận\s+của\s+(?:" + _LEADER_TITLE + r")\s+(?P<name>" + _NAME + r")").search(text[:3000])
        md.presiding = [km.group("name")] if km else (_presiding("", text[:2000]) or news.leader(text[:3000]))
    return names_on


def _news_meeting_day(text: str, passages: list[tuple[int, int]]) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of the meeting an article reports: in the first sentence of its
    opening (or summary) that speaks of a meeting and dates it."""
    def meeting_word(sentence: str, pos: int) -> int | None:
        m = _MEETING_WORDS_RE.search(sentence, pos)
        return m.start() if m else None

    for start, end in passages:
        for sent in _pattern(r"(?<=[.!?])\s+|\n").split(text[start:end]):
            if _MEETING_WORDS_RE.search(sent):
                day = news.meeting_day(sent, meeting_word)
                if day:
                    return day
    return None


def _closed_by_government_office(text: str, start: int) -> bool:
    """Does the closing formula say the Government Office issued the document?"""
    return _GOVERNMENT_OFFICE_CLOSING_RE.search(text, start) is not None


def _presiding(title: str, opening: str) -> list[str]:
    """Who chaired: the leader in the title ("Kết luận của Phó Thủ tướng … Trần Lưu Quang") or the
    one who "chủ trì" in the opening narrative."""
    names: list[str] = []
    m = _PRESIDING_RE.search(title)
    if m:
        names.append(m.group("name"))
    else:
        mu = _PRESIDING_UPPER_RE.search(title)
        if mu:
            names.append(_title_case(mu.group("name")))
    if not names:
        # "… Trưởng Ban Chỉ đạo … Phạm Minh Chính chủ trì phiên họp …"
        nm = _pattern(r"(?P<name>" + _NAME + r")\s+(?:đã\s+)?chủ\s+trì").search(opening)
        if nm and _pattern(_LEADER_TITLE).search(opening[max(0, nm.start() - 200):nm.start()]):
            names.append(nm.group("name"))
    if not names:
        cm = _pattern(r"chủ\s+trì").search(opening)
        if cm:
            sentence_start = max(opening.rfind(".", 0, cm.start()), opening.rfind("\n", 0, cm.start())) + 1
            for pm in _PRESIDING_RE.finditer(opening, sentence_start, cm.start()):
                names.append(pm.group("name"))
                break
    if not names:
        # A visit or an inspection: "… Thủ tướng Chính phủ Phạm Văn An đã đi khảo sát thực tế và làm việc tại …".
        vm = _VISITED_BY_RE.search(opening.split("\n", 1)[0])
        if vm:
            names.append(vm.group("name"))
    return names


_VISITED_BY_RE = regex.compile(
    r"(?:" + _LEADER_TITLE + r")\s+(?P<name>" + _NAME + r")\s*,?\s+(?:đã\s+)?(?:đi\s+|có\s+chuyến\s+)?"
    r"(?:khảo\s+sát|kiểm\s+tra|làm\s+việc|thăm|dự|họp|đối\s+thoại|gặp)\b")
