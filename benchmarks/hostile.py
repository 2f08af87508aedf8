"""Hostile inputs of issue 16 (structure, HTML, DOCX, special files, stdin): time, peak memory,
outcome and output size of ``vn-directive parse`` on each, one fresh process an input.

    .venv/bin/python benchmarks/hostile.py                   # every case
    .venv/bin/python benchmarks/hostile.py nested-400k html  # cases whose name starts so
    TIMEOUT=30 MEMORY_GB=3 .venv/bin/python benchmarks/hostile.py

Each child runs under an address-space cap (MEMORY_GB, default 3) and is killed after TIMEOUT
seconds (default 60), so that a case that once took 9 GB or 80 minutes cannot take the machine
with it. Prints one Markdown table row a case; writes nothing. Inputs are built here, in a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

from vn_directive_nlp.structure_markers import roman_numeral

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEAD = "Số: 5/TB-VPCP\nHà Nội, ngày 5 tháng 5 năm 2024\nTHÔNG BÁO\n"


def nested(size: int) -> bytes:
    """"1.", "2.", "a)", "b)" over and over (each restart one level deeper), then plain text."""
    unit = "1. Về đầu tư:\n2. Về đất đai:\na) Rà soát.\nb) Báo cáo:\n"
    filler = "Bộ Tài chính chủ trì thực hiện nhiệm vụ được giao, báo cáo kết quả.\n"
    return (HEAD + unit * (size // 4 // len(unit)) + filler * (size * 3 // 4 // len(filler))).encode()


def long_document(headings: int, items: int) -> bytes:
    parts = [HEAD]
    for h in range(1, headings + 1):
        parts.append(f"{roman_numeral(h)}. VỀ NHÓM NHIỆM VỤ THỨ {h}\n")
        parts += [f"{i}. Bộ Tài chính chủ trì nhiệm vụ số {i}.\n" for i in range(1, items + 1)]
    return "".join(parts).encode()


def docx(body: str = "", numbering: str | None = None, document: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document or f"<w:document {W}><w:body>{body}</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", numbering)
    return buf.getvalue()


def para(text: str, numbered: bool = False) -> str:
    ppr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def numbered_docx(start: int, fmt: str) -> bytes:
    numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    return docx(para("Số: 5/TB-VPCP") + para("Bộ Y tế thực hiện.", True) * 3, numbering)


def docx_bomb(xml_bytes: int) -> bytes:
    """``xml_bytes`` of XML deflated into a ~1 MB DOCX."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f"<w:document {W}><w:body><w:p><w:r>".encode())
            chunk = b"<w:t>a</w:t>" * 100_000
            for _ in range(xml_bytes // len(chunk)):
                f.write(chunk)
            f.write(b"</w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def nesting_docx(opening: str, closing: str, depth: int) -> bytes:
    return docx(opening * depth + para("Bộ Tài chính chủ trì.") + closing * depth)


def html(unit: bytes, size: int = 1_000_000) -> bytes:
    return b"<html><body>" + unit * (size // len(unit))


SAMPLE = HEAD + "1. Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng thực hiện Quyết định số 206/QĐ-TTg.\n"

# name -> (what it is, how to build it: bytes for a file, or "stdin:…"/"special:…")
CASES = {
    "nested-100k": ("restart-nested lists, 100 kB", lambda: nested(100_000)),
    "nested-400k": ("restart-nested lists, 400 kB", lambda: nested(400_000)),
    "nested-1m": ("restart-nested lists, 1 MB", lambda: nested(1_000_000)),
    "long-40x250": ("40 Roman headings (to XL.) × 250 items", lambda: long_document(40, 250)),
    "html-a-48k": ("HTML, 48 kB of '<a '", lambda: html(b"<a ", 48_000)),
    "html-a-a=-200k": ("HTML, 200 kB of '<a a='", lambda: html(b"<a a=", 200_000)),
    "html-a-1m": ("HTML, 1 MB of '<a '", lambda: html(b"<a ")),
    "html-quote-1m": ("HTML, 1 MB of '<a b=\"<a b=\"'", lambda: html(b'<a b="')),
    "html-tags-1m": ("HTML, 1 MB of '<a>'", lambda: html(b"<a>")),
    "docx-bomb": ("DOCX, 900 MB of XML in ~1 MB", lambda: docx_bomb(900 * 1024 * 1024)),
    "docx-start-1e12": ("DOCX list w:start=10^12 (decimal)", lambda: numbered_docx(10**12, "decimal")),
    "docx-letter-1e12": ("DOCX list w:start=10^12 (lowerLetter)", lambda: numbered_docx(10**12, "lowerLetter")),
    "docx-roman-1e13": ("DOCX list w:start=10^13 (upperRoman)", lambda: numbered_docx(10**13, "upperRoman")),
    "docx-sdt-600": ("DOCX, 600 nested content controls", lambda: nesting_docx("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 600)),
    "docx-tbl-600": ("DOCX, 600 nested tables", lambda: nesting_docx("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", 600)),
    "special-dev-zero": ("/dev/zero", "special:/dev/zero"),
    "special-fifo": ("a FIFO", "special:fifo"),
    "special-socket": ("a Unix socket", "special:socket"),
    "stdin-zero": ("stdin: endless NUL bytes", "stdin:/dev/zero"),
    "stdin-utf16": ("stdin: UTF-16", lambda: ("stdin", SAMPLE.encode("utf-16"))),
    "stdin-badutf8": ("stdin: UTF-8 with broken bytes", lambda: ("stdin", SAMPLE.encode()[:30] + b"\xed\xa0\x80\xff" + SAMPLE.encode()[30:] * 20)),
    "stdin-html": ("stdin: an HTML page", lambda: ("stdin", b"<html><body><p>" + SAMPLE.encode().replace(b"\n", b"</p><p>") + b"</p>")),
    "html-unicode-escape": ("HTML declaring charset=unicode_escape", lambda: b'<html><head><meta charset="unicode_escape"></head><body><p>S\\ud800 \xff</p><p>' + SAMPLE.encode() + b"</p>"),
    "bidi": ("text with LRM/RLM/isolates around number, agencies, reference", lambda: SAMPLE.replace("5/TB", "\u200e5/TB").replace("Bộ Tài chính", "\u202bBộ Tài chính\u202c").replace("Bộ Xây dựng", "\u2066Bộ Xây dựng\u2069").replace("206/", "\u200f206/").encode()),
}


def _limit_memory() -> None:
    cap = int(float(os.environ.get("MEMORY_GB", "3")) * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_case(name: str, folder: str) -> str:
    what, build = CASES[name]
    stdin = subprocess.DEVNULL
    if isinstance(build, str) and build.startswith("special:"):
        path = build[8:]
        if path in ("fifo", "socket"):
            path = os.path.join(folder, path)
            os.mkfifo(path) if name.endswith("fifo") else socket.socket(socket.AF_UNIX).bind(path)
    elif isinstance(build, str):  # stdin from a device
        path, stdin = "-", open(build[6:], "rb")
    else:
        data = build()
        if isinstance(data, tuple):
            path = "-"
            stdin = open(os.path.join(folder, name), "w+b")
            stdin.write(data[1])
            stdin.seek(0)
        else:
            path = os.path.join(folder, name)
            with open(path, "wb") as fh:
                fh.write(data)
    out_path = os.path.join(folder, name + ".out")
    err_path = os.path.join(folder, name + ".err")
    timeout = float(os.environ.get("TIMEOUT", "60"))
    t0 = time.perf_counter()
    with open(out_path, "wb") as out, open(err_path, "w+b") as err:
        # (run from the temporary folder: "-m" puts the working directory first on the path)
        child = subprocess.Popen([sys.executable, "-m", "vn_directive_nlp", "parse", path], stdin=stdin,
                                 stdout=out, stderr=err, preexec_fn=_limit_memory, cwd=folder)
        status, usage, killed = _wait(child.pid, timeout)
        err.seek(0)
        outcome = f"killed after {timeout:.0f} s" if killed else (
            "ok" if os.waitstatus_to_exitcode(status) == 0 else _last_line(err.read()))
    seconds = time.perf_counter() - t0
    peak_text = f"{usage.ru_maxrss / 1024:.0f} MB"
    size = os.path.getsize(out_path)
    return f"| {name} | {what} | {seconds:.1f} s | {peak_text} | {outcome} | {size:,} B |"


def _wait(pid: int, timeout: float):
    """(status, rusage, killed) of the child ``pid``, killed after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, False
        time.sleep(0.05)
    os.kill(pid, 9)
    _, status, usage = os.wait4(pid, 0)
    return status, usage, True


def _last_line(err: bytes) -> str:
    lines = err.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else "failed"
    if "Traceback" in err.decode("utf-8", "replace"):
        last = "traceback: " + last
    return last.split(": error: ")[-1][:110].replace("|", "/")


def main(prefixes: list[str]) -> None:
    names = [n for n in CASES if not prefixes or n.startswith(tuple(prefixes))]
    print("| case | input | seconds | peak RSS | outcome | output |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in names:
        folder = tempfile.mkdtemp(prefix="vn-hostile-")
        try:
            print(run_case(name, folder), flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
