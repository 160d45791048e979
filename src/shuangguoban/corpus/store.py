"""The corpus database (DuckDB): schema, views, and replacing a set of circulars' rows atomically.

Besides the tables of `rows.TABLES`, `sources` records each file indexed (path → sha256, the sgb
version that parsed it, or its error), which is what makes re-indexing incremental: a file whose
sha256 and sgb version are unchanged is skipped. `write` changes a batch of files in one
transaction, so a run that is interrupted or killed leaves every file either as before or done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import SgbError
from .rows import TABLES, Rows

LAYOUT_VERSION = "1"   # of the tables; a database of another layout is refused, not migrated
SOURCES = [("path", "VARCHAR"), ("sha256", "VARCHAR"), ("sgb_version", "VARCHAR"), ("error", "VARCHAR"),
           ("size", "BIGINT")]


class Parsed(NamedTuple):
    """One file's outcome, as a worker returns it: rows, or the error that stopped it."""

    path: str
    sha256: str | None
    size: int
    rows: Rows | None = None
    error: str | None = None


def connect(db: str | Path, *, read_only: bool = False) -> Any:
    """A DuckDB connection; a missing database (read-only) or one locked by another process is an SgbError."""
    import duckdb

    if read_only and not Path(db).is_file():
        raise SgbError(f"{db}: no such database (make one with `sgb index … --db {db}`)")
    try:
        return duckdb.connect(str(db), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise SgbError(f"{db}: in use by another process (one `sgb index` at a time)") from None
        raise SgbError(f"{db}: cannot open: {exc}") from None
    except duckdb.Error as exc:
        raise SgbError(f"{db}: not a DuckDB database ({type(exc).__name__})") from None


def _ddl(table: str, columns: Sequence[tuple[str, str]]) -> str:
    return f"CREATE TABLE IF NOT EXISTS {table} (" + ", ".join(f'"{n}" {t}' for n, t in columns) + ")"


def prepare(con: Any) -> None:
    """Create the tables (if new) and (re)create the views; refuse a database of another layout."""
    con.execute("CREATE TABLE IF NOT EXISTS sgb_meta (key VARCHAR, value VARCHAR)")
    found = con.execute("SELECT value FROM sgb_meta WHERE key = 'layout'").fetchone()
    if found is None:
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name <> 'sgb_meta'").fetchone()[0]:
            raise SgbError("the database has tables of its own: give sgb a database of its own")
        con.execute("INSERT INTO sgb_meta VALUES ('layout', ?)", [LAYOUT_VERSION])
    elif found[0] != LAYOUT_VERSION:
        raise SgbError(f"the database has layout {found[0]}, this sgb writes layout {LAYOUT_VERSION}: "
                       "index into a new database")
    con.execute(_ddl("sources", SOURCES))
    for table, columns in TABLES.items():
        con.execute(_ddl(table, columns))
    con.execute(resources.files(__package__).joinpath("views.sql").read_text(encoding="utf-8"))


def known_sources(con: Any) -> dict[str, tuple[str, str, str | None]]:
    """path → (sha256, sgb_version, error) of every file indexed before."""
    rows = con.execute("SELECT path, sha256, sgb_version, error FROM sources").fetchall()
    return {path: (sha, version, error) for path, sha, version, error in rows}


def _insert(con: Any, table: str, rows: list[tuple[Any, ...]], columns: Sequence[tuple[str, str]]) -> None:
    """Many rows in one statement: a list per column, unnested together."""
    if not rows:
        return
    values = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join(f'unnest(${i})::{kind} AS "{name}"' for i, (name, kind) in enumerate(columns, 1))
    con.execute(f"INSERT INTO {table} SELECT {select}", values)


def write(con: Any, results: Iterable[Parsed], sgb_version: str) -> None:
    """Replace the rows of these files in one transaction: their old circulars' rows go (unless another
    file still has the same text), their new rows come in, and `sources` records each outcome."""
    results = list(results)
    if not results:
        return
    paths = [r.path for r in results]
    merged: Rows = {table: [] for table in TABLES}
    fresh: list[str] = []
    for result in results:
        if result.rows is not None and result.sha256 not in fresh:   # the same text twice: one copy of its rows
            fresh.append(str(result.sha256))
            for table, rows in result.rows.items():
                merged[table].extend(rows)
    con.execute("BEGIN TRANSACTION")
    try:
        old = [sha for (sha,) in con.execute(
            "SELECT DISTINCT sha256 FROM sources WHERE path IN (SELECT unnest($1::VARCHAR[])) AND sha256 IS NOT NULL",
            [paths]).fetchall()]
        con.execute("DELETE FROM sources WHERE path IN (SELECT unnest($1::VARCHAR[]))", [paths])
        _insert(con, "sources", [(r.path, r.sha256, sgb_version, r.error, r.size) for r in results], SOURCES)
        # rows of a text indexed anew, and of old texts that no file names any more; every row has its
        # circular, so a text not in `circulars` has no rows to delete (most of a first index)
        stale = [sha for (sha,) in con.execute(
            "SELECT sha256 FROM circulars WHERE sha256 IN (SELECT unnest($1::VARCHAR[])) OR "
            "(sha256 IN (SELECT unnest($2::VARCHAR[])) AND sha256 NOT IN "
            "(SELECT sha256 FROM sources WHERE error IS NULL AND sha256 IS NOT NULL))", [fresh, old]).fetchall()]
        for table in TABLES:
            if stale:
                con.execute(f"DELETE FROM {table} WHERE sha256 IN (SELECT unnest($1::VARCHAR[]))", [stale])
            _insert(con, table, merged[table], TABLES[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


# Consistency checks of a corpus database: a query counting what is wrong, and how to say it.
_CHECKS = (
    ("SELECT count(*) FROM circulars WHERE sha256 NOT IN "
     "(SELECT sha256 FROM sources WHERE error IS NULL AND sha256 IS NOT NULL)", "circulars: {n} of no indexed file"),
    ("SELECT count(*) FROM (SELECT sha256 FROM circulars GROUP BY sha256 HAVING count(*) > 1)",
     "circulars: {n} indexed twice"),
    ("SELECT count(*) FROM circulars c WHERE measures <> (SELECT count(*) FROM measures m WHERE m.sha256 = c.sha256)",
     "measures: {n} circulars with missing or extra measures"),
    ("SELECT count(*) FROM sources WHERE error IS NULL AND sha256 NOT IN (SELECT sha256 FROM circulars)",
     "sources: {n} files marked indexed without their circular"),
)


def problems(con: Any) -> list[str]:
    """What is inconsistent in a corpus database (empty when all is well): for tests and `sgb index`."""
    orphans = [(f"SELECT count(*) FROM {table} WHERE sha256 NOT IN (SELECT sha256 FROM circulars)",
                f"{table}: {{n}} rows of no indexed circular") for table in TABLES if table != "circulars"]
    found = []
    for query, message in (*orphans, *_CHECKS):
        n = con.execute(query).fetchone()[0]
        if n:
            found.append(message.format(n=n))
    return found
