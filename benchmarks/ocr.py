"""OCR benchmark: wall-clock pages/s of 300-dpi A4 pages on this machine's cores, and characters right.

    .venv/bin/python benchmarks/ocr.py                 # every setting x 3 rounds, then the corpus table
    .venv/bin/python benchmarks/ocr.py --quick         # the library's setting only, 1 round

Throughput: one document of real pages (the text-layer PDFs of ``../shared/corpus-dev2/pdf`` and
its scans and broken-font PDFs, mixed), OCR'd by ``ocr.ocr_pdf_pages`` as ``parse_file`` does it
(render, orientation check, tesseract, layout), timed by the wall clock from the first page
rendered to the last page read. Settings: resolution, page segmentation mode, tesseract
processes and OpenMP threads each. The machine is shared: before each round the benchmark waits
(up to ``--wait`` s) for the 1-minute load average to fall under ``--load``, records the load at
the start and end of every run, and runs the settings round-robin, three rounds; the median is
reported. Characters right = characters of the text layer matched in order by the OCR text
(difflib, spaces collapsed), on the text-layer pages.
Then, for each PDF of corpus-dev2: number/date read, pages OCR'd, seconds, assignments, and for
the PDFs with a text layer the assignments of an image-only copy (OCR'd) against the text's.
Writes ``benchmarks/OCR_RESULTS.md`` and ``benchmarks/ocr_results.json``.

Target: >= 1 page/s on 2 cores for a 300-dpi A4 page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import io
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT / "tests"))
DEV2 = ROOT.parent / "shared" / "corpus-dev2"


def chars_right(ocr_text: str, reference: str) -> float:
    """Share of the reference's characters that the OCR text has, in order (spaces collapsed)."""
    a, b = " ".join(reference.split()), " ".join(ocr_text.split())
    if not a:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in m.get_matching_blocks()) / len(a)


def words_right(ocr_text: str, reference: str) -> float:
    """Share of the reference's words the OCR text has, in any order (reading order aside)."""
    from collections import Counter

    ref, got = Counter(reference.split()), Counter(ocr_text.split())
    return sum((ref & got).values()) / max(sum(ref.values()), 1)


def clean_pdf_pages() -> list[tuple[str, bytes, int, str]]:
    """(name, pdf bytes, page, text layer) for every page of the usable text-layer PDFs."""
    out = []
    manifest = DEV2 / "MANIFEST.tsv"
    if not manifest.is_file():
        return out
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if cols[0].startswith("pdf/") and "TEXT LAYER: usable" in cols[-1]:
            data = (DEV2 / cols[0]).read_bytes()
            for i, text in enumerate(_pages(data)):
                out.append((cols[0][4:], data, i, text))
    return out


def _pages(data: bytes) -> list[str]:
    """Each page's own text layer (its footnotes with it, signature-field text placed), ƣ repaired."""
    import pypdfium2 as pdfium

    from vn_directive_nlp.readers import pdf, textlayer

    doc = pdfium.PdfDocument(data)
    try:
        return [textlayer.repair_glyph_substitutions("\n\n".join(pdf._pdfium_page_text(doc, i)))[0] for i in range(len(doc))]
    finally:
        doc.close()


#: Settings measured every round: (dpi, psm, tesseract processes, OpenMP threads each). The first is the library's.
SETTINGS = [
    (300, 4, 2, 1),  # the library: one single-threaded tesseract per core
    (300, 3, 2, 1),
    (300, 6, 2, 1),
    (200, 4, 2, 1),
]
#: Thread settings, measured once on the first THREAD_PAGES pages: on a busy machine OpenMP
#: threads wait on each other and one run of them takes minutes (measured: 12 pages in 333 s
#: with one tesseract of two threads against 42 s with two tesseracts of one thread, load 8).
THREAD_SETTINGS = [
    (300, 4, 1, 2),  # one tesseract with two OpenMP threads
    (300, 4, 2, 2),  # two tesseracts with two threads each (oversubscribed)
]
THREAD_PAGES = 4
#: Pages of each kind in the throughput document.
CLEAN_PAGES, OTHER_PAGES = 6, 6


