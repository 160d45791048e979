"""A corpus of circulars in DuckDB: `sgb index`, `sgb query`, `sgb due`, and a Parquet export.

    from shuangguoban.corpus import index_paths, run_query
    index_paths(["data/raw"], "corpus.duckdb")
    run_query("corpus.duckdb", "SELECT * FROM due LIMIT 5").records()

Tables: circulars, measures, agencies, targets, incentives, deadlines, warnings (see `rows.TABLES`),
and `sources` (what file was indexed with which sha256). Views: tasks, due, targets_by_metric,
incentives_by_issuer (views.sql).
"""

from __future__ import annotations

from .export import export_parquet
from .index import IndexSummary, index_paths
from .query import Result, due_tasks, run_query

__all__ = ["IndexSummary", "Result", "due_tasks", "export_parquet", "index_paths", "run_query"]
