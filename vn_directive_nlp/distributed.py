"""Beyond one machine: parse a ``dask.bag`` of paths or texts on any dask scheduler.

>>> import dask.bag as db  # doctest: +SKIP
>>> from vn_directive_nlp.distributed import to_notices
>>> bag = db.from_sequence(["archive/a.txt", "archive/b.pdf"], npartitions=2)
>>> results = to_notices(bag).compute()          # list of dicts
>>> results[0]["status"], results[0]["notice"]["metadata"]["number"]

Each element becomes the dict of :meth:`vn_directive_nlp.batch.BatchResult.to_dict`
(``input``, ``status``, ``sha256``, ``seconds``, ``notice`` or ``error``), exactly what the
local ``parse_many`` gives, so the two can be mixed. Paths must be readable where the
workers run (a shared file system or object store mounted on every worker). Flatten for
analysts with ``to_rows(bag, table="assignments")`` and ``.to_dataframe()``.
Requires the ``dask`` extra: ``pip install 'vn_directive_nlp[dask]'``.
"""

from __future__ import annotations

from typing import Any

from .batch import BatchResult, parse_one


def _parse_to_dict(item: Any, ocr: str) -> dict[str, Any]:
    return parse_one(item, ocr).to_dict()


def to_notices(bag, *, ocr: str = "never"):
    """A bag of result dicts (``BatchResult.to_dict()``), one per input, in the bag's order."""
    return bag.map(_parse_to_dict, ocr=ocr)


def _rows(item: Any, ocr: str, table: str) -> list[dict[str, Any]]:
    from .export import rows_for

    return rows_for(parse_one(item, ocr), table)


def to_rows(bag, *, table: str = "notices", ocr: str = "never"):
    """A bag of flat rows (``export`` columns) — ``notices`` or ``assignments`` table."""
    return bag.map(_rows, ocr=ocr, table=table).flatten()


def result_from_dict(data: dict[str, Any]) -> BatchResult:
    """Rebuild a :class:`BatchResult` (with its Notice) from a dict of ``to_notices``."""
    from .models import Notice

    notice = Notice.model_validate(data["notice"]) if data.get("notice") is not None else None
    return BatchResult(
        input=data["input"], status=data["status"], sha256=data.get("sha256"),
        seconds=data.get("seconds", 0.0), notice=notice, error=data.get("error"),
    )