def throughput_document() -> tuple[bytes, list[str | None]]:
    """One PDF of real A4 pages: text-layer pages first, then scanned and broken-font pages;
    with each page's reference text (its text layer), None where it has none to trust."""
    import pypdfium2 as pdfium

    clean = clean_pdf_pages()[:CLEAN_PAGES]
    others = []
    manifest = DEV2 / "MANIFEST.tsv"
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if manifest.is_file() else []:
        cols = line.split("\t")
        if cols[0].startswith("pdf/") and ("broken" in cols[-1].split(".")[0] or "none (scan)" in cols[-1]):
            data = (DEV2 / cols[0]).read_bytes()
            doc = pdfium.PdfDocument(data)
            others += [(data, i) for i in range(min(2, len(doc)))]  # two pages of each: every kind in
            doc.close()
    out = pdfium.PdfDocument.new()
    refs: list[str | None] = []
    for data, i, ref in [(d, i, t) for _, d, i, t in clean] + [(d, i, None) for d, i in others[:OTHER_PAGES]]:
        src = pdfium.PdfDocument(data)
        out.import_pages(src, [i])
        src.close()
        refs.append(ref)
    buf = io.BytesIO()
    out.save(buf)
    out.close()
    return buf.getvalue(), refs


def wait_for_quiet(load: float, wait: float) -> None:
    """Sleep until the 1-minute load average is under ``load`` or ``wait`` seconds have passed."""
    until = time.monotonic() + wait
    while os.getloadavg()[0] >= load and time.monotonic() < until:
        time.sleep(10)


def run_setting(data: bytes, refs: list[str | None], dpi: int, psm: int, workers: int, threads: int) -> dict:
    """Wall-clock OCR of every page of ``data`` with one setting, as ``parse_file`` runs it."""
    from vn_directive_nlp.readers import ocr

    old = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = str(threads)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        texts, _ = ocr.ocr_pdf_pages(data, list(range(len(refs))), dpi=dpi, psm=psm, workers=workers)
    finally:
        if old is None:
            del os.environ["OMP_THREAD_LIMIT"]
        else:
            os.environ["OMP_THREAD_LIMIT"] = old
    seconds = time.perf_counter() - t0
    acc = [chars_right(texts.get(i, ""), ref) for i, ref in enumerate(refs) if ref is not None]
    words = [words_right(texts.get(i, ""), ref) for i, ref in enumerate(refs) if ref is not None]
    return {"pages": len(refs), "seconds": round(seconds, 2), "pages_per_s": round(len(refs) / seconds, 3),
            "load": [round(load0, 2), round(os.getloadavg()[0], 2)],
            "chars_right": round(sum(acc) / len(acc), 4) if acc else None, "chars_right_min": round(min(acc), 4) if acc else None,
            "words_right": round(sum(words) / len(words), 4) if words else None}


def throughput(rounds: int, settings: list[tuple[int, int, int, int]], load: float, wait: float,
               once: list[tuple[int, int, int, int]] = ()) -> list[dict]:
    """Every setting ``rounds`` times, round-robin (``once``: in the first round only, on the
    first THREAD_PAGES pages); per setting the runs and their median."""
    data, refs = throughput_document()
    runs: dict[tuple, list[dict]] = {s: [] for s in [*settings, *once]}
    for k in range(rounds):
        wait_for_quiet(load, wait)
        for setting in settings:
            runs[setting].append(run_setting(data, refs, *setting))
            print(k + 1, setting, runs[setting][-1], flush=True)
        if k == 0 and once:
            few = _first_pages(data, THREAD_PAGES)
            for setting in once:
                runs[setting].append(run_setting(few, refs[:THREAD_PAGES], *setting))
                print(k + 1, setting, runs[setting][-1], flush=True)
    out = []
    for (dpi, psm, workers, threads), rs in runs.items():
        med = statistics.median(r["pages_per_s"] for r in rs)
        out.append({"dpi": dpi, "psm": psm, "processes": workers, "threads": threads, "runs": rs,
                    "pages_per_s_median": round(med, 3),
                    "pages_per_s_range": [min(r["pages_per_s"] for r in rs), max(r["pages_per_s"] for r in rs)],
                    "chars_right": rs[0]["chars_right"], "chars_right_min": rs[0]["chars_right_min"],
                    "words_right": rs[0]["words_right"]})
    return out


