"""Assignments: each directive of the conclusions, with who leads, who coordinates, and by when.

The unit is the lowest list item or, inside it, the paragraph; inside a paragraph a clause that
names a different set of agencies as its own subject starts a new assignment (SPEC §3). Roles come
from where each agency mention stands: the subject of the clause or the addressee of "đề nghị /
yêu cầu / giao" leads; after "phối hợp với / cùng" it coordinates; report recipients and those
"chỉ đạo"-ed are neither. A directive with no agency of its own inherits one (``inherited: true``).

>>> from vn_directive_nlp import parse_text
>>> n = parse_text("Số: 1/TB-VPCP\\nHà Nội, ngày 2 tháng 1 năm 2024\\nTHÔNG BÁO\\nKết luận\\n"
...                "1. Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng rà soát, báo cáo Thủ tướng Chính phủ.")
>>> [(a.name for a in x.lead) and [a.name for a in x.lead] for x in n.assignments]  # doctest: +SKIP
[['Bộ Tài chính']]
"""

from __future__ import annotations

import datetime as _dt
import json
from bisect import bisect_left
from importlib import resources
from dataclasses import dataclass

import re

import regex

from . import agencies as _agencies
from . import limits
from . import vocabulary as _vocabulary
from . import deadlines as _deadlines
from . import news as _news
from . import task_tables as _task_tables
from .agencies import Found
from .models import Agency, Assignment, Deadline, LegalReference, Segment
from .structure import own_text_end
from .sentences import sentences as _sentences
from .sentences import trim as _trim

# --- patterns -------------------------------------------------------------------------------

# Titles of persons who stand for their body: "các đồng chí Bộ trưởng", "Chủ tịch Ủy ban nhân dân …".
_TITLES = r"(?:các\s+|Các\s+)?" + _vocabulary.person_titles()

# Clause ends inside a sentence: "…để tổng hợp; trong đó, các bộ, cơ quan ngang bộ …", and the colon
# after a reported speech verb: "Thủ tướng … nhấn mạnh: Các bộ, ngành, địa phương tiếp tục …".
_CLAUSE_END_RE = regex.compile(
    r";|(?<=\b(?:nhấn\s+mạnh|yêu\s+cầu|kết\s+luận|chỉ\s+đạo|đề\s+nghị|lưu\s+ý|khẳng\s+định|chỉ\s+rõ|giao)\s*):(?=\s+\p{Lu})"
    r"|(?<=\b(?:nhấn\s+mạnh|nêu\s+rõ|lưu\s+ý|chỉ\s+rõ)),(?=\s+\p{Lu})"
)

# The head of a shared-prefix list, which the agency resolver leaves outside the first item's span:
# "phối hợp với các Bộ: Tài chính, …", "Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, …".
_LIST_HEAD = (
    r"(?:(?:các|Các)\s+)?(?:(?:Chủ\s+tịch\s+)?(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:các\s+)?(?=tỉnh|thành\s+phố))?"
    r"(?:Bộ|bộ|Ủy\s+ban\s+nhân\s+dân|UBND|tỉnh|thành\s+phố|Tỉnh|Thành\s+phố|Tập\s+đoàn|Tổng\s+công\s+ty|"
    r"Ủy\s+ban|cơ\s+quan|đơn\s+vị|địa\s+phương)(?:\s*,\s*(?:thành\s+phố|tỉnh|ngành|cơ\s+quan))?(?:\s+trực\s+thuộc\s+[Tt]rung\s+ương)?\s*:\s*"
)
# Who the clause is addressed to: "Đề nghị các thành viên Hội đồng…", "yêu cầu các Bộ…", "giao Bộ Y tế".
_ADDRESS_TRIGGER_RE = regex.compile(
    r"(?:\b(?:đề\s+nghị|yêu\s+cầu|giao(?:\s+cho)?|Giao(?:\s+cho)?|Đề\s+nghị|Yêu\s+cầu|chỉ\s+thị(?:\s+cho)?|Thủ\s+tướng\s+Chính\s+phủ\s+giao)"
    r"(?:[\s,]+(?:các\s+)?" + _vocabulary.person_titles() + ")*"
    r"(?:[\s,]+(?:các\s+)?(?:cấp|ngành|địa\s+phương)(?=[\s,]))*[\s,]*(?:các\s+)?(?:" + _LIST_HEAD + r")?)$"
)
# "… chủ trì, phối hợp với Bộ Ngoại giao", "phối hợp chặt chẽ với", "phối hợp, hướng dẫn", "thống nhất với".
_COORD_TRIGGER_RE = regex.compile(
    r"(?:\bphối\s+hợp(?:\s+(?:chặt\s+chẽ|tốt|thường\s+xuyên|đồng\s+bộ))?(?:\s+(?:với|cùng))?"
    r"|\bphối\s+hợp,?\s+hướng\s+dẫn|\bthống\s+nhất\s+với|\bcùng\s+với|\bcùng)\s*(?:các\s+)?(?:" + _LIST_HEAD + r")?$"
)
# A word every match of each trigger holds (a cheap test before the pattern runs).
_ADDRESS_WORDS = ("đề", "Đề", "yêu", "Yêu", "giao", "Giao", "thị")
_COORD_WORDS = ("phối", "thống", "cùng")
# What may stand between the clause start and its subject: connectives and titles.
_SUBJECT_FILLER_RE = re.compile(
    r"^(?:[\s,;:.\-–—()“”\"]|(?:Cơ\s+quan\s+thường\s+trực|Cơ\s+quan\s+chủ\s+trì)[^,;.]{0,80}?\s[-–]\s|\b(?:Đồng\s+thời|đồng\s+thời|Trước\s+mắt|trước\s+mắt|Trong\s+đó|trong\s+đó|Riêng|riêng|"
    r"Ngoài\s+ra|Theo\s+đó|theo\s+đó|Do\s+đó|Vì\s+vậy|Đặc\s+biệt|Bên\s+cạnh\s+đó|Mặt\s+khác|Tiếp\s+theo|"
    r"Đề\s+nghị|đề\s+nghị|Yêu\s+cầu|yêu\s+cầu|Giao|giao|Thủ\s+tướng\s+Chính\s+phủ\s+giao|"
    r"các\s+đồng\s+chí|Các\s+đồng\s+chí|các|Các|tiếp\s+tục\s+giao|Tiếp\s+tục\s+giao|"
    + _vocabulary.person_titles() + r"|và)\b|" + _LIST_HEAD + r")*$"
)
# A clause that frames before its subject: "Đối với các dự án …, Bộ Xây dựng …".
_FRAMING_RE = re.compile(
    r"^(?:Đối\s+với|Về|Trên\s+cơ\s+sở|Để|Căn\s+cứ|Sau\s+khi|Thực\s+hiện|Trường\s+hợp|Nếu|Khi|Trong\s+khi|Từ\s+nay|Thời\s+gian\s+tới|"
    r"Trong\s+(?:năm|thời\s+gian|tháng|quý|giai\s+đoạn|những\s+tháng|các\s+năm|dịp)|Năm\s+\d{4}|Giai\s+đoạn|Từ\s+(?:năm|ngày|tháng)|"
    r"Ngay\s+sau|Trước\s+mắt|Trong\s+đó|Đồng\s+thời|Bên\s+cạnh\s+đó|Ngoài\s+ra|Theo\s+đó)\b[^;]{0,200}?[,:]\s+"
)
# The speaker of the conclusions: "Thủ tướng Chính phủ yêu cầu …", "Ban Chỉ đạo yêu cầu các bộ …".
_SPEAKER_VERB_RE = re.compile(
    r"^\s*(?:đã\s+|cũng\s+|vừa\s+)?(?:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+đạo\s*:|kết\s+luận|ghi\s+nhận|đánh\s+giá|biểu\s+dương|"
    r"hoan\s+nghênh|đồng\s+ý|thống\s+nhất|nhất\s+trí|lưu\s+ý|nhấn\s+mạnh|chỉ\s+thị|có\s+ý\s+kiến|cho\s+phép|chấp\s+thuận|"
    r"nêu\s+rõ|nhận\s+định|cho\s+rằng|khẳng\s+định|phát\s+biểu|nói|đề\s+cập|chỉ\s+rõ|truyền\s+đạt)\b"
)
# "đã giao", "cũng đã yêu cầu": an assignment made before, reported.
_PAST_RE = regex.compile(r"\b(?:đã|cũng\s+đã|trước\s+đây\s+đã|vừa)\s*$")
# Past facts and findings after a subject: "Bộ Nội vụ đã phối hợp …", "Bộ X là cơ quan …".
_FACT_VERB_RE = re.compile(
    r"^\s*(?:(?:dự\s+họp|tham\s+dự|thời\s+gian\s+qua|trong\s+thời\s+gian\s+qua|cơ\s+bản|nhìn\s+chung|đều|cũng)\s+)?"
    r"(?:đã|đang|vẫn|còn|chưa|là|được(?!\s+giao)|có\s+\d|đều\s+đã|cũng\s+đã|vừa)\b"
)

