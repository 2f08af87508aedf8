"""Every gold file present is valid: schema, sha256 of its text, each quote found exactly once.

Seeds (``corpus/*.gold.json``) must have their text beside them; dev gold
(``corpus/gold-dev/``) is skipped when its text is not in ``../shared/corpus-dev*``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from vn_directive_nlp.evaluation.gold import (
    GoldDoc,
    check_gold,
    find_gold_paths,
    load_gold,
    ocr_missing,
    parse_document,
    resolve_text,
)

REPO = Path(__file__).resolve().parent.parent
SEED_GOLD = sorted((REPO / "corpus").glob("*.gold.json"))
DEV_GOLD = sorted((REPO / "corpus" / "gold-dev").glob("*.gold.json"))


def _check(path: Path, required: bool) -> None:
    gold = load_gold(path)  # a schema error fails here, with pydantic's message
    text = resolve_text(path, gold)
    if text is None:
        if required:
            pytest.fail(f"{path.name}: text {gold.text_file} not found beside it")
        pytest.skip(f"text {gold.text_file} not available")
    raw = text.read_bytes()
    notice = parse_document(text, raw)
    if not required and (missing := ocr_missing(notice)):
        pytest.skip(f"{gold.text_file} needs OCR here: {missing}")
    problems = check_gold(gold, raw, normalized_text=notice.text)
    assert not problems, f"{path.name}: {len(problems)} problems:\n" + "\n".join(map(str, problems))


@pytest.mark.parametrize("path", SEED_GOLD, ids=lambda p: p.name)
def test_seed_gold_file(path):
    _check(path, required=True)


@pytest.mark.parametrize("path", DEV_GOLD, ids=lambda p: p.name)
def test_dev_gold_file(path):
    _check(path, required=False)


def test_gold_doc_ids_are_unique():
    ids = [load_gold(p).doc_id for p in SEED_GOLD + DEV_GOLD]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# --- the checker itself, on a document made here ------------------------------------------

TEXT = "Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì rà soát.\n2. Bộ Tài chính chủ trì   tổng kết.\n"


def _gold(tmp_path: Path, **changes) -> tuple[GoldDoc, bytes]:
    raw = TEXT.encode("utf-8")
    data = {"doc_id": "t", "text_file": "t.txt", "sha256": hashlib.sha256(raw).hexdigest(), "kind": "notice",
            "segments": [{"id": "1", "label": "1.", "quote": "chủ trì rà soát"}],
            "assignments": [{"quote": "CHỦ TRÌ TỔNG KẾT", "lead": ["Bộ Tài chính"]}]}
    data.update(changes)
    return GoldDoc.model_validate(data), raw


def test_checker_accepts_a_good_file(tmp_path):
    # "CHỦ TRÌ TỔNG KẾT" matches "chủ trì   tổng kết": case and whitespace folded.
    assert check_gold(*_gold(tmp_path)) == []


@pytest.mark.parametrize("changes, where, message", [
    ({"assignments": [{"quote": "Bộ Tài chính chủ trì"}]}, "assignments[0]", "found 2 times"),
    ({"assignments": [{"quote": "chủ trì kiểm tra"}]}, "assignments[0]", "found 0 times"),
    ({"segments": [{"id": "1", "label": "1.", "quote": "rà soát"}, {"id": "1", "label": "2.", "quote": "tổng kết"}]},
     "segment 1", "duplicate segment id"),
    ({"sha256": "0" * 64}, "sha256", "text file has"),
    ({"sha256": None}, "sha256", "missing"),
])
def test_checker_reports_bad_files(tmp_path, changes, where, message):
    problems = check_gold(*_gold(tmp_path, **changes))
    assert [(p.where, message in p.message) for p in problems] == [(where, True)]


@pytest.mark.parametrize("data", [
    {"doc_id": "t", "text_file": "t.txt", "kind": "notice", "assignments": [{"quote": "x", "dealines": []}]},
    {"doc_id": "t", "text_file": "t.txt", "kind": "memo"},
    {"doc_id": "t", "text_file": "t.txt", "kind": "notice", "assignments": [{"quote": "x", "deadlines": [{"kind": "soon"}]}]},
    {"text_file": "t.txt", "kind": "notice"},
])
def test_schema_rejects_typos_and_unknown_values(tmp_path, data):
    p = tmp_path / "x.gold.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError):
        load_gold(p)


def test_find_gold_paths_expands_directories(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.gold.json", "sub/b.gold.json", "c.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in find_gold_paths([tmp_path, tmp_path / "a.gold.json"])] == ["a.gold.json", "b.gold.json"]
