"""Text of an OCR'd page laid out by position, from the word boxes of tesseract's TSV.

Tesseract reads across the page: a two-column header table ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI
…", "Số: 12/UBND | Hà Nội, ngày …") and the "Nơi nhận" list beside the signer come out as
merged lines ("- Như trên; PHÓ CHỦ TỊCH"), and the signer is lost among the recipients. Here
each line is cut where a wide gap separates its words; where consecutive lines are cut at the
same place (a gutter no word crosses), the left column is read, then the right one, as a reader
and the text-layer reader do. A page number alone in the top or bottom margin is dropped.

>>> words = [Word(100, 100, 300, 140, "Nơi", 95), Word(320, 100, 450, 140, "nhận:", 95),
...          Word(1400, 100, 1700, 140, "KT. CHỦ TỊCH", 95),
...          Word(100, 160, 400, 200, "- Như trên;", 95), Word(1400, 160, 1700, 200, "PHÓ CHỦ TỊCH", 95)]
>>> rows = rows_of(pieces_of([words[:3], words[3:]]))
>>> [[p.text for p in row] for row in rows]
[['Nơi nhận:', 'KT. CHỦ TỊCH'], ['- Như trên;', 'PHÓ CHỦ TỊCH']]
>>> page_text(rows, width=2480, height=3500, line_text=lambda p: p.text)
'Nơi nhận:\\n- Như trên;\\n\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH'
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

import regex

#: A gap between two words of a line wider than this many times the line's letter height
#: separates columns (words of a justified line stand about half a letter height apart).
WIDE_GAP = 2.5
#: A column goes on while its next line is at most this many line pitches below its last one
#: ("Kính gửi:" centred four lines under the header table is no longer the table).
MAX_COLUMN_GAP = 2.5
#: A piece across the middle of the page whose own middle is within this share of the page
#: width from it is centred on the page, not in a column ("Kính gửi: …", a title).
CENTRED = 0.08
#: Fewest lines cut at one gutter for them to be read as two columns.
MIN_COLUMN_ROWS = 2
#: Share of the page height at the top and at the bottom where a page number stands.
MARGIN_BAND = 0.1
#: A paragraph break is a vertical gap well above the usual line pitch (as for text-layer pages).
PARAGRAPH_GAP = 1.3

#: Rank (0-1) among the rows' right ends taken as the right margin, and how far short of it
#: (a share of the text width) a line may end and still be a full line.
FULL_LINE_RANK, FULL_LINE_SLACK = 0.8, 0.04

# A page number as printed in a margin: "2", "- 2 -", "Trang 2", "2/5".
_PAGE_NUMBER_RE = regex.compile(r"[\s\-–—.]*(?:(?i:trang)\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[\s\-–—.]*")


@dataclass
class Word:
    """One word OCR'd, its box in pixels and tesseract's confidence (0-100, -1 unknown)."""

    left: int
    top: int
    right: int
    bottom: int
    text: str
    conf: float


@dataclass
class Piece:
    """Words of one line that stand together: a whole line, or its part in one column."""

    words: list[Word]

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        # The lowest word bottom: stacked Vietnamese diacritics move tops, not bottoms.
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def read_tsv(tsv: str) -> tuple[list[list[Word]], int | None, int | None]:
    """``(lines, page width, page height)`` of tesseract TSV: each line's words left to right."""
    lines: dict[tuple[int, ...], list[Word]] = {}
    width = height = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] == "1":  # the page: its size in pixels
            width, height = int(cols[8]), int(cols[9])
        if cols[0] != "5" or not cols[11].strip():
            continue
        left, top, w, h = (int(c) for c in cols[6:10])
        try:
            conf = float(cols[10])
        except ValueError:
            conf = -1.0
        key = tuple(int(c) for c in cols[1:5])  # page, block, paragraph, line
        lines.setdefault(key, []).append(Word(left, top, left + w, top + h, cols[11], conf))
    return [sorted(ws, key=lambda w: w.left) for ws in lines.values()], width, height


def pieces_of(lines: list[list[Word]]) -> list[Piece]:
    """Cut each line where a gap wider than :data:`WIDE_GAP` letter heights parts its words."""
    out = []
    for words in lines:
        size = statistics.median(w.bottom - w.top for w in words)
        cur = [words[0]]
        for w in words[1:]:
            if w.left - cur[-1].right > WIDE_GAP * size:
                out.append(Piece(cur))
                cur = []
            cur.append(w)
        out.append(Piece(cur))
    return out