# Non-directive openings: assessments, praise, agreement, findings (SPEC §3).
_ASSESSMENT_RE = regex.compile(r"^\s*(?:\p{Lu}[\p{L} ,]{0,60}?\s)?" + _vocabulary.assessment_openings())
# The words alone, on the faster engine (and without the look-ahead, so it finds a superset):
# where none stands within reach of the start, the pattern above (costly: it tries them after
# every prefix) cannot match.
_ASSESSMENT_WORDS_RE = re.compile(_vocabulary.assessment_openings(with_not_before=False))
_ASSESSMENT_REACH = 62  # the furthest the words can start after leading spaces: a capital, 60, a space
# Their first words (every alternative above opens with one): one must stand within reach, which a
# search of the clause's start alone tells.
_ASSESSMENT_FIRST = _vocabulary.first_words(_vocabulary.load().assessment_openings)
_ASSESSMENT_FIRST_RE = re.compile("|".join(_ASSESSMENT_FIRST))
_ASSESSMENT_FIRST_MAX = max(map(len, _ASSESSMENT_FIRST))


def _opens_as_assessment(clause_text: str) -> bool:
    """ "Đánh giá cao …", "Bộ Y tế cơ bản thống nhất …", "Tuy nhiên, …": no directive."""
    reach = len(clause_text) - len(clause_text.lstrip()) + _ASSESSMENT_REACH
    m = _ASSESSMENT_FIRST_RE.search(clause_text, 0, reach + _ASSESSMENT_FIRST_MAX)
    if m is None or m.start() > reach:
        return False
    m = _ASSESSMENT_WORDS_RE.search(clause_text)
    if m is None or m.start() > reach:
        return False
    return _ASSESSMENT_RE.match(clause_text) is not None


def _directive_patterns() -> tuple[re.Pattern, regex.Pattern]:
    """Directive language from ``data/directive_lexicon.json``: what the assignee is told to do
    ("… chủ trì …", anywhere), and what opens a subject-less task ("Tiếp tục rà soát…")."""
    lex = json.loads(resources.files("vn_directive_nlp").joinpath("data/directive_lexicon.json").read_text("utf-8"))

    def alternation(words: list[str]) -> str:
        return "|".join(r"\s+".join(map(regex.escape, w.split())) for w in sorted(words, key=len, reverse=True))

    # (The standard library's engine: it searches every clause, twice as fast as ``regex``.)
    action = re.compile(r"\b(?:" + alternation(lex["action_verbs"]) + r")\b")
    # At a clause start, after at most one capitalised word ("Đồng thời tiếp tục …") that does not
    # open a topic ("Về hỗ trợ kinh phí …" names a subject, it does not direct), any case.
    imperative = regex.compile(
        r"^\s*(?:(?!(?:Về|Đối|Việc|Công\s+tác)\b)\p{Lu}\p{Ll}*\s+){0,1}?(?i:" + alternation(lex["action_verbs"] + lex["imperative_only"]) + r")\b"
    )
    return action, imperative


