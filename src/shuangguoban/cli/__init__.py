"""The `sgb` command: a thin layer over the library. The only package that imports typer or rich.

`typer_app` builds the Typer app and runs it; the commands live by what they work on: `documents`
(parse, schema, show), `validate`, `corpus` (batch, index, query, due) and `compare` (align, diff);
`common` holds the messages, the shared options and the one output function. `sgb COMMAND …`
imports and builds only that command's module; `app` (help, tests) has them all.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from ..guards import collection_paused


def main() -> None:
    """The `sgb` entry point.

    Start-up (typer, and the command's module with the pipeline it imports) runs with the cyclic
    collector paused: the objects imports make live as long as the process, so the collector's
    passes over them free nothing. The process is the CLI's own; each parse pauses it again, and
    between parses it runs as usual.
    """
    with collection_paused():
        from .typer_app import app_for, run

        app = app_for(sys.argv[1:])
        gc.freeze()
    run(app)


def __getattr__(name: str) -> Any:
    """`app`, the full app, built when first asked for."""
    if name == "app":
        from .typer_app import full_app

        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
