"""The library's one-call entry for files: load a path or bytes, then parse (`load_circular`).

It sits above both stages it joins: `loader` (bytes → text) knows nothing of parsing, and the pure
`pipeline` (text → Circular) does no I/O.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .guards import check_parse_arguments
from .loader import load_bytes, load_path
from .models import Circular
from .pipeline import parse_circular

__all__ = ["load_circular"]


def load_circular(
    path_or_bytes: str | Path | bytes,
    *,
    fmt: str | None = None,
    reference_date: dt.date | None = None,
    aliases=None,
) -> Circular:
    """Read a file (or bytes) and parse it: the library's one-call entry point for files."""
    if isinstance(path_or_bytes, (bytearray, memoryview)):
        path_or_bytes = bytes(path_or_bytes)
    if not isinstance(path_or_bytes, (str, Path, bytes)):
        raise TypeError(f"load_circular() takes a path (str or Path) or bytes, not {type(path_or_bytes).__name__}")
    check_parse_arguments("", reference_date)
    loaded = load_bytes(path_or_bytes, "<bytes>", fmt) if isinstance(path_or_bytes, bytes) else load_path(path_or_bytes, fmt)
    circular = parse_circular(loaded.text, reference_date=reference_date, aliases=aliases, source=loaded.source)
    if loaded.warnings:
        circular = circular.model_copy(update={"warnings": [*loaded.warnings, *circular.warnings]})
    return circular
