"""Structure: the tree of numbered conclusions ("1.", "a)", "Thứ nhất,", "-", "+").

Works on the normalized text, where every paragraph is one line. A segment starts at a marker at
the start of a paragraph and runs until the next marker of the same or a higher level; nesting
comes from the order in which marker styles first appear inside each parent (SPEC §3).

>>> from vn_directive_nlp.header import Header
>>> from vn_directive_nlp.models import Metadata
>>> text = "1. Về đầu tư:\\na) Bộ Tài chính chủ trì.\\nb) Bộ Xây dựng phối hợp.\\n2. Về đất đai."
>>> segs, _ = segment(text, Header(Metadata(), body_end=len(text)))
>>> [(s.id, s.label, s.parent) for s in segs]
[('1', '1.', None), ('1.1', 'a)', '1'), ('1.2', 'b)', '1'), ('2', '2.', None)]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .models import Segment
from . import limits, ocr_tolerance
from .structure_markers import follows, is_first, match_marker


@dataclass
class _Open:
    style: str
    kind: str
    label: str
    start: int
    id: str
    parent: str | None
    level: int
    children: int = 0
    index: int = 0  # position in the output list
    child_styles: list[str] = field(default_factory=list)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \n":
        end -= 1
    return end


def segment(text: str, head) -> tuple[list[Segment], list[str]]:
    """Segments of the conclusions of ``text`` (flat, in document order) and warnings."""
    lo, hi = head.conclusions_start, head.body_end
    if hi <= lo:
        return [], []
    # Roman headings OCR misread ("1. TINH THẦN …", "Il. TỔ CHỨC …"), where the sequence shows them.
    misread, warnings = ocr_tolerance.misread_roman_headings(text, lo, hi)
    out: list[dict] = []
    stack: list[_Open] = []
    top_count = 0
    deep_warned = False
    last_label: dict[str | None, tuple[str, str]] = {}  # parent id -> (kind, last label) of its children

    def close(entry: _Open, at: int) -> None:
        out[entry.index]["end"] = _trim_end(text, entry.start, at)

    pos = lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        line_end = hi if nl < 0 else nl
        pos, line_end, m = _read_line(text, pos, line_end, stack[-1] if stack else None, misread)
        if m is not None and len(out) >= limits.MAX_SEGMENTS:
            warnings.append(limits.work_limit_warning(
                "list items", limits.MAX_SEGMENTS, "MAX_SEGMENTS", "the rest of the text is not segmented"))
            break
        if m is not None:
            kind, label, style = m
            # Find an open segment of the same style: the new one is its sibling.
            idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].style == style), None)
            if idx is not None and pos not in misread and is_first(kind, label) and not is_first(kind, stack[idx].label) \
                    and kind not in ("dash", "plus") and idx < len(stack) - 1:
                # "3. … gồm:" then "1. …" again, deeper: a new list restarts inside the current item.
                idx = None
            if idx is not None:
                for e in stack[idx:][::-1]:
                    close(e, pos)
                del stack[idx:]
            elif len(stack) >= limits.MAX_DEPTH:
                # One level too deep: the line stays text of its parent (each level of a
                # restart-nested list would otherwise add a segment spanning the rest of the text).
                if not deep_warned:
                    deep_warned = True
                    warnings.append(limits.work_limit_warning(
                        "levels of nesting", limits.MAX_DEPTH, "MAX_DEPTH",
                        f"deeper items from {label!r} on are read as text of their parent"))
                pos = line_end + 1
                continue
            parent = stack[-1] if stack else None
            if parent is None:
                top_count += 1
                seg_id = str(top_count)
                level = 1
            else:
                parent.children += 1
                seg_id = f"{parent.id}.{parent.children}"
                level = parent.level + 1
            pid = parent.id if parent else None
            prev = last_label.get(pid)
            if prev is None:
                if not is_first(kind, label):
                    warnings.append(f"segment {seg_id}: list starts at {label!r}")
            elif prev[0] == kind and not follows(kind, prev[1], label):
                warnings.append(f"segment {seg_id}: {label!r} does not follow {prev[1]!r}")
            last_label[pid] = (kind, label)
            entry = _Open(style, kind, label, pos, seg_id, pid, level, index=len(out))
            out.append(
                {"id": seg_id, "parent": pid, "label": label, "marker": kind, "level": level,
                 "start": pos, "end": line_end}
            )
            stack.append(entry)
        pos = line_end + 1
    for e in stack[::-1]:
        close(e, hi)
    segs = [Segment.spanning(text, **d) for d in out]
    return segs, warnings


# A list's first item run into its heading's line, as some renderings of a document print them:
# "4. Bộ Công an a) Chủ trì, …", "I. QUAN ĐIỂM CHỈ ĐẠO 1. Quy hoạch …". The heading has no sentence
# mark and at most 36 words (a Chỉ thị's section titles run to 30: "2. Đẩy nhanh tiến độ …, tầm nhìn đến
# năm 2050 a) Các bộ, địa phương:"); the item is the first of its list and opens on a capital.
_RUN_IN_RE = regex.compile(
    r"^(?:[IVX]{1,4}\.|\d{1,2}\.)\s+(?:[^\s.;:!?()]+\s+){0,35}?[^\s.;:!?()]+\s+(?P<item>(?:a\)|1\.)\s+\p{Lu})"
)


# The same, where an upper-case heading wrapped and its last words share a line with the item:
# "III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH" / "ĐIỆN BIÊN 1. Về Đề án …", "II. NHIỆM VỤ, GIẢI PHÁP" /
# "TRỌNG TÂM a) Tiếp tục …". The tail has no lower-case letter and no sentence mark, and neither has
# the heading above it (so "… năm" / "2023. 1 số …" and a sentence's wrap are never read so).
_WRAPPED_TAIL_RE = regex.compile(r"^(?:[^\s\p{Ll}.;:!?()]+\s+){1,8}?(?P<item>(?:a\)|1\.)\s+\p{Lu})")
_UPPER_HEADING_RE = regex.compile(r"^[^\p{Ll}.;:!?()]{3,200}$")


def _read_line(text: str, pos: int, line_end: int, last: _Open | None, misread: dict[int, tuple[str, str, str]]
               ) -> tuple[int, int, tuple[str, str, str] | None]:
    """(start, end, marker) of the line text[pos:line_end] as the tree reads it (``misread``: the
    markers OCR misread, by line start): a list's first item run into its heading's line ends the
    heading's line there (the item is the next "line"); one run into the wrapped tail of the
    upper-case heading ``last`` opened starts the line at the item."""
    line = text[pos:line_end]
    m = misread.get(pos) or match_marker(line)
    if m is None and last is not None and last.kind in ("roman", "number", "letter") \
            and (k := wrapped_run_in(text[last.start + len(last.label):pos], line)) is not None:
        pos += k
        line = text[pos:line_end]
        m = match_marker(line)
    if m is not None and (k := run_in_marker(line)) is not None:
        line_end = pos + k - 1  # the heading ends before the run-in item; that item is the next "line"
    return pos, line_end, m


def wrapped_run_in(heading: str, line: str) -> int | None:
    """Where a list's first item starts inside ``line``, the wrapped tail of the upper-case
    ``heading`` (its words after the marker, on the lines before), or None.

    >>> wrapped_run_in(" VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\\n", "HÀ GIANG 1. Về Đề án phát triển")
    9
    >>> wrapped_run_in(" Về kiến nghị của tỉnh\\n", "Hà Giang 1. Về Đề án") is None
    True
    """
    if not _UPPER_HEADING_RE.match(heading.strip()):
        return None
    m = _WRAPPED_TAIL_RE.match(line)
    return m.start("item") if m else None


def run_in_marker(line: str) -> int | None:
    """Where a list's first item starts inside ``line``, run into its heading's line, or None.

    >>> run_in_marker("4. Bộ Công an a) Chủ trì, phối hợp với các bộ")
    14
    """
    m = _RUN_IN_RE.match(line)
    return m.start("item") if m else None


def own_text_end(segments: list[Segment], i: int) -> int:
    """End of the part of ``segments[i]`` before its first child (its own text)."""
    seg = segments[i]
    if i + 1 < len(segments) and segments[i + 1].parent == seg.id:
        return segments[i + 1].start
    return seg.end


__all__ = ["segment", "own_text_end"]
