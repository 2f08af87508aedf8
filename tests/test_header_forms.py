"""Headers as archives render them (issue: Markdown tables, run-in lines, provincial headers, blanks)."""

from __future__ import annotations

import datetime as dt

import pytest

from vn_directive_nlp import parse_text

BODY = ("\n1. Bộ Công an chủ trì, phối hợp với các bộ, ngành kiểm tra an toàn phòng cháy, "
        "báo cáo Thủ tướng Chính phủ trước ngày 30/6/2024.\n")

CASES = [
    # (header, number, doc_type, issuer, place, issued_date, kind)
    ("| THỦ TƯỚNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n| | Độc lập - Tự do - Hạnh phúc |\n"
     "| Số: 13/CT-TTg | Hà Nội, ngày 11 tháng 4 năm 2024 |\n\nCHỈ THỊ\nVề việc tăng cường công tác phòng cháy",
     "13/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", "Hà Nội", dt.date(2024, 4, 11), "directive"),
    ("THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Số: 21/CT-TTG Hà Nội, ngày 5 tháng 6 năm 2023 CHỈ THỊ Về việc tăng cường công tác phòng cháy",
     "21/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", "Hà Nội", dt.date(2023, 6, 5), "directive"),
    ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc\n"
     "Số: 88 /KH-UBND Lào Cai, ngày 2 tháng 3 năm 2026\nKẾ HOẠCH\nTriển khai công tác phòng cháy năm 2026",
     "88/KH-UBND", "Kế hoạch", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", dt.date(2026, 3, 2), "directive"),
]


@pytest.mark.parametrize(("head", "number", "doc_type", "issuer", "place", "issued", "kind"), CASES,
                         ids=["markdown table", "run-in line", "provincial plan"])
def test_header_fields(head, number, doc_type, issuer, place, issued, kind):
    n = parse_text(head + BODY)
    md = n.metadata
    assert (md.number, md.doc_type, md.issuer, md.place, md.issued_date, n.kind) == (
        number, doc_type, issuer, place, issued, kind)
    assert [x.name for x in n.assignments[0].lead] == ["Bộ Công an"]


def test_a_blank_number_and_day_are_null_with_warnings_not_guessed():
    head = ("UỶ BAN NHÂN DÂN\nTỈNH LÀO CAI | | CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: /UBND-KT | | Lào Cai, ngày tháng năm 2025\nV/v phòng cháy\nKính gửi: Sở Công Thương.\n"
            "Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:\nGiao Sở Công Thương chủ trì rà soát, báo cáo trước ngày 15/9/2025.")
    n = parse_text(head)
    assert n.metadata.number is None and n.metadata.issued_date is None
    assert n.metadata.place == "Lào Cai"
    assert any("number is left blank" in w for w in n.warnings)
    assert any("issue date is left blank" in w for w in n.warnings)
    assert [x.name for x in n.assignments[0].lead] == ["Sở Công Thương tỉnh Lào Cai"]


def test_a_signature_run_into_the_last_line():
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 5/TB-VPCP Hà Nội, ngày 2 tháng 1 năm 2024 THÔNG BÁO\n"
            "Thủ tướng Chính phủ kết luận như sau:\n1. Bộ Tài chính chủ trì rà soát, báo cáo trong tháng 1 năm 2024.\n"
            "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\n"
            "Nơi nhận: - Như trên; - Lưu: VT, KTTH (2). BỘ TRƯỞNG, CHỦ NHIỆM Trần Văn Sơn")
    assert parse_text(text).metadata.signer == "Trần Văn Sơn"
