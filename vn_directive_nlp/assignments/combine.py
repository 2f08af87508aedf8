"""The combining pass: clauses, their verdicts and roles, deadlines and references into assignments.

Every input is a fact the orchestrator (``assemble.build_notice``) computed once for the whole
document; this pass only combines them. A directive clause with an agency of its own starts an
assignment; one without inherits the nearest actor above it (``inherited: true``): the list's
parent, the sentence introducing the list, the document's addressee or the visited province.

>>> from vn_directive_nlp import parse_text
>>> [[a.name for a in x.lead] for x in parse_text("Kết luận\\n1. Bộ Nội vụ:\\n- Rà soát biên chế.").assignments]
[['Bộ Nội vụ']]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import news as _news
from .. import task_tables as _task_tables
from ..agencies import Found
from ..models import Agency, Assignment, Deadline, LegalReference, Segment
from .clauses import Clause, Scope, Unit
from .roles import SPEAKER_NAMES, Mentions, dedupe, inherit, merge, models, same
from .verdict import IMPERATIVE_START_RE, Verdicts, calls_to_act, heads_assessments, is_topic

if TYPE_CHECKING:
    from ..header import Header

# A parent that only introduces its list: "…các giải pháp trọng tâm sau đây:", "cụ thể như sau:".
_INTRO_END_RE = re.compile(r":\s*$")
# A sentence left open for its list to complete: "… kết nối, chia sẻ dữ liệu đối với:", "… bao gồm:" —
# the items are what it names, not tasks of their own.
_COMPLEMENT_INTRO_RE = re.compile(r"\b(?:đối\s+với|bao\s+gồm|gồm\s+có|gồm|như)\s*:\s*$")
# "Thời hạn hoàn thành: tháng 6 năm 2024." closing an item.
_TERM_LINE_RE = re.compile(
    r"^\s*(?:Thời\s+hạn(?:\s+hoàn\s+thành)?|Thời\s+gian\s+hoàn\s+thành|Hạn\s+hoàn\s+thành)\s*(?::|(?=(?:chậm\s+nhất|trước|trong)\b))")
_TERM_WORDS_RE = re.compile(r"\b(?:Thời\s+hạn(?:\s+hoàn\s+thành)?|Thời\s+gian\s+hoàn\s+thành|Hạn\s+hoàn\s+thành)\b")
# A plan's task followed by who does it and by when: "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
# "- Cơ quan phối hợp: Các sở, ngành …", "- Thời gian thực hiện: Quý IV năm 2025".
_ROLE_LINE_RE = re.compile(
    r"^\W*(?:(?:Cơ\s+quan|Đơn\s+vị)\s+(?P<role>chủ\s+trì|thực\s+hiện|phối\s+hợp)|(?P<time>Thời\s+(?:gian|hạn)\s+(?:thực\s+hiện|hoàn\s+thành)))\s*:",
    re.IGNORECASE)
# "các đơn vị nêu trên", "các cơ quan trên": the bodies an earlier directive named, together.
_BACK_REFERENCE_RE = re.compile(r"\b(?:các|Các)\s+(?:đơn\s+vị|cơ\s+quan)(?:,\s*(?:đơn\s+vị|cơ\s+quan))?\s+(?:nêu\s+trên|trên|nói\s+trên)\b")
_BACK_REFERENCE_REACH = 120  # the phrase stands where the clause names its subject
# What the leader did before directing: "Sau khi xem xét thông tin phản ánh, Phó Thủ tướng … yêu cầu".
_LEADER_FRAME_RE = re.compile(
    r"(?:Sau\s+khi|Khi)\b[^.;]{0,200}?,\s*(?:(?:Phó\s+)?Thủ\s+tướng|Thường\s+trực\s+Chính\s+phủ|Chính\s+phủ)\b[^.;]{0,80}?"
    r"\b(?:yêu\s+cầu|giao|đề\s+nghị|chỉ\s+đạo|kết\s+luận)\b")
# A topic the assignment is about, named before its actor: "Đối với các nhiệm vụ triển khai trong năm 2025, ".
_TOPIC_FRAME_RE = re.compile(r"Đối\s+với\b[^.;:]{0,160}?,\s+")
# "Hoàn thành việc kiểm tra và báo cáo Thủ tướng Chính phủ trước ngày 10 tháng 6 năm 2025.": a short
# task of its own that also sets the limit of the task before it.
_COMPLETION_RE = re.compile(
    r"^\s*Hoàn\s+thành(?:\s+[^.;:]{0,80}?)?\s+(?:chậm\s+nhất|trước)\s+(?:ngày\s+)?\d[^.;:]{0,40}[.;]?\s*$")
_BARE_HEADING_CHARS = 160  # a heading this short that names agencies and no verb addresses its items


class Deadlines:
    """The document's deadline mentions, read span by span as the combining pass asks for them,
    each span once, through the one reader the orchestrator hands it (``find(start, end, warnings)``).
    (Not one scan of the whole text: a text dense with dates and with few tasks would pay for
    every date.) ``warnings``: dates no calendar holds, in the order they were met."""

    __slots__ = ("_find", "_read", "warnings")

    def __init__(self, find: Callable[[int, int, list[str]], list[Deadline]]) -> None:
        self._find = find
        self._read: dict[tuple[int, int], list[Deadline]] = {}
        self.warnings: list[str] = []

    def within(self, s: int, e: int) -> list[Deadline]:
        """The deadlines inside text[s:e]."""
        found = self._read.get((s, e))
        if found is None:
            found = self._read[(s, e)] = self._find(s, e, self.warnings)
        return list(found)


@dataclass(frozen=True)
class Facts:
    """What the combining pass reads: each a document-wide fact computed once."""

    text: str
    head: Header
    scope: Scope
    segments: list[Segment]
    units: list[Unit]
    clauses: list[list[Clause]]  # of each unit, with their roles
    verdicts: Verdicts
    mentions: Mentions  # agency mentions of the conclusions
    deadlines: Deadlines
    references: list[LegalReference]  # reference mentions, the notice's own number left out
    root: list[Found]  # who the conclusions address
    visit: list[Found]  # the province a working visit's tasks address


@dataclass
class _Parents:
    """What the list's parents hand their items (by segment id), and the lists' addressees."""

    addressee: dict[str, list[Found]] = field(default_factory=dict)  # agencies the children inherit
    intro_deadlines: dict[str, list[Deadline]] = field(default_factory=dict)  # deadlines they inherit
    directive_ids: set[str] = field(default_factory=set)  # segments holding a directive clause
    heading_coord: dict[str, list[Found]] = field(default_factory=dict)  # coordinating agencies they inherit
    unit_roots: dict[int, list[Found]] = field(default_factory=dict)  # unit -> addressee of its list and those after
    assessment_ids: list[str] = field(default_factory=list)  # sections headed "ĐÁNH GIÁ CHUNG" and the like
    complement_ids: set[str] = field(default_factory=set)  # parents whose items complete their sentence ("… đối với:")


def assign(facts: Facts) -> tuple[list[Assignment], list[str]]:
    """All assignments of the conclusions, in document order, and the warnings of their reading."""
    if facts.scope.empty:
        return [], []
    unit_clauses, parents = _judge(facts)
    out, term_lines = _build(facts, unit_clauses, parents)
    for si, at, dls in term_lines:
        _close_item(facts.segments, si, at, dls, out)
    out = _apply_role_lines(facts, unit_clauses, out)
    # A plan's task table: one assignment per row, its roles and time from the columns. (Its dates
    # outside the calendar are noted with the deadlines', in the order met.)
    scope, ref_spans = facts.scope, [(r.start, r.end) for r in facts.references]
    out = _task_tables.merge(out, _task_tables.assignments(
        facts.text, scope.start, names_on=scope.names_on, home=facts.head.home, issued=scope.on_date,
        exclude=ref_spans, warnings=facts.deadlines.warnings))
    if facts.head.kind == "news":
        # The leader the article reports is its voice, not an actor: "Phó Thủ tướng dẫn chứng …",
        # "Thủ tướng chỉ đạo khắc phục …" (a leader tasked by name — "giao Phó Thủ tướng …" — stays).
        out = [a for a in out if not _news.leader_speaks(facts.text, a.start, [(x.name, x.kind, x.start, x.inherited) for x in a.lead])]
        out = _without_summary(facts, out)
    _finish(facts, out, parents)
    return out, list(facts.deadlines.warnings)


def _without_summary(facts: Facts, out: list[Assignment]) -> list[Assignment]:
    """An article's assignments without those of its lead paragraph that only sum up an instruction
    the body reports in full to the same agencies: it counts where the body has it (SPEC §3)."""
    span = _news.lead_paragraph(facts.text, facts.scope.start, facts.scope.end)
    if span is None:
        return out
    return [a for a in out if not (span[0] <= a.start < span[1] and any(
        b.start >= span[1] and b.lead and same(a.lead, b.lead) and _news.sums_up(a.text, b.text) for b in out))]


def _judge(facts: Facts) -> tuple[list[list[Clause]], _Parents]:
    """Pass 2: each clause judged directive or not; what each parent hands its list's items."""
    parents = _Parents()
    unit_clauses: list[list[Clause]] = []
    for ui, (unit, clauses) in enumerate(zip(facts.units, facts.clauses)):
        if unit.seg is not None and _in_assessment(facts, facts.segments[unit.seg], unit, parents):
            # An assessment directs nothing, save a call to act with an actor of its own:
            # "Tỉnh Điện Biên cần nỗ lực hơn nữa, khẩn trương khắc phục …".
            unit_clauses.append([replace(c, directive=True) for c in clauses
                                 if c.explicit and c.lead and not c.fact and calls_to_act(facts.text, c.start, c.end)])
            continue
        judged = _judge_unit(facts, unit, clauses, parents)
        unit_clauses.append(judged)
        intro = _list_intro(facts, judged, ui)
        if intro is not None:
            # "… yêu cầu các bộ, ngành, địa phương tập trung thực hiện tốt các nhiệm vụ sau:" before
            # the list: it introduces, and its agencies are the addressee of the items that follow.
            for c in _addressee_chain(facts.text, judged):
                c.directive = False  # "…yêu cầu: Bộ trưởng …;" / "Chủ tịch …;" / "… và các thương nhân … sau:"
            if intro.lead:
                parents.unit_roots[ui + 1] = intro.lead
        if unit.seg is not None and _has_children(facts.segments, unit.seg):
            _note_parent(facts, facts.segments[unit.seg], unit, judged, parents)
    return unit_clauses, parents


