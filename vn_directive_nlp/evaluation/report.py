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
from .scorer import PRF_FIELDS, Accuracy, CorpusScore, DocScore, PRF

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
class EvalReport:
    """Everything one evaluation run produced."""

    score: CorpusScore
    baselines: list[BaselineRow] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"gold": path, "reason": …}
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        score = self.score.to_dict()
        return {"totals": score["totals"], "baselines": [b.to_dict() for b in self.baselines],
                "documents": score["documents"], "skipped": self.skipped, "notes": self.notes}


def _docs(n: int) -> str:
    return f"{n} gold document" + ("" if n == 1 else "s")


def fmt(v: float | None) -> str:
    """A ratio with three decimals, "n/a" when undefined."""
    return "n/a" if v is None else f"{v:.3f}"


def _prf_cells(p: PRF | None) -> list[str]:
    if p is None:
        return ["—", "—", "—", "—"]
    return [fmt(p.precision), fmt(p.recall), fmt(p.f1), f"{p.tp}/{p.fp}/{p.fn}"]


def main_rows(totals: dict[str, Any]) -> list[list[str]]:
    """Rows [figure, P, R, F1 or accuracy, counts] of the corpus totals."""
    rows = []
    for key, title in TITLES.items():
        v = totals.get(key)
        if isinstance(v, PRF):
            rows.append([title, *_prf_cells(v)])
        elif isinstance(v, Accuracy):
            rows.append([title, "", "", fmt(v.value), f"{v.correct}/{v.total}"])
    return rows


