"""Normalization (stub)."""
from __future__ import annotations
from dataclasses import dataclass, field


@dataclass
class Normalized:
    text: str
    offsets: list[int]
    warnings: list[str] = field(default_factory=list)


def normalize(raw: str) -> Normalized:
    return Normalized(raw, list(range(len(raw) + 1)))
