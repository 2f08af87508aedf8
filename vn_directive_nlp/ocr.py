"""OCR of scanned PDF pages with the ``tesseract`` command line (Vietnamese data ``vie``).

Pages are rendered with pypdfium2 (~300 dpi) and read by ``tesseract`` in a subprocess, so
there is no extra Python dependency. A missing tesseract or language pack is a warning, never
a crash. Install: ``apt-get install tesseract-ocr tesseract-ocr-vie``.

>>> texts, warnings = ocr_pdf_pages(open("scan.pdf", "rb").read(), [0])  # doctest: +SKIP
>>> texts[0][:15]  # doctest: +SKIP
'VĂN PHÒNG CHÍNH'
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

from .textutil import nfc

LANG = "vie"
DPI = 300
#: Seconds one page may take before tesseract is stopped.
PAGE_TIMEOUT = 120
#: Most pages OCR'd in one document (OCR costs seconds a page).
MAX_OCR_PAGES = 200


def tesseract_path() -> str | None:
    """The ``tesseract`` executable (``$TESSERACT`` or on PATH), or None."""
    env = os.environ.get("TESSERACT")
    if env and os.path.isfile(env):
        return env
    return shutil.which("tesseract")


@functools.cache
def _languages(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # First line is a header ("List of available languages in ... (3):").
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def available(lang: str = LANG) -> tuple[bool, str | None]:
    """(whether OCR in ``lang`` can run, the reason when not)."""
    exe = tesseract_path()
    if exe is None:
        return False, "tesseract not found; install tesseract-ocr and tesseract-ocr-vie to OCR scanned pages"
    if lang not in _languages(exe):
        return False, f"tesseract has no '{lang}' language data; install tesseract-ocr-{lang}"
    return True, None


def ocr_image_file(path: str, *, lang: str = LANG, timeout: float = PAGE_TIMEOUT) -> str:
    """Text of one image file, one line per OCR line, a blank line between paragraphs.

    Raises OSError / subprocess errors; :func:`ocr_pdf_pages` turns them into warnings.
    """
    exe = tesseract_path()
    if exe is None:
        raise FileNotFoundError("tesseract")
    # TSV gives each word's box: lines are rebuilt from it, and paragraph breaks from the
    # vertical gaps, as for text-layer PDFs (tesseract's own blank lines fall mid-sentence).
    # --psm 4: one column of text of variable sizes, which is how notices are laid out.
    # One OpenMP thread per tesseract: on few cores its threads contend and a page takes 5x
    # longer (measured: 15 s vs 3 s at 300 dpi on 2 cores); pages run in parallel instead.
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    proc = subprocess.run(
        [exe, path, "stdout", "-l", lang, "--psm", "4", "tsv"],
        capture_output=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, proc.stdout, proc.stderr)
    return nfc(_tsv_to_text(proc.stdout.decode("utf-8", "replace")))


def _tsv_to_text(tsv: str) -> str:
    """Rebuild lines from tesseract TSV rows (level 5 = word) and join them like PDF lines."""
    from .pdf import lines_to_text

    lines: dict[tuple[int, int, int, int], list[tuple[int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        page, block, par, line = (int(c) for c in cols[1:5])
        left, top, height = int(cols[6]), int(cols[7]), int(cols[9])
        lines.setdefault((page, block, par, line), []).append((left, top + height, cols[11]))
    rows = []
    for words in lines.values():
        words.sort()
        # The line's lowest word bottom: stacked Vietnamese diacritics move tops, not bottoms.
        rows.append((float(max(w[1] for w in words)), " ".join(w[2] for w in words)))
    rows.sort(key=lambda r: r[0])
    return lines_to_text(rows)


def ocr_pdf_pages(
    data: bytes,
    pages: list[int],
    *,
    password: str | None = None,
    lang: str = LANG,
    dpi: int = DPI,
    timeout: float = PAGE_TIMEOUT,
) -> tuple[dict[int, str], list[str]]:
    """OCR the 0-based ``pages`` of a PDF: ``({page: text}, warnings)``; never raises on OCR trouble."""
    ok, why = available(lang)
    if not ok:
        return {}, [why]
    import pypdfium2 as pdfium

    warnings: list[str] = []
    if len(pages) > MAX_OCR_PAGES:
        warnings.append(f"only the first {MAX_OCR_PAGES} of {len(pages)} scanned pages were OCR'd")
        pages = pages[:MAX_OCR_PAGES]
    found: dict[int, str] = {}
    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        return {}, [f"OCR could not render the PDF: {e}"]
    with tempfile.TemporaryDirectory(prefix="vn_ocr_") as tmp:
        images: dict[int, str] = {}
        try:
            # pdfium is not thread-safe: render every page first, then OCR them in parallel.
            for i in pages:
                img_path = os.path.join(tmp, f"page{i + 1}.png")
                try:
                    doc[i].render(scale=dpi / 72, grayscale=True).to_pil().save(img_path)
                except (pdfium.PdfiumError, OSError, ValueError, IndexError) as e:
                    warnings.append(f"OCR could not render page {i + 1}: {e}")
                    continue
                images[i] = img_path
        finally:
            doc.close()

        def run(i: int) -> tuple[int, str | None, str | None]:
            try:
                return i, ocr_image_file(images[i], lang=lang, timeout=timeout), None
            except subprocess.TimeoutExpired:
                return i, None, f"OCR of page {i + 1} timed out after {timeout:.0f} s"
            except (OSError, subprocess.SubprocessError) as e:
                return i, None, f"OCR of page {i + 1} failed: {e}"

        workers = max(1, min(len(images), os.cpu_count() or 1, 8))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for i, text, problem in pool.map(run, sorted(images)):
                if problem:
                    warnings.append(problem)
                elif text and text.strip():
                    found[i] = text
    return found, warnings
