"""Turn Duckling's Vietnamese time corpus into this project's deadline test table.

    .venv/bin/python scripts/duckling_corpus.py --repo PATH/TO/duckling [--commit SHA]
    .venv/bin/python scripts/duckling_corpus.py --hs Corpus.hs --commit SHA

Reads ``Duckling/Time/VI/Corpus.hs`` of facebook/duckling (BSD licence) — from a git checkout
(``--repo``, at ``--commit`` or HEAD) or from a file (``--hs``) — and writes
``tests/data/duckling_vi_time.tsv``: one row per phrase with Duckling's expected value, whether
the phrase is in scope for official documents, the deadline clause it is framed in, and the kind
and date that clause must give. ``tests/test_duckling_corpus.py`` checks the table.

Scope (what official documents use as time limits): a phrase is IN scope when it names a
calendar day, month, quarter or year — written out ("ngày mồng 3 tháng 3 năm 2017", "3/3/17",
"tháng Mười năm 2017", "quý 4 của năm 2018") or relative to the document's date by whole
weeks, months, quarters or years ("tuần sau", "tháng sau", "quý tới", "năm nay", "3 năm tới",
"tuần đầu tiên của tháng 9 năm 2017") — also with a clock time or weekday in front of a written
day ("lúc 4 giờ chiều ngày 23/4", "thứ 2 ngày 6 tháng 2"). It is OUT of scope when it has no
such date: times and parts of a day ("lúc 2 giờ sáng", "tối nay"), days relative to today
("hôm nay", "ngày mai"), weekdays, alone or in a named week ("thứ 2", "thứ năm tuần tới"),
seasons and holidays ("mùa hè này", "giáng sinh"), spans of seconds, minutes or hours, and past
periods ("tháng trước", "năm ngoái", "2 năm vừa rồi"), which cannot bound an action still to do.

Framing (the reference date is Duckling's: 2017-02-02, 03:55 at UTC-2): a phrase whose value is
a day is framed "Bộ Tài chính báo cáo Thủ tướng Chính phủ trước {phrase}." (a leading "vào" is
dropped; "ngày " is put before a phrase that starts with a number or "mồng", as documents
write it) and must give kind ``before`` and that day; a week, month, quarter or year, or a span
of coming days, months or years, is framed "Bộ Tài chính hoàn thành trong {phrase}." and must
give kind ``within`` and the period's last day (a week ends on Sunday). Out-of-scope phrases are
framed the same way ("trước" for times and days, "trong" for periods) and must give no deadline.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "duckling_vi_time.tsv"
HS_PATH = "Duckling/Time/VI/Corpus.hs"
REPO_URL = "https://github.com/facebook/duckling"

SUBJECT = "Bộ Tài chính"
DAY_FRAME = SUBJECT + " báo cáo Thủ tướng Chính phủ trước {}."
PERIOD_FRAME = SUBJECT + " hoàn thành trong {}."

# In-scope phrases this project does not read as Duckling does, with the reason.
GAPS: dict[str, str] = {}

# One examples block: examples (datetime (2017, 2, 2, 3, 55, 0) Second) [ "…", … ]
_BLOCK = re.compile(
    r"examples\s*\(\s*(?P<fn>datetime|datetimeInterval)\s*(?P<args>\(.*?\))\s*(?P<grain>[A-Z][a-z]+)\s*\)"
    r"\s*\[(?P<phrases>.*?)\]",
    re.S,
)
_REF = re.compile(r"referenceTime\s*=\s*refTime\s*\((?P<t>[^)]*)\)")

# --- the scope rule -----------------------------------------------------------
_SEASON_OR_HOLIDAY = re.compile(r"mùa|giáng sinh")
_PAST = re.compile(r"\b(?:trước|ngoái|qua|vừa rồi)\s*$|vừa rồi|vừa qua")
_WRITTEN_DAY = re.compile(r"\d{1,2}\s*/\s*\d{1,2}|(?:ngày|mồng)\s+\d{1,2}|\d{1,2}\s+tháng\s+\d|ngày đầu tiên")
_PERIOD = re.compile(r"\b(?:tháng|quý|năm|tuần)\b")
_RELATIVE_DAY = re.compile(r"hôm|mai\b|bây giờ|lúc này|(?<!năm )(?<!quý )(?<!tháng )(?<!tuần )\bnay\b|tối|trưa|sáng|chiều")
_WEEKDAY = re.compile(r"thứ\s+(?:\d|hai|ba|tư|năm|sáu|bảy)|chủ nhật|chúa nhật")
_SUB_DAY_GRAINS = {"Second", "Minute", "Hour"}


def scope(phrase: str, grain: str, interval: bool) -> tuple[bool, str]:
    """(in scope, why) for one phrase under the rule of the module docstring."""
    p = phrase.casefold()
    if _SEASON_OR_HOLIDAY.search(p):
        return False, "season or holiday"
    if _PAST.search(p):
        return False, "past period"
    if _WRITTEN_DAY.search(p):
        return True, "written day" + (" with a clock time or weekday" if grain in _SUB_DAY_GRAINS or _WEEKDAY.search(p) else "")
    if grain in _SUB_DAY_GRAINS:
        return False, "time of day or span under a day"
    if _WEEKDAY.search(p):
        return False, "weekday without a written day"
    if _RELATIVE_DAY.search(p) or grain == "Day" and not interval:
        return False, "day relative to today"
    if _PERIOD.search(p) or interval:
        return True, "period" + (" counted from today" if interval else "")
    return False, "no calendar date"


# --- parsing the Haskell corpus -------------------------------------------------


def _tuples(args: str) -> list[tuple[int, ...]]:
    return [tuple(int(x) for x in t.split(",")) for t in re.findall(r"\(([-\d,\s]+)\)", args)]


def read_examples(hs: str) -> tuple[dt.datetime, list[dict]]:
    """Reference time and one record per phrase: phrase, grain, start, end (intervals), in order."""
    ref = _REF.search(hs)
    y, mo, d, h, mi, s = (int(x) for x in ref["t"].split(",")[:6])
    out = []
    body = hs[hs.index("allExamples") :]
    for m in _BLOCK.finditer(body):
        tuples = _tuples(m["args"])
        start = dt.datetime(*tuples[0])
        end = dt.datetime(*tuples[1]) if m["fn"] == "datetimeInterval" else None
        for phrase in ast.literal_eval("[" + m["phrases"] + "]"):
            out.append({"phrase": phrase, "grain": m["grain"], "start": start, "end": end})
    return dt.datetime(y, mo, d, h, mi, s), out


# --- framing ---------------------------------------------------------------------


def _period_end(start: dt.datetime, grain: str) -> dt.date:
    d = start.date()
    if grain == "Week":
        return d + dt.timedelta(days=6 - d.weekday())
    if grain == "Year":
        return dt.date(d.year, 12, 31)
    months = {"Month": 1, "Quarter": 3}[grain]
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1) - dt.timedelta(days=1)


def frame(rec: dict) -> tuple[str, str, str]:
    """(clause, kind, date) the finder must give for one phrase."""
    phrase, grain = rec["phrase"], rec["grain"]
    if rec["end"] is not None and grain not in _SUB_DAY_GRAINS:
        return PERIOD_FRAME.format(phrase), "within", (rec["end"].date() - dt.timedelta(days=1)).isoformat()
    if grain in ("Week", "Month", "Quarter", "Year"):
        return PERIOD_FRAME.format(phrase), "within", _period_end(rec["start"], grain).isoformat()
    p = re.sub(r"^vào\s+", "", phrase)
    if re.match(r"\d{1,2}(?![\d:hg]|\s*giờ)|mồng", p):  # a day number, not a clock time
        p = "ngày " + p
    return DAY_FRAME.format(p), "before", rec["start"].date().isoformat()


def out_of_scope_clause(rec: dict) -> str:
    periodic = rec["end"] is not None or rec["grain"] in ("Week", "Month", "Quarter", "Year")
    return (PERIOD_FRAME if periodic else DAY_FRAME).format(rec["phrase"])


# --- writing the table -------------------------------------------------------------


def _source(args) -> tuple[str, str]:
    if args.hs:
        return pathlib.Path(args.hs).read_text(encoding="utf-8"), args.commit or "unknown"
    commit = args.commit or subprocess.run(
        ["git", "-C", args.repo, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    hs = subprocess.run(
        ["git", "-C", args.repo, "show", f"{commit}:{HS_PATH}"], check=True, capture_output=True, text=True
    ).stdout
    return hs, commit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", help="a git checkout of facebook/duckling")
    ap.add_argument("--hs", help="Corpus.hs as a file (give --commit too)")
    ap.add_argument("--commit", help="the commit the corpus is read at")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    if not (args.repo or args.hs):
        ap.error("give --repo or --hs")
    hs, commit = _source(args)
    ref, records = read_examples(hs)
    lines = [
        f"# Duckling's Vietnamese time corpus as deadline clauses. Source: {REPO_URL}, {HS_PATH}, commit {commit}.",
        "# Licence: BSD (Copyright (c) 2016-present, Facebook, Inc.); phrases and expected values are Duckling's.",
        f"# Reference time (Duckling's refTime): {ref.isoformat()} at UTC-2; clauses are read with issued_date {ref.date()}.",
        "# Made by scripts/duckling_corpus.py (scope and framing rules in its docstring). scope: in / out;",
        "# kind 'none' = the clause must give no deadline; gap = an in-scope phrase read otherwise, with the reason.",
        "input\tgrain\tduckling_value\tscope\twhy\tclause\tkind\tdate\tgap",
    ]
    seen = set()
    for rec in records:
        if rec["phrase"] in seen:
            continue  # the corpus repeats some phrases in two blocks with the same value
        seen.add(rec["phrase"])
        inside, why = scope(rec["phrase"], rec["grain"], rec["end"] is not None)
        value = rec["start"].isoformat() + (f"/{rec['end'].isoformat()}" if rec["end"] else "")
        if inside:
            clause, kind, date = frame(rec)
        else:
            clause, kind, date = out_of_scope_clause(rec), "none", ""
        gap = GAPS.get(rec["phrase"], "") if inside else ""
        lines.append("\t".join([rec["phrase"], rec["grain"], value, "in" if inside else "out", why, clause, kind, date, gap]))
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    n_in = sum(1 for ln in lines[6:] if ln.split("\t")[3] == "in")
    print(f"{len(lines) - 6} phrases, {n_in} in scope -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
