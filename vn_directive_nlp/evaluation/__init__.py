"""Evaluation harness: gold loading and checks, the SPEC §4 scorer, baselines, reports.

>>> from vn_directive_nlp.evaluation import run_evaluate
>>> run_evaluate(["corpus"], markdown_out="report.md")  # doctest: +SKIP
0
"""

from __future__ import annotations

from .gold import GoldDoc, check_gold, find_gold_paths, load_gold
from .run import run_evaluate
from .scorer import CorpusScore, DocScore, score_corpus, score_document

__all__ = ["GoldDoc", "load_gold", "check_gold", "find_gold_paths", "score_document", "score_corpus",
           "CorpusScore", "DocScore", "run_evaluate"]
