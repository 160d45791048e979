"""The corpus database: `sgb index` (incremental, interrupt-safe, bad files among good ones, on Dask),
`sgb query`, `sgb due`, the views and the Parquet export, on circulars invented here."""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from shuangguoban import __version__
from shuangguoban.batch import ParseSettings
from shuangguoban.cli import app
from shuangguoban.corpus import due_tasks, export_parquet, index_paths, run_query, store
from shuangguoban.corpus.rows import TABLES, fitting, flatten
from shuangguoban.models import Incentive, walk

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

# Two invented circulars with known agencies, deadlines and targets.
LINCHUAN = """\
临川市人民政府办公室关于印发临川市2024年扩大有效投资若干措施的通知
临政办〔2024〕9号

一、加快项目建设
（一）推进重大项目开工。6月底前，新开工亿元以上项目不少于30个。（市发展改革委牵头，市财政局配合）
（二）强化要素保障。9月底前完成年度用地报批。（市自然资源和规划局负责）
二、扩大消费需求
（一）开展促消费活动。上半年举办促消费活动50场以上。（市商务局牵头，市文化广电旅游局配合）
（二）落实以旧换新。年底前汽车以旧换新达到5000辆。（市商务局、市发展改革委按职责分工负责）

临川市人民政府办公室
2024年4月2日
"""

TONGHE = """\
桐河县人民政府关于印发桐河县稳就业若干措施的通知
桐政〔2025〕3号

1.开发公益性岗位。3月底前开发公益性岗位200个。（县人力资源社会保障局牵头，县财政局配合）
2.加快项目审批。二季度末前完成审批项目40个。（县发展改革委负责）
3.组织技能培训。全年完成职业技能培训1.5万人次。（县人力资源社会保障局负责）

桐河县人民政府
2025年1月20日
"""

# Sub-items under one group clause: the clause's agencies are theirs too.
GROUPED = """\
澄阳市人民政府办公室关于印发澄阳市促进消费若干措施的通知
澄政办〔2024〕5号

一、提振大宗消费
（一）开展汽车促消费活动
（1）上半年举办汽车展销会10场。
（2）三季度末前新增充电桩500个。
（市商务局牵头，市发展改革委配合）
（二）扩大家电消费。年底前家电以旧换新达到2万台。（市商务局负责）

澄阳市人民政府办公室
2024年3月1日
"""


