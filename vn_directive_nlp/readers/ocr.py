"""OCR of scanned PDF pages with the ``tesseract`` command line (Vietnamese data ``vie``).

Pages are rendered with pypdfium2 (300 dpi, capped at limits.MAX_OCR_PIXELS) into memory and
piped to ``tesseract`` (no temporary files, so nothing is left behind when the process is
killed); pages run in parallel, one tesseract per core. A missing tesseract or language pack
is a warning, never a crash. Install: ``apt-get install tesseract-ocr tesseract-ocr-vie``.

>>> texts, warnings = ocr_pdf_pages(open("scan.pdf", "rb").read(), [0])  # doctest: +SKIP
>>> texts[0][:15]  # doctest: +SKIP
'VĂN PHÒNG CHÍNH'
"""

from __future__ import annotations

import functools
import importlib.util
import io
import math
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import regex

from .. import limits, ocr_tolerance
from ..textutil import nfc
from . import ocr_layout
from .textlayer import readability

LANG = "vie"
#: Resolution pages are rendered at. benchmarks/OCR_RESULTS.md: 200 dpi is faster by the wall
#: clock (median 0.302 vs 0.273 pages/s on a busy machine) but reads fewer words right (0.923 vs
#: 0.935), and on the development scans it misread a header day ("28" as "26") and lost a number
#: that 300 dpi reads; a wrong date is worse than a slow one.
DPI = 300
#: Resolution of the header region read for a number or date only an image holds.
HEADER_DPI = 300
#: Tesseract page segmentation mode: 4 = one column of text of variable sizes, as notices are
#: (OCR_RESULTS.md: psm 3 is slower for the same words, psm 6 loses 4 words in 100); columns
#: side by side are then put in order from the words' positions (ocr_layout).
PSM = 4
#: Seconds one page may take before tesseract is stopped.
PAGE_TIMEOUT = 120
#: Most pages OCR'd in one document (see limits.MAX_OCR_PAGES).
MAX_OCR_PAGES = limits.MAX_OCR_PAGES


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
    if importlib.util.find_spec("PIL") is None:  # pypdfium2 renders pages through Pillow
        return False, "OCR needs Pillow to render pages: pip install 'vn_directive_nlp[ocr]'"
    exe = tesseract_path()
    if exe is None:
        return False, "tesseract not found; install tesseract-ocr and tesseract-ocr-vie to OCR scanned pages"
    if lang not in _languages(exe):
        return False, f"tesseract has no '{lang}' language data; install tesseract-ocr-{lang}"
    return True, None


def ocr_image_file(path: str, *, lang: str = LANG, timeout: float = PAGE_TIMEOUT, psm: int = PSM) -> str:
    """Text of one image file (see :func:`ocr_image`)."""
    with open(path, "rb") as f:
        return ocr_image(f.read(), lang=lang, timeout=timeout, psm=psm)


def ocr_image(image: bytes, *, lang: str = LANG, timeout: float = PAGE_TIMEOUT, psm: int = PSM) -> str:
    """Text of one encoded image (PNG, PNM, ...), one line per OCR line, a blank line between paragraphs.

    Raises OSError / subprocess errors; :func:`ocr_pdf_pages` turns them into warnings.
    """
    return nfc(_tsv_to_text(_tesseract(image, ["-l", lang, "--psm", str(psm), "tsv"], timeout), image, lang))


def _tesseract(image: bytes, args: list[str], timeout: float) -> str:
    """Run tesseract on ``image`` (piped to its stdin) and return its stdout."""
    exe = tesseract_path()
    if exe is None:
        raise FileNotFoundError("tesseract")
    # TSV gives each word's box: lines are rebuilt from it, and paragraph breaks from the
    # vertical gaps, as for text-layer PDFs (tesseract's own blank lines fall mid-sentence).
    # One OpenMP thread per tesseract: on few cores its threads contend and a page takes 5x
    # longer (measured: 15 s vs 3 s at 300 dpi on 2 cores; on a busy machine 50 s a page vs 3 s,
    # benchmarks/OCR_RESULTS.md); pages run in parallel instead.
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    proc = subprocess.run([exe, "stdin", "stdout", *args], input=image, capture_output=True, timeout=timeout, check=False, env=env)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, proc.stdout, proc.stderr)
    return proc.stdout.decode("utf-8", "replace")


def rotation(image: bytes, *, timeout: float = 30) -> int:
    """Degrees (0, 90, 180, 270) tesseract's orientation detection says the image is turned by; 0 if unsure."""
    try:
        out = _tesseract(image, ["--psm", "0", "-l", "osd"], timeout)
    except (OSError, subprocess.SubprocessError):
        return 0
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    try:
        angle, conf = int(fields.get("Rotate", "0").strip()), float(fields.get("Orientation confidence", "0").strip())
    except ValueError:
        return 0
    return angle if conf >= 2.0 else 0


