"""The archive as a Parquet dataset partitioned by year, readable by DuckDB, Spark, Dask and pandas.

Layout: ``DIR/<table>/year=<YYYY>/<file>.parquet`` (documents of unknown year under
``year=NULL``). Read it back with, for example::

    SELECT * FROM read_parquet('DIR/assignments/*/*.parquet', hive_partitioning = true)

The local archive writes it with DuckDB (``Archive.write_parquet``, ``index --parquet-dir``);
on a Dask cluster each worker writes its own partition files in the same layout
(:func:`vn_directive_nlp.distributed.write_archive_dataset`).
"""

from __future__ import annotations

import os
import shutil

from .schema import TABLES, quoted


def write_dataset(con, directory: str | os.PathLike) -> dict[str, int]:
    """Write every table of the DuckDB connection under ``directory`` (replacing what is there)."""
    directory = os.fspath(directory)
    counts = {}
    for table in TABLES:
        target = os.path.join(directory, table)
        if os.path.isdir(target):
            shutil.rmtree(target)
        os.makedirs(target, exist_ok=True)
        counts[table] = con.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]
        if counts[table]:
            path = target.replace("'", "''")
            con.execute(f"COPY {quoted(table)} TO '{path}' (FORMAT PARQUET, PARTITION_BY (year), OVERWRITE_OR_IGNORE)")
    return counts


def read_table(con, directory: str | os.PathLike, table: str):
    """A DuckDB relation over ``table`` of a dataset written here or by the Dask path."""
    pattern = os.path.join(os.fspath(directory), table, "*", "*.parquet").replace("'", "''")
    columns = ", ".join(quoted(c) for c, _, _ in TABLES[table])
    return con.sql(f"SELECT {columns} FROM read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)")
