"""The `sgb` command: a thin layer over the library. The only module that imports typer or rich.

stdout carries data only; messages go to stderr. Exit codes: 0 ok, 1 invalid input or a failed
validation, 2 a usage error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import SgbError

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Turn Chinese government policy circulars into structured, validated data.",
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    json = "json"
    yaml = "yaml"


def fail(message: str, code: int = 1) -> None:
    """One line on stderr and a non-zero exit; never a traceback."""
    sys.stderr.write(f"sgb: {message}\n")
    raise typer.Exit(code)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write next to the target and rename over it, so an interrupted write leaves the old file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sgb {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """sgb: circulars (通知, 若干措施, 工作要点, 实施方案) → measures, agencies, targets, deadlines."""


@app.command()
def parse(
    file: Annotated[str, typer.Argument(help="A circular (.txt, .html, .docx, .pdf), or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    reference_date: Annotated[str | None, typer.Option(help="Date for relative deadlines when the circular has none (YYYY-MM-DD).")] = None,
) -> None:
    """Parse one circular and print it as structured data."""
    from .loader import load_circular
    from .writers import to_json, to_yaml

    ref = None
    if reference_date:
        try:
            ref = dt.date.fromisoformat(reference_date)
        except ValueError:
            fail(f"--reference-date {reference_date!r} is not a date like 2024-05-23", 2)
    try:
        circular = load_circular(file, reference_date=ref)
        text = to_json(circular) if fmt is Format.json else to_yaml(circular)
        if output:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
    except SgbError as exc:
        fail(str(exc))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output, generated from the models."""
    import json

    from .models import Circular

    sys.stdout.write(json.dumps(Circular.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("sgb: interrupted\n")
        sys.exit(130)
