"""The shared vocabulary: one home for titles, assessment openings and closing formulas."""

import re

import regex

from vn_directive_nlp import vocabulary


def test_each_list_holds_each_phrase_once():
    v = vocabulary.load()
    for name in ("person_titles", "assessment_openings", "notice_issuers", "notice_courtesies", "body_closing_actions"):
        words = getattr(v, name)
        assert words and len(set(words)) == len(words), name
        assert all(w == " ".join(w.split()) for w in words), name  # single spaces: patterns add the gaps


def test_patterns_match_every_phrase_across_a_line_break_in_both_engines():
    v = vocabulary.load()
    cases = [(vocabulary.person_titles(), v.person_titles),
             (vocabulary.assessment_openings(with_not_before=False), v.assessment_openings),
             (vocabulary.body_closing_actions(), v.body_closing_actions)]
    for pattern, words in cases:
        for engine in (re, regex):
            compiled = engine.compile(pattern)
            for w in words:
                assert compiled.fullmatch(w.replace(" ", "\n ", 1)), (pattern[:30], w)


def test_a_title_left_out_is_not_matched():
    assert re.fullmatch(vocabulary.person_titles(leaving_out=("Thống đốc",)), "Thống đốc") is None
    assert re.fullmatch(vocabulary.person_titles(), "Thống  đốc")


def test_not_before_words_keep_a_directive_out_of_the_assessments():
    pattern = re.compile(vocabulary.assessment_openings())
    assert pattern.match("Đồng ý với đề xuất")
    assert pattern.match("Đồng ý giao Bộ Tài chính") is None


def test_notice_closing_line_opening():
    pattern = re.compile(vocabulary.notice_closing_opening())
    government = re.compile(vocabulary.notice_closing_opening(any_office=False))
    for line in ("Văn phòng Chính phủ thông báo", "VPCP xin thông báo", "Văn phòng Chính phủ trân trọng thông báo"):
        assert pattern.match(line) and government.match(line), line
    # Any office closes its notices the same way; only the Government Office's line names it.
    for line in ("Văn phòng UBND tỉnh thông báo", "Văn phòng Ủy ban nhân dân thành phố Hải Phòng xin thông báo",
                 "Văn phòng Bộ trân trọng thông báo", "Văn phòng Tỉnh ủy thông báo"):
        assert pattern.match(line) and not government.match(line), line
    for line in ("Bộ Y tế thông báo", "Văn phòng UBND tỉnh theo dõi, thông báo",
                 "Văn phòng UBND tỉnh chủ trì tổng hợp. Sở Y tế thông báo", "Văn phòng\nthông báo"):
        assert pattern.match(line) is None, line


def test_the_vocabulary_is_read_only():
    v = vocabulary.load()
    assert isinstance(v.person_titles, tuple) and vocabulary.load() is v
