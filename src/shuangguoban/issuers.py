"""Joint issuers: a circular signed by several bodies, in signing order.

Portals print them separated by spaces or 、 (`A市发展和改革委员会 中共A市委社会工作部`), and title lines
run them together (`A市商务局A市财政局关于…`). `split_issuers` cuts such a string into its bodies; a
single issuer comes back alone, as written.
"""

from __future__ import annotations

import re

from .agency_lexicon import lexicon
from .agency_names import places_of_issuer
from .central_agencies import central_body
from .text import normalise

__all__ = ["split_issuers"]

_SEPARATORS = re.compile(r"[ \t\u3000、,，;；]+")


def _is_body(name: str) -> bool:
    return len(name) >= 3 and (name.endswith(lexicon().issuer_ends) or central_body(normalise(name)) is not None)


def _signs_alone(name: str) -> bool:
    """A body that can sign on its own: it names its place (or is central). 办公室 alone cannot."""
    if central_body(normalise(name)) is not None or name.startswith(("中共", "国家", "中国", "国务院")):
        return True
    return _is_body(name) and bool(places_of_issuer(name))


def _run_together(name: str) -> list[str]:
    """Bodies written one after the other: cut before the place the first one starts with (or 中共)
    wherever the text before the cut is a whole body: 南屿市科学技术局南屿市财政局 → 南屿市科学技术局, 南屿市财政局."""
    places = places_of_issuer(name)
    first_place = min(places.values(), key=name.find) if places else None
    starts = tuple(w for w in (first_place, "中共") if w)
    cuts = [0]
    for i in range(3, len(name) - 2):
        if name.startswith(starts, i) and _is_body(name[cuts[-1] : i]):
            cuts.append(i)
    return [name[a:b] for a, b in zip(cuts, [*cuts[1:], len(name)], strict=True)]


def split_issuers(issuer: str | None) -> list[str]:
    """The bodies of an issuer string in signing order (one, as written, when it names one)."""
    if not issuer or not issuer.strip():
        return []
    whole = issuer.strip()
    pieces = [p for p in _SEPARATORS.split(whole) if p]
    named = [p for p in pieces if _is_body(p)]  # a stray label (标题:) is no body: left out
    if not named or len(named) < len(pieces) - 1 or not all(_signs_alone(p) for p in named):
        return [whole]  # one name, letter-spaced or broken by a space (…人民政府 办公室): as written
    out = [body for piece in named for body in _run_together(piece)]
    return out if all(_signs_alone(b) for b in out) else [whole]
