"""Benchmark of the legal-reference finder (``find_references``) on generated legal prose.

    .venv/bin/python benchmarks/references.py            # 2 MB of prose, best of 5 rounds
    .venv/bin/python benchmarks/references.py --mb 4 --rounds 9

The text is generated here (no copied documents): clauses of the kinds Vietnamese legal texts are
made of — "Căn cứ …" preambles, articles that cite decrees, circulars and laws by number and date,
lists of citations, standards ("QCVN 01:2019/BCT"), and plain sentences with numbers that are not
citations (percentages, fractions, phone numbers). The prose is cut into documents of 4–40 KB,
as archives hold them, and each round runs the finder over every document once; the figure is
MB/s of text (UTF-8 bytes) in the best round, with the median beside it. eyecite reports about
10 MB/s for its citation finder; the aim here is that order on one core.

Writes ``benchmarks/references.json`` and the "Reference finder" section of ``benchmarks/RESULTS.md``
(between its markers; ``benchmarks/run.py`` keeps that section when it rewrites the file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import random
import statistics
import subprocess
import time

from vn_directive_nlp.references import find_references

HERE = pathlib.Path(__file__).resolve().parent
START, END = "<!-- reference-finder:start -->", "<!-- reference-finder:end -->"

TYPES = [("Nghị định", "NĐ-CP"), ("Quyết định", "QĐ-TTg"), ("Thông tư", "TT-BTC"), ("Nghị quyết", "NQ-CP"),
         ("Chỉ thị", "CT-TTg"), ("Công điện", "CĐ-TTg"), ("Thông báo", "TB-VPCP"), ("Kế hoạch", "KH-UBND"),
         ("Quyết định", "QĐ-BYT"), ("Thông tư", "TT-BGDĐT"), ("Tờ trình", "TTr-CP"), ("Báo cáo", "BC-BKHĐT")]
LAW_TITLES = ["Tổ chức Chính phủ", "Đầu tư công", "Ngân sách nhà nước", "Đất đai", "Xây dựng", "Phòng, chống tham nhũng",
              "Ban hành văn bản quy phạm pháp luật", "Bảo vệ môi trường", "Giáo dục", "Khám bệnh, chữa bệnh"]
SUBJECTS = ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Ủy ban nhân dân cấp tỉnh", "các bộ, ngành, địa phương", "Bộ Y tế",
            "cơ quan chủ trì soạn thảo", "Sở Tài chính", "Kho bạc Nhà nước", "chủ đầu tư", "Bộ Xây dựng"]
VERBS = ["hướng dẫn thực hiện", "tổ chức triển khai", "rà soát, sửa đổi", "kiểm tra, giám sát", "tổng hợp, báo cáo",
         "bảo đảm kinh phí cho", "công khai kết quả", "phối hợp xử lý", "thẩm định hồ sơ", "quy định chi tiết"]
OBJECTS = ["các dự án đầu tư công", "thủ tục hành chính", "dự toán ngân sách", "hồ sơ đề nghị", "quy hoạch tỉnh",
           "chương trình mục tiêu", "hệ thống thông tin", "nhiệm vụ được giao", "kế hoạch vốn", "định mức kinh tế - kỹ thuật"]
NUMBERS_NOT_CITED = ["tăng {a},{b}% so với cùng kỳ", "đạt {a}/{c} chỉ tiêu", "giai đoạn 2021-2025", "số điện thoại 024.{c}{a}.{b}{b}",
                     "gồm {c} điều, {a} khoản", "tại {a}/63 tỉnh, thành phố", "{a}.{c}0 tỷ đồng"]


def _date(r: random.Random) -> str:
    d = dt.date(2005, 1, 1) + dt.timedelta(days=r.randrange(7300))
    return r.choice([f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}", f"ngày {d.day}/{d.month}/{d.year}"])


def _citation(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.55:
        word, code = r.choice(TYPES)
        year = f"{r.randrange(2005, 2026)}/" if word in ("Nghị định", "Thông tư") else ""
        return f"{word} số {r.randrange(1, 3000)}/{year}{code} {_date(r)}"
    if kind < 0.75:
        return f"Luật {r.choice(LAW_TITLES)} số {r.randrange(1, 80)}/{r.randrange(2005, 2026)}/QH{r.randrange(11, 16)}"
    if kind < 0.85:
        word, code = r.choice(TYPES)
        n = [f"{r.randrange(1, 300)}/{code}" for _ in range(r.randrange(2, 5))]
        return f"các {word} số {', '.join(n)} {_date(r)}"
    if kind < 0.92:
        return f"QCVN {r.randrange(1, 99):02d}:{r.randrange(2010, 2026)}/{r.choice(['BCT', 'BXD', 'BYT', 'BTNMT'])}"
    return f"Luật {r.choice(LAW_TITLES)}"


# Share of sentences that cite: "dense" is a law's preamble and cross-references (about 4,600
# references per MB); "typical" is the density of the development corpus of notices and
# directives (about 400 per MB).
PROFILES = {"dense": (0.2, 0.55), "typical": (0.02, 0.06)}


def _sentence(r: random.Random, profile: str) -> str:
    preamble, cited = PROFILES[profile]
    kind = r.random()
    if kind < preamble:
        return f"Căn cứ {_citation(r)};"
    if kind < cited:
        return (f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} theo quy định tại {_citation(r)}"
                f" và {r.choice(OBJECTS)}.")
    filler = r.choice(NUMBERS_NOT_CITED).format(a=r.randrange(1, 99), b=r.randrange(0, 9), c=r.randrange(10, 99))
    return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}, {filler}, bảo đảm {r.choice(OBJECTS)}."


def generate(mb: float, profile: str = "dense", seed: int = 20) -> list[str]:
    """Documents of generated legal prose, ``mb`` MB (UTF-8) in all, each 4–40 KB."""
    r = random.Random(seed)
    docs, total, target = [], 0, int(mb * 1_000_000)
    while total < target:
        size = r.randrange(4_000, 40_000)
        parts, n = [], 0
        art = 1
        while n < size:
            if r.random() < 0.1:
                s = f"\nĐiều {art}. {r.choice(VERBS).capitalize()} {r.choice(OBJECTS)}\n"
                art += 1
            else:
                s = _sentence(r, profile)
                s = s[0].upper() + s[1:] + (" " if r.random() < 0.7 else "\n")
            parts.append(s)
            n += len(s.encode("utf-8"))
        doc = "".join(parts)
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


def measure(docs: list[str], rounds: int) -> dict:
    size = sum(len(d.encode("utf-8")) for d in docs)
    find_references(docs[0])  # load the tables and compile the patterns outside the rounds
    times, found = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        found = sum(len(find_references(d)) for d in docs)
        times.append(time.perf_counter() - t0)
    best, median = min(times), statistics.median(times)
    return {"bytes": size, "documents": len(docs), "rounds": rounds, "references_found": found,
            "references_per_mb": round(found / (size / 1e6)),
            "seconds_best_round": round(best, 3), "mb_per_s": round(size / 1e6 / best, 2),
            "mb_per_s_median_round": round(size / 1e6 / median, 2),
            "references_per_s": round(found / best)}


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=HERE, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def section(res: dict) -> str:
    rows = [
        f"| {name} | {p['mb_per_s']} MB/s (median round {p['mb_per_s_median_round']}) | {p['bytes'] / 1e6:.2f} MB, "
        f"{p['documents']} documents, {p['rounds']} rounds | {p['references_per_mb']} ({p['references_per_s']}/s) |"
        for name, p in res["profiles"].items()
    ]
    return "\n".join([
        START,
        "## Reference finder (`find_references`) on generated legal prose",
        "",
        f"Run {res['date']} on {res['cpus']} cores, Python {res['python']}, commit {res['commit']}, load average at start "
        f"{res['load_average_at_start']}. Re-run with `.venv/bin/python benchmarks/references.py`.",
        "",
        "Aim: the order of eyecite's ~10 MB/s for its citation finder, on one core. A load average above the",
        "core count means other processes shared the machine and the figures are lower than an idle run's.",
        "",
        "| prose | throughput, 1 process, best round | text | references per MB (found per s) |",
        "| --- | --- | --- | --- |",
        *rows,
        END,
    ])


def write_section(res: dict, path: pathlib.Path) -> None:
    """Put this benchmark's section into RESULTS.md, replacing an older one."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        old = old[: old.index(START)].rstrip("\n") + old[old.index(END) + len(END):]
    path.write_text(old.rstrip("\n") + "\n\n" + section(res) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="MB of generated prose (at least 1)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=pathlib.Path, default=HERE)
    args = ap.parse_args(argv)
    load = list(os.getloadavg())
    res = {"profiles": {name: measure(generate(max(args.mb, 1.0), name), args.rounds) for name in PROFILES}}
    res.update(date=dt.datetime.now().isoformat(timespec="seconds"), cpus=os.cpu_count(),
               python=platform.python_version(), commit=_commit(), load_average_at_start=[round(x, 2) for x in load])
    (args.out / "references.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    write_section(res, args.out / "RESULTS.md")
    print(section(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