def _in_assessment(facts: Facts, seg: Segment, unit: Unit, parents: _Parents) -> bool:
    """Is the unit's segment (or one above it) a section of assessments? Notes one it heads."""
    head_line = facts.text[seg.start + len(seg.label):unit.end].split("\n", 1)[0].strip()
    if heads_assessments(head_line):
        parents.assessment_ids.append(seg.id)
    return any(seg.id == a or seg.id.startswith(a + ".") for a in parents.assessment_ids)


def _judge_unit(facts: Facts, unit: Unit, clauses: list[Clause], parents: _Parents) -> list[Clause]:
    """The unit's clauses, each judged directive or not."""
    text, segments = facts.text, facts.segments
    under = unit.seg is not None and (bool(_nearest(parents.addressee, segments[unit.seg].id)) or bool(facts.root))
    # (A news article's reported instructions go on sentence after sentence, subject-less ones
    # too: "Phân loại những dự án …" after "… yêu cầu Bộ Công Thương …".)
    under = under or facts.head.kind == "news"
    out = []
    for c in clauses:
        ct = text[c.start:c.end]
        directive = not c.fact and facts.verdicts.is_directive(ct, (c.start, c.end), c.explicit, under)
        if _ROLE_LINE_RE.match(ct) or (facts.head.kind == "news" and _news_voice(facts.text, c)):
            directive = False  # "- Cơ quan chủ trì: …" says who does the task above it; "Phó Thủ tướng nêu rõ," frames one
        if directive and not c.explicit and unit.seg is not None and segments[unit.seg].parent in parents.complement_ids:
            directive = False  # "- Cơ sở dữ liệu quốc gia về dân cư …" completing "… chia sẻ dữ liệu đối với:"
        if directive and unit.seg is not None:
            parents.directive_ids.add(segments[unit.seg].id)
        out.append(replace(c, directive=directive))
    return out


