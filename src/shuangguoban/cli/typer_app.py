"""The Typer app of the `sgb` command, and how `main` runs it (usage errors as one line, Ctrl-C).

The commands live by what they work on:
`documents` (parse, schema, show), `validate`, `corpus` (batch, index, query, due) and `compare`
(align, diff); `common` holds the messages, the shared options and the one output function. `sgb
COMMAND …` imports and builds only that command's module; `app` (help, tests) has them all. rich,
yaml and openpyxl are imported only inside the code paths that need them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from importlib import import_module
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import SgbError, one_line
from ..lazy import once
from .common import EPILOG, sanitize

# Every command, in the order `sgb --help` lists them: its name → (module, function).
COMMANDS = {
    "parse": ("documents", "parse"),
    "validate": ("validate", "validate"),
    "schema": ("documents", "schema"),
    "show": ("documents", "show"),
    "batch": ("corpus", "batch"),
    "index": ("corpus", "index"),
    "query": ("corpus", "query"),
    "due": ("corpus", "due"),
    "align": ("compare", "align"),
    "diff": ("compare", "diff"),
}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sgb {__version__}\n")
        raise typer.Exit(0)


def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """sgb: circulars (通知, 若干措施, 工作要点, 实施方案) → measures, agencies, targets, deadlines."""


def build_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The Typer app with the commands `names` (all of them by default), its options and callback."""
    built = typer.Typer(
        add_completion=True,
        no_args_is_help=True,
        help="Turn Chinese government policy circulars into structured, validated data.",
        epilog=EPILOG,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain click help: no rich import for --help or usage errors
    )
    built.callback()(main_callback)
    for name in names:
        module, function = COMMANDS[name]
        built.command(epilog=EPILOG)(getattr(import_module(f".{module}", __package__), function))
    return built


def app_for(args: list[str]) -> typer.Typer:
    """What `main` runs: for `sgb COMMAND …` an app of that command alone (its group keeps the
    callback, so it stays a subcommand); for help, --version, a typo or shell completion, all."""
    if args and args[0] in COMMANDS and "_SGB_COMPLETE" not in os.environ:
        return build_app([args[0]])
    return full_app()


@once
def full_app() -> typer.Typer:
    return build_app()


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


def run(app: typer.Typer) -> None:
    """Run `app` on the command line: usage errors as one line (exit 2), Ctrl-C as `interrupted` (130)."""
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
