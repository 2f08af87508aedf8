"""The result models: the committed JSON Schema is current, and JSON round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vn_directive_nlp import Notice, parse_text
from vn_directive_nlp.models import Assignment, Deadline

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "vn_directive_nlp" / "schema" / "notice.schema.json").read_text("utf-8"))
    assert committed == Notice.model_json_schema(), "run scripts/write_schema.py and commit the result"


def test_schema_has_spec_fields():
    props = Notice.model_json_schema()["properties"]
    for name in ("schema_version", "source", "kind", "text", "metadata", "segments", "assignments", "references", "warnings"):
        assert name in props


def test_json_round_trip_of_a_seed():
    notice = parse_text((ROOT / "corpus" / "003_b659688874c4366e.txt").read_text("utf-8"))
    data = json.loads(notice.model_dump_json())
    again = Notice.model_validate(data)
    assert again.model_dump() == notice.model_dump()
    assert data["schema_version"] == "1"


def test_dates_serialize_as_iso():
    d = Deadline(text="trước ngày 15/5/2024", kind="before", date="2024-05-15")
    assert json.loads(d.model_dump_json())["date"] == "2024-05-15"


def test_unknown_fields_are_rejected():
    with pytest.raises(ValueError):
        Assignment(id="A1", text="x", start=0, end=1, colour="red")
