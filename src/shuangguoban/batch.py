"""Many circulars at once: finding them, parsing them on a pool of processes or a Dask cluster.

Used by `sgb batch` (one output file per input) and `sgb index` (rows for the corpus database).
The work is a picklable function over a chunk of tasks; `map_chunks` runs it on local processes
(`engine="process"`) or on an existing Dask cluster (`engine="dask"`, the `distributed` package)
and hands each chunk's results back as they come, with a progress callback. No typer or rich here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .errors import SgbError, UsageError, describe_error

if TYPE_CHECKING:
    from .models import Circular

INPUT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".docx", ".pdf")
ENGINES = ("process", "dask")

T = TypeVar("T")
R = TypeVar("R")


class ParseSettings(NamedTuple):
    """What every parse needs besides the input: picklable, so batch workers get it too."""

    reference_date: dt.date | None = None
    agencies: str | None = None


@functools.lru_cache(maxsize=4)
def aliases_for(path: str | None) -> Any:
    """The user's alias table, read once per process (a bad table raises before any work starts)."""
    if path is None:
        return None
    from .agency_aliases import load_aliases
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

    _check_name(path)
    aliases = aliases_for(settings.agencies)
    with collection_paused():   # the CLI's own process: the library never touches the collector
        from .reading import load_circular  # the first call imports the pipeline, paused too

        return load_circular(path, reference_date=settings.reference_date, aliases=aliases)


def display_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 written as escapes (\\xff), so JSON can hold it."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _check_name(path: str) -> None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise SgbError(f"{display_path(path)}: the file name is not valid UTF-8; rename the file") from None


# --- finding the inputs ----------------------------------------------------------------------------

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


