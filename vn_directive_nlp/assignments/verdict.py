"""The directive verdict: does a clause direct an action (SPEC §3)?

The rules decide where they are clear (an assessment, a heading, a subject with an action verb);
the trained classifier, run once per document on the clauses the rules leave open, vetoes what
reads as an assessment or a finding and admits subject-less tasks.

>>> rule_verdict("Đánh giá cao sự chủ động của Bộ Nội vụ.", explicit=True)
False
>>> rule_verdict("Bộ Tài chính chủ trì rà soát các dự án.", explicit=True)
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

import regex

from .. import prefilter
from .. import vocabulary as _vocabulary

# The classifier's thresholds on its probability that a clause the rules leave open directs:
VETO_BELOW = 0.2  # below it, not a directive whatever else holds
UNDER_ADDRESSEE_FROM = 0.3  # an item of a list whose parent names who acts: a task from here on
ALONE_FROM = 0.8  # a clause with an action verb but no actor of its own: a task from here on
# The classifier reads the start of a clause: what kind of sentence it is shows there, and scoring
# long clauses in pure Python is the pipeline's most expensive step.
CLASSIFY_CHARS = 120

# Non-directive openings: assessments, praise, agreement, findings (SPEC §3).
_ASSESSMENT_RE = regex.compile(r"^\s*(?:\p{Lu}[\p{L} ,]{0,60}?\s)?" + _vocabulary.assessment_openings())
# The words alone, on the faster engine (and without the look-ahead, so it finds a superset),
# declared with their first words: where none stands within reach of the start, the pattern above
# (costly: it tries them after every prefix) cannot match.
_ASSESSMENT_WORDS = prefilter.declare(
    "assignments.assessment_words", re.compile(_vocabulary.assessment_openings(with_not_before=False)),
    _vocabulary.first_words(_vocabulary.load().assessment_openings), fold=False)
_ASSESSMENT_REACH = 62  # the furthest the words can start after leading spaces: a capital, 60, a space
_ASSESSMENT_FIRST_MAX = max(map(len, _ASSESSMENT_WORDS.opens))
# The first words in one pattern: a single scan finds where the next of them stands (called for
# every clause, this is cheaper than looking for each word in turn).
_ASSESSMENT_FIRST = re.compile("|".join(map(re.escape, sorted(_ASSESSMENT_WORDS.opens, key=len, reverse=True))))


def _opens_as_assessment(clause_text: str) -> bool:
    """ "Đánh giá cao …", "Bộ Y tế cơ bản thống nhất …", "Tuy nhiên, …": no directive."""
    reach = len(clause_text) - len(clause_text.lstrip()) + _ASSESSMENT_REACH
    # (Their first words are looked for within reach only; the words may run on past it. Each
    # place a first word stands is tried in order, overlapping ones included, as the prefilter does.)
    find, match, near = _ASSESSMENT_FIRST.search, _ASSESSMENT_WORDS.pattern.match, reach + _ASSESSMENT_FIRST_MAX
    spot = find(clause_text, 0, near)
    while spot is not None:
        i = spot.start()
        if i > reach:
            return False
        if match(clause_text, i) is not None:
            return _ASSESSMENT_RE.match(clause_text) is not None
        spot = find(clause_text, i + 1, near)
    return False


def _directive_patterns() -> tuple[re.Pattern, regex.Pattern, regex.Pattern]:
    """Directive language from ``data/directive_lexicon.json``: what the assignee is told to do
    ("… chủ trì …", anywhere), what opens a subject-less task ("Tiếp tục rà soát…", also after one
    capitalised word) and a task's verb as a clause's first word."""
    lex = json.loads(resources.files("vn_directive_nlp").joinpath("data/directive_lexicon.json").read_text("utf-8"))

    def alternation(words: list[str]) -> str:
        return "|".join(r"\s+".join(map(regex.escape, w.split())) for w in sorted(words, key=len, reverse=True))

    # (The standard library's engine: it searches every clause, twice as fast as ``regex``.)
    action = re.compile(r"\b(?:" + alternation(lex["action_verbs"]) + r")\b")
    # At a clause start, after at most one capitalised word ("Đồng thời tiếp tục …") that does not
    # open a topic ("Về hỗ trợ kinh phí …" names a subject, it does not direct), any case.
    imperative = regex.compile(
        r"^\s*(?:(?!(?:Về|Đối|Việc|Công\s+tác)\b)\p{Lu}\p{Ll}*\s+){0,1}?(?i:" + alternation(lex["action_verbs"] + lex["imperative_only"]) + r")\b"
    )
    # The same words as the very first of a clause: "Hoàn thiện quy định …, địa phương phải …" is a task.
    task = regex.compile(r"^\s*(?i:" + alternation(lex["action_verbs"] + lex["imperative_only"]) + r")\b")
    return action, imperative, task


# (Patterns with no Unicode property classes use the standard engine, faster on short clauses;
# on every clause of the corpus both engines give the same matches.)
# Directive language: what the assignee is told to do (data/directive_lexicon.json).
_DIRECTIVE_ACTION_RE, IMPERATIVE_START_RE, TASK_START_RE = _directive_patterns()
# Findings inside list items: "… còn chậm", "… chưa được khắc phục", "… đã đạt 3%".
_ITEM_FINDING_RE = re.compile(r"^[^,;]{0,80}?\b(?:còn\s+(?:chậm|hạn\s+chế|thấp|nhiều|tình\s+trạng)|chưa\s+(?:được|tốt|đồng\s+bộ|cao|đáp\s+ứng)|đã\s+đạt)\b")
# A result stated of an activity named by its verb: "Thúc đẩy xuất khẩu đạt kết quả tốt", "Tháo gỡ khó
# khăn cho doanh nghiệp có chuyển biến" (not "Phấn đấu đạt kết quả …", a task).
_RESULT_FINDING_RE = re.compile(
    r"^[^,;]{0,80}?\b(?<!đấu\s)(?<!để\s)(?<!nhằm\s)(?:đạt\s+(?:được\s+)?(?:kết\s+quả|nhiều\s+kết\s+quả)|có\s+(?:nhiều\s+)?chuyển\s+biến)\b")
# A section of assessments: "I. ĐÁNH GIÁ CHUNG", "1. Về tình hình thực hiện …", "Kết quả đạt được".
_ASSESSMENT_SECTION_RE = re.compile(
    r"^(?:ĐÁNH\s+GIÁ|Đánh\s+giá\s+(?:chung|tình\s+hình|kết\s+quả)|TÌNH\s+HÌNH|KẾT\s+QUẢ|Kết\s+quả\s+(?:đạt\s+được|thực\s+hiện)|"
    r"Về\s+(?:tình\s+hình|kết\s+quả|đánh\s+giá)|Tình\s+hình\s+(?:chung|thực\s+hiện))[^.;:\n]{0,120}$"
)
# A call to act inside an assessment: the actor "cần" / "phải" / "khẩn trương" do something.
_CALL_TO_ACT_RE = re.compile(r"\b(?:cần\s+(?!thiết\b)|phải\s+|khẩn\s+trương\s+|cần\s+phải\s+)\w")
# Items that list what a report must contain, not tasks: "(1) Số hộ dân có nhà bị sập …",
# "(3) Tổng kinh phí cần thiết …", "Danh mục các dự án …".
_CONTENT_ITEM_RE = regex.compile(
    r"^\s*(?:Số\s+(?!hóa\b)\p{Ll}+|Tổng\s+(?:số|kinh\s+phí|mức|nhu\s+cầu|giá\s+trị|diện\s+tích|thiệt\s+hại)|Danh\s+sách|"
    r"Danh\s+mục|Nhu\s+cầu|Thực\s+trạng|Mức\s+độ|Số\s+lượng)\b"
)
# Nouns that look like imperatives: "Yêu cầu về an toàn thực phẩm …", "Đề nghị của tỉnh …".
_NOT_ACTION_START_RE = re.compile(r"^\s*(?:Yêu\s+cầu|Đề\s+nghị|Kiến\s+nghị|Nhiệm\s+vụ|Kế\s+hoạch)\s+(?:về|của|này|đó|trên|đặt\s+ra)\b")
# Topic headings: "a) Về cải cách các quy định, TTHC", "2. Một số giải pháp, nhiệm vụ trọng tâm".
_TOPIC_RE = re.compile(r"^\s*(?:Về|VỀ|Đối\s+với|Một\s+số|Các\s+nhiệm\s+vụ|Nhiệm\s+vụ|Giải\s+pháp|Những)\b")
_LOWER_RE = regex.compile(r"\p{Ll}")


def heads_assessments(heading: str) -> bool:
    """Does a segment's first line head a section of assessments ("I. ĐÁNH GIÁ CHUNG")?"""
    return _ASSESSMENT_SECTION_RE.match(heading) is not None