# (Patterns with no Unicode property classes use the standard engine, faster on short clauses;
# on every clause of the corpus both engines give the same matches.)
# Directive language: what the assignee is told to do (data/directive_lexicon.json).
_ACTION_RE, _IMPERATIVE_START_RE = _directive_patterns()
# Findings inside list items: "… còn chậm", "… chưa được khắc phục", "… đã đạt 3%".
_FINDING_RE = re.compile(r"^[^,;]{0,80}?\b(?:còn\s+(?:chậm|hạn\s+chế|thấp|nhiều|tình\s+trạng)|chưa\s+(?:được|tốt|đồng\s+bộ|cao|đáp\s+ứng)|đã\s+đạt)\b")
# A section of assessments: "I. ĐÁNH GIÁ CHUNG", "1. Về tình hình thực hiện …", "Kết quả đạt được".
_ASSESSMENT_SECTION_RE = re.compile(
    r"^(?:ĐÁNH\s+GIÁ|Đánh\s+giá\s+(?:chung|tình\s+hình|kết\s+quả)|TÌNH\s+HÌNH|KẾT\s+QUẢ|Kết\s+quả\s+(?:đạt\s+được|thực\s+hiện)|"
    r"Về\s+(?:tình\s+hình|kết\s+quả|đánh\s+giá)|Tình\s+hình\s+(?:chung|thực\s+hiện))[^.;:\n]{0,120}$"
)
# Items that list what a report must contain, not tasks: "(1) Số hộ dân có nhà bị sập …",
# "(3) Tổng kinh phí cần thiết …", "Danh mục các dự án …".
_CONTENT_ITEM_RE = regex.compile(
    r"^\s*(?:Số\s+(?!hóa\b)\p{Ll}+|Tổng\s+(?:số|kinh\s+phí|mức|nhu\s+cầu|giá\s+trị|diện\s+tích|thiệt\s+hại)|Danh\s+sách|"
    r"Danh\s+mục|Nhu\s+cầu|Thực\s+trạng|Mức\s+độ|Số\s+lượng)\b"
)
# Nouns that look like imperatives: "Yêu cầu về an toàn thực phẩm …", "Đề nghị của tỉnh …".
_NOT_ACTION_START_RE = re.compile(r"^\s*(?:Yêu\s+cầu|Đề\s+nghị|Kiến\s+nghị|Nhiệm\s+vụ|Kế\s+hoạch)\s+(?:về|của|này|đó|trên|đặt\s+ra)\b")
# A parent that only introduces its list: "…các giải pháp trọng tâm sau đây:", "cụ thể như sau:".
_INTRO_END_RE = re.compile(r":\s*$")
# Topic headings: "a) Về cải cách các quy định, TTHC", "2. Một số giải pháp, nhiệm vụ trọng tâm".
_TOPIC_RE = re.compile(r"^\s*(?:Về|VỀ|Đối\s+với|Một\s+số|Các\s+nhiệm\s+vụ|Nhiệm\s+vụ|Giải\s+pháp|Những)\b")
# "Thời hạn hoàn thành: tháng 6 năm 2024." closing an item.
_TERM_LINE_RE = re.compile(
    r"^\s*(?:Thời\s+hạn(?:\s+hoàn\s+thành)?|Thời\s+gian\s+hoàn\s+thành|Hạn\s+hoàn\s+thành)\s*(?::|(?=(?:chậm\s+nhất|trước|trong)\b))")
# What the leader did before directing: "Sau khi xem xét thông tin phản ánh, Phó Thủ tướng … yêu cầu".
_LEADER_FRAME_RE = re.compile(
    r"(?:Sau\s+khi|Khi)\b[^.;]{0,200}?,\s*(?:(?:Phó\s+)?Thủ\s+tướng|Thường\s+trực\s+Chính\s+phủ|Chính\s+phủ)\b[^.;]{0,80}?"
    r"\b(?:yêu\s+cầu|giao|đề\s+nghị|chỉ\s+đạo|kết\s+luận)\b")
# "Hoàn thành việc kiểm tra và báo cáo Thủ tướng Chính phủ trước ngày 10 tháng 6 năm 2025.": a short
# task of its own that also sets the limit of the task before it.
_COMPLETION_RE = re.compile(
    r"^\s*Hoàn\s+thành(?:\s+[^.;:]{0,80}?)?\s+(?:chậm\s+nhất|trước)\s+(?:ngày\s+)?\d[^.;:]{0,40}[.;]?\s*$")
# The locality of a working visit: "… buổi làm việc với lãnh đạo tỉnh Nghệ An", "thăm và làm việc tại tỉnh …".
_VISIT_RE = regex.compile(
    r"(?i)làm\s+việc\s+(?:với\s+(?:lãnh\s+đạo\s+|ban\s+thường\s+vụ\s+|tập\s+thể\s+lãnh\s+đạo\s+)?|tại\s+)(?:chủ\s+chốt\s+)?(?P<place>(?:tỉnh|thành\s+phố)\s+[\p{L} \-]+?)(?=\s*(?:$|,|\.|;|\s+(?:về|và|ngày|nhằm|để)\b))"
)

# Where a news article reports the conclusions: "Kết luận phiên họp, Thủ tướng … nhấn mạnh:".
_NEWS_CONCLUSION_RE = regex.compile(
    r"(?:Kết\s+luận\s+(?:phiên\s+họp|hội\s+nghị|buổi\s+làm\s+việc|cuộc\s+họp)|[Pp]hát\s+biểu\s+kết\s+luận|"
    r"(?:Thủ\s+tướng|Phó\s+Thủ\s+tướng)[^.\n]{0,160}?\bkết\s+luận\b)"
)

# The classifier reads the start of a clause: what kind of sentence it is shows there, and scoring
# long clauses in pure Python is the pipeline's most expensive step.
_CLASSIFY_CHARS = 120

_LOWER_RE = regex.compile(r"\p{Ll}")

_AS_WRITTEN = _dt.date.min  # a day before every change of name: each body keeps the name it is written with
_SPEAKER_NAMES = {"Thủ tướng Chính phủ", "Chính phủ"}  # who speaks in the conclusions, never tasked by them


# --- units ---------------------------------------------------------------------------------


@dataclass
class _Clause:
    start: int
    end: int
    lead: list[Found]
    coordinating: list[Found]
    directive: bool
    explicit: bool  # has a subject / addressee of its own
    para: int


# What may separate the members of one list: "Bộ Tài chính, Bộ Xây dựng và các cơ quan liên quan".
_GROUP_GAP_RE = re.compile(
    r"\s*(?:,|;|và|,\s*và|hoặc|\(|\)|-|–|nói\s+(?:riêng|chung),?\s+và)?\s*(?:các\s+)?(?:" + _TITLES + r"(?:\s*,\s*" + _TITLES + r")*\s+)?"
    r"(?:(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+)?(?:" + _LIST_HEAD + r")?"
)