def chunked(tasks: Sequence[T], jobs: int, largest: int = 32) -> list[list[T]]:
    """Chunks small enough to balance the workers (about four per worker), large enough to be cheap."""
    size = max(1, min(largest, len(tasks) // (jobs * 4) or 1))
    return [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]


def map_chunks(
    func: Callable[[list[T]], list[R]],
    chunks: list[list[T]],
    *,
    jobs: int,
    engine: str = "process",
    scheduler: str | None = None,
    lost: Callable[[list[T], str], list[R]],
    start_method: str | None = None,
) -> Iterator[tuple[list[T], list[R]]]:
    """(chunk, func(chunk)) for every chunk, in the order they finish.

    `func` must be picklable (a module-level function or a partial of one). A chunk whose worker
    died gives `lost(chunk, message)` instead. `engine="dask"` runs on the cluster at `scheduler`.
    `start_method` (fork, forkserver, spawn) is how local worker processes start (default: fork).
    """
    if engine == "dask":
        yield from _on_dask(func, chunks, scheduler, lost)
    elif jobs == 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield chunk, func(chunk)
    else:
        yield from _on_processes(func, chunks, jobs, lost, start_method)


def _on_processes(func: Callable[[list[T]], list[R]], chunks: list[list[T]], jobs: int,
                  lost: Callable[[list[T], str], list[R]], start_method: str | None) -> Iterator[tuple[list[T], list[R]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context(start_method) if start_method else None
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context)
    try:
        futures = {pool.submit(func, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            chunk = futures.pop(future)
            try:
                results = future.result()
            except BrokenProcessPool:
                results = lost(chunk, "internal error: the worker process died")
            yield chunk, results
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _on_dask(func: Callable[[list[T]], list[R]], chunks: list[list[T]], scheduler: str | None,
             lost: Callable[[list[T], str], list[R]]) -> Iterator[tuple[list[T], list[R]]]:
    if not scheduler:
        raise SgbError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SgbError("--engine dask needs the `distributed` package: pip install 'shuangguoban[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s")
    except Exception as exc:  # refused, timed out, or not an address at all
        raise SgbError(f"cannot reach the Dask scheduler at {scheduler}: {describe_error(exc)}") from None
    try:
        futures = client.map(func, chunks, pure=False)
        owner = {future.key: chunk for future, chunk in zip(futures, chunks, strict=True)}
        for future in as_completed(futures):
            chunk = owner.pop(future.key)
            try:
                results = future.result()
            except Exception as exc:  # a worker lost or killed: its chunk is reported, the rest goes on
                results = lost(chunk, f"internal error: the Dask task failed: {describe_error(exc)}")
            yield chunk, results
    finally:
        client.close()


# --- sgb batch -------------------------------------------------------------------------------------

class BatchResult(NamedTuple):
    path: str
    measures: int = 0
    targets: int = 0
    warnings: int = 0
    error: str | None = None
    out: str = ""                  # the output file written (or that would have been)
    title: str | None = None
    incentives: int = 0
    deadlines: int = 0


def short_error(exc: BaseException, path: str) -> str:
    """The error's one line without the path in front (the summary puts the path there itself)."""
    error = describe_error(exc)
    return error[len(path) + 2:] if error.startswith(f"{path}: ") else error


def batch_one(path: str, out: str, fmt: str, settings: ParseSettings) -> BatchResult:
    """Parse one file and write its output; every failure becomes a message, never an exception."""
    from .atomic import make_dirs, write_atomic
    from .models import walk
    from .writers import render

    try:
        circular = load_any(path, settings)
        make_dirs(Path(out).parent)
        write_atomic(out, render([circular], fmt))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bad file must not stop the batch
        shown = display_path(path)
        error = short_error(exc, path)
        return BatchResult(shown, error=error[len(shown) + 2:] if error.startswith(f"{shown}: ") else error, out=out)
    measures = list(walk(circular.measures))
    return BatchResult(path, len(measures), sum(len(m.targets) for m in measures), len(circular.warnings), out=out,
                       title=circular.title, incentives=sum(len(m.incentives) for m in measures),
                       deadlines=sum(len(m.deadlines) for m in measures))


def batch_chunk(tasks: list[tuple[str, str]], fmt: str, settings: ParseSettings) -> list[BatchResult]:
    return [batch_one(path, out, fmt, settings) for path, out in tasks]


def _lost_batch(chunk: list[tuple[str, str]], error: str) -> list[BatchResult]:
    return [BatchResult(display_path(path), error=error, out=out) for path, out in chunk]


class BatchSummary(NamedTuple):
    files: int
    parsed: int
    measures: int
    targets: int
    warnings: int
    failures: list[dict[str, str]]   # {"path", "message"}, sorted by path
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "parsed": self.parsed, "measures": self.measures, "targets": self.targets,
                "warnings": self.warnings, "failures": self.failures, "seconds": self.seconds}


def plan_batch(sources: Sequence[str], output: Path, fmt: str) -> list[tuple[str, str]]:
    """(input, output file) for each circular the sources name; refuses two inputs on one output."""
    from .writers import EXTENSIONS

    found = discover(sources, exclude=output)
    if not found:
        raise SgbError(f"no circulars found in {' '.join(sources)}")
    suffix = EXTENSIONS[fmt]
    tasks = [(str(src), str(output / rel.parent / (rel.name + suffix))) for src, rel in found]
    clash = next((out for out, k in Counter(out for _, out in tasks).items() if k > 1), None)
    if clash:
        raise UsageError(f"two inputs would both be written to {clash}")
    return tasks


def run_batch(
    tasks: list[tuple[str, str]],
    output: Path,
    fmt: str,
    settings: ParseSettings,
    *,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Parse and write every task, then summary.json in `output`. `progress(n)` after each chunk of n."""
    from .atomic import make_dirs, write_atomic
    from .writers import dumps_json

    started = time.perf_counter()
    make_dirs(output)
    aliases_for(settings.agencies)  # a bad alias table stops the run before it starts
    jobs = jobs or os.cpu_count() or 1
    totals = Counter[str]()
    failures: list[BatchResult] = []
    finished: list[BatchResult] = []
    work = functools.partial(batch_chunk, fmt=fmt, settings=settings)
    for chunk, results in map_chunks(work, chunked(tasks, jobs), jobs=jobs, engine=engine, scheduler=scheduler,
                                     lost=_lost_batch):
        finished.extend(results)
        for result in results:
            if result.error is not None:
                failures.append(result)
            else:
                totals.update(parsed=1, measures=result.measures, targets=result.targets, warnings=result.warnings)
        if progress:
            progress(len(chunk))
    summary = BatchSummary(
        files=len(tasks), parsed=totals["parsed"], measures=totals["measures"], targets=totals["targets"],
        warnings=totals["warnings"], seconds=round(time.perf_counter() - started, 3),
        failures=[{"path": f.path, "message": f.error or ""} for f in sorted(failures, key=lambda f: f.path)])
    write_atomic(output / "summary.json", dumps_json(summary.as_dict()) + "\n")
    if fmt == "html":
        write_review_index(output, finished)
    return summary


def write_review_index(output: Path, results: list[BatchResult]) -> None:
    """index.html beside the review pages: each page with its title and counts, and each failure."""
    from .atomic import write_atomic
    from .review import IndexEntry, index_page

    entries = [IndexEntry(href=Path(os.path.relpath(r.out, output)).as_posix(), source=r.path, title=r.title,
                          measures=r.measures, targets=r.targets, incentives=r.incentives, deadlines=r.deadlines,
                          warnings=r.warnings, error=r.error) for r in sorted(results, key=lambda r: r.path)]
    write_atomic(output / "index.html", index_page(entries))
