"""Assignments: roles, granularity, inheritance — small cases as data, and the seeds as read by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from corpusfiles import document_paths, needs_dev_corpus
from tsvcases import case_rows, items, names

from vn_directive_nlp import parse_text
from vn_directive_nlp.textutil import fold

ROOT = Path(__file__).resolve().parents[1]

HEAD = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 9/TB-VPCP\nHà Nội, ngày 2 tháng 3 năm 2024\nTHÔNG BÁO\nKết luận của Phó Thủ tướng\n"
        "Ngày 1 tháng 3 năm 2024, Phó Thủ tướng chủ trì cuộc họp và kết luận như sau:\n")
TAIL = "\nVăn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT."


@pytest.mark.parametrize("row", case_rows("assignment_cases.tsv"))
def test_assignment_cases(row):
    n = parse_text(HEAD + row["input"].replace("\\n", "\n") + TAIL)
    got = [(sorted(fold(a.name) for a in x.lead), sorted(fold(a.name) for a in x.coordinating)) for x in n.assignments]
    want = [(sorted(fold(x) for x in names(lead)), sorted(fold(x) for x in names(co))) for lead, co in items(row["expected"] or "")]
    assert got == want, row["what"]


def test_inherited_flag_and_spans():
    n = parse_text(HEAD + "1. Bộ Nội vụ:\n- Chủ trì hoàn thiện Báo cáo công tác năm 2024.\n- Bộ Tài chính bố trí kinh phí." + TAIL)
    a1, a2 = n.assignments
    assert a1.lead[0].inherited is True and a2.lead[0].inherited is False
    for a in n.assignments:
        assert n.text[a.start:a.end] == a.text
        for ag in a.lead + a.coordinating:
            if ag.start is not None:
                assert n.text[ag.start:ag.end] == ag.surface


def test_deadline_of_a_parent_applies_to_children():
    n = parse_text(HEAD + "1. Bộ Nội vụ hoàn thành trước ngày 30/6/2024 các việc sau:\n- Rà soát biên chế.\n- Hoàn thiện đề án vị trí việc làm." + TAIL)
    assert [[(d.kind, d.date.isoformat()) for d in a.deadlines] for a in n.assignments] == [[("before", "2024-06-30")]] * 2


@pytest.mark.parametrize("row", case_rows("term_line_cases.tsv"))
def test_term_line_cases(row):
    n = parse_text(HEAD + row["input"].replace("\\n", "\n") + TAIL)
    got = [sorted(f"{d.kind} {d.date.isoformat() if d.date else None}" for d in a.deadlines) for a in n.assignments]
    want = [sorted(x.strip() for x in item.split("+") if x.strip()) for item in row["expected"].split("|")]
    assert got == want, row["what"]


def test_closing_formula_is_never_an_assignment():
    n = parse_text(HEAD + "1. Bộ Tài chính chủ trì rà soát." + TAIL)
    assert all("thông báo để" not in a.text for a in n.assignments)


SEEDS = sorted((ROOT / "corpus").glob("*.gold.json"))


@pytest.mark.parametrize("gold_path", SEEDS, ids=lambda p: p.name)
def test_seed_roles_as_read_by_hand(gold_path):
    """Every assignment of the seed, with the lead and coordinating sets written down by reading it."""
    gold = json.loads(gold_path.read_text("utf-8"))
    n = parse_text((ROOT / "corpus" / gold["text_file"]).read_text("utf-8"))
    problems = []
    for g in gold["assignments"]:
        q = fold(g["quote"])
        match = [a for a in n.assignments if q in fold(a.text)]
        if not match:
            problems.append(f"missed: {g['quote']}")
            continue
        a = match[0]
        if {fold(x.name) for x in a.lead} != {fold(x) for x in g["lead"]}:
            problems.append(f"lead of {g['quote']!r}: {[x.name for x in a.lead]} != {g['lead']}")
        if {fold(x.name) for x in a.coordinating} != {fold(x) for x in g["coordinating"]}:
            problems.append(f"coordinating of {g['quote']!r}: {[x.name for x in a.coordinating]} != {g['coordinating']}")
    assert not problems, "\n".join(problems)


# --- the assessment pre-check never changes what the full pattern says ----------------------------
_ASSESS_PIECES = ["Đánh giá cao", "đánh giá cao", "Biểu dương", "Ghi nhận", "Cơ bản thống nhất", "Thống nhất với",
                  "Đồng ý", "Đồng ý giao", "Tuy nhiên", "Trong thời gian qua", "Kết quả", "Các đại biểu",
                  "Bộ Y tế", "Ủy ban nhân dân tỉnh", "và", ",", " ", "  ", "\n", "\x1c", "\u00a0", "x" * 30, "1."]


@given(st.lists(st.sampled_from(_ASSESS_PIECES), max_size=12).map("".join))
def test_assessment_precheck_agrees_with_the_pattern(text):
    from vn_directive_nlp.assignments import verdict as assignments

    assert assignments._opens_as_assessment(text) == (assignments._ASSESSMENT_RE.match(text) is not None)


def test_assessment_precheck_on_corpus_lines():
    from vn_directive_nlp.assignments import verdict as assignments

    docs = document_paths()
    seen = 0
    for path in docs:
        for line in path.read_text(encoding="utf-8").splitlines():
            for piece in (line, line.lstrip("-+•* 0123456789.)")):
                expected = assignments._ASSESSMENT_RE.match(piece) is not None
                assert assignments._opens_as_assessment(piece) == expected, piece
                seen += expected
    assert seen > 10  # the corpus holds assessments: the check is not vacuous


@needs_dev_corpus
def test_trigger_words_are_in_every_trigger_match():
    # The coordination and address triggers run only where one of their words stands (a speed-up):
    # on every prefix of every corpus line, a match must hold one.
    from vn_directive_nlp.assignments import roles as A

    docs = document_paths()
    hits = 0
    for path in docs:
        for line in path.read_text(encoding="utf-8").splitlines():
            cuts = [i for i, ch in enumerate(line) if ch == " "] + [len(line)]
            for c in cuts:
                before = line[max(0, c - 120):c] + " "
                for pattern, words in ((A._COORD_TRIGGER_RE, A._COORD_WORDS), (A._ADDRESS_TRIGGER_RE, A._ADDRESS_WORDS)):
                    if pattern.search(before):
                        hits += 1
                        assert any(w in before for w in words), (pattern.pattern[:40], before)
    assert hits > 100


@given(st.lists(st.sampled_from(["Bộ Y tế", ".", "!", "?", " ", "TP.", "Tp. Hồ", "A", "(", "“", "x", "\n", "ThS."]),
                max_size=20).map("".join))
def test_sentence_ends_equal_a_plain_scan_on_any_text(text):
    from vn_directive_nlp import sentences as A

    for s in range(0, min(len(text), 3) + 1):
        assert [m.span() for m in A.sentence_ends(text, s, len(text))] == [
            m.span() for m in A.SENTENCE_END_RE.finditer(text, s, len(text))]


def test_every_assessment_phrase_opens_with_a_declared_first_word():
    # (tests/test_prefilter.py holds the declared pattern to the plain scan on the corpus.)
    from vn_directive_nlp import vocabulary
    from vn_directive_nlp.assignments import verdict as A

    for phrase in vocabulary.load().assessment_openings:  # each alternative, with single spaces
        assert A._ASSESSMENT_WORDS.pattern.fullmatch(phrase) is not None, phrase
        assert phrase.startswith(A._ASSESSMENT_WORDS.opens), phrase
