"""OCR-tolerant anchors: the fixed parts of a document found where OCR misread them (rule rows in
tests/data/ocr_tolerance_cases.tsv), and a whole noisy document read end to end."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tsvcases import case_rows

from vn_directive_nlp import ocr_tolerance, parse_text


def _field(notice, field: str):
    if field == "leads":
        return [[x.name for x in a.lead] for a in notice.assignments]
    if field == "top":
        return [f"{s.label} {s.marker}" for s in notice.segments if s.parent is None]
    value = getattr(notice.metadata, field)
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("row", case_rows("ocr_tolerance_cases.tsv"))
def test_ocr_tolerance_cases(row):
    notice = parse_text(row["input"].replace("\\n", "\n"))
    assert _field(notice, row["field"]) == json.loads(row["expected"])


# A Prime Minister's directive as a scan's OCR gives it (written for this test): a signing stamp's
# text over the header, the issuer's words joined, the number and day unreadable, specks before
# the title line, "I." read as "1." and "III." as "Il.", the recipients' heading without its
# diacritics beside the signature title, and specks after some recipients.
NOISY = """Ký bởi: Cổng Thông tin điện tử Chính phủ
Thời gian ký: 66.03.2021 09:12:40 +07:00
THỦ TƯỚNG CHÍNHPHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
—— Độc lập - Tự do - Hạnh phúc
| CONG THONG TIN 4 /CT-TTs Ha Nội, ngàyháng 4 năm 2021
DEN i: : _¬ CHỈ THỊ
Về tăng cường phòng, chống thiên tai
Thủ tướng Chính phủ yêu cầu:
1. QUAN ĐIỂM CHỈ ĐẠO
1. Chủ động phòng ngừa, ứng phó kịp thời với thiên tai.
II. NHIỆM VỤ, GIẢI PHÁP
1. Bộ Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các bộ rà soát phương án ứng phó, báo cáo Thủ tướng Chính phủ trong tháng 5 năm 2021.
2. Bộ Tài chính bố trí kinh phí khắc phục hậu quả thiên tai.
Il. TỔ CHỨC THỰC HIỆN
Bộ Kế hoạch và Đầu tư theo dõi, đôn đốc việc thực hiện Chỉ thị này./.
Noi nhận: THỦ TƯỞNG
- Ban Bí thư Trung ương Đảng;
- Văn phòng Tổng Bí thư; i
- Các Bộ, cơ quan ngang Bộ, cơ quan thuộc CP;
- HĐND, UBND các tỉnh, thành phố trực thuộc TW;
- Ủy ban Giám sát tài chính Quốc gia;
- Lưu: Văn thư, NN (2b).
š Zuyến Văn Phúc
"""


def test_a_noisy_scan_of_a_directive():
    n = parse_text(NOISY)
    md = n.metadata
    assert (n.kind, md.doc_type, md.issuer) == ("directive", "Chỉ thị", "Thủ tướng Chính phủ")
    # The number and day are unreadable: null and said so, never "4/CT-TTs" or a guessed day.
    assert md.number is None and md.issued_date is None
    assert any("no document number" in w for w in n.warnings)
    assert any("issue date is not readable" in w for w in n.warnings)
    assert md.signer is None  # "š Zuyến Văn Phúc" is no name
    assert md.recipients[0] == "Ban Bí thư Trung ương Đảng" and md.recipients[-1].startswith("Lưu")
    block = n.text.index("Noi nhận")
    assert all(a.end <= block for a in n.assignments), "the recipients list yields no assignment"
    assert [(s.label, s.marker) for s in n.segments if s.parent is None] == [("1.", "roman"), ("II.", "roman"), ("Il.", "roman")]
    leads = [[x.name for x in a.lead] for a in n.assignments]
    assert ["Bộ Nông nghiệp và Phát triển nông thôn"] in leads and ["Bộ Tài chính"] in leads
    assert not any("Thủ tướng Chính phủ" in names for names in leads), "the header is no assignment"


@pytest.mark.parametrize("row", case_rows("ocr_marker_cases.tsv"))
def test_misread_list_markers(row):
    lines = row["input"].split("\\n")
    fixed, warnings = ocr_tolerance.misread_line_markers(lines)
    assert fixed == row["expected"].split("\\n")
    assert len(warnings) == sum(a != b for a, b in zip(lines, fixed)), "each repair is reported"
