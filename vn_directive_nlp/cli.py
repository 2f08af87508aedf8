"""The ``vn-directive`` command line (also ``python -m vn_directive_nlp``).

    vn-directive parse notice.txt                      # the Notice as JSON
    vn-directive parse a.txt b.pdf --format summary    # one line per file
    vn-directive batch 'archive/**/*.txt' -o out.csv --table assignments --resume
    vn-directive render notice.txt -o notice.html
    vn-directive index 'archive/**/*.pdf' --db archive.duckdb     # parse, store, link
    vn-directive tasks --db archive.duckdb --agency "Bộ Tài chính" --overdue --format ics
    vn-directive evaluate gold/*.gold.json --texts corpus --markdown report.md

Exit codes: 0 every input parsed, 1 some inputs failed (one line each on stderr, the
others still printed or written), 2 usage error (or the output is locked by another batch, or an
optional dependency is missing: one line naming the extra to install),
3 the output could not be written (disk full; it ends at the last whole record). Only typer and the standard library
are imported up front; the pipeline loads when a command runs.
"""

from __future__ import annotations

import enum
import glob
import os
import pathlib
import sys
import time
from typing import Iterator, List, Optional

import typer

app = typer.Typer(
    name="vn-directive",
    help="Structured data from Vietnamese Government Office notices and directives.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# Suffixes taken when a directory is given to ``batch``.
DOCUMENT_SUFFIXES = {".txt", ".md", ".pdf", ".html", ".htm", ".docx"}
STDIN = "-"


class OutputFormat(str, enum.Enum):
    json = "json"
    jsonl = "jsonl"
    summary = "summary"


class Ocr(str, enum.Enum):
    auto = "auto"
    never = "never"


class Table(str, enum.Enum):
    notices = "notices"
    assignments = "assignments"
    agencies = "agencies"


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"vn-directive {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the installed version and exit."),
) -> None:
    """Structured data from Vietnamese Government Office notices and directives."""


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def _failure_line(result) -> str:
    """ "missing.txt: error: InputError: no such file" — what a failed input prints on stderr."""
    return f"{result.input}: error: {result.error['type']}: {result.error['message']}"


def _as_of_option(value: Optional[str]):
    """``--as-of YYYY-MM-DD`` as a date; a malformed one is a usage error (exit 2)."""
    if value is None:
        return None
    from .pipeline import _as_date

    try:
        return _as_date(value)
    except (TypeError, ValueError) as exc:
        _err(f"error: --as-of: {exc}")
        raise typer.Exit(2)


def _parse_stdin(item: str, ocr: str, as_of=None):
    """stdin is a document in any format (even when it happens to name a file), read up to the
    input limit and detected like a file: a PDF piped in is a PDF, UTF-16 is UTF-16."""
    from .readers import load
    from .pipeline import parse_bytes

    data = load.read_bounded(sys.stdin.buffer, what="standard input")
    return parse_bytes(data, ocr=ocr, as_of=as_of)


def _parse_inputs(files: List[str], ocr: str, as_of=None) -> Iterator:
    import functools

    from .batch import default_parser, parse_one

    for name in files:
        if name == STDIN:
            result = parse_one("", ocr, parser=functools.partial(_parse_stdin, as_of=as_of))
            result.input = "<stdin>"
            result.sha256 = result.notice.source.sha256 if result.ok and result.notice is not None else None
            yield result
        else:  # the loader reports a missing file, a directory, an empty or binary file
            yield parse_one(pathlib.Path(name), ocr, parser=functools.partial(default_parser, as_of=as_of))


def summary_line(result) -> str:
    """One readable line for a parsed input, e.g.
    ``000.txt: 437/TB-VPCP, 2023-10-26, notice — 14 segments, 15 assignments, 3 references``.
    """
    n = result.notice
    meta = n.metadata
    parts = [
        f"{len(n.segments)} segments",
        f"{len(n.assignments)} assignments",
        f"{len(n.references)} references",
    ]
    if n.warnings:
        parts.append(f"{len(n.warnings)} warnings")
    head = ", ".join([meta.number or "(no number)", meta.issued_date.isoformat() if meta.issued_date else "(no date)", n.kind])
    return f"{result.input}: {head} — " + ", ".join(parts)


