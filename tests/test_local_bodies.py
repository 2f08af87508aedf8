"""Local bodies as rule rows (tests/data/local_body_cases.tsv) and the header's local issuer."""

from __future__ import annotations

import pytest
from tsvcases import DATA, case_rows, items

from vn_directive_nlp import parse_text
from vn_directive_nlp.agencies import find_agencies
from vn_directive_nlp.local_bodies import Home, find_local, header_issuer, locality_of


def _home(cell: str):
    """A table's home cell: "" none, "lao-cai" a province, "lao-cai/phường Yên Bái" or "/xã Tân Lập"
    a commune's (ward's, special zone's) document."""
    if "/" not in cell:
        return cell or None
    province, unit = cell.split("/", 1)
    words = unit.split()
    cut = 2 if words[0] in ("đặc", "thị") else 1  # "đặc khu Phú Quốc", "thị trấn …"
    return Home(province or None, " ".join(words[:cut]), " ".join(words[cut:]))


def _cases():
    return [(r["input"], _home(r["home"] or ""), [tuple(item) for item in items(r["expected"] or "")])
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


@pytest.mark.parametrize("row", case_rows("local_home_cases.tsv"))
def test_header_issuer_and_home(row):
    import datetime as dt

    head = row["input"].replace("\\n", "\n")
    issued = dt.date.fromisoformat(row["issued"]) if row["issued"] else None
    home = _home(row["home"] or "")
    expected_home = Home(home) if isinstance(home, str) else home
    assert header_issuer(head, issued) == (row["issuer"] or None, expected_home)


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


def _tasks(notice):
    return [([x.name for x in a.lead], [x.name for x in a.coordinating],
             [(d.kind, str(d.date) if d.date else None) for d in a.deadlines]) for a in notice.assignments]


def test_a_wards_letter_names_its_own_bodies_with_the_ward():
    # Written for this test (tests/data/communes/): a ward's letter after 1 July 2025, no province
    # line; "phường Yên Bái" is one province's ward in the names data, so its Sở would be that province's.
    from vn_directive_nlp import parse_file

    notice = parse_file(DATA / "communes" / "cv-ubnd-phuong-2025.txt")
    md = notice.metadata
    assert (md.number, md.issuer, str(md.issued_date), md.signer) == (
        "318/UBND-KT", "Ủy ban nhân dân phường Yên Bái", "2025-12-02", "Nguyễn Thị Lan")
    ward = "phường Yên Bái"
    assert _tasks(notice) == [
        ([f"Phòng Kinh tế, Hạ tầng và Đô thị {ward}"], [f"Công an {ward}", "các thôn, tổ dân phố"],
         [("before", "2025-12-20")]),
        ([f"Phòng Văn hóa - Xã hội {ward}"], [f"Trạm Y tế {ward}"], [("within", "2025-12-31")]),
        ([f"Ủy ban Mặt trận Tổ quốc Việt Nam {ward}"], [], []),
        (["các thôn, tổ dân phố"], [], [("recurring", None)]),
        ([f"công chức Tư pháp - Hộ tịch {ward}"], [f"Trung tâm Phục vụ hành chính công {ward}"], []),
        ([f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {ward}"], [], []),
    ]
    assert [a.kind for a in notice.assignments[2].lead] == ["party_state"]
    assert [a.kind for a in notice.assignments[3].lead] == ["group"]


def test_a_communes_plan_under_its_province_line():
    # Written for this test: "xã Thanh Sơn" is a commune's name in several provinces; the header's
    # "UBND TỈNH PHÚ THỌ" line says which, so the plan's bare "Sở …" is that province's.
    from vn_directive_nlp import parse_file

    notice = parse_file(DATA / "communes" / "kh-ubnd-xa-2025.txt")
    assert notice.metadata.issuer == "Ủy ban nhân dân xã Thanh Sơn"
    commune = "xã Thanh Sơn"
    tasks = _tasks(notice)
    assert tasks[0] == ([f"Ban Chỉ huy Quân sự {commune}"], [f"Công an {commune}"], [("before", "2025-11-30")])
    assert tasks[1] == ([f"Phòng Kinh tế {commune}"], [], [("within", "2025-11-30")])  # inherited from "2. Phòng Kinh tế:"
    assert notice.assignments[1].lead[0].inherited
    assert tasks[2] == ([f"Phòng Kinh tế {commune}"], ["Sở Nông nghiệp và Môi trường tỉnh Phú Thọ"], [])
    assert tasks[3:] == [
        ([f"Trạm Y tế {commune}"], [], []),
        (["các thôn, tổ dân phố"], ["Ủy ban nhân dân xã Hợp Kim"], []),
        ([f"công chức Văn hóa - Xã hội {commune}"], [], []),
    ]


def test_the_probe_communes_letter_no_longer_has_zero_tasks():
    text = ("ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 142/UBND-VP\nTân Lập, ngày 15 tháng 11 năm 2025\nV/v phòng, chống dịch bệnh trên đàn gia súc\n"
            "Kính gửi:\n- Các thôn, bản trên địa bàn xã;\n- Trạm Y tế xã;\n- Công an xã.\n"
            "Ủy ban nhân dân xã yêu cầu:\n"
            "1. Trưởng các thôn, bản thống kê số lượng gia súc, báo cáo về UBND xã trước ngày 25/11/2025.\n"
            "2. Công an xã phối hợp với Trạm Y tế xã kiểm soát việc vận chuyển gia súc qua địa bàn.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    notice = parse_text(text)
    # "xã Tân Lập" is in three provinces: no province is guessed, the commune still names its bodies.
    assert _tasks(notice) == [
        (["các thôn, tổ dân phố"], [], [("before", "2025-11-25")]),
        (["Công an xã Tân Lập"], ["Trạm Y tế xã Tân Lập"], []),
    ]


def test_a_communes_letter_gives_its_addressees_the_tasks_that_name_no_one():
    # As a province's letter: the "Kính gửi" bodies of a commune's letter act where its items name no actor.
    text = ("ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 15/UBND\n"
            "Tân Lập, ngày 3 tháng 12 năm 2025\nV/v tăng cường phòng cháy, chữa cháy rừng\n"
            "Kính gửi:\n- Ban Chỉ huy Quân sự xã;\n- Công an xã.\nỦy ban nhân dân xã yêu cầu:\n"
            "1. Tăng cường tuần tra, kiểm soát tại các khu rừng có nguy cơ cháy cao.\n"
            "2. Báo cáo kết quả về Ủy ban nhân dân xã trước ngày 31/12/2025.\nNơi nhận:\n- Như trên;\n- Lưu: VT.")
    notice = parse_text(text)
    both = ["Ban Chỉ huy Quân sự xã Tân Lập", "Công an xã Tân Lập"]
    assert _tasks(notice) == [(both, [], []), (both, [], [("before", "2025-12-31")])]
    assert all(x.inherited for a in notice.assignments for x in a.lead)


def test_a_commune_party_committees_notice():
    # Written for this test: a commune Party committee's notice ("Số 45-TB/ĐU", the Party's name in
    # the right column); the commune's People's Committee and Front are asked, the Party committee leads.
    from vn_directive_nlp import parse_file

    notice = parse_file(DATA / "communes" / "tb-dang-uy-xa-2025.txt")
    md = notice.metadata
    assert (md.number, md.issuer, str(md.issued_date)) == ("45-TB/ĐU", "Đảng ủy xã Bảo Thắng", "2025-10-20")
    commune = "xã Bảo Thắng"
    assert _tasks(notice) == [
        ([f"Đảng ủy {commune}"], [], [("before", "2025-11-30")]),
        ([f"Ủy ban nhân dân {commune}"], [], [("within", "2025-11-30")]),
        ([f"Ủy ban Mặt trận Tổ quốc Việt Nam {commune}"], [f"Hội Nông dân {commune}"], []),
    ]
    assert {x.kind for a in notice.assignments for x in a.lead} == {"party_state", "local"}
