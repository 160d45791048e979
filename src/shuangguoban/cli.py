"""The `sgb` command: a thin layer over the library. The only module that imports typer or rich.

stdout carries data only; messages go to stderr, one line each, prefixed `sgb:`. Exit codes: 0 ok,
1 invalid input, a failed validation or warnings under --strict, 2 a usage error. The library
raises SgbError subclasses; `_command` maps them (and anything unexpected) to one line and exit 1.
rich, yaml and openpyxl are imported only inside the code paths that need them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from . import __version__
from .batch import ParseSettings, aliases_for, load_any
from .errors import SgbError, UsageError, ValidationFailure, describe_error, one_line

if TYPE_CHECKING:
    from .models import Circular

EPILOG = """\b
Exit codes:
  0  success
  1  invalid input, a failed validation, or warnings under --strict
  2  usage error"""

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Turn Chinese government policy circulars into structured, validated data.",
    epilog=EPILOG,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no rich import for --help or usage errors
)

class OutFormat(StrEnum):
    json = "json"
    yaml = "yaml"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"


# --- messages and errors ---------------------------------------------------------------------------

# Characters a terminal acts on: C0/C1 controls (ESC starts colour, title and cursor sequences),
# DEL, bidi overrides (which reorder what is shown) and lone surrogates (a non-UTF-8 file name).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_WITH_NEWLINE = re.compile(f"{_UNSAFE.pattern[:-1]}\n]")


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: every control character written out as an escape (ESC →
    `\\x1b`), so text from a document or a file name can neither run escape sequences nor break a line."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINE
    return pattern.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256 else f"\\u{ord(m[0]):04x}", text)


def message(text: str) -> None:
    """One line on stderr, prefixed `sgb:`, control characters escaped."""
    sys.stderr.write(f"sgb: {sanitize(text)}\n")
    sys.stderr.flush()


def fail(text: str, code: int = 1) -> None:
    """One line on stderr and a non-zero exit; never a traceback."""
    message(text)
    raise typer.Exit(code)


F = TypeVar("F", bound=Callable[..., Any])


def _command(func: F) -> F:
    """Map SgbError to `sgb: message` and exit 1; any other exception to `sgb: internal error: …`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, BrokenPipeError):
            raise
        except UsageError as exc:
            fail(describe_error(exc), 2)
        except ValidationFailure as exc:
            for path, problem in exc.problems:
                message(f"{path}: {one_line(problem)}")
            fail(str(exc))
        except Exception as exc:  # the CLI's one catch-all: no traceback ever reaches the user
            fail(describe_error(exc))

    return wrapper  # type: ignore[return-value]


# --- shared options --------------------------------------------------------------------------------

def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from .guards import check_reference_date

    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-05-23") from None
    try:
        check_reference_date(date)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return date


FormatOption = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format: json, yaml, jsonl, csv, xlsx, md or html (a review page).")]
OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE|DIR",
    help="Write here (atomically) instead of stdout. A directory (existing, or ending in /) gets one output per input.")]
ReferenceDateOption = Annotated[str | None, typer.Option(
    "--reference-date", metavar="YYYY-MM-DD", callback=_date_option,
    help="Date for relative deadlines when the circular gives none.")]
AgenciesOption = Annotated[Path | None, typer.Option(
    "--agencies", metavar="FILE", help="Your own agency alias table (YAML), added to the built-in one.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No warning summary (or progress bar) on stderr.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 (after writing the output) when any circular has warnings.")]


# --- the one output function -----------------------------------------------------------------------

def emit(data: str | bytes, output: Path | None) -> None:
    """Data to a file (atomically) or to stdout; bytes go to stdout's binary buffer."""
    from .writers import write_atomic

    if output is not None:
        write_atomic(output, data)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def _is_dir_target(output: str | None) -> bool:
    """An existing directory, or a path written with a trailing slash (Path() would drop it)."""
    return output is not None and (Path(output).is_dir() or output.endswith(("/", os.sep)))


def _refuse_binary_to_terminal(fmt: OutFormat, output: Path | None) -> None:
    if fmt is OutFormat.xlsx and output is None and sys.stdout.isatty():
        fail("refusing to write xlsx to a terminal: give -o FILE or redirect stdout", 2)


