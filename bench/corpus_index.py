"""Benchmark of the corpus database: `.venv/bin/python bench/corpus_index.py` writes bench/CORPUS.md.

On the 2,000 generated circulars of bench/corpus.py (the same corpus as bench/run.py):

1. `sgb batch DIR -o OUT -j N -q` against `sgb index DIR --db NEW.duckdb -j N -q` on the same cores,
   alternated (batch, index, batch, index …) so that other work on the machine weighs on both alike;
   goal: indexing within 1.3× of batch alone;
2. a re-run of `sgb index` on the unchanged corpus (everything skipped);
3. the `due` question (`due_tasks(db, before, agency)`: connect read-only, query the `due` view, fetch)
   in process, median of many runs; goal < 100 ms; and the whole `sgb due` process for reference.

Never part of the test suite. Reads the clock (timings, the date of the run); the library never does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py)

PYTHON = Path(sys.executable)
SGB = PYTHON.parent / "sgb"
GOAL_RATIO = 1.3
GOAL_DUE_MS = 100.0


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=corpus.DEFAULT_COUNT)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=2, help="batch/index pairs, alternated")
    parser.add_argument("--results", type=Path, default=HERE / "CORPUS.md")
    args = parser.parse_args(argv)

    directory = HERE / ".corpus" / ("all" if args.count == corpus.DEFAULT_COUNT else f"n{args.count}")
    paths = corpus.write_corpus(directory, args.count)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    load_before = load()
    batch_times: list[float] = []
    index_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="sgb-corpus-bench-") as tmp:
        work = Path(tmp)
        for round_ in range(args.rounds):
            out = work / f"out{round_}"
            batch_times.append(timed([str(SGB), "batch", str(directory), "-o", str(out), "-j", str(args.jobs), "-q"]))
            shutil.rmtree(out)
            db = work / f"c{round_}.duckdb"
            index_times.append(timed([str(SGB), "index", str(directory), "--db", str(db), "-j", str(args.jobs), "-q"]))
        db = work / "c0.duckdb"
        rerun = timed([str(SGB), "index", str(directory), "--db", str(db), "-j", str(args.jobs), "-q"])
        size_mb = db.stat().st_size / 1e6

        from shuangguoban.corpus import due_tasks, run_query

        counts = run_query(db, "SELECT (SELECT count(*) FROM circulars), (SELECT count(*) FROM measures), "
                               "(SELECT count(*) FROM agencies), (SELECT count(*) FROM targets), "
                               "(SELECT count(*) FROM deadlines), (SELECT count(*) FROM tasks)").rows[0]
        before = dt.date(2024, 6, 30)
        agency = "发展改革委"
        rows = len(due_tasks(db, before, agency).rows)
        from shuangguoban.corpus.query import DUE_COLUMNS
        from shuangguoban.corpus.store import connect

        sql = (f"SELECT {DUE_COLUMNS} FROM due WHERE due <= ? AND (contains(agency, ?) OR "
               f"contains(coalesce(full_name, ''), ?)) ORDER BY due, file, measure, agency")
        con = connect(db, read_only=True)
        query_ms = []
        for _ in range(30):
            started = time.perf_counter()
            con.execute(sql, [before, agency, agency]).fetchall()
            query_ms.append((time.perf_counter() - started) * 1000)
        con.close()
        open_ms = []
        for _ in range(30):
            started = time.perf_counter()
            due_tasks(db, before, agency)
            open_ms.append((time.perf_counter() - started) * 1000)
        all_rows = len(due_tasks(db).rows)
        cli_ms = [timed([str(SGB), "due", "--db", str(db), "--before", before.isoformat(), "--agency", agency,
                         "-f", "csv"]) * 1000 for _ in range(5)]

    batch, index = statistics.median(batch_times), statistics.median(index_times)
    ratio = index / batch
    due_ms = statistics.median(query_ms)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    def status(met: bool) -> str:
        return "met" if met else "**not met**"

    text = f"""# Corpus database benchmark

Written by `bench/corpus_index.py` on {now} (commit {commit}); one run on a machine with {os.cpu_count()} cores
shared with other work (load average before / after: {load_before} → {load()}). Re-run to refresh.

Corpus: {len(paths):,} circulars generated by `bench/corpus.py` (seed {corpus.DEFAULT_SEED}), {mb:.2f} MB UTF-8.

## Goals

| what | goal | measured | status |
| --- | --- | --- | --- |
| `sgb index` against `sgb batch` alone, same corpus, `-j {args.jobs}` | ≤ {GOAL_RATIO:g}× | {ratio:.2f}× ({index:.1f} s vs {batch:.1f} s, medians; fastest runs: {min(index_times) / min(batch_times):.2f}×) | {status(ratio <= GOAL_RATIO)} |
| `due` query (`--before 2024-06-30 --agency 发展改革委`) on an open connection | < {GOAL_DUE_MS:g} ms | {due_ms:.1f} ms median (p90 {statistics.quantiles(query_ms, n=10)[-1]:.1f} ms) | {status(due_ms < GOAL_DUE_MS)} |
| the same, opening and closing the database too (`due_tasks`) | < {GOAL_DUE_MS:g} ms | {statistics.median(open_ms):.1f} ms median (p90 {statistics.quantiles(open_ms, n=10)[-1]:.1f} ms) | {status(statistics.median(open_ms) < GOAL_DUE_MS)} |

## Indexing

Wall time of whole processes, alternated batch, index, batch, index … ({args.rounds} rounds), each
`sgb index` into a new database:

| run | `sgb batch -j {args.jobs} -q` (JSON files) | `sgb index -j {args.jobs} -q` (new database) |
| --- | --- | --- |
""" + "".join(f"| {i + 1} | {b:.2f} s | {x:.2f} s |\n" for i, (b, x) in enumerate(zip(batch_times, index_times, strict=True))) + f"""
Re-running `sgb index` on the unchanged corpus (every file hashed, all skipped): {rerun:.2f} s.

The database: {size_mb:.1f} MB; {counts[0]:,} circulars, {counts[1]:,} measures, {counts[2]:,} agency rows,
{counts[3]:,} targets, {counts[4]:,} deadlines; the `tasks` view has {counts[5]:,} rows.

What indexing adds to batch: the main process hashes every file (for the incremental skip), the
workers send their rows back instead of writing JSON, and the main process inserts them (one
`INSERT … SELECT unnest(…)` per table per 200 files, in one transaction each) while the workers parse.

## The `due` question

`due_tasks(db, date(2024, 6, 30), "发展改革委")` (`sgb due --before 2024-06-30 --agency 发展改革委`):
{rows:,} rows of {all_rows:,} tasks with a due date. In process, the query on an open read-only
connection, fetching every row: median {due_ms:.1f} ms, min {min(query_ms):.1f} ms, max {max(query_ms):.1f} ms
over {len(query_ms)} runs; with opening and closing the database (what `sgb due` does): median
{statistics.median(open_ms):.1f} ms, min {min(open_ms):.1f} ms.
The whole `sgb due … -f csv` process (Python start-up and imports included): median
{statistics.median(cli_ms):.0f} ms over {len(cli_ms)} runs.
"""
    args.results.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
