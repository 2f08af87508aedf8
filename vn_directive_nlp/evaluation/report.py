"""Render an evaluation: a rich table in the terminal, JSON, Markdown, and a PNG bar chart.

>>> rep = EvalReport(score=score_corpus(pairs), baselines=run_baselines(items))  # doctest: +SKIP
>>> print_report(rep)  # doctest: +SKIP
>>> Path("report.md").write_text(to_markdown(rep))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .baselines import BaselineRow
from .groups import GROUPINGS, group_order
from .scorer import PRF_FIELDS, Accuracy, CorpusScore, DocScore, PRF, prf

REPORT_FORMAT = "vn_directive_nlp evaluation report 2"  # bump when a key's meaning changes
GROUPING_TITLES = {"genre": "Per genre (local = issued by a provincial or local body; else the gold kind)",
                   "year": "Per year band (gold issued / publication date, else meeting date)"}

# Row titles, in report order; keys are the figure names of the scorer.
TITLES = {
    "segments": "Segments (quote + label)",
    "assignments": "Assignment detection",
    "lead": "Lead agencies (matched)",
    "coordinating": "Coordinating agencies (matched)",
    "deadlines": "Deadlines kind+date (matched)",
    "deadline_dates": "Deadlines date only (matched)",
    "references": "References (document-level)",
    "segment_ids": "Segment ids of matched segments",
    "reference_dates": "Dates of matched references",
    "fully_right": "Assignments fully right (lead + deadlines)",
}
ERRORS_SHOWN = 25  # per document in the terminal and Markdown; the JSON keeps all


@dataclass
class GroupScore:
    """The documents of one group (a genre, a year band) and their micro totals."""

    documents: list[str]  # doc ids
    totals: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"documents": len(self.documents), "doc_ids": self.documents,
                "totals": {k: v.to_dict() for k, v in self.totals.items()}}


@dataclass
class EvalReport:
    """Everything one evaluation run produced."""

    score: CorpusScore
    baselines: list[BaselineRow] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"gold": path, "reason": …}
    notes: list[str] = field(default_factory=list)
    groups: dict[str, dict[str, GroupScore]] = field(default_factory=dict)  # grouping → group → score
    bootstrap: dict[str, Any] = field(default_factory=dict)  # resamples, seed, confidence, unit, method
    library: dict[str, Any] = field(default_factory=dict)  # which vn_directive_nlp was scored
    comparison: dict[str, Any] | None = None  # against an earlier report (compare.py)

    def to_dict(self) -> dict[str, Any]:
        score = self.score.to_dict()
        out = {"format": REPORT_FORMAT, "library": self.library, "bootstrap": self.bootstrap,
               "totals": score["totals"],
               "groups": {g: {k: v.to_dict() for k, v in groups.items()} for g, groups in self.groups.items()},
               "baselines": [b.to_dict() for b in self.baselines],
               "documents": score["documents"], "skipped": self.skipped, "notes": self.notes}
        if self.comparison is not None:
            out["comparison"] = self.comparison
        return out


def _docs(n: int) -> str:
    return f"{n} gold document" + ("" if n == 1 else "s")


def fmt(v: float | None) -> str:
    """A ratio with three decimals, "n/a" when undefined."""
    return "n/a" if v is None else f"{v:.3f}"


def fmt_ci(v: float | None, ci: dict[str, Any] | None, ratio: str) -> str:
    """A ratio and its 95 % interval: "0.905 [0.861, 0.941]"; the bare ratio when there is none.

    >>> fmt_ci(0.9051, {"f1": (0.8612, 0.9409)}, "f1")
    '0.905 [0.861, 0.941]'
    """
    interval = (ci or {}).get(ratio)
    if v is None or interval is None:
        return fmt(v)
    return f"{fmt(v)} [{interval[0]:.3f}, {interval[1]:.3f}]"


def fig_cell(v: PRF | Accuracy | None) -> str:
    """The headline ratio of a figure (F1 or accuracy) with its interval; "—" when absent."""
    if isinstance(v, PRF):
        return fmt_ci(v.f1, v.ci, "f1")
    if isinstance(v, Accuracy) and v.total:
        return fmt_ci(v.value, v.ci, "accuracy")
    return "—"


def _prf_cells(p: PRF | None) -> list[str]:
    if p is None:
        return ["—", "—", "—", "—"]
    return [fmt_ci(p.precision, p.ci, "precision"), fmt_ci(p.recall, p.ci, "recall"), fmt_ci(p.f1, p.ci, "f1"),
            f"{p.tp}/{p.fp}/{p.fn}"]


def main_rows(totals: dict[str, Any]) -> list[list[str]]:
    """Rows [figure, P, R, F1 or accuracy, counts] of the corpus totals."""
    rows = []
    for key, title in TITLES.items():
        v = totals.get(key)
        if isinstance(v, PRF):
            rows.append([title, *_prf_cells(v)])
        elif isinstance(v, Accuracy):
            rows.append([title, "", "", fig_cell(v), f"{v.correct}/{v.total}"])
    return rows


def metadata_rows(totals: dict[str, Any]) -> list[list[str]]:
    """Rows [field, accuracy, correct/total] of the metadata fields that gold gives."""
    return [[k.split(".", 1)[1], fig_cell(v), f"{v.correct}/{v.total}"]
            for k, v in totals.items() if k.startswith("metadata.") and v.total]


def group_table(groups: dict[str, Any], grouping: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one grouping: a row per figure (F1 or accuracy with its interval), a column
    per group ("news (15)"); metadata rows only where some group's gold gives the field."""
    names = [g for g in group_order(grouping) if g in groups] + sorted(set(groups) - set(group_order(grouping)))
    header = ["figure"] + [f"{g} ({len(groups[g].documents)})" for g in names]
    keys: list[str] = list(TITLES) + sorted({k for g in names for k, v in groups[g].totals.items()
                                  if k.startswith("metadata.") and v.total})
    rows = [[TITLES.get(k, k)] + [fig_cell(groups[g].totals.get(k)) for g in names] for k in keys]
    return header, rows


