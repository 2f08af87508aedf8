"""The HTML view: content a reader checks, escaping, and a real browser screenshot."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil
import subprocess

import pytest

from test_export import sample_notice
from tsvcases import case_rows
from vn_directive_nlp import parse_file
from vn_directive_nlp.models import Deadline, Notice
from vn_directive_nlp.render import deadline_label, highlighted_text, render_html, write_html

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_9179ca9c3629a68f.txt"
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def test_page_shows_number_assignment_row_and_outline():
    page = render_html(sample_notice())
    assert "12/TB-VPCP" in page
    # The assignment row: id, segment link, lead, coordinating, deadline, reference.
    row = page[page.index("<td>A1</td>"):].split("</tr>")[0]
    for cell in ("<li>Bộ Tài chính</li>", "<li>Bộ Tư pháp</li>", "<b>trước 15/05/2024</b>",
                 "“trước ngày 15/5/2024”", "1085/QĐ-TTg"):
        assert cell in row
    assert "before" not in row and "2024-05-15" not in row  # no code words, no ISO dates
    assert 'href="#seg-2-1"' in page and 'id="seg-2-1"' in page  # outline links to the text
    assert '<li class="inherited"' in page  # A2's agencies are inherited




@pytest.mark.parametrize("row", case_rows("render_deadline_cases.tsv"))
def test_deadlines_read_as_a_person_reads_them(row):
    d = Deadline(text="…", kind=row["input"], date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
                 recurrence=row["recurrence"] or None, start=0, end=1)
    assert deadline_label(d) == row["shown"]


def test_every_agency_of_a_cell_is_on_its_own_line():
    notice = sample_notice()
    cells = render_html(notice).split('<ul class="agencies">')[1:]
    for asg, lead_cell in zip(notice.assignments, cells[::2]):
        items = lead_cell.split("</ul>")[0].count("<li")
        assert items == len(asg.lead)


@pytest.mark.parametrize(
    "needle, label",
    [
        ("Bộ Tài chính", "AGENCY"),
        ("trước ngày 15/5/2024", "DEADLINE"),
        ("Quyết định số 1085/QĐ-TTg", "LEGAL_REF"),
        ("Các bộ, ngành, địa phương", "AGENCY"),  # two inherited agencies, one mention, one mark
    ],
)
def test_mentions_are_marked_with_their_label(needle, label):
    body = highlighted_text(sample_notice())
    assert f'<mark class="{label}" title="' in body
    assert body.count(f">{needle}</mark>") == 1


def test_all_document_text_is_escaped():
    notice = sample_notice()
    body = highlighted_text(notice)
    assert "&lt;thủ tục&gt; &amp; &quot;dữ liệu&quot;" in body
    page = render_html(Notice(text="<script>alert(1)</script>", metadata={"title": "<b>x</b>"}))
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>x</b>" not in page


def test_overlapping_spans_do_not_nest_marks():
    notice = sample_notice()
    # A deadline whose span overlaps the reference: the page keeps one of them, well-formed.
    ref = notice.references[0]
    notice.assignments[0].deadlines[1].start, notice.assignments[0].deadlines[1].end = ref.start - 5, ref.start + 5
    body = highlighted_text(notice)
    assert body.count("<mark") == body.count("</mark>")
    for piece in body.split("<mark")[1:]:
        assert piece.count("</mark>") == 1


def test_seed_page_and_screenshot(tmp_path):
    out = tmp_path / "notice.html"
    notice = parse_file(SEED)
    write_html(notice, out)
    page = out.read_text(encoding="utf-8")
    assert notice.metadata.number and notice.metadata.number in page
    assert page.count("<tr>") >= len(notice.assignments)
    browser = next((b for b in BROWSERS if pathlib.Path(b).exists()), None) or shutil.which("chromium")
    if browser is None:
        pytest.skip("no headless browser installed (apt-get install chromium)")
    png = tmp_path / "notice.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1280,2000",
         out.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert png.exists(), "the browser wrote no screenshot"
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a blank page compresses far smaller


def _browser():
    return next((b for b in BROWSERS if pathlib.Path(b).exists()), None) or shutil.which("chromium")


def test_printing_gives_the_whole_document(tmp_path):
    # The defect this guards: the text sat in a scroll box of 1100 px and printing cut it off.
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser installed (apt-get install chromium)")
    notice = parse_file(SEED)
    out = tmp_path / "notice.html"
    write_html(notice, out)
    pdf = tmp_path / "notice.pdf"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", out.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert pdf.exists(), "the browser printed nothing"
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    printed = " ".join(" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc)))
    last_line = [line for line in notice.text.splitlines() if len(line.split()) >= 4][-1]
    assert " ".join(last_line.split()[-4:]) in printed  # the end of the document is on paper
    assert len(doc) >= 3
