"""Working-visit notices: items that open with a verb under an introduction naming the addressee,
calls to act inside the assessment, and imperatives with no actor (SPEC §3 "Assignments")."""

from __future__ import annotations

import pytest

from tsvcases import case_rows, items, names
from vn_directive_nlp import parse_text
from vn_directive_nlp.textutil import fold

HEAD = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 90/TB-VPCP\nHà Nội, ngày 2 tháng 3 năm 2024\nTHÔNG BÁO\n"
        "Kết luận của Thủ tướng Chính phủ tại buổi làm việc với lãnh đạo tỉnh Hà Giang\n"
        "Ngày 20 tháng 2 năm 2024, Thủ tướng Chính phủ đã làm việc với lãnh đạo tỉnh Hà Giang. "
        "Thủ tướng Chính phủ kết luận như sau:\n")
TAIL = "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\nNơi nhận:\n- Như trên;\n"


@pytest.mark.parametrize("row", case_rows("working_visit_cases.tsv"))
def test_working_visit_cases(row):
    n = parse_text(HEAD + row["input"].replace("\\n", "\n") + "\n" + TAIL)
    got = [(sorted(fold(a.name) for a in x.lead), sorted(fold(a.name) for a in x.coordinating)) for x in n.assignments]
    want = [(sorted(fold(x) for x in names(lead)), sorted(fold(x) for x in names(co))) for lead, co in items(row["expected"] or "")]
    assert got == want, row["what"]


def _leads(text: str) -> list[tuple[str, list[str]]]:
    return [(a.text[:30], [x.name for x in a.lead]) for a in parse_text(text).assignments]


def test_verb_first_items_inherit_the_addressee_of_their_introduction():
    text = HEAD + (
        "I. ĐÁNH GIÁ CHUNG\nTỉnh Hà Giang đã đạt được nhiều kết quả quan trọng trong năm 2023.\n"
        "II. NHIỆM VỤ TRONG THỜI GIAN TỚI\n"
        "Đề nghị Tỉnh ủy, Ủy ban nhân dân tỉnh Hà Giang tập trung lãnh đạo, chỉ đạo; trong đó lưu ý "
        "một số nội dung trọng tâm sau:\n"
        "1. Đổi mới tư duy phát triển, khai thác hiệu quả tiềm năng du lịch.\n"
        "2. Chú trọng phát triển hạ tầng giao thông kết nối vùng.\n") + TAIL
    got = _leads(text)
    assert len(got) == 2
    for _t, leads in got:
        assert leads == ["Tỉnh ủy Hà Giang", "Ủy ban nhân dân tỉnh Hà Giang"]


def test_a_call_to_act_inside_the_assessment_is_an_assignment_a_finding_is_not():
    text = HEAD + (
        "I. ĐÁNH GIÁ CHUNG\nTỉnh Hà Giang đã đạt được nhiều kết quả quan trọng trong năm 2023. "
        "Tỉnh Hà Giang cần nỗ lực hơn nữa, khẩn trương khắc phục các hạn chế về hạ tầng.\n"
        "II. KIẾN NGHỊ CỦA TỈNH\nGiao Bộ Giao thông vận tải nghiên cứu kiến nghị của Tỉnh.\n") + TAIL
    got = _leads(text)
    assert ("Tỉnh Hà Giang cần nỗ lực hơn n", ["Ủy ban nhân dân tỉnh Hà Giang"]) in got
    assert not any(t.startswith("Tỉnh Hà Giang đã đạt") for t, _l in got)


def test_an_imperative_with_no_actor_anywhere_above_it_is_not_an_assignment():
    text = ("Nguyên tắc chung cho cả nước trong giai đoạn mới\n"
            "Một số nguyên tắc được nêu ra tại hội thảo khoa học của các chuyên gia kinh tế hôm qua như sau:\n"
            "1. Đổi mới tư duy phát triển theo hướng bền vững và bao trùm.\n"
            "2. Chú trọng phát triển nguồn nhân lực chất lượng cao cho nền kinh tế.\n")
    assert _leads(text) == []