def _tsv_to_text(tsv: str, image: bytes | None = None, lang: str = LANG) -> str:
    """The page's text from tesseract TSV, laid out by the words' positions (see ocr_layout);
    ``image``: the page, where a header word read with little confidence is read again alone."""
    lines, width, height = ocr_layout.read_tsv(tsv)
    if not lines:
        return ""
    rows = ocr_layout.rows_of(ocr_layout.pieces_of(lines))
    left = [MAX_REREADS]  # words a page may have read again

    def line_text(p: ocr_layout.Piece) -> str:
        def reread(k: int) -> tuple[str, float] | None:
            if image is None or left[0] <= 0:
                return None
            left[0] -= 1
            return _reread(image, p.words[k], lang)

        return _header_words(p.text, [(w.left, w.bottom, w.text, w.conf) for w in p.words], reread)

    return ocr_layout.page_text(rows, width=width, height=height, line_text=line_text)


#: Most words of one page read again alone (a number or day read unsurely; each costs a tesseract run).
MAX_REREADS = 4
#: Least tesseract confidence (0-100) for the header's number or day to be taken as read: a
#: handwritten "813" read as "đã" or "513" is left blank (and reported), never guessed.
MIN_HEADER_CONF = 50.0
# "Số:" as OCR misreads it at a line start: "Só:", "S6:", "số;".
_SO_RE = regex.compile(r"\A(\s*)[Ss][óòõỏọốồổỗộoô6ố]\s?[:;]\s?")
_DAY_PREV = ("ngày",)
_DAY_NEXT = ("tháng", "năm")


def _header_words(line: str, words: list[tuple[int, int, str, float]],
                  reread: Callable[[int], tuple[str, float] | None] | None = None) -> str:
    """Fix the header's OCR slips: "Só:" → "Số:", "1105⁄KH" → "1105/KH", "06tháng" → "06 tháng";
    blank a number or day that tesseract is not sure of (unless ``reread``, its box read again
    alone, gives the same digits surely), and drop specks stuck to the day or month ("5$" → "5").

    >>> _header_words("Só:3036 /SCT-CN", [(0, 0, "Só:3036", 66.0), (9, 0, "/SCT-CN", 92.0)])
    'Số: 3036 /SCT-CN'
    >>> _header_words("Số: đã /HC", [(0, 0, "Số:", 49.0), (5, 0, "đã", 0.0), (9, 0, "/HC", 92.0)])
    'Số: /HC'
    >>> _header_words("Só:6791 /SNNMT", [(0, 0, "Só:6791", 39.7), (9, 0, "/SNNMT", 87.5)], lambda k: ("Số;6791.", 66.6))
    'Số: 6791 /SNNMT'
    >>> _header_words("ngày 06tháng 4 năm", [(0, 0, "ngày", 93.2), (5, 0, "06tháng", 89.5), (9, 0, "4", 96.8), (11, 0, "năm", 96.7)])
    'ngày 06 tháng 4 năm'
    """
    texts = [w[2].replace("\u2044", "/") for w in words]
    confs = [w[3] for w in words]
    src = list(range(len(words)))  # the word each token comes from
    for k in range(len(texts) - 1, -1, -1):
        glued = _GLUED_DAY_RE.fullmatch(texts[k])
        if glued:  # "06tháng": the day run into the month word
            texts[k:k + 1], confs[k:k + 1], src[k:k + 1] = [glued[1], glued[2]], [confs[k]] * 2, [src[k]] * 2
    if _SO_RE.match(texts[0]):
        head = _SO_RE.sub("", texts[0])
        n = 2 if head else 1
        texts[0:1], confs[0:1], src[0:1] = ["Số:"] + ([head] if head else []), [confs[0]] * n, [src[0]] * n
        if len(texts) > 1 and not regex.fullmatch(r"/.*", texts[1]) and not _sure(texts[1], confs[1], src[1], reread):
            texts[1] = ""
    for k in range(1, len(texts)):
        prev, nxt = texts[k - 1].lower(), texts[k + 1].lower() if k + 1 < len(texts) else ""
        if (prev in _DAY_PREV and nxt in _DAY_NEXT) or (prev == "tháng" and nxt == "năm"):
            token = regex.sub(r"^\W+|\W+$", "", texts[k])
            texts[k] = token if token.isdigit() and _sure(token, confs[k], src[k], reread) else ""
    return " ".join(t for t in texts if t) if texts != [w[2] for w in words] else line