def _news_voice(text: str, c: Clause) -> bool:
    """Whether an article's clause is the reporting voice, not an instruction: the frame of one
    ("Phó Thủ tướng nêu rõ,"), the leader speaking ("Phó Thủ tướng dẫn chứng …" — he is never the
    lead of his own instruction, nor passes it on), or a statement with no actor ("Mục đích là …")."""
    ct = text[c.start:c.end]
    if _news.is_speech_frame(ct):
        return True
    if c.explicit:
        return _news.leader_speaks(text, c.start, [(x.name, x.kind, x.start, x.inherited) for x in c.lead])
    return _news.is_statement(ct, IMPERATIVE_START_RE.match)


def _note_parent(facts: Facts, seg: Segment, unit: Unit, clauses: list[Clause], parents: _Parents) -> None:
    """A heading or an introducing sentence: its agencies are the children's addressee, its
    coordinating agencies theirs too, and a deadline it sets before its list theirs."""
    text = facts.text
    addr: list[Found] = []
    for c in clauses:
        if c.lead:
            addr = c.lead
    # "c) Chủ trì, phối hợp với các bộ, ngành:": the children work with them too.
    coords = [m for c in clauses for m in c.coordinating]
    if coords:
        parents.heading_coord[seg.id] = coords
    if not addr:
        # A bare heading "b) Bộ Nội vụ", "- Các bộ, ngành, địa phương:".
        own = facts.mentions.within(unit.start, unit.end)
        body = text[unit.start + len(seg.label):unit.end].strip()
        if own and len(body) < _BARE_HEADING_CHARS:
            addr = dedupe([m for m in own if m.name not in SPEAKER_NAMES and m not in coords])
    if addr:
        parents.addressee[seg.id] = addr
    dls = facts.deadlines.within(unit.start, unit.end)
    own_text = text[unit.start + len(seg.label):unit.end].strip()
    # "b) … hoàn thành trước ngày 30/6/2008 các việc sau:" — but not a topic heading's period
    # ("5. Về phương án phân bổ vốn … trong năm 2015 và 2016:").
    if dls and _INTRO_END_RE.search(own_text) and not is_topic(own_text):
        parents.intro_deadlines[seg.id] = dls
    if _COMPLEMENT_INTRO_RE.search(own_text):
        parents.complement_ids.add(seg.id)


