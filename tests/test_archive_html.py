"""The tasks page (issue 19.5): one self-contained page, checked in headless Chromium."""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import importlib
import doctest
import pathlib
import shutil
import subprocess

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pandas")

from vn_directive_nlp.archive import Archive  # noqa: E402
from vn_directive_nlp.archive.html import write_tasks_page  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parent / "data" / "archive"
AS_OF = dt.date(2025, 7, 1)


class _Page(html.parser.HTMLParser):
    """Headings, links, rows marked overdue and any outside resource of a page."""

    def __init__(self):
        super().__init__()
        self.h2, self.links, self.overdue, self.outside = [], [], 0, []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_h2 = tag == "h2" or self._in_h2
        if tag == "h2":
            self.h2.append("")
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        if tag == "tr" and attrs.get("class") == "overdue":
            self.overdue += 1
        for key in ("src", "href"):
            if attrs.get(key, "").startswith(("http:", "https:", "//")) or tag in ("script", "link"):
                self.outside.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page")
    with Archive(tmp / "a.duckdb") as archive:
        archive.add([DATA], workers=1)
        tasks = archive.tasks(kind="notice", as_of=AS_OF)
        return write_tasks_page(archive, tasks, tmp / "tasks.html", as_of=AS_OF)


def test_page_has_a_section_per_agency_with_overdue_marked_and_document_links(page):
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    agencies = [h.split(" — ")[0].strip() for h in parsed.h2]
    assert agencies == ["Bộ Tài chính", "Bộ Y tế"]  # 12/TB-VPCP's A1 is followed up, so not open
    assert parsed.overdue == 1 and not parsed.outside
    targets = [link for link in parsed.links if link]
    assert len(targets) == 2
    for link in targets:
        file, _, anchor = link.partition("#")
        view = (page.parent / file).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in view  # lands on the task's segment in the rendered document
    assert page.read_text(encoding="utf-8").count("<svg") == 2  # per agency, per month


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (.ci/run installs it)")
def test_page_renders_in_headless_chromium(page, tmp_path):
    shot = pathlib.Path(os.environ.get("VN_DIRECTIVE_SCREENSHOT", tmp_path / "tasks.png"))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    url = page.as_uri()
    subprocess.run([_chromium(), *flags, f"--screenshot={shot}", "--window-size=1200,1400", url],
                   capture_output=True, timeout=120, check=True)
    dom = subprocess.run([_chromium(), *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert "Bộ Tài chính" in dom and "quá hạn" in dom
    image = pytest.importorskip("PIL.Image").open(shot).convert("RGB")
    assert image.size == (1200, 1400)
    pixels = image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata()
    colours = set(pixels)
    assert len(colours) > 50  # text and charts drawn, not a blank page
    assert (0xC6, 0x28, 0x28) in colours or (0xFD, 0xE8, 0xE8) in colours  # the overdue mark shows


@pytest.mark.parametrize("name", ["schema", "rows", "tasks", "links", "formats", "html", "parquet"])
def test_examples_in_the_archive_modules_run(name):
    module = importlib.import_module(f"vn_directive_nlp.archive.{name}")
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
