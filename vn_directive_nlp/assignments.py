"""Assignments (stub)."""
from __future__ import annotations


def extract_assignments(text, head, segments, references):
    return []
