"""The sgb benchmark: `make bench` (or `.venv/bin/python bench/run.py`). Never part of the test suite.

Measures, on this machine, and writes bench/RESULTS.md:

1. in-process `parse_circular` of the sample circular (median and p90 of ≥ 200 runs after warm-up);
2. single-core throughput (MB/s of UTF-8 input) and peak memory of one child process that loads,
   parses and serialises the generated corpus, with its peak RSS at 500 / 1,000 / 1,500 / 2,000 files
   (flat means streaming);
3. `sgb parse SAMPLE --format json` as a whole process against `python -c pass` (same interpreter,
   interleaved runs) and the slowest imports of that path (`python -X importtime`);
4. `sgb batch --jobs 2` against `--jobs 1` (or, while `sgb batch` does not exist, a
   ProcessPoolExecutor over load → parse → JSON, and the report says so);
5. hostile inputs, each parsed in its own child process with a timeout;
6. optionally JioNLP's `extract_money` and `extract_time`/`parse_time` on the same sample.

The benchmark reads the clock (for timings and the date of the run, unless --date is given); the
library never does.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, next to this file)

PYTHON = Path(sys.executable)
SGB = PYTHON.parent / "sgb"
SAMPLE = ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt"
CORPUS_DIR = HERE / ".corpus" / "all"
JIONLP_DIR = Path("/tmp/jionlp")

# Goals from the issue.
GOAL_SAMPLE_MS = 3.0
GOAL_MB_S = 5.0
GOAL_PROCESS_RATIO = 20.0
GOAL_BATCH_SPEEDUP = 1.7
GOAL_MEMORY_GROWTH = 0.10   # "flat": peak RSS at 2,000 files at most 10 % above the peak at 500
GOAL_HOSTILE_S = 2.0


@dataclass
class Report:
    """Everything measured, in the order it is printed and written."""

    sections: list[str] = field(default_factory=list)
    goals: list[tuple[str, str, str, bool | None, str]] = field(default_factory=list)  # name, goal, measured, met, gap

    def section(self, title: str, body: str) -> None:
        self.sections.append(f"## {title}\n\n{body.rstrip()}\n")
        print(f"\n== {title}\n{body.rstrip()}", flush=True)

    def goal(self, name: str, goal: str, measured: str, met: bool | None, gap: str = "") -> None:
        self.goals.append((name, goal, measured, met, gap))


# --- helpers ------------------------------------------------------------------------------

def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def child_env(extra_path: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if extra_path:
        env["PYTHONPATH"] = extra_path
    env["PYTHONHASHSEED"] = "0"
    return env


def run_child(code: str, args: list[str], timeout: float, extra_path: str | None = None) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON object on its last stdout line."""
    try:
        done = subprocess.run([str(PYTHON), "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                              env=child_env(extra_path), cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s", "timeout": True}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    return json.loads(lines[-1])


def fmt_us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def load() -> str:
    """Other work on the machine skews every figure (most of all the batch speed-up): recorded beside them."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


# --- machine ------------------------------------------------------------------------------

def machine(date: str) -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        commit += " (working tree with uncommitted changes)" if dirty else ""
    except OSError:
        commit = "unknown"
    from shuangguoban import __version__

    return textwrap.dedent(f"""\
        | | |
        | --- | --- |
        | date | {date} |
        | platform | {platform.platform()} |
        | CPU | {cpu} |
        | cores | {cores} ({usable} usable) |
        | memory | {memory} |
        | Python | {platform.python_implementation()} {platform.python_version()} ({PYTHON}) |
        | sgb | {__version__}, commit {commit} |
        | load average at start (1/5/15 min) | {load()} |
        """)


# --- 1. in-process parse of the sample ----------------------------------------------------

def bench_sample(report: Report, runs: int) -> float:
    from shuangguoban import parse_circular
    from shuangguoban.guards import collection_paused

    text = SAMPLE.read_text(encoding="utf-8")
    started = time.perf_counter()
    first = parse_circular(text)
    first_call = time.perf_counter() - started
    for _ in range(10):
        parse_circular(text)
    times, cpu = [], []
    gc.collect()
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        with collection_paused():   # as the CLI runs it: the library itself leaves the GC alone
            parse_circular(text)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    wall_median = statistics.median(times)
    # Judged on CPU time: other work on a shared machine stretches wall time, not the CPU the parse needs.
    median, p90 = statistics.median(cpu), quantile(cpu, 0.9)
    nbytes = len(text.encode("utf-8"))
    report.section("Parse of the sample, in process", textwrap.dedent(f"""\
        `parse_circular` on `{SAMPLE.relative_to(ROOT)}` ({nbytes:,} bytes UTF-8, {len(text):,} characters,
        {len(first.measures)} measures), {runs} runs after 10 warm-up runs.

        | | |
        | --- | --- |
        | first call (rule tables loaded and compiled), wall | {fmt_us(first_call)} |
        | median, CPU time | {fmt_us(median)} |
        | p90, CPU time | {fmt_us(p90)} |
        | median, wall | {fmt_us(wall_median)} |
        | p90, wall | {fmt_us(quantile(times, 0.9))} |
        | min / max, wall | {fmt_us(min(times))} / {fmt_us(max(times))} |

        The goal is judged on CPU time (`time.process_time`), which other work on the machine does not stretch.
        """))
    met = median <= GOAL_SAMPLE_MS / 1000
    report.goal("parse of the sample, in process", f"median ≤ {GOAL_SAMPLE_MS:g} ms", f"{median * 1000:.2f} ms CPU (p90 {p90 * 1000:.2f} ms; wall median {wall_median * 1000:.2f} ms)",
                met, "" if met else f"{median * 1000 / GOAL_SAMPLE_MS:.1f}× too slow (+{median * 1000 - GOAL_SAMPLE_MS:.1f} ms)")
    return median


# --- 2. throughput and memory of one process over the corpus ------------------------------

STREAM_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from shuangguoban.loader import load_path
from shuangguoban.guards import collection_paused
from shuangguoban.pipeline import parse_circular
from shuangguoban.writers import to_json

paths = sorted(Path(sys.argv[1]).glob("*.txt"))
checkpoints = {int(c) for c in sys.argv[2].split(",")}
warm = load_path(paths[0])
parse_circular(warm.text)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
parse_s = total_s = parse_cpu = 0.0
nbytes = measures = 0
peaks = {}
t_all = time.perf_counter()
for i, path in enumerate(paths, 1):
    loaded = load_path(path)
    c0 = time.process_time()
    t0 = time.perf_counter()
    with collection_paused():   # as the CLI and batch workers run it (the library leaves the GC alone)
        circular = parse_circular(loaded.text, source=loaded.source)
    parse_s += time.perf_counter() - t0
    parse_cpu += time.process_time() - c0
    nbytes += len(loaded.text.encode("utf-8"))
    measures += len(circular.measures)
    to_json(circular)
    if i in checkpoints:
        peaks[i] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
total_s = time.perf_counter() - t_all
print(json.dumps({"files": len(paths), "bytes": nbytes, "parse_s": parse_s, "total_s": total_s, "parse_cpu": parse_cpu,
                  "base_kib": base, "peaks": peaks, "measures": measures}))
"""


def bench_stream(report: Report, directory: Path, count: int, timeout: float) -> float | None:
    checkpoints = sorted({min(count, c) for c in (500, 1000, 1500, 2000)} | {count})
    result = run_child(STREAM_CHILD, [str(directory), ",".join(map(str, checkpoints))], timeout)
    if "error" in result:
        report.section("Throughput and memory over the corpus", f"Failed: {result['error']}")
        report.goal("throughput, one core", f"≥ {GOAL_MB_S:g} MB/s", result["error"], None)
        report.goal("memory flat in corpus size", "flat", result["error"], None)
        return None
    mb = result["bytes"] / 1e6
    rate_wall = mb / result["parse_s"]
    rate = mb / result["parse_cpu"]
    rate_all = mb / result["total_s"]
    peaks = {int(k): v for k, v in result["peaks"].items()}
    rows = "\n".join(f"| {n:,} | {mib(kib)} | +{mib(kib - result['base_kib'])} |" for n, kib in sorted(peaks.items()))
    report.section("Throughput and memory over the corpus", textwrap.dedent(f"""\
        One child process, one core, a loop over the {result['files']:,} generated circulars
        ({mb:.2f} MB UTF-8, {result['measures']:,} top-level measures): read + decode (`load_path`),
        `parse_circular`, `to_json`, discard. (`sgb batch` is not used here: the loop isolates the parser.)

        | | |
        | --- | --- |
        | `parse_circular` alone, CPU time (judged) | {rate:.2f} MB/s ({result['parse_cpu']:.1f} s) |
        | `parse_circular` alone, wall | {rate_wall:.2f} MB/s ({result['parse_s']:.1f} s) |
        | load + parse + JSON | {rate_all:.2f} MB/s ({result['total_s']:.1f} s) |

        Peak RSS (`ru_maxrss`) of that process after N files (after import and one warm-up parse:
        {mib(result['base_kib'])}):

        | files | peak RSS | above warm-up |
        | --- | --- | --- |
        """) + rows + "\n")
    met = rate >= GOAL_MB_S
    report.goal("throughput, one core", f"≥ {GOAL_MB_S:g} MB/s", f"{rate:.2f} MB/s CPU ({rate_wall:.2f} wall)", met,
                "" if met else f"{GOAL_MB_S / rate:.1f}× too slow")
    first_n = min(peaks)
    last_n = max(peaks)
    growth = (peaks[last_n] - peaks[first_n]) / peaks[first_n]
    flat = growth <= GOAL_MEMORY_GROWTH
    report.goal("memory flat in corpus size", f"peak at {last_n:,} files ≤ {GOAL_MEMORY_GROWTH:.0%} above peak at {first_n:,}",
                f"{mib(peaks[first_n])} → {mib(peaks[last_n])} ({growth:+.1%})", flat,
                "" if flat else f"grows {mib(peaks[last_n] - peaks[first_n])}")
    return rate


# --- 3. whole process against `python -c pass` --------------------------------------------

def bench_process(report: Report, runs: int) -> None:
    parse_cmd = [str(SGB), "parse", str(SAMPLE), "--format", "json"]
    pass_cmd = [str(PYTHON), "-c", "pass"]
    env = child_env()
    for cmd in (parse_cmd, pass_cmd):   # warm the page cache and .pyc files
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    parse_times, pass_times = [], []
    cpu: dict[int, list[float]] = {id(parse_times): [], id(pass_times): []}
    for _ in range(runs):               # interleaved, so drift affects both alike
        for cmd, bucket in ((parse_cmd, parse_times), (pass_cmd, pass_times)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
            bucket.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[id(bucket)].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    parse_cpu, pass_cpu = statistics.median(cpu[id(parse_times)]), statistics.median(cpu[id(pass_times)])
    parse_med, pass_med = statistics.median(parse_times), statistics.median(pass_times)
    ratio = parse_med / pass_med

    # Where the start-up goes: -X importtime of the same JSON path.
    code = ("import sys; sys.argv = ['sgb', 'parse', sys.argv[1], '--format', 'json']; "
            "from shuangguoban.cli import main; main()")
    done = subprocess.run([str(PYTHON), "-X", "importtime", "-c", code, str(SAMPLE)], capture_output=True, text=True, env=env)
    imports = []   # (cumulative µs, self µs, depth, name)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        imports.append((int(cumulative), int(self_us), depth, name.strip()))
    total_us = sum(c for c, _, d, _ in imports if d == 0)
    top = sorted(imports, reverse=True)[:10]
    top_level = sorted((i for i in imports if i[2] == 0), reverse=True)[:10]
    loaded = {name for *_, name in imports}
    heavy = [m for m in ("typer", "click", "rich", "pydantic", "pydantic_core", "regex", "yaml", "charset_normalizer",
                         "lunardate", "selectolax", "docx", "pdfplumber", "openpyxl", "email", "decimal", "json", "shellingham")
             if m in loaded]
    not_loaded = [m for m in ("rich", "charset_normalizer", "selectolax", "docx", "pdfplumber", "openpyxl", "yaml") if m not in loaded]
    rows = "\n".join(f"| {'· ' * d}{n} | {c / 1000:.1f} ms | {s / 1000:.1f} ms |" for c, s, d, n in top)
    rows_top = "\n".join(f"| {n} | {c / 1000:.1f} ms |" for c, s, d, n in top_level)
    report.section("Whole process: `sgb parse SAMPLE --format json`", textwrap.dedent(f"""\
        {runs} runs of each, interleaved, same interpreter (`{PYTHON}`), output to /dev/null.

        | | median | min | max |
        | --- | --- | --- | --- |
        | `sgb parse SAMPLE --format json` | {parse_med * 1000:.0f} ms | {min(parse_times) * 1000:.0f} ms | {max(parse_times) * 1000:.0f} ms |
        | `python -c pass` | {pass_med * 1000:.1f} ms | {min(pass_times) * 1000:.1f} ms | {max(pass_times) * 1000:.1f} ms |
        | ratio | {ratio:.1f}× | | |

        CPU time of the child (user + sys, median): {parse_cpu * 1000:.0f} ms against {pass_cpu * 1000:.1f} ms,
        ratio {parse_cpu / pass_cpu:.1f}× (the goal is judged on wall time, as a user sees it).

        `python -X importtime` of the same path: {len(imports)} modules, {total_us / 1000:.0f} ms of imports in all.
        Heavy modules imported: {', '.join(heavy) or 'none'}; not imported: {', '.join(not_loaded) or 'none'}.

        Top 10 imports by cumulative time (· = nested under the one above):

        | module | cumulative | self |
        | --- | --- | --- |
        """) + rows + "\n\nTop 10 top-level imports (what `sgb` asks for itself, directly or through `-c`):\n\n"
        "| module | cumulative |\n| --- | --- |\n" + rows_top + "\n")
    met = ratio <= GOAL_PROCESS_RATIO
    report.goal("whole process vs `python -c pass`", f"≤ {GOAL_PROCESS_RATIO:g}×", f"{ratio:.1f}× ({parse_med * 1000:.0f} ms vs {pass_med * 1000:.1f} ms)",
                met, "" if met else f"{ratio / GOAL_PROCESS_RATIO:.1f}× over (budget {GOAL_PROCESS_RATIO * pass_med * 1000:.0f} ms, "
                f"{(parse_med - GOAL_PROCESS_RATIO * pass_med) * 1000:.0f} ms over)")


# --- 4. batch: 2 jobs against 1 -----------------------------------------------------------

def has_batch() -> bool:
    done = subprocess.run([str(SGB), "batch", "--help"], capture_output=True, text=True, env=child_env())
    return done.returncode == 0


def _pool_one(args: tuple[str, str]) -> int:
    """Fallback worker: load → parse → JSON → write, as `sgb batch` would."""
    from shuangguoban.reading import load_circular
    from shuangguoban.writers import to_json

    path, outdir = args
    circular = load_circular(path)
    Path(outdir, Path(path).stem + ".json").write_text(to_json(circular), encoding="utf-8")
    return len(circular.measures)


def _pool_run(paths: list[Path], outdir: str, jobs: int) -> None:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_pool_one, [(str(p), outdir) for p in paths], chunksize=4))


