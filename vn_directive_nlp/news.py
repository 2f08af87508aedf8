"""News articles: where an article reports the instructions a leader gave (SPEC §3 "News articles").

An article mixes the leader's instructions with background, figures, others' reports and proposals.
Only the instructions are assignments. They open with a sentence that reports one — "Phó Thủ tướng
yêu cầu Bộ Công an …", "Văn phòng Chính phủ vừa có văn bản … truyền đạt ý kiến chỉ đạo …",
"Công điện … nêu rõ:" — and run on through the sentences that follow until another voice speaks
("Theo báo cáo của Bộ Công Thương, …", "Bộ trưởng … cho biết …") or the leader turns to assessing
("Phó Thủ tướng nhận định …"). Headlines, photo captions and a repost's duplicated lead are left out.

>>> text = "Tin tức\\nTheo Bộ Y tế, số ca giảm.\\nThủ tướng yêu cầu Bộ Y tế rà soát. Bộ Công an điều tra."
>>> [text[s:e] for s, e in reported_spans(text, 0, len(text))]
['Thủ tướng yêu cầu Bộ Y tế rà soát.', 'Bộ Công an điều tra.']
"""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

from . import dates, limits
from .sentences import spans as sentence_spans
from .textutil import fold

# A sentence that reports an instruction: the leader (or the document conveying the leader's
# instructions) and a verb of directing, before any full stop.
_REPORTER = (
    r"(?:(?:Phó\s+)?Thủ\s+tướng|Thường\s+trực\s+Chính\s+phủ|Chính\s+phủ|Văn\s+phòng\s+Chính\s+phủ|Trưởng\s+Ban\s+Chỉ\s+đạo|"
    r"Ban\s+Chỉ\s+đạo|Thông\s+báo|Công\s+điện|Chỉ\s+thị|[Vv]ăn\s+bản|Công\s+văn|Kết\s+luận|Chủ\s+tịch\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân))"
)
_DIRECTING = (
    r"(?:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+đạo|lưu\s+ý|chỉ\s+thị|nêu\s+rõ|truyền\s+đạt|kết\s+luận|có\s+ý\s+kiến|"
    r"nhấn\s+mạnh|đặt\s+ra\s+yêu\s+cầu|quán\s+triệt)"
)
_OPENER_RE = re.compile(r"\b" + _REPORTER + r"\b[^.;!?]{0,200}?(?<!đã\s)(?<!đã)\b" + _DIRECTING + r"\b|\bđược\s+giao\b")
# Another voice, or the leader assessing: the instructions stop here.
_OTHER_VOICE_RE = re.compile(
    r"^(?:Theo\s(?!đó\b)|Trước\s+đó|Được\s+biết|Hiện\s+nay|Hiện\s+tại|Tại\s+(?:cuộc\s+họp|hội\s+nghị|buổi)[^,]{0,60},\s*(?!(?:Phó\s+)?Thủ\s+tướng))"
    r"|^[^,;:]{0,80}?\b(?:cho\s+biết|báo\s+cáo\s+(?:cho\s+biết|tại)|đề\s+xuất|kiến\s+nghị|chia\s+sẻ|thông\s+tin\s+thêm|trình\s+bày|phản\s+ánh|bày\s+tỏ)\b"
    r"|^(?:(?:Phó\s+)?Thủ\s+tướng|Chính\s+phủ)[^.;:]{0,80}?\b(?:nhận\s+định|đánh\s+giá|ghi\s+nhận|biểu\s+dương|hoan\s+nghênh|"
    r"cho\s+rằng|xác\s+định|khẳng\s+định)\b"
)
# A photo caption ("… chủ trì phiên họp. Ảnh: Minh Khôi", "(Ảnh: VGP)"), a byline or dateline.
_CAPTION_RE = re.compile(r"(?:\bẢnh\s*:|\((?:Hình\s+)?[Ảả]nh\b|^\S+\s*[-–]\s*(?:Thứ|Chủ\s+nhật)\b|GMT\s*\+\s*\d)")
_SENTENCE_END_RE = re.compile(r"[.!?;](?=\s+[^\s\da-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ])")
# An outlet's own summary at the top of the body: "(PLVN) - …", "VTV.vn - …"; or a repost's, moved
# behind the byline: "Hương Lan more(ABC)- …".
_SUMMARY_RE = re.compile(r"\s*(?:[^\s()]{1,20}\s+){0,3}?(?:[a-z]{0,8}\([A-Z][A-Za-z.&]{1,15}\)\s*[-–]|[A-Z][A-Za-z]{1,12}\.vn\s*[-–])")
_DUPLICATE_MIN_WORDS = 8  # a sentence this long seen twice is a repost's duplicated lead
_TAIL_WORDS = 12  # how many of its last words tell a sentence apart


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The reported clauses of ``text[start:end]``: split where a news report ends one."""
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e)
            for s, e in sentence_spans(text, start, end, ends=_SENTENCE_END_RE.finditer)]


def _paragraphs(text: str, start: int, end: int):
    """(start, end) of each non-empty line of ``text[start:end]``, in order (a generator: a caller
    at its work limit stops reading)."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop + 1


