"""Small context patterns written for `regex` and compiled by `re`, for targets and their metrics.

The context patterns of a target (a comparator word before the number, a status word, a metric's
trailing words) are tried on a few dozen characters around every candidate quantity, where `re` is
the quicker engine. They use none of `regex`'s extensions; the one spelling the two engines read
differently here is the space class `\\s` (`re`'s also matches \\x1c-\\x1f, as str.isspace does), so it
is rewritten to `regex`'s set of spaces before `re` compiles the pattern. Every source is kept in
SOURCES for the test that checks `re` and `regex` agree on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lazy import once

__all__ = ["SOURCES", "compile_context", "context", "respaced"]

# `regex`'s \s (Unicode White_Space) spelled out for `re`, inside a character class.
_WS = r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# The same set outside a class: `re`'s \s without \x1c-\x1f (a class with no character above U+00FF).
_WS_ALONE = r"[^\S\x1c-\x1f]"

SOURCES: list[tuple[str, int]] = []   # every (pattern, flags) given to `context` or `compile_context`


def context(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning `pattern` compiled by `respaced`, on first call (see lazy.once)."""
    SOURCES.append((pattern, flags))
    return once(lambda: respaced(pattern, flags))


def compile_context(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled by `respaced` now: for the builders of rule tables, themselves run once."""
    SOURCES.append((pattern, flags))
    return respaced(pattern, flags)


def respaced(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled with `re`, its \\s read as `regex` reads it."""
    if "\\s" not in pattern:
        return re.compile(pattern, flags)               # nothing to rewrite
    out: list[str] = []
    i, in_class, n = 0, False, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            pair = pattern[i : i + 2]
            out.append((_WS if in_class else _WS_ALONE) if pair == "\\s" else pair)
            i += 2
            continue
        if not in_class and c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):      # a ] right after [ or [^ is a literal
                out.append("]")
                i += 1
            continue
        if in_class and c == "]":
            in_class = False
        out.append(c)
        i += 1
    return re.compile("".join(out), flags)