def _build(facts: Facts, unit_clauses: list[list[Clause]], parents: _Parents
           ) -> tuple[list[Assignment], list[tuple[int, int, list[Deadline]]]]:
    """Pass 3: the assignments of each unit, and the term lines that close an item above them
    ((segment index, line start, deadlines))."""
    out: list[Assignment] = []
    term_lines: list[tuple[int, int, list[Deadline]]] = []
    root = facts.root
    for ui, clauses in enumerate(unit_clauses):
        unit = facts.units[ui]
        seg = facts.segments[unit.seg] if unit.seg is not None else None
        if seg is not None and unit.seg is not None and _has_children(facts.segments, unit.seg):
            # A parent that introduces its list (even with a directive of its own) is not an assignment;
            # its directive sentences before the list still count when the list is not a directive list.
            # (When none of its items is a task — "(1) Số hộ dân …" listing a report's contents —
            # the parent's own directive is the assignment.)
            prefix = seg.id + "."
            if not any(c.directive for c in clauses) or any(d.startswith(prefix) for d in parents.directive_ids):
                continue
        root = parents.unit_roots.get(ui, root)
        inherited = _nearest(parents.addressee, seg.id) if seg is not None else []
        _unit_assignments(facts, unit, clauses, inherited or root or facts.visit, parents, out, term_lines)
    return out, term_lines


