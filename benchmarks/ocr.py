"""OCR benchmark: pages/s and characters right, by resolution and page segmentation mode.

    .venv/bin/python benchmarks/ocr.py                 # 200/300 dpi x psm 3/4/6, then the corpus table
    .venv/bin/python benchmarks/ocr.py --quick         # 300 dpi, psm 4 only

Three page sets: (1) the text-layer PDFs of ``../shared/corpus-dev2/pdf`` rendered to images
(the text layer is the reference), (2) seed texts drawn onto A4 images (the seed is the
reference), (3) for the throughput target, those pages OCR'd by one tesseract per core.
Characters right = characters of the reference matched in order by the OCR text (difflib),
spaces collapsed. Then, for each PDF of corpus-dev2: number/date read, pages OCR'd, seconds.
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
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT / "tests"))
DEV2 = ROOT.parent / "shared" / "corpus-dev2"
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))


def chars_right(ocr_text: str, reference: str) -> float:
    """Share of the reference's characters that the OCR text has, in order (spaces collapsed)."""
    a, b = " ".join(reference.split()), " ".join(ocr_text.split())
    if not a:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in m.get_matching_blocks()) / len(a)


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

    from vn_directive_nlp import pdf

    doc = pdfium.PdfDocument(data)
    try:
        return [pdf.repair_glyph_substitutions("\n\n".join(pdf._pdfium_page_text(doc, i)))[0] for i in range(len(doc))]
    finally:
        doc.close()


def seed_image_pages(limit: int) -> list[tuple[str, bytes, str]]:
    """(name, PGM image, reference) of seed texts drawn on A4 at 300 dpi (tests/pdfutil)."""
    from pdfutil import find_font, render_text_images

    if find_font() is None:
        return []
    out = []
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        images = render_text_images(text)
        lines_per_page = len(text.split("\n")) // max(len(images), 1)
        for k, img in enumerate(images[:2]):
            buf = io.BytesIO()
            img.save(buf, format="PPM")
            # The page's reference: the wrapped lines drawn on it (render_text_images wraps the same way).
            out.append((seed.name[:3], buf.getvalue(), _drawn_text(text, k)))
        if len(out) >= limit:
            break
    return out[:limit]


def _drawn_text(text: str, page: int) -> str:
    import textwrap

    width_px, height_px, font_px, margin = 2480, 3508, 40, 150
    chars_per_line = int((width_px - 2 * margin) / (font_px * 0.55))
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, chars_per_line, break_on_hyphens=False) or [""])
    per_page = (height_px - 2 * margin) // int(font_px * 1.5)
    return "\n".join(lines[page * per_page : (page + 1) * per_page])


def render(data: bytes, page: int, dpi: int) -> bytes:
    import pypdfium2 as pdfium

    from vn_directive_nlp import ocr

    doc = pdfium.PdfDocument(data)
    try:
        return ocr.render_page(doc, page, dpi=dpi)[0]
    finally:
        doc.close()


def _child_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _scaled(image: bytes, factor: float) -> bytes:
    from PIL import Image

    img = Image.open(io.BytesIO(image))
    out = io.BytesIO()
    img.resize((int(img.width * factor), int(img.height * factor)), Image.LANCZOS).save(out, format="PPM")
    return out.getvalue()


def run_config(images: list[tuple[bytes, str]], psm: int, workers: int) -> dict:
    """OCR every image with ``workers`` tesseracts: pages/s and characters right."""
    from vn_directive_nlp import ocr

    def one(item):
        return ocr.ocr_image(item[0], psm=psm)

    t0, cpu0 = time.perf_counter(), _child_cpu()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        texts = list(pool.map(one, images))
    seconds, cpu = time.perf_counter() - t0, _child_cpu() - cpu0
    acc = [chars_right(t, ref) for t, (_, ref) in zip(texts, images)]
    if acc and min(acc) < 0.8:
        k = acc.index(min(acc))
        print(f"lowest page {k}: {acc[k]:.3f}\nOCR: {texts[k][:300]!r}\nREF: {images[k][1][:300]!r}", file=sys.stderr)
    return {
        "pages": len(images),
        "seconds": round(seconds, 2),
        "pages_per_s": round(len(images) / seconds, 3),
        # Tesseract's CPU seconds a page: what the page costs whatever else runs on the machine;
        # cores / that = pages/s on idle cores.
        "cpu_s_per_page": round(cpu / len(images), 2),
        "pages_per_s_idle_est": round(workers * len(images) / cpu, 3) if cpu else None,
        "chars_right": round(sum(acc) / len(acc), 4) if acc else None,
        "chars_right_min": round(min(acc), 4) if acc else None,
    }


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


