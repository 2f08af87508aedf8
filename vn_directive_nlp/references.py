"""Legal references: every cited document, normalized (SPEC §3 "Legal references").

STUB — to be replaced by the full extractor.
"""

from __future__ import annotations

import datetime as _dt

from .models import LegalReference


def find_references(text: str, *, issued_date: _dt.date | None = None) -> list[LegalReference]:
    """All reference mentions in ``text`` in document order (offsets into ``text``)."""
    return []


def distinct_references(mentions: list[LegalReference]) -> tuple[list[LegalReference], list[str]]:
    """One entry per distinct document, in order of first mention, plus warnings."""
    return list(mentions), []
