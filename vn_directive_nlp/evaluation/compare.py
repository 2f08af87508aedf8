"""Compare two evaluation reports (JSON): each figure's change, and the documents gained and lost.

Figures are recomputed from the per-document counts of both reports over the documents both
scored, so a gold file added in between does not move them (documents only in one report are
listed apart, and so are documents whose gold file changed). Per field, a document is *gained*
when it has fewer errors (fp + fn, or wrong items) than before and *lost* when it has more; its
error items fixed and new are listed too. Each change carries a paired 95 % bootstrap interval
(the same documents resampled for both reports). Groups (genre, year band) are those of the new
report's documents.

>>> cmp = compare_reports(load_report("before.json"), load_report("after.json"))  # doctest: +SKIP
>>> cmp["scopes"][0]["figures"]["assignments"]["delta"]  # doctest: +SKIP
0.012
"""

from __future__ import annotations

import json
import os
from typing import Any

from .bootstrap import RESAMPLES, SEED, paired_delta_cis, ratios
from .groups import GROUPINGS, group_order
from .scorer import PRF, Accuracy, add_figure

ITEMS_SHOWN = 10  # error items fixed / new per document in the terminal and Markdown


def load_report(path: str | os.PathLike) -> dict[str, Any]:
    """Read a JSON report written by ``vn-directive evaluate --json`` (any version that has per-document figures)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ValueError("not an evaluation report (no 'documents' list)")
    return data


def _figure(d: dict[str, Any]) -> PRF | Accuracy:
    return PRF(d["tp"], d["fp"], d["fn"]) if "tp" in d else Accuracy(d["correct"], d["total"])


def _errors(f: PRF | Accuracy) -> int:
    return f.fp + f.fn if isinstance(f, PRF) else f.total - f.correct


def _headline(f: PRF | Accuracy) -> float | None:
    return f.f1 if isinstance(f, PRF) else f.value


def _doc_figures(doc: dict[str, Any]) -> dict[str, PRF | Accuracy]:
    return {k: _figure(v) for k, v in doc.get("figures", {}).items()}


def _sum(figs: list[dict[str, PRF | Accuracy]]) -> dict[str, PRF | Accuracy]:
    totals: dict[str, PRF | Accuracy] = {}
    for f in figs:
        for k, v in f.items():
            add_figure(totals.setdefault(k, type(v)()), v)
    return totals


def _scope(name: str, ids: list[str], old: dict, new: dict, resamples: int, seed: int) -> dict[str, Any]:
    """Old and new figures of one scope (overall, a genre, a year band) with the changes."""
    olds, news = [old[i] for i in ids], [new[i] for i in ids]
    t_old, t_new = _sum(olds), _sum(news)
    cis = paired_delta_cis(olds, news, resamples=resamples, seed=seed)
    figures = {}
    for k in t_new:
        if k not in t_old or type(t_old[k]) is not type(t_new[k]):
            continue
        kind = type(t_new[k]).__name__
        o, n = ratios(kind, _counts(t_old[k])), ratios(kind, _counts(t_new[k]))
        head = "f1" if kind == "PRF" else "accuracy"
        old_head, new_head, ci = o[head], n[head], cis.get(k)
        delta = None if old_head is None or new_head is None else new_head - old_head
        figures[k] = {"old": o, "new": n, "delta": delta, "delta_ci": list(ci) if ci else None}
    return {"scope": name, "documents": len(ids), "figures": figures}


def _counts(f: PRF | Accuracy) -> dict[str, int]:
    return {"tp": f.tp, "fp": f.fp, "fn": f.fn} if isinstance(f, PRF) else {"correct": f.correct, "total": f.total}


def _gains_and_losses(ids: list[str], old: dict, new: dict) -> dict[str, dict[str, list]]:
    """field → {"gained": [...], "lost": [...]}: documents with fewer / more errors than before."""
    out: dict[str, dict[str, list]] = {}
    for i in ids:
        for k, n in new[i].items():
            o = old[i].get(k)
            if o is None or type(o) is not type(n) or _errors(o) == _errors(n):
                continue
            side = "gained" if _errors(n) < _errors(o) else "lost"
            entry = {"doc_id": i, "old": _headline(o), "new": _headline(n), "errors_old": _errors(o),
                     "errors_new": _errors(n)}
            out.setdefault(k, {"gained": [], "lost": []})[side].append(entry)
    return out


def _error_key(e: dict[str, Any]) -> str:
    return json.dumps([e.get("field"), e.get("kind"), e.get("where"), e.get("expected"), e.get("got")],
                      ensure_ascii=False, sort_keys=True)


def _error_changes(ids: list[str], old_docs: dict, new_docs: dict) -> dict[str, dict[str, list]]:
    """doc id → {"fixed": errors of the old report gone now, "new": errors the old report did not have}."""
    out = {}
    for i in ids:
        before = {_error_key(e): e for e in old_docs[i].get("errors", [])}
        after = {_error_key(e): e for e in new_docs[i].get("errors", [])}
        fixed = [e for k, e in before.items() if k not in after]
        new = [e for k, e in after.items() if k not in before]
        if fixed or new:
            out[i] = {"fixed": fixed, "new": new}
    return out


def compare_reports(old: dict[str, Any], new: dict[str, Any], *, old_name: str = "OLD",
                    resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    """The comparison of ``new`` against ``old`` (both report dicts), as a JSON-ready dict."""
    old_docs = {d["doc_id"]: d for d in old["documents"]}
    new_docs = {d["doc_id"]: d for d in new["documents"]}
    common = [i for i in new_docs if i in old_docs]
    o = {i: _doc_figures(old_docs[i]) for i in common}
    n = {i: _doc_figures(new_docs[i]) for i in common}
    scopes = [_scope("overall", common, o, n, resamples, seed)]
    for grouping in GROUPINGS:
        members: dict[str, list[str]] = {}
        for i in common:
            group = new_docs[i].get(grouping) or old_docs[i].get(grouping)
            if group:
                members.setdefault(group, []).append(i)
        order = [g for g in group_order(grouping) if g in members] + sorted(set(members) - set(group_order(grouping)))
        scopes += [_scope(f"{grouping}: {g}", members[g], o, n, resamples, seed) for g in order]
    changed = [i for i in common if old_docs[i].get("gold_sha256") and new_docs[i].get("gold_sha256")
               and old_docs[i]["gold_sha256"] != new_docs[i]["gold_sha256"]]
    return {"old": old_name, "old_library": old.get("library"), "new_library": new.get("library"),
            "documents": {"common": len(common), "only_old": [i for i in old_docs if i not in new_docs],
                          "only_new": [i for i in new_docs if i not in old_docs], "gold_changed": changed},
            "scopes": scopes, "fields": _gains_and_losses(common, o, n),
            "errors": _error_changes(common, old_docs, new_docs)}


# --- rendering ----------------------------------------------------------------------------------


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _change(fig: dict[str, Any]) -> str:
    """"+0.016 [−0.004, +0.031]": the change of the headline ratio with its paired interval."""
    if fig["delta"] is None:
        return "n/a"
    ci = fig["delta_ci"]
    return f"{fig['delta']:+.3f}" + (f" [{ci[0]:+.3f}, {ci[1]:+.3f}]" if ci else "")


def _head(fig: dict[str, Any], side: str) -> float | None:
    values = fig[side]
    return values.get("f1", values.get("accuracy"))


def _field_keys(figures: dict[str, Any]) -> list[str]:
    from .report import TITLES

    meta = sorted(k for k, f in figures.items() if k.startswith("metadata.")
                  and (_head(f, "old") is not None or _head(f, "new") is not None))
    return [k for k in TITLES if k in figures] + meta


def overall_rows(cmp: dict[str, Any]) -> list[list[str]]:
    """Rows [figure, old, new, change [95 % CI], documents gained, documents lost] of the overall scope."""
    from .report import TITLES

    figures = cmp["scopes"][0]["figures"]
    rows = []
    for k in _field_keys(figures):
        f, gl = figures[k], cmp["fields"].get(k, {"gained": [], "lost": []})
        rows.append([TITLES.get(k, k), _fmt(_head(f, "old")), _fmt(_head(f, "new")), _change(f),
                     str(len(gl["gained"])), str(len(gl["lost"]))])
    return rows


def group_rows(cmp: dict[str, Any], grouping: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one grouping: a row per main figure, a column per group, cells "old → new (change)"."""
    from .report import TITLES

    scopes = [s for s in cmp["scopes"] if s["scope"].startswith(grouping + ": ")]
    header = ["figure"] + [f"{s['scope'].split(': ', 1)[1]} ({s['documents']})" for s in scopes]
    rows = []
    for k in TITLES:
        cells = []
        for s in scopes:
            f = s["figures"].get(k)
            cells.append("—" if f is None else f"{_fmt(_head(f, 'old'))} → {_fmt(_head(f, 'new'))}"
                         + ("" if f["delta"] in (None, 0) else f" ({f['delta']:+.3f})"))
        rows.append([TITLES[k]] + cells)
    return header, rows


