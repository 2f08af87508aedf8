"""Adversarial inputs: pathological texts parse fast, oversize inputs and broken files fail cleanly."""

from __future__ import annotations

import inspect
import multiprocessing
import time

import pytest

from pdfutil import make_encrypted_pdf, make_image_pdf, make_truncated_pdf, require_font
from vn_directive_nlp import VnDirectiveError, limits, parse_file, parse_text, pipeline
from vn_directive_nlp.errors import (
    CorruptPdfError,
    DecodeError,
    EncryptedPdfError,
    InputError,
    InputTooLargeError,
)

MB = 1_000_000
#: Seconds one 1 MB pathological input may take (generous: a real notice takes ~20 ms).
BUDGET = 2.0
#: Seconds after which a parse counts as a hang and is killed.
HANG = 20.0


def _lines(line: str, total: int = MB) -> str:
    return line * (total // len(line))


# name -> 1 MB of text built to hit one rule family over and over.
PATHOLOGICAL = {
    "number markers": "1. " * (MB // 3),
    "numbered lines": _lines("1. Bộ Tài chính chủ trì\n"),
    "dash lines": _lines("- \n"),
    "dash items": _lines("- Bộ Y tế thực hiện;\n"),
    "repeated số": "số " * (MB // 3),
    "số without number": "Quyết định số " * (MB // 14),
    "endless dotted number": "1." * (MB // 2),
    "dotted numbers per line": _lines("1." * 40 + "\n"),
    "single 1 MB line": _lines("Bộ Tài chính chủ trì, phối hợp với các bộ, ngành "),
    "100,000 short lines": "a\n" * 100_000,
    "deep (a)(b)(c)": "".join(f"({chr(97 + i % 26)})" for i in range(MB // 3)),
    "paren lines": _lines("(a) x\n"),
    "ordinals": "Thứ nhất, " * (MB // 10),
    "roman numerals": "I. II. III. IV. " * (MB // 16),
    "dates": "trước ngày 15/5/2024 " * (MB // 21),
    "agency list": "Bộ Tài chính, " * (MB // 14),
    "phối hợp với": "phối hợp với " * (MB // 13),
    "spaces": " " * MB,
    "newlines": "\n" * MB,
    "hyphens": "-" * MB,
    "table rules": _lines("|\n-------\n"),
}

# Cases over budget when this file was written, with the module the time goes to
# (see the report): agencies.py scans ~5-20 s per MB; assignments._mentions_in is O(n·m).
OVER_BUDGET = {
    name: "agencies.py gazetteer scan is slow on 1 MB"
    for name in PATHOLOGICAL
    if name not in ("spaces", "newlines", "hyphens", "table rules")
}
OVER_BUDGET["numbered lines"] = OVER_BUDGET["dash items"] = "assignments._mentions_in is quadratic"


def _case(name):
    marks = [pytest.mark.xfail(strict=False, reason=OVER_BUDGET[name])] if name in OVER_BUDGET else []
    return pytest.param(name, id=name, marks=marks)


def _timed_parse(name: str, queue) -> None:
    text = PATHOLOGICAL[name]
    t0 = time.perf_counter()
    try:
        parse_text(text)
    except VnDirectiveError:
        pass
    queue.put(time.perf_counter() - t0)


@pytest.mark.slow
@pytest.mark.parametrize("name", [_case(n) for n in PATHOLOGICAL])
def test_pathological_text_parses_fast(name):
    # In a child process, so that a hang (a regex in C code ignores signals) is killed, not waited for.
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_timed_parse, args=(name, queue))
    child.start()
    child.join(HANG)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{name}: still running after {HANG:.0f} s")
    elapsed = queue.get(timeout=5)
    assert elapsed < BUDGET, f"{name}: {elapsed:.1f} s for {len(PATHOLOGICAL[name]):,} characters"


def test_text_limit_is_enforced():
    limits.check_text("x" * limits.MAX_TEXT_CHARS)
    with pytest.raises(InputTooLargeError, match="MAX_TEXT_CHARS"):
        limits.check_text("x" * (limits.MAX_TEXT_CHARS + 1))


def test_parse_text_beyond_the_limit():
    if "check_text" not in inspect.getsource(pipeline.parse_text):
        pytest.skip("parse_text does not call limits.check_text yet (asked of the lead)")
    with pytest.raises(InputTooLargeError):
        parse_text("1. " * (limits.MAX_TEXT_CHARS // 3 + 1))


def test_file_beyond_the_limit(tmp_path):
    p = tmp_path / "huge.txt"
    line = "1. Bộ Tài chính chủ trì, phối hợp với các bộ, ngành thực hiện.\n".encode("utf-8")
    with p.open("wb") as f:
        for _ in range(50 * MB // len(line) + 1):
            f.write(line)
    assert p.stat().st_size > 50 * MB
    t0 = time.perf_counter()
    with pytest.raises(InputTooLargeError, match="MAX_INPUT_BYTES"):
        parse_file(p)
    assert time.perf_counter() - t0 < 1.0  # refused from its size, not after reading it


def test_text_that_decodes_beyond_the_char_limit(tmp_path):
    # Under the byte limit, over the character limit: ASCII is one byte a character.
    p = tmp_path / "long.txt"
    p.write_bytes(b"a " * (limits.MAX_TEXT_CHARS // 2 + 1))
    with pytest.raises(InputTooLargeError, match="MAX_TEXT_CHARS"):
        parse_file(p)


def _broken(tmp_path, kind):
    """A file of one kind of breakage; returns its path."""
    p = tmp_path / f"{kind}.bin"
    text = "Số: 5/TB-VPCP\n1. Bộ Tài chính chủ trì."
    if kind == "empty file":
        p.write_bytes(b"")
    elif kind == "binary garbage":
        p.write_bytes(bytes((i * 7919) % 251 for i in range(20_000)))
    elif kind == "truncated PDF":
        require_font()
        make_truncated_pdf(text * 50, p, keep=0.5)
    elif kind == "password PDF":
        require_font()
        make_encrypted_pdf(text, p, "secret")
    elif kind == "PDF header only":
        p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    elif kind == "scanned PDF":
        require_font()
        make_image_pdf(text, p)
    elif kind == "directory":
        p.mkdir()
    elif kind == "missing path":
        pass
    return p


@pytest.mark.parametrize(
    "kind,error",
    [
        ("empty file", InputError),
        ("binary garbage", DecodeError),
        ("truncated PDF", CorruptPdfError),
        ("password PDF", EncryptedPdfError),
        ("PDF header only", CorruptPdfError),
        ("scanned PDF", None),  # a warning, not an error
        ("directory", InputError),
        ("missing path", InputError),
    ],
)
def test_broken_files(tmp_path, kind, error):
    path = _broken(tmp_path, kind)
    if error is None:
        notice = parse_file(path)
        assert any("no text layer" in w for w in notice.warnings)
        return
    with pytest.raises(error) as info:
        parse_file(path)
    assert str(info.value)  # a message a user can read


# Inputs aimed at the loader's own patterns (HTML sniffing, legacy detection): each under a second.
LOADER_INPUTS = {
    "comments without html": b"<!---->" * 50_000 + b"x",
    "unclosed comments": b"<!--" * 50_000,
    "tag soup": b"<p " * 100_000,
    "meta without charset": b"<meta " * 100_000 + b"\xff",
    "legacy high bytes": bytes([0xB5, 0x20]) * 200_000,
    "one long legacy word": b"\xb5" * 400_000,
}


@pytest.mark.parametrize("name", list(LOADER_INPUTS))
def test_loader_patterns_are_linear(name):
    from vn_directive_nlp import load

    t0 = time.perf_counter()
    try:
        load.load_bytes(LOADER_INPUTS[name])
    except VnDirectiveError:
        pass
    assert time.perf_counter() - t0 < BUDGET
