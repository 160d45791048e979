"""`sgb validate`: structured files checked against the models."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import SgbError, one_line
from .common import command, fail, message, plural, sanitize


@command
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILE", help="JSON or YAML files written by `sgb parse`, or - for stdin.")],
) -> None:
    """Check structured files against the models: schema version, types, spans and invariants.

    Each problem is printed on stdout as `FILE: JSON-PATH: message`. Exit 1 if there is any.
    """
    from ..validate import validate_file

    invalid = 0
    for path in files:
        try:
            problems = validate_file(path)
        except SgbError as exc:
            message(one_line(str(exc)))
            invalid += 1
            continue
        for where, problem in problems:
            sys.stdout.write(f"{sanitize(path)}: {where}: {sanitize(one_line(problem))}\n")
        invalid += bool(problems)
    sys.stdout.flush()
    n = len(files)
    if invalid:
        fail(f"{invalid} of {plural(n, 'file')} invalid")
    message(f"{plural(n, 'file')} valid")