def bench_batch(report: Report, all_paths: list[Path], rate_mb_s: float | None, seconds: float) -> None:
    # A subset sized for about `seconds` of single-core work: the speed-up is about parallelism, not volume.
    sizes = [p.stat().st_size for p in all_paths]
    if rate_mb_s:
        budget = rate_mb_s * 1e6 * seconds
        n = 0
        acc = 0
        while n < len(all_paths) and acc < budget:
            acc += sizes[n]
            n += 1
        n = max(min(100, len(all_paths)), n)
    else:
        n = min(200, len(all_paths))
    paths = all_paths[:n]
    subset = HERE / ".corpus" / f"batch_{n}"
    if not subset.exists() or len(list(subset.glob("*.txt"))) != n:
        shutil.rmtree(subset, ignore_errors=True)
        subset.mkdir(parents=True)
        for p in paths:
            shutil.copyfile(p, subset / p.name)
    mb = sum(sizes[:n]) / 1e6
    use_batch = has_batch()
    timings: dict[int, float] = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory(prefix="sgb-bench-") as out:
            t0 = time.perf_counter()
            if use_batch:
                subprocess.run([str(SGB), "batch", str(subset), "-o", out, "--jobs", str(jobs), "--quiet"],
                               check=True, env=child_env(), stdout=subprocess.DEVNULL)
            else:
                _pool_run(paths, out, jobs)
            timings[jobs] = time.perf_counter() - t0
            written = len(list(Path(out).rglob("*.json")))
    speedup = timings[1] / timings[2]
    how = ("`sgb batch DIR -o OUT --jobs N --quiet`" if use_batch else
           "**`sgb batch` does not exist yet**: fallback, a `ProcessPoolExecutor(max_workers=N)` in this process mapping "
           "load_circular → to_json → write over the files (chunksize 4), worker start-up and imports included")
    report.section("Batch: `--jobs 2` against `--jobs 1`", textwrap.dedent(f"""\
        {how}, on the first {n:,} circulars of the corpus ({mb:.2f} MB; a subset sized for about
        {seconds:.0f} s of one-core work). {written:,} JSON files written per run.

        | jobs | wall time | MB/s |
        | --- | --- | --- |
        | 1 | {timings[1]:.2f} s | {mb / timings[1]:.2f} |
        | 2 | {timings[2]:.2f} s | {mb / timings[2]:.2f} |
        | speed-up | {speedup:.2f}× | |

        Load average after the two runs: {load()} (on {os.cpu_count()} cores; above ~1 other work competes for the second core).
        """))
    met = speedup >= GOAL_BATCH_SPEEDUP
    report.goal("batch, 2 jobs vs 1" + ("" if use_batch else " (ProcessPool fallback)"), f"≥ {GOAL_BATCH_SPEEDUP:g}×",
                f"{speedup:.2f}×", met, "" if met else f"{GOAL_BATCH_SPEEDUP - speedup:.2f}× short")


