"""The one way sgb makes a pattern or a table when it is first needed, not at import.

A `sgb parse` process should pay only for what its text uses: most circulars never need a goal table
or a lunar date, so their patterns are not compiled. Two forms, one mechanism (`functools.cache`):

    _NOTE = compiled(r"不再(?:一一|逐项)?列出")          # a literal pattern: _NOTE().search(text)
    @once
    def _patterns() -> Patterns: ...                    # patterns built from rule tables
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

__all__ = ["compiled", "once"]

T = TypeVar("T")


def once(build: Callable[[], T]) -> Callable[[], T]:
    """`build()` run on the first call only; later calls return the same object."""
    return cache(build)


def compiled(pattern: str, flags: int = 0, *, engine: Any = re) -> Callable[[], Any]:
    """A function returning `pattern` compiled (by `re`, or by `regex` with engine=regex) on first call."""
    return once(lambda: engine.compile(pattern, flags))