def _warning_summary(circular: Circular) -> str:
    counts = Counter(w.code for w in circular.warnings)
    n = len(circular.warnings)
    codes = ", ".join(code if k == 1 else f"{code} ×{k}" for code, k in counts.items())
    return f"warning: {circular.source.path}: {n} warning{'s' if n != 1 else ''} ({codes})"


# --- commands --------------------------------------------------------------------------------------

def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sgb {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """sgb: circulars (通知, 若干措施, 工作要点, 实施方案) → measures, agencies, targets, deadlines."""


@app.command(epilog=EPILOG)
@_command
def parse(
    files: Annotated[list[str], typer.Argument(metavar="FILE", help="Circulars (.txt, .html, .docx, .pdf), or - for stdin.")],
    fmt: FormatOption = OutFormat.json,
    output: OutputOption = None,
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
    strict: StrictOption = False,
    quiet: QuietOption = False,
) -> None:
    """Parse circulars and print them as structured data.

    Several files give one combined output (a JSON array, a YAML stream, one ledger with a 文件
    column), or one output per input when -o names a directory. xlsx is written to stdout only when
    stdout is not a terminal.
    """
    from .writers import make_dirs, output_name, render

    if files.count("-") > 1:
        fail("stdin (-) can be read only once", 2)
    per_input = _is_dir_target(output)
    target = Path(output) if output else None
    _refuse_binary_to_terminal(fmt, target)
    if per_input:
        assert target is not None
        names = [output_name(f, fmt.value) for f in files]
        clash = next((n for n, k in Counter(names).items() if k > 1), None)
        if clash:
            fail(f"two inputs would both be written to {target / clash}; give them separately", 2)
    if target is not None:
        outputs = [target / output_name(f, fmt.value) for f in files] if per_input else [target]
        _refuse_overwriting_inputs(files, outputs)
    settings = ParseSettings(reference_date, str(agencies) if agencies else None)  # type: ignore[arg-type]
    circulars = [load_any(f, settings) for f in files]
    if per_input:
        assert target is not None
        make_dirs(target)
        for f, circular in zip(files, circulars, strict=True):
            emit(render([circular], fmt.value), target / output_name(f, fmt.value))
    else:
        emit(render(circulars, fmt.value), target)
    _report_warnings(circulars, strict=strict, quiet=quiet)


def _refuse_overwriting_inputs(files: Sequence[str], outputs: Sequence[Path]) -> None:
    """`-o` naming one of the inputs (itself, or through a link) would destroy it: a usage error."""
    for output in outputs:
        for f in files:
            if f != "-" and _same_file(f, output):
                fail(f"{output}: is the input {f}; refusing to overwrite it (choose another -o)", 2)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _report_warnings(circulars: Sequence[Circular], *, strict: bool, quiet: bool) -> None:
    warned = [c for c in circulars if c.warnings]
    if not quiet:
        for circular in warned:
            message(_warning_summary(circular))
    if strict and warned:
        total = sum(len(c.warnings) for c in warned)
        files = f"{len(warned)} file{'s' if len(warned) != 1 else ''}"
        fail(f"--strict: {total} warning{'s' if total != 1 else ''} in {files}")


@app.command(epilog=EPILOG)
@_command
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILE", help="JSON or YAML files written by `sgb parse`, or - for stdin.")],
) -> None:
    """Check structured files against the models: schema version, types, spans and invariants.

    Each problem is printed on stdout as `FILE: JSON-PATH: message`. Exit 1 if there is any.
    """
    from .validate import validate_file

    invalid = 0
    for path in files:
        try:
            problems = validate_file(path)
        except SgbError as exc:
            message(one_line(str(exc)))
            invalid += 1
            continue
        for where, problem in problems:
            sys.stdout.write(f"{sanitize(path)}: {where}: {sanitize(one_line(problem))}\n")
        invalid += bool(problems)
    sys.stdout.flush()
    n = len(files)
    if invalid:
        fail(f"{invalid} of {n} file{'s' if n != 1 else ''} invalid")
    message(f"{n} file{'s' if n != 1 else ''} valid")


class SchemaKind(StrEnum):
    circular = "circular"
    alignment = "alignment"
    diff = "diff"