def _is_caption(line: str) -> bool:
    """A caption or a heading: a byline, "Ảnh: …", or a short line with no sentence end."""
    stripped = line.strip()
    return bool(_CAPTION_RE.search(stripped)) or (len(stripped.split()) < 16 and not stripped.endswith((".", ":", ";", "!", "?", "…", '"', "”")))


def item_end(text: str, start: int, end: int) -> int:
    """Where a list item text[start:end] of an article ends: at a photo caption after its first
    line, past which the article has moved on ("*… (Hình ảnh từ Internet)*" and a Q&A after it).

    >>> t = "- Bộ Y tế rà soát.\\n*Toàn cảnh (Ảnh: VGP)*\\nVì sao cần rà soát?"
    >>> t[:item_end(t, 0, len(t))]
    '- Bộ Y tế rà soát.\\n'
    """
    first = text.find("\n", start, end)
    for s, e in _paragraphs(text, end if first < 0 else first + 1, end):
        if _CAPTION_RE.search(text[s:e].strip()):
            return s
    return end


def _body(text: str, start: int, end: int):
    """The paragraphs of the article's body in text[start:end]: the first line (the headline),
    captions, bylines and an outlet's summary ("(PLVN) - …") left out (a generator)."""
    for i, p in enumerate(_paragraphs(text, start, end)):
        if not ((i == 0 and p[0] == start) or _is_caption(text[p[0]:p[1]]) or _SUMMARY_RE.match(text, p[0], p[1])):
            yield p


