"""Roles: who leads and who coordinates in a clause, and who a list or a document addresses.

The subject of a clause or the addressee of "đề nghị / yêu cầu / giao" leads; after "phối hợp
với / cùng" an agency coordinates; report recipients and those "chỉ đạo"-ed are neither (SPEC §3).

>>> from vn_directive_nlp.agencies import read_once
>>> text = "Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng rà soát."
>>> r = roles(text, 0, len(text), read_once(text))
>>> [m.name for m in r.lead], [m.name for m in r.coordinating], r.explicit
(['Bộ Tài chính'], ['Bộ Xây dựng'], True)
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

import regex

from .. import limits
from .. import vocabulary as _vocabulary
from ..agencies import Found
from ..models import Agency
from ..sentences import sentences
from .verdict import TASK_START_RE

# Titles of persons who stand for their body: "các đồng chí Bộ trưởng", "Chủ tịch Ủy ban nhân dân …".
_TITLES = r"(?:các\s+|Các\s+)?" + _vocabulary.person_titles()

# The head of a shared-prefix list, which the agency resolver leaves outside the first item's span:
# "phối hợp với các Bộ: Tài chính, …", "Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, …".
_LIST_HEAD = (
    r"(?:(?:các|Các)\s+)?(?:(?:Chủ\s+tịch\s+)?(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:các\s+)?(?=tỉnh|thành\s+phố))?"
    r"(?:Bộ|bộ|Ủy\s+ban\s+nhân\s+dân|UBND|tỉnh|thành\s+phố|Tỉnh|Thành\s+phố|Tập\s+đoàn|Tổng\s+công\s+ty|"
    r"Ủy\s+ban|cơ\s+quan|đơn\s+vị|địa\s+phương)(?:\s*,\s*(?:thành\s+phố|tỉnh|ngành|cơ\s+quan))?(?:\s+trực\s+thuộc\s+[Tt]rung\s+ương)?\s*:\s*"
)
# Who the clause is addressed to: "Đề nghị các thành viên Hội đồng…", "yêu cầu các Bộ…", "giao Bộ Y tế".
_ADDRESS_TRIGGER_RE = regex.compile(
    r"(?:\b(?:đề\s+nghị|yêu\s+cầu|(?<!\b(?:bàn|chuyển|[Bb]àn|[Cc]huyển)\s+)giao(?:\s+cho)?|Giao(?:\s+cho)?|Đề\s+nghị|Yêu\s+cầu|chỉ\s+thị(?:\s+cho)?|Thủ\s+tướng\s+Chính\s+phủ\s+giao)"
    r"(?:[\s,]+(?:các\s+)?" + _vocabulary.person_titles() + ")*"
    # (a chair holding a second office, named before the locality: "Chủ tịch Ủy ban nhân dân kiêm
    # Trưởng Ban An toàn giao thông tỉnh X" — the chair stands for the province's Ủy ban nhân dân)
    r"(?:\s+(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+kiêm\s+(?:Phó\s+)?Trưởng\s+[Bb]an(?:,?\s+[^\s,;.:]+){1,10}?)?"
    r"(?:[\s,]+(?:các\s+)?(?:cấp|ngành|địa\s+phương)(?=[\s,]))*[\s,]*(?:các\s+)?(?:" + _LIST_HEAD + r")?)$"
)
# "… chủ trì, phối hợp với Bộ Ngoại giao", "phối hợp chặt chẽ với", "phối hợp, hướng dẫn", "thống nhất với";
# an item's own opening too: "Phối hợp chặt chẽ với Bộ Giao thông vận tải để …" (its actor is inherited).
_COORD_TRIGGER_RE = regex.compile(
    r"(?:\b[Pp]hối\s+hợp(?:\s+(?:chặt\s+chẽ|tốt|thường\s+xuyên|đồng\s+bộ))?(?:\s+(?:với|cùng))?"
    r"|\b[Pp]hối\s+hợp,?\s+hướng\s+dẫn|\bthống\s+nhất\s+với|\bcùng\s+với|\bcùng)"
    r"(?:\s+(?:các\s+)?" + _vocabulary.person_titles() + r")?"  # "phối hợp với Bộ trưởng Bộ Công Thương", "… Thủ trưởng các cơ quan"
    r"\s*(?:các\s+)?(?:" + _LIST_HEAD + r")?$"
)
# A word every match of each trigger holds (a cheap test before the pattern runs).
_ADDRESS_WORDS = ("đề", "Đề", "yêu", "Yêu", "giao", "Giao", "thị")
_COORD_WORDS = ("phối", "Phối", "thống", "cùng")
# What may stand between the clause start and its subject: connectives and titles.
SUBJECT_FILLER_RE = re.compile(
    r"^(?:[\s,;:.\-–—()“”\"]|(?:Cơ\s+quan\s+thường\s+trực|Cơ\s+quan\s+chủ\s+trì)[^,;.]{0,80}?\s[-–]\s|\b(?:Đồng\s+thời|đồng\s+thời|Trước\s+mắt|trước\s+mắt|Trong\s+đó|trong\s+đó|Riêng|riêng|"
    r"Ngoài\s+ra|Theo\s+đó|theo\s+đó|Do\s+đó|Vì\s+vậy|Đặc\s+biệt|Bên\s+cạnh\s+đó|Mặt\s+khác|Tiếp\s+theo|"
    r"Đề\s+nghị|đề\s+nghị|Yêu\s+cầu|yêu\s+cầu|Giao|giao|Thủ\s+tướng\s+Chính\s+phủ\s+giao|"
    r"các\s+đồng\s+chí|Các\s+đồng\s+chí|các|Các|tiếp\s+tục\s+giao|Tiếp\s+tục\s+giao|"
    + _vocabulary.person_titles() + r"|và)\b|" + _LIST_HEAD + r")*$"
)
# A clause that frames before its subject: "Đối với các dự án …, Bộ Xây dựng …".
FRAMING_RE = re.compile(
    r"^(?:Đối\s+với|Về|Trên\s+cơ\s+sở|Để|Căn\s+cứ|Sau\s+khi|Thực\s+hiện|Trường\s+hợp|Nếu|Khi|Trong\s+khi|Từ\s+nay|Thời\s+gian\s+tới|"
    r"Trong\s+(?:năm|thời\s+gian|tháng|quý|giai\s+đoạn|những\s+tháng|các\s+năm|dịp)|Năm\s+\d{4}|Giai\s+đoạn|Từ\s+(?:năm|ngày|tháng)|"
    r"Ngay\s+sau|Trước\s+mắt|Trong\s+đó|Đồng\s+thời|Bên\s+cạnh\s+đó|Ngoài|Theo\s+đó|"
    # Time frames of background: "Trước đó, Bộ X đã ban hành …", "Thời gian qua, tỉnh Y đã …".
    r"Trước\s+đó|Vừa\s+qua|Thời\s+gian\s+qua|Hiện\s+nay)\b[^;]{0,200}?[,:]\s+"
)
# A body called to act right after it ("… cần", "… khẩn trương"): the subject of its clause after an
# opening phrase of any kind, "Là địa phương còn nhiều dư địa phát triển, …, tỉnh X cần chú trọng …".
_CALLED_RE = re.compile(r"^\s*" + _vocabulary.subject_calls() + r"\b(?!\s+thiết\b)")
_CALL_WORD_RE = re.compile(r"\b" + _vocabulary.subject_calls() + r"\b(?!\s+thiết\b)")
_OPENING_PHRASE_RE = re.compile(r",\s*$")
_OPENING_PHRASE_REACH = 500  # how long an opening phrase before such a subject may be
_FRAME_REACH = 250  # how long a framing opening runs before its subject
# The speaker of the conclusions: "Thủ tướng Chính phủ yêu cầu …", "Ban Chỉ đạo yêu cầu các bộ …".
# (The speaker may carry a title of office: "Phó Thủ tướng X, Trưởng Ban Chỉ đạo kết luận",
# "Phó Thủ tướng kiêm Chủ tịch Ủy ban … X đã kết luận".)
_SPEAKER_VERB_RE = re.compile(
    r"^\s*(?:(?:,\s*|\s+kiêm\s+)(?:Phó\s+)?(?:Trưởng|Chủ\s+tịch|Chủ\s+nhiệm)\s[^,;.:]{0,100}?,?\s+)?(?:đã\s+|cũng\s+|vừa\s+)?(?:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+đạo\s*:|kết\s+luận|ghi\s+nhận|đánh\s+giá|biểu\s+dương|"
    r"hoan\s+nghênh|đồng\s+ý|thống\s+nhất|nhất\s+trí|lưu\s+ý|nhấn\s+mạnh|chỉ\s+thị|có\s+ý\s+kiến|cho\s+phép|chấp\s+thuận|"
    r"nêu\s+rõ|nhận\s+định|cho\s+rằng|khẳng\s+định|phát\s+biểu|nói|đề\s+cập|chỉ\s+rõ|truyền\s+đạt)\b"
)
# "đã giao", "cũng đã yêu cầu": an assignment made before, reported.
_REPORTED_BEFORE_RE = regex.compile(r"\b(?:đã|cũng\s+đã|trước\s+đây\s+đã|vừa)\s*$")
# Past facts and findings after a subject: "Bộ Nội vụ đã phối hợp …", "Bộ X là cơ quan …".
_FACT_VERB_RE = re.compile(
    r"^\s*(?:(?:dự\s+họp|tham\s+dự|thời\s+gian\s+qua|trong\s+thời\s+gian\s+qua|cơ\s+bản|nhìn\s+chung|đều|cũng)\s+)?"
    r"(?:đã|đang|vẫn|còn|chưa|là|được(?!\s+giao)|có\s+\d|đều\s+đã|cũng\s+đã|vừa)\b"
)
# The locality of a working visit: "… buổi làm việc với lãnh đạo tỉnh Nghệ An", "thăm và làm việc tại tỉnh …".
_VISIT_RE = regex.compile(
    r"(?i)làm\s+việc\s+(?:với\s+(?:lãnh\s+đạo\s+|ban\s+thường\s+vụ\s+|tập\s+thể\s+lãnh\s+đạo\s+)?|tại\s+)(?:chủ\s+chốt\s+)?(?P<place>(?:tỉnh|thành\s+phố)\s+[\p{L} \-]+?)(?=\s*(?:$|,|\.|;|\s+(?:về|và|ngày|nhằm|để)\b))"
)
_KINH_GUI_RE = re.compile(r"Kính\s+gửi\s*:")
# The issuer announcing its own document: "Ủy ban nhân dân tỉnh ban hành Kế hoạch (…) như sau:".
_ISSUES_RE = re.compile(r"\bban\s+hành\s+(?:Kế\s+hoạch|Chương\s+trình|Quy\s+chế|Phương\s+án)\b[^.;]{0,200}?(?:như\s+sau|sau\s+đây)\s*:")

AS_WRITTEN = _dt.date.min  # a day before every change of name: each body keeps the name it is written with
SPEAKER_NAMES = {"Thủ tướng Chính phủ", "Chính phủ"}  # who speaks in the conclusions, never tasked by them


class Roles(NamedTuple):
    """What a clause says of its agencies."""

    lead: list[Found]
    coordinating: list[Found]
    explicit: bool  # a subject or an addressee of its own
    fact: bool  # a fact about its subject ("Bộ Nội vụ đã phối hợp …"), no task


class Mentions:
    """Agency mentions in document order, with a bisection for those inside a span."""

    __slots__ = ("all", "starts", "ends")

    def __init__(self, found: list[Found]) -> None:
        self.all = found
        spans = [mention_span(m) for m in found]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def within(self, s: int, e: int) -> list[Found]:
        """Mentions lying inside [s, e)."""
        i = bisect_left(self.starts, s)
        out = []
        while i < len(self.starts) and self.starts[i] < e:
            if self.ends[i] <= e:
                out.append(self.all[i])
            i += 1
        return out


def mention_span(m: Found) -> tuple[int, int]:
    """(start, end) of a mention read from the text (an inherited one has none: not asked here)."""
    if m.start is None or m.end is None:
        raise ValueError(f"an agency mention without offsets where one read from the text was expected: {m.name!r}")
    return m.start, m.end


# What may separate the members of one list: "Bộ Tài chính, Bộ Xây dựng và các cơ quan liên quan".
_GROUP_GAP_RE = re.compile(
    r"\s*(?:,|;|và|,\s*và|hoặc|\(|\)|-|–|nói\s+(?:riêng|chung),?\s+và)?\s*(?:các\s+)?(?:" + _TITLES + r"(?:\s*,\s*" + _TITLES + r")*\s+)?"
    r"(?:(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+)?(?:" + _LIST_HEAD + r")?"
    # "Ủy ban nhân dân tỉnh A, tỉnh B": a member that repeats its unit's word (read from the name on).
    r"(?:(?:tỉnh|thành\s+phố|xã|phường|đặc\s+khu)\s+)?"
)


def _groups(text: str, mentions: list[Found]) -> list[list[Found]]:
    """Mentions that stand in one list ("Bộ Tài chính, Bộ Xây dựng và các cơ quan liên quan")."""
    groups: list[list[Found]] = []
    for m in mentions:
        if groups:
            last_end, start = mention_span(groups[-1][-1])[1], mention_span(m)[0]
            gap = text[last_end:start]
            if start <= last_end or _GROUP_GAP_RE.fullmatch(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def dedupe(agencies: list) -> list:
    """The agencies, each name (case aside) once, in order."""
    seen: set[str] = set()
    out = []
    for a in agencies:
        key = a.name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def roles(text: str, s: int, e: int, mentions: list[Found]) -> Roles:
    """(lead, coordinating, explicit subject or addressee?, a fact about the subject?) of text[s:e].

    The subject leads ("Bộ Tư pháp chủ trì …"); when the subject is the speaker ("Thủ tướng Chính
    phủ yêu cầu …") or there is none, the addressee of "đề nghị / yêu cầu / giao" leads. Agencies after
    "phối hợp với" coordinate; everything else (report recipients, those "chỉ đạo"-ed) is neither.
    """
    subject: list[Found] = []
    addressed: list[Found] = []
    coord: list[Found] = []
    fact = False
    frame_end = _frame_end(text, s, e, mentions)
    gap_starts = [s] if frame_end is None else [s, frame_end]
    seen_after_frame = False
    for gi, g in enumerate(_groups(text, mentions)):
        g_start, g_end = mention_span(g[0])[0], mention_span(g[-1])[1]
        before = text[max(s, g_start - 120):g_start]
        after = text[g_end:e]
        # (Each trigger pattern runs only where one of its words stands: both end at "$", so a
        # scan tries them at every character.)
        if any(map(before.__contains__, _COORD_WORDS)) and _COORD_TRIGGER_RE.search(before):
            coord.extend(g)
            continue
        am = _ADDRESS_TRIGGER_RE.search(before) if any(map(before.__contains__, _ADDRESS_WORDS)) else None
        if am:
            if not _REPORTED_BEFORE_RE.search(before[:am.start()]):
                addressed.extend(x for x in g if x.name not in SPEAKER_NAMES)
            continue
        first = gi == 0 or (frame_end is not None and not subject and g_start >= frame_end and not seen_after_frame)
        if frame_end is not None and g_start >= frame_end:
            seen_after_frame = True
        if (first and any(SUBJECT_FILLER_RE.match(text[gs:g_start]) for gs in gap_starts if gs <= g_start)) \
                or (not subject and not addressed and _called_after_opening(text, s, g_start, after)):
            if _SPEAKER_VERB_RE.match(after):
                pass  # the speaker ("Thủ tướng Chính phủ yêu cầu …"): the addressee leads
            elif _FACT_VERB_RE.match(after):
                fact = True  # "Nghệ An là quê hương …", "Bộ Nội vụ đã phối hợp …"
            else:
                subject = [x for x in g if x.name != "Chính phủ"]
    lead = subject or addressed
    return Roles(dedupe(lead), dedupe(coord), bool(lead), fact and not lead)


def _called_after_opening(text: str, s: int, g_start: int, after: str) -> bool:
    """Is the body at ``g_start`` called to act ("… cần …") right after an opening phrase that
    ends with a comma ("Là địa phương còn nhiều dư địa phát triển, tỉnh X cần …")? Not where the
    phrase is a task or a call of its own: in "Hoàn thiện quy định …, trong đó cần quy định rõ …,
    thương nhân phải …" the body is what the rule to be written says."""
    return (0 < g_start - s <= _OPENING_PHRASE_REACH and _OPENING_PHRASE_RE.search(text, s, g_start) is not None
            and _CALLED_RE.match(after) is not None and _CALL_WORD_RE.search(text, s, g_start) is None
            and TASK_START_RE.match(text[s:g_start]) is None)


def _frame_end(text: str, s: int, e: int, mentions: list[Found]) -> int | None:
    """Where the clause text[s:e]'s framing opening ends ("Đối với các dự án …, "), or None.

    A frame that lists with commas ends at the comma before its subject, not at its first one:
    "Trên cơ sở mục 2, mục 3 và mục 4 Thông báo …, Bộ Tài chính chủ trì …".
    """
    fm = FRAMING_RE.match(text[s:e])
    if fm is None:
        return None
    end = s + fm.end()
    nxt = next((mention_span(m)[0] for m in mentions if mention_span(m)[0] >= end), None)
    if nxt is None or SUBJECT_FILLER_RE.match(text[end:nxt]):
        return end
    cut = text.rfind(", ", end, nxt)
    # (Only where the frame's run names no body: "Sau khi nghe Bộ X, ý kiến các Bộ, Phó Thủ tướng
    # kết luận" keeps its first comma, and its first body after it.)
    if (cut >= 0 and cut - s <= _FRAME_REACH and SUBJECT_FILLER_RE.match(text[cut + 2:nxt])
            and not any(end <= mention_span(m)[0] < cut for m in mentions)):
        return cut + 2
    return end


def inherit(agencies: list[Agency] | list[Found]) -> list[Found]:
    """The agencies as inherited by a clause that names none of its own."""
    return [Found(a.name, a.surface, a.kind, a.start, a.end, a.successor, True) for a in agencies]


def models(found: list[Found]) -> list[Agency]:
    return [f.agency() for f in found]


def same(a: Sequence[Agency | Found], b: Sequence[Agency | Found]) -> bool:
    return {x.name.casefold() for x in a} == {x.name.casefold() for x in b}


def merge(into: list[Agency], more: list[Found]) -> None:
    """Add to ``into`` the agencies of ``more`` it does not name yet."""
    names = {x.name.casefold() for x in into}
    for m in more:
        if m.name.casefold() not in names:
            into.append(m.agency())
            names.add(m.name.casefold())


def root_addressee(text: str, scope, mentions: list[Found], letter: list[Found]) -> list[Found]:
    """Who the conclusions address: the sentence introducing them ("… đề nghị các đồng chí Bộ
    trưởng …:"; ``mentions``: all those read), else ``letter``, a provincial letter's addressees
    (its "Chủ tịch … yêu cầu:" names no one: its tasks are its addressees')."""
    lo, intro_s = scope.start, scope.intro_start
    intro_mentions = [m for m in mentions if intro_s <= mention_span(m)[0] and mention_span(m)[1] <= lo] if lo > intro_s else []
    if intro_mentions:
        for ss, ee in sentences(text, intro_s, lo)[::-1]:
            if _ISSUES_RE.search(text, ss, ee):
                continue  # "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:" names the issuer, no addressee
            lead = roles(text, ss, ee, [m for m in intro_mentions if ss <= mention_span(m)[0] and mention_span(m)[1] <= ee]).lead
            if lead:
                return lead
    return letter


def letter_block(text: str, before: int) -> tuple[int, int] | None:
    """Where a letter's addressee block lies before ``before`` ("Kính gửi: - Các Sở, ban, ngành …;
    - Công an tỉnh; …"), or None."""
    m = _KINH_GUI_RE.search(text, 0, before)
    if m is None:
        return None
    end = m.end()
    for line in text[m.end():before].split("\n"):
        if line.strip() and end > m.end() + 1 and not line.lstrip().startswith(("-", "–", "+", "•")):
            break  # the addressee block ends where the body's first paragraph begins
        end += len(line) + 1
    return m.end(), min(end, before)


def letter_addressees(found: list[Found], block_end: int) -> list[Found]:
    """The bodies a letter is addressed to (``found``: the mentions read in its block): the
    addressee of its tasks that name no actor of their own."""
    return dedupe([f for f in found if f.start is not None and f.end is not None and f.end <= block_end
                   and f.name not in SPEAKER_NAMES])


def visit_place(text: str, head) -> str | None:
    """Where a working visit went ("… buổi làm việc với lãnh đạo tỉnh Nghệ An"), named in the
    title or in a title run into the header's lines; None for no visit."""
    vm = _VISIT_RE.search(head.metadata.title or "") or _VISIT_RE.search(text[:head.body_start + 600])
    return vm.group("place") if vm else None


def visited_province(found: list[Found]) -> list[Found]:
    """The province among the mentions read in a visit's place: the addressee of the visit's
    tasks that name no one."""
    return [Found(a.name, a.surface, a.kind, None, None, a.successor) for a in found if a.kind == "province"][:1]


def reading_warnings(scope, read: list[Found]) -> list[str]:
    """Warnings for the agency reading's work limits (``read``: the mentions it gave)."""
    out = []
    if scope.end > limits.MAX_AGENCY_CHARS:
        out.append(limits.work_limit_warning(
            "characters", limits.MAX_AGENCY_CHARS, "MAX_AGENCY_CHARS", "agencies after them are not read"))
    if len(read) >= limits.MAX_AGENCY_MENTIONS:
        out.append(limits.work_limit_warning(
            "agency mentions", limits.MAX_AGENCY_MENTIONS, "MAX_AGENCY_MENTIONS", "later ones are not read"))
    return out
