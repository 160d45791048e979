"""Length-preserving normalisation: one view of the text that the rules match against.

The document is never NFKC-ed: that would turn `㈠` into `(一)` and shift every offset. Instead each
character is mapped to at most one character, so an offset in the normalised text is the same offset
in the original. Full-width ASCII becomes half-width, odd spaces become a space, CR becomes LF, and
traditional characters become simplified ones, so one set of rules serves every script.
"""

from __future__ import annotations

from typing import NamedTuple, cast

from .lazy import once
from .rules import load_pairs

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff\t"


class _Table(dict[int, "str | int"]):
    """The character mapping, remembering the characters it leaves alone.

    str.translate looks every character up; a character the table lacks is looked up as a miss (a
    KeyError inside translate). Remembered, such a character is a plain hit the next time. Bounded:
    past _TABLE_LIMIT entries characters are passed through unrecorded.
    """

    def __missing__(self, code: int) -> int:
        if len(self) < _TABLE_LIMIT:
            self[code] = code
        return code


_TABLE_LIMIT = 40_000   # the shipped mappings (~4,800) and the ~20,000 CJK characters in common use


@once
def _table() -> _Table:
    pairs = cast("dict[str, str | int]", load_pairs("t2s.txt"))      # (maketrans takes str | int values)
    table = _Table(str.maketrans(pairs))                             # traditional → simplified, then
    table.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})  # ！..～ → !..~ over any pair
    table.update(dict.fromkeys(map(ord, _SPACES), " "))
    table[ord("\r")] = "\n"
    table[ord("\u3001")] = "、"
    return table


def normalise(raw: str) -> str:
    """The matching view of `raw`: same length, same offsets."""
    return raw.translate(_table())


class DocText(NamedTuple):
    """The decoded source (`raw`, what spans index and surfaces quote) beside its matching view."""

    raw: str
    norm: str

    @classmethod
    def of(cls, raw: str) -> DocText:
        return cls(raw, normalise(raw))

    def __len__(self) -> int:
        return len(self.raw)
