"""Questions to the corpus database: any SQL (`sgb query`), the `due` view (`sgb due`), and the
text formats of a result (CSV, JSON, JSONL). The terminal table is drawn by the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import SgbError
from ..numbers import plain
from ..writers import dumps_json
from .store import connect

FORMATS = ("table", "csv", "json", "jsonl")


class Result(NamedTuple):
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def run_query(db: str | Path, sql: str, parameters: list[Any] | None = None) -> Result:
    """The result of one SQL statement on a read-only connection (a query cannot change the corpus)."""
    import duckdb

    con = connect(db, read_only=True)
    try:
        cursor = con.execute(sql, parameters or [])
        if cursor.description is None:
            return Result([], [])
        return Result([d[0] for d in cursor.description], cursor.fetchall())
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SgbError(f"query failed: {first}") from None
    finally:
        con.close()


DUE_COLUMNS = "due, agency, role, measure, measure_title, circular, issuer, doc_number, file"


def due_tasks(db: str | Path, before: dt.date | None = None, agency: str | None = None) -> Result:
    """Tasks due on or before `before`, of agencies whose name (or full name) contains `agency`."""
    where: list[str] = ["TRUE"]
    parameters: list[Any] = []
    if before is not None:
        where.append("due <= ?")
        parameters.append(before)
    if agency:
        where.append("(contains(agency, ?) OR contains(coalesce(full_name, ''), ?))")
        parameters += [agency, agency]
    sql = f"SELECT {DUE_COLUMNS} FROM due WHERE {' AND '.join(where)} ORDER BY due, file, measure, agency"
    return run_query(db, sql, parameters)


def cell(value: Any) -> str:
    """A value as text for a CSV cell or a table: dates ISO, Decimals exact, lists as JSON."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return dumps_json(value, indent=None)
    return str(value)


def render(result: Result, fmt: str) -> str:
    """CSV (with a header), a JSON array of objects, or JSON Lines."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([cell(v) for v in row] for row in result.rows)
        return out.getvalue()
    if fmt == "json":
        return dumps_json(result.records()) + "\n"
    if fmt == "jsonl":
        return "".join(dumps_json(record, indent=None) + "\n" for record in result.records())
    raise SgbError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