def rows_of(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces side by side on the page (a piece's middle within the first one's height), top to bottom."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.top + p.bottom) / 2):
        mid = (p.top + p.bottom) / 2
        if rows and rows[-1][0].top <= mid <= rows[-1][0].bottom:
            rows[-1].append(p)
        else:
            rows.append([p])
    return [sorted(r, key=lambda p: p.left) for r in rows]


def drop_page_numbers(rows: list[list[Piece]], height: int) -> list[list[Piece]]:
    """Without the first and last rows when they are a page number in the top or bottom margin."""
    band = MARGIN_BAND * height
    if rows and rows[0][0].bottom < band and _PAGE_NUMBER_RE.fullmatch(_row_text(rows[0])):
        rows = rows[1:]
    if rows and rows[-1][0].top > height - band and _PAGE_NUMBER_RE.fullmatch(_row_text(rows[-1])):
        rows = rows[:-1]
    return rows


def _row_text(row: list[Piece]) -> str:
    return " ".join(p.text for p in row)


@dataclass
class _Zone:
    """Rows read as two columns: the gutter between them and where each column ends so far."""

    rows: list[list[Piece]]
    lo: int  # right end of the left column
    hi: int  # left end of the right column
    left_bottom: int
    right_bottom: int
    width: int | None = None  # the page's

    def side(self, p: Piece) -> str | None:
        """"L", "R", or None for a piece across the gutter or centred on the page ("Kính gửi: …")."""
        if self.width and p.left < self.width / 2 < p.right and abs(p.left + p.right - self.width) < CENTRED * self.width:
            return None
        is_left, is_right = p.right < self.hi, p.left > self.lo
        if is_left and is_right:  # inside the gutter
            return "L" if (p.left + p.right) / 2 < (self.lo + self.hi) / 2 else "R"
        return "L" if is_left else "R" if is_right else None

    def take(self, row: list[Piece], reach: float) -> bool:
        """Add ``row`` if none of its pieces crosses the gutter and one continues a column."""
        sides = [self.side(p) for p in row]
        if None in sides:
            return False
        near = [p.top - (self.left_bottom if s == "L" else self.right_bottom) <= reach for p, s in zip(row, sides)]
        if not any(near):
            return False
        for p, s in zip(row, sides):
            if s == "L":
                self.lo, self.left_bottom = max(self.lo, p.right), max(self.left_bottom, p.bottom)
            else:
                self.hi, self.right_bottom = min(self.hi, p.left), max(self.right_bottom, p.bottom)
        self.rows.append(row)
        return True

    def columns(self) -> tuple[list[Piece], list[Piece]]:
        """Each row's part in the left and in the right column (a row's pieces on one side joined)."""
        out: tuple[list[Piece], list[Piece]] = ([], [])
        for row in self.rows:
            for k, side in enumerate("LR"):
                words = [w for p in row if self.side(p) == side for w in p.words]
                if words:
                    out[k].append(Piece(words))
        return out


def _open_zone(row: list[Piece], width: int | None) -> _Zone | None:
    """A zone opened at the widest gap of a row cut in pieces."""
    if len(row) < 2:
        return None
    k = max(range(1, len(row)), key=lambda j: row[j].left - row[j - 1].right)
    left, right = row[:k], row[k:]
    zone = _Zone([row], max(p.right for p in left), min(p.left for p in right),
                 max(p.bottom for p in left), max(p.bottom for p in right), width)
    return zone if None not in map(zone.side, row) else None


def _as_columns(zone: _Zone | None) -> bool:
    """Whether the zone's rows are read column by column: enough rows have both columns, and
    they are not the rows of a table (three cells and more a row are read across)."""
    if zone is None:
        return False
    both = [r for r in zone.rows if len({zone.side(p) for p in r}) == 2]
    return len(both) >= MIN_COLUMN_ROWS and 2 * sum(len(r) >= 3 for r in both) <= len(both)


def _pitch(rows: list[list[Piece]]) -> float | None:
    """The usual distance between the bottoms of consecutive rows (None with fewer than 3 rows)."""
    bottoms = [max(p.bottom for p in r) for r in rows]
    gaps = sorted(b - a for a, b in zip(bottoms, bottoms[1:]) if b - a > 0)
    return gaps[(len(gaps) - 1) // 2] if len(gaps) >= 2 else None


def _right_margin(rows: list[list[Piece]]) -> float:
    """Where full lines end: the right end most rows reach (a stamp or scribble may stick out)."""
    ends = sorted(r[-1].right for r in rows)
    if not ends:
        return 0.0
    edge = ends[int(FULL_LINE_RANK * (len(ends) - 1))]
    lefts = min(r[0].left for r in rows)
    return edge - FULL_LINE_SLACK * (edge - lefts)


_BREAK = None  # a forced paragraph break in the reading order


def reading_order(rows: list[list[Piece]], width: int | None = None) -> list[Piece | None]:
    """Pieces in the order a reader takes them: two-column zones column by column, breaks around them."""
    pitch = _pitch(rows) or max((p.bottom - p.top for r in rows for p in r), default=1)
    out: list[Piece | None] = []
    i = 0
    while i < len(rows):
        zone = _open_zone(rows[i], width)
        j = i + 1
        while zone and j < len(rows) and zone.take(rows[j], MAX_COLUMN_GAP * pitch):
            j += 1
        if not _as_columns(zone):
            out.append(Piece([w for p in rows[i] for w in p.words]))  # one line, read across
            i += 1
            continue
        assert zone is not None
        left, right = zone.columns()
        out += [_BREAK, *left, _BREAK, *right, _BREAK]
        i = j
    return out


def page_text(rows: list[list[Piece]], *, width: int | None, height: int | None, line_text: Callable[[Piece], str]) -> str:
    """The page's text in reading order: one line per piece, a blank line at each paragraph break.

    ``line_text`` gives a piece's text (the OCR reader fixes header slips there).
    """
    if height:
        rows = drop_page_numbers(rows, height)
    pitch = _pitch(rows)
    margin = _right_margin(rows)
    lines: list[str] = []
    prev: Piece | None = None
    for p in reading_order(rows, width):
        text = line_text(p).strip() if p is not None else ""
        if p is not None and not text:
            continue
        # A wide gap starts a paragraph, unless the line before runs to the margin: a justified
        # line goes on in the next one (a page set at 1.5 lines has gaps of all sizes).
        gap = (p is not None and prev is not None and pitch is not None and p.bottom - prev.bottom > PARAGRAPH_GAP * pitch
               and prev.right < margin)
        if (p is None or gap) and lines and lines[-1]:
            lines.append("")
        if p is not None:
            lines.append(text)
            prev = p
    return "\n".join(lines).strip("\n")