def _first_pages(data: bytes, n: int) -> bytes:
    import pypdfium2 as pdfium

    src, out = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    out.import_pages(src, list(range(n)))
    buf = io.BytesIO()
    out.save(buf)
    src.close()
    out.close()
    return buf.getvalue()


def _f1(got: list, want: list) -> float:
    from collections import Counter

    g, w = Counter(got), Counter(want)
    hit = sum((g & w).values())
    if not g and not w:
        return 1.0
    p, r = hit / max(sum(g.values()), 1), hit / max(sum(w.values()), 1)
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def round_trips() -> list[dict]:
    """Corpus texts drawn as image-only PDFs, OCR'd and parsed: assignments vs the text's parse."""
    import tempfile

    from pdfutil import find_font, make_image_pdf

    from vn_directive_nlp import parse_file, parse_text

    if find_font() is None:
        return []
    texts = [p for p in [ROOT / "corpus" / "003_b659688874c4366e.txt", DEV2 / "cv-5973-ubndkt-laocai-2026.txt"] if p.is_file()]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in texts:
            text = path.read_text(encoding="utf-8").replace("\f", "\n")
            want = parse_text(text)
            pdf = make_image_pdf(text, pathlib.Path(tmp) / (path.stem + ".pdf"))
            t0 = time.perf_counter()
            got = parse_file(pdf, ocr="auto")
            seconds = time.perf_counter() - t0

            def keys(n):
                return [(a.segment, tuple(sorted(x.name for x in a.lead))) for a in n.assignments]

            rows.append({
                "text": path.name, "pages": got.source.pages, "seconds": round(seconds, 2),
                "pages_per_s": round(got.source.pages / seconds, 3),
                "chars_right": round(chars_right(got.text, want.text), 4),
                "assignments_text": len(want.assignments), "assignments_ocr": len(got.assignments),
                "assignments_f1": _f1(keys(got), keys(want)),
                "number": [want.metadata.number, got.metadata.number],
            })
            print(rows[-1], flush=True)
    return rows


