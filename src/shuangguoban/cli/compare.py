"""`sgb align` and `sgb diff`: two circulars side by side, built as one kind of command.

Both take two inputs (text, page, document, or JSON/YAML from `sgb parse`), --format, -o,
--reference-date and --agencies; `_two_circulars` writes that signature once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..batch import ParseSettings, aliases_for
from . import common
from .common import AgenciesOption, OutFormat, ReferenceDateOption, command, emit, fail, parse_settings

if TYPE_CHECKING:
    from ..models import Circular


class CompareFormat(StrEnum):
    json = "json"
    md = "md"
    xlsx = "xlsx"


class DiffFormat(StrEnum):
    json = "json"
    md = "md"


CompareOutputOption = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout.")]


def _load_side(path: str, settings: ParseSettings) -> Circular:
    from ..crossdoc_io import load_document

    return load_document(path, reference_date=settings.reference_date, aliases=aliases_for(settings.agencies))


def _two_circulars(
    first: tuple[str, str, str],
    second: tuple[str, str, str],
    formats: type[StrEnum],
    format_help: str,
    write: Callable[[Circular, Circular, Any], str | bytes],
) -> Callable[..., None]:
    """A command over two circulars: `first` and `second` are (parameter name, metavar, help) of its
    two inputs; `write(a, b, fmt)` makes the output in one of `formats` (the first is the default)."""

    def run(**params: Any) -> None:
        a, b = params[first[0]], params[second[0]]
        fmt, output = params["fmt"], params["output"]
        if a == "-" and b == "-":
            fail("stdin (-) can be read only once", 2)
        if fmt.value == OutFormat.xlsx:
            common.refuse_binary_to_terminal(OutFormat(fmt.value), output)
        settings = parse_settings(params["reference_date"], params["agencies"])
        emit(write(_load_side(a, settings), _load_side(b, settings), fmt), output)

    def parameter(name: str, annotation: Any, default: Any = inspect.Parameter.empty) -> inspect.Parameter:
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)

    run.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        *(parameter(name, Annotated[str, typer.Argument(metavar=metavar, help=text)]) for name, metavar, text in (first, second)),
        parameter("fmt", Annotated[formats, typer.Option("--format", "-f", help=format_help)], next(iter(formats))),
        parameter("output", CompareOutputOption, None),
        parameter("reference_date", ReferenceDateOption, None),
        parameter("agencies", AgenciesOption, None),
    ])
    return command(run)


def _alignment(upper: Circular, lower: Circular, fmt: CompareFormat) -> str | bytes:
    from ..align import align
    from ..crossdoc_io import alignment_markdown, alignment_xlsx, to_json

    result = align(upper, lower)
    return (to_json(result) if fmt is CompareFormat.json else
            alignment_markdown(result) if fmt is CompareFormat.md else alignment_xlsx(result))


def _diff(old: Circular, new: Circular, fmt: DiffFormat) -> str:
    from ..crossdoc_io import diff_markdown, to_json
    from ..diff import diff

    result = diff(old, new)
    return to_json(result) if fmt is DiffFormat.json else diff_markdown(result)


align = _two_circulars(
    ("upper", "UPPER", "The upper-level circular (e.g. the province's): text, page, document, or JSON/YAML from `sgb parse`."),
    ("lower", "LOWER", "The lower-level circular implementing it (e.g. the city's)."),
    CompareFormat, "Output format: json, md or xlsx (one row per pair).", _alignment)
align.__name__ = "align"
align.__doc__ = """Align a lower-level circular with the upper-level one it implements, measure by measure.

    For each pair: similarity, targets by metric (raised/lowered/equal), deadlines (earlier/later),
    agencies across levels; a summary with the uptake rate (承接率). xlsx: one row per pair.
    """

diff = _two_circulars(
    ("old", "OLD", "The earlier version: text, page, document, or JSON/YAML from `sgb parse`."),
    ("new", "NEW", "The later version."),
    DiffFormat, "Output format: json or md.", _diff)
diff.__name__ = "diff"
diff.__doc__ = """Compare two versions of one circular: measures added, removed, moved and changed.

    Measures are matched by content, not number. For a changed one: targets, deadlines, agencies,
    modal words (确保 → 力争) and a character diff of its text.
    """