def _load_bench_corpus():
    spec = importlib.util.spec_from_file_location("sgb_bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """docs/ with the two invented circulars, in a temporary working directory."""
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    (docs / "2025").mkdir(parents=True)
    (docs / "linchuan.txt").write_text(LINCHUAN, encoding="utf-8")
    (docs / "2025" / "tonghe.txt").write_text(TONGHE, encoding="utf-8")
    return docs


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*TABLES, "sources")}
    finally:
        con.close()


def consistency(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return store.problems(con)
    finally:
        con.close()


# --- rows ------------------------------------------------------------------------------------------

def test_flatten_keys_every_row_and_keeps_spans():
    from shuangguoban.pipeline import parse_circular

    circular = parse_circular(LINCHUAN)
    rows = flatten(circular, "abc", __version__)
    assert [(r[1], r[2], r[3]) for r in rows["measures"]] == [
        ("一", None, 1), ("一/（一）", "一", 2), ("一/（二）", "一", 2), ("二", None, 1), ("二/（一）", "二", 2), ("二/（二）", "二", 2)]
    for table, table_rows in rows.items():
        assert all(len(row) == len(TABLES[table]) for row in table_rows), table
        assert all(row[0] == "abc" for row in table_rows), table
    names = [c for c, _ in TABLES["targets"]]
    for row in rows["targets"]:
        record = dict(zip(names, row, strict=True))
        assert LINCHUAN[record["span_start"]:record["span_end"]] == record["text"]
    measure_names = [c for c, _ in TABLES["measures"]]
    for row in rows["measures"]:
        record = dict(zip(measure_names, row, strict=True))
        assert LINCHUAN[record["span_start"]:record["span_end"]] == record["text"]


def test_decimals_that_do_not_fit_keep_their_digits_only():
    assert fitting(Decimal("12.5")) == "12.5"
    assert fitting(Decimal("1.5E+12")) == "1500000000000"
    assert fitting(Decimal("1E+30")) is None            # more than 28 integer digits
    assert fitting(Decimal("0.123456789012")) is None   # finer than 10 places
    assert fitting(Decimal("0.5000000000000")) == "0.5000000000000"


# --- index, views, query ---------------------------------------------------------------------------

def test_index_then_due_and_views(folder):
    summary = index_paths(["docs"], "c.duckdb", jobs=1)
    assert (summary.files, summary.indexed, summary.unchanged, summary.failures) == (2, 2, 0, [])
    assert consistency(Path("c.duckdb")) == []
    due = due_tasks("c.duckdb", before=__import__("datetime").date(2024, 6, 30), agency="发展改革委")
    assert [(str(r["due"]), r["agency"], r["role"], r["measure"]) for r in due.records()] == [
        ("2024-06-30", "市发展改革委", "lead", "一/（一）")]
    everything = due_tasks("c.duckdb", agency="人力资源社会保障局").records()
    assert [(str(r["due"]), r["measure"], r["role"]) for r in everything] == [("2025-03-31", "1", "lead"), ("2025-12-31", "3", "responsible")]
    by_metric = {r["metric"]: r for r in run_query("c.duckdb", "SELECT * FROM targets_by_metric").records()}
    assert by_metric["汽车以旧换新"]["total"] == Decimal("5000")
    assert by_metric["职业技能培训"]["unit"] == "人次" and by_metric["职业技能培训"]["total"] == Decimal("15000")
    tasks = run_query("c.duckdb", "SELECT count(*) AS n FROM tasks WHERE file = 'docs/linchuan.txt'").records()
    assert tasks == [{"n": 7}]
    years = run_query("c.duckdb", "SELECT path, year, doc_number FROM circulars ORDER BY year").rows
    assert years == [("docs/linchuan.txt", 2024, "临政办〔2024〕9号"), ("docs/2025/tonghe.txt", 2025, "桐政〔2025〕3号")]


def test_sub_items_under_a_group_clause_are_tasks_of_its_agencies(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("g.txt").write_text(GROUPED, encoding="utf-8")
    index_paths(["g.txt"], "g.duckdb", jobs=1)
    rows = run_query("g.duckdb", "SELECT due, agency, role, measure, agencies_inherited FROM tasks "
                                 "ORDER BY measure, agency").rows
    assert [(str(d) if d else None, a, r, m, i) for d, a, r, m, i in rows] == [
        (None, "市发展改革委", "support", "一/（一）", False),
        (None, "市商务局", "lead", "一/（一）", False),
        ("2024-06-30", "市发展改革委", "support", "一/（一）/（1）", True),
        ("2024-06-30", "市商务局", "lead", "一/（一）/（1）", True),
        ("2024-09-30", "市发展改革委", "support", "一/（一）/（2）", True),
        ("2024-09-30", "市商务局", "lead", "一/（一）/（2）", True),
        ("2024-12-31", "市商务局", "responsible", "一/（二）", False)]
    due = due_tasks("g.duckdb", before=__import__("datetime").date(2024, 9, 30), agency="发展改革委").records()
    assert [(r["measure"], str(r["due"])) for r in due] == [("一/（一）/（1）", "2024-06-30"), ("一/（一）/（2）", "2024-09-30")]


def test_incentives_table_and_view(tmp_path):
    """Incentives come from the parser later; here they are put on a parsed circular by hand."""
    from shuangguoban.pipeline import parse_circular

    circular = parse_circular(LINCHUAN)
    measure = next(m for m in walk(circular.measures) if m.path == "二/（二）")
    start = LINCHUAN.index("年底前汽车")
    grant = Incentive.model_construct(text="年底前汽车", span=(start, start + 5), value=Decimal("3000"), unit="元",
                              raw_value=Decimal("3000"), raw_unit="元", kind="补贴", recipient="个人")
    patched = measure.model_copy(update={"incentives": [grant, grant.model_copy(update={"value": Decimal("2E+8"), "kind": "奖励"})]})
    parent = next(m for m in circular.measures if m.path == "二")
    parent = parent.model_copy(update={"children": [parent.children[0], patched]})
    circular = circular.model_copy(update={"measures": [circular.measures[0], parent]})
    db = tmp_path / "c.duckdb"
    con = store.connect(db)
    store.prepare(con)
    store.write(con, [store.Parsed("l.txt", "sha-l", 1, rows=flatten(circular, "sha-l", __version__))], __version__)
    assert con.execute("SELECT measure_path, kind, value, unit FROM incentives ORDER BY ordinal").fetchall() == [
        ("二/（二）", "补贴", Decimal("3000"), "元"), ("二/（二）", "奖励", Decimal("200000000"), "元")]
    assert con.execute("SELECT issuer, kind, total FROM incentives_by_issuer").fetchall() == [
        ("临川市人民政府办公室", "奖励", Decimal("200000000")), ("临川市人民政府办公室", "补贴", Decimal("3000"))]
    con.close()


def test_reindex_is_incremental(folder):
    db = Path("c.duckdb")
    index_paths(["docs"], db, jobs=1)
    before = counts(db)
    again = index_paths(["docs"], db, jobs=1)
    assert (again.indexed, again.unchanged) == (0, 2)
    assert counts(db) == before
    old_sha = run_query(db, "SELECT sha256 FROM sources WHERE path = 'docs/linchuan.txt'").rows[0][0]
    (folder / "linchuan.txt").write_text(LINCHUAN.replace("不少于30个", "不少于35个"), encoding="utf-8")
    changed = index_paths(["docs"], db, jobs=1)
    assert (changed.indexed, changed.unchanged) == (1, 1)
    assert counts(db) == before                         # replaced, not added
    assert run_query(db, "SELECT count(*) FROM measures WHERE sha256 = ?", [old_sha]).rows == [(0,)]
    assert run_query(db, "SELECT value FROM targets WHERE metric = '新开工亿元以上项目'").rows == [(Decimal(35),)]
    # The same text under a second name is not parsed again, and stays while either file names it.
    (folder / "copy.txt").write_text(TONGHE, encoding="utf-8")
    copy = index_paths(["docs"], db, jobs=1)
    assert (copy.indexed, copy.unchanged, copy.measures) == (1, 2, 0)
    assert counts(db)["circulars"] == 2 and counts(db)["sources"] == 3
    (folder / "2025" / "tonghe.txt").write_text(TONGHE.replace("200个", "300个"), encoding="utf-8")
    index_paths(["docs"], db, jobs=1)
    assert counts(db)["circulars"] == 3                 # the old text is still copy.txt's
    assert consistency(db) == []


def test_a_new_sgb_version_reindexes(folder, monkeypatch):
    db = Path("c.duckdb")
    index_paths(["docs"], db, jobs=1)
    from shuangguoban.corpus import index as index_module

    monkeypatch.setattr(index_module, "__version__", "9.9.9")
    again = index_paths(["docs"], db, jobs=1)
    assert (again.indexed, again.unchanged) == (2, 0)
    assert run_query(db, "SELECT DISTINCT sgb_version FROM circulars").rows == [("9.9.9",)]
    assert consistency(db) == []


def test_an_exception_mid_run_leaves_a_consistent_database(folder, monkeypatch):
    for i in range(4):
        (folder / f"extra{i}.txt").write_text(LINCHUAN.replace("30个", f"{40 + i}个"), encoding="utf-8")
    real_write = store.write
    calls = []

    def failing_write(con, results, version):
        calls.append(len(list(results)))
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real_write(con, results, version)

    monkeypatch.setattr(store, "write", failing_write)
    with pytest.raises(RuntimeError):
        index_paths(["docs"], "c.duckdb", jobs=1, flush_every=2)
    partial = counts(Path("c.duckdb"))
    assert 0 < partial["circulars"] < 6
    assert consistency(Path("c.duckdb")) == []
    monkeypatch.setattr(store, "write", real_write)
    done = index_paths(["docs"], "c.duckdb", jobs=1)
    assert done.unchanged == partial["circulars"] and done.indexed == 6 - partial["circulars"]
    index_paths(["docs"], "fresh.duckdb", jobs=1)
    assert counts(Path("c.duckdb")) == counts(Path("fresh.duckdb"))
    assert consistency(Path("c.duckdb")) == []


def test_a_killed_index_is_completed_by_the_next_run(tmp_path):
    corpus = _load_bench_corpus()
    docs = tmp_path / "docs"
    count = 120
    corpus.write_corpus(docs, count=count, seed=7)
    db = tmp_path / "c.duckdb"
    # The child says when each transaction has been written and pauses after it, so the kill lands
    # between its second transaction and its last on a loaded machine too.
    code = textwrap.dedent(f"""
        import time
        from shuangguoban.corpus import index_paths, store
        write = store.write
        def write_then_pause(con, results, version):
            done = write(con, results, version)
            print("written", flush=True)
            time.sleep(0.2)
            return done
        store.write = write_then_pause
        index_paths([{str(docs)!r}], {str(db)!r}, jobs=1, flush_every=3)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], start_new_session=True, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    for _ in range(2):
        assert child.stdout.readline() == "written\n", "the index ended before its second transaction"
    child.send_signal(signal.SIGKILL)   # no clean-up at all
    assert child.wait() == -signal.SIGKILL, "the index finished before it could be killed"
    partial = counts(db)["circulars"]
    assert 0 < partial < count
    assert consistency(db) == []
    done = index_paths([str(docs)], db, jobs=1)
    assert (done.unchanged, done.indexed, done.failures) == (partial, count - partial, [])
    assert counts(db)["circulars"] == count
    assert consistency(db) == []


