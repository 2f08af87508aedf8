"""``as_of`` reaches every way in: parse_many, parse_texts and the CLI's parse and batch."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from vn_directive_nlp import parse_many, parse_texts

# An undated letter naming a ministry that was merged into another on 1 March 2025.
UNDATED = ("Văn bản gửi các bộ\nBộ Kế hoạch và Đầu tư chủ trì, phối hợp với các cơ quan liên quan rà soát, "
           "báo cáo Thủ tướng Chính phủ kết quả thực hiện trong tháng sau để tổng hợp chung.\n")
WARNING = "no date to name its agencies by"


def _warned(notice) -> bool:
    return any(WARNING in w for w in notice.warnings)


def test_parse_texts_and_parse_many_pass_as_of(tmp_path):
    [plain] = list(parse_texts([UNDATED], workers=1))
    [dated] = list(parse_texts([UNDATED], workers=1, as_of="2024-05-01"))
    assert _warned(plain.notice) and not _warned(dated.notice)
    f = tmp_path / "letter.txt"
    f.write_text(UNDATED, encoding="utf-8")
    [from_file] = list(parse_many([f], workers=1, as_of="2024-05-01"))
    assert from_file.ok and not _warned(from_file.notice)


def test_a_malformed_as_of_is_refused_before_any_parse():
    with pytest.raises(ValueError):
        list(parse_texts([UNDATED], workers=1, as_of="31/12/2024"))


def test_cli_parse_and_batch_take_as_of(tmp_path):
    f = tmp_path / "letter.txt"
    f.write_text(UNDATED, encoding="utf-8")
    run = [sys.executable, "-m", "vn_directive_nlp"]
    out = subprocess.run(run + ["parse", str(f), "--as-of", "2024-05-01"], capture_output=True, text=True, check=True)
    assert not any(WARNING in w for w in json.loads(out.stdout)["warnings"])
    bad = subprocess.run(run + ["parse", str(f), "--as-of", "tomorrow"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--as-of" in bad.stderr and "Traceback" not in bad.stderr
    target = tmp_path / "out.jsonl"
    subprocess.run(run + ["batch", str(f), "-o", str(target), "--workers", "1", "--as-of", "2024-05-01"],
                   capture_output=True, text=True, check=True)
    [line] = target.read_text(encoding="utf-8").splitlines()
    assert WARNING not in line


def test_cli_render_takes_as_of(tmp_path):
    f = tmp_path / "letter.txt"
    f.write_text(UNDATED, encoding="utf-8")
    run = [sys.executable, "-m", "vn_directive_nlp", "render", str(f), "-o"]
    subprocess.run(run + [str(tmp_path / "plain.html")], capture_output=True, text=True, check=True)
    subprocess.run(run + [str(tmp_path / "dated.html"), "--as-of", "2025-06-30"], capture_output=True, text=True,
                   check=True)
    plain, dated = ((tmp_path / n).read_text(encoding="utf-8") for n in ("plain.html", "dated.html"))
    assert WARNING in plain and WARNING not in dated
    assert "Bộ Tài chính" in dated and "Bộ Tài chính" not in plain  # the merged ministry's name on that day
