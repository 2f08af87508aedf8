"""Benchmark of the archive: ingest of N notices on 2 workers against `batch` to JSONL, database
size, and the time of the question an officer asks most ("tasks of one agency due in one quarter").

    .venv/bin/python benchmarks/archive.py               # 10,000 notices (a few minutes on 2 cores)
    .venv/bin/python benchmarks/archive.py --n 1000 --scaling

Inputs are copies of the seeds in ``corpus/`` (and ``../shared/corpus-dev`` when present) under
new names in a temporary folder, each with one line of its own at the end so that no two files
are the same, and each copy after the first with a number of its own (as distinct documents
have), so that links stay as sparse as in a real archive. Both commands run as a user runs them (``python -m vn_directive_nlp ...``).
``--scaling`` also times ``batch --compact`` (its output size) and ``batch`` on 1 worker (the
parallel speed-up of the worker pool).
Writes ``benchmarks/archive_results.json`` and ``benchmarks/ARCHIVE_RESULTS.md``.

Targets: ingest within 1.5x the time of ``batch`` to JSONL; the query under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
SOURCES = [ROOT / "corpus", ROOT.parent / "shared" / "corpus-dev"]
AGENCY = "Bộ Tài chính"
_NUMBER = re.compile(r"(Số:\s*)(\d+)")


def make_inputs(folder: pathlib.Path, n: int) -> int:
    """``n`` notices copied from the corpus; returns their total size in bytes."""
    texts = [p.read_text(encoding="utf-8") for d in SOURCES if d.is_dir() for p in sorted(d.glob("*.txt"))]
    folder.mkdir(parents=True)
    size = 0
    for i in range(n):
        text, copy = texts[i % len(texts)], i // len(texts)
        if copy:  # another document: its own number ("Số: 437/TB-VPCP" -> "Số: 437012/TB-VPCP")
            text = _NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{copy:03d}", text, count=1)
        data = (text + f"\nBản lưu số {i}.\n").encode("utf-8")
        (folder / f"n{i:05d}.txt").write_bytes(data)
        size += len(data)
    return size


def run(args: list[str]) -> tuple[float, str]:
    """Wall seconds of one CLI command, and its stderr's last line."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "vn_directive_nlp", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, (done.stderr.strip().splitlines() or [""])[-1]


def busiest_quarter(db: pathlib.Path) -> tuple[dt.date, dt.date]:
    """The quarter in which the agency has the most tasks due (the query's worst case)."""
    from vn_directive_nlp.archive import Archive

    with Archive(db, read_only=True) as archive:
        due = archive.tasks(agency=AGENCY).due_date.dropna()
    quarters = due.dt.to_period("Q").value_counts()
    q = quarters.index[0]
    return q.start_time.date(), q.end_time.date()


def time_query(db: pathlib.Path, start: dt.date, end: dt.date, rounds: int = 30) -> dict:
    from vn_directive_nlp.archive import Archive

    with Archive(db, read_only=True) as archive:
        first = time.perf_counter()
        rows = len(archive.tasks(agency=AGENCY, due_after=start, due_before=end))
        cold = time.perf_counter() - first
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            archive.tasks(agency=AGENCY, due_after=start, due_before=end)
            times.append(time.perf_counter() - t)
    return {"rows": rows, "first_ms": round(cold * 1000, 1), "median_ms": round(statistics.median(times) * 1000, 1),
            "best_ms": round(min(times) * 1000, 1), "rounds": rounds, "quarter": [start.isoformat(), end.isoformat()]}