def corpus_table() -> list[dict]:
    """For each PDF of corpus-dev2: number/date read (vs MANIFEST), pages OCR'd, seconds."""
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
        rows.append({
            "file": cols[0][4:],
            "layer": cols[-1].split(".")[0].replace("TEXT LAYER: ", ""),
            "pages": notice.source.pages,
            "number": notice.metadata.number,
            "number_ok": notice.metadata.number == cols[3],
            "date": str(notice.metadata.issued_date),
            "date_ok": str(notice.metadata.issued_date) == cols[4],
            "pages_ocr": notice.source.pages_ocr,
            "extractors": notice.source.page_extractors,
            "seconds": round(seconds, 2),
            "assignments": len(notice.assignments),
            "warnings": [w for w in notice.warnings if "number" in w or "OCR" in w or "unreadable" in w],
        })
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="300 dpi, psm 4 only")
    ap.add_argument("--pages", type=int, default=6, help="pages per set (default 6)")
    args = ap.parse_args()
    from vn_directive_nlp import ocr

    if not ocr.available()[0]:
        sys.exit(f"OCR not available: {ocr.available()[1]}")
    workers = os.cpu_count() or 1
    load_start = os.getloadavg()
    configs = [(300, 4)] if args.quick else [(200, 3), (200, 4), (200, 6), (300, 3), (300, 4), (300, 6)]
    clean = clean_pdf_pages()[: args.pages]
    seeds = seed_image_pages(args.pages)
    results: dict = {"run": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "cores": workers, "configs": []}
    for dpi, psm in configs:
        row = {"dpi": dpi, "psm": psm}
        if clean:
            row["clean_pdfs"] = run_config([(render(d, i, dpi), ref) for _, d, i, ref in clean], psm, workers)
        if seeds:  # seed images are drawn at 300 dpi; scaled for other resolutions
            row["seed_images"] = run_config([(img if dpi == 300 else _scaled(img, dpi / 300), ref) for _, img, ref in seeds], psm, workers)
        results["configs"].append(row)
        print(row, flush=True)
    results["round_trip"] = round_trips()
    results["corpus"] = corpus_table()
    results["load_average"] = {"start": [round(x, 2) for x in load_start], "end": [round(x, 2) for x in os.getloadavg()]}
    (HERE / "ocr_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "OCR_RESULTS.md").write_text(_markdown(results), encoding="utf-8")
    print((HERE / "OCR_RESULTS.md").read_text(encoding="utf-8"))


def _markdown(r: dict) -> str:
    out = [
        "# OCR benchmark",
        "",
        f"Run {r['run']} on {r['cores']} cores (one tesseract per core, OMP_THREAD_LIMIT=1). "
        f"Load average at start {r['load_average']['start']}, at end {r['load_average']['end']}: "
        "other engineers share these cores, so figures taken at a load above 2 are slowed by them.",
        "Re-run with `.venv/bin/python benchmarks/ocr.py`.",
        "",
        "| dpi | psm | clean PDF pages/s (measured) | CPU s/page | pages/s on idle cores (est.) | chars right (clean PDFs, mean / min) | seed images pages/s | seed CPU s/page | chars right (seeds) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in r["configs"]:
        a, b = c.get("clean_pdfs", {}), c.get("seed_images", {})
        out.append(
            f"| {c['dpi']} | {c['psm']} | {a.get('pages_per_s', '–')} | {a.get('cpu_s_per_page', '–')} | {a.get('pages_per_s_idle_est', '–')} "
            f"| {a.get('chars_right', '–')} / {a.get('chars_right_min', '–')} "
            f"| {b.get('pages_per_s', '–')} | {b.get('cpu_s_per_page', '–')} | {b.get('chars_right', '–')} |"
        )
    out += ["", "## Round trip: text → image-only PDF (300 dpi) → OCR → parse", "",
            "| text | pages | pages/s (end to end) | chars right | assignments (text / OCR) | assignments F1 | number (text / OCR) |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for t in r.get("round_trip", []):
        out.append(f"| {t['text']} | {t['pages']} | {t['pages_per_s']} | {t['chars_right']} | {t['assignments_text']} / {t['assignments_ocr']} "
                   f"| {t['assignments_f1']} | {t['number'][0]} / {t['number'][1]} |")
    out += ["", "## corpus-dev2 PDFs (`parse_file(..., ocr='auto')`)", "",
            "| file | text layer | pages | number | date | pages OCR'd | seconds | assignments |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in r["corpus"]:
        out.append(
            f"| {row['file']} | {row['layer']} | {row['pages']} | {'yes' if row['number_ok'] else 'no'} ({row['number']}) "
            f"| {'yes' if row['date_ok'] else 'no'} ({row['date']}) | {row['pages_ocr'] or '–'} | {row['seconds']} | {row['assignments']} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