def image_copy(data: bytes, path: pathlib.Path) -> pathlib.Path:
    """An image-only copy of a PDF as a scanner would give it: each page with its form fields and
    signature appearances (where signed letters draw their number and day) at 300 dpi."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        doc.init_forms()
        pages = [doc[i].render(scale=300 / 72, grayscale=True, may_draw_forms=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()
    pages[0].save(path, "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return path


def _keys(notice) -> list:
    return [(a.segment, tuple(sorted(x.name for x in a.lead))) for a in notice.assignments]


def corpus_table() -> list[dict]:
    """For each PDF of corpus-dev2: number/date read (vs MANIFEST), pages OCR'd, seconds, assignments;
    for a PDF with a usable text layer, its image-only copy OCR'd against it (the text twin)."""
    from vn_directive_nlp import parse_file

    rows = []
    manifest = DEV2 / "MANIFEST.tsv"
    if not manifest.is_file():
        return rows
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if not cols[0].startswith("pdf/"):
            continue
        t0 = time.perf_counter()
        notice = parse_file(DEV2 / cols[0], ocr="auto")
        seconds = time.perf_counter() - t0
        layer = cols[-1].split(".")[0].replace("TEXT LAYER: ", "")
        row = {
            "file": cols[0][4:], "layer": layer, "pages": notice.source.pages,
            "number": notice.metadata.number, "number_ok": notice.metadata.number == cols[3],
            "date": str(notice.metadata.issued_date), "date_ok": str(notice.metadata.issued_date) == cols[4],
            "pages_ocr": notice.source.pages_ocr, "extractors": notice.source.page_extractors,
            "seconds": round(seconds, 2), "assignments": len(notice.assignments),
            "warnings": [w for w in notice.warnings if "number" in w or "OCR" in w or "unreadable" in w],
        }
        if layer.startswith("usable"):
            with tempfile.TemporaryDirectory() as tmp:
                copy = image_copy((DEV2 / cols[0]).read_bytes(), pathlib.Path(tmp) / "scan.pdf")
                t0 = time.perf_counter()
                scanned = parse_file(copy, ocr="auto")
                row["twin"] = {
                    "seconds": round(time.perf_counter() - t0, 2), "assignments": len(scanned.assignments),
                    "f1": _f1(_keys(scanned), _keys(notice)),
                    "f1_leads": _f1([k[1] for k in _keys(scanned)], [k[1] for k in _keys(notice)]),
                    "number_ok": scanned.metadata.number == cols[3], "date_ok": str(scanned.metadata.issued_date) == cols[4],
                    "chars_right": round(chars_right(scanned.text, notice.text), 4),
                }
        rows.append(row)
        print(row["file"], row["seconds"], row.get("twin"), flush=True)
    return rows


def ocr_text_rows() -> list[dict]:
    """corpus-dev2 texts that are a third party's OCR output (MANIFEST note "OCR text"), parsed as
    text: the MANIFEST's fields read right, left null (unreadable) or wrong, and how many
    assignments are debris of the header (they hold the motto or the issuer's line) or of the
    recipients list (they start after the body's closing "./.")."""
    from vn_directive_nlp import parse_text

    rows = []
    manifest = DEV2 / "MANIFEST.tsv"
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if manifest.is_file() else []:
        cols = line.split("\t")
        if cols[0].startswith("pdf/") or not cols[-1].startswith("OCR text"):
            continue
        n = parse_text((DEV2 / cols[0]).read_text(encoding="utf-8"))
        md = n.metadata
        got = {"kind": n.kind, "doc_type": md.doc_type, "number": md.number,
               "issued_date": str(md.issued_date) if md.issued_date else None}
        want = {"kind": cols[1], "doc_type": cols[2], "number": cols[3], "issued_date": cols[4]}
        closing = n.text.rfind("./.")
        rows.append({
            "file": cols[0], "fields": {k: [got[k], want[k], "right" if got[k] == want[k] else "null" if got[k] is None else "wrong"]
                                        for k in want},
            "issuer": md.issuer, "recipients": len(md.recipients), "assignments": len(n.assignments),
            "header_debris": sum(bool(regex_motto(a.text)) for a in n.assignments),
            "recipient_debris": sum(a.start > closing >= 0 for a in n.assignments),
            "top_segments": [s.label for s in n.segments if s.parent is None],
        })
        print(rows[-1], flush=True)
    return rows