def test_a_corrupt_circular_among_good_ones(folder):
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["index", "docs", "--db", "c.duckdb"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("sgb: docs/empty.txt: ")
    assert lines[1] == "sgb: docs/scan.txt: a PNG image, not a text circular"
    assert lines[2].startswith("sgb: 4 files: 2 indexed, 0 unchanged, 2 failed, 9 measures in ")
    assert result.stdout == ""
    assert run_query("c.duckdb", "SELECT path, error IS NULL FROM sources ORDER BY path").rows == [
        ("docs/2025/tonghe.txt", True), ("docs/empty.txt", False), ("docs/linchuan.txt", True), ("docs/scan.txt", False)]
    assert consistency(Path("c.duckdb")) == []
    again = runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "-q", "-j", "1"])   # the bad ones are tried again
    assert (again.exit_code, again.stderr.count("\n")) == (1, 2)


# --- the Dask engine -------------------------------------------------------------------------------

def test_dask_engine_on_a_local_cluster(folder):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        summary = index_paths(["docs"], "dask.duckdb", engine="dask", scheduler=address)
        result = runner.invoke(app, ["batch", "docs", "-o", "out", "--engine", "dask", "--scheduler", address, "-q"])
    assert summary.indexed == 2 and summary.failures == []
    index_paths(["docs"], "local.duckdb", jobs=1)
    assert counts(Path("dask.duckdb")) == counts(Path("local.duckdb"))
    assert result.exit_code == 0, result.stderr
    assert json.loads((folder.parent / "out" / "summary.json").read_text(encoding="utf-8"))["parsed"] == 2
    assert json.loads((folder.parent / "out" / "2025" / "tonghe.json").read_text(encoding="utf-8"))["doc_number"] == "桐政〔2025〕3号"


