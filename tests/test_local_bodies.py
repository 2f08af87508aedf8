"""Local bodies as rule rows (tests/data/local_body_cases.tsv) and the header's local issuer."""

from __future__ import annotations

import pytest
from tsvcases import case_rows, items

from vn_directive_nlp import parse_text
from vn_directive_nlp.agencies import find_agencies
from vn_directive_nlp.local_bodies import find_local, header_issuer, locality_of


def _cases():
    return [(r["input"], r["home"] or None, [tuple(item) for item in items(r["expected"] or "")])
            for r in (p.values[0] for p in case_rows("local_body_cases.tsv"))]


CASES = _cases()


def test_table_has_positive_and_negative_rows():
    assert sum(1 for _t, _h, e in CASES if e) >= 25
    assert sum(1 for _t, _h, e in CASES if not e) >= 5


@pytest.mark.parametrize(("text", "home", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_case(text, home, expected):
    import datetime as dt

    found = find_agencies(text, on_date=dt.date(2025, 11, 1), home=home)
    assert [(a.name, a.kind) for a in found] == expected


def test_offsets_point_at_the_surface():
    text = "Giao Sở Công Thương chủ trì, phối hợp với UBND xã Bảo Thắng và các sở, ngành liên quan."
    for f in find_local(text, home="lao-cai"):
        assert text[f.start:f.end] == f.surface


@pytest.mark.parametrize(("head", "issuer", "home"), [
    ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/UBND-KT", "Ủy ban nhân dân tỉnh Lào Cai", "lao-cai"),
    ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH NGHỆ AN Độc lập - Tự do - Hạnh phúc\nSố: 3/KH-UBND",
     "Ủy ban nhân dân tỉnh Nghệ An", "nghe-an"),
    ("UBND THÀNH PHỐ HÀ NỘI SỞ XÂY DỰNG\nSố: 9/SXD-QLGT", "Sở Xây dựng thành phố Hà Nội", "ha-noi"),
    ("ỦY BAN NHÂN DÂN XÃ BẢO THẮNG\nSố: 1/UBND", "Ủy ban nhân dân xã Bảo Thắng", None),
    ("VĂN PHÒNG CHÍNH PHỦ\nSố: 1/TB-VPCP", None, None),
])
def test_header_issuer(head, issuer, home):
    assert header_issuer(head) == (issuer, home)


def test_a_provinces_bare_department_is_its_own_in_a_parse():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 7/UBND-KT\n"
            "Lai Châu, ngày 2 tháng 12 năm 2025\nKính gửi: Sở Tài chính.\n"
            "Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\n"
            "Giao Sở Tài chính chủ trì, phối hợp với Công an tỉnh rà soát, báo cáo trước ngày 15/12/2025.\n"
            "Nơi nhận:\n- Như trên;")
    notice = parse_text(text)
    assert notice.metadata.issuer == "Ủy ban nhân dân tỉnh Lai Châu"
    [a] = notice.assignments
    assert [x.name for x in a.lead] == ["Sở Tài chính tỉnh Lai Châu"]
    assert [x.name for x in a.coordinating] == ["Công an tỉnh Lai Châu"]
    assert [x.kind for x in a.lead] == ["local"]


def test_a_short_letter_under_a_table_header_keeps_its_tasks():
    # Two one-line tasks and no "có ý kiến như sau:": the header's rows must not make the body
    # read as hard-wrapped text (which would run the tasks into the "Kính gửi:" line).
    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 45/UBND-NN | Độc lập - Tự do - Hạnh phúc\n| Bắc Ninh, ngày 2 tháng 4 năm 2026\n"
            "Kính gửi: Sở Nông nghiệp và Môi trường\n"
            "Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Công an tỉnh kiểm tra, báo cáo trước ngày 10/4/2026.\n"
            "Giao Sở Tài chính bố trí kinh phí thực hiện.\n")
    notice = parse_text(text)
    assert [[x.name for x in a.lead] for a in notice.assignments] == [
        ["Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh"], ["Sở Tài chính tỉnh Bắc Ninh"]]
    assert [x.name for x in notice.assignments[0].coordinating] == ["Công an tỉnh Bắc Ninh"]
    assert [str(d.date) for d in notice.assignments[0].deadlines] == ["2026-04-10"]


def test_locality_names():
    assert locality_of("lao-cai") == "tỉnh Lào Cai"
    assert locality_of("ho-chi-minh") == "Thành phố Hồ Chí Minh"


def test_commune_names_come_from_the_generated_units():
    import json
    from importlib import resources

    data = json.loads(resources.files("vn_directive_nlp").joinpath("data/local_units.json").read_text("utf-8"))
    assert data["source"]["package"] == "vietnam-provinces"
    assert sum(len(v) for kinds in data["provinces"].values() for v in kinds.values()) > 3000


def test_a_provincial_notices_closing_line_is_no_task():
    # "Văn phòng UBND tỉnh thông báo để … biết, thực hiện./." closes the body like the Government
    # Office's line; the issuer stays the province's.
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 88/TB-UBND\n"
            "Hà Tĩnh, ngày 3 tháng 10 năm 2025\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp về mùa mưa bão\n"
            "Chủ tịch UBND tỉnh kết luận như sau:\n"
            "1. Sở Công Thương kiểm tra an toàn các hồ thủy điện, báo cáo trước ngày 10/10/2025.\n"
            "2. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc.\n"
            "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    notice = parse_text(text)
    assert notice.metadata.issuer == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert [[x.name for x in a.lead] for a in notice.assignments] == [
        ["Sở Công Thương tỉnh Hà Tĩnh"], ["Văn phòng Ủy ban nhân dân tỉnh Hà Tĩnh"]]
