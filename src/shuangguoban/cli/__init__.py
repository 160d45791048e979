"""The `sgb` command: a thin layer over the library. The only package that imports typer or rich.

This module holds the Typer app, its commands in the order `sgb --help` lists them, and the entry
point. The commands live by what they work on: `documents` (parse, schema, show), `validate`,
`corpus` (batch, index, query, due) and `compare` (align, diff); `common` holds the messages, the
shared options and the one output function. rich, yaml and openpyxl are imported only inside the
code paths that need them.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import SgbError, one_line
from . import compare, corpus, documents, validate
from .common import EPILOG, command, sanitize

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Turn Chinese government policy circulars into structured, validated data.",
    epilog=EPILOG,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no rich import for --help or usage errors
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sgb {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """sgb: circulars (通知, 若干措施, 工作要点, 实施方案) → measures, agencies, targets, deadlines."""


for _function in (documents.parse, validate.validate, documents.schema, documents.show, corpus.batch,
                  corpus.index, corpus.query, corpus.due):
    app.command(epilog=EPILOG)(command(_function))
for _function in (compare.align, compare.diff):   # already wrapped by `command`
    app.command(epilog=EPILOG)(_function)


class _ClosedStdout:
    """Stands in for a closed stdout (`sgb parse x.txt >&-`): writing data there is a one-line error."""

    def write(self, data: Any) -> int:
        raise SgbError("cannot write the output: stdout is closed")

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    @property
    def buffer(self) -> _ClosedStdout:
        return self


def _usage_line(exc: Exception) -> str:
    """A usage error as one line: `Invalid value for '--jobs' … (see sgb batch --help)`."""
    ctx = getattr(exc, "ctx", None)
    command_path = ctx.command_path if ctx is not None else "sgb"
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return sanitize(one_line(f"{text} (see {command_path} --help)"))


def main() -> None:
    """The `sgb` entry point: usage errors as one line (exit 2), Ctrl-C as `interrupted` (130)."""
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()  # type: ignore[assignment]
    try:
        code = app(prog_name="sgb", standalone_mode=False)
    except KeyboardInterrupt:
        sys.stderr.write("sgb: interrupted\n")
        sys.exit(130)
    except typer.Abort:
        sys.stderr.write("sgb: aborted\n")
        sys.exit(1)
    except typer.TyperException as exc:  # click's usage errors and the like
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()        # type: ignore[attr-defined]  # bare `sgb`: the help, as click prints it
        else:
            sys.stderr.write(f"sgb: {_usage_line(exc)}\n")
        sys.exit(getattr(exc, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)
