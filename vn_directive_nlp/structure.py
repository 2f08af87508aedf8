"""Segmentation (stub)."""
from __future__ import annotations


def segment(text, head):
    return [], []
