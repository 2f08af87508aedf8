"""The visible text of an HTML page, with the position in the page of each of its characters.

One paragraph per block element, blank lines between; scripts, styles and the head skipped;
entities decoded. The standard library's ``html.parser`` reads the tags, after a linear pass
that marks as text each "<" which opens no whole tag (the parser would otherwise rescan from
each such "<" to the end of the page: 48 kB of "<a " took 22 s).

>>> text, offsets, warnings = html_to_text_mapped("<p>Bộ&nbsp;Y tế</p><p>2. Bộ Công an</p>")
>>> text
'Bộ Y tế\\n\\n2. Bộ Công an'
>>> offsets[text.index("Y")], offsets[text.index("2")]  # where they stand in the page
(11, 22)
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser

from .. import limits

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP_TAGS = frozenset("script style noscript template head title svg iframe object select button".split())
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")
# A newline, or a run of other characters than whitespace: the pieces of a paragraph.
_WORD_OR_NEWLINE_RE = re.compile(r"\n|[^\s]+")
_ENTITY_RE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")

# Stands for a "<" that opens no tag (see _defuse_stray_tags); a noncharacter, so no text holds it.
_STRAY_LT = "\ufdd0"


class _TextExtractor(HTMLParser):
    """Collects (text, offsets) per block; offsets index the page given to ``feed``."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self.blocks: list[tuple[str, list[int]]] = []
        self.current: list[tuple[str, list[int] | range]] = []
        self.skip = 0
        self.pre = 0

    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        if not self.current:
            return
        raw = "".join(t for t, _ in self.current)
        offs: list[int] = []
        for _, o in self.current:
            offs.extend(o)
        self.current = []
        para, para_offs = (_pre_lines if self.pre else _collapse)(raw, offs)
        if para.strip():
            self.blocks.append((para, para_offs))

    def _newline(self) -> None:
        self.current.append(("\n", [self._here()]))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self._newline()
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self.skip:
            self._newline()

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if self.skip:
            return
        offs = _data_offsets(self.page, self._here(), data)
        if _STRAY_LT in data:
            data = data.replace(_STRAY_LT, "<")
        if not self.pre:
            # Inside a block, source line breaks are just spaces; <br> gives a real one.
            data, offs = _spaces_to_one(data, offs)
        self.current.append((data, offs))


def _data_offsets(page: str, start: int, data: str) -> list[int] | range:
    """Page position of each character of ``data``, the decoded text that starts at ``start``."""
    if page.startswith(data, start):
        return range(start, start + len(data))
    end = page.find("<", start)
    raw = page[start:] if end < 0 else page[start:end]
    offs: list[int] = []
    last = 0
    for m in _ENTITY_RE.finditer(raw):
        offs.extend(range(start + last, start + m.start()))
        offs.extend([start + m.start()] * len(_html.unescape(m.group())))
        last = m.end()
    offs.extend(range(start + last, start + len(raw)))
    if len(offs) != len(data):  # decoded otherwise than entity by entity: place each at the start
        return [start] * len(data)
    return offs


def _spaces_to_one(data: str, offs) -> tuple[str, list[int] | range]:
    if not _SPACES_RE.search(data):
        return data, offs
    out: list[str] = []
    new: list[int] = []
    last = 0
    for m in _SPACES_RE.finditer(data):
        out.append(data[last:m.start()])
        new.extend(offs[last:m.start()])
        out.append(" ")
        new.append(offs[m.start()])
        last = m.end()
    out.append(data[last:])
    new.extend(offs[last:])
    return "".join(out), new


def _collapse(raw: str, offs: list[int]) -> tuple[str, list[int]]:
    """Each line's words joined by one space, lines by "\\n", none at either end (offsets kept).

    The same text as ``"\\n".join(" ".join(x.split()) for x in raw.split("\\n")).strip("\\n")``.
    """
    out: list[str] = []
    new: list[int] = []
    newlines: list[int] = []
    for m in _WORD_OR_NEWLINE_RE.finditer(raw):
        s, e = m.span()
        if raw[s] == "\n":
            newlines.append(offs[s])
            continue
        if out:
            if newlines:
                out.append("\n" * len(newlines))
                new.extend(newlines)
            else:
                out.append(" ")
                new.append(offs[s - 1])
        newlines = []
        out.append(raw[s:e])
        new.extend(offs[s:e])
    return "".join(out), new


