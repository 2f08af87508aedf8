"""Groups of gold documents that the report scores apart: genre and year band.

Genre: ``local`` when the gold ``metadata.issuer`` is a provincial or local body (rules in
``local_issuers.tsv``: the issuer begins with "Ủy ban nhân dân", "Sở", "Tỉnh ủy", … or names a
locality — "tỉnh", "thành phố", "xã", "phường", … followed by its name), else the gold ``kind``
(notice, directive, news, other). Each document is in exactly one genre, so a central directive
counts under ``directive`` and a province's directive under ``local``.

Year band: the year of the gold ``issued_date`` (a news article's publication date), else of its
``meeting_date``; ``undated`` when gold gives neither. Bands: ..2012, 2013..2019, 2020..2023, 2024..

>>> is_local_issuer("Ủy ban nhân dân tỉnh Lào Cai"), is_local_issuer("Sở Giáo dục và Đào tạo thành phố Hà Nội")
(True, True)
>>> is_local_issuer("Văn phòng Chính phủ"), is_local_issuer("Bộ Lao động - Thương binh và Xã hội")
(False, False)
>>> year_band(2012), year_band(2019), year_band(2024), year_band(None)
('..2012', '2013..2019', '2024..', 'undated')
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from vn_directive_nlp.textutil import fold

from .gold import GoldDoc

LOCAL_ISSUERS_FILE = Path(__file__).resolve().parent / "local_issuers.tsv"
GENRES = ("notice", "directive", "news", "local", "other")  # report order
# (label, first year, last year); None = open-ended.
YEAR_BANDS = (("..2012", None, 2012), ("2013..2019", 2013, 2019), ("2020..2023", 2020, 2023), ("2024..", 2024, None))
UNDATED = "undated"
GROUPINGS = ("genre", "year")


@lru_cache(maxsize=1)
def _local_rules() -> tuple[tuple[str, ...], Any, tuple[str, ...]]:
    """(folded prefixes, unit pattern, folded non-units) read from ``local_issuers.tsv``."""
    rows: dict[str, list[str]] = {"prefix": [], "unit": [], "not": []}
    for line in LOCAL_ISSUERS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rule, phrase = line.split("\t")[:2]
            rows[rule].append(phrase)
    units = "|".join(regex.escape(u) for u in sorted(rows["unit"], key=len, reverse=True))
    # A unit word followed by a capitalised name; the unit itself in any case ("TỈNH", "Tỉnh", "tỉnh").
    unit_re = regex.compile(rf"(?<!\w)(?i:{units})\s+\p{{Lu}}")
    return tuple(fold(p) for p in rows["prefix"]), unit_re, tuple(fold(p) for p in rows["not"])


def is_local_issuer(issuer: str | None) -> bool:
    """Whether ``issuer`` is a provincial or local body (see the module docstring)."""
    if not issuer:
        return False
    prefixes, unit_re, not_units = _local_rules()
    folded = fold(issuer)
    if any(folded == p or folded.startswith(p + " ") for p in prefixes):
        return True
    text = issuer
    for phrase in not_units:
        text = regex.sub(rf"(?i)(?<!\w){regex.escape(phrase)}(?!\w)", " ", text)
    return unit_re.search(text) is not None


def genre(gold: GoldDoc) -> str:
    """``local`` for a local body's document, else the gold ``kind``."""
    return "local" if is_local_issuer(gold.metadata.issuer) else gold.kind


def band_date(gold: GoldDoc) -> _dt.date | None:
    """The date that places a document in a year band: issued (published), else meeting date."""
    return gold.metadata.issued_date or gold.metadata.meeting_date


def year_band(year: int | None) -> str:
    """The band label of ``year``; ``undated`` for None."""
    if year is None:
        return UNDATED
    for label, first, last in YEAR_BANDS:
        if (first is None or year >= first) and (last is None or year <= last):
            return label
    raise AssertionError(f"no band for {year}")  # the bands are open at both ends


def groups_of(gold: GoldDoc) -> dict[str, str]:
    """Every grouping's group for one document: ``{"genre": "news", "year": "2024.."}``."""
    d = band_date(gold)
    return {"genre": genre(gold), "year": year_band(d.year if d else None)}


def group_order(grouping: str) -> tuple[str, ...]:
    """Report order of a grouping's groups."""
    return GENRES if grouping == "genre" else tuple(b[0] for b in YEAR_BANDS) + (UNDATED,)
