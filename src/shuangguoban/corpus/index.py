"""`sgb index`: parse circulars in parallel (local processes or Dask) and load them into the database.

The main process hashes every file and skips those indexed before with the same sha256 by the same
sgb version; the workers parse the rest and return their rows (`rows.flatten`); the main process
writes them in transactions of `flush_every` files, so an interrupted run loses at most the files
of its open transaction, and the next run picks them up.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..batch import ParseSettings, aliases_for, chunked, discover, load_any, map_chunks, short_error
from ..errors import SgbError
from . import store
from .rows import flatten

Task = tuple[str, str | None, int]   # (path, sha256 of its bytes or None if unreadable, size)


class IndexSummary(NamedTuple):
    files: int
    indexed: int       # parsed and loaded by this run
    unchanged: int     # skipped: same sha256, same sgb version
    measures: int      # measures of the files indexed by this run
    failures: list[dict[str, str]]   # {"path", "message"}, sorted
    seconds: float = 0.0


def parse_for_index(path: str, sha256: str | None, size: int, settings: ParseSettings) -> store.Parsed:
    """One file → its rows, or its error: never raises for a bad file."""
    try:
        circular = load_any(path, settings)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        return store.Parsed(path, sha256, size, error=short_error(exc, path))
    digest = circular.source.sha256 or sha256   # the bytes actually parsed (the file may have changed since)
    return store.Parsed(path, digest, size, rows=flatten(circular, str(digest), __version__))


def index_chunk(tasks: list[Task], settings: ParseSettings) -> list[store.Parsed]:
    return [parse_for_index(path, sha, size, settings) for path, sha, size in tasks]


def _lost(chunk: list[Task], error: str) -> list[store.Parsed]:
    return [store.Parsed(path, sha, size, error=error) for path, sha, size in chunk]


def _fingerprint(path: Path) -> Task:
    try:
        data = path.read_bytes()
    except OSError:
        return (str(path), None, 0)   # the worker's load reports why
    return (str(path), hashlib.sha256(data).hexdigest(), len(data))


def plan(con: object, files: Sequence[Path]) -> tuple[list[Task], list[store.Parsed], int]:
    """(files to parse, files whose text is indexed already under another path, files unchanged)."""
    known = store.known_sources(con)
    indexed = {sha for (sha,) in con.execute(  # type: ignore[attr-defined]
        "SELECT sha256 FROM circulars WHERE sgb_version = ?", [__version__]).fetchall()}
    todo: list[Task] = []
    copies: list[store.Parsed] = []
    unchanged = 0
    for task in map(_fingerprint, files):
        path, sha, size = task
        before = known.get(path)
        if sha is not None and before == (sha, __version__, None) and sha in indexed:
            unchanged += 1
        elif sha is not None and sha in indexed:
            copies.append(store.Parsed(path, sha, size))
        else:
            todo.append(task)
    return todo, copies, unchanged


def index_paths(
    sources: Sequence[str],
    db: str | Path,
    settings: ParseSettings | None = None,
    *,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    flush_every: int = 200,
    progress: Callable[[int], None] | None = None,
    planned: Callable[[int], None] | None = None,
) -> IndexSummary:
    """Index the circulars that `sources` name (directories, globs, files) into the database `db`.

    `planned(n)` is told how many files will be parsed; `progress(n)` after each chunk of n of them.
    """
    started = time.perf_counter()
    settings = settings or ParseSettings()
    files = [src for src, _ in discover(sources)]
    if not files:
        raise SgbError(f"no circulars found in {' '.join(sources)}")
    aliases_for(settings.agencies)  # a bad alias table stops the run before it starts
    jobs = jobs or os.cpu_count() or 1
    con = store.connect(db)
    try:
        # one thread: the workers keep every core busy parsing, and the inserts are small and many
        con.execute("SET threads = 1")
        store.prepare(con)
        todo, copies, unchanged = plan(con, files)
        if planned:
            planned(len(todo))
        store.write(con, copies, __version__)
        pending: list[store.Parsed] = []
        failures: list[store.Parsed] = []
        measures = indexed = 0
        # forkserver: the workers do not inherit this process's DuckDB threads (forking them is unsafe)
        work = functools.partial(index_chunk, settings=settings)
        for chunk, results in map_chunks(work, chunked(todo, jobs), jobs=jobs, engine=engine,
                                         scheduler=scheduler, lost=_lost, start_method="forkserver"):
            for result in results:
                if result.error is not None:
                    failures.append(result)
                else:
                    indexed += 1
                    measures += len(result.rows["measures"]) if result.rows else 0
            pending.extend(results)
            if len(pending) >= flush_every:
                store.write(con, pending, __version__)
                pending = []
            if progress:
                progress(len(chunk))
        store.write(con, pending, __version__)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return IndexSummary(
        files=len(files), indexed=indexed + len(copies), unchanged=unchanged, measures=measures,
        failures=[{"path": f.path, "message": f.error or ""} for f in sorted(failures, key=lambda f: f.path)],
        seconds=round(time.perf_counter() - started, 3))
