"""Header metadata (stub)."""
from __future__ import annotations
from dataclasses import dataclass, field
from .models import Metadata


@dataclass
class Header:
    metadata: Metadata
    kind: str = "other"
    body_start: int = 0        # where the opening narrative starts
    conclusions_start: int = 0  # where the conclusions may start
    body_end: int = 0           # where the closing formula / Nơi nhận starts
    warnings: list[str] = field(default_factory=list)


def extract_header(text: str) -> Header:
    import regex
    m = regex.search(r"Số:\s*(\S+)", text)
    return Header(Metadata(number=m.group(1) if m else None), body_end=len(text))
