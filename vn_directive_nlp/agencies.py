"""Agency mentions resolved to canonical names (SPEC §3 "Agencies").

STUB — to be replaced by the gazetteer-backed resolver.
"""

from __future__ import annotations

import datetime as _dt

from .models import Agency


def find_agencies(
    text: str, start: int = 0, end: int | None = None, *, on_date: _dt.date | None = None
) -> list[Agency]:
    """Agency mentions inside ``text[start:end]`` in order; offsets index ``text``."""
    return []
