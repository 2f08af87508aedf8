"""Result types: the output contract of SPEC §2, in one place.

Every ``start``/``end`` indexes into :attr:`Notice.text` (the normalized text);
``Notice.raw_offset(i)`` maps a position back to the raw input.

>>> from vn_directive_nlp import parse_text
>>> notice = parse_text("Số: 12/TB-VPCP\\n1. Bộ Tài chính chủ trì ...")
>>> notice.model_dump_json()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_serializer

SCHEMA_VERSION: Final = "1"

Kind = Literal["notice", "directive", "news", "other"]
SourceFormat = Literal["text", "pdf", "html", "docx"]
MarkerKind = Literal[
    "number",
    "roman",
    "letter",
    "ordinal",
    "dash",
    "plus",
    "paren_number",
    "paren_roman",
    "paren_letter",
    "article",
]
AgencyKind = Literal[
    "ministry",
    "ministry_level",
    "government_body",
    "province",
    "local",
    "group",
    "party_state",
    "person",
    "other",
]
DeadlineKind = Literal["before", "on", "within", "recurring", "event", "reference"]
Recurrence = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(_Model):
    """Where the text came from."""

    path: str | None = None
    format: SourceFormat = "text"
    sha256: str | None = None
    pages: int | None = None
    #: PDF: which extractor read each page ("pdfium", "pdfplumber", "ocr", "none").
    page_extractors: list[str] | None = None
    #: PDF: 1-based numbers of the pages whose text came from OCR.
    pages_ocr: list[int] = Field(default_factory=list)


class Metadata(_Model):
    """Header facts of the document (SPEC §2 ``metadata``)."""

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: _dt.date | None = None
    title: str | None = None
    meeting_date: _dt.date | None = None
    presiding: list[str] = Field(default_factory=list)
    signer: str | None = None
    recipients: list[str] = Field(default_factory=list)
    reports: str | None = None


class Segment(_Model):
    """One numbered / marked item of the conclusions; ``text`` includes its children."""

    # A segment made by the parser keeps no copy of its ``text``: it is the slice
    # ``notice.text[start:end]``, cut when read or written to JSON (a deep tree would otherwise
    # hold one copy of the rest of the document per open ancestor).

    id: str
    parent: str | None = None
    label: str
    marker: MarkerKind
    level: int
    text: str
    start: int
    end: int

    # The document text ``text`` is a slice of, when it is not stored (see ``spanning``).
    _doc: str | None = PrivateAttr(default=None)

    @classmethod
    def spanning(cls, doc: str, **fields) -> "Segment":
        """A segment whose ``text`` is ``doc[start:end]``, cut when read (no copy kept)."""
        seg = cls.model_construct(text="", **fields)  # (the parser's own values: no validation)
        seg._doc = doc
        return seg

    @field_serializer("text")
    def _text_out(self, value: str) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        if not isinstance(other, Segment):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __repr_args__(self):
        for name in type(self).model_fields:
            yield name, getattr(self, name)


def _segment_text(self: Segment) -> str:
    stored = self.__dict__["text"]
    if stored or self._doc is None:
        return stored
    return self._doc[self.start:self.end]


def _set_segment_text(self: Segment, value: str) -> None:
    self.__dict__["text"] = value


# A data descriptor over the stored field: reading ``seg.text`` cuts the slice when none is stored.
Segment.text = property(_segment_text, _set_segment_text)  # type: ignore[assignment]


class Agency(_Model):
    """An agency that must act or coordinate, by its canonical name."""

    name: str
    surface: str
    kind: AgencyKind = "other"
    inherited: bool = False
    start: int | None = None
    end: int | None = None
    successor: str | None = None


class Deadline(_Model):
    """A time limit of an assignment, normalized to a date where one is given."""

    text: str
    kind: DeadlineKind
    date: _dt.date | None = None
    recurrence: Recurrence | None = None
    start: int | None = None
    end: int | None = None


class LegalReference(_Model):
    """A cited legal document ("Quyết định số 1085/QĐ-TTg ngày 15 tháng 9 năm 2022")."""

    text: str
    doc_type: str | None = None
    number: str | None = None
    date: _dt.date | None = None
    year: int | None = None
    issuer: str | None = None
    start: int
    end: int


class Assignment(_Model):
    """One directive: what must be done, by whom, by when."""

    id: str
    segment: str | None = None
    text: str
    start: int
    end: int
    lead: list[Agency] = Field(default_factory=list)
    coordinating: list[Agency] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


class Notice(_Model):
    """The parsed document: the result of :func:`vn_directive_nlp.parse_text`."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    kind: Kind = "other"
    text: str = ""
    metadata: Metadata = Field(default_factory=Metadata)
    segments: list[Segment] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    references: list[LegalReference] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    # Raw-input position of each character of ``text`` (plus one past the end).
    _raw_offsets: Sequence[int] | None = PrivateAttr(default=None)
    # Why there is no map, when there is none for a reason other than coming back from JSON.
    _raw_missing: str | None = PrivateAttr(default=None)

    def raw_offset(self, pos: int) -> int:
        """Position of ``text[pos]`` in the input's own text: the string given to ``parse_text``,
        or the decoded file (for HTML, the page with its tags).

        The map is not part of the JSON: a Notice read back from JSON (or built by hand) raises
        :class:`~vn_directive_nlp.errors.NoRawOffsetsError`, and so does one read from a PDF or
        DOCX file, which has no text of its own (positions index ``text`` only).
        """
        if self._raw_offsets is None:
            from .errors import NoRawOffsetsError

            raise NoRawOffsetsError(self._raw_missing or (
                "this Notice carries no map to its input (the map is not kept in JSON): "
                "parse the input again to map positions back"))
        if pos < 0 or pos > len(self.text):
            raise IndexError(pos)
        return self._raw_offsets[pos]

    def to_frames(self) -> dict:
        """This document's tables as pandas DataFrames (``documents``, ``assignments``, ``agencies``,
        ``references``; see :func:`vn_directive_nlp.to_pandas`; needs the ``pandas`` extra)."""
        from .frames import to_pandas

        return to_pandas([self])
