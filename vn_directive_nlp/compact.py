"""A compact JSON form of a Notice: spans keep their offsets, not copies of the text.

The full form (``Notice.model_dump_json()``) repeats every segment's text, children
included, so a document's JSON is about three times its text. In the compact form a
``text`` (or an agency's ``surface``) that is exactly ``notice.text[start:end]`` is left
out and recovered from the offsets on reading; fields at their default are left out too.
The form is marked by ``"compact": 1`` and read back into an equal Notice (the raw-offset
map, which no JSON form carries, aside):

>>> from vn_directive_nlp import parse_text
>>> notice = parse_text("Số: 5/TB-VPCP\\n1. Bộ Tài chính chủ trì, hoàn thành trước ngày 15/5/2024.")
>>> data = compact_dict(notice)
>>> "text" in data["segments"][0], notice_from_compact(data).model_dump() == notice.model_dump()
(False, True)

``vn-directive batch --compact`` writes it per line; the archive stores it per document.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .models import SCHEMA_VERSION, Notice

MARK = "compact"

# list field -> the key its slice of ``notice.text`` would repeat
_SPAN_LISTS = {"segments": "text", "references": "text"}
_AGENCY_ROLES = ("lead", "coordinating")


def _elide(item: dict[str, Any], key: str, text: str) -> None:
    """Drop ``item[key]`` when the offsets give it back exactly."""
    start, end = item.get("start"), item.get("end")
    if start is None or end is None or key not in item:
        return
    if 0 <= start <= end <= len(text) and text[start:end] == item[key]:
        del item[key]


def _restore(item: dict[str, Any], key: str, text: str) -> None:
    if key not in item and item.get("start") is not None and item.get("end") is not None:
        item[key] = text[item["start"] : item["end"]]


def _walk(data: dict[str, Any], text: str, fix) -> None:
    """Apply ``fix(item, key, text)`` to every span of the dumped notice."""
    for field, key in _SPAN_LISTS.items():
        for item in data.get(field, ()):
            fix(item, key, text)
    for asg in data.get("assignments", ()):
        fix(asg, "text", text)
        for deadline in asg.get("deadlines", ()):
            fix(deadline, "text", text)
        for role in _AGENCY_ROLES:
            for agency in asg.get(role, ()):
                fix(agency, "surface", text)


def compact_dict(notice: Notice) -> dict[str, Any]:
    """The compact JSON-ready dict of ``notice`` (see the module doc)."""
    data = notice.model_dump(mode="json", exclude_defaults=True)
    _walk(data, notice.text, _elide)
    return {MARK: 1, "schema_version": SCHEMA_VERSION, **data}


def compact_json(notice: Notice) -> str:
    """``compact_dict`` as one line of JSON (UTF-8 characters kept as they are)."""
    return json.dumps(compact_dict(notice), ensure_ascii=False, separators=(",", ":"))


def is_compact(data: dict[str, Any]) -> bool:
    """Whether a dumped notice is in the compact form."""
    return data.get(MARK) == 1


def notice_from_compact(data: dict[str, Any]) -> Notice:
    """The Notice a compact dict (or a full dump) stands for."""
    if not is_compact(data):
        return Notice.model_validate(data)
    data = copy.deepcopy(data)  # the caller's dict stays as it was
    data.pop(MARK)
    _walk(data, data.get("text", ""), _restore)
    return Notice.model_validate(data)
