"""Links between archived documents, each with its reason, rebuilt in SQL after every ingest.

* ``cites`` — a reference's number is the number of an archived document (same year where
  the reference gives one, issued no later than the citing document);
* ``reports`` — a news article names the notice it reports (``metadata.reports``), or, naming
  none, shares the notice's meeting date and a presiding leader;
* ``follows_up`` — a document (not a news article, which reports) cites an earlier one and
  assigns work to an agency that one assigned work to (by the name in force today, groups
  such as "các bộ, ngành" aside);
* ``continues`` — an assignment (of a document that is not news) cites an earlier document (inside its own segment) and shares
  its lead agency with an assignment of that document; the evidence is the citing span.
"""

from __future__ import annotations

_FIRST_CITE = """
INSERT INTO links
SELECT 'cites', r.doc_id, d.doc_id, NULL, NULL, NULL,
       'cites ' || d.number || coalesce(' of ' || strftime(d.issued_date, '%d/%m/%Y'), '') || ': "' || r.text || '"',
       r.text, r.ref_start, r.ref_end, r.year
FROM "references" r
JOIN documents s ON s.doc_id = r.doc_id
JOIN documents d ON d.number_key = r.number_key AND d.doc_id <> r.doc_id AND d.status = 'ok'
WHERE r.number_key IS NOT NULL
  AND (r.ref_year IS NULL OR d.issued_date IS NULL OR year(d.issued_date) = r.ref_year)
  AND (r.ref_date IS NULL OR d.issued_date IS NULL OR d.issued_date = r.ref_date)
  AND (s.issued_date IS NULL OR d.issued_date IS NULL OR d.issued_date <= s.issued_date)
QUALIFY row_number() OVER (PARTITION BY r.doc_id, d.doc_id ORDER BY r.position) = 1
"""

_REPORTS_BY_NUMBER = """
INSERT INTO links
SELECT 'reports', s.doc_id, d.doc_id, NULL, NULL, NULL,
       'names the notice it reports: ' || d.number || ' (metadata.reports)',
       r.text, r.ref_start, r.ref_end, s.year
FROM documents s
JOIN documents d ON d.number_key = upper(regexp_replace(s.reports, '\\s+', '', 'g'))
     AND d.doc_id <> s.doc_id AND d.status = 'ok' AND d.kind <> 'news'
LEFT JOIN "references" r ON r.doc_id = s.doc_id AND r.number_key = d.number_key
WHERE s.kind = 'news' AND s.reports IS NOT NULL
  AND (s.issued_date IS NULL OR d.issued_date IS NULL OR d.issued_date <= s.issued_date)
QUALIFY row_number() OVER (PARTITION BY s.doc_id ORDER BY d.issued_date DESC NULLS LAST, r.position) = 1
"""

_REPORTS_BY_MEETING = """
INSERT INTO links
SELECT 'reports', s.doc_id, d.doc_id, NULL, NULL, NULL,
       'same meeting date ' || strftime(s.meeting_date, '%d/%m/%Y') || ' and presiding '
           || array_to_string(list_intersect(s.presiding, d.presiding), ', ') || ' (the article names no number)',
       NULL, NULL, NULL, s.year
FROM documents s
JOIN documents d ON d.meeting_date = s.meeting_date AND d.doc_id <> s.doc_id
     AND d.status = 'ok' AND d.kind IN ('notice', 'directive')
WHERE s.kind = 'news' AND s.reports IS NULL
  AND len(list_intersect(s.presiding, d.presiding)) > 0
"""

_AGENCY_SETS = """
CREATE OR REPLACE TEMP TABLE _doc_agencies AS
SELECT doc_id, list(DISTINCT name_today) AS names FROM assignment_agencies
WHERE agency_kind <> 'group' GROUP BY doc_id
"""

_FOLLOWS_UP = """
INSERT INTO links
SELECT 'follows_up', c.src_doc, c.dst_doc, NULL, NULL, c.shared,
       'cites ' || d.number || ' and assigns work again to ' || array_to_string(c.shared, ', '),
       c.evidence, c.ev_start, c.ev_end, c.year
FROM (
    SELECT l.*, list_sort(list_intersect(sa.names, da.names)) AS shared
    FROM links l
    JOIN _doc_agencies sa ON sa.doc_id = l.src_doc
    JOIN _doc_agencies da ON da.doc_id = l.dst_doc
    WHERE l.relation = 'cites'
) c
JOIN documents d ON d.doc_id = c.dst_doc
JOIN documents s ON s.doc_id = c.src_doc AND s.kind <> 'news'
WHERE len(c.shared) > 0
"""

_LEADS = """
CREATE OR REPLACE TEMP TABLE _leads AS
SELECT doc_id, assignment_id, list(DISTINCT name_today) AS names FROM assignment_agencies
WHERE role = 'lead' AND agency_kind <> 'group' GROUP BY doc_id, assignment_id
"""

_CONTINUES = """
INSERT INTO links
SELECT 'continues', a.doc_id, b.doc_id, a.assignment_id, b.assignment_id,
       list_sort(list_intersect(la.names, lb.names)),
       'assignment ' || a.assignment_id || ' cites ' || d.number || ' and shares its lead '
           || array_to_string(list_sort(list_intersect(la.names, lb.names)), ', ')
           || ' with assignment ' || b.assignment_id || ' there',
       r.text, r.ref_start, r.ref_end, a.year
FROM assignments a
JOIN documents sd ON sd.doc_id = a.doc_id AND sd.kind <> 'news'
JOIN _leads la ON la.doc_id = a.doc_id AND la.assignment_id = a.assignment_id
LEFT JOIN segments sg ON sg.doc_id = a.doc_id AND sg.segment_id = a.segment_id
JOIN "references" r ON r.doc_id = a.doc_id AND (
        (r.ref_start >= a.asg_start AND r.ref_end <= a.asg_end)
        OR (r.ref_start >= sg.seg_start AND r.ref_end <= sg.seg_end)
        OR list_contains(a."references", r.number))
JOIN links c ON c.relation = 'cites' AND c.src_doc = a.doc_id
JOIN documents d ON d.doc_id = c.dst_doc AND d.number_key = r.number_key
JOIN assignments b ON b.doc_id = d.doc_id
JOIN _leads lb ON lb.doc_id = b.doc_id AND lb.assignment_id = b.assignment_id
WHERE len(list_intersect(la.names, lb.names)) > 0
QUALIFY row_number() OVER (
    PARTITION BY a.doc_id, a.assignment_id, b.doc_id, b.assignment_id ORDER BY r.position) = 1
"""

STEPS = (
    "DELETE FROM links", _FIRST_CITE, _REPORTS_BY_NUMBER, _REPORTS_BY_MEETING,
    _AGENCY_SETS, _FOLLOWS_UP, _LEADS, _CONTINUES, "DROP TABLE _doc_agencies", "DROP TABLE _leads",
)


def rebuild(con) -> dict[str, int]:
    """Recompute every link in one transaction; returns the count per relation."""
    con.execute("BEGIN TRANSACTION")
    try:
        for step in STEPS:
            con.execute(step)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return dict(con.execute("SELECT relation, count(*) FROM links GROUP BY relation").fetchall())