@app.command(epilog=EPILOG)
@_command
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Whose schema: circular (sgb parse), alignment (sgb align) or diff (sgb diff).")] = SchemaKind.circular,
) -> None:
    """Print the JSON Schema of the output, generated from the models."""
    import json

    from .validate import json_schema

    if kind is SchemaKind.circular:
        model: Any = None
    else:
        from . import crossdoc_models

        model = crossdoc_models.Alignment if kind is SchemaKind.alignment else crossdoc_models.Diff
    data = json_schema() if model is None else json_schema(model)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def make_console(stream: Any) -> Any:
    """A rich Console on `stream`: colour only on a terminal and only when NO_COLOR is not set."""
    from rich.console import Console

    colour = bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")
    return Console(file=stream, color_system="auto" if colour else None, force_terminal=colour or None,
                   no_color=not colour, highlight=False, emoji=False)


ROLE_STYLES = {"lead": ("牵头", "bold red"), "responsible": ("", "green"), "support": ("配合", "cyan")}


@app.command(epilog=EPILOG)
@_command
def show(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A circular, a JSON/YAML file from `sgb parse`, or - for stdin.")],
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
    html: Annotated[bool, typer.Option("--html", help="Write the review page (as `parse -f html`) instead of a table.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="With --html: write the page here.")] = None,
) -> None:
    """Show a circular in the terminal: its measures with agencies, targets and deadlines.

    With --html, write its review page instead (to -o FILE, else stdout): the text with every finding
    highlighted, the measure tree, the task ledger and the warnings; open it in a browser.
    """
    from rich.table import Table
    from rich.text import Text

    from .ledger import describe_deadline, describe_target
    from .models import walk

    if Path(file).suffix.lower() in (".json", ".yaml", ".yml"):
        from .validate import load_structured

        circular = load_structured(file)
    else:
        circular = load_any(file, ParseSettings(reference_date, str(agencies) if agencies else None))  # type: ignore[arg-type]
    if output is not None and not html:
        fail("-o is for --html; without it show prints to the terminal", 2)
    if html:
        from .writers import render

        emit(render([circular], "html"), output)
        return
    console = make_console(sys.stdout)

    def safe(text: str) -> str:   # the document's own text, and its file name, may hold escape sequences
        return sanitize(text, keep_newlines=True)

    meta = " · ".join(str(x) for x in (circular.issuer, circular.doc_number, circular.date) if x)
    table = Table(title=safe(circular.title or circular.source.path), caption=safe(meta) or None, show_lines=True)
    for name in ("路径", "措施", "责任单位", "量化指标", "完成时限"):
        table.add_column(name, overflow="fold")
    for measure in walk(circular.measures):
        units = Text()
        for i, agency in enumerate(measure.responsible_units):
            word, style = ROLE_STYLES[agency.role]
            if i:
                units.append("、")
            units.append(safe(agency.name) + (f"（{word}）" if word else ""), style=style)
        table.add_row(
            safe(measure.path),
            safe(measure.title),
            units,
            safe("\n".join(describe_target(measure, t) for t in measure.targets)),
            safe("\n".join(dict.fromkeys(describe_deadline(d) for d in measure.deadlines))),
        )
    console.print(table)
    legend = Text("单位：")
    for role, (word, style) in ROLE_STYLES.items():
        legend.append(f" {word or '负责'}={role}", style=style)
    console.print(legend)
    if circular.warnings:
        console.print(Text(f"{len(circular.warnings)} warnings: " + "，".join(w.code for w in circular.warnings), style="yellow"))


# --- batch -----------------------------------------------------------------------------------------

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


@app.command(epilog=EPILOG)
@_command
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
    from .batch import plan_batch, run_batch

    if output.exists() and not output.is_dir():
        fail(f"{output}: not a directory", 2)
    if engine is Engine.dask and not scheduler:
        fail("--engine dask needs --scheduler ADDRESS", 2)
    tasks = plan_batch(sources, output, fmt.value)
    settings = ParseSettings(reference_date, str(agencies) if agencies else None)  # type: ignore[arg-type]
    with progress_bar(len(tasks), "parsing", enabled=not quiet and sys.stderr.isatty()) as advance:
        summary = run_batch(tasks, output, fmt.value, settings, jobs=jobs, engine=engine.value,
                            scheduler=scheduler, progress=advance)
    for failure in summary.failures:
        message(f"{failure['path']}: {failure['message']}")
    if not quiet:
        n = summary.files
        message(f"{n} file{'s' if n != 1 else ''}: {summary.parsed} parsed, {len(summary.failures)} failed, "
                f"{summary.measures} measures, {summary.targets} targets in {summary.seconds:.1f} s")
    if summary.failures:
        raise typer.Exit(1)


# --- corpus: sgb index, sgb query, sgb due ------------------------------------------------------------

DbOption = Annotated[Path, typer.Option("--db", metavar="FILE", help="The corpus database (DuckDB), e.g. corpus.duckdb.")]


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


QueryFormatOption = Annotated[QueryFormat | None, typer.Option(
    "--format", "-f", help="table (the default on a terminal), csv (the default otherwise), json or jsonl.")]


@app.command(epilog=EPILOG)
@_command
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
    from .corpus import export_parquet, index_paths
    from .corpus.store import connect

    if engine is Engine.dask and not scheduler:
        fail("--engine dask needs --scheduler ADDRESS", 2)
    settings = ParseSettings(reference_date, str(agencies) if agencies else None)  # type: ignore[arg-type]
    show = not quiet and sys.stderr.isatty()
    bar: dict[str, Any] = {}

    def planned(total: int) -> None:
        bar["context"] = progress_bar(total, "indexing", enabled=show and total > 0)
        bar["advance"] = bar["context"].__enter__()

    def advance(n: int) -> None:
        if bar.get("advance"):
            bar["advance"](n)

    try:
        summary = index_paths(sources, db, settings, jobs=jobs, engine=engine.value, scheduler=scheduler,
                              planned=planned, progress=advance)
    finally:
        if "context" in bar:
            bar["context"].__exit__(None, None, None)
    if parquet is not None:
        con = connect(db, read_only=True)
        try:
            export_parquet(con, parquet)
        finally:
            con.close()
    for failure in summary.failures:
        message(f"{failure['path']}: {failure['message']}")
    if not quiet:
        n = summary.files
        message(f"{n} file{'s' if n != 1 else ''}: {summary.indexed} indexed, {summary.unchanged} unchanged, "
                f"{len(summary.failures)} failed, {summary.measures} measures in {summary.seconds:.1f} s → {db}")
    if summary.failures:
        raise typer.Exit(1)


def _print_result(result: Any, fmt: QueryFormat | None) -> None:
    from .corpus.query import cell, render

    if fmt is None:
        fmt = QueryFormat.table if sys.stdout.isatty() else QueryFormat.csv
    if fmt is not QueryFormat.table:
        emit(render(result, fmt.value), None)
        return
    from rich.table import Table

    table = Table(show_lines=False, caption=f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(cell(v) for v in row))
    make_console(sys.stdout).print(table)


@app.command(epilog=EPILOG)
@_command
def query(
    sql: Annotated[str, typer.Argument(metavar="SQL", help="One SQL statement (DuckDB dialect); the database is opened read-only.")],
    db: DbOption,
    fmt: QueryFormatOption = None,
) -> None:
    """Ask the corpus database anything in SQL: tables circulars, measures, agencies, targets,
    incentives, deadlines, warnings, sources; views tasks, due, targets_by_metric, incentives_by_issuer."""
    from .corpus import run_query

    _print_result(run_query(db, sql), fmt)


@app.command(epilog=EPILOG)
@_command
def due(
    db: DbOption,
    before: Annotated[str | None, typer.Option("--before", metavar="YYYY-MM-DD", callback=_date_option,
                                               help="Only tasks due on or before this date.")] = None,
    agency: Annotated[str | None, typer.Option("--agency", metavar="NAME", help="Only agencies whose name contains NAME, e.g. 发展改革委.")] = None,
    fmt: QueryFormatOption = None,
) -> None:
    """Tasks by due date: one row per measure and agency, soonest first (the `due` view)."""
    from .corpus import due_tasks

    _print_result(due_tasks(db, before, agency), fmt)  # type: ignore[arg-type]


# --- cross-document: align and diff ----------------------------------------------------------------

class CompareFormat(StrEnum):
    json = "json"
    md = "md"
    xlsx = "xlsx"


class DiffFormat(StrEnum):
    json = "json"
    md = "md"


CompareFormatOption = Annotated[CompareFormat, typer.Option("--format", "-f", help="Output format: json, md or xlsx (one row per pair).")]
DiffFormatOption = Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format: json or md.")]
CompareOutputOption = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout.")]


def _load_side(path: str, settings: ParseSettings) -> Circular:
    from .crossdoc_io import load_document

    return load_document(path, reference_date=settings.reference_date, aliases=aliases_for(settings.agencies))


@app.command(epilog=EPILOG)
@_command
def align(
    upper: Annotated[str, typer.Argument(metavar="UPPER", help="The upper-level circular (e.g. the province's): text, page, document, or JSON/YAML from `sgb parse`.")],
    lower: Annotated[str, typer.Argument(metavar="LOWER", help="The lower-level circular implementing it (e.g. the city's).")],
    fmt: CompareFormatOption = CompareFormat.json,
    output: CompareOutputOption = None,
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
) -> None:
    """Align a lower-level circular with the upper-level one it implements, measure by measure.

    For each pair: similarity, targets by metric (raised/lowered/equal), deadlines (earlier/later),
    agencies across levels; a summary with the uptake rate (承接率). xlsx: one row per pair.
    """
    from .align import align as align_circulars
    from .crossdoc_io import alignment_markdown, alignment_xlsx, to_json

    if upper == "-" and lower == "-":
        fail("stdin (-) can be read only once", 2)
    _refuse_binary_to_terminal(OutFormat(fmt.value), output)
    settings = ParseSettings(reference_date, str(agencies) if agencies else None)  # type: ignore[arg-type]
    result = align_circulars(_load_side(upper, settings), _load_side(lower, settings))
    data: str | bytes = (to_json(result) if fmt is CompareFormat.json else
                         alignment_markdown(result) if fmt is CompareFormat.md else alignment_xlsx(result))
    emit(data, output)


@app.command(epilog=EPILOG)
@_command
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier version: text, page, document, or JSON/YAML from `sgb parse`.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The later version.")],
    fmt: DiffFormatOption = DiffFormat.json,
    output: CompareOutputOption = None,
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
) -> None:
    """Compare two versions of one circular: measures added, removed, moved and changed.

    Measures are matched by content, not number. For a changed one: targets, deadlines, agencies,
    modal words (确保 → 力争) and a character diff of its text.
    """
    from .crossdoc_io import diff_markdown, to_json
    from .diff import diff as diff_circulars

    if old == "-" and new == "-":
        fail("stdin (-) can be read only once", 2)
    settings = ParseSettings(reference_date, str(agencies) if agencies else None)  # type: ignore[arg-type]
    result = diff_circulars(_load_side(old, settings), _load_side(new, settings))
    emit(to_json(result) if fmt is DiffFormat.json else diff_markdown(result), output)
class _ClosedStdout:
    """Stands in for a closed stdout (`sgb parse x.txt >&-`): writing data there is a one-line error."""

    def write(self, data: Any) -> int:
        raise SgbError("cannot write the output: stdout is closed")

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    @property
    def buffer(self) -> _ClosedStdout:
        return self


def _usage_line(exc: Exception) -> str:
    """A usage error as one line: `Invalid value for '--jobs' … (see sgb batch --help)`."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "sgb"
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return sanitize(one_line(f"{text} (see {command} --help)"))


def main() -> None:
    """The `sgb` entry point: usage errors as one line (exit 2), Ctrl-C as `interrupted` (130)."""
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()  # type: ignore[assignment]
    try:
        code = app(prog_name="sgb", standalone_mode=False)
    except KeyboardInterrupt:
        sys.stderr.write("sgb: interrupted\n")
        sys.exit(130)
    except typer.Abort:
        sys.stderr.write("sgb: aborted\n")
        sys.exit(1)
    except typer.TyperException as exc:  # click's usage errors and the like
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()        # type: ignore[attr-defined]  # bare `sgb`: the help, as click prints it
        else:
            sys.stderr.write(f"sgb: {_usage_line(exc)}\n")
        sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
