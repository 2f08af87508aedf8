"""Clauses: the conclusions cut into units, paragraphs, sentences and clauses, each with its roles.

The unit is the lowest list item or, outside the list, a stretch of paragraphs; inside a sentence
a clause after ";" (or after a speech verb's colon) that names agencies of its own as its subject
starts a new clause (SPEC §3).

>>> from vn_directive_nlp import parse_text
>>> len(parse_text("Kết luận\\n1. Bộ Y tế rà soát; Bộ Tài chính bố trí kinh phí.").assignments)
2
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

import regex

from .. import limits
from .. import news as _news
from .. import vocabulary as _vocabulary
from ..agencies import Found
from ..models import Segment
from ..sentences import sentences, trim
from ..structure import own_text_end
from .roles import AS_WRITTEN, FRAMING_RE, SUBJECT_FILLER_RE, Mentions, roles
from .verdict import IMPERATIVE_START_RE

# Clause ends inside a sentence: "…để tổng hợp; trong đó, các bộ, cơ quan ngang bộ …", and the colon
# after a reported speech verb: "Thủ tướng … nhấn mạnh: Các bộ, ngành, địa phương tiếp tục …".
_CLAUSE_END_RE = regex.compile(
    r";|(?<=\b(?:nhấn\s+mạnh|yêu\s+cầu|kết\s+luận|chỉ\s+đạo|đề\s+nghị|lưu\s+ý|khẳng\s+định|chỉ\s+rõ|giao)\s*):(?=\s+\p{Lu})"
    r"|(?<=\b(?:nhấn\s+mạnh|nêu\s+rõ|lưu\s+ý|chỉ\s+rõ)),(?=\s+\p{Lu})"
    # and the colon closing the conveying of instructions: "Văn phòng Chính phủ vừa có văn bản truyền
    # đạt ý kiến chỉ đạo của Phó Thủ tướng: Bộ Xây dựng khẩn trương …"
    r"|(?<=\b(?:truyền\s+đạt|ý\s+kiến\s+chỉ\s+đạo)\b[^.;:\n]{0,80}):(?=\s+\p{L})"
)
# A document's closing formula, the last sentence of its body: "Căn cứ ý kiến chỉ đạo trên, Sở
# Công Thương và các đơn vị liên quan triển khai thực hiện./.", "Đề nghị các cơ quan, đơn vị khẩn
# trương triển khai, thực hiện./.", "Thủ trưởng các cơ quan … thực hiện nghiêm túc Chỉ thị này./.".
_CLOSING_FORMULA_RE = re.compile(r"[^.;]{0,240}?" + _vocabulary.body_closing_actions() + r"[^.;]{0,80}?\./\.?\s*$")
# A framing clause that cites its grounds, semicolons and all: "Căn cứ quy định …; khoản 15 …, ".
_CARRY_FRAME_RE = re.compile(r"^(?:Căn\s+cứ|Trường\s+hợp|Trên\s+cơ\s+sở)\b[^.]{0,250}?,\s+")
# A line that ends inside its sentence: the next line goes on with the same paragraph.
_OPEN_LINE_END_RE = re.compile(r"[;,]\s*$")
_CARRY_ON_REACH = 300  # how far into a paragraph its actor may stand (after a framing clause)
_CARRY_ON_RE = re.compile(r"^\W*(?:Các\s+(?!số\b)|Theo\s+đó|Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|Cùng\s+với\s+đó|Mặt\s+khác|Trong\s+đó|Đặc\s+biệt|Riêng)\b")


@dataclass(frozen=True)
class Scope:
    """Where the conclusions lie and the days they are read by."""

    start: int  # the conclusions' first character
    end: int  # the body's end
    intro_start: int  # the line introducing the conclusions ("… kết luận như sau:")
    on_date: _dt.date | None  # the day relative deadlines count from
    names_on: _dt.date  # the day bodies are named as on

    @classmethod
    def of(cls, text: str, head) -> Scope:
        lo, hi = head.conclusions_start, head.body_end
        # (Bodies are named as in force on the document's day; an article of unknown year names
        # them as written, never as they became later.)
        return cls(lo, hi, max(head.body_start, text.rfind("\n", 0, max(lo - 1, 0)) + 1),
                   head.metadata.issued_date or head.metadata.meeting_date, head.names_on or AS_WRITTEN)

    @property
    def empty(self) -> bool:
        return self.end <= self.start

    @property
    def read_start(self) -> int:
        """Where agency mentions are read from: the introducing line, or the conclusions."""
        return min(self.intro_start, self.start)


class Unit(NamedTuple):
    """A list item's own text (``seg``: its index in the segments), or unsegmented paragraphs."""

    seg: int | None
    start: int
    end: int


@dataclass
class Clause:
    """A clause with the roles it gives its agencies and, once judged, whether it directs."""

    start: int
    end: int
    lead: list[Found]
    coordinating: list[Found]
    explicit: bool  # has a subject / addressee of its own
    fact: bool  # states a fact about its subject
    para: int  # its paragraph within the unit
    directive: bool = False


