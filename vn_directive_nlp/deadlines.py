"""Deadlines: time limits of assignments, normalized to dates (SPEC §3 "Deadlines").

STUB — to be replaced by the full extractor.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from .models import Deadline


def find_deadlines(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    issued_date: _dt.date | None = None,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Deadline]:
    """Deadlines inside ``text[start:end]``; offsets index ``text``. Spans in ``exclude``
    (legal references, header) never yield a deadline."""
    return []
