"""The archive's tables: columns, SQL types and what each column means (docs/archive.md shows them).

Offsets (``*_start``/``*_end``) index ``documents.text`` in characters, as ``Notice`` offsets
do: in DuckDB, ``substring(d.text, s.seg_start + 1, s.seg_end - s.seg_start)`` is a
segment's text. Every table carries ``year`` (of the document's date) to partition the
Parquet dataset by.
"""

from __future__ import annotations

# table -> [(column, SQL type, meaning)], in column order.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "documents": [
        ("doc_id", "VARCHAR", "the document's key: its absolute path"),
        ("sha256", "VARCHAR", "SHA-256 of the file's bytes; a changed file is parsed again"),
        ("status", "VARCHAR", "ok, or error (then retried on the next run)"),
        ("error_type", "VARCHAR", "the error's class when status = error"),
        ("error_message", "VARCHAR", "the error's message when status = error"),
        ("kind", "VARCHAR", "notice, directive, news or other"),
        ("number", "VARCHAR", "document number as written (437/TB-VPCP)"),
        ("number_key", "VARCHAR", "number folded for matching (upper case, no spaces)"),
        ("doc_type", "VARCHAR", "Thông báo, Chỉ thị, Công điện …"),
        ("issuer", "VARCHAR", "issuing body"),
        ("issued_date", "DATE", "date of issue (of publication for news)"),
        ("meeting_date", "DATE", "date of the meeting the document reports"),
        ("presiding", "VARCHAR[]", "leaders presiding the meeting"),
        ("title", "VARCHAR", "title line"),
        ("signer", "VARCHAR", "signer"),
        ("reports", "VARCHAR", "number of the notice a news article reports (metadata.reports)"),
        ("n_segments", "INTEGER", "segments in the tree"),
        ("n_assignments", "INTEGER", "assignments found"),
        ("warnings", "VARCHAR[]", "parser warnings"),
        ("text", "VARCHAR", "the normalized text every offset indexes"),
        ("notice_json", "VARCHAR", "the whole Notice in the compact JSON form, without text"),
        ("indexed_at", "TIMESTAMP", "when this version was stored"),
        ("year", "INTEGER", "year of issued_date (else meeting_date); NULL when neither is known"),
    ],
    "segments": [
        ("doc_id", "VARCHAR", "documents.doc_id"),
        ("segment_id", "VARCHAR", "segment id (1, 1.2, 1.2.a)"),
        ("parent", "VARCHAR", "parent segment id"),
        ("label", "VARCHAR", "the marker as written (1., a), -)"),
        ("marker", "VARCHAR", "marker kind (number, letter, dash …)"),
        ("level", "INTEGER", "depth, 1 = top"),
        ("seg_start", "INTEGER", "start offset in documents.text"),
        ("seg_end", "INTEGER", "end offset (the segment's children included)"),
        ("year", "INTEGER", "documents.year"),
    ],
    "assignments": [
        ("doc_id", "VARCHAR", "documents.doc_id"),
        ("assignment_id", "VARCHAR", "assignment id within the document (A1, A2 …)"),
        ("segment_id", "VARCHAR", "the segment it sits in"),
        ("text", "VARCHAR", "what must be done, as written"),
        ("asg_start", "INTEGER", "start offset in documents.text"),
        ("asg_end", "INTEGER", "end offset"),
        ("due_date", "DATE", "the earliest dated deadline"),
        ("due_kind", "VARCHAR", "kind of that deadline (before, on, within …), else of the first one"),
        ("due_text", "VARCHAR", "that deadline as written"),
        ("recurrence", "VARCHAR", "a recurring deadline's period (monthly, quarterly …)"),
        ("references", "VARCHAR[]", "numbers of the documents it cites"),
        ("lead", "VARCHAR[]", "lead agencies' names (as in assignment_agencies, kept here for fast questions)"),
        ("coordinating", "VARCHAR[]", "coordinating agencies' names"),
        ("agencies_today", "VARCHAR[]", "every agency's name_today"),
        ("year", "INTEGER", "documents.year"),
    ],
    "assignment_agencies": [
        ("doc_id", "VARCHAR", "documents.doc_id"),
        ("assignment_id", "VARCHAR", "assignments.assignment_id"),
        ("role", "VARCHAR", "lead (chủ trì) or coordinating (phối hợp)"),
        ("position", "INTEGER", "order within the role, from 0"),
        ("name", "VARCHAR", "canonical name in force on the document's date"),
        ("name_today", "VARCHAR", "name of the body it is today (via successor), else name"),
        ("agency_id", "VARCHAR", "gazetteer id (bo-tai-chinh, ubnd:ha-noi), NULL for persons and unknowns"),
        ("surface", "VARCHAR", "the mention as written"),
        ("agency_kind", "VARCHAR", "ministry, province, group, person …"),
        ("inherited", "BOOLEAN", "taken from an enclosing item, not named in the assignment itself"),
        ("year", "INTEGER", "documents.year"),
    ],
    "deadlines": [
        ("doc_id", "VARCHAR", "documents.doc_id"),
        ("assignment_id", "VARCHAR", "assignments.assignment_id"),
        ("position", "INTEGER", "order within the assignment, from 0"),
        ("kind", "VARCHAR", "before, on, within, recurring, event, reference"),
        ("due_date", "DATE", "the date, where one is given or computed"),
        ("recurrence", "VARCHAR", "daily … yearly for a recurring deadline"),
        ("text", "VARCHAR", "the deadline as written"),
        ("dl_start", "INTEGER", "start offset in documents.text"),
        ("dl_end", "INTEGER", "end offset"),
        ("year", "INTEGER", "documents.year"),
    ],
    "references": [
        ("doc_id", "VARCHAR", "documents.doc_id"),
        ("position", "INTEGER", "order in the document, from 0"),
        ("text", "VARCHAR", "the citation as written"),
        ("doc_type", "VARCHAR", "type of the cited document"),
        ("number", "VARCHAR", "number of the cited document"),
        ("number_key", "VARCHAR", "number folded for matching documents.number_key"),
        ("ref_date", "DATE", "date of the cited document"),
        ("ref_year", "INTEGER", "year of the cited document"),
        ("issuer", "VARCHAR", "issuer of the cited document"),
        ("ref_start", "INTEGER", "start offset in documents.text"),
        ("ref_end", "INTEGER", "end offset"),
        ("year", "INTEGER", "documents.year (of the citing document)"),
    ],
    "links": [
        ("relation", "VARCHAR", "cites, reports, follows_up or continues"),
        ("src_doc", "VARCHAR", "the citing / reporting / later document"),
        ("dst_doc", "VARCHAR", "the cited / reported / earlier document"),
        ("src_assignment", "VARCHAR", "for continues: the later assignment"),
        ("dst_assignment", "VARCHAR", "for continues: the earlier assignment"),
        ("agencies", "VARCHAR[]", "for follows_up and continues: the shared agencies (name_today)"),
        ("reason", "VARCHAR", "why the link holds, in words"),
        ("evidence", "VARCHAR", "the citing span, where there is one"),
        ("ev_start", "INTEGER", "its start offset in the source document's text"),
        ("ev_end", "INTEGER", "its end offset"),
        ("year", "INTEGER", "year of the source document"),
    ],
}

# Tables whose rows come from one document (deleted and written again with it).
DOCUMENT_TABLES = ("documents", "segments", "assignments", "assignment_agencies", "deadlines", "references")


def quoted(name: str) -> str:
    """A table or column name as SQL needs it (``references`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def create_statements() -> list[str]:
    """``CREATE TABLE IF NOT EXISTS`` for every table."""
    out = []
    for table, columns in TABLES.items():
        cols = ", ".join(f"{quoted(c)} {t}" for c, t, _ in columns)
        out.append(f"CREATE TABLE IF NOT EXISTS {quoted(table)} ({cols})")
    return out


def markdown() -> str:
    """The schema as Markdown tables (what docs/archive.md holds between its markers)."""
    parts = []
    for table, columns in TABLES.items():
        parts.append(f"### `{table}`\n\n| column | type | meaning |\n| --- | --- | --- |")
        parts.extend(f"| `{c}` | {t} | {m} |" for c, t, m in columns)
        parts.append("")
    return "\n".join(parts)