def test_dask_engine_needs_a_scheduler(folder):
    result = runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "--engine", "dask"])
    assert (result.exit_code, result.stderr) == (2, "sgb: --engine dask needs --scheduler ADDRESS\n")


# --- the CLI ---------------------------------------------------------------------------------------

def test_query_formats(folder):
    assert runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "-q"]).exit_code == 0
    sql = "SELECT path, level, due FROM measures WHERE sha256 IN (SELECT sha256 FROM circulars WHERE year = 2025) ORDER BY ordinal"
    csv_out = runner.invoke(app, ["query", "--db", "c.duckdb", sql, "-f", "csv"])
    assert csv_out.stdout == "path,level,due\n1,1,2025-03-31\n2,1,2025-06-30\n3,1,2025-12-31\n"
    assert runner.invoke(app, ["query", "--db", "c.duckdb", sql]).stdout == csv_out.stdout   # csv when not a terminal
    jsonl = runner.invoke(app, ["query", "--db", "c.duckdb", sql, "-f", "jsonl"]).stdout.splitlines()
    assert json.loads(jsonl[0]) == {"path": "1", "level": 1, "due": "2025-03-31"}
    assert json.loads(runner.invoke(app, ["query", "--db", "c.duckdb", sql, "-f", "json"]).stdout)[2]["due"] == "2025-12-31"
    table = runner.invoke(app, ["query", "--db", "c.duckdb", sql, "-f", "table"]).stdout
    assert "2025-06-30" in table and "path" in table and "3 rows" in table and "\x1b[" not in table


