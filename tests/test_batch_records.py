"""Batch records (issue 16.8): one record per input through kills, resumes, locks and full disks."""

from __future__ import annotations

import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from vn_directive_nlp import export, records
from vn_directive_nlp.cli import EXIT_OUTPUT, app

runner = CliRunner()


def _make_inputs(folder: pathlib.Path, n: int = 500) -> list[str]:
    """``n`` tiny documents: 40 copies of one text under other names, 15 empty and 15 binary files."""
    folder.mkdir()
    names = []
    for i in range(n):
        path = folder / f"doc{i:03d}.txt"
        if i % 25 == 3:
            path.write_bytes(b"")  # an empty file: InputError
        elif i % 25 == 7:
            path.write_bytes(bytes(range(256)) * 4)  # binary: InputError
        elif i % 25 in (11, 12):
            path.write_text("Số: 1/TB-VPCP\n1. Bộ Tài chính chủ trì.\n", encoding="utf-8")  # duplicates
        else:
            path.write_text(f"Số: {i}/TB-VPCP\n1. Giao Bộ Tư pháp chủ trì, báo cáo trước ngày 15/5/2024.\n",
                            encoding="utf-8")
        names.append(str(path))
    return names


def _records(out: pathlib.Path) -> list[dict]:
    return [json.loads(line) for line in out.read_bytes().splitlines()]


def _children(pid: int) -> list[int]:
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _batch(folder, out, *extra):
    return [sys.executable, "-m", "vn_directive_nlp", "batch", str(folder), "-o", str(out),
            "--workers", "2", "--ocr", "never", *extra]


def _kill_after(cmd, out: pathlib.Path, lines: int) -> None:
    """Run the batch and SIGKILL it once ``out`` holds at least ``lines`` lines; then check that
    its workers went with it."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid) or workers
        if out.exists() and out.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the batch finished before the kill point"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert workers, "the batch never started its workers"
    gone_by = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers), "a killed batch left worker processes behind"


@pytest.mark.slow
def test_three_kills_and_resumes_end_with_exactly_one_record_per_input(tmp_path):
    names = _make_inputs(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    rng = random.Random(1608)
    points = sorted(rng.sample(range(30, 450), 3))
    _kill_after(_batch(tmp_path / "in", out), out, points[0])
    for point in points[1:]:
        before = len(_records(out))
        _kill_after(_batch(tmp_path / "in", out, "--resume"), out, max(point, before + 20))
    done = subprocess.run(_batch(tmp_path / "in", out, "--resume"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the broken files failed, nothing else
    got = _records(out)
    assert sorted(r["input"] for r in got) == sorted(names)  # each input once: none lost, none twice
    failed = {r["input"] for r in got if r["status"] == "error"}
    assert failed == {n for i, n in enumerate(names) if i % 25 in (3, 7)}
    assert not out.with_name("out.jsonl.lock").exists()


def test_failed_inputs_are_parsed_again_and_replace_their_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Số: 1/TB-VPCP\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["batch", str(folder), "-o", str(out), "--workers", "1"]).exit_code == 1
    (folder / "b.txt").write_text("Số: 2/TB-VPCP\n", encoding="utf-8")  # fixed since
    res = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--workers", "1", "--resume"])
    assert res.exit_code == 0, res.stderr
    assert "documents: 1 (1 ok, 0 failed, 1 already in out.jsonl)" in res.stderr
    assert sorted((r["input"].rsplit("/", 1)[1], r["status"]) for r in _records(out)) == [("a.txt", "ok"), ("b.txt", "ok")]


def test_a_batch_on_an_output_another_batch_holds_refuses_to_start(tmp_path):
    out = tmp_path / "out.jsonl"
    (tmp_path / "a.txt").write_text("Số: 1/TB-VPCP\n", encoding="utf-8")
    with export.open_writer(out) as holder:
        holder.write(export.BatchResult("x.txt", "error", None, 0.0, error={"type": "E", "message": "m"}))
        res = runner.invoke(app, ["batch", str(tmp_path / "a.txt"), "-o", str(out), "--resume"])
    assert res.exit_code == 2 and "another batch" in res.stderr and "Traceback" not in res.stderr
    assert [r["input"] for r in _records(out)] == ["x.txt"]


def test_disk_full_is_a_typed_error_with_its_own_exit_code_and_no_torn_line(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(f"Số: {i}/TB-VPCP\n1. Bộ Tư pháp chủ trì.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    real_write = records._write
    room = {"bytes": 3000}  # a disk with room for a record or two

    def small_disk(fd, data):
        if room["bytes"] <= 0:
            raise OSError(28, "No space left on device")
        n = real_write(fd, bytes(data)[: room["bytes"]])
        room["bytes"] -= n
        return n

    monkeypatch.setattr(records, "_write", small_disk)
    res = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--workers", "1"])
    assert res.exit_code == EXIT_OUTPUT, res.stderr
    assert "disk full" in res.stderr and "--resume" in res.stderr and "Traceback" not in res.stderr
    data = out.read_bytes()
    assert data.endswith(b"\n") and 1 <= len(_records(out)) < 6
    monkeypatch.setattr(records, "_write", real_write)
    res = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--workers", "1", "--resume"])
    assert res.exit_code == 0 and sorted(r["input"] for r in _records(out)) == sorted(str(p) for p in folder.iterdir())
