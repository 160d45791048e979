"""The package's layout holds: imports follow the pipeline's stages, no cycles, small modules.

ARCHITECTURE.md draws the stages; STAGES below is the same order as data. A module may import from
its own stage or a lower one, never a higher one (a lazy import inside a function counts too), so a
newcomer reads the package bottom-up and a change to a writer can never reach back into extraction.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "shuangguoban"
MAX_LINES = 400

# Lowest first. Every module of the package is in exactly one stage.
STAGES: list[tuple[str, set[str]]] = [
    ("base", {"errors", "lazy", "models", "rules", "guards", "__init__"}),   # __init__: the version, lazy names
    ("text", {"text", "lines", "wraps", "numbers", "dates"}),
    ("load", {"loader", "formats"}),
    ("lexicon", {"agency_lexicon", "agency_aliases", "agency_names", "central_agencies", "clause_parts",
                 "clause_grammar", "standing_rules", "issuers", "time_words", "quantities", "context_re"}),
    ("segment", {"tree", "portal_block", "runon", "texttable", "clauses", "segment", "placement"}),
    ("metadata", {"title_lines", "titles", "references", "metadata"}),
    ("extract", {"agency_resolver", "agencies", "heading_clauses",
                 "time_patterns", "time_prefilter", "time_resolve", "time_scan", "sentence_years", "deadlines",
                 "commitments", "target_sentences", "target_metrics", "target_deadlines", "goals", "goal_tables",
                 "incentives", "targets"}),
    ("assemble", {"pipeline", "reading"}),
    ("write", {"yamlio", "writers", "ledger", "spreadsheets", "markdown", "atomic", "review_items", "review",
               "validate"}),
    ("compare and corpus", {"levels", "compare", "align", "diff", "crossdoc_models", "crossdoc_io", "batch",
                            "corpus"}),
    ("cli", {"cli", "__main__"}),
]


@cache
def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _stage_of(module: str) -> int | None:
    for i, (_, names) in enumerate(STAGES):
        if module in names or module.split(".")[0] in names:
            return i
    return None


def _imports(module: str, path: Path) -> list[tuple[str, bool]]:
    """(imported module of the package, imported at the top level?) for each import in `path`; a name
    that is no module (`from . import __version__`) counts as its package. Imports made for type
    checkers only (`if TYPE_CHECKING:`) are not imports at run time and are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            node.body = []
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    found = []
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [target] if node.module else [".".join([*base, a.name]) for a in node.names]
            found += [(_module_of(name), id(node) in top) for name in names]
    return found


def _module_of(name: str) -> str:
    modules = _modules()
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or "__init__"


def test_every_module_has_a_stage():
    missing = [m for m in _modules() if m != "__main__" and _stage_of(m) is None]
    assert not missing, f"modules in no stage of STAGES (add them, and to ARCHITECTURE.md): {missing}"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_follow_the_stages(module):
    own = _stage_of(module)
    if own is None:
        return
    for target, _ in _imports(module, _modules()[module]):
        stage = _stage_of(target)
        assert stage is not None and stage <= own, (
            f"{module} ({STAGES[own][0]}) imports {target} ({STAGES[stage][0] if stage is not None else '?'})")


def test_no_import_cycles_at_the_top_level():
    modules = _modules()
    graph = {m: {t for t, top in _imports(m, p) if top and t in modules and t != m} for m, p in modules.items()}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for t in graph[m]:
            if state.get(t) == 1:
                pytest.fail("import cycle: " + " → ".join([*trail[trail.index(t):], t]))
            if t not in state:
                visit(t, [*trail, t])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [m])


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_are_small(module):
    lines = len(_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines (at most {MAX_LINES}: cut it along what it does)"