def metadata_rows(totals: dict[str, Any]) -> list[list[str]]:
    """Rows [field, accuracy, correct/total] of the metadata fields that gold gives."""
    return [[k.split(".", 1)[1], fmt(v.value), f"{v.correct}/{v.total}"]
            for k, v in totals.items() if k.startswith("metadata.") and v.total]


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
    """Rows [doc, segments F1, assignments F1, lead F1, deadlines F1, references F1, errors]."""
    keys = ("segments", "assignments", "lead", "deadlines", "references")
    return [[d.doc_id, *(fmt(d.figures[k].f1) for k in keys), str(len(d.errors))] for d in docs]


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
    """Print the report as rich tables (figures, metadata, baselines, documents, errors)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    t = Table(title=f"vn_directive_nlp evaluation — {_docs(len(rep.score.documents))}")
    for col in ("figure", "P", "R", "F1 / acc", "tp/fp/fn or ok/n"):
        t.add_column(col, justify="left" if col == "figure" else "right")
    for r in main_rows(rep.score.totals):
        t.add_row(*r)
    console.print(t)
    md = metadata_rows(rep.score.totals)
    if md:
        t = Table(title="Metadata accuracy (documents where gold gives the field)")
        for col in ("field", "accuracy", "ok/n"):
            t.add_column(col)
        for r in md:
            t.add_row(*r)
        console.print(t)
    if rep.baselines:
        t = Table(title="Baselines beside ours (same units)")
        for col in ("field", "system", "P", "R", "F1", "tp/fp/fn"):
            t.add_column(col)
        for r in baseline_rows(rep.baselines):
            t.add_row(*r)
        console.print(t)
        for b in rep.baselines:
            console.print(f"  {b.field}: {b.units}", markup=False)
    t = Table(title="Per document F1")
    for col in ("document", "segments", "assignments", "lead", "deadlines", "references", "errors"):
        t.add_column(col)
    for r in document_rows(rep.score.documents):
        t.add_row(*r)
    console.print(t)
    if errors:
        for d in rep.score.documents:
            if not d.errors:
                continue
            console.print(f"[bold]{d.doc_id}[/bold] ({d.text_file}): {len(d.errors)} errors")
            for e in d.errors[:ERRORS_SHOWN]:
                console.print("  " + _error_line(e), markup=False)
            if len(d.errors) > ERRORS_SHOWN:
                console.print(f"  … {len(d.errors) - ERRORS_SHOWN} more in the JSON report")
    for s in rep.skipped:
        console.print(f"skipped {s['gold']}: {s['reason']}", markup=False)
    for n in rep.notes:
        console.print(f"note: {n}", markup=False)


# --- files ---------------------------------------------------------------------------------------


def to_json(rep: EvalReport) -> str:
    """The report as indented JSON (stable keys; ratios null when undefined)."""
    return json.dumps(rep.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    esc = lambda c: str(c).replace("|", "\\|")  # noqa: E731 — a cell may hold a regex
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return lines + [""]


def to_markdown(rep: EvalReport) -> str:
    """The report as Markdown for a README: figures, metadata, baselines, documents, errors."""
    out = [f"# Evaluation — {_docs(len(rep.score.documents))}", "",
           "Micro P/R/F1 over the corpus; \"n/a\" = undefined (nothing predicted / nothing expected). "
           "Agency and deadline figures are over matched assignments.", ""]
    out += _md_table(["figure", "P", "R", "F1 / acc", "tp/fp/fn or ok/n"], main_rows(rep.score.totals))
    md = metadata_rows(rep.score.totals)
    if md:
        out += ["## Metadata accuracy", ""] + _md_table(["field", "accuracy", "ok/n"], md)
    if rep.baselines:
        out += ["## Baselines beside ours", ""]
        out += _md_table(["field", "system", "P", "R", "F1", "tp/fp/fn"], baseline_rows(rep.baselines))
        out += [f"- {b.field}: {b.units}" for b in rep.baselines] + [""]
    out += ["## Per document F1", ""]
    out += _md_table(["document", "segments", "assignments", "lead", "deadlines", "references", "errors"],
                     document_rows(rep.score.documents))
    with_errors = [d for d in rep.score.documents if d.errors]
    if with_errors:
        out += ["## Errors", ""]
        for d in with_errors:
            out += [f"<details><summary>{d.doc_id} ({d.text_file}): {len(d.errors)} errors</summary>", ""]
            out += [f"- {_error_line(e)}".replace("|", "\\|") for e in d.errors[:ERRORS_SHOWN]]
            if len(d.errors) > ERRORS_SHOWN:
                out.append(f"- … {len(d.errors) - ERRORS_SHOWN} more in report.json")
            out += ["", "</details>", ""]
    if rep.skipped or rep.notes:
        out += ["## Notes", ""]
        out += [f"- skipped `{s['gold']}`: {s['reason']}" for s in rep.skipped]
        out += [f"- {n}" for n in rep.notes] + [""]
    return "\n".join(out)


def write_chart(rep: EvalReport, path: str | Path) -> str | None:
    """Bar chart of per-field F1, ours vs baselines; returns a note when it is skipped."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display in CI
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: chart skipped (pip install 'vn_directive_nlp[plot]')"
    fields = list(PRF_FIELDS)
    base = {b.field: b for b in rep.baselines if b.baseline is not None}
    fig, ax = plt.subplots(figsize=(10, 4.8))
    xs = list(range(len(fields)))
    series = [("ours", -0.27, {f: rep.score.totals[f] for f in fields})]
    # Baselines read every gold assignment; ours beside them is scored on those same units.
    series.append(("ours, baseline units", 0.0, {f: b.ours for f, b in base.items()}))
    series.append(("baseline", 0.27, {f: b.baseline for f, b in base.items()}))
    for label, dx, figs in series:
        xs_, ys = [x + dx for x in xs if fields[x] in figs], [figs[f].f1 for f in fields if f in figs]
        bars = ax.bar(xs_, [y or 0.0 for y in ys], width=0.27, label=label)
        for bar, y in zip(bars, ys):
            ax.annotate("n/a" if y is None else f"{y:.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs, [TITLES[f].split(" (")[0] for f in fields], rotation=20, ha="right")
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("F1 (micro)")
    ax.set_title(f"F1 per field — {_docs(len(rep.score.documents))}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return None