def summary_lines(cmp: dict[str, Any]) -> list[str]:
    """What was compared: the two libraries and the documents in one report only."""
    docs = cmp["documents"]
    lib = lambda x: "?" if not x else f"{x.get('path')} {x.get('commit') or x.get('version') or ''}".strip()  # noqa: E731
    lines = [f"Compared with {cmp['old']} ({lib(cmp['old_library'])} → {lib(cmp['new_library'])}), "
             f"over the {docs['common']} documents both reports scored."]
    for key, what in (("only_old", "only in the old report"), ("only_new", "only in the new report (not compared)"),
                      ("gold_changed", "whose gold file changed in between (changes may be the gold's)")):
        if docs[key]:
            lines.append(f"{len(docs[key])} documents {what}: {', '.join(docs[key])}")
    return lines


def movement_lines(cmp: dict[str, Any]) -> list[str]:
    """Per field, the documents gained and lost; per document, the error items fixed and new."""
    lines = []
    for k, gl in cmp["fields"].items():
        for side in ("gained", "lost"):
            if gl[side]:
                docs = ", ".join(f"{e['doc_id']} ({_fmt(e['old'])}→{_fmt(e['new'])})" for e in gl[side])
                lines.append(f"{k} {side}: {docs}")
    for doc, ch in cmp["errors"].items():
        lines.append(f"{doc}: {len(ch['fixed'])} errors fixed, {len(ch['new'])} new")
        for side, mark in (("fixed", "-"), ("new", "+")):
            for e in ch[side][:ITEMS_SHOWN]:
                lines.append(f"  {mark} [{e.get('field')}] {e.get('kind')}: {e.get('where')!r}")
            if len(ch[side]) > ITEMS_SHOWN:
                lines.append(f"  {mark} … {len(ch[side]) - ITEMS_SHOWN} more in the JSON report")
    return lines