# "06tháng": a day run into the word after it.
_GLUED_DAY_RE = regex.compile(r"(\d{1,2})(tháng|năm)", regex.I)


def _sure(token: str, conf: float, word: int, reread: Callable[[int], tuple[str, float] | None] | None) -> bool:
    """Is a number or day read surely: with confidence, or the same digits again, confidently, when
    its word is read once more alone (a number the signing software drew is often read with little
    confidence next to "Só:"; a handwritten one gives other digits, or none)."""
    if conf >= MIN_HEADER_CONF:
        return True
    digits = _lead_digits(token)
    if not digits or reread is None:
        return False
    again = reread(word)
    return again is not None and again[1] >= MIN_HEADER_CONF and _lead_digits(_SO_RE.sub("", again[0])) == digits


def _lead_digits(s: str) -> str:
    """The digits a token opens with ("6791." → "6791")."""
    return s[:len(s) - len(s.lstrip("0123456789"))]


def _reread(image: bytes, word: ocr_layout.Word, lang: str) -> tuple[str, float] | None:
    """``word``'s box cut from the page image and OCR'd alone as one line: (its text with the most
    digits, that word's confidence), None if nothing is read."""
    from PIL import Image

    pad = max(1, (word.bottom - word.top) // 2)
    page = Image.open(io.BytesIO(image))
    crop = page.crop((max(0, word.left - pad), max(0, word.top - pad), word.right + pad, word.bottom + pad))
    out = io.BytesIO()
    crop.save(out, format="PPM")
    try:
        tsv = _tesseract(out.getvalue(), ["-l", lang, "--psm", "7", "tsv"], PAGE_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    read = [w for line in ocr_layout.read_tsv(tsv)[0] for w in line]
    if not read:
        return None
    best = max(read, key=lambda w: sum(c.isdigit() for c in w.text))
    return best.text, best.conf


def render_page(doc, i: int, *, dpi: int = DPI) -> tuple[bytes, str | None]:
    """Page ``i`` as a grayscale PGM image at ``dpi``, scaled down to limits.MAX_OCR_PIXELS: (image, warning)."""
    page = doc[i]
    try:
        w, h = page.get_size()
        scale = dpi / 72
        warning = None
        if w * h * scale * scale > limits.MAX_OCR_PIXELS:
            scale = math.sqrt(limits.MAX_OCR_PIXELS / max(w * h, 1.0))
            warning = (
                f"page {i + 1} is {w / 72 * 25.4:.0f} x {h / 72 * 25.4:.0f} mm; OCR'd at {scale * 72:.0f} dpi "
                "(limits.MAX_OCR_PIXELS)"
            )
        bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
        out = io.BytesIO()
        bitmap.to_pil().convert("L").save(out, format="PPM")
        bitmap.close()
        return out.getvalue(), warning
    finally:
        page.close()


def ocr_header(data: bytes, *, page: int = 0, password: str | None = None, share: float = 0.4,
               dpi: int = HEADER_DPI, lang: str = LANG) -> tuple[str | None, str | None]:
    """OCR the top ``share`` of a page (where the number and date are): ``(text, problem)``."""
    ok, why = available(lang)
    if not ok:
        return None, why
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
        try:
            p = doc[page]
            w, h = p.get_size()
            scale = min(dpi / 72, (limits.MAX_OCR_PIXELS / max(w * h * share, 1.0)) ** 0.5)
            bitmap = p.render(scale=scale, grayscale=True, crop=(0, h * (1 - share), 0, 0), may_draw_forms=False)
            out = io.BytesIO()
            bitmap.to_pil().convert("L").save(out, format="PPM")
            p.close()
        finally:
            doc.close()
        return ocr_image(out.getvalue(), lang=lang, timeout=PAGE_TIMEOUT), None
    except (pdfium.PdfiumError, OSError, ValueError, IndexError, subprocess.SubprocessError) as e:
        return None, f"OCR of the header failed: {e}"


def _read_page(i: int, image: bytes, lang: str, psm: int, timeout: float) -> tuple[int, str | None, str | None]:
    """OCR one rendered page, turned upright first when it was scanned sideways or upside down."""
    try:
        turned = False
        if looks_sideways(image):  # tesseract reads sideways text slowly and wrongly: turn it first
            image, turned = _upright(image)
        text = ocr_image(image, lang=lang, timeout=timeout, psm=psm)
        score = readability(text)
        # Some text, little of it Vietnamese: perhaps upside down (a blank page has nothing to turn).
        if not turned and len(text.strip()) >= 20 and (len(text.strip()) < 200 or score.syllables < 0.6):
            image, turned = _upright(image)
            if turned:
                text = ocr_image(image, lang=lang, timeout=timeout, psm=psm)
        return i, text, None
    except subprocess.TimeoutExpired:
        return i, None, f"OCR of page {i + 1} timed out after {timeout:.0f} s"
    except (OSError, subprocess.SubprocessError) as e:
        return i, None, f"OCR of page {i + 1} failed: {e}"


def _upright(image: bytes) -> tuple[bytes, bool]:
    """The image turned as tesseract's orientation detection says, and whether it was turned."""
    angle = rotation(image)
    if not angle:
        return image, False
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(image)).rotate(-angle, expand=True).save(out, format="PPM")
    return out.getvalue(), True


def looks_sideways(image: bytes) -> bool:
    """Whether the lines of ink run up the page rather than across it (a page scanned turned by
    a quarter): the ink profile along the columns then changes more than along the rows.
    A few milliseconds, against a second of CPU for tesseract's orientation detection."""
    import numpy as np
    from PIL import Image

    img = Image.open(io.BytesIO(image)).convert("L")
    img = img.resize((400, max(1, img.height * 400 // max(img.width, 1))))
    ink = 255.0 - np.asarray(img, dtype=np.float32)
    rows, cols = ink.sum(axis=1), ink.sum(axis=0)

    def change(profile) -> float:
        return float(np.std(np.diff(profile)) / (np.mean(profile) + 1e-6))

    return change(cols) > 1.5 * change(rows)


def ocr_pdf_pages(
    data: bytes,
    pages: list[int],
    *,
    password: str | None = None,
    lang: str = LANG,
    dpi: int = DPI,
    psm: int = PSM,
    timeout: float = PAGE_TIMEOUT,
    workers: int | None = None,
) -> tuple[dict[int, str], list[str]]:
    """OCR the 0-based ``pages`` of a PDF: ``({page: text}, warnings)``; never raises on OCR trouble.

    Pages are rendered one at a time (pdfium is not thread-safe) and read by ``workers``
    tesseract processes (default: one per core); at most ``workers`` images wait in memory.
    OCR stops at limits.MAX_OCR_SECONDS, with a warning naming the pages not read.
    """
    ok, why = available(lang)
    if not ok:
        return {}, [why or "OCR is not available"]
    import pypdfium2 as pdfium

    warnings: list[str] = []
    if len(pages) > limits.MAX_OCR_PAGES:
        warnings.append(f"only the first {limits.MAX_OCR_PAGES} of {len(pages)} pages to OCR were OCR'd (limits.MAX_OCR_PAGES)")
        pages = pages[: limits.MAX_OCR_PAGES]
    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        return {}, [f"OCR could not render the PDF: {e}"]
    workers = workers or max(1, min(len(pages), os.cpu_count() or 1, 8))
    deadline = time.monotonic() + limits.MAX_OCR_SECONDS
    found: dict[int, str] = {}
    late: list[int] = []
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending: set = set()
            for i in pages:
                left = deadline - time.monotonic()
                if left <= 0:
                    late.append(i)
                    continue
                while len(pending) >= workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    _collect(done, found, warnings)
                try:
                    image, warning = render_page(doc, i, dpi=dpi)
                except (pdfium.PdfiumError, OSError, ValueError, IndexError) as e:
                    warnings.append(f"OCR could not render page {i + 1}: {e}")
                    continue
                if warning:
                    warnings.append(warning)
                pending.add(pool.submit(_read_page, i, image, lang, psm, min(timeout, max(left, 1.0))))
            _collect(pending, found, warnings)
    finally:
        doc.close()
    if late:
        warnings.append(
            f"OCR stopped after {limits.MAX_OCR_SECONDS:g} s (limits.MAX_OCR_SECONDS): page(s) "
            + ", ".join(str(i + 1) for i in late) + " not OCR'd"
        )
    found, repaired = _misread_markers(found)
    return found, warnings + repaired


def _misread_markers(found: dict[int, str]) -> tuple[dict[int, str], list[str]]:
    """The pages' text with list markers OCR misread at a line start ("_1, Quy định", "@) Về …")
    written as the document's sequence shows them (ocr_tolerance), across the pages in order."""
    pages = sorted(found)
    fixed, warnings = ocr_tolerance.misread_line_markers([ln for i in pages for ln in found[i].split("\n")])
    out: dict[int, str] = {}
    k = 0
    for i in pages:
        n = found[i].count("\n") + 1
        out[i], k = "\n".join(fixed[k:k + n]), k + n
    return out, [f"OCR: {w}" for w in warnings]


def _collect(futures, found: dict[int, str], warnings: list[str]) -> None:
    for fut in sorted(futures, key=lambda f: f.result()[0]):
        i, text, problem = fut.result()
        if problem:
            warnings.append(problem)
        elif text and text.strip():
            found[i] = text
