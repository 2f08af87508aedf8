"""The spaCy component: registered factory, doc._.notice, labelled spans aligned to the raw text."""

from __future__ import annotations

import pathlib

import pytest

spacy = pytest.importorskip("spacy")

from test_export import SAMPLE_TEXT, sample_notice  # noqa: E402
from vn_directive_nlp import parse_text  # noqa: E402
from vn_directive_nlp import spacy_component  # noqa: E402

SEED = pathlib.Path(__file__).resolve().parents[1] / "corpus" / "000_9179ca9c3629a68f.txt"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vn_directive")  # found through the spacy_factories entry point
    return nlp


def test_factory_is_registered_and_fills_the_notice(nlp):
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    assert nlp.pipe_names == ["vn_directive"]
    assert doc._.notice.metadata.number == parse_text(text).metadata.number
    for span in doc.spans["vn_directive"]:
        assert span.label_ in spacy_component.LABELS


def test_reference_spans_of_a_seed_cover_the_cited_numbers(nlp):
    doc = nlp(SEED.read_text(encoding="utf-8"))
    refs = [r for r in doc._.notice.references if r.number]
    spans = [s.text for s in doc.spans["vn_directive"] if s.label_ == "LEGAL_REF"]
    assert len(spans) == len({(r.start, r.end) for r in doc._.notice.references})
    for ref in refs:
        assert any(ref.number.replace(" ", "") in s.replace(" ", "") for s in spans)


def _patched(monkeypatch, notice):
    monkeypatch.setattr(spacy_component, "parse_text", lambda text: notice)


def test_spans_carry_labels_and_texts(nlp, monkeypatch):
    _patched(monkeypatch, sample_notice())
    doc = nlp(SAMPLE_TEXT)
    # The whitespace tokenizer (use_pyvi false) keeps punctuation on its token, so an
    # "expand"-aligned span may end with it ("15/5/2024;"): compare up to trailing punctuation.
    got = [(s.label_, s.text.rstrip(";:,.")) for s in doc.spans["vn_directive"]]
    assert got == [
        ("AGENCY", "Bộ Tài chính"),
        ("AGENCY", "Bộ Tư pháp"),
        ("DEADLINE", "trước ngày 15/5/2024"),
        ("LEGAL_REF", "Quyết định số 1085/QĐ-TTg"),
        ("AGENCY", "Các bộ, ngành, địa phương"),  # two inherited group agencies, one mention
        ("DEADLINE", "Định kỳ hằng quý"),
    ]


def test_offsets_of_normalized_text_are_mapped_back_to_the_raw_input(nlp, monkeypatch):
    # The raw input has Markdown emphasis and old tone placement the normalizer removed:
    # "**Giao Uỷ ban**" → "Giao Ủy ban"; offsets index the normalized text.
    raw = "1. **Giao Uỷ ban nhân dân tỉnh** báo cáo trước ngày 15/5/2024."
    norm = "1. Giao Ủy ban nhân dân tỉnh báo cáo trước ngày 15/5/2024."
    offsets = []
    i = 0
    for ch in norm:
        while raw[i] == "*":
            i += 1
        offsets.append(i)
        i += 1
    offsets.append(len(raw))
    notice = sample_notice().model_copy(update={"text": norm, "references": []})
    a = norm.index("Ủy ban nhân dân tỉnh")
    d = norm.index("trước ngày 15/5/2024")
    asg = notice.assignments[0].model_copy(update={"coordinating": [], "deadlines": [
        notice.assignments[0].deadlines[0].model_copy(update={"start": d, "end": d + len("trước ngày 15/5/2024")})
    ]})
    asg.lead = [asg.lead[0].model_copy(update={"start": a, "end": a + len("Ủy ban nhân dân tỉnh"),
                                               "name": "Ủy ban nhân dân tỉnh"})]
    notice.assignments = [asg]
    notice._raw_offsets = offsets
    _patched(monkeypatch, notice)
    doc = nlp(raw)
    # The mapped character range is exactly the mention as written in the raw text...
    start, end = spacy_component.raw_span(notice, a, a + len("Ủy ban nhân dân tỉnh"), raw)
    assert raw[start:end] == "Uỷ ban nhân dân tỉnh"
    # ...and the span expands it to whole tokens ("tỉnh**" is one whitespace token).
    assert [(s.label_, s.text.strip("*.")) for s in doc.spans["vn_directive"]] == [
        ("AGENCY", "Uỷ ban nhân dân tỉnh"),
        ("DEADLINE", "trước ngày 15/5/2024"),
    ]


def _seed_texts():
    return [p.read_text(encoding="utf-8") for p in sorted(SEED.parent.glob("*.txt"))[:3]]


def _summary(doc):
    return ([(s.label_, s.start_char, s.end_char, s._.agency, s._.deadline, s._.reference)
             for s in doc.spans["vn_directive"]], doc._.notice.model_dump_json())


def test_span_attributes_say_what_was_found(nlp):
    doc = nlp(SEED.read_text(encoding="utf-8"))
    notice = doc._.notice
    agencies = [s for s in doc.spans["vn_directive"] if s.label_ == "AGENCY"]
    deadlines = [s for s in doc.spans["vn_directive"] if s.label_ == "DEADLINE"]
    assert agencies and deadlines
    names = {a.name for x in notice.assignments for a in x.lead + x.coordinating}
    for span in agencies:
        assert span._.agency["name"] in names and span._.deadline is None
    for span in deadlines:
        d = span._.deadline
        assert d["kind"] in ("before", "on", "within", "recurring", "event", "reference")
        assert d["text"].split()[0] in span.text and span._.agency is None
    made = doc.char_span(agencies[0].start_char, agencies[0].end_char)  # a span of one's own
    assert made._.agency == agencies[0]._.agency


def test_doc_to_bytes_and_docbin_keep_the_result(nlp):
    from spacy.tokens import Doc, DocBin

    doc = nlp(SEED.read_text(encoding="utf-8"))
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _summary(again) == _summary(doc)
    store = DocBin(store_user_data=True)
    store.add(doc)
    [back] = DocBin().from_bytes(store.to_bytes()).get_docs(nlp.vocab)
    assert _summary(back) == _summary(doc)


def test_nlp_pipe_in_two_processes_equals_one(nlp):
    texts = _seed_texts()
    serial = [_summary(d) for d in nlp.pipe(texts)]
    parallel = [_summary(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert parallel == serial and all(s[0] for s in serial)