def units(segments: list[Segment], scope: Scope) -> list[Unit]:
    """Each segment's own text, and the unsegmented stretches between top-level segments."""
    out: list[Unit] = []
    cursor = scope.start
    for i, seg in enumerate(segments):
        if seg.parent is None and seg.start > cursor:
            out.append(Unit(None, cursor, seg.start))
        out.append(Unit(i, seg.start, own_text_end(segments, i)))
        if seg.parent is None:
            cursor = seg.end
    if cursor < scope.end:
        out.append(Unit(None, cursor, scope.end))
    return out


def reported_spans(text: str, scope: Scope, segments: list[Segment], mentions: Mentions) -> list[tuple[int, int]]:
    """Where a news article directs: where it reports a leader's instructions, and the list items
    it reports (sorted, disjoint spans)."""
    spans = _news.reported_spans(
        text, scope.start, scope.end, lambda a, b: _carries_on(text, a, b, mentions.within(a, min(b, a + _CARRY_ON_REACH))))
    return _union(spans + [(seg.start, _news.item_end(text, seg.start, seg.end)) for seg in segments])


def read_clauses(text: str, units_: list[Unit], segments: list[Segment], mentions: Mentions,
                 allowed: list[tuple[int, int]] | None) -> tuple[list[list[Clause]], list[str]]:
    """The clauses of each unit with their roles, and a warning when the sentence budget ran out
    (``allowed``: the only spans a clause may open in, for a news article)."""
    out: list[list[Clause]] = []
    budget = limits.MAX_SENTENCES  # sentences still to be read
    for unit in units_:
        clauses: list[Clause] = []
        para_no = 0
        pos = unit.start
        while pos < unit.end and budget > 0:
            nl = text.find("\n", pos, unit.end)
            pe = unit.end if nl < 0 else nl
            ps = pos
            if unit.seg is not None and ps == segments[unit.seg].start:
                ps += len(segments[unit.seg].label)
            found = sentences(text, ps, pe, budget)
            budget -= len(found)
            for ss, se in found:
                clauses += _sentence_clauses(text, ss, se, unit, para_no, mentions, allowed)
            pos = pe + 1
            if not _runs_on(text, ps, pe, unit.end, mentions):
                para_no += 1
        out.append(clauses)
    warnings = []
    if budget <= 0:
        warnings.append(limits.work_limit_warning(
            "sentences", limits.MAX_SENTENCES, "MAX_SENTENCES", "assignments are read from the first ones only"))
    return out, warnings


def _sentence_clauses(text: str, ss: int, se: int, unit: Unit, para_no: int, mentions: Mentions,
                      allowed: list[tuple[int, int]] | None) -> list[Clause]:
    """The clauses of the sentence text[ss:se]: split at ";" where the next clause has a subject
    of its own."""
    cuts = [ss]
    for cm in _CLAUSE_END_RE.finditer(text, ss, se):
        nxt = cm.end()
        sub = mentions.within(nxt, se)
        if sub and roles(text, nxt, se, sub).explicit:
            cuts.append(nxt)
    cuts.append(se)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        a, b = trim(text, a, b)
        if a >= b:
            continue
        if allowed is not None and not _within(allowed, a):
            continue
        if unit.seg is None and _CLOSING_FORMULA_RE.match(text, a, b):
            continue  # "Căn cứ ý kiến chỉ đạo trên, các đơn vị … triển khai thực hiện./."
        r = roles(text, a, b, mentions.within(a, b))
        if (unit.seg is not None and text.endswith("./.", a, b) and all(x.kind == "group" for x in r.lead)
                and _CLOSING_FORMULA_RE.match(text, a, b)):
            continue  # the last item's closing formula: "Yêu cầu các sở, ban, ngành … thực hiện nghiêm túc./."
        out.append(Clause(a, b, r.lead, r.coordinating, r.explicit, r.fact, para_no))
    return out


def _runs_on(text: str, s: int, e: int, unit_end: int, mentions: Mentions) -> bool:
    """Does the paragraph text[s:e] run on into the next line of its unit? It ends inside its
    sentence (";", ",") and the next line opens with no task or actor of its own: a wrap left in a
    list of cited documents, "… các Nghị quyết của Quốc hội;" / "Nghị quyết số 01/NQ-CP …"."""
    nxt = e + 1
    if nxt >= unit_end or _OPEN_LINE_END_RE.search(text, s, e) is None:
        return False
    nl = text.find("\n", nxt, unit_end)
    end = unit_end if nl < 0 else nl
    return not _carries_on(text, nxt, end, mentions.within(nxt, min(end, nxt + _CARRY_ON_REACH)))


def _carries_on(text: str, s: int, e: int, mentions: list[Found]) -> bool:
    """Does the paragraph text[s:e] go on with the instructions before it? It opens with its
    actor ("Bộ Công Thương khẩn trương …"), a task ("Phân loại những dự án …") or a connective."""
    para = text[s:e]
    if _CARRY_ON_RE.match(para) or IMPERATIVE_START_RE.match(para):
        return True
    # "Trường hợp …, Ủy ban nhân dân thành phố Hà Nội chỉ đạo …": the actor after a framing clause.
    fm = FRAMING_RE.match(para) or _CARRY_FRAME_RE.match(para)
    at = s + fm.end() if fm else s
    first = next((m for m in mentions if m.start is not None and m.start >= at), None)
    return first is not None and SUBJECT_FILLER_RE.match(text[at:first.start]) is not None


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