def calls_to_act(text: str, s: int, e: int) -> bool:
    """Does text[s:e] call its actor to act ("… cần nỗ lực hơn nữa, khẩn trương khắc phục …")?"""
    return _CALL_TO_ACT_RE.search(text, s, min(e, s + 200)) is not None


def is_topic(clause_text: str) -> bool:
    """Does the clause open as a topic heading ("Về …", "Một số giải pháp …")?"""
    return _TOPIC_RE.match(clause_text) is not None


def rule_verdict(clause_text: str, explicit: bool) -> bool | None:
    """What the rules alone say of a clause: directive, not, or None (the classifier must help)."""
    if _opens_as_assessment(clause_text) or _NOT_ACTION_START_RE.match(clause_text):
        return False
    if not _LOWER_RE.search(clause_text, 0, 80):
        return False  # an upper-case heading: "VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH"
    if _TOPIC_RE.match(clause_text) and (len(clause_text.split(maxsplit=14)) <= 14 and clause_text[-1:] not in ".;"
                                         or not explicit and clause_text.rstrip()[-1:] == ":"):
        return False  # a topic heading: "Về xử lý lượng hải sản tồn kho", "Về bố trí vốn cho dự án … (any length):"
    if explicit and not _DIRECTIVE_ACTION_RE.search(clause_text):
        return False
    if not explicit and len(clause_text.split(maxsplit=3)) < 4:
        return False  # a byline, a heading fragment
    if explicit:
        return True  # a subject or an addressee with an action: the rules are clear
    return None