@app.command()
def parse(
    files: List[str] = typer.Argument(..., metavar="FILE...", help="Text, PDF, HTML or DOCX files; '-' reads stdin."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json: one object (array for several files); jsonl: one per line; summary: one line per file."),
    ocr: Ocr = typer.Option(Ocr.never, "--ocr", help="never (default, as in the API): pages without a text layer are a warning; auto: OCR them (needs tesseract)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD: name an undated document's agencies as on that day (default: as written, with a warning)."),
) -> None:
    """Parse documents and print the result."""
    as_of_day = _as_of_option(as_of)
    out = sys.stdout
    failures = 0
    first = True
    many = len(files) > 1
    if format is OutputFormat.json and many:
        out.write("[")
    for result in _parse_inputs(files, ocr.value, as_of_day):
        if not result.ok:
            failures += 1
            _err(_failure_line(result))
            continue
        if format is OutputFormat.summary:
            out.write(summary_line(result) + "\n")
        elif format is OutputFormat.jsonl:
            out.write(result.notice.model_dump_json() + "\n")
        else:
            out.write(("" if first else ",\n") + result.notice.model_dump_json())
            if not many:
                out.write("\n")
        first = False
        out.flush()
    if format is OutputFormat.json and many:
        out.write("]\n")
    out.flush()
    raise typer.Exit(1 if failures else 0)


def expand_inputs(patterns: List[str]) -> tuple[list[str], list[str]]:
    """Files named by paths, globs (``**`` recursive) and directories; plus patterns matching nothing.

    >>> expand_inputs(["corpus/*.txt"])  # doctest: +SKIP
    (['corpus/000_9179ca9c3629a68f.txt', ...], [])
    """
    seen: dict[str, None] = {}
    unmatched = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            found = sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
        elif os.path.isdir(pattern):
            found = sorted(
                str(p) for p in pathlib.Path(pattern).rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(".")
            )
        else:
            found = [pattern]  # a missing file is reported as that input's error
        if not found:
            unmatched.append(pattern)
        for p in found:
            seen.setdefault(p, None)
    return list(seen), unmatched


def _progress(total: int):
    """A rich progress bar with rate and ETA on stderr."""
    from rich.console import Console
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
        TimeElapsedColumn, TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} docs/s" if speed else "– docs/s")

    return Progress(
        TextColumn("[bold]parsing"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True),
    )