def _groups(text: str, mentions: list[Found]) -> list[list[Found]]:
    """Mentions that stand in one list ("Bộ Tài chính, Bộ Xây dựng và các cơ quan liên quan")."""
    groups: list[list[Found]] = []
    for m in mentions:
        if groups:
            last = groups[-1][-1]
            gap = text[last.end:m.start]
            if m.start <= last.end or _GROUP_GAP_RE.fullmatch(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _dedupe(agencies: list) -> list:
    seen: set[str] = set()
    out = []
    for a in agencies:
        key = a.name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _roles(text: str, s: int, e: int, mentions: list[Found]) -> tuple[list[Found], list[Found], bool, bool]:
    """(lead, coordinating, explicit subject or addressee?, a fact about the subject?) of text[s:e].

    The subject leads ("Bộ Tư pháp chủ trì …"); when the subject is the speaker ("Thủ tướng Chính
    phủ yêu cầu …") or there is none, the addressee of "đề nghị / yêu cầu / giao" leads. Agencies after
    "phối hợp với" coordinate; everything else (report recipients, those "chỉ đạo"-ed) is neither.
    """
    subject: list[Found] = []
    addressed: list[Found] = []
    coord: list[Found] = []
    fact = False
    fm = _FRAMING_RE.match(text[s:e])
    frame_end = s + fm.end() if fm else None
    gap_starts = [s] + ([frame_end] if fm else [])
    seen_after_frame = False
    for gi, g in enumerate(_groups(text, mentions)):
        before = text[max(s, g[0].start - 120):g[0].start]
        after = text[g[-1].end:e]
        # (Each trigger pattern runs only where one of its words stands: both end at "$", so a
        # scan tries them at every character.)
        if any(map(before.__contains__, _COORD_WORDS)) and _COORD_TRIGGER_RE.search(before):
            coord.extend(g)
            continue
        am = _ADDRESS_TRIGGER_RE.search(before) if any(map(before.__contains__, _ADDRESS_WORDS)) else None
        if am:
            if not _PAST_RE.search(before[:am.start()]):
                addressed.extend(x for x in g if x.name not in _SPEAKER_NAMES)
            continue
        first = gi == 0 or (frame_end is not None and not subject and g[0].start >= frame_end and not seen_after_frame)
        if frame_end is not None and g[0].start >= frame_end:
            seen_after_frame = True
        if first and any(_SUBJECT_FILLER_RE.match(text[gs:g[0].start]) for gs in gap_starts if gs <= g[0].start):
            if _SPEAKER_VERB_RE.match(after):
                pass  # the speaker ("Thủ tướng Chính phủ yêu cầu …"): the addressee leads
            elif _FACT_VERB_RE.match(after):
                fact = True  # "Nghệ An là quê hương …", "Bộ Nội vụ đã phối hợp …"
            else:
                subject = [x for x in g if x.name != "Chính phủ"]
    lead = subject or addressed
    return _dedupe(lead), _dedupe(coord), bool(lead), fact and not lead


def _rule_verdict(clause_text: str, explicit: bool) -> bool | None:
    """What the rules alone say of a clause: directive, not, or None (the classifier must help)."""
    if _opens_as_assessment(clause_text) or _NOT_ACTION_START_RE.match(clause_text):
        return False
    if not _LOWER_RE.search(clause_text, 0, 80):
        return False  # an upper-case heading: "VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH"
    if _TOPIC_RE.match(clause_text) and len(clause_text.split(maxsplit=14)) <= 14 and clause_text[-1:] not in ".;":
        return False  # a topic heading: "Về xử lý lượng hải sản tồn kho"
    if explicit and not _ACTION_RE.search(clause_text):
        return False
    if not explicit and len(clause_text.split(maxsplit=3)) < 4:
        return False  # a byline, a heading fragment
    if explicit:
        return True  # a subject or an addressee with an action: the rules are clear
    return None


def _is_directive(
    clause_text: str, explicit: bool, prob_of, under_addressee: bool = False, verdict: bool | None = None
) -> bool:
    """Does the clause direct an action? The rules decide where they are clear; the trained
    classifier (``prob_of()``, called only when needed: it is the costly step) vetoes what reads as
    an assessment or a finding and admits subject-less tasks. ``under_addressee``: the clause is an
    item of a list whose parent names who must act ("Giao Bộ Y tế tăng cường chỉ đạo:" / "a) …").
    ``verdict``: ``_rule_verdict`` of the clause when the caller already has it."""
    if verdict is None:
        verdict = _rule_verdict(clause_text, explicit)
    if verdict is not None:
        return verdict
    prob = prob_of()
    if prob is not None and prob < 0.2:
        return False
    if (under_addressee and (prob is None or prob >= 0.3) and not _FINDING_RE.search(clause_text)
            and not _CONTENT_ITEM_RE.match(clause_text)):
        return True
    return bool(_IMPERATIVE_START_RE.match(clause_text)) or (
        prob is not None and prob >= 0.8 and bool(_ACTION_RE.search(clause_text))
    )


def _probabilities(texts: list[str]) -> list[float | None]:
    """The classifier's probability that each text is a directive (None when it cannot run).

    One call per document: the classifier scores a batch far faster than clause by clause.
    """
    if not texts:
        return []
    try:
        from . import classify

        return classify.directive_probability([t[:_CLASSIFY_CHARS] for t in texts])
    except Exception:  # noqa: BLE001 - a missing or broken model falls back to the rules
        return [None] * len(texts)


# --- main ----------------------------------------------------------------------------------


def _mentions_in(all_mentions: list[Found], s: int, e: int, starts: list[int] | None = None) -> list[Found]:
    """Mentions lying inside [s, e); ``starts`` (their sorted start offsets) makes it a bisection."""
    if starts is None:
        return [m for m in all_mentions if m.start is not None and s <= m.start and m.end <= e]
    i = bisect_left(starts, s)
    out = []
    while i < len(starts) and starts[i] < e:
        m = all_mentions[i]
        if m.end <= e:
            out.append(m)
        i += 1
    return out


def _inherit(agencies: list[Agency] | list[Found]) -> list[Found]:
    return [Found(a.name, a.surface, a.kind, a.start, a.end, a.successor, True) for a in agencies]


def _models(found: list[Found]) -> list[Agency]:
    return [f.agency() for f in found]


def extract_assignments(
    text: str, head, segments: list[Segment], references: list[LegalReference],
    warnings: list[str] | None = None,
) -> list[Assignment]:
    """All assignments of the conclusions, in document order (a work limit reached is noted in
    ``warnings``)."""
    warnings = [] if warnings is None else warnings
    lo, hi = head.conclusions_start, head.body_end
    if hi <= lo:
        return []
    on_date = head.metadata.issued_date or head.metadata.meeting_date
    # (Bodies are named as in force on the document's day; an article of unknown year names them
    # as written, never as they became later.)
    names_on = head.names_on or _AS_WRITTEN
    intro_s = max(head.body_start, text.rfind("\n", 0, max(lo - 1, 0)) + 1)
    found_all = _agencies.read_once(text, min(intro_s, lo), hi, on_date=names_on, home=head.home)
    found_all = [m for m in found_all if m.start is not None]
    all_mentions = [m for m in found_all if m.start >= lo]
    starts = [m.start for m in all_mentions]
    ref_spans = [(r.start, r.end) for r in references]

    # Units: (segment index or None, start, end) — each segment's own text, and unsegmented paragraphs.
    units: list[tuple[int | None, int, int]] = []
    cursor = lo
    for i, seg in enumerate(segments):
        if seg.parent is None and seg.start > cursor:
            units.append((None, cursor, seg.start))
        units.append((i, seg.start, own_text_end(segments, i)))
        if seg.parent is None:
            cursor = seg.end
    if cursor < hi:
        units.append((None, cursor, hi))

    # Root addressee: the sentence introducing the conclusions ("… đề nghị các đồng chí Bộ trưởng …:"),
    # or a công điện's addressee block; then the visited locality.
    root: list[Found] = []
    intro_mentions = [m for m in found_all if intro_s <= m.start and m.end <= lo] if lo > intro_s else []
    if intro_mentions:
        for ss, ee in _sentences(text, intro_s, lo)[::-1]:
            if _ISSUES_RE.search(text, ss, ee):
                continue  # "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:" names the issuer, no addressee
            lead, _c, _x, _f = _roles(text, ss, ee, _mentions_in(intro_mentions, ss, ee))
            if lead:
                root = lead
                break
    if not root and head.kind == "directive" and head.home is not None:
        # A provincial letter's "Chủ tịch … yêu cầu:" names no one: its tasks are its addressees'.
        # (A Government Office letter's addressee block is a distribution list; its tasks name
        # their actors, who are often not bodies the gazetteer knows.)
        root = _letter_addressees(text, lo, names_on, head.home)
    visit: list[Found] = []
    # (The title, or a title run into the header's lines, names the visited locality.)
    vm = _VISIT_RE.search(head.metadata.title or "") or _VISIT_RE.search(text[:head.body_start + 600])
    if vm:
        found = _agencies.read_once(vm.group("place"), on_date=names_on)
        visit = [Found(a.name, a.surface, a.kind, None, None, a.successor) for a in found if a.kind == "province"][:1]

    allowed: list[tuple[int, int]] | None = None
    if head.kind == "news":
        # A news article directs only where it reports a leader's instructions, and in the list
        # items it reports.
        allowed = _news.reported_spans(
            text, lo, hi, lambda a, b: _carries_on(text, a, b, _mentions_in(all_mentions, a, min(b, a + _CARRY_ON_REACH), starts)))
        allowed = _union(allowed + [(seg.start, seg.end) for seg in segments])

    # Pass 1: clauses of every unit, with roles and directive flags.
    unit_clauses: list[list[_Clause]] = []
    raw: list[tuple[int, list[tuple[int, int, list[Found], list[Found], bool, bool, int]]]] = []
    budget = limits.MAX_SENTENCES  # sentences still to be read
    for ui, (si, us, ue) in enumerate(units):
        items = []
        para_no = 0
        pos = us
        while pos < ue and budget > 0:
            nl = text.find("\n", pos, ue)
            pe = ue if nl < 0 else nl
            ps = pos
            if si is not None and ps == segments[si].start:
                ps += len(segments[si].label)
            sentences = _sentences(text, ps, pe, budget)
            budget -= len(sentences)
            for ss, se in sentences:
                # Split at ";" where the next clause has a subject of its own.
                cuts = [ss]
                for cm in _CLAUSE_END_RE.finditer(text, ss, se):
                    nxt = cm.end()
                    sub = _mentions_in(all_mentions, nxt, se, starts)
                    if sub:
                        _l2, _c2, x2, _f2 = _roles(text, nxt, se, sub)
                        if x2:
                            cuts.append(nxt)
                cuts.append(se)
                for a, b in zip(cuts, cuts[1:]):
                    a, b = _trim(text, a, b)
                    if a >= b:
                        continue
                    if allowed is not None and not _within(allowed, a):
                        continue
                    if si is None and _CLOSING_FORMULA_RE.match(text, a, b):
                        continue  # "Căn cứ ý kiến chỉ đạo trên, các đơn vị … triển khai thực hiện./."
                    ments = _mentions_in(all_mentions, a, b, starts)
                    lead, coord, explicit, fact = _roles(text, a, b, ments)
                    if (si is not None and text.endswith("./.", a, b) and all(x.kind == "group" for x in lead)
                            and _CLOSING_FORMULA_RE.match(text, a, b)):
                        continue  # the last item's closing formula: "Yêu cầu các sở, ban, ngành … thực hiện nghiêm túc./."
                    items.append((a, b, lead, coord, explicit, fact, para_no))
            para_no += 1
            pos = pe + 1
        raw.append((ui, items))
    if budget <= 0:
        warnings.append(limits.work_limit_warning(
            "sentences", limits.MAX_SENTENCES, "MAX_SENTENCES", "assignments are read from the first ones only"))
    if hi > limits.MAX_AGENCY_CHARS:
        warnings.append(limits.work_limit_warning(
            "characters", limits.MAX_AGENCY_CHARS, "MAX_AGENCY_CHARS", "agencies after them are not read"))
    if len(found_all) >= limits.MAX_AGENCY_MENTIONS:
        warnings.append(limits.work_limit_warning(
            "agency mentions", limits.MAX_AGENCY_MENTIONS, "MAX_AGENCY_MENTIONS", "later ones are not read"))

    # The clauses the rules cannot decide alone, scored by the classifier in one batch.
    verdicts = {(a, b): _rule_verdict(text[a:b], explicit)
                for _ui, items in raw for a, b, _l, _c, explicit, fact, _p in items if not fact}
    undecided = [span for span, v in verdicts.items() if v is None]
    probs = dict(zip(undecided, _probabilities([text[a:b] for a, b in undecided])))

    # Pass 2: directive decisions, addressee of headings and intros.
    addressee: dict[str, list[Found]] = {}  # segment id -> agencies its children inherit
    intro_deadlines: dict[str, list[Deadline]] = {}  # segment id -> deadlines its children inherit
    directive_ids: set[str] = set()  # segments holding a directive clause
    heading_coord: dict[str, list[Found]] = {}  # segment id -> coordinating agencies its children inherit
    term_lines: list[tuple[int, int, list[Deadline]]] = []  # (segment index, line start, deadlines)
    unit_roots: dict[int, list[Found]] = {}  # unit index -> addressee its list (and the lists after it) inherit
    assessment_ids: list[str] = []  # sections headed "ĐÁNH GIÁ CHUNG" and the like
    for ui, items in raw:
        si, us, ue = units[ui]
        clauses = []
        if si is not None:
            sid = segments[si].id
            head_line = text[segments[si].start + len(segments[si].label):ue].split("\n", 1)[0].strip()
            if _ASSESSMENT_SECTION_RE.match(head_line):
                assessment_ids.append(sid)
            if any(sid == a or sid.startswith(a + ".") for a in assessment_ids):
                # An assessment directs nothing, save a call to act with an actor of its own:
                # "Tỉnh Điện Biên cần nỗ lực hơn nữa, khẩn trương khắc phục …".
                unit_clauses.append([
                    _Clause(a, b, lead, coord, True, explicit, para_no)
                    for a, b, lead, coord, explicit, fact, para_no in items
                    if explicit and lead and not fact and _CALL_TO_ACT_RE.search(text, a, min(b, a + 200))])
                continue
        under = si is not None and (bool(_nearest(addressee, segments[si].id)) or bool(root))
        # (A news article's reported instructions go on sentence after sentence, subject-less ones
        # too: "Phân loại những dự án …" after "… yêu cầu Bộ Công Thương …".)
        under = under or allowed is not None
        for a, b, lead, coord, explicit, fact, para_no in items:
            ct = text[a:b]
            directive = not fact and _is_directive(
                ct, explicit, lambda a=a, b=b: probs.get((a, b)), under, verdicts[(a, b)])
            if _ROLE_LINE_RE.match(ct) or (allowed is not None and _news.is_speech_frame(ct)):
                directive = False  # "- Cơ quan chủ trì: …" says who does the task above it; "Phó Thủ tướng nêu rõ," frames one
            if directive and si is not None:
                directive_ids.add(segments[si].id)
            clauses.append(_Clause(a, b, lead, coord, directive, explicit, para_no))
        unit_clauses.append(clauses)
        intro = _list_intro(text, clauses, units, ui, segments)
        if intro is not None:
            # "… yêu cầu các bộ, ngành, địa phương tập trung thực hiện tốt các nhiệm vụ sau:" before
            # the list: it introduces, and its agencies are the addressee of the items that follow.
            intro.directive = False
            if intro.lead:
                unit_roots[ui + 1] = intro.lead
        if si is not None:
            seg = segments[si]
            has_children = si + 1 < len(segments) and segments[si + 1].parent == seg.id
            if has_children:
                # Heading or introducing sentence: its agencies are the children's addressee.
                addr = []
                for c in clauses:
                    if c.lead:
                        addr = c.lead
                # "c) Chủ trì, phối hợp với các bộ, ngành:": the children work with them too.
                coords = [m for c in clauses for m in c.coordinating]
                if coords:
                    heading_coord[seg.id] = coords
                if not addr:
                    # A bare heading "b) Bộ Nội vụ", "- Các bộ, ngành, địa phương:".
                    own = _mentions_in(all_mentions, us, ue, starts)
                    body = text[us + len(seg.label):ue].strip()
                    if own and len(body) < 160:
                        addr = _dedupe([m for m in own if m.name not in _SPEAKER_NAMES and m not in coords])
                if addr:
                    addressee[seg.id] = addr
                dls = _deadlines.find_deadlines(text, us, ue, issued_date=on_date, exclude=ref_spans, warnings=warnings)
                own_text = text[us + len(seg.label):ue].strip()
                # "b) … hoàn thành trước ngày 30/6/2008 các việc sau:" — but not a topic heading's period
                # ("5. Về phương án phân bổ vốn … trong năm 2015 và 2016:").
                if dls and _INTRO_END_RE.search(own_text) and not _TOPIC_RE.match(own_text):
                    intro_deadlines[seg.id] = dls

    # Pass 3: build assignments.
    out: list[Assignment] = []
    for ui, clauses in enumerate(unit_clauses):
        si, us, ue = units[ui]
        seg = segments[si] if si is not None else None
        has_children = seg is not None and si + 1 < len(segments) and segments[si + 1].parent == seg.id
        if has_children:
            # A parent that introduces its list (even with a directive of its own) is not an assignment;
            # its directive sentences before the list still count when the list is not a directive list.
            prefix = seg.id + "."
            # (When none of its items is a task — "(1) Số hộ dân …" listing a report's contents —
            # the parent's own directive is the assignment.)
            if not any(c.directive for c in clauses) or any(d.startswith(prefix) for d in directive_ids):
                continue
        if ui in unit_roots:
            root = unit_roots[ui]
        inherited = _nearest(addressee, seg.id) if seg is not None else []
        if not inherited:
            inherited = root or visit
        current: Assignment | None = None
        current_para = -1
        term_deadlines: list[Deadline] = []
        for c in clauses:
            if _TERM_LINE_RE.match(text[c.start:c.end]) and (current is not None or si is not None):
                found_terms = _deadlines.find_deadlines(text, c.start, c.end, issued_date=on_date, exclude=ref_spans, warnings=warnings)
                if current is not None:
                    term_deadlines.extend(found_terms)
                    current.end = c.end
                    current.text = text[current.start:current.end]
                else:
                    term_lines.append((si, c.start, found_terms))  # it closes an item above this one
                continue
            if not c.directive:
                continue
            back = None if c.explicit else _back_reference(text, c.start, c.end, out)
            if back:
                lead = _inherit(back)  # "các đơn vị nêu trên": the bodies an earlier directive named
            elif c.explicit and c.lead:
                lead = c.lead
            elif current is not None and current_para == c.para:
                # More actions for the same agency stay in one assignment.
                current.end = c.end
                current.text = text[current.start:current.end]
                _merge(current.coordinating, c.coordinating)
                continue
            elif current is not None:
                lead = _inherit(current.lead)  # nearest directive before it in the same segment
            else:
                lead = _inherit(inherited)
            if not lead:
                continue  # an imperative with no actor anywhere above it
            if current is not None and current_para == c.para and _same(lead, current.lead):
                current.end = c.end
                current.text = text[current.start:current.end]
                _merge(current.coordinating, c.coordinating)
                continue
            coordinating = c.coordinating
            if not coordinating and seg is not None and not (c.explicit and c.lead):
                coordinating = _inherit(_nearest(heading_coord, seg.id))
            current = Assignment(
                id="", segment=seg.id if seg else None, text=text[c.start:c.end], start=c.start, end=c.end,
                lead=_models(lead), coordinating=_models(coordinating),
            )
            current_para = c.para
            out.append(current)
        if term_deadlines:
            for a in out:
                if a.segment == (seg.id if seg else None) and us <= a.start < ue:
                    a.deadlines.extend(d for d in term_deadlines)

    for si, at, dls in term_lines:
        _close_item(segments, si, at, dls, out)
    out = _apply_role_lines(text, units, unit_clauses, segments, out, all_mentions, starts,
                            lambda s, e: _deadlines.find_deadlines(text, s, e, issued_date=on_date, exclude=ref_spans, warnings=warnings))

    # A plan's task table: one assignment per row, its roles and time from the columns.
    out = _task_tables.merge(out, _task_tables.assignments(
        text, lo, names_on=names_on, home=head.home, issued=on_date, exclude=ref_spans, warnings=warnings))

    # Deadlines, references, ids.
    for k, a in enumerate(out, 1):
        a.id = f"A{k}"
        own = _deadlines.find_deadlines(text, a.start, a.end, issued_date=on_date, exclude=ref_spans, warnings=warnings)
        frame = _LEADER_FRAME_RE.match(text, a.start, a.end)
        if frame:  # "Sau khi xem xét …, Phó Thủ tướng yêu cầu …": that event timed the leader, not the task
            own = [d for d in own if d.end is None or d.end > frame.end()]
        a.deadlines = own + [d for d in a.deadlines if d not in own]
        if not a.deadlines and a.segment:
            a.deadlines = list(_nearest(intro_deadlines, a.segment))
        nums = []
        for r in references:
            if r.number and a.start <= r.start and r.end <= a.end and r.number not in nums:
                nums.append(r.number)
        a.references = nums
        if k > 1 and a.deadlines and _COMPLETION_RE.match(a.text):
            before = out[k - 2]
            if not before.deadlines and _same(before.lead, a.lead):
                before.deadlines = list(a.deadlines)  # it closes the task before it too
        a.coordinating = [c for c in _dedupe(a.coordinating) if c.name.casefold() not in {x.name.casefold() for x in a.lead}]
    return out


# The issuer announcing its own document: "Ủy ban nhân dân tỉnh ban hành Kế hoạch (…) như sau:".
_ISSUES_RE = re.compile(r"\bban\s+hành\s+(?:Kế\s+hoạch|Chương\s+trình|Quy\s+chế|Phương\s+án)\b[^.;]{0,200}?(?:như\s+sau|sau\s+đây)\s*:")
# "các đơn vị nêu trên", "các cơ quan trên": the bodies an earlier directive named, together.
_BACK_REFERENCE_RE = re.compile(r"\b(?:các|Các)\s+(?:đơn\s+vị|cơ\s+quan)(?:,\s*(?:đơn\s+vị|cơ\s+quan))?\s+(?:nêu\s+trên|trên|nói\s+trên)\b")
_BACK_REFERENCE_REACH = 120  # the phrase stands where the clause names its subject


def _back_reference(text: str, s: int, e: int, earlier: list[Assignment]) -> list[Agency]:
    """The lead of the nearest earlier assignment that named several bodies of its own, where the
    clause text[s:e] refers back to them ("Theo đó, các đơn vị nêu trên xây dựng lộ trình …")."""
    if _BACK_REFERENCE_RE.search(text, s, min(e, s + _BACK_REFERENCE_REACH)) is None:
        return []
    for a in reversed(earlier):
        if len(a.lead) > 1 and not any(x.inherited for x in a.lead):
            return a.lead
    return []


# A framing clause that cites its grounds, semicolons and all: "Căn cứ quy định …; khoản 15 …, ".
_CARRY_FRAME_RE = re.compile(r"^(?:Căn\s+cứ|Trường\s+hợp|Trên\s+cơ\s+sở)\b[^.]{0,250}?,\s+")
_CARRY_ON_REACH = 300  # how far into a paragraph its actor may stand (after a framing clause)
_CARRY_ON_RE = re.compile(r"^\W*(?:Các\s+(?!số\b)|Theo\s+đó|Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|Cùng\s+với\s+đó|Mặt\s+khác|Trong\s+đó|Đặc\s+biệt|Riêng)\b")


def _carries_on(text: str, s: int, e: int, mentions: list[Found]) -> bool:
    """Does the paragraph text[s:e] go on with the instructions before it? It opens with its
    actor ("Bộ Công Thương khẩn trương …"), a task ("Phân loại những dự án …") or a connective."""
    para = text[s:e]
    if _CARRY_ON_RE.match(para) or _IMPERATIVE_START_RE.match(para):
        return True
    # "Trường hợp …, Ủy ban nhân dân thành phố Hà Nội chỉ đạo …": the actor after a framing clause.
    fm = _FRAMING_RE.match(para) or _CARRY_FRAME_RE.match(para)
    at = s + fm.end() if fm else s
    first = next((m for m in mentions if m.start >= at), None)
    return first is not None and _SUBJECT_FILLER_RE.match(text[at:first.start]) is not None


# A plan's task followed by who does it and by when: "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
# "- Cơ quan phối hợp: Các sở, ngành …", "- Thời gian thực hiện: Quý IV năm 2025".
_ROLE_LINE_RE = re.compile(
    r"^\W*(?:(?:Cơ\s+quan|Đơn\s+vị)\s+(?P<role>chủ\s+trì|thực\s+hiện|phối\s+hợp)|(?P<time>Thời\s+(?:gian|hạn)\s+(?:thực\s+hiện|hoàn\s+thành)))\s*:",
    re.IGNORECASE)


def _apply_role_lines(text, units, unit_clauses, segments, out: list[Assignment], mentions, starts, deadlines_in
                      ) -> list[Assignment]:
    """Role lines give the task before them its lead, coordinating agencies and deadlines; a task
    that had no actor of its own becomes an assignment by them."""
    task: _Clause | None = None
    task_seg: str | None = None
    for ui, clauses in enumerate(unit_clauses):
        si = units[ui][0]
        for c in clauses:
            m = _ROLE_LINE_RE.match(text[c.start:c.end])
            if m is None:
                task, task_seg = c, segments[si].id if si is not None else None
                continue
            if task is None:
                continue
            body_start = c.start + m.end()
            found = _dedupe([x for x in _mentions_in(mentions, body_start, c.end, starts) if x.name not in _SPEAKER_NAMES])
            a = next((x for x in out if x.start <= task.start < x.end or task.start <= x.start < task.end), None)
            if a is None:
                if m.group("time") or (m.group("role") and "phối" in m.group("role").casefold()) or not found:
                    continue
                a = Assignment(id="", segment=task_seg, text=text[task.start:task.end], start=task.start,
                               end=task.end, lead=[], coordinating=[])
                out.append(a)
            a.end = max(a.end, c.end)  # the role lines belong to the task they close
            a.text = text[a.start:a.end]
            if m.group("time"):
                a.deadlines.extend(d for d in deadlines_in(body_start, c.end) if d not in a.deadlines)
            elif "phối" in m.group("role").casefold():
                a.coordinating = _models(found)
            elif found:
                a.lead = _models(found)
    out.sort(key=lambda x: x.start)
    return out


# A document's closing formula, the last sentence of its body: "Căn cứ ý kiến chỉ đạo trên, Sở
# Công Thương và các đơn vị liên quan triển khai thực hiện./.", "Đề nghị các cơ quan, đơn vị khẩn
# trương triển khai, thực hiện./.", "Thủ trưởng các cơ quan … thực hiện nghiêm túc Chỉ thị này./.".
_CLOSING_FORMULA_RE = re.compile(r"[^.;]{0,240}?" + _vocabulary.body_closing_actions() + r"[^.;]{0,80}?\./\.?\s*$")
# A call to act inside an assessment: the actor "cần" / "phải" / "khẩn trương" do something.
_CALL_TO_ACT_RE = re.compile(r"\b(?:cần\s+(?!thiết\b)|phải\s+|khẩn\s+trương\s+|cần\s+phải\s+)\w")
_KINH_GUI_RE = re.compile(r"Kính\s+gửi\s*:")


def _letter_addressees(text: str, before: int, names_on, home) -> list[Found]:
    """The bodies a letter is addressed to ("Kính gửi: - Các Sở, ban, ngành …; - Công an tỉnh; …"):
    the addressee of its tasks that name no actor of their own."""
    m = _KINH_GUI_RE.search(text, 0, before)
    if m is None:
        return []
    end = m.end()
    for line in text[m.end():before].split("\n"):
        if line.strip() and end > m.end() + 1 and not line.lstrip().startswith(("-", "–", "+", "•")):
            break  # the addressee block ends where the body's first paragraph begins
        end += len(line) + 1
    end = min(end, before)
    found = _agencies.read_once(text, m.end(), end, on_date=names_on, home=home)
    return _dedupe([f for f in found if f.start is not None and f.end <= end and f.name not in _SPEAKER_NAMES])


def _close_item(segments: list[Segment], si: int, at: int, dls: list[Deadline], out: list[Assignment]) -> None:
    """A "Thời hạn hoàn thành …" line at ``at`` closing an item: its deadlines go to the assignments
    of the nearest segment (the line's own, else an ancestor) that holds one before the line."""
    by_id = {s.id: s for s in segments}
    seg: Segment | None = segments[si]
    while seg is not None:
        inside = [a for a in out if seg.start <= a.start < at]
        if inside:
            for a in inside:
                a.deadlines.extend(d for d in dls if d not in a.deadlines)
            return
        seg = by_id.get(seg.parent) if seg.parent else None


def _list_intro(text: str, clauses: list[_Clause], units, ui: int, segments: list[Segment]) -> _Clause | None:
    """The clause of an unsegmented unit that introduces the list right after it ("… các nhiệm vụ
    trọng tâm sau:"), or None."""
    if not clauses or units[ui][0] is not None or ui + 1 >= len(units):
        return None
    nxt = units[ui + 1][0]
    if nxt is None or segments[nxt].parent is not None:
        return None
    last = clauses[-1]
    return last if text[last.start:last.end].rstrip().endswith(":") else None


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans merged into sorted, disjoint ones (segments nest inside each other)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies inside one of the sorted, disjoint ``spans`` (see ``_union``)."""
    i = bisect_left(spans, (pos + 1,)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _same(a: list[Agency], b: list[Agency]) -> bool:
    return {x.name.casefold() for x in a} == {x.name.casefold() for x in b}


def _merge(into: list[Agency], more: list[Found]) -> None:
    names = {x.name.casefold() for x in into}
    for m in more:
        if m.name.casefold() not in names:
            into.append(m.agency())
            names.add(m.name.casefold())


def _ancestors(seg_id: str):
    parts = seg_id.split(".")
    for k in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:k])


def _nearest(table: dict, seg_id: str) -> list:
    """The entry of the nearest ancestor of ``seg_id`` in ``table`` (addressees, deadlines)."""
    for anc in _ancestors(seg_id):
        if anc in table:
            return table[anc]
    return []