def _unit_assignments(facts: Facts, unit: Unit, clauses: list[Clause], inherited: list[Found], parents: _Parents,
                      out: list[Assignment], term_lines: list) -> None:
    """The unit's directive clauses made assignments (appended to ``out``): a clause with the same
    actor in the same paragraph extends the one before; a term line closes it."""
    text = facts.text
    seg = facts.segments[unit.seg] if unit.seg is not None else None
    current: Assignment | None = None
    current_para = -1
    term_deadlines: list[Deadline] = []
    for c in clauses:
        if _TERM_LINE_RE.match(text[c.start:c.end]) and (current is not None or seg is not None):
            found_terms = facts.deadlines.within(c.start, c.end)
            if current is not None:
                term_deadlines.extend(found_terms)
                current.end = c.end  # the term line closes the assignment
                current.text = text[current.start:current.end]
                closed = _closed_parent(facts.segments, unit, text, c)
                if closed is not None:
                    term_lines.append((closed, c.start, found_terms))  # … and the item whose list it ends
            else:
                term_lines.append((unit.seg, c.start, found_terms))  # it closes an item above this one
            continue
        if not c.directive:
            if c.lead and current is None and c.para == 0 and _heads_paragraphs(text, c):
                inherited = c.lead  # "c) Bộ Thông tin và Truyền thông:" over the paragraphs of its tasks
            continue
        back = None if c.explicit else _back_reference(text, c.start, c.end, out)
        if back:
            lead = inherit(back)  # "các đơn vị nêu trên": the bodies an earlier directive named
        elif c.explicit and c.lead:
            lead = c.lead
        elif current is not None and current_para == c.para:
            _extend(text, current, c)  # more actions for the same agency stay in one assignment
            continue
        else:  # the nearest directive before it in the same segment, else what the unit inherits
            lead = inherit(current.lead if current is not None else inherited)
        if not lead:
            continue  # an imperative with no actor anywhere above it
        if current is not None and current_para == c.para and same(lead, current.lead):
            _extend(text, current, c)
            continue
        coordinating = c.coordinating
        if not coordinating and seg is not None and not (c.explicit and c.lead):
            coordinating = inherit(_nearest(parents.heading_coord, seg.id))
        current = Assignment(id="", segment=seg.id if seg else None, text=text[c.start:c.end], start=c.start,
                             end=c.end, lead=models(lead), coordinating=models(coordinating))
        current_para = c.para
        out.append(current)
    if term_deadlines:
        for a in out:
            if a.segment == (seg.id if seg else None) and unit.start <= a.start < unit.end:
                a.deadlines.extend(d for d in term_deadlines)


def _closed_parent(segments: list[Segment], unit: Unit, text: str, c: Clause) -> int | None:
    """The index of the item a term line ends, where it stands last in the last of that item's list
    items and no item before it has a term line of its own ("c) Chủ trì, …:" / "- Đẩy nhanh …" / … /
    "- Hướng dẫn …" / "Thời hạn hoàn thành chậm nhất trong năm 2025."), else None."""
    if unit.seg is None or text[c.end:unit.end].strip() or text[c.start - 1:c.start] != "\n":
        return None  # (a line of its own, the item's last)
    seg = segments[unit.seg]
    if seg.parent is None:
        return None
    later = next((s for s in segments[unit.seg + 1:] if not s.id.startswith(seg.id + ".")), None)
    if later is not None and later.parent == seg.parent:
        return None  # not the list's last item
    pi = next(i for i, s in enumerate(segments) if s.id == seg.parent)
    siblings = [s for s in segments[pi + 1:unit.seg] if s.parent == seg.parent]
    if any(_TERM_WORDS_RE.search(s.text) for s in siblings):
        return None  # each item has its own
    return pi


def _heads_paragraphs(text: str, c: Clause) -> bool:
    """Is the clause a bare heading naming who acts, over the paragraphs that follow it in its item
    ("d) Bộ Tài chính, Bộ Tài nguyên và Môi trường:" / "Khẩn trương nghiên cứu …")?"""
    return c.end - c.start < _BARE_HEADING_CHARS and text[c.start:c.end].rstrip().endswith(":")


def _back_reference(text: str, s: int, e: int, earlier: list[Assignment]) -> list[Agency]:
    """The lead of the nearest earlier assignment that named several bodies of its own, where the
    clause text[s:e] refers back to them ("Theo đó, các đơn vị nêu trên xây dựng lộ trình …")."""
    if _BACK_REFERENCE_RE.search(text, s, min(e, s + _BACK_REFERENCE_REACH)) is None:
        return []
    for a in reversed(earlier):
        if len(a.lead) > 1 and not any(x.inherited for x in a.lead):
            return a.lead
    return []


