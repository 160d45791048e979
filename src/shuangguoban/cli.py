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
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import SgbError, ValidationFailure

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

INPUT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".docx", ".pdf")


class OutFormat(StrEnum):
    json = "json"
    yaml = "yaml"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"


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


def one_line(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(exc: BaseException) -> str:
    """An error as one line: the library's own message, or `internal error: …` for anything else."""
    if isinstance(exc, SgbError):
        return one_line(str(exc))
    return one_line(f"internal error: {type(exc).__name__}: {exc}")


F = TypeVar("F", bound=Callable[..., Any])


def _command(func: F) -> F:
    """Map SgbError to `sgb: message` and exit 1; any other exception to `sgb: internal error: …`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, BrokenPipeError):
            raise
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


FormatOption = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format: json, yaml, jsonl, csv, xlsx or md.")]
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


@dataclass(frozen=True)
class ParseSettings:
    """What every parse needs besides the input: picklable, so batch workers get it too."""

    reference_date: dt.date | None = None
    agencies: str | None = None


@functools.lru_cache(maxsize=4)
def _aliases(path: str | None) -> Any:
    if path is None:
        return None
    from .agencies import load_aliases
    from .loader import read_input

    # Read here, as a file whatever its name holds (load_aliases takes a one-line string with ": " for
    # YAML text), and at most MAX_ALIAS_BYTES of it.
    data = read_input(path, MAX_ALIAS_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SgbError(f"{path}: the alias file is not UTF-8") from None
    return load_aliases(text + "\n", where=path)   # the newline: always read as the table's text


MAX_ALIAS_BYTES = 4 * 1024 * 1024


def load_any(path: str, settings: ParseSettings) -> Circular:
    """A circular from its text (.txt, .html, .docx, .pdf, or - for stdin)."""
    from .guards import collection_paused
    from .loader import load_circular

    _check_name(path)
    aliases = _aliases(settings.agencies)
    with collection_paused():   # the CLI's own process: the library never touches the collector
        return load_circular(path, reference_date=settings.reference_date, aliases=aliases)


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


@app.command(epilog=EPILOG)
@_command
def schema() -> None:
    """Print the JSON Schema of the output, generated from the models."""
    import json

    from .validate import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


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
) -> None:
    """Show a circular in the terminal: its measures with agencies, targets and deadlines."""
    from rich.table import Table
    from rich.text import Text

    from .ledger import describe_deadline, describe_target
    from .models import walk

    if Path(file).suffix.lower() in (".json", ".yaml", ".yml"):
        from .validate import load_structured

        circular = load_structured(file)
    else:
        circular = load_any(file, ParseSettings(reference_date, str(agencies) if agencies else None))  # type: ignore[arg-type]
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

def _has_magic(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


def discover(sources: Sequence[str], exclude: Path | None = None) -> list[tuple[Path, Path]]:
    """(input, path relative to the output directory without suffix) for each file the sources name.

    A directory is searched recursively for circulars (.txt, .html, .docx, .pdf); a glob is expanded
    (** allowed); outputs mirror the inputs' layout below the directory or the glob's fixed part.
    Symlinked directories are not entered (a link to a parent would loop), hidden files and folders
    are skipped, and nothing under `exclude` (the run's own output directory) is read.
    """
    found: dict[Path, Path] = {}
    skip = Path(os.path.realpath(exclude)) if exclude is not None else None
    for source in sources:
        path = Path(source)
        if _has_magic(source):
            parts = path.parts
            fixed = next((i for i, part in enumerate(parts) if _has_magic(part)), len(parts))
            base = Path(*parts[:fixed]) if fixed else Path(".")
            pattern = str(Path(*parts[fixed:], *(["*"] if parts[-1] == "**" else [])))   # `dir/**`: every file below
            files = sorted(f for f in base.glob(pattern) if f.is_file() and not _hidden(f, base))
        elif path.is_dir():
            base = path
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
                           and not _hidden(f, path))
        elif path.is_file():
            base, files = path.parent, [path]
        else:
            raise SgbError(f"{source}: no such file or directory")
        for f in files:
            if skip is not None and _inside(f, skip):
                continue
            found.setdefault(f, f.relative_to(base).with_suffix(""))
    return list(found.items())


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


def _inside(path: Path, directory: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == directory or directory in real.parents


def display_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 written as escapes (\\xff), so JSON can hold it."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _check_name(path: str) -> None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise SgbError(f"{display_path(path)}: the file name is not valid UTF-8; rename the file") from None


@dataclass(frozen=True)
class BatchResult:
    path: str
    measures: int = 0
    targets: int = 0
    warnings: int = 0
    error: str | None = None


def _batch_one(path: str, out: str, fmt: str, settings: ParseSettings) -> BatchResult:
    """Parse one file and write its output; every failure becomes a message, never an exception."""
    from .models import walk
    from .writers import make_dirs, render, write_atomic

    try:
        circular = load_any(path, settings)
        make_dirs(Path(out).parent)
        write_atomic(out, render([circular], fmt))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bad file must not stop the batch
        error = describe_error(exc)
        shown = display_path(path)
        for prefix in (f"{path}: ", f"{shown}: "):
            if error.startswith(prefix):
                error = error[len(prefix):]
        return BatchResult(shown, error=error)
    measures = list(walk(circular.measures))
    return BatchResult(path, len(measures), sum(len(m.targets) for m in measures), len(circular.warnings))


def _batch_chunk(tasks: list[tuple[str, str]], fmt: str, settings: ParseSettings) -> list[BatchResult]:
    return [_batch_one(path, out, fmt, settings) for path, out in tasks]


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=make_console(sys.stderr), transient=True)


@app.command(epilog=EPILOG)
@_command
def batch(
    sources: Annotated[list[str], typer.Argument(metavar="DIR|GLOB", help="Directories (searched recursively) or glob patterns (quote them).")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Directory for the outputs and summary.json.")],
    fmt: FormatOption = OutFormat.json,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")] = None,
    reference_date: ReferenceDateOption = None,
    agencies: AgenciesOption = None,
    quiet: QuietOption = False,
) -> None:
    """Parse many circulars in parallel, one output per input, and a summary.json.

    Bad files do not stop the run: they are listed at the end (path: message) and the exit code is 1.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from .writers import EXTENSIONS, dumps_json, make_dirs, write_atomic

    started = time.perf_counter()
    if output.exists() and not output.is_dir():
        fail(f"{output}: not a directory", 2)
    found = discover(sources, exclude=output)
    if not found:
        fail(f"no circulars found in {' '.join(sources)}")
    suffix = EXTENSIONS[fmt.value]
    tasks = [(str(src), str(output / rel.parent / (rel.name + suffix))) for src, rel in found]
    clash = next((out for out, k in Counter(out for _, out in tasks).items() if k > 1), None)
    if clash:
        fail(f"two inputs would both be written to {clash}", 2)
    make_dirs(output)
    settings = ParseSettings(reference_date, str(agencies) if agencies else None)  # type: ignore[arg-type]
    _aliases(settings.agencies)  # a bad alias table stops the run before it starts

    jobs = jobs or os.cpu_count() or 1
    size = max(1, min(32, len(tasks) // (jobs * 4) or 1))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    totals = Counter[str]()
    failures: list[BatchResult] = []

    def record(results: list[BatchResult]) -> None:
        for result in results:
            if result.error is not None:
                failures.append(result)
            else:
                totals.update(parsed=1, measures=result.measures, targets=result.targets, warnings=result.warnings)

    progress = _progress(len(tasks), enabled=not quiet and sys.stderr.isatty())
    task_id = progress.add_task("parse", total=len(tasks)) if progress else None
    if progress:
        progress.start()
    try:
        if jobs == 1 or len(chunks) == 1:
            for chunk in chunks:
                record(_batch_chunk(chunk, fmt.value, settings))
                if progress:
                    progress.advance(task_id, len(chunk))
        else:
            pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)))
            try:
                futures = {pool.submit(_batch_chunk, chunk, fmt.value, settings): chunk for chunk in chunks}
                for future in as_completed(futures):
                    chunk = futures.pop(future)
                    try:
                        record(future.result())
                    except BrokenProcessPool:
                        record([BatchResult(display_path(path), error="internal error: the worker process died") for path, _ in chunk])
                    if progress:
                        progress.advance(task_id, len(chunk))
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
    finally:
        if progress:
            progress.stop()

    seconds = round(time.perf_counter() - started, 3)
    failed = [{"path": f.path, "message": f.error} for f in sorted(failures, key=lambda f: f.path)]
    summary = {
        "files": len(tasks),
        "parsed": totals["parsed"],
        "measures": totals["measures"],
        "targets": totals["targets"],
        "warnings": totals["warnings"],
        "failures": failed,
        "seconds": seconds,
    }
    write_atomic(output / "summary.json", dumps_json(summary) + "\n")
    for failure in failed:
        message(f"{failure['path']}: {failure['message']}")
    if not quiet:
        message(f"{len(tasks)} file{'s' if len(tasks) != 1 else ''}: {totals['parsed']} parsed, {len(failures)} failed, "
                f"{totals['measures']} measures, {totals['targets']} targets in {seconds:.1f} s")
    if failures:
        raise typer.Exit(1)


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
