"""`sgb parse`, `sgb show` and `sgb schema`: one circular (or a few) in, its structured data out."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import reading  # noqa: F401  # the pipeline, imported at start-up (cli.main pauses the collector then)
from ..batch import load_any
from ..writers import output_name, render
from .common import (
    AgenciesOption,
    FormatOption,
    OutFormat,
    OutputOption,
    QuietOption,
    ReferenceDateOption,
    StrictOption,
    command,
    emit,
    fail,
    make_console,
    message,
    parse_settings,
    plural,
    refuse_binary_to_terminal,
    sanitize,
)

if TYPE_CHECKING:
    from ..models import Circular


@command
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
    if files.count("-") > 1:
        fail("stdin (-) can be read only once", 2)
    per_input = _is_dir_target(output)
    target = Path(output) if output else None
    refuse_binary_to_terminal(fmt, target)
    if per_input:
        assert target is not None
        _refuse_clashing_names(files, target, fmt.value)
    if target is not None:
        outputs = [target / output_name(f, fmt.value) for f in files] if per_input else [target]
        _refuse_overwriting_inputs(files, outputs)
    settings = parse_settings(reference_date, agencies)
    circulars = [load_any(f, settings) for f in files]
    if per_input:
        from ..atomic import make_dirs

        assert target is not None
        make_dirs(target)
        for f, circular in zip(files, circulars, strict=True):
            emit(render([circular], fmt.value), target / output_name(f, fmt.value))
    else:
        emit(render(circulars, fmt.value), target)
    _report_warnings(circulars, strict=strict, quiet=quiet)


def _is_dir_target(output: str | None) -> bool:
    """An existing directory, or a path written with a trailing slash (Path() would drop it)."""
    return output is not None and (Path(output).is_dir() or output.endswith(("/", os.sep)))


def _refuse_clashing_names(files: Sequence[str], target: Path, fmt: str) -> None:
    """One output per input in the directory `target`: two inputs of the same name are a usage error."""
    names = [output_name(f, fmt) for f in files]
    clash = next((n for n, k in Counter(names).items() if k > 1), None)
    if clash:
        fail(f"two inputs would both be written to {target / clash}; give them separately", 2)


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


def _warning_summary(circular: Circular) -> str:
    counts = Counter(w.code for w in circular.warnings)
    codes = ", ".join(code if k == 1 else f"{code} ×{k}" for code, k in counts.items())
    return f"warning: {circular.source.path}: {plural(len(circular.warnings), 'warning')} ({codes})"


def _report_warnings(circulars: Sequence[Circular], *, strict: bool, quiet: bool) -> None:
    warned = [c for c in circulars if c.warnings]
    if not quiet:
        for circular in warned:
            message(_warning_summary(circular))
    if strict and warned:
        total = sum(len(c.warnings) for c in warned)
        fail(f"--strict: {plural(total, 'warning')} in {plural(len(warned), 'file')}")


# --- sgb schema ------------------------------------------------------------------------------------

class SchemaKind(StrEnum):
    circular = "circular"
    alignment = "alignment"
    diff = "diff"


@command
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Whose schema: circular (sgb parse), alignment (sgb align) or diff (sgb diff).")] = SchemaKind.circular,
) -> None:
    """Print the JSON Schema of the output, generated from the models."""
    import json

    from ..validate import json_schema

    if kind is SchemaKind.circular:
        model: Any = None
    else:
        from .. import crossdoc_models

        model = crossdoc_models.Alignment if kind is SchemaKind.alignment else crossdoc_models.Diff
    data = json_schema() if model is None else json_schema(model)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- sgb show --------------------------------------------------------------------------------------

ROLE_STYLES = {"lead": ("牵头", "bold red"), "responsible": ("", "green"), "support": ("配合", "cyan")}


@command
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
    if Path(file).suffix.lower() in (".json", ".yaml", ".yml"):
        from ..validate import load_structured

        circular = load_structured(file)
    else:
        circular = load_any(file, parse_settings(reference_date, agencies))
    if output is not None and not html:
        fail("-o is for --html; without it show prints to the terminal", 2)
    if html:
        emit(render([circular], "html"), output)
        return
    _print_table(circular)


def _safe(text: str) -> str:
    """The document's own text, and its file name, may hold escape sequences."""
    return sanitize(text, keep_newlines=True)


def _print_table(circular: Circular) -> None:
    """The measures as a rich table on stdout, a legend of the agency roles, and the warnings."""
    from rich.table import Table
    from rich.text import Text

    from ..ledger import describe_deadline, describe_target
    from ..models import walk

    console = make_console(sys.stdout)
    meta = " · ".join(str(x) for x in (circular.issuer, circular.doc_number, circular.date) if x)
    table = Table(title=_safe(circular.title or circular.source.path), caption=_safe(meta) or None, show_lines=True)
    for name in ("路径", "措施", "责任单位", "量化指标", "完成时限"):
        table.add_column(name, overflow="fold")
    for measure in walk(circular.measures):
        table.add_row(
            _safe(measure.path),
            _safe(measure.title),
            _agencies_text(measure.agencies, Text),
            _safe("\n".join(describe_target(measure, t) for t in measure.targets)),
            _safe("\n".join(dict.fromkeys(describe_deadline(d) for d in measure.deadlines))),
        )
    console.print(table)
    legend = Text("单位：")
    for role, (word, style) in ROLE_STYLES.items():
        legend.append(f" {word or '负责'}={role}", style=style)
    console.print(legend)
    if circular.warnings:
        console.print(Text(f"{len(circular.warnings)} warnings: " + "，".join(w.code for w in circular.warnings), style="yellow"))


def _agencies_text(agencies: Sequence[Any], text_type: Any) -> Any:
    """A measure's agencies as one rich Text, each coloured by its role, `（牵头）`/`（配合）` after it."""
    text = text_type()
    for i, agency in enumerate(agencies):
        word, style = ROLE_STYLES[agency.role]
        if i:
            text.append("、")
        text.append(_safe(agency.name) + (f"（{word}）" if word else ""), style=style)
    return text