def baseline_rows(rows: list[BaselineRow]) -> list[list[str]]:
    """Rows [field, who, P, R, F1, tp/fp/fn] with ours first, then the baseline (or why not)."""
    out = []
    for b in rows:
        out.append([b.field, "ours", *_prf_cells(b.ours)])
        if b.baseline is None:
            out.append([b.field, f"{b.name}: unavailable ({b.reason})", "—", "—", "—", "—"])
        else:
            out.append([b.field, b.name, *_prf_cells(b.baseline)])
    return out


def document_rows(docs: list[DocScore]) -> list[list[str]]:
    """Rows [doc, genre, year band, segments F1, assignments F1, lead F1, deadlines F1, references F1, errors]."""
    keys = ("segments", "assignments", "lead", "deadlines", "references")
    return [[d.doc_id, d.info.get("genre", ""), d.info.get("year", ""), *(fmt(prf(d.figures, k).f1) for k in keys),
             str(len(d.errors))] for d in docs]


DOCUMENT_HEADER = ["document", "genre", "year", "segments", "assignments", "lead", "deadlines", "references", "errors"]


def interval_note(rep: EvalReport) -> str:
    """One sentence saying how the intervals were made."""
    b = rep.bootstrap
    if not b:
        return "No confidence intervals were computed."
    return (f"[low, high] = {b['confidence']:.0%} bootstrap confidence interval over documents "
            f"({b['resamples']} resamples of the documents, seed {b['seed']}, percentile method); "
            "per-document rows have none.")


def skipped_lines(rep: EvalReport) -> list[str]:
    """Skipped gold files: one line each, except those whose text is absent, counted in one line."""
    from .run import TEXT_MISSING

    missing = [s for s in rep.skipped if s["reason"].startswith(TEXT_MISSING)]
    lines = [f"skipped {s['gold']}: {s['reason']}" for s in rep.skipped if s not in missing]
    if missing:
        lines.append(f"{len(missing)} gold file{'s' if len(missing) > 1 else ''} not scored: their texts are not "
                     "here (looked beside each gold file and in ../shared/corpus-dev*; --texts DIR names another)")
    return lines