def regex_motto(text: str) -> bool:
    """Does a span hold the national motto or a header's issuer line ("THỦ TƯỚNG CHÍNH…")?"""
    import re

    return re.search(r"CỘNG\s*H[OÒ]A\s*XÃ|Độc\s+lập\s*-|^THỦ\s*TƯỚNG\s*CHÍNH", text) is not None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="the library's setting only, one round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--load", type=float, default=1.0, help="wait for a 1-minute load average under this (default 1.0)")
    ap.add_argument("--wait", type=float, default=300, help="most seconds to wait for it before each round (default 300)")
    ap.add_argument("--markdown-only", action="store_true", help="rewrite OCR_RESULTS.md from ocr_results.json")
    ap.add_argument("--corpus-only", action="store_true", help="run the corpus table again, keep the other figures")
    ap.add_argument("--library-only", action="store_true",
                    help="measure the library's setting again (--rounds runs) beside the full table, keep the other figures")
    args = ap.parse_args()
    if args.markdown_only or args.corpus_only or args.library_only:
        results = json.loads((HERE / "ocr_results.json").read_text(encoding="utf-8"))
        if args.library_only:
            results["library_again"] = {"run": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                        **throughput(args.rounds, SETTINGS[:1], args.load, args.wait)[0]}
            (HERE / "ocr_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if args.corpus_only:
            results["corpus"], results["corpus_run"] = corpus_table(), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            results["ocr_texts"] = ocr_text_rows()
            (HERE / "ocr_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (HERE / "OCR_RESULTS.md").write_text(_markdown(results), encoding="utf-8")
        return
    from vn_directive_nlp.readers import ocr

    if not ocr.available()[0]:
        sys.exit(f"OCR not available: {ocr.available()[1]}")
    settings = SETTINGS[:1] if args.quick else SETTINGS
    results: dict = {"run": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "cores": os.cpu_count(),
                     "tessdata": _tessdata(), "load_wanted": args.load}
    results["throughput"] = throughput(1 if args.quick else args.rounds, settings, args.load, args.wait,
                                       [] if args.quick else THREAD_SETTINGS)
    results["round_trip"] = round_trips()
    results["corpus"] = corpus_table()
    results["ocr_texts"] = ocr_text_rows()
    (HERE / "ocr_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "OCR_RESULTS.md").write_text(_markdown(results), encoding="utf-8")
    print((HERE / "OCR_RESULTS.md").read_text(encoding="utf-8"))


def _tessdata() -> str:
    """Which Vietnamese model tesseract uses: its version string and the file's size."""
    import subprocess

    from vn_directive_nlp.readers import ocr

    out = subprocess.run([ocr.tesseract_path() or "tesseract", "--version"], capture_output=True, text=True, check=False)
    version = (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else "tesseract"
    for folder in ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", os.environ.get("TESSDATA_PREFIX", "")):
        model = pathlib.Path(folder) / "vie.traineddata"
        if folder and model.is_file():
            return f"{version}, {model} ({model.stat().st_size // 1024} KiB)"
    return version


def _markdown(r: dict) -> str:
    tp = r["throughput"]
    lib = tp[0]
    out = [
        "# OCR benchmark",
        "",
        f"Run {r['run']} on {r['cores']} cores, {r['tessdata']}. Re-run with `.venv/bin/python benchmarks/ocr.py`.",
        "",
        f"**Throughput, wall clock, the library's setting ({lib['dpi']} dpi, psm {lib['psm']}, {lib['processes']} tesseract "
        f"processes of {lib['threads']} thread): median {lib['pages_per_s_median']} pages/s** over {len(lib['runs'])} runs "
        f"of {lib['runs'][0]['pages']} A4 pages (range {lib['pages_per_s_range'][0]}–{lib['pages_per_s_range'][1]}); "
        "1-minute load average at the start and end of each run: "
        + "; ".join(f"{x['load'][0]} → {x['load'][1]}" for x in lib["runs"]) + ". "
        f"The machine is shared by other engineers' jobs: each round waited (up to its limit) for a load under "
        f"{r['load_wanted']} before it began, and a load above 0 on 2 cores is CPU the OCR did not get.",
        "",
        _verdict(r),
        "",
        *_again(r),
        "Pages: text-layer PDFs of corpus-dev2 (characters right are counted on these, against their text layer) and "
        "its broken-font and scanned PDFs, one document OCR'd by `ocr.ocr_pdf_pages` (render, orientation check, "
        "tesseract, layout) as `parse_file(..., ocr='auto')` runs it, timed from the first render to the last page read.",
        "",
        "Characters right count characters of the text layer found in the same order; the text layer reads a "
        "two-column header row by row and the OCR column by column, so the header costs a few points there. "
        "Words right count the text layer's words found in any order.",
        "",
        "| dpi | psm | tesseract processes × threads | pages | pages/s (median) | range | 1-min load at start of each run | chars right (mean / min) | words right |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in tp:
        out.append(f"| {c['dpi']} | {c['psm']} | {c['processes']} × {c['threads']} | {c['runs'][0]['pages']} × {len(c['runs'])} "
                   f"| {c['pages_per_s_median']} | {c['pages_per_s_range'][0]}–{c['pages_per_s_range'][1]} "
                   f"| {', '.join(str(x['load'][0]) for x in c['runs'])} | {c['chars_right']} / {c['chars_right_min']} | {c['words_right']} |")
    out += ["", "## Round trip: text → image-only PDF (300 dpi) → OCR → parse", "",
            "| text | pages | pages/s (end to end) | chars right | assignments (text / OCR) | assignments F1 | number (text / OCR) |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for t in r.get("round_trip", []):
        out.append(f"| {t['text']} | {t['pages']} | {t['pages_per_s']} | {t['chars_right']} | {t['assignments_text']} / {t['assignments_ocr']} "
                   f"| {t['assignments_f1']} | {t['number'][0]} / {t['number'][1]} |")
    out += ["", "## corpus-dev2 PDFs (`parse_file(..., ocr='auto')`)", "",
            f"Run {r.get('corpus_run', r['run'])}. Text twin: none of these PDFs has its text in the corpus, so for the PDFs "
            "with a usable text layer the twin is that layer: an image-only copy of the PDF (300 dpi, signature fields drawn) "
            "is OCR'd and parsed, and its assignments are scored against the text layer's, by (segment, leads) and by leads "
            "alone (OCR can change the segment tree where a marker is misread). Number and date: as MANIFEST.tsv gives them.",
            "",
            "| file | text layer | pages | number | date | pages OCR'd | seconds | assignments | image copy OCR'd: number / date / seconds / assignments / F1 vs text (segment + leads; leads only) / chars right |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in r["corpus"]:
        twin = row.get("twin")
        twin_cell = (f"{_yes(twin['number_ok'])} / {_yes(twin['date_ok'])} / {twin['seconds']} / {twin['assignments']} "
                     f"/ {twin['f1']}; {twin.get('f1_leads', '–')} / {twin['chars_right']}"
                     if twin else "– (no text twin)")
        out.append(
            f"| {row['file']} | {row['layer']} | {row['pages']} | {_yes(row['number_ok'])} ({row['number']}) "
            f"| {_yes(row['date_ok'])} ({row['date']}) | {row['pages_ocr'] or '–'} | {row['seconds']} | {row['assignments']} | {twin_cell} |"
        )
    return "\n".join(out + _before_after(r) + _ocr_text_table(r)) + "\n"


def _before_after(r: dict) -> list[str]:
    """The image copies' figures before the OCR-tolerance work (``corpus_before``) beside now."""
    before = {row["file"]: row for row in r.get("corpus_before", [])}
    rows = [(row, before[row["file"]]) for row in r["corpus"] if row.get("twin") and row["file"] in before]
    if not rows:
        return []
    out = ["", f"Image copies OCR'd, before the OCR-tolerant anchors (run {r.get('corpus_before_run', '?')}, main at "
           f"{r.get('corpus_before_commit', '?')}, on the same tesseract output) → now. F1 vs the text layer's parse. "
           "\"Now\" is main as it stands, with the other rule changes made since (cv1103's last assignment is one of "
           "theirs: the OCR-tolerance changes alone left it at 0.9231).", "",
           "| file | F1 segment + leads | F1 leads only | number | date |", "| --- | --- | --- | --- | --- |"]
    for now, old in rows:
        a, b = old["twin"], now["twin"]
        out.append(f"| {now['file']} | {a['f1']} → {b['f1']} | {a.get('f1_leads', '–')} → {b.get('f1_leads', '–')} "
                   f"| {_yes(a['number_ok'])} → {_yes(b['number_ok'])} | {_yes(a['date_ok'])} → {_yes(b['date_ok'])} |")
    return out


def _ocr_text_table(r: dict) -> list[str]:
    """Third-party OCR texts of corpus-dev2 parsed as text, before and now."""
    rows = r.get("ocr_texts", [])
    if not rows:
        return []
    before = {row["file"]: row for row in r.get("ocr_texts_before", [])}
    out = ["", "## corpus-dev2 OCR texts (a third party's OCR of a scan, `parse_text`)", "",
           "Fields against MANIFEST.tsv: right, null (not read: the scan's number and day are not legible in this OCR), "
           "or wrong. Debris: assignments holding the header's motto or issuer line, or starting after the body's "
           "closing \"./.\" (the recipients list). Before: " + r.get("corpus_before_commit", "?") + ".", "",
           "| file | | kind | doc_type | number | issued_date | issuer | recipients | assignments | header debris | recipient debris | top-level segments |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        for tag, x in (("before", before.get(row["file"])), ("now", row)):
            if x is None:
                continue
            f = x["fields"]
            out.append(f"| {row['file']} | {tag} | " + " | ".join(f"{f[k][2]} ({f[k][0]})" for k in ("kind", "doc_type", "number", "issued_date"))
                       + f" | {x['issuer']} | {x['recipients']} | {x['assignments']} | {x['header_debris']} | {x['recipient_debris']} "
                       f"| {' '.join(x['top_segments'])} |")
    return out


def _again(r: dict) -> list[str]:
    """The library's setting measured again at a quieter moment (``--library-only``), if it was."""
    a = r.get("library_again")
    if not a:
        return []
    return [f"Measured again at {a['run']} ({a['dpi']} dpi, psm {a['psm']}, {a['processes']} × {a['threads']}): "
            f"**median {a['pages_per_s_median']} pages/s** over {len(a['runs'])} runs of {a['runs'][0]['pages']} pages "
            f"(range {a['pages_per_s_range'][0]}–{a['pages_per_s_range'][1]}); 1-minute load at the start and end of each run: "
            + "; ".join(f"{x['load'][0]} → {x['load'][1]}" for x in a["runs"]) + ". "
            + _quietest(a["runs"]), ""]


def _quietest(runs: list[dict]) -> str:
    """What the run at the lowest load reached, against the target."""
    q = min(runs, key=lambda x: x["load"][0] + x["load"][1])
    met = "meets" if q["pages_per_s"] >= 1 else "misses"
    return (f"The run at the lowest load (1-minute load {q['load'][0]} → {q['load'][1]} on 2 cores) "
            f"{met} the target: {q['pages_per_s']} pages/s ({q['pages']} pages in {q['seconds']} s).")


def _verdict(r: dict) -> str:
    """The target read against the runs, saying how busy the machine was."""
    # The full table's run, or the library's setting measured again, whichever had the quieter machine.
    lib = min([r["throughput"][0]] + ([r["library_again"]] if "library_again" in r else []),
              key=lambda m: min(x["load"][0] for x in m["runs"]))
    med, loads = lib["pages_per_s_median"], [x["load"][0] for x in lib["runs"]]
    quiet = min(loads) < 2
    if med >= 1:
        return (f"Target ≥ 1 page/s on 2 cores at 300 dpi: **met** (median {med} pages/s, 1-minute load "
                f"{min(loads)}–{max(loads)} at the runs' start).")
    if quiet:
        return f"Target ≥ 1 page/s on 2 cores at 300 dpi: **not met** (median {med}, on a machine with a load under 2)."
    return (f"Target ≥ 1 page/s on 2 cores at 300 dpi: **not shown** — median {med} pages/s, measured with a "
            f"1-minute load of {min(loads)}–{max(loads)} on 2 cores (other jobs held most of the CPU); "
            "no quiet moment came within the wait, so these figures are a floor, not the idle rate.")


def _yes(ok: bool) -> str:
    return "yes" if ok else "no"


if __name__ == "__main__":
    main()