def test_due_command(folder):
    runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "-q"])
    result = runner.invoke(app, ["due", "--db", "c.duckdb", "--before", "2025-06-30", "--agency", "发展改革委", "-f", "csv"])
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert rows[0] == "due,agency,role,measure,measure_title,circular,issuer,doc_number,file"
    assert [r.split(",")[:4] for r in rows[1:]] == [
        ["2024-06-30", "市发展改革委", "lead", "一/（一）"], ["2024-12-31", "市发展改革委", "responsible", "二/（二）"],
        ["2025-06-30", "县发展改革委", "responsible", "2"]]
    bad = runner.invoke(app, ["due", "--db", "c.duckdb", "--before", "6月底"])
    assert bad.exit_code == 2


def test_query_errors_are_one_line(folder):
    runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "-q"])
    result = runner.invoke(app, ["query", "--db", "c.duckdb", "SELECT * FROM nowhere"])
    assert result.exit_code == 1 and result.stderr.startswith("sgb: query failed: Catalog Error") and result.stderr.count("\n") == 1
    readonly = runner.invoke(app, ["query", "--db", "c.duckdb", "DELETE FROM circulars"])
    assert readonly.exit_code == 1 and counts(Path("c.duckdb"))["circulars"] == 2
    missing = runner.invoke(app, ["query", "--db", "none.duckdb", "SELECT 1"])
    assert (missing.exit_code, missing.stderr) == (1, "sgb: none.duckdb: no such database (make one with `sgb index … --db none.duckdb`)\n")
    Path("foreign.duckdb").unlink(missing_ok=True)
    con = duckdb.connect("foreign.duckdb")
    con.execute("CREATE TABLE mine (x INTEGER)")
    con.close()
    foreign = runner.invoke(app, ["index", "docs", "--db", "foreign.duckdb"])
    assert foreign.exit_code == 1 and "tables of its own" in foreign.stderr


def test_parquet_export_partitioned_by_year(folder):
    result = runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "--parquet", "pq", "-q"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in Path("pq/measures").iterdir()) == ["year=2024", "year=2025"]
    con = duckdb.connect()
    years = con.execute("SELECT year, count(*) FROM read_parquet('pq/measures/*/*.parquet', hive_partitioning=true) "
                        "GROUP BY year ORDER BY year").fetchall()
    assert years == [(2024, 6), (2025, 3)]
    # a second export replaces the first; a folder that is not an export is refused
    (folder / "linchuan.txt").unlink()
    db = store.connect("c.duckdb")
    export_parquet(db, "pq")
    db.close()
    Path("mine").mkdir()
    (Path("mine") / "notes.txt").write_text("x", encoding="utf-8")
    refused = runner.invoke(app, ["index", "docs", "--db", "c.duckdb", "--parquet", "mine", "-q"])
    assert refused.exit_code == 1 and "not an sgb Parquet export" in refused.stderr
    assert (Path("mine") / "notes.txt").exists()


def test_a_process_pool_gives_the_same_database(folder):
    for i in range(6):
        (folder / f"more{i}.txt").write_text(TONGHE.replace("200个", f"{300 + i}个"), encoding="utf-8")
    pooled = index_paths(["docs"], "pool.duckdb", ParseSettings(), jobs=2)
    index_paths(["docs"], "one.duckdb", jobs=1)
    assert pooled.indexed == 8
    assert counts(Path("pool.duckdb")) == counts(Path("one.duckdb"))
    sql = "SELECT path, measure_path, value FROM targets JOIN sources USING (sha256) ORDER BY ALL"
    assert run_query("pool.duckdb", sql).rows == run_query("one.duckdb", sql).rows