EXIT_OUTPUT = 3  # the output could not be written (disk full): distinct from failed inputs


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., metavar="PATH_OR_GLOB...", help="Files, directories or globs ('archive/**/*.pdf'); quote globs."),
    out: pathlib.Path = typer.Option(..., "--out", "-o", help="Output .jsonl, .csv or .parquet."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Parallel processes (default: every core)."),
    resume: bool = typer.Option(False, "--resume", help="Skip inputs already in OUT (by input path), parse failed ones again, and append."),
    table: Optional[Table] = typer.Option(None, "--table", help="notices (one row per document, default), assignments (one per assignment, agencies as lists) or agencies (one per assignment and agency)."),
    ocr: Ocr = typer.Option(Ocr.never, "--ocr", help="never (default, as in the API): pages without a text layer are a warning; auto: OCR them (needs tesseract)."),
    compact: bool = typer.Option(False, "--compact", help="Notices in the compact JSON form: spans as offsets into 'text' (JSONL only)."),
    csv_sep: str = typer.Option(",", "--csv-sep", help="CSV field separator: ',' (default) or ';' for Excel under a Vietnamese locale (also tab, '|')."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD: name undated documents' agencies as on that day (default: as written, with a warning)."),
) -> None:
    """Parse many files in parallel into one table, writing each result as soon as it is done."""
    as_of_day = _as_of_option(as_of)
    from . import export
    from .batch import parse_many

    files, unmatched = expand_inputs(inputs)
    for pattern in unmatched:
        _err(f"{pattern}: error: no file matches")
    if not files:
        _err("error: no input files")
        raise typer.Exit(2)
    keys = [os.fspath(pathlib.Path(f)) for f in files]  # = BatchResult.input of each
    try:
        writer = export.open_writer(out, table.value if table else None, resume=resume, retry=set(keys), compact=compact,
                                    csv_sep="\t" if csv_sep in ("\\t", "tab") else csv_sep)
    except export.OutputWriteError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_OUTPUT)
    except (ValueError, ImportError, OSError, export.OutputLockedError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    skipped = len(writer.seen.intersection(keys))
    bar = _progress(len(files)) if sys.stderr.isatty() else None
    task = bar.add_task("parse", total=len(files), completed=skipped) if bar else None
    todo = (pathlib.Path(k) for k in keys if k not in writer.seen)  # a Path is never taken for a text

    started = time.perf_counter()
    documents = failures = assignments = 0
    try:
        if bar:
            bar.start()
        for result in parse_many(todo, workers=workers, ocr=ocr.value, ordered=False, serialize=writer.serializer(),
                                 as_of=as_of_day):
            writer.write(result)
            documents += 1
            assignments += result.n_assignments
            if not result.ok:
                failures += 1
                if bar:
                    bar.console.print(_failure_line(result), markup=False, highlight=False)
                else:
                    _err(_failure_line(result))
            if bar:
                bar.advance(task)
    except export.OutputWriteError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(EXIT_OUTPUT)
    finally:
        if bar:
            bar.stop()
        writer.close()
    seconds = time.perf_counter() - started
    rate = documents / seconds if seconds > 0 else 0.0
    _err(
        f"documents: {documents} ({documents - failures} ok, {failures} failed"
        + (f", {skipped} already in {out.name}" if skipped else "")
        + f"); assignments: {assignments}; seconds: {seconds:.1f} ({rate:.1f} docs/s); output: {out}"
    )
    raise typer.Exit(1 if failures or unmatched else 0)


class TaskFormat(str, enum.Enum):
    table = "table"
    csv = "csv"
    json = "json"
    ics = "ics"
    html = "html"


def _open_archive(db: pathlib.Path, read_only: bool):
    """The Archive at ``db``, or a clear error and exit 2 (missing extra, locked or foreign file)."""
    try:
        from .archive import Archive, ArchiveError, MissingArchiveExtraError

        return Archive(db, read_only=read_only)
    except (MissingArchiveExtraError, ArchiveError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)


@app.command()
def index(
    inputs: List[str] = typer.Argument(..., metavar="PATH_OR_GLOB...", help="Files, directories or globs to add to the archive."),
    db: pathlib.Path = typer.Option(pathlib.Path("archive.duckdb"), "--db", help="The archive (a DuckDB file; created if missing)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Parallel processes (default: every core)."),
    ocr: Ocr = typer.Option(Ocr.never, "--ocr", help="never (default, as in the API): pages without a text layer are a warning; auto: OCR them (needs tesseract)."),
    parquet_dir: Optional[pathlib.Path] = typer.Option(None, "--parquet-dir", help="Also write every table as a Parquet dataset partitioned by year."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD: name undated documents' agencies as on that day (stored undated ones are parsed again)."),
) -> None:
    """Add documents to an archive: new and changed files only, failed ones again; then link them."""
    as_of_day = _as_of_option(as_of)
    files, unmatched = expand_inputs(inputs)
    for pattern in unmatched:
        _err(f"{pattern}: error: no file matches")
    archive = _open_archive(db, read_only=False)
    try:
        report = archive.add(files, workers=workers, ocr=ocr.value, as_of=as_of_day,
                             on_commit=lambda done, total: _err(f"committed {done}/{total} documents"))
        for path, message in report.errors:
            _err(f"{path}: error: {message}")
        if parquet_dir is not None:
            archive.write_parquet(parquet_dir)
    finally:
        archive.close()
    links = ", ".join(f"{k} {v}" for k, v in sorted(report.links.items())) or "none"
    _err(
        f"documents: {report.parsed} parsed ({report.failed} failed), {report.unchanged} unchanged; "
        f"links: {links}; seconds: {report.seconds:.1f}; archive: {db}"
        + (f"; parquet: {parquet_dir}" if parquet_dir else "")
    )
    raise typer.Exit(1 if report.failed or unmatched else 0)


def _iso_day(value: Optional[str], option: str):
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _err(f"error: {option} {value!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(2)


@app.command()
def tasks(
    db: pathlib.Path = typer.Option(pathlib.Path("archive.duckdb"), "--db", help="The archive built by 'index'."),
    agency: Optional[str] = typer.Option(None, "--agency", help="Tasks of this agency (lead or coordinating; any usual name)."),
    include_predecessors: bool = typer.Option(False, "--include-predecessors", help="Also under the agency's earlier names (merged ministries and provinces)."),
    due_before: Optional[str] = typer.Option(None, "--due-before", help="Due on or before this day (YYYY-MM-DD)."),
    due_after: Optional[str] = typer.Option(None, "--due-after", help="Due on or after this day (YYYY-MM-DD)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The day 'overdue' is judged on (default today)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only tasks due before --as-of that no later document follows up."),
    kind: Optional[str] = typer.Option(None, "--kind", help="notice, directive or news."),
    format: TaskFormat = typer.Option(TaskFormat.table, "--format", "-f", help="table, csv, json, ics (VTODOs) or html (one page)."),
    out: Optional[pathlib.Path] = typer.Option(None, "--out", "-o", help="Write here instead of stdout (needed for html)."),
) -> None:
    """Ask the archive: tasks by agency, due date and whether they are overdue."""
    from .errors import VnDirectiveError

    days = {name: _iso_day(value, "--" + name.replace("_", "-"))
            for name, value in (("due_before", due_before), ("due_after", due_after), ("as_of", as_of))}
    if format is TaskFormat.html and out is None:
        _err("error: --format html needs --out PAGE.html (the document views go beside it)")
        raise typer.Exit(2)
    archive = _open_archive(db, read_only=True)
    try:
        found = archive.tasks(agency=agency, include_predecessors=include_predecessors, overdue=overdue, kind=kind, **days)
        if format is TaskFormat.html and out is not None:  # (html without --out was refused above)
            from .archive.html import write_tasks_page

            write_tasks_page(archive, found, out, as_of=days["as_of"])
            _err(f"wrote {out} ({len(found)} tasks)")
            return
    except VnDirectiveError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    finally:
        archive.close()
    from .archive import MissingArchiveExtraError, formats

    writers = {TaskFormat.table: formats.to_text_table, TaskFormat.csv: formats.to_csv, TaskFormat.json: formats.to_json}
    try:
        data = formats.to_ics(found) if format is TaskFormat.ics else writers[format](found).encode("utf-8")
    except MissingArchiveExtraError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)
    if out is None:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        _err(f"wrote {out} ({len(found)} tasks)")


@app.command()
def render(
    file: str = typer.Argument(..., metavar="FILE"),
    out: pathlib.Path = typer.Option(..., "--out", "-o", help="The HTML page to write."),
    ocr: Ocr = typer.Option(Ocr.never, "--ocr", help="never (default, as in the API): pages without a text layer are a warning; auto: OCR them (needs tesseract)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD: name an undated document's agencies as on that day (default: as written, with a warning)."),
) -> None:
    """Write an HTML view: highlighted text, segment outline, table of assignments."""
    result = next(_parse_inputs([file], ocr.value, _as_of_option(as_of)))
    if not result.ok:
        _err(_failure_line(result))
        raise typer.Exit(1)
    from .render import write_html

    try:
        write_html(result.notice, out)
    except OSError as exc:
        _err(f"{out}: error: {exc.strerror or exc}")
        raise typer.Exit(1)
    _err(f"wrote {out}")


@app.command()
def evaluate(
    gold: List[pathlib.Path] = typer.Argument(..., metavar="GOLD...", help="Gold annotation files (*.gold.json)."),
    texts: Optional[pathlib.Path] = typer.Option(None, "--texts", help="Directory of the documents the gold files name."),
    json_out: Optional[pathlib.Path] = typer.Option(None, "--json", help="Write the scores as JSON."),
    markdown_out: Optional[pathlib.Path] = typer.Option(None, "--markdown", help="Write a Markdown report."),
    chart_out: Optional[pathlib.Path] = typer.Option(None, "--chart", help="Write a chart (needs the plot extra)."),
    baselines: Optional[bool] = typer.Option(None, "--baselines/--no-baselines", help="Also score the baselines (underthesea, dateparser, regex; the baselines extra). Default: when that extra is installed."),
    compare: Optional[pathlib.Path] = typer.Option(None, "--compare", metavar="OLD.json", help="Show each figure's change against an earlier --json report, with the documents gained and lost."),
    resamples: int = typer.Option(1000, "--resamples", min=10, help="Bootstrap resamples of the documents for the 95% intervals."),
) -> None:
    """Score the parser against gold annotations (SPEC §4), with 95% bootstrap intervals, per genre and year band."""
    try:
        from vn_directive_nlp.evaluation.run import run_evaluate
    except ImportError as exc:
        if exc.name not in ("vn_directive_nlp.evaluation", "vn_directive_nlp.evaluation.run") and "run_evaluate" not in str(exc):
            raise
        _err("error: evaluation is not available (vn_directive_nlp.evaluation.run is missing in this install)")
        raise typer.Exit(2)
    outcome = run_evaluate(
        [str(p) for p in gold],
        texts_dir=str(texts) if texts else None,
        json_out=str(json_out) if json_out else None,
        markdown_out=str(markdown_out) if markdown_out else None,
        chart_out=str(chart_out) if chart_out else None,
        baselines=baselines,
        compare=str(compare) if compare else None,
        resamples=resamples,
    )
    if isinstance(outcome, int) and not isinstance(outcome, bool):
        raise typer.Exit(outcome)
    if isinstance(outcome, str):
        sys.stdout.write(outcome.rstrip("\n") + "\n")


def _utf8_streams() -> None:
    """Vietnamese must print even under a C/ASCII locale."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


def main() -> None:
    """Console-script entry point. A missing optional dependency is one line naming the extra
    that installs it, and exit code 2 — never a traceback."""
    from .errors import MissingExtraError

    _utf8_streams()
    try:
        app()
    except MissingExtraError as exc:
        _err(f"error: {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