# --- 5. hostile inputs --------------------------------------------------------------------

HOSTILE_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import corpus
from shuangguoban import parse_circular
from shuangguoban.guards import collection_paused
parse_circular("1.推进重点项目建设。（市发展改革委负责）\n")   # warm: rule tables loaded and compiled
extras = {"digits_300k_as_target": "1.新增就业岗位" + "9" * 300_000 + "个。（市人力资源社会保障局负责）\n"}
text = {**corpus.hostile_inputs(), **extras}[sys.argv[2]]
t0 = time.perf_counter()
try:
    with collection_paused():   # as the CLI and batch workers run it (the library leaves the GC alone)
        c = parse_circular(text)
    out = {"seconds": time.perf_counter() - t0, "measures": len(c.measures), "warnings": len(c.warnings),
           "targets": sum(len(m.targets) for m in c.measures)}
except Exception as exc:
    out = {"seconds": time.perf_counter() - t0, "raised": f"{type(exc).__name__}: {str(exc)[:160]}"}
out["chars"] = len(text)
out["bytes"] = len(text.encode("utf-8"))
print(json.dumps(out))
"""

HOSTILE_RUNS = 3
# Extra, informational (built in HOSTILE_CHILD): the digit run where a target would be read from it.
EXTRA_HOSTILE = ("digits_300k_as_target",)


def bench_hostile(report: Report, timeout: float) -> None:
    rows = []
    for name in [*corpus.hostile_inputs(), *EXTRA_HOSTILE]:
        # Three child processes, the median run judged: one run on a shared machine can be 30 % slow.
        runs = [run_child(HOSTILE_CHILD, [str(HERE), name], timeout) for _ in range(HOSTILE_RUNS)]
        failed = [r for r in runs if "error" in r or "raised" in r]
        result = failed[0] if failed else sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        informational = name in EXTRA_HOSTILE
        if "error" in result:
            measured, outcome, met = result["error"], result["error"], False
        elif "raised" in result:
            measured, outcome, met = f"{result['seconds']:.2f} s", f"raised {result['raised']}", False
        else:
            measured = f"{result['seconds']:.2f} s"
            outcome = f"{result['measures']:,} measures, {result['targets']:,} targets, {result['warnings']:,} warnings"
            met = result["seconds"] <= GOAL_HOSTILE_S
        size = f"{result['bytes']:,} B" if "bytes" in result else ""
        rows.append(f"| `{name}`{' (extra)' if informational else ''} | {size} | {measured} | {outcome} |")
        if not informational:
            gap = ""
            if not met:
                gap = result.get("error") or ("raised" if "raised" in result else f"{result['seconds'] / GOAL_HOSTILE_S:.1f}× over")
            report.goal(f"hostile: {name}", f"≤ {GOAL_HOSTILE_S:g} s, no exception", measured, met, gap)
    report.section("Hostile inputs", textwrap.dedent(f"""\
        Each parsed with `parse_circular` in its own child process (after one warm-up parse), timeout {timeout:.0f} s;
        {HOSTILE_RUNS} processes per input, the median time shown (any exception or timeout fails the input).
        `brackets_1MiB_line`: one line of 1 MiB UTF-8 of `（`; `digits_300k`: `1234567890` × 30,000;
        `items_30k`: `N.推进重点项目建设。（市发展改革委负责）` for N = 1 … 30,000 (expect 30,000 measures);
        the extra case puts 300,000 nines where a target is read (`新增就业岗位999…个`).

        | input | size | time | result |
        | --- | --- | --- | --- |
        """) + "\n".join(rows) + "\n")


# --- 6. JioNLP ----------------------------------------------------------------------------

JIONLP_CHILD = r"""
import contextlib, io, json, statistics, sys, time, datetime as dt
with contextlib.redirect_stdout(io.StringIO()):
    t0 = time.perf_counter()
    import jionlp as jio
    imported = time.perf_counter() - t0
