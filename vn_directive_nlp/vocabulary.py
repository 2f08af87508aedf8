"""The shared vocabulary of the extraction rules: titles, assessment openings, closing formulas,
signature titles.

Each list lives once, in ``data/vocabulary.json``; rules build their patterns from it here.

>>> "Tổng Thanh tra" in load().person_titles
True
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``data/vocabulary.json``, as read-only tuples."""

    person_titles: tuple[str, ...]
    assessment_openings: tuple[str, ...]
    assessment_not_before: dict[str, tuple[str, ...]]
    notice_issuers: tuple[str, ...]
    office_closers: tuple[str, ...]
    office_name_max_words: int
    notice_courtesies: tuple[str, ...]
    notice_verb: str
    body_closing_actions: tuple[str, ...]
    signing_for: tuple[str, ...]
    signature_titles: tuple[str, ...]
    subject_calls: tuple[str, ...]


@functools.cache
def load() -> Vocabulary:
    """The vocabulary, read from the package data on first call and cached (never mutated)."""
    raw = json.loads(resources.files("vn_directive_nlp").joinpath("data", "vocabulary.json").read_text(encoding="utf-8"))
    assess, closing = raw["assessment_openings"], raw["closing_formulas"]
    return Vocabulary(
        person_titles=tuple(raw["person_titles"]["words"]),
        assessment_openings=tuple(assess["words"]),
        assessment_not_before={k: tuple(v) for k, v in assess["not_before"].items()},
        notice_issuers=tuple(closing["notice_issuers"]),
        office_closers=tuple(closing["office_closers"]),
        office_name_max_words=int(closing["office_name_max_words"]),
        notice_courtesies=tuple(closing["notice_courtesies"]),
        notice_verb=closing["notice_verb"],
        body_closing_actions=tuple(closing["body_actions"]),
        signing_for=tuple(raw["signature"]["signing_for"]),
        signature_titles=tuple(raw["signature"]["titles"]),
        subject_calls=tuple(raw["subject_calls"]["words"]),
    )


def phrase(words: str) -> str:
    r"""A pattern for one phrase, any white space between its words: ``phrase("Bộ trưởng") == r"Bộ\s+trưởng"``."""
    return r"\s+".join(map(re.escape, words.split()))


def alternation(phrases) -> str:
    r"""``(?:…|…)`` of the phrases (valid for ``re`` and ``regex``): ``alternation(["xin"]) == "(?:xin)"``."""
    return "(?:" + "|".join(map(phrase, phrases)) + ")"


def first_words(phrases) -> tuple[str, ...]:
    """The distinct first words of the phrases, in order: what every match opens with."""
    return tuple(dict.fromkeys(p.split()[0] for p in phrases))


def person_titles(*, leaving_out: tuple[str, ...] = ()) -> str:
    """An alternation of the titles of persons (``leaving_out`` some of them)."""
    return alternation(t for t in load().person_titles if t not in leaving_out)


def subject_calls() -> str:
    """An alternation of the words that, right after a body, call it to act ("cần", "khẩn trương")."""
    return alternation(load().subject_calls)


def assessment_openings(*, with_not_before: bool = True) -> str:
    """An alternation of the assessment openings; ``with_not_before``: each carries the
    look-ahead that keeps it from a directive ("Đồng ý giao …")."""
    vocab = load()
    alts = []
    for words in vocab.assessment_openings:
        tail = vocab.assessment_not_before.get(words) if with_not_before else None
        alts.append(phrase(words) + (r"(?!\s+" + alternation(tail) + ")" if tail else ""))
    return "(?:" + "|".join(alts) + ")"


def notice_closing_opening(*, any_office: bool = True) -> str:
    """The opening of a notice's closing line: "Văn phòng Chính phủ (xin) thông báo", or with
    ``any_office`` that of any office ("Văn phòng UBND tỉnh thông báo", "Văn phòng Bộ thông báo")."""
    vocab = load()
    issuers = alternation(vocab.notice_issuers)
    if any_office:
        # The office's own name: a few words on the same line, none closing a sentence or a clause.
        name = r"(?:[ \t]+[^\s.;:,]+){1,%d}?" % vocab.office_name_max_words
        issuers = "(?:" + issuers + "|" + alternation(vocab.office_closers) + name + ")"
    return (issuers + r"\s+(?:" + "|".join(phrase(w) + r"\s+" for w in vocab.notice_courtesies)
            + ")?" + phrase(vocab.notice_verb))


def body_closing_actions() -> str:
    """An alternation of the calls to carry out that close a body ("… triển khai thực hiện./.")."""
    return alternation(load().body_closing_actions)


def as_written(words) -> str:
    r"""``(?:…|…)`` of the words read as written, spaces included: ``as_written(["KT."]) == r"(?:KT\.)"``."""
    return "(?:" + "|".join(map(re.escape, words)) + ")"


def signature_titles(*, leaving_out: tuple[str, ...] = ()) -> str:
    """An alternation of the upper-case titles over a signature ("PHÓ THỦ TƯỚNG"), as written
    (``leaving_out`` some of them)."""
    return as_written(t for t in load().signature_titles if t not in leaving_out)


def signing_for(*, leaving_out: tuple[str, ...] = ()) -> str:
    """An alternation of the marks of signing for another ("KT.", "TL.", …)."""
    return as_written(t for t in load().signing_for if t not in leaving_out)