OVERALL_HEADER = ["figure", "old", "new", "change [95% CI]", "docs gained", "docs lost"]


def print_comparison(cmp: dict[str, Any], console: Any) -> None:
    """Print the comparison: summary, overall table, one table per grouping, documents gained and lost."""
    from .report import print_table

    for line in summary_lines(cmp):
        console.print(line, markup=False)
    print_table(console, "Change against the earlier report", OVERALL_HEADER, overall_rows(cmp))
    for grouping in GROUPINGS:
        header, rows = group_rows(cmp, grouping)
        if len(header) > 1:
            print_table(console, f"Change per {grouping}", header, rows)
    for line in movement_lines(cmp):
        console.print(line, markup=False, highlight=False)


def comparison_markdown(cmp: dict[str, Any]) -> list[str]:
    """The comparison as Markdown lines."""
    from .report import md_table

    out = ["## Change against an earlier report", ""] + [f"{line}  " for line in summary_lines(cmp)] + [""]
    out += md_table(OVERALL_HEADER, overall_rows(cmp))
    for grouping in GROUPINGS:
        header, rows = group_rows(cmp, grouping)
        if len(header) > 1:
            out += [f"### Change per {grouping}", ""] + md_table(header, rows)
    moves = movement_lines(cmp)
    if moves:
        out += ["<details><summary>Documents gained and lost</summary>", "", "```"] + moves + ["```", "", "</details>", ""]
    return out
