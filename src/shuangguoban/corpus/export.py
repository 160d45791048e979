"""The corpus tables as Parquet, partitioned by year, for Spark, Polars or DuckDB users.

DIR/<table>/year=<YYYY>/*.parquet for every table (rows of a circular with no known year go to
year=NULL). The folder is written beside DIR and swapped in, so readers never see half an export;
a DIR that is not an earlier export is refused rather than replaced.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import SgbError
from .rows import TABLES

MARKER = "_sgb_corpus.json"


def export_parquet(con: Any, directory: str | Path) -> list[str]:
    """Write every table under `directory`; returns the tables written."""
    target = Path(directory)
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise SgbError(f"{target}: exists and is not an sgb Parquet export; give a new or empty folder")
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for table in TABLES:
            query = (f"SELECT * FROM {table}" if table == "circulars" else
                     f"SELECT t.*, c.year FROM {table} t JOIN circulars c ON c.sha256 = t.sha256")
            out = str(staging / table).replace("'", "''")
            con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE)")
        (staging / MARKER).write_text(json.dumps({"sgb": __version__, "tables": list(TABLES)}) + "\n", encoding="utf-8")
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return list(TABLES)
