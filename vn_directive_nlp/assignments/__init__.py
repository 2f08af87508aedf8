"""Assignments: each directive of the conclusions, with who leads, who coordinates, and by when.

The unit is the lowest list item or, inside it, the paragraph; inside a paragraph a clause that
names a different set of agencies as its own subject starts a new assignment (SPEC §3). Roles come
from where each agency mention stands: the subject of the clause or the addressee of "đề nghị /
yêu cầu / giao" leads; after "phối hợp với / cùng" it coordinates; report recipients and those
"chỉ đạo"-ed are neither. A directive with no agency of its own inherits one (``inherited: true``).

The pieces, each a pure function of facts the orchestrator (``assemble.build_notice``) computes
once: ``clauses`` (units, sentences, clauses), ``roles`` (who leads, who coordinates, who a list
addresses), ``verdict`` (directive or not: rules, then the classifier), ``combine`` (assignments).

>>> from vn_directive_nlp import parse_text
>>> n = parse_text("Số: 1/TB-VPCP\\nHà Nội, ngày 2 tháng 1 năm 2024\\nTHÔNG BÁO\\nKết luận\\n"
...                "1. Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng rà soát, báo cáo Thủ tướng Chính phủ.")
>>> [([a.name for a in x.lead], [a.name for a in x.coordinating]) for x in n.assignments]
[(['Bộ Tài chính'], ['Bộ Xây dựng'])]
"""

from .clauses import Clause, Scope, Unit, read_clauses, reported_spans, units
from .combine import Deadlines, Facts, assign
from .roles import (Mentions, letter_addressees, letter_block, reading_warnings, root_addressee, visit_place,
                    visited_province)
from .verdict import Verdicts, judge

__all__ = ["assign", "Clause", "Deadlines", "Facts", "Mentions", "Scope", "Unit", "Verdicts", "judge",
           "letter_addressees", "letter_block", "read_clauses", "reading_warnings", "reported_spans", "root_addressee",
           "units", "visit_place", "visited_province"]