def lead_paragraph(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The article's lead paragraph (its sapo): the first paragraph of the body, which sums up
    what the body then reports in full.

    >>> t = "Tin tức\\nThủ tướng giao Bộ Y tế rà soát.\\nBộ Y tế được giao rà soát và báo cáo."
    >>> t[slice(*lead_paragraph(t, 0, len(t)))]
    'Thủ tướng giao Bộ Y tế rà soát.'
    """
    return next(_body(text, start, end), None)


_SUMMARY_SHARE = 0.25  # the share of a sapo's word pairs the body's report of the same instruction repeats
_SUMMARY_MIN_PAIRS = 4


def sums_up(sapo: str, body: str) -> bool:
    """Whether an instruction of the lead paragraph sums up the body's report of it: many of its
    word pairs come back ("giao Bộ Tài chính xây dựng nghị định mới, thay thế nghị định 64" /
    "Bộ Tài chính được giao … xây dựng nghị định nêu trên để thay thế nghị định 64 hiện hành").

    >>> sums_up("Thủ tướng giao Bộ Y tế sửa đổi nghị định 75", "Bộ Y tế được giao sửa đổi nghị định 75 trong tháng 5")
    True
    """
    def pairs(t: str) -> set[tuple[str, str]]:
        w = re.findall(r"\w+", fold(t))
        return set(zip(w, w[1:]))

    mine = pairs(sapo)
    shared = len(mine & pairs(body))
    return shared >= _SUMMARY_MIN_PAIRS and shared >= _SUMMARY_SHARE * len(mine)


# A statement of what something is, with no task: "Mục đích khác là …", "Thủ tướng nhấn mạnh, tinh
# thần là đặt tính mạng … lên trên hết", "… nhấn mạnh: “Kiểm soát chặt đất đai … là 3 bài học lớn”" —
# but not "xác định công tác này là nhiệm vụ …", "nhất là …", "… là phải …".
_STATEMENT_RE = re.compile(
    r"^(?:[^.;:“”\"]{0,160}?\b(?:nhấn\s+mạnh|nêu\s+rõ|chỉ\s+rõ|khẳng\s+định|cho\s+rằng|lưu\s+ý)\s*[,:]\s*)?(?P<quote>[“\"])?"
    r"(?P<head>[^;:“”\"]{1,160}?)\s+là\s+(?!(?:phải|cần)\b)")
_NOT_COPULA_RE = re.compile(
    r"(?i)\b(?:xác\s+định|coi|xem|gọi|nhất|tức|nghĩa|hoặc|hay|đặc\s+biệt|cần|phải|yêu\s+cầu|đề\s+nghị|giao)$"
    r"|\b(?:xác\s+định|coi|xem\s+như|cần|phải)\b")


def is_statement(clause: str, opens_task: Callable[[str], object]) -> bool:
    """Whether an article's clause with no actor of its own only states what something is ("X là Y")
    (``opens_task``: whether a text opens with a task, "Phấn đấu …").

    >>> never = lambda s: None
    >>> is_statement("Mục đích khác là khuyến khích các tổ chức tham gia.", never), is_statement("Xác định đây là nhiệm vụ trọng tâm.", never)
    (True, False)
    """
    m = _STATEMENT_RE.match(clause)
    if m is None or _NOT_COPULA_RE.search(m.group("head")) or _OPENER_RE.search(clause, m.end()):
        return False  # (a preface: "Bắc Giang là tỉnh công nghiệp, Thủ tướng yêu cầu, …")
    # "Phấn đấu tỷ lệ giải ngân là 95%" opens with a task; a quoted remark that does ("“Kiểm soát
    # chặt đất đai … là 3 bài học”") names lessons.
    return m.group("quote") is not None or not opens_task(m.group("head"))


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def reported_spans(
    text: str, start: int, end: int, continues: Callable[[int, int], bool] | None = None
) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` that report a leader's instructions, in order.

    The first line (the headline), captions, bylines and an outlet's summary ("(PLVN) - …") are
    left out, and so is a sentence the article repeats: it counts where it first appears after the
    lead paragraph. Instructions go on into the next paragraph only where ``continues(start, end)``
    says that paragraph carries on with them (it opens with an agency or a verb), not into
    background.
    """
    body: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    for p in _body(text, start, end):
        body.append(p)
        sentences.extend(_sentences(text, *p))
        if len(sentences) >= limits.MAX_SENTENCES:
            break  # the assignments' own work limit: no sentence past it is read
    del sentences[limits.MAX_SENTENCES:]
    opens_paragraph = {p[0] for p in body}
    lead_end = body[1][0] if len(body) > 1 else end
    first_in_body: dict[tuple[str, ...], int] = {}  # a sentence's last words -> where the body first has it
    for s, e in sentences:
        key = _tail(text[s:e])
        if key and s >= lead_end:
            first_in_body.setdefault(key, s)
    out: list[tuple[int, int]] = []
    on = False
    for s, e in sentences:
        sentence = text[s:e]
        key = _tail(sentence)
        if key and first_in_body.get(key, s) != s:
            continue  # a repost's lead or closing teaser repeating the body: counted where the body has it
        if (_OTHER_VOICE_RE.search(sentence) and not _OPENER_RE.search(sentence)) or sentence.rstrip().endswith("?"):
            on = False  # another voice; or a question, which heads a new topic ("… là gì?") and directs no one
            continue
        if _OPENER_RE.search(sentence):
            on = True
        elif on and s in opens_paragraph and continues is not None and not continues(s, e):
            on = False  # a new paragraph of background
        if on:
            out.append((s, e))
    return out


# A clause that only frames what follows: "Ở góc độ nguồn vốn, Phó Thủ tướng nêu rõ,".
_SPEECH_FRAME_RE = re.compile(r"^[^.;:]{0,160}?\b(?:nêu\s+rõ|nhấn\s+mạnh|lưu\s+ý|chỉ\s+rõ|yêu\s+cầu|chỉ\s+đạo|kết\s+luận|đề\s+nghị|khẳng\s+định)\s*[,:]?\s*$")


def is_speech_frame(clause: str) -> bool:
    """Whether a clause of an article is only the frame of the instruction after it.

    >>> is_speech_frame("Ở góc độ nguồn vốn, Phó Thủ tướng nêu rõ,"), is_speech_frame("Thủ tướng yêu cầu Bộ Y tế rà soát")
    (True, False)
    """
    return _SPEECH_FRAME_RE.match(clause) is not None


_LEADER_NAMES = ("Thủ tướng Chính phủ", "Phó Thủ tướng", "Thường trực Chính phủ", "Chính phủ")
_TASKED_BEFORE_RE = re.compile(r"\b(?:giao|yêu\s+cầu|đề\s+nghị|phân\s+công)\s*$")


def leader_speaks(text: str, start: int, lead: list[tuple[str, str, int | None, bool]]) -> bool:
    """Whether an article's clause at ``start`` has the reported leader as its only actor, as the
    one speaking ("Phó Thủ tướng dẫn chứng …"), not as one tasked ("giao Phó Thủ tướng Lê Thành Long …").

    >>> leader_speaks("Thủ tướng chỉ đạo khắc phục hậu quả", 0, [("Thủ tướng Chính phủ", "government_body", 0, False)])
    True
    """
    if not lead:
        return False
    for name, kind, at, inherited in lead:
        if not name.startswith(_LEADER_NAMES) or at is None:
            return False
        if inherited or _TASKED_BEFORE_RE.search(text, max(0, at - 20), at):
            return False
    return True


def _tail(sentence: str) -> tuple[str, ...] | None:
    """The last words of a sentence long enough to be told apart ("… thị trường quốc tế."): a
    teaser that repeats it behind a byline ends the same way."""
    words = _words(sentence)
    return words[-_TAIL_WORDS:] if len(words) >= _DUPLICATE_MIN_WORDS else None


# --- the article's header facts ------------------------------------------------------------

# The document an article reports: "Thông báo số 384/TB-VPCP", "Công điện số 18/CĐ-TTg",
# "Chỉ thị 01/CT-TTg", "văn bản 3029/VPCP-CN" (a Government Office letter).
_REPORTED_RE = re.compile(
    r"(?i)\b(?:Thông\s+báo(?:\s+kết\s+luận)?|Công\s+điện|Chỉ\s+thị|văn\s+bản|công\s+văn)\s+(?:số\s*)?"
    r"(\d{1,5}\s*/\s*(?:TB|CĐ|CT)\s*-\s*[A-ZĐ][A-Za-zĐ]*|\d{1,5}\s*/\s*VPCP\s*-\s*[A-ZĐ][A-ZĐ.]*|\d{1,5}\s*/\s*TTg\s*-\s*[A-ZĐ]+)"
)
_REPORTED_REACH = 2500  # the reported document is named in the article's opening
# A year that sets a target, a time limit or a period, not the article's own: "đến năm 2025",
# "giai đoạn 2021-2025", "chậm nhất vào cuối năm 2025", "hoàn thành trong năm 2025".
_TARGET_YEAR_RE = re.compile(
    r"(?i)(?:đến|tới|vào|trước|sau|tầm\s+nhìn|giai\s+đoạn|kế\s+hoạch|chậm\s+nhất|hoàn\s+thành(?:\s+trong)?|[-–])\s*"
    r"(?:(?:cuối|đầu|giữa|hết)\s+)?(?:năm\s+)?(?:\d{4}\s*[-–]\s*)?$")
# A plan's year named in the same phrase: "mục tiêu … năm 2021", "phương hướng, nhiệm vụ năm 2021",
# "giải pháp thúc đẩy sản xuất, chế biến và xuất khẩu lâm sản năm 2021".
_PLAN_YEAR_RE = re.compile(r"(?i)\b(?:mục\s+tiêu|chỉ\s+tiêu|phương\s+hướng|nhiệm\s+vụ|kế\s+hoạch|giải\s+pháp)\b[^.;:!?()]{0,70}?\bnăm\s+$")
# A whole year's results compared with the year before: "tăng 11,5% so với năm 2019" reports the
# results of 2020 (known from late 2020 on); "so với cùng kỳ năm 2019" compares a part of 2020.
_COMPARED_RE = re.compile(r"(?i)\bso\s+với\s+(?P<part>cùng\s+kỳ\s+)?năm\s+(?P<y>(?:19|20)\d\d)\b")
_RESULTS_KNOWN_MONTH = 10  # from October a year's results are estimated in the same year
_YEAR_RE = re.compile(r"(?i)(?:đến|tới|vào|trước|sau|tầm\s+nhìn|giai\s+đoạn|kế\s+hoạch|[-–])\s*(?:năm\s+)?(?:\d{4}\s*[-–]\s*)?$")
_YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")
# The leader an article speaks for: "Phó Thủ tướng Chính phủ Trần Hồng Hà", "Thủ tướng Phạm Minh Chính".
# (Some outlets write "Phó thủ tướng Trịnh Đình Dũng".)
_LEADER_NAME_RE = regex.compile(
    r"\b(?:Phó\s+[Tt]hủ|Thủ)\s+tướng(?:\s+Thường\s+trực)?(?:\s+Chính\s+phủ)?\s+"
    r"(?P<name>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,3})"
)


# An outlet's own summary of the article (its sapo): "(PLVN) - …", "VTV.vn - …". A reposting site
# may move it to the end of the text, behind a link word ("more(HDDTVN)- …"); wherever it stands,
# it says what the article's opening says: the day, the meeting, the document reported.
# (The link word is glued to the bracket, and may follow a byline on the same line: "H.Anh more(HDDTVN)- …";
# an abbreviation in prose stands after a space: "Ngân hàng Nhà nước (NHNN) - …" is none.)
_OUTLET_SUMMARY_RE = re.compile(r"(?m)(?:^[ \t]*|[a-z]{2,8})(?:\([A-Z][A-Za-z.&]{1,15}\)|(?<![^\n \t])[A-Z][A-Za-z]{1,12}\.vn)[ \t]*[-–]")


def lead_passages(text: str, reach: int) -> list[tuple[int, int]]:
    """Where an article states its own facts: its opening (the first ``reach`` characters) and an
    outlet's summary paragraph after it.

    >>> lead_passages("Tin\\nThân bài.\\nH.Anh more(ABC)- Sáng 7/1, Phó Thủ tướng chủ trì hội nghị.", 5)
    [(0, 5), (20, 72)]
    """
    out = [(0, min(reach, len(text)))]
    for m in _OUTLET_SUMMARY_RE.finditer(text, reach):
        end = text.find("\n", m.start())
        out.append((m.start(), len(text) if end < 0 else end))
    return out


def reported_document(text: str, passages: list[tuple[int, int]] | None = None) -> str | None:
    """The number of the notice, công điện, Chỉ thị or Government Office letter the article reports,
    named in its opening (or in ``passages``, see :func:`lead_passages`).

    >>> reported_document("Văn phòng Chính phủ vừa có văn bản 3029/VPCP-CN ngày 6/5/2024 truyền đạt …")
    '3029/VPCP-CN'
    """
    for start, end in passages or [(0, _REPORTED_REACH)]:
        m = _REPORTED_RE.search(text, start, min(end, start + _REPORTED_REACH))
        if m:
            return re.sub(r"\s*([/-])\s*", r"\1", m.group(1))
    return None


# A day that dates something other than the meeting: a time limit ("trước ngày 10/6", "chậm nhất
# ngày …") or a cited document ("Chỉ thị số 10/CT-TTg ngày 19.4.2023").
_NOT_MEETING_BEFORE_RE = regex.compile(
    r"(?i)(?:\b(?:trước|chậm\s+nhất|hạn|đến|hết)|\d[\p{L}\d.]*/[\p{L}\d/.\-]*\p{L}[\p{L}\d/.\-]*)\s*,?\s*(?:vào\s+)?$")
# A verb that issues a document: a day before it dates that document ("Ngày 3/12, Văn phòng Chính
# phủ ban hành Thông báo … kết luận … tại cuộc họp …"), not the meeting.
_ISSUES_DOCUMENT_RE = re.compile(
    r"(?i)\b(?:ban\s+hành|ký|có\s+(?:văn\s+bản|công\s+văn|công\s+điện|thông\s+báo|chỉ\s+thị|quyết\s+định)|truyền\s+đạt)\b")


def meeting_day(sentence: str, meeting_word: Callable[[str, int], int | None]) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of the meeting a sentence of an article reports, or None: its
    first day that is neither a time limit, nor a cited document's date, nor the day a document
    was issued (an issuing verb after it, before the next word of meeting — ``meeting_word(s, pos)``
    gives where that word stands at or after ``pos``, or None).

    >>> words = lambda s, pos: (lambda i: None if i < 0 else i)(s.find("họp", pos))
    >>> meeting_day("Ngày 3/12, Văn phòng Chính phủ ban hành Thông báo kết luận cuộc họp ngày 28/11.", words)
    (28, 11, None)
    """
    for start, end, d, m, y in dates.meeting_days(sentence):
        if _NOT_MEETING_BEFORE_RE.search(sentence, max(0, start - 40), start):
            continue
        word = meeting_word(sentence, end)
        if _ISSUES_DOCUMENT_RE.search(sentence, end, len(sentence) if word is None else word):
            continue
        return d, m, y
    return None


def article_year(text: str, month: int | None = None) -> int | None:
    """The year of an undated article whose day falls in ``month``: the year its results compare
    ("… so với năm 2019" → results of 2020: an article in 2020 from October, else in 2021), or the
    latest year it names, leaving out targets, time limits, plans and periods ("đến năm 2025",
    "hoàn thành trong năm 2025", "mục tiêu … năm 2021", "giai đoạn 2021-2025"). An article looks back
    on past years' results, rarely on a later one's.

    >>> article_year("Năm 2020, xuất khẩu tăng 11% so với năm 2019; mục tiêu năm 2021 đạt 14 tỷ USD.", 12)
    2020
    """
    named: set[int] = set()
    for m in _YEAR_RE.finditer(text):
        if _TARGET_YEAR_RE.search(text, max(0, m.start() - 40), m.start()) or _PLAN_YEAR_RE.search(text, max(0, m.start() - 100), m.start()):
            continue
        named.add(int(m.group(1)))
    latest = max(named) if named else None
    compared = [(int(m["y"]) + 1, m["part"] is not None) for m in _COMPARED_RE.finditer(text)]
    if compared:
        results, part = max(compared)
        year = results if part or month is None or month >= _RESULTS_KNOWN_MONTH else results + 1
        if latest is None or abs(year - latest) <= 1:
            return year
    return latest


def leader(text: str) -> list[str]:
    """The leader whose instructions the article reports: the first Prime Minister or Deputy
    Prime Minister it names ("Phó Thủ tướng Trần Hồng Hà" → ["Trần Hồng Hà"])."""
    m = _LEADER_NAME_RE.search(text)
    return [m.group("name")] if m else []
