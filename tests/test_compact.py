"""The compact JSON form: spans as offsets, read back into the same Notice, much smaller."""

from __future__ import annotations

import json
import pathlib

import pytest
from typer.testing import CliRunner

from vn_directive_nlp import parse_file
from vn_directive_nlp.cli import app
from vn_directive_nlp.compact import compact_dict, compact_json, is_compact, notice_from_compact

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_round_trip_gives_the_same_notice_in_less_space(path):
    notice = parse_file(path)
    line = compact_json(notice)
    back = notice_from_compact(json.loads(line))
    assert back.model_dump() == notice.model_dump()
    assert len(line) < len(notice.model_dump_json())
    assert all("text" not in s for s in compact_dict(notice).get("segments", []))


def test_the_seeds_take_well_under_two_thirds_of_the_full_form():
    notices = [parse_file(p) for p in SEEDS]
    compact = sum(len(compact_json(n).encode()) for n in notices)
    full = sum(len(n.model_dump_json().encode()) for n in notices)
    assert compact < 0.65 * full


def test_a_span_whose_text_is_not_its_slice_keeps_its_text():
    notice = parse_file(SEEDS[0])
    notice.assignments[0].text = "rewritten by hand"
    data = compact_dict(notice)
    assert data["assignments"][0]["text"] == "rewritten by hand"
    assert notice_from_compact(data).assignments[0].text == "rewritten by hand"


def test_a_full_dump_is_read_as_it_is():
    notice = parse_file(SEEDS[1])
    data = notice.model_dump(mode="json")
    assert not is_compact(data) and notice_from_compact(data).model_dump() == notice.model_dump()


def test_batch_compact_lines_read_back_into_the_parsed_notices(tmp_path):
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["batch", *map(str, SEEDS), "-o", str(out), "--compact", "--workers", "1"])
    assert res.exit_code == 0, res.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_input = {r.pop("input"): r for r in records}
    for seed in SEEDS:
        record = by_input[str(seed)]
        assert record.pop("status") == "ok"
        record.pop("sha256"), record.pop("seconds")
        assert notice_from_compact(record).model_dump() == parse_file(seed).model_dump()


def test_compact_is_refused_where_it_means_nothing(tmp_path):
    res = CliRunner().invoke(app, ["batch", str(SEEDS[0]), "-o", str(tmp_path / "o.csv"), "--compact"])
    assert res.exit_code == 2 and "compact" in res.stderr
