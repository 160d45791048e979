"""`sgb batch`, `sgb index`, `sgb query` and `sgb due`: many circulars, and the corpus database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import (
    AgenciesOption,
    FormatOption,
    OutFormat,
    QuietOption,
    ReferenceDateOption,
    command,
    date_option,
    emit,
    fail,
    make_console,
    message,
    parse_settings,
    plural,
)


class Engine(StrEnum):
    process = "process"
    dask = "dask"


JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")]
EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="process: a pool of local processes; dask: an existing Dask cluster (needs --scheduler).")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", metavar="ADDRESS", help="The Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask).")]


@contextmanager
def progress_bar(total: int, label: str, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A transient progress bar on stderr, or None when disabled; yields `advance(n)`."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=make_console(sys.stderr), transient=True)
    task_id = progress.add_task(label, total=total)
    with progress:
        yield lambda n: progress.advance(task_id, n)


def _refuse_dask_without_scheduler(engine: Engine, scheduler: str | None) -> None:
    if engine is Engine.dask and not scheduler:
        fail("--engine dask needs --scheduler ADDRESS", 2)


def _report_failures(failures: list[dict[str, str]]) -> None:
    for failure in failures:
        message(f"{failure['path']}: {failure['message']}")


@command
def batch(
    sources: Annotated[list[str], typer.Argument(metavar="DIR|GLOB", help="Directories (searched recursively) or glob patterns (quote them).")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Directory for the outputs and summary.json.")],
    fmt: FormatOption = OutFormat.json,
    jobs: JobsOption = None,
    engine: EngineOption = Engine.process,
    scheduler: SchedulerOption = None,
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
    quiet: QuietOption = False,
) -> None:
    """Parse many circulars in parallel, one output per input, and a summary.json.

    Bad files do not stop the run: they are listed at the end (path: message) and the exit code is 1.
    With --engine dask the workers of the cluster parse and write the outputs (OUTPUT must be a
    folder they all see).
    """
    from ..batch import plan_batch, run_batch

    if output.exists() and not output.is_dir():
        fail(f"{output}: not a directory", 2)
    _refuse_dask_without_scheduler(engine, scheduler)
    tasks = plan_batch(sources, output, fmt.value)
    settings = parse_settings(reference_date, agencies)
    with progress_bar(len(tasks), "parsing", enabled=not quiet and sys.stderr.isatty()) as advance:
        summary = run_batch(tasks, output, fmt.value, settings, jobs=jobs, engine=engine.value,
                            scheduler=scheduler, progress=advance)
    _report_failures(summary.failures)
    if not quiet:
        message(f"{plural(summary.files, 'file')}: {summary.parsed} parsed, {len(summary.failures)} failed, "
                f"{summary.measures} measures, {summary.targets} targets in {summary.seconds:.1f} s")
    if summary.failures:
        raise typer.Exit(1)


# --- the corpus database ---------------------------------------------------------------------------

DbOption = Annotated[Path, typer.Option("--db", metavar="FILE", help="The corpus database (DuckDB), e.g. corpus.duckdb.")]


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


QueryFormatOption = Annotated[QueryFormat | None, typer.Option(
    "--format", "-f", help="table (the default on a terminal), csv (the default otherwise), json or jsonl.")]


class _LateProgress:
    """A progress bar opened once the number of files is known (index_paths plans before it parses)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled
        self.context: Any = None
        self.advance_by: Callable[[int], None] | None = None

    def planned(self, total: int) -> None:
        self.context = progress_bar(total, self.label, enabled=self.enabled and total > 0)
        self.advance_by = self.context.__enter__()

    def advance(self, n: int) -> None:
        if self.advance_by:
            self.advance_by(n)

    def close(self) -> None:
        if self.context is not None:
            self.context.__exit__(None, None, None)


@command
def index(
    sources: Annotated[list[str], typer.Argument(metavar="PATH", help="Directories (searched recursively), globs or files.")],
    db: DbOption,
    parquet: Annotated[Path | None, typer.Option("--parquet", metavar="DIR", help="Also write every table as Parquet, partitioned by year.")] = None,
    jobs: JobsOption = None,
    engine: EngineOption = Engine.process,
    scheduler: SchedulerOption = None,
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
    quiet: QuietOption = False,
) -> None:
    """Parse circulars in parallel and load them into a DuckDB database, incrementally.

    A file indexed before with the same content (sha256) by the same sgb version is skipped; a changed
    file's rows are replaced in one transaction. Bad files are listed at the end and the exit code is 1.
    """
    from ..corpus import index_paths

    _refuse_dask_without_scheduler(engine, scheduler)
    settings = parse_settings(reference_date, agencies)
    bar = _LateProgress("indexing", enabled=not quiet and sys.stderr.isatty())
    try:
        summary = index_paths(sources, db, settings, jobs=jobs, engine=engine.value, scheduler=scheduler,
                              planned=bar.planned, progress=bar.advance)
    finally:
        bar.close()
    if parquet is not None:
        _export_parquet(db, parquet)
    _report_failures(summary.failures)
    if not quiet:
        message(f"{plural(summary.files, 'file')}: {summary.indexed} indexed, {summary.unchanged} unchanged, "
                f"{len(summary.failures)} failed, {summary.measures} measures in {summary.seconds:.1f} s → {db}")
    if summary.failures:
        raise typer.Exit(1)


def _export_parquet(db: Path, directory: Path) -> None:
    from ..corpus import export_parquet
    from ..corpus.store import connect

    con = connect(db, read_only=True)
    try:
        export_parquet(con, directory)
    finally:
        con.close()


def _print_result(result: Any, fmt: QueryFormat | None) -> None:
    from ..corpus.query import cell, render

    if fmt is None:
        fmt = QueryFormat.table if sys.stdout.isatty() else QueryFormat.csv
    if fmt is not QueryFormat.table:
        emit(render(result, fmt.value), None)
        return
    from rich.table import Table

    table = Table(show_lines=False, caption=plural(len(result.rows), "row"))
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(cell(v) for v in row))
    make_console(sys.stdout).print(table)


@command
def query(
    sql: Annotated[str, typer.Argument(metavar="SQL", help="One SQL statement (DuckDB dialect); the database is opened read-only.")],
    db: DbOption,
    fmt: QueryFormatOption = None,
) -> None:
    """Ask the corpus database anything in SQL: tables circulars, measures, agencies, targets,
    incentives, deadlines, warnings, sources; views tasks, due, targets_by_metric, incentives_by_issuer."""
    from ..corpus import run_query

    _print_result(run_query(db, sql), fmt)


@command
def due(
    db: DbOption,
    before: Annotated[str | None, typer.Option("--before", metavar="YYYY-MM-DD", callback=date_option,
                                               help="Only tasks due on or before this date.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", metavar="NAME", help="Only agencies whose name contains NAME, e.g. 发展改革委.")] = None,
    fmt: QueryFormatOption = None,
) -> None:
    """Tasks by due date: one row per measure and agency, soonest first (the `due` view)."""
    from ..corpus import due_tasks

    _print_result(due_tasks(db, before, agency), fmt)  # type: ignore[arg-type]
