"""Beyond one machine: parse a ``dask.bag`` of paths (or texts wrapped in ``batch.TextInput``) on any dask scheduler.

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

``to_notices(...).compute()`` brings every Notice back to the client: fine for a sample,
not for an archive. For an archive, :func:`write_archive_dataset` has each worker parse its
partition and write the archive's tables itself, as a Parquet dataset partitioned by year
(the layout of ``vn-directive index --parquet-dir``); the client gathers one small summary
per partition (needs the ``archive`` extra too)::

    >>> summary = write_archive_dataset(bag, "/shared/archive.parquet").compute()  # doctest: +SKIP
    >>> Archive("archive.duckdb").import_parquet("/shared/archive.parquet")          # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import os
import pathlib
from typing import Any

from .batch import BatchResult, default_parser, parse_one
from .readers.pdf import DEFAULT_OCR


def _parse(item: Any, ocr: str, as_of: _dt.date | None) -> BatchResult:
    """``parse_one`` on a worker, ``as_of`` passed to the parser as ``parse_many`` passes it."""
    return parse_one(item, ocr, functools.partial(default_parser, as_of=as_of) if as_of else None)


def _day(as_of: _dt.date | str | None) -> _dt.date | None:
    """``as_of`` checked on the client, before any task is sent (a bad one raises ``ValueError``)."""
    from .pipeline import _as_date

    return _as_date(as_of) if as_of is not None else None


def _parse_to_dict(item: Any, ocr: str, as_of: _dt.date | None = None) -> dict[str, Any]:
    return _parse(item, ocr, as_of).to_dict()


def to_notices(bag, *, ocr: str = DEFAULT_OCR, as_of: _dt.date | str | None = None):
    """A bag of result dicts (``BatchResult.to_dict()``), one per input, in the bag's order.
    ``as_of``: names an undated document's agencies as on that day, as in ``parse_many``."""
    return bag.map(_parse_to_dict, ocr=ocr, as_of=_day(as_of))


def _rows(item: Any, ocr: str, table: str, as_of: _dt.date | None = None) -> list[dict[str, Any]]:
    from .export import rows_for

    return rows_for(_parse(item, ocr, as_of), table)


def to_rows(bag, *, table: str = "notices", ocr: str = DEFAULT_OCR, as_of: _dt.date | str | None = None):
    """A bag of flat rows (``export`` columns) — the ``notices``, ``assignments`` or ``agencies`` table."""
    return bag.map(_rows, ocr=ocr, table=table, as_of=_day(as_of)).flatten()


def result_from_dict(data: dict[str, Any]) -> BatchResult:
    """Rebuild a :class:`BatchResult` (with its Notice) from a dict of ``to_notices``."""
    from .models import Notice

    notice = Notice.model_validate(data["notice"]) if data.get("notice") is not None else None
    return BatchResult(
        input=data["input"], status=data["status"], sha256=data.get("sha256"),
        seconds=data.get("seconds", 0.0), notice=notice, error=data.get("error"),
    )


def _partition_key(items: list) -> str:
    """A name for a partition's files that depends on its inputs only, so a retried task
    overwrites its own files instead of adding a second copy."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(os.fspath(item).encode("utf-8", "surrogatepass") if isinstance(item, (str, os.PathLike)) else repr(item).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def _write_partition(items, directory: str, ocr: str, as_of: _dt.date | None = None) -> list[dict[str, Any]]:
    """Worker side: parse one partition and write its rows of every table (runs on the worker)."""
    ds = _require_dataset()

    from .archive import arrow_table
    from .archive.rows import document_rows
    from .archive.schema import DOCUMENT_TABLES

    from .batch import is_path_input

    # Documents are keyed by absolute path, as ``Archive.add`` keys them.
    items = [pathlib.Path(os.path.abspath(os.fspath(i))) if is_path_input(i) else i for i in items]
    rows: dict[str, list] = {t: [] for t in DOCUMENT_TABLES}
    failed = 0
    for item in items:
        result = _parse(item, ocr, as_of)
        failed += not result.ok
        for table, table_rows in document_rows(result).items():
            rows[table].extend(table_rows)
    key = _partition_key(items)
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        data = arrow_table(table, table_rows)
        part = ds.HivePartitioning(data.select(["year"]).schema, null_fallback="NULL")
        ds.write_dataset(
            data, os.path.join(directory, table), format="parquet", partitioning=part,
            basename_template=f"part-{key}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore",
        )
    return [{"partition": key, "documents": len(items), "failed": failed,
             "rows": {t: len(r) for t, r in rows.items()}}]


def _require_dataset():
    from .extras import require

    return require("pyarrow.dataset", "archive", "writing the archive's Parquet dataset")


def write_archive_dataset(bag, directory: str | os.PathLike, *, ocr: str = DEFAULT_OCR,
                          as_of: _dt.date | str | None = None):
    """A bag of one summary per partition; computing it parses every input on the workers,
    each of which writes its partition's archive rows to ``directory`` (a path every worker
    can write: a shared file system or a mounted object store). Raises ``MissingExtraError``
    here, before any work is sent, when pyarrow is missing (the ``archive`` extra). ``as_of`` as
    in ``Archive.add``."""
    _require_dataset()
    return bag.map_partitions(_write_partition, os.fspath(directory), ocr, _day(as_of))
