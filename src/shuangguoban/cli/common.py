"""What every `sgb` command shares: messages and errors, the shared options, the one output function.

stdout carries data only; messages go to stderr, one line each, prefixed `sgb:`. Exit codes: 0 ok,
1 invalid input, a failed validation or warnings under --strict, 2 a usage error. The library
raises SgbError subclasses; `command` maps them (and anything unexpected) to one line and exit 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..batch import ParseSettings
from ..errors import UsageError, ValidationFailure, describe_error, one_line
from ..lazy import compiled

EPILOG = """\b
Exit codes:
  0  success
  1  invalid input, a failed validation, or warnings under --strict
  2  usage error"""


class OutFormat(StrEnum):
    json = "json"
    yaml = "yaml"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"


# --- messages and errors ---------------------------------------------------------------------------

# Characters a terminal acts on: C0/C1 controls (ESC starts colour, title and cursor sequences),
# DEL, bidi overrides (which reorder what is shown) and lone surrogates (a non-UTF-8 file name).
_UNSAFE_CHARS = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = compiled(f"[{_UNSAFE_CHARS}]")
_UNSAFE_WITH_NEWLINE = compiled(f"[{_UNSAFE_CHARS}\n]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: every control character written out as an escape (ESC →
    `\\x1b`), so text from a document or a file name can neither run escape sequences nor break a line."""
    pattern = _UNSAFE() if keep_newlines else _UNSAFE_WITH_NEWLINE()
    return pattern.sub(_escape, text)


def message(text: str) -> None:
    """One line on stderr, prefixed `sgb:`, control characters escaped."""
    sys.stderr.write(f"sgb: {sanitize(text)}\n")
    sys.stderr.flush()


def fail(text: str, code: int = 1) -> None:
    """One line on stderr and a non-zero exit; never a traceback."""
    message(text)
    raise typer.Exit(code)


def plural(n: int, word: str) -> str:
    """`1 file`, `2 files`."""
    return f"{n} {word}{'s' if n != 1 else ''}"


F = TypeVar("F", bound=Callable[..., Any])


def command(func: F) -> F:
    """Map SgbError to `sgb: message` and exit 1; any other exception to `sgb: internal error: …`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, BrokenPipeError):
            raise
        except UsageError as exc:
            fail(describe_error(exc), 2)
        except ValidationFailure as exc:
            for path, problem in exc.problems:
                message(f"{path}: {one_line(problem)}")
            fail(str(exc))
        except Exception as exc:  # the CLI's one catch-all: no traceback ever reaches the user
            fail(describe_error(exc))

    return wrapper  # type: ignore[return-value]


# --- shared options --------------------------------------------------------------------------------

def date_option(value: str | None) -> dt.date | None:
    """An option's YYYY-MM-DD as a date, within the years sgb accepts; else a usage error."""
    if value is None:
        return None
    from ..guards import check_reference_date

    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-05-23") from None
    try:
        check_reference_date(date)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return date


FormatOption = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format: json, yaml, jsonl, csv, xlsx, md or html (a review page).")]
OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE|DIR",
    help="Write here (atomically) instead of stdout. A directory (existing, or ending in /) gets one output per input.")]
ReferenceDateOption = Annotated[str | None, typer.Option(
    "--reference-date", metavar="YYYY-MM-DD", callback=date_option,
    help="Date for relative deadlines when the circular gives none.")]
AgenciesOption = Annotated[Path | None, typer.Option(
    "--agencies", metavar="FILE", help="Your own agency alias table (YAML), added to the built-in one.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No warning summary (or progress bar) on stderr.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 (after writing the output) when any circular has warnings.")]


def parse_settings(reference_date: Any, agencies: Path | None) -> ParseSettings:
    """The settings of --reference-date (already a date, through its callback) and --agencies."""
    return ParseSettings(reference_date, str(agencies) if agencies else None)


# --- the one output function -----------------------------------------------------------------------

def emit(data: str | bytes, output: Path | None) -> None:
    """Data to a file (atomically) or to stdout; bytes go to stdout's binary buffer."""
    if output is not None:
        from ..atomic import write_atomic

        write_atomic(output, data)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def refuse_binary_to_terminal(fmt: OutFormat, output: Path | None) -> None:
    """xlsx bytes on a terminal would garble it: a usage error unless -o or a redirect."""
    if fmt is OutFormat.xlsx and output is None and sys.stdout.isatty():
        fail("refusing to write xlsx to a terminal: give -o FILE or redirect stdout", 2)


def make_console(stream: Any) -> Any:
    """A rich Console on `stream`: colour only on a terminal and only when NO_COLOR is not set."""
    from rich.console import Console

    colour = bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")
    return Console(file=stream, color_system="auto" if colour else None, force_terminal=colour or None,
                   no_color=not colour, highlight=False, emoji=False)
