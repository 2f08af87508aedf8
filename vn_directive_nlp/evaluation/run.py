"""Entry points: :func:`run_evaluate` (the CLI's ``vn-directive evaluate``) and ``python -m evaluation``.

``python -m evaluation`` parses every document in ``corpus/`` (one line each), then scores every
gold file (seeds, plus ``corpus/gold-dev/`` when its texts are found) and writes
``evaluation/results/report.{json,md}`` and ``f1.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .gold import REPO_ROOT, check_gold, decode_raw, find_gold_paths, load_gold, parse_document, resolve_text
from .report import EvalReport, print_report, to_json, to_markdown, write_chart
from .scorer import score_document, sum_figures, CorpusScore

CORPUS_DIR = (REPO_ROOT or Path.cwd()) / "corpus"
DEV_GOLD_DIR = CORPUS_DIR / "gold-dev"
RESULTS_DIR = (REPO_ROOT or Path.cwd()) / "evaluation" / "results"

EXIT_OK, EXIT_BAD_INPUT, EXIT_NOTHING = 0, 1, 2


def _console(console: Any = None) -> Any:
    from rich.console import Console

    if console is not None:
        return console
    c = Console()
    # Piped output (CI logs) gets rich's 80 columns by default: too narrow for the tables.
    return c if c.is_terminal else Console(width=140)


def _shown(path: Path) -> str:
    """A path relative to the repository when inside it: reports are committed, machines differ."""
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT or Path.cwd()))
    except ValueError:
        return str(path)


def run_evaluate(
    gold_paths: list[str | os.PathLike],
    *,
    texts_dir: str | os.PathLike | None = None,
    json_out: str | os.PathLike | None = None,
    markdown_out: str | os.PathLike | None = None,
    chart_out: str | os.PathLike | None = None,
    baselines: bool = True,
    console: Any = None,
) -> int:
    """Score gold files against ``parse_text`` of their texts, print the report, write the outputs.

    ``gold_paths``: gold files (``*.gold.json``) or directories searched recursively.
    ``texts_dir``: where the raw texts are (``--texts DIR``); otherwise beside each gold file,
    then ``<repo>/../shared/corpus-dev``. A gold file whose text is nowhere is skipped with a note.
    ``json_out`` / ``markdown_out`` / ``chart_out``: files to write (PNG chart needs matplotlib).
    ``baselines``: also run underthesea / dateparser / naive-regex baselines beside ours.
    ``console``: a ``rich.console.Console`` to print to (default: stdout).

    Returns the exit code: 0 = scored; 1 = some gold file is invalid (schema error) or its
    document failed to parse (the others are still scored); 2 = no document could be scored.
    Gold quote / sha256 problems are listed as notes, not errors (run ``tests/test_gold_files.py``).

    >>> run_evaluate(["corpus"], json_out="report.json", baselines=False)  # doctest: +SKIP
    0
    """
    console = _console(console)
    try:
        paths = find_gold_paths(gold_paths)
    except FileNotFoundError as exc:
        console.print(f"error: {exc}", markup=False)
        return EXIT_NOTHING
    rep = EvalReport(score=CorpusScore())
    items, code = [], EXIT_OK
    for path in paths:
        try:
            gold = load_gold(path)
        except (ValidationError, ValueError, OSError) as exc:
            rep.skipped.append({"gold": _shown(path), "reason": f"invalid gold file: {exc}".splitlines()[0]})
            code = EXIT_BAD_INPUT
            continue
        text_path = resolve_text(path, gold, texts_dir)
        if text_path is None:
            rep.skipped.append({"gold": _shown(path), "reason": f"text {gold.text_file} not found"})
            continue
        raw = text_path.read_bytes()
        try:
            notice = parse_document(text_path, raw)
        except Exception as exc:  # one bad document must not lose the others' figures
            rep.skipped.append({"gold": _shown(path), "reason": f"parse failed: {type(exc).__name__}: {exc}"})
            code = EXIT_BAD_INPUT
            continue
        for problem in check_gold(gold, raw, normalized_text=notice.text):
            rep.notes.append(f"gold problem: {problem}")
        score = score_document(gold, notice)
        rep.score.documents.append(score)
        items.append((gold, notice, score))
    rep.score.totals = sum_figures(rep.score.documents)
    if not items:
        console.print("no gold document could be scored", markup=False)
        for s in rep.skipped:
            console.print(f"skipped {s['gold']}: {s['reason']}", markup=False)
        return EXIT_NOTHING
    if baselines:
        from .baselines import run_baselines

        rep.baselines = run_baselines(items)
        rep.notes += [f"baseline {b.field} unavailable: {b.reason}" for b in rep.baselines if b.baseline is None]
    if chart_out is not None:
        note = write_chart(rep, chart_out)
        if note:
            rep.notes.append(note)
    print_report(rep, console)
    for out, render in ((json_out, to_json), (markdown_out, to_markdown)):
        if out is not None:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(render(rep), encoding="utf-8")
    return code


def parse_corpus_line(path: Path) -> str:
    """One readable line for a parsed document: file, kind, number, date, counts, warnings."""
    from vn_directive_nlp import parse_text

    try:
        n = parse_text(decode_raw(path.read_bytes()))
    except Exception as exc:  # report and go on with the next document
        return f"{path.name:<32} FAILED {type(exc).__name__}: {exc}"
    m = n.metadata
    date = m.issued_date.isoformat() if m.issued_date else "-"
    return (f"{path.name:<32} {n.kind:<9} {m.number or '-':<18} {date:<10} "
            f"segments {len(n.segments):>3}  assignments {len(n.assignments):>3}  "
            f"references {len(n.references):>3}  warnings {len(n.warnings)}")


def main(argv: list[str] | None = None) -> int:
    """``python -m evaluation``: parse the corpus, score all gold, write evaluation/results/."""
    ap = argparse.ArgumentParser(prog="python -m evaluation", description=main.__doc__)
    ap.add_argument("--texts", help="directory of the dev texts (default: <repo>/../shared/corpus-dev)")
    ap.add_argument("--out", default=str(RESULTS_DIR), help="directory for report.json, report.md, f1.png")
    ap.add_argument("--no-baselines", action="store_true", help="skip the underthesea / dateparser baselines")
    args = ap.parse_args(argv)
    console = _console()
    console.print(f"Parsing {CORPUS_DIR}", markup=False)
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        console.print(parse_corpus_line(path), markup=False, highlight=False)
    gold = [p for p in sorted(CORPUS_DIR.glob("*.gold.json"))]
    if DEV_GOLD_DIR.is_dir():
        gold.append(DEV_GOLD_DIR)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return run_evaluate(gold, texts_dir=args.texts, json_out=out / "report.json", markdown_out=out / "report.md",
                        chart_out=out / "f1.png", baselines=not args.no_baselines, console=console)


if __name__ == "__main__":
    sys.exit(main())