def _extend(text: str, a: Assignment, c: Clause) -> None:
    """The clause joins the assignment before it (its coordinating agencies too)."""
    a.end = c.end
    a.text = text[a.start:a.end]
    merge(a.coordinating, c.coordinating)


def _finish(facts: Facts, out: list[Assignment], parents: _Parents) -> None:
    """Ids, each assignment's deadlines (its own, else its parent's) and cited documents."""
    for k, a in enumerate(out, 1):
        a.id = f"A{k}"
        own = facts.deadlines.within(a.start, a.end)
        frame = _LEADER_FRAME_RE.match(facts.text, a.start, a.end) or _TOPIC_FRAME_RE.match(facts.text, a.start, a.end)
        if frame:  # "Sau khi xem xét …, Phó Thủ tướng yêu cầu …": that event timed the leader, not the task;
            # "Đối với các nhiệm vụ triển khai trong năm 2025, …": that year names the tasks meant
            own = [d for d in own if d.end is None or d.end > frame.end()]
        a.deadlines = own + [d for d in a.deadlines if d not in own]
        if not a.deadlines and a.segment:
            a.deadlines = list(_nearest(parents.intro_deadlines, a.segment))
        nums = []
        for r in facts.references:
            if r.number and a.start <= r.start and r.end <= a.end and r.number not in nums:
                nums.append(r.number)
        a.references = nums
        if k > 1 and a.deadlines and _COMPLETION_RE.match(a.text):
            before = out[k - 2]
            if not before.deadlines and same(before.lead, a.lead):
                before.deadlines = list(a.deadlines)  # it closes the task before it too
        a.coordinating = [c for c in dedupe(a.coordinating) if c.name.casefold() not in {x.name.casefold() for x in a.lead}]


def _apply_role_lines(facts: Facts, unit_clauses: list[list[Clause]], out: list[Assignment]) -> list[Assignment]:
    """Role lines give the task before them its lead, coordinating agencies and deadlines; a task
    that had no actor of its own becomes an assignment by them."""
    text = facts.text
    task: Clause | None = None
    task_seg: str | None = None
    for unit, clauses in zip(facts.units, unit_clauses):
        for c in clauses:
            m = _ROLE_LINE_RE.match(text[c.start:c.end])
            if m is None:
                task, task_seg = c, facts.segments[unit.seg].id if unit.seg is not None else None
                continue
            if task is None:
                continue
            body_start = c.start + m.end()
            found = dedupe([x for x in facts.mentions.within(body_start, c.end) if x.name not in SPEAKER_NAMES])
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
                a.deadlines.extend(d for d in facts.deadlines.within(body_start, c.end) if d not in a.deadlines)
            elif "phối" in m.group("role").casefold():
                a.coordinating = models(found)
            elif found:
                a.lead = models(found)
    out.sort(key=lambda x: x.start)
    return out


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


def _list_intro(facts: Facts, clauses: list[Clause], ui: int) -> Clause | None:
    """The clause of an unsegmented unit that introduces the list right after it ("… các nhiệm vụ
    trọng tâm sau:"), or None."""
    units, segments = facts.units, facts.segments
    if not clauses or units[ui].seg is not None or ui + 1 >= len(units):
        return None
    nxt = units[ui + 1].seg
    if nxt is None or segments[nxt].parent is not None:
        return None
    last = clauses[-1]
    return last if facts.text[last.start:last.end].rstrip().endswith(":") else None


def _addressee_chain(text: str, clauses: list[Clause]) -> list[Clause]:
    """The last clause of a unit that introduces a list, and the clauses of its sentence before it
    that a ";" ends: the addressees the introduction enumerates ("Thủ tướng Chính phủ yêu cầu: Bộ
    trưởng …;" / "Chủ tịch Ủy ban nhân dân các tỉnh …;" / "… tập trung thực hiện các nhiệm vụ sau:")."""
    k = len(clauses) - 1
    while k > 0 and clauses[k - 1].para == clauses[k].para and text[clauses[k - 1].start:clauses[k - 1].end].rstrip().endswith(";"):
        k -= 1
    return clauses[k:]


def _has_children(segments: list[Segment], si: int) -> bool:
    return si + 1 < len(segments) and segments[si + 1].parent == segments[si].id


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