text = open(sys.argv[1], encoding="utf-8").read()
base = dt.datetime(2024, 5, 23).timestamp()   # the circular's date: never jionlp's default time.time()
out = {"import_s": imported, "version": getattr(jio, "__version__", "?")}
for name, fn in (("extract_money", lambda: jio.ner.extract_money(text)),
                 ("extract_time", lambda: jio.ner.extract_time(text, time_base=base))):
    fn()
    times = []
    for _ in range(int(sys.argv[2])):
        t0 = time.perf_counter(); found = fn(); times.append(time.perf_counter() - t0)
    out[name] = {"median_s": statistics.median(times), "found": len(found)}
phrases = ["6月底前", "上半年", "三季度末", "到2026年", "5月中下旬", "年底前"]
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    for p in phrases:
        jio.parse_time(p, time_base=base)
    times.append((time.perf_counter() - t0) / len(phrases))
out["parse_time"] = {"median_s": statistics.median(times), "found": len(phrases)}
print(json.dumps(out))
"""


def bench_jionlp(report: Report, sgb_median: float, runs: int, install: bool) -> None:
    note = ""
    if not (JIONLP_DIR / "jionlp").exists() and install:
        done = subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--target", str(JIONLP_DIR), "jionlp"],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            note = f"`pip install --target {JIONLP_DIR} jionlp` failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}"
    if not (JIONLP_DIR / "jionlp").exists():
        report.section("Comparison: JioNLP (optional)", note or f"JioNLP is not installed in {JIONLP_DIR} (run with --install-jionlp).")
        return
    result = run_child(JIONLP_CHILD, [str(SAMPLE), str(runs)], 300, extra_path=str(JIONLP_DIR))
    if "error" in result:
        report.section("Comparison: JioNLP (optional)", f"JioNLP in {JIONLP_DIR} could not be run: {result['error']}")
        return
    rows = "\n".join(f"| `jio.{'ner.' if k != 'parse_time' else ''}{k}` | {result[k]['median_s'] * 1000:.2f} ms | {result[k]['found']} |"
                     for k in ("extract_money", "extract_time", "parse_time"))
    report.section("Comparison: JioNLP (optional)", textwrap.dedent(f"""\
        JioNLP {result['version']} from `{JIONLP_DIR}` (installed with `pip install --target`, not a project
        dependency; import {result['import_s']:.2f} s). Same sample, medians of {runs} runs after one warm-up,
        `time_base` pinned to 2024-05-23. `parse_time` is per phrase (6月底前, 上半年, 三季度末, 到2026年,
        5月中下旬, 年底前); the others run on the whole text. Not like for like: sgb also segments
        measures, assigns agencies and resolves targets.

        | call | median | found |
        | --- | --- | --- |
        """) + rows + f"\n| sgb `parse_circular` (everything) | {sgb_median * 1000:.2f} ms | |\n")


# --- profile --------------------------------------------------------------------------------

def profile_sample(report: Report, runs: int = 5) -> None:
    from shuangguoban import parse_circular

    text = SAMPLE.read_text(encoding="utf-8")
    parse_circular(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        parse_circular(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:15]:
        where = filename
        for prefix in (str(ROOT / "src") + "/", str(ROOT) + "/", sys.prefix + "/"):
            where = where.replace(prefix, "")
        rows.append(f"| `{where}:{line}` `{func}` | {nc // runs:,} | {tt / runs * 1000:.2f} ms | {ct / runs * 1000:.2f} ms |")
    report.section("Profile of the sample (cProfile)", textwrap.dedent(f"""\
        `parse_circular` of the sample, {runs} runs after warm-up, per run; top 15 by own time (cProfile
        inflates many small calls, so read it for ranking, not absolute time).

        | function | calls | own | cumulative |
        | --- | --- | --- | --- |
        """) + "\n".join(rows) + "\n")


# --- main ---------------------------------------------------------------------------------

def write_results(report: Report, path: Path, machine_md: str, elapsed: float, args: argparse.Namespace) -> None:
    icon = {True: "met", False: "**not met**", None: "not measured"}
    goal_rows = "\n".join(f"| {n} | {g} | {m} | {icon[ok]} | {gap} |" for n, g, m, ok, gap in report.goals)
    text = (
        "# sgb benchmark results\n\n"
        f"Written by `bench/run.py` (`make bench`) in {elapsed:.0f} s; corpus: {args.count:,} circulars generated by "
        f"`bench/corpus.py` with seed {args.seed}. Re-run to refresh; numbers are from one run on the machine below.\n\n"
        "## Machine\n\n" + machine_md + "\n"
        "## Goals\n\n| what | goal | measured | status | gap |\n| --- | --- | --- | --- | --- |\n" + goal_rows + "\n\n"
        + "\n".join(report.sections)
    )
    causes = HERE / "GAPS.md"   # hand-written: why each missed goal is missed (kept across runs)
    if causes.exists():
        text += "\n" + causes.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="sgb benchmark; writes bench/RESULTS.md")
    parser.add_argument("--date", help="date of the run to record (default: now, UTC)")
    parser.add_argument("--count", type=int, default=corpus.DEFAULT_COUNT, help="circulars in the generated corpus")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=200, help="in-process runs of the sample")
    parser.add_argument("--process-runs", type=int, default=15, help="runs of each whole-process command")
    parser.add_argument("--batch-seconds", type=float, default=30.0, help="one-core work in the batch subset")
    parser.add_argument("--hostile-timeout", type=float, default=60.0)
    parser.add_argument("--stream-timeout", type=float, default=600.0)
    parser.add_argument("--no-jionlp", action="store_true", help="skip the JioNLP comparison")
    parser.add_argument("--install-jionlp", action="store_true", help=f"pip install --target {JIONLP_DIR} jionlp if missing")
    parser.add_argument("--profile", action="store_true", help="always add the cProfile table (default: when a goal is missed)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 200 files, 50 runs, 5 process runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.runs, args.process_runs, args.batch_seconds = 200, 50, 5, 5.0
    started = time.perf_counter()
    date = args.date or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = Report()
    machine_md = machine(date)
    print(machine_md)

    # Measure sgb as `make install` leaves it: sources precompiled and rule tables cached (after an
    # edit both are stale until rebuilt, which would put a recompile into every measured process).
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(ROOT / "src")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([str(PYTHON), "-m", "shuangguoban.rules"], check=True, env=child_env())

    directory = CORPUS_DIR if args.count == corpus.DEFAULT_COUNT and args.seed == corpus.DEFAULT_SEED \
        else HERE / ".corpus" / f"n{args.count}_s{args.seed}"
    t0 = time.perf_counter()
    paths = corpus.write_corpus(directory, args.count, args.seed)
    sizes = sorted(p.stat().st_size for p in paths)
    print(f"corpus: {len(paths)} files, {sum(sizes) / 1e6:.2f} MB in {directory} ({time.perf_counter() - t0:.1f} s)", flush=True)

    median = bench_sample(report, args.runs)
    rate = bench_stream(report, directory, len(paths), args.stream_timeout)
    bench_process(report, args.process_runs)
    bench_batch(report, paths, rate, args.batch_seconds)
    bench_hostile(report, args.hostile_timeout)
    if not args.no_jionlp:
        bench_jionlp(report, median, 20, args.install_jionlp)
    if args.profile or any(ok is False for *_, ok, _ in report.goals):
        profile_sample(report)
    report.sections.insert(0, f"## Corpus\n\n{len(paths):,} circulars, {sum(sizes) / 1e6:.2f} MB UTF-8, "
                              f"{sizes[0]:,}–{sizes[-1]:,} bytes each (median {sizes[len(sizes) // 2]:,}), in `{directory.relative_to(ROOT)}` "
                              f"(git-ignored). Layouts, punctuation widths, scripts, line ends, clauses, targets and deadlines vary; "
                              f"see `bench/corpus.py`.\n")
    elapsed = time.perf_counter() - started
    report.sections.append(f"## Load\n\nLoad average at the end of the run: {load()}.\n")
    write_results(report, args.results, machine_md, elapsed, args)
    print("\n== Goals")
    for name, goal, measured, ok, gap in report.goals:
        print(f"  {'MET    ' if ok else 'NOT MET' if ok is False else 'n/a    '} {name}: {measured} (goal {goal}){' — ' + gap if gap else ''}")
    print(f"\nwrote {args.results} in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
