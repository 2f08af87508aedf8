"""``as_of`` through ``Archive.add`` and ``vn-directive index``: an undated document's agencies are
named as on that day, and a stored undated document takes a later ``as_of`` (dated ones keep theirs)."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from typer.testing import CliRunner  # noqa: E402

from vn_directive_nlp import Archive  # noqa: E402
from vn_directive_nlp.cli import app  # noqa: E402

# The Ministry of Planning and Investment merged into the Ministry of Finance on 1 March 2025.
BODY = ("Kết luận cuộc họp\n\nPhó Thủ tướng kết luận như sau:\n"
        "1. Giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Bộ Y tế báo cáo Thủ tướng Chính phủ.\n")
DATED = "Số: 5/TB-VPCP\nHà Nội, ngày 10 tháng 5 năm 2024\n" + BODY
OLD, NEW = "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"


@pytest.fixture()
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "undated.txt").write_text(BODY, encoding="utf-8")
    (folder / "dated.txt").write_text(DATED, encoding="utf-8")
    return folder


def _leads(archive) -> dict[str, str]:
    rows = archive.sql("SELECT doc_id, name FROM assignment_agencies WHERE role = 'lead'")
    return {doc.rsplit("/", 1)[-1]: name for doc, name in zip(rows.doc_id, rows.name)}


def _warned(archive, name: str) -> bool:
    rows = archive.sql("SELECT doc_id, warnings FROM documents")
    return any("no date" in w for d, ws in zip(rows.doc_id, rows.warnings) if d.endswith(name) for w in ws)


def test_add_names_an_undated_documents_agencies_as_of_the_day_given(docs, tmp_path):
    with Archive(tmp_path / "a.duckdb") as archive:
        archive.add([docs], workers=1)
        assert _leads(archive) == {"undated.txt": OLD, "dated.txt": OLD} and _warned(archive, "undated.txt")
        report = archive.add([docs], workers=1, as_of="2025-06-30")
        # The undated document is parsed again and takes the day; the dated one is unchanged.
        assert (report.parsed, report.unchanged) == (1, 1)
        assert _leads(archive) == {"undated.txt": NEW, "dated.txt": OLD} and not _warned(archive, "undated.txt")


def test_add_refuses_a_malformed_as_of_before_parsing(docs, tmp_path):
    with Archive(tmp_path / "a.duckdb") as archive:
        with pytest.raises(ValueError):
            archive.add([docs], workers=1, as_of="30/06/2025")
        assert archive.sql("SELECT count(*) AS n FROM documents").n[0] == 0


def test_cli_index_takes_as_of(docs, tmp_path):
    runner = CliRunner()
    db = tmp_path / "cli.duckdb"
    res = runner.invoke(app, ["index", str(docs), "--db", str(db), "--workers", "1", "--as-of", "2024-01-01"])
    assert res.exit_code == 0, res.stderr
    with Archive(db, read_only=True) as archive:
        assert _leads(archive) == {"undated.txt": OLD, "dated.txt": OLD} and not _warned(archive, "undated.txt")
    bad = runner.invoke(app, ["index", str(docs), "--db", str(db), "--as-of", "soon"])
    assert bad.exit_code == 2 and "--as-of" in bad.stderr and "Traceback" not in bad.stderr