def _pre_lines(raw: str, offs: list[int]) -> tuple[str, list[int]]:
    """Lines of a ``<pre>`` block, each stripped, none blank at either end (offsets kept)."""
    out: list[str] = []
    new: list[int] = []
    pos = 0
    for line in raw.split("\n"):
        left = len(line) - len(line.lstrip())
        right = len(line.rstrip())
        if out:
            out.append("\n")
            new.append(offs[pos - 1])
        out.append(line[left:right] if right > left else "")
        new.extend(offs[pos + left:pos + right] if right > left else [])
        pos += len(line) + 1
    text = "".join(out)
    head = len(text) - len(text.lstrip("\n"))
    tail = len(text.rstrip("\n"))
    return text[head:tail], new[head:tail]


def _defuse_stray_tags(html: str) -> str:
    """``html`` with each "<" that cannot open a whole tag marked as text (same length).

    ``html.parser`` rescans from an unclosed tag to the end of the input, and does so for every
    one: 48 kB of "<a " took 22 s. A "<" followed by no ">" before the next "<" is such a tag; so
    is "<!--" without its "-->", and a "<" not followed by a name, "/", "!" or "?" (which the
    parser would hand over one character at a time). One pass, each search starting where the
    last one stopped, keeps this linear.
    """
    lt = html.find("<")
    if lt < 0:
        return html
    chars = None
    gt = -1  # the first ">" after the current "<" (-2: there is none)
    no_comment_end = False
    while lt >= 0:
        if html.startswith("<!--", lt) and not no_comment_end:
            end = html.find("-->", lt + 4)
            if end >= 0:
                lt = html.find("<", end + 3)
                continue
            no_comment_end = True
        nxt = html.find("<", lt + 1)
        if gt != -2 and gt < lt:
            gt = html.find(">", lt + 1)
            gt = -2 if gt < 0 else gt
        quote = _open_quote(html, lt, nxt) if 0 <= nxt < gt else None
        if quote is not None:  # '<p title="a<b">': the "<" is inside a quoted value
            close = html.find(quote, nxt)
            if close > gt:
                gt = html.find(">", close)
                gt = -2 if gt < 0 else gt
            if close >= 0 and gt >= 0:
                lt = html.find("<", gt)
                continue
        opener = html[lt + 1:lt + 2]
        if gt == -2 or (nxt >= 0 and nxt < gt) or html.startswith("<!--", lt) or not (opener.isalpha() or opener in "/!?"):
            chars = chars if chars is not None else list(html)
            chars[lt] = _STRAY_LT
        lt = nxt
    return html if chars is None else "".join(chars)


def _open_quote(html: str, lt: int, nxt: int) -> str | None:
    """The quote left open in the tag text ``html[lt:nxt]`` ('<p title="a'), if any."""
    piece = html[lt:nxt]
    for q in ('"', "'"):
        if piece.count(q) % 2 and "=" in piece:
            return q
    return None


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one paragraph per block element, blank lines between.

    >>> html_to_text("<p>1. Bộ Tài chính<br>chủ trì</p><script>x()</script><div>2. Bộ Y tế</div>")
    '1. Bộ Tài chính\\nchủ trì\\n\\n2. Bộ Y tế'
    >>> html_to_text("<p>a <b c</p>")  # "<b c" opens no whole tag: it is text
    'a <b c'
    """
    return html_to_text_mapped(html)[0]


def html_to_text_mapped(html: str) -> tuple[str, list[int], list[str]]:
    """(text, offsets, warnings): :func:`html_to_text`, ``offsets[i]`` the position in ``html`` of
    ``text[i]`` (one more entry: the end), read up to ``limits.MAX_HTML_TAGS`` tags (warned)."""
    warnings = []
    page = _defuse_stray_tags(html)
    if page.count("<") > limits.MAX_HTML_TAGS:
        cut = -1
        for _ in range(limits.MAX_HTML_TAGS + 1):
            cut = page.find("<", cut + 1)
        page = page[:cut]
        warnings.append(limits.work_limit_warning(
            "tags", limits.MAX_HTML_TAGS, "MAX_HTML_TAGS", "the rest of the page is not read"))
    parser = _TextExtractor(page)
    parser.feed(page)
    parser.close()
    parser._flush()
    out: list[str] = []
    offs: list[int] = []
    for text, block_offs in parser.blocks:
        if out:
            out.append("\n\n")
            offs += [offs[-1] + 1] * 2
        out.append(text)
        offs += block_offs
    offs.append(len(html))
    return "".join(out), offs, warnings


__all__ = ["html_to_text", "html_to_text_mapped"]