def measure(n: int, workers: int, scaling: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="vn-archive-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        size = make_inputs(tmp / "in", n)
        w = ["--workers", str(workers), "--ocr", "never"]
        out: dict = {"n": n, "workers": workers, "input_mb": round(size / 1e6, 1)}
        secs, line = run(["batch", str(tmp / "in"), "-o", str(tmp / "out.jsonl"), *w])
        out["batch_jsonl"] = {"seconds": round(secs, 1), "docs_per_s": round(n / secs, 1), "summary": line,
                              "output_mb": round((tmp / "out.jsonl").stat().st_size / 1e6, 1)}
        if scaling:
            secs, line = run(["batch", str(tmp / "in"), "-o", str(tmp / "compact.jsonl"), "--compact", *w])
            out["batch_compact"] = {"seconds": round(secs, 1), "docs_per_s": round(n / secs, 1),
                                    "output_mb": round((tmp / "compact.jsonl").stat().st_size / 1e6, 1)}
        db = tmp / "a.duckdb"
        secs, line = run(["index", str(tmp / "in"), "--db", str(db), *w])
        out["index"] = {"seconds": round(secs, 1), "docs_per_s": round(n / secs, 1), "summary": line,
                        "db_mb": round(sum(p.stat().st_size for p in tmp.glob("a.duckdb*")) / 1e6, 1)}
        out["index_vs_batch"] = round(out["index"]["seconds"] / out["batch_jsonl"]["seconds"], 2)
        secs, line = run(["index", str(tmp / "in"), "--db", str(db), *w])
        out["index_again_unchanged"] = {"seconds": round(secs, 1), "summary": line}
        out["query"] = time_query(db, *busiest_quarter(db))
        if scaling:
            secs, _ = run(["batch", str(tmp / "in"), "-o", str(tmp / "one.jsonl"), "--workers", "1", "--ocr", "never"])
            out["batch_1_worker"] = {"seconds": round(secs, 1), "docs_per_s": round(n / secs, 1),
                                     "speedup_2_workers": round(secs / out["batch_jsonl"]["seconds"], 2)}
        out["children_max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    return out


def report(res: dict) -> str:
    q, idx, b = res["query"], res["index"], res["batch_jsonl"]
    rows = [
        ("`batch` to JSONL", f"{b['seconds']} s ({b['docs_per_s']} docs/s), {b['output_mb']} MB", "–"),
        ("`index` into DuckDB", f"{idx['seconds']} s ({idx['docs_per_s']} docs/s)", "–"),
        ("index time / batch time", f"{res['index_vs_batch']}×", "≤ 1.5×"),
        ("database size", f"{idx['db_mb']} MB (input {res['input_mb']} MB)", "–"),
        ("`index` again, nothing changed", f"{res['index_again_unchanged']['seconds']} s", "–"),
        (f"tasks of {AGENCY} due in {q['quarter'][0]}…{q['quarter'][1]}",
         f"median {q['median_ms']} ms, best {q['best_ms']} ms, first {q['first_ms']} ms ({q['rows']} rows)", "< 100 ms"),
    ]
    if "batch_compact" in res:
        c = res["batch_compact"]
        rows.insert(1, ("`batch --compact` to JSONL", f"{c['seconds']} s, {c['output_mb']} MB", "–"))
    if "batch_1_worker" in res:
        one = res["batch_1_worker"]
        rows.append(("`batch` on 1 worker", f"{one['seconds']} s; 2 workers are {one['speedup_2_workers']}× faster", "–"))
    met = {"≤ 1.5×": res["index_vs_batch"] <= 1.5, "< 100 ms": q["median_ms"] < 100}
    lines = [
        "# Archive benchmark", "",
        f"Run {res['when']} on {res['cores']} cores, Python {res['python']}, commit {res['commit']}: "
        f"{res['n']:,} notices on {res['workers']} workers. Re-run with `.venv/bin/python benchmarks/archive.py`.", "",
        f"Load average at start {res['load_start']}, at end {res['load_end']} (the machine is shared: "
        "a load above 2 slows every figure).", "",
        "| measure | result | target | status |", "| --- | --- | --- | --- |",
    ]
    for name, value, target in rows:
        status = "–" if target == "–" else ("met" if met[target] else "**missed**")
        lines.append(f"| {name} | {value} | {target} | {status} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scaling", action="store_true")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    res = {"when": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(),
           "python": platform.python_version(), "commit": commit, "load_start": [round(x, 2) for x in os.getloadavg()]}
    res.update(measure(args.n, args.workers, args.scaling))
    res["load_end"] = [round(x, 2) for x in os.getloadavg()]
    (HERE / "archive_results.json").write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "ARCHIVE_RESULTS.md").write_text(report(res), encoding="utf-8")
    print(report(res))


if __name__ == "__main__":
    main()
