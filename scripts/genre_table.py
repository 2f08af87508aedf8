"""Print a Markdown table of per-genre figures, before and after, from two evaluation reports.

    python scripts/genre_table.py out/before/report.json out/after/report.json

Both reports come from the evaluation (``vn_directive_nlp.evaluation``); "before" is the library as it
stood before the rules for a genre were written, scored on the same gold.
"""

from __future__ import annotations

import json
import sys

FIGURES = [("segments", "segments (quote + label)"), ("assignments", "assignment detection"),
           ("lead", "lead agencies"), ("coordinating", "coordinating agencies"),
           ("deadlines", "deadlines, kind + date"), ("fully_right", "assignments fully right")]


def _value(fig: dict | None) -> str:
    if not fig:
        return "n/a"
    v = fig.get("f1", fig.get("accuracy"))
    return "n/a" if v is None else f"{v:.3f}"


def table(before: dict, after: dict) -> str:
    genres = [g for g in ("news", "local", "directive", "notice") if g in after["groups"]["genre"]]
    head = "| figure | " + " | ".join(f"{g} ({after['groups']['genre'][g]['documents']}) before → after" for g in genres)
    lines = [head + " | all before → after |", "|---" * (len(genres) + 2) + "|"]
    for key, label in FIGURES:
        cells = []
        for g in genres:
            b = before["groups"]["genre"].get(g, {}).get("totals", {}).get(key)
            a = after["groups"]["genre"][g]["totals"].get(key)
            cells.append(f"{_value(b)} → {_value(a)}")
        cells.append(f"{_value(before['totals'].get(key))} → {_value(after['totals'].get(key))}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as b, open(sys.argv[2], encoding="utf-8") as a:
        print(table(json.load(b), json.load(a)))
