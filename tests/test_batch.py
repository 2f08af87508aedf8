"""parse_many: input order, paths vs texts, parallel = serial, failures and crashes isolated, flat memory."""

from __future__ import annotations

import os
import pathlib

import pytest

from vn_directive_nlp import parse_many, parse_text, parse_texts
from vn_directive_nlp.batch import TextInput, file_sha256, is_path_input, parse_one, text_sha256

SEEDS = sorted(pathlib.Path(__file__).resolve().parents[1].joinpath("corpus").glob("*.txt"))


def read_parser(item, ocr):
    """A parser reading files as UTF-8 itself, so these tests exercise only the batch machinery."""
    if is_path_input(item):
        with open(item, encoding="utf-8") as fh:
            return parse_text(fh.read())
    return parse_text(item)


def crashing_parser(item, ocr):
    """Kills its worker process on an input holding CRASH, like a segfault in a native library."""
    if "CRASH" in str(item):
        os._exit(13)
    return read_parser(item, ocr)


def _comparable(result):
    d = result.to_dict()
    d.pop("seconds")
    return d


@pytest.mark.parametrize(
    "item, is_path",
    [
        (str(SEEDS[0]), True),
        (SEEDS[0], True),
        (pathlib.Path("/no/such/file.txt"), True),  # a Path is always a path, even a missing one
        ("/no/such/file.txt", True),                 # so is a str: a missing file is an error, not a text
        ("Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì", True),
        (TextInput("Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì"), False),
        (TextInput(str(SEEDS[0])), False),           # a text that happens to name a file stays a text
        (42, False),
    ],
)
def test_paths_and_texts_are_told_apart(item, is_path):
    assert is_path_input(item) is is_path


def test_results_come_in_input_order_with_hashes():
    texts = [s.read_text(encoding="utf-8") for s in SEEDS]
    results = list(parse_texts(texts, workers=1))
    assert [r.status for r in results] == ["ok"] * len(texts)
    assert [r.sha256 for r in results] == [text_sha256(t) for t in texts]
    assert [r.notice.metadata.number for r in results] == [parse_text(t).metadata.number for t in texts]
    assert all(r.seconds >= 0 for r in results)


def test_file_inputs_are_hashed_by_their_bytes(tmp_path):
    path = tmp_path / "n.txt"
    path.write_bytes("Số: 7/TB-VPCP\r\n".encode("utf-8"))
    result = parse_one(path, parser=read_parser)
    assert result.ok and result.sha256 == file_sha256(path) and result.input == str(path)
    assert result.sha256 != text_sha256("Số: 7/TB-VPCP\n")


def test_bad_inputs_become_error_results_and_the_run_goes_on(tmp_path):
    inputs = [str(SEEDS[0]), pathlib.Path(tmp_path / "missing.txt"), tmp_path, 42, TextInput("Số: 9/TB-VPCP")]
    results = list(parse_many(inputs, workers=1, parser=read_parser))
    assert [r.status for r in results] == ["ok", "error", "error", "error", "ok"]
    assert results[1].error["type"] == "FileNotFoundError"
    assert results[2].error["type"] == "IsADirectoryError"
    assert results[3].error["type"] == "TypeError"
    assert results[4].input.startswith("<text> Số: 9/TB-VPCP")


def test_two_workers_give_the_same_results_as_one(tmp_path):
    inputs = [str(s) for s in SEEDS] * 3 + [tmp_path / "missing.txt", TextInput("Số: 3/TB-VPCP")]
    serial = [_comparable(r) for r in parse_many(inputs, workers=1, parser=read_parser)]
    parallel = [_comparable(r) for r in parse_many(inputs, workers=2, chunksize=2, parser=read_parser)]
    assert parallel == serial


def test_unordered_mode_yields_every_input_once():
    inputs = [f"Số: {i}/TB-VPCP" for i in range(30)]
    got = [r.notice.metadata.number for r in parse_texts(inputs, workers=2, ordered=False, chunksize=3)]
    assert sorted(got) == sorted(f"{i}/TB-VPCP" for i in range(30))


@pytest.mark.parametrize("ordered", [True, False])
def test_a_worker_crash_is_that_inputs_error_only(ordered):
    inputs = [f"Số: {i}/TB-VPCP" for i in range(12)]
    inputs[5] = "Số: 5/TB-VPCP CRASH"
    results = list(parse_texts(inputs, workers=2, chunksize=2, ordered=ordered, parser=crashing_parser))
    if not ordered:
        results.sort(key=lambda r: inputs.index(r.input.removeprefix("<text> ")))
    assert [r.status for r in results] == ["ok"] * 5 + ["error"] + ["ok"] * 6
    assert results[5].error["type"] == "WorkerCrash"
    assert [r.notice.metadata.number for r in results if r.ok] == [f"{i}/TB-VPCP" for i in range(12) if i != 5]


def test_inputs_are_consumed_lazily_so_memory_stays_flat():
    consumed = 0

    def endless():
        nonlocal consumed
        for i in range(10_000):
            consumed += 1
            yield f"Số: {i}/TB-VPCP"

    stream = parse_texts(endless(), workers=2, chunksize=4, max_in_flight=3)
    first = next(stream)
    assert first.notice.metadata.number == "0/TB-VPCP"
    assert consumed <= 4 * 4  # in-flight chunks plus the one being refilled, not 10,000
    stream.close()


def test_real_files_through_the_default_parser():
    results = list(parse_many([str(s) for s in SEEDS[:2]], workers=1))
    assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
    assert results[0].notice.source.path is not None


@pytest.mark.parametrize("workers", [1, 2])
def test_a_string_that_is_not_a_file_is_an_error_row_never_a_text(tmp_path, workers):
    # The defect this guards: a text (or a mistyped path) given to parse_many came back "ok"
    # with 0 assignments, parsed as the document "no/such.txt".
    text = SEEDS[0].read_text(encoding="utf-8")
    inputs = [str(tmp_path / "typo.txt"), text, "Số: 9/TB-VPCP", str(SEEDS[1])]
    results = list(parse_many(inputs, workers=workers, chunksize=1))
    assert [r.status for r in results] == ["error", "error", "error", "ok"]
    assert all(r.error["type"] == "InputError" for r in results[:3])
    assert "parse_texts" in results[1].error["message"]
    assert results[1].input.startswith("<text> ") and "\n" not in results[1].input
    assert results[2].input == "Số: 9/TB-VPCP" and "no such file" in results[2].error["message"]


def test_parse_texts_never_opens_a_file():
    results = list(parse_texts([str(SEEDS[0]), "Số: 9/TB-VPCP", SEEDS[0]], workers=1))
    # The first is the 40-character text "…/corpus/000_….txt", not that file's document.
    assert results[0].ok and results[0].notice.metadata.number is None
    assert results[0].input.startswith("<text> ") and results[0].sha256 == text_sha256(str(SEEDS[0]))
    assert results[1].notice.metadata.number == "9/TB-VPCP"
    assert results[2].status == "error" and results[2].error["type"] == "TypeError"


def test_workers_must_be_positive():
    with pytest.raises(ValueError):
        list(parse_many(["x"], workers=0))