@dataclass
class Verdicts:
    """What the rules say of each clause (by span), and the classifier's probability for the
    clauses they leave open (None where it cannot run)."""

    rules: dict[tuple[int, int], bool | None]
    probabilities: dict[tuple[int, int], float | None]

    def is_directive(self, clause_text: str, span: tuple[int, int], explicit: bool, under_addressee: bool) -> bool:
        """Does the clause direct an action? ``under_addressee``: it is an item of a list whose
        parent names who must act ("Giao Bộ Y tế tăng cường chỉ đạo:" / "a) …")."""
        verdict = self.rules[span]
        if verdict is not None:
            return verdict
        prob = self.probabilities.get(span)
        if _RESULT_FINDING_RE.search(clause_text):
            return False
        if (under_addressee and TASK_START_RE.match(clause_text) and not _ITEM_FINDING_RE.search(clause_text)
                and not _CONTENT_ITEM_RE.match(clause_text)):
            return True  # an item of the list opening with its verb: "Coi trọng công tác cán bộ."
        if prob is not None and prob < VETO_BELOW:
            return False
        if (under_addressee and (prob is None or prob >= UNDER_ADDRESSEE_FROM) and not _ITEM_FINDING_RE.search(clause_text)
                and not _CONTENT_ITEM_RE.match(clause_text)):
            return True
        return bool(IMPERATIVE_START_RE.match(clause_text)) or (
            prob is not None and prob >= ALONE_FROM and bool(_DIRECTIVE_ACTION_RE.search(clause_text))
        )


def judge(text: str, clauses) -> Verdicts:
    """The rules' verdict on each clause that states no fact, and the classifier's probability
    for those the rules leave open, scored in one batch (far faster than clause by clause)."""
    rules = {(c.start, c.end): rule_verdict(text[c.start:c.end], c.explicit) for c in clauses if not c.fact}
    undecided = [span for span, v in rules.items() if v is None]
    return Verdicts(rules, dict(zip(undecided, _probabilities([text[a:b] for a, b in undecided]))))


def _probabilities(texts: list[str]) -> list[float | None]:
    """The classifier's probability that each text is a directive (None when it cannot run)."""
    if not texts:
        return []
    try:
        from .. import classify

        probs: list[float | None] = list(classify.directive_probability([t[:CLASSIFY_CHARS] for t in texts]))
        return probs
    except Exception:  # noqa: BLE001 - a missing or broken model falls back to the rules
        return [None] * len(texts)