def _fmt_value(v: Any) -> str:
    """Expected / got values as a developer reads them: "lead: Bộ Y tế + Bộ Tài chính; deadlines: before 2024-05-15"."""
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt_value(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return " + ".join(map(str, v)) if v else "none"  # names hold commas
    return str(v)


def _error_line(e: Any) -> str:
    parts = [f"[{e.field}] {e.kind}: {e.where!r}"]
    if e.expected is not None:
        parts.append(f"expected {_fmt_value(e.expected)}")
    if e.got is not None or e.kind == "wrong":
        parts.append(f"got {'none' if e.got is None else _fmt_value(e.got)}")
    return " — ".join(parts)


# --- terminal ------------------------------------------------------------------------------------


def print_report(rep: EvalReport, console: Any = None, *, errors: bool = True) -> None:
    """Print the report as rich tables (figures, metadata, groups, baselines, documents, errors)."""
    from rich.console import Console

    console = console or Console()
    print_table(console, f"vn_directive_nlp evaluation — {_docs(len(rep.score.documents))}",
           ["figure", "P", "R", "F1 / acc", "tp/fp/fn or ok/n"], main_rows(rep.score.totals))
    md = metadata_rows(rep.score.totals)
    if md:
        print_table(console, "Metadata accuracy (documents where gold gives the field)", ["field", "accuracy", "ok/n"], md)
    for grouping in GROUPINGS:
        if rep.groups.get(grouping):
            print_table(console, GROUPING_TITLES[grouping], *group_table(rep.groups[grouping], grouping))
    if rep.baselines:
        print_table(console, "Baselines beside ours (same units)", ["field", "system", "P", "R", "F1", "tp/fp/fn"],
               baseline_rows(rep.baselines))
        for b in rep.baselines:
            console.print(f"  {b.field}: {b.units}", markup=False)
    console.print(interval_note(rep), markup=False)
    print_table(console, "Per document F1", DOCUMENT_HEADER, document_rows(rep.score.documents))
    if errors:
        for d in rep.score.documents:
            if not d.errors:
                continue
            console.print(f"[bold]{d.doc_id}[/bold] ({d.text_file}): {len(d.errors)} errors")
            for e in d.errors[:ERRORS_SHOWN]:
                console.print("  " + _error_line(e), markup=False)
            if len(d.errors) > ERRORS_SHOWN:
                console.print(f"  … {len(d.errors) - ERRORS_SHOWN} more in the JSON report")
    if rep.comparison is not None:
        from .compare import print_comparison

        print_comparison(rep.comparison, console)
    for line in skipped_lines(rep):
        console.print(line, markup=False)
    for n in rep.notes:
        console.print(f"note: {n}", markup=False)


def print_table(console: Any, title: str, header: list[str], rows: list[list[str]]) -> None:
    from rich.table import Table

    t = Table(title=title)
    for i, col in enumerate(header):
        t.add_column(col, justify="left" if i == 0 else "right")
    for r in rows:
        t.add_row(*r)
    console.print(t)


# --- files ---------------------------------------------------------------------------------------


def to_json(rep: EvalReport) -> str:
    """The report as indented JSON (stable keys; ratios null when undefined)."""
    return json.dumps(rep.to_dict(), ensure_ascii=False, indent=2) + "\n"


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    esc = lambda c: str(c).replace("|", "\\|")  # noqa: E731 — a cell may hold a regex
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return lines + [""]


def to_markdown(rep: EvalReport) -> str:
    """The report as Markdown for a README: figures, metadata, groups, baselines, documents, errors."""
    out = [f"# Evaluation — {_docs(len(rep.score.documents))}", "",
           "Micro P/R/F1 over the corpus; \"n/a\" = undefined (nothing predicted / nothing expected). "
           "Agency and deadline figures are over matched assignments. " + interval_note(rep), ""]
    if rep.library:
        out += [f"Library scored: vn_directive_nlp {rep.library.get('version')} at `{rep.library.get('path')}`"
                + (f" (git {rep.library['commit']})" if rep.library.get("commit") else "") + ".", ""]
    out += md_table(["figure", "P", "R", "F1 / acc", "tp/fp/fn or ok/n"], main_rows(rep.score.totals))
    md = metadata_rows(rep.score.totals)
    if md:
        out += ["## Metadata accuracy", ""] + md_table(["field", "accuracy", "ok/n"], md)
    for grouping in GROUPINGS:
        if rep.groups.get(grouping):
            out += [f"## {GROUPING_TITLES[grouping]}", ""] + md_table(*group_table(rep.groups[grouping], grouping))
    if rep.baselines:
        out += ["## Baselines beside ours", ""]
        out += md_table(["field", "system", "P", "R", "F1", "tp/fp/fn"], baseline_rows(rep.baselines))
        out += [f"- {b.field}: {b.units}" for b in rep.baselines] + [""]
    if rep.comparison is not None:
        from .compare import comparison_markdown

        out += comparison_markdown(rep.comparison)
    out += ["## Per document F1", ""]
    out += md_table(DOCUMENT_HEADER, document_rows(rep.score.documents))
    with_errors = [d for d in rep.score.documents if d.errors]
    if with_errors:
        out += ["## Errors", ""]
        for d in with_errors:
            out += [f"<details><summary>{d.doc_id} ({d.text_file}): {len(d.errors)} errors</summary>", ""]
            out += [f"- {_error_line(e)}".replace("|", "\\|") for e in d.errors[:ERRORS_SHOWN]]
            if len(d.errors) > ERRORS_SHOWN:
                out.append(f"- … {len(d.errors) - ERRORS_SHOWN} more in report.json")
            out += ["", "</details>", ""]
    notes = skipped_lines(rep) + rep.notes
    if notes:
        out += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(out)


def _error_bars(figs: dict[str, PRF], fields: list[str]) -> list[list[float]]:
    """[below, above] distances of each bar's 95 % interval from its F1 (0 where there is none)."""
    below, above = [], []
    for f in (f for f in fields if f in figs):
        ci, y = (figs[f].ci or {}).get("f1"), figs[f].f1
        below.append(0.0 if ci is None or y is None else max(0.0, y - ci[0]))
        above.append(0.0 if ci is None or y is None else max(0.0, ci[1] - y))
    return [below, above]


def write_chart(rep: EvalReport, path: str | Path) -> str | None:
    """Bar chart of per-field F1, ours vs baselines (a PNG at ``path``); returns None.

    Raises :class:`~vn_directive_nlp.errors.MissingExtraError` (extra "plot") without matplotlib.
    """
    from vn_directive_nlp.extras import require

    matplotlib = require("matplotlib", "plot", "the evaluation chart")
    matplotlib.use("Agg")  # no display in CI
    plt = require("matplotlib.pyplot", "plot", "the evaluation chart")
    fields = list(PRF_FIELDS)
    base = {b.field: b for b in rep.baselines if b.baseline is not None}
    fig, ax = plt.subplots(figsize=(10, 4.8))
    xs = list(range(len(fields)))
    series: list[tuple[str, float, dict[str, PRF]]] = [("ours", -0.27, {f: prf(rep.score.totals, f) for f in fields})]
    # Baselines read every gold assignment; ours beside them is scored on those same units.
    series.append(("ours, baseline units", 0.0, {f: b.ours for f, b in base.items()}))
    series.append(("baseline", 0.27, {f: b.baseline for f, b in base.items() if b.baseline is not None}))
    for label, dx, figs in series:
        if not figs:  # no baselines were run: no empty bars in the legend
            continue
        xs_, ys = [x + dx for x in xs if fields[x] in figs], [figs[f].f1 for f in fields if f in figs]
        bars = ax.bar(xs_, [y or 0.0 for y in ys], width=0.27, label=label, yerr=_error_bars(figs, fields),
                      error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "0.3"})
        for bar, y in zip(bars, ys):
            ax.annotate("n/a" if y is None else f"{y:.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs, [TITLES[f].split(" (")[0] for f in fields], rotation=20, ha="right")
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("F1 (micro), bars: 95 % interval")
    ax.set_title(f"F1 per field — {_docs(len(rep.score.documents))}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return None
