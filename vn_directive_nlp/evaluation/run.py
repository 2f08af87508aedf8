"""Entry points: :func:`run_evaluate` (the CLI's ``vn-directive evaluate``) and ``python -m vn_directive_nlp.evaluation``.

``python -m vn_directive_nlp.evaluation`` (the main job, ``bash scripts/run-corpus.sh``) parses every
document in ``corpus/`` (one line each), then scores every gold file (seeds, plus ``corpus/gold-dev/``
when their texts are found in ``../shared/corpus-dev*``) and writes ``out/evaluation/report.{json,md}``
and ``f1.png``; ``--write-results`` refreshes the committed copy in ``evaluation/results/``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from vn_directive_nlp.extras import MODULES, available, require

from .bootstrap import CONFIDENCE, RESAMPLES, SEED, bootstrap_cis
from .gold import (
    REPO_ROOT,
    check_gold,
    decode_raw,
    find_gold_paths,
    load_gold,
    ocr_missing,
    parse_document,
    resolve_text,
)
from .groups import GROUPINGS, band_date, group_order, groups_of
from .report import EvalReport, GroupScore, print_report, to_json, to_markdown, write_chart
from .scorer import CorpusScore, score_document, sum_figures

BASE_DIR = REPO_ROOT or Path.cwd()
CORPUS_DIR = BASE_DIR / "corpus"
DEV_GOLD_DIR = CORPUS_DIR / "gold-dev"
OUT_DIR = BASE_DIR / "out" / "evaluation"  # ignored by git
RESULTS_DIR = BASE_DIR / "evaluation" / "results"  # the committed copy the README quotes

EXIT_OK, EXIT_BAD_INPUT, EXIT_NOTHING = 0, 1, 2
TEXT_MISSING = "text not found"


def _console(console: Any = None) -> Any:
    from rich.console import Console

    if console is not None:
        return console
    c = Console()
    # Piped output (CI logs) gets rich's 80 columns by default: too narrow for the tables.
    return c if c.is_terminal else Console(width=160)


def _shown(path: Path) -> str:
    """A path relative to the repository when inside it: reports are committed, machines differ."""
    for where in (Path(os.path.abspath(path)), Path(path).resolve()):  # ../shared may be a symlink
        for base, prefix in ((BASE_DIR, ""), (BASE_DIR.parent, "../")):  # ../shared/corpus-dev2/x.txt
            try:
                return prefix + str(where.relative_to(base))
            except ValueError:
                continue
    return str(path)


def library_info() -> dict[str, Any]:
    """Which ``vn_directive_nlp`` was scored: version, folder, and its git commit when it is a checkout."""
    import vn_directive_nlp

    folder = Path(vn_directive_nlp.__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "-C", str(folder), "describe", "--always", "--dirty", "--abbrev=12"],
                                capture_output=True, text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):  # no git here: the report simply says so
        commit = None
    return {"version": getattr(vn_directive_nlp, "__version__", None), "path": _shown(folder), "commit": commit}


def score_gold_files(paths: list[Path], texts_dir: str | os.PathLike | None, rep: EvalReport) -> tuple[list, int]:
    """Score each gold file against the library's parse of its document; fills ``rep`` and returns
    the (gold, notice, score) items with the exit code (1 when a gold file or a parse failed)."""
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
            rep.skipped.append({"gold": _shown(path), "reason": f"{TEXT_MISSING}: {gold.text_file}"})
            continue
        raw = text_path.read_bytes()
        try:
            notice = parse_document(text_path, raw)
        except Exception as exc:  # one bad document must not lose the others' figures
            rep.skipped.append({"gold": _shown(path), "reason": f"parse failed: {type(exc).__name__}: {exc}"})
            code = EXIT_BAD_INPUT
            continue
        if (missing := ocr_missing(notice)) is not None:
            rep.notes.append(f"{_shown(text_path)}: {missing} — scored on its text layer alone")
        for problem in check_gold(gold, raw, normalized_text=notice.text):
            rep.notes.append(f"gold problem: {problem}")
        score = score_document(gold, notice)
        date = band_date(gold)
        score.info = {"text_path": _shown(text_path), "kind": gold.kind, "issuer": gold.metadata.issuer,
                      "band_date": date.isoformat() if date else None, **groups_of(gold),
                      "gold_sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        rep.score.documents.append(score)
        items.append((gold, notice, score))
    return items, code


def summarize(rep: EvalReport, *, resamples: int = RESAMPLES, seed: int = SEED) -> None:
    """Totals, per-group totals and their bootstrap intervals over documents."""
    docs = rep.score.documents
    rep.bootstrap = {"resamples": resamples, "seed": seed, "confidence": CONFIDENCE,
                     "unit": "document", "method": "percentile"}
    rep.score.totals = _with_cis(docs, resamples, seed)
    for grouping in GROUPINGS:
        members: dict[str, list] = {}
        for d in docs:
            members.setdefault(d.info.get(grouping, "unknown"), []).append(d)
        order = [g for g in group_order(grouping) if g in members] + sorted(set(members) - set(group_order(grouping)))
        rep.groups[grouping] = {g: GroupScore([d.doc_id for d in members[g]], _with_cis(members[g], resamples, seed))
                                for g in order}
    for row in rep.baselines:
        cis = bootstrap_cis(row.per_document, resamples=resamples, seed=seed)
        row.ours.ci = cis.get("ours")
        if row.baseline is not None:
            row.baseline.ci = cis.get("baseline")


def _with_cis(docs: list, resamples: int, seed: int) -> dict:
    totals = sum_figures(docs)
    cis = bootstrap_cis([d.figures for d in docs], resamples=resamples, seed=seed)
    for name, fig in totals.items():
        fig.ci = cis.get(name)
    return totals


def run_evaluate(
    gold_paths: Sequence[str | os.PathLike],
    *,
    texts_dir: str | os.PathLike | None = None,
    json_out: str | os.PathLike | None = None,
    markdown_out: str | os.PathLike | None = None,
    chart_out: str | os.PathLike | None = None,
    baselines: bool | None = True,
    compare: str | os.PathLike | None = None,
    resamples: int = RESAMPLES,
    console: Any = None,
) -> int:
    """Score gold files against the library's parse of their documents, print the report, write the outputs.

    ``gold_paths``: gold files (``*.gold.json``) or directories searched recursively.
    ``texts_dir``: where the documents are (``--texts DIR``); otherwise beside each gold file, then
    ``<repo>/../shared/corpus-dev*`` (and their ``pdf/``). Gold files whose document is nowhere are
    skipped and counted in one line. ``json_out`` / ``markdown_out`` / ``chart_out``: files to write
    (the PNG chart needs the ``plot`` extra). ``baselines``: also run the underthesea / dateparser /
    regex baselines (True: they must run, the ``baselines`` extra; None: when that extra is
    installed, else a note in the report says how to get them). ``compare``: an earlier JSON report
    to show each figure's change against.
    ``resamples``: bootstrap resamples for the 95 % intervals. ``console``: a rich Console.

    Returns the exit code: 0 = scored; 1 = some gold file is invalid (schema error), its document
    failed to parse, or ``compare`` is unreadable (the others are still scored); 2 = nothing scored.
    Raises :class:`~vn_directive_nlp.errors.MissingExtraError` before scoring when the chart or
    the baselines are asked for and their extra is not installed.

    >>> run_evaluate(["corpus"], json_out="report.json", baselines=False)  # doctest: +SKIP
    0
    """
    console = _console(console)
    baselines = _check_extras(baselines, chart_out)
    try:
        paths = find_gold_paths(gold_paths)
    except FileNotFoundError as exc:
        console.print(f"error: {exc}", markup=False)
        return EXIT_NOTHING
    rep = EvalReport(score=CorpusScore(), library=library_info())
    items, code = score_gold_files(paths, texts_dir, rep)
    if not items:
        console.print("no gold document could be scored", markup=False)
        for s in rep.skipped:
            console.print(f"skipped {s['gold']}: {s['reason']}", markup=False)
        return EXIT_NOTHING
    if baselines is None:
        rep.notes.append("baselines not run: underthesea / dateparser are not installed "
                         "(pip install 'vn_directive_nlp[baselines]')")
    elif baselines:
        from .baselines import run_baselines

        rep.baselines = run_baselines(items)
        rep.notes += [f"baseline {b.field} unavailable: {b.reason}" for b in rep.baselines if b.baseline is None]
    summarize(rep, resamples=resamples)
    if compare is not None:
        code = max(code, _compare(rep, compare, console))
    if chart_out is not None:
        note = _write(chart_out, lambda path: write_chart(rep, path), console)
        if note is False:
            code = max(code, EXIT_BAD_INPUT)
        elif note:
            rep.notes.append(note)
    print_report(rep, console)
    for out, render in ((json_out, to_json), (markdown_out, to_markdown)):
        if out is not None and _write(out, lambda path: Path(path).write_text(render(rep), encoding="utf-8"),
                                      console) is False:
            code = max(code, EXIT_BAD_INPUT)
    return code


def _check_extras(baselines: bool | None, chart_out: Any) -> bool | None:
    """``baselines`` as run_evaluate uses it (None: not installed, a note) — or, for a chart or
    baselines asked for without their extra, :class:`MissingExtraError` before any scoring."""
    if chart_out is not None and not available("plot"):
        require("matplotlib", "plot", "the evaluation chart")  # raises, naming the extra
    if baselines is None:
        return True if available("baselines") else None
    if baselines and not available("baselines"):
        for module in MODULES["baselines"]:  # the missing one raises, naming the extra
            require(module, "baselines", "the evaluation's baselines")
    return baselines


def _write(out: str | os.PathLike, write: Any, console: Any) -> Any:
    """``write(out)`` into a folder made as needed; False (and one error line) when it cannot be written."""
    try:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        return write(out)
    except OSError as exc:
        console.print(f"error: cannot write {out}: {exc.strerror or exc}", markup=False)
        return False


def _compare(rep: EvalReport, old_path: str | os.PathLike, console: Any) -> int:
    from .compare import compare_reports, load_report

    try:
        old = load_report(old_path)
    except (OSError, ValueError) as exc:
        console.print(f"error: cannot compare with {old_path}: {exc}", markup=False)
        return EXIT_BAD_INPUT
    rep.comparison = compare_reports(old, rep.to_dict(), old_name=str(old_path))
    return EXIT_OK


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
    """Parse the corpus, score all gold, write out/evaluation/ (or evaluation/results/ with --write-results)."""
    ap = argparse.ArgumentParser(prog="python -m vn_directive_nlp.evaluation", description=main.__doc__)
    ap.add_argument("gold", nargs="*", help="gold files or folders (default: corpus/ seeds and corpus/gold-dev/)")
    ap.add_argument("--texts", help="directory of the dev texts (default: <repo>/../shared/corpus-dev*)")
    ap.add_argument("--out", default=str(OUT_DIR), help="directory for report.json, report.md, f1.png")
    ap.add_argument("--write-results", action="store_true",
                    help=f"write the committed copy in {_shown(RESULTS_DIR)} (instead of --out)")
    ap.add_argument("--compare", metavar="OLD.json", help="show each figure's change against an earlier report")
    ap.add_argument("--resamples", type=int, default=RESAMPLES, help="bootstrap resamples (default %(default)s)")
    ap.add_argument("--no-baselines", action="store_true", help="skip the underthesea / dateparser baselines")
    args = ap.parse_args(argv)
    console = _console()
    gold: list[Path] = [Path(g) for g in args.gold]
    if not gold:
        console.print(f"Parsing {_shown(CORPUS_DIR)}", markup=False)
        for path in sorted(CORPUS_DIR.glob("*.txt")):
            console.print(parse_corpus_line(path), markup=False, highlight=False)
        gold = sorted(CORPUS_DIR.glob("*.gold.json")) + ([DEV_GOLD_DIR] if DEV_GOLD_DIR.is_dir() else [])
    out = RESULTS_DIR if args.write_results else Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chart = out / "f1.png" if available("plot") else None  # the chart is an extra here: a note says so
    if chart is None:
        console.print("f1.png not written: matplotlib is not installed (pip install 'vn_directive_nlp[plot]')",
                      markup=False)
    code = run_evaluate(gold, texts_dir=args.texts, json_out=out / "report.json", markdown_out=out / "report.md",
                        chart_out=chart, baselines=False if args.no_baselines else None, compare=args.compare,
                        resamples=args.resamples, console=console)
    console.print(f"reports written to {_shown(out)}/", markup=False)
    return code


if __name__ == "__main__":
    sys.exit(main())
