"""The agency and province reference data, and gazetteer lookup by surface and date."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from corpusfiles import document_paths
from tsvcases import case_rows

from vn_directive_nlp import gazetteer as gz
from vn_directive_nlp.textutil import nfc

GAZ = gz.load()
ENTRIES = list(GAZ.entries.values())
BEFORE_MERGER = dt.date(2025, 6, 30)
AFTER_MERGER = dt.date(2025, 7, 1)

SPEC_GROUPS = {
    "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
    "các cơ quan liên quan",
}


def _provinces_on(day: dt.date) -> list[gz.Entry]:
    return [e for e in ENTRIES if e.role == "province" and e.valid_on(day)]


def test_every_entry_has_name_and_valid_kind():
    for e in ENTRIES:
        assert e.name.strip() and e.name == nfc(e.name), e.id
        assert e.kind in gz.KINDS, e.id


def test_names_use_modern_tone_placement():
    from vn_directive_nlp.textutil import modern_tones

    for e in ENTRIES:
        assert modern_tones(e.name) == e.name, e.name


def test_successors_exist_and_follow_the_end_of_validity():
    for e in ENTRIES:
        if e.successor is None:
            continue
        assert e.successor in GAZ.entries, (e.id, e.successor)
        assert e.valid_to is not None, e.id
        nxt = GAZ.entries[e.successor]
        # the successor is in force the day after the predecessor ends
        assert nxt.valid_on(e.valid_to + dt.timedelta(days=1)), (e.id, nxt.id)


def test_validity_intervals_are_ordered():
    for e in ENTRIES:
        if e.valid_from and e.valid_to:
            assert e.valid_from <= e.valid_to, e.id


def test_63_provinces_before_and_34_after_1_july_2025():
    assert len(_provinces_on(BEFORE_MERGER)) == 63
    assert len(_provinces_on(AFTER_MERGER)) == 34
    assert len({e.name for e in _provinces_on(AFTER_MERGER)}) == 34


def test_every_merged_province_points_to_a_province_of_2025():
    for e in _provinces_on(BEFORE_MERGER):
        later = gz.resolve(e, AFTER_MERGER)
        assert later.valid_on(AFTER_MERGER) and later.role == "province", e.id


@pytest.mark.parametrize("row", case_rows("province_successor_cases.tsv"))
def test_province_successors(row):
    old, new = row["input"], row["expected"]
    (entry,) = [e for e in gz.lookup(old, BEFORE_MERGER) if e.role == "province"][:1]
    assert gz.name_on(entry, AFTER_MERGER) == new


def test_derived_bodies_follow_their_province():
    ubnd = GAZ.derived("binh-duong", "ubnd")
    assert ubnd.name == "Ủy ban nhân dân tỉnh Bình Dương"
    assert gz.name_on(ubnd, AFTER_MERGER) == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert GAZ.derived("ha-noi", "party").name == "Thành ủy Hà Nội"
    assert GAZ.derived("ho-chi-minh", "party").name == "Thành ủy Thành phố Hồ Chí Minh"
    assert GAZ.derived("quang-ninh", "ubnd").name == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert GAZ.derived("thanh-hoa", "party").kind == "party_state"


def test_no_alias_names_two_bodies_on_the_same_day():
    days = [dt.date(y, 1, 1) for y in (2000, 2006, 2010, 2020, 2024)] + [
        dt.date(2025, 2, 1),
        dt.date(2025, 3, 15),
        BEFORE_MERGER,
        AFTER_MERGER,
        dt.date(2026, 1, 1),
    ]
    for key, ids in GAZ.index.items():
        bodies = [GAZ.entries[i] for i in ids]
        for day in days:
            live = {e.id for e in bodies if e.valid_on(day)}
            # a group phrase may stand for two groups ("các bộ, ngành, địa phương"); nothing else may
            if len(live) > 1:
                assert all(GAZ.entries[i].kind == "group" for i in live), (key, live, day)


def test_spec_group_names_present():
    assert SPEC_GROUPS <= {e.name for e in ENTRIES if e.kind == "group"}


def test_required_bodies_present():
    names = {e.name for e in ENTRIES}
    for name in [
        "Văn phòng Chính phủ",
        "Thanh tra Chính phủ",
        "Ngân hàng Nhà nước Việt Nam",
        "Ủy ban Dân tộc",
        "Bộ Dân tộc và Tôn giáo",
        "Bộ Nông nghiệp và Môi trường",
        "Bảo hiểm xã hội Việt Nam",
        "Thông tấn xã Việt Nam",
        "Đài Truyền hình Việt Nam",
        "Đài Tiếng nói Việt Nam",
        "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp",
        "Đại học Quốc gia Hà Nội",
        "Ban Quản lý Lăng Chủ tịch Hồ Chí Minh",
        "Hội đồng tư vấn cải cách thủ tục hành chính",
        "Ban Chỉ đạo cải cách hành chính của Chính phủ",
        "Ủy ban Kinh tế và Tài chính của Quốc hội",
        "Tòa án nhân dân tối cao",
        "Tập đoàn Điện lực Việt Nam",
        "Tổng công ty Đường sắt Việt Nam",
        "Chính phủ",
        "Thủ tướng Chính phủ",
    ]:
        assert name in names, name


def test_current_government_has_14_ministries():
    today = dt.date(2025, 12, 1)
    assert len([e for e in ENTRIES if e.kind == "ministry" and e.valid_on(today)]) == 14


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
        ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường"),
        ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Bộ Bưu chính, Viễn thông", "Bộ Khoa học và Công nghệ"),
    ],
)
def test_2025_restructuring(old, new):
    (entry,) = gz.lookup(old)
    assert gz.name_on(entry, dt.date(2024, 12, 31)) in (old, "Bộ Thông tin và Truyền thông")
    assert gz.name_on(entry, dt.date(2025, 3, 1)) == new
    assert gz.successor_of(entry, dt.date(2025, 3, 1)).name == new


def test_name_before_existence_stays_as_written():
    (entry,) = gz.lookup("Bộ Thông tin và Truyền thông")
    assert gz.name_on(entry, dt.date(2001, 1, 1)) == "Bộ Thông tin và Truyền thông"
    assert gz.successor_of(gz.lookup("Bộ Tư pháp")[0], dt.date(2026, 1, 1)) is None


@pytest.mark.parametrize("row", case_rows("gazetteer_lookup_cases.tsv"))
def test_lookup_folds_case_tones_spaces_and_abbreviations(row):
    on = dt.date.fromisoformat(row["date"]) if row["date"] else None
    found = gz.lookup(row["input"], on) if on else gz.lookup(row["input"])
    if row["expected"]:
        assert found and found[0].name == row["expected"]
    else:
        assert found == []


def test_lookup_by_date_prefers_the_body_in_force():
    assert gz.lookup("Huế", dt.date(2020, 1, 1))[0].id == "thua-thien-hue"
    assert gz.lookup("Huế", dt.date(2025, 8, 1))[0].id == "hue"




def test_data_files_are_valid_json_with_notes_for_uncertain_dates():
    data = json.loads(resources.files("vn_directive_nlp").joinpath("data", "agencies.json").read_text("utf-8"))
    ids = [b["id"] for b in data["bodies"]]
    assert len(ids) == len(set(ids))
    by_kind = defaultdict(int)
    for b in data["bodies"]:
        by_kind[b["kind"]] += 1
    assert by_kind["ministry"] >= 20 and by_kind["party_state"] >= 20 and by_kind["other"] >= 15



# --- tokens: the fast path (stdlib ``re`` on the folded text) agrees with the general one ----------
_DOCS = document_paths()
_TOKEN_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐEÔƯ àáảãạầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "0123456789 \n\t.,;:()/-–&*_\"'“”…%§"
)


def _columns_both_ways(text: str, start: int = 0, end: int | None = None) -> tuple:
    """Token columns of the fast path and of the general path (forced), as plain lists."""
    fast = gz.token_columns(text, start, end)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(gz, "_NOT_FAST_RE", re.compile(r"[\s\S]"))  # every text takes the general path
        slow = gz.token_columns(text, start, end)
    return tuple((c.keys, c.starts, c.ends, list(c.raws)) for c in (fast, slow))


def test_fast_tokens_equal_the_general_path_on_real_documents():
    from vn_directive_nlp.normalize import normalize

    assert _DOCS
    for path in _DOCS:
        text = normalize(path.read_text(encoding="utf-8")).text
        for a, b in ((0, None), (0, len(text) // 2), (len(text) // 3, len(text))):
            fast, slow = _columns_both_ways(text, a, b)
            assert fast == slow, (path.name, a, b)
            assert fast[0], path.name


@given(st.text(alphabet=_TOKEN_ALPHABET, max_size=200), st.integers(0, 50))
def test_fast_tokens_equal_the_general_path_on_any_text(text, start):
    start = min(start, len(text))
    fast, slow = _columns_both_ways(text, start)
    assert fast == slow


@given(st.text(alphabet=_TOKEN_ALPHABET + "UBNDTp.HCMỦĐỒ", max_size=200))
def test_a_tokens_first_letter_is_the_texts_at_its_start(text):
    # The agency scanner reads capitals straight from the text ("Bộ" at its start offset).
    import unicodedata

    for form in (text, unicodedata.normalize("NFD", text)):
        cols = gz.token_columns(form)
        for k, raw in enumerate(cols.raws):
            assert raw[:1] == form[cols.starts[k]]
