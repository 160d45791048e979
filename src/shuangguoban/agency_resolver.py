"""Step 3 of reading a clause: each agency's name, official full name and kind.

A `Resolver` names the agencies of one measure in order. An agency written with a level prefix (市科技局,
开封市财政局, 市委组织部) keeps it; a bare stem (财政局) inherits the prefix the nearest agency of its
family was written with (government-side or party). The alias table gives the official stem
(科技局 → 科学技术局), the issuer's places the place (市 → 开封市), and agencies.yaml the kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from .agency_aliases import AliasEntry, AliasTable
from .agency_lexicon import Lexicon, kind_of, own_scope
from .agency_names import ISSPACE, han_run, place_end, trailing_group
from .central_agencies import central_body
from .models import AgencyKind
from .text import DocText, normalise

__all__ = ["Named", "Resolver"]


class Named(NamedTuple):
    """An agency's name as it is reported (with an inherited prefix), its official full name and kind."""

    name: str
    full_name: str | None
    kind: AgencyKind


class Resolver:
    """Names the agencies of one measure in order; the prefix state carries across its pieces."""

    def __init__(
        self,
        doc: DocText,
        lex: Lexicon,
        aliases: AliasTable,
        places: Mapping[str, str],
        gov_prefix: str | None = None,
        party_prefix: str | None = None,
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.aliases = aliases
        self.places = places
        self.gov_prefix = gov_prefix  # raw prefix of the nearest government-side agency: 市, 开封市, 省
        self.party_prefix = party_prefix  # raw prefix of the nearest party organ: 市委, 中共开封市委

    def name(self, start: int, end: int) -> Named:
        norm = self.doc.norm[start:end]
        if ISSPACE.search(norm) is None:
            raw = self.doc.raw[start:end]
        else:
            keep = [i for i in range(start, end) if not self.doc.norm[i].isspace()]
            norm = "".join(self.doc.norm[i] for i in keep)
            raw = "".join(self.doc.raw[i] for i in keep)
        central = central_body(norm)
        if central is not None:  # 财政部, 国家发展改革委: as written, neither given nor lending a prefix
            return Named(raw, central[0], central[1])
        if own_scope(norm):
            kind = self._kind(norm, None)
            return Named(raw, self._own_full(norm, kind), kind)
        cut = trailing_group(norm)
        if cut:  # 市委宣传部(市新闻出版局): the head is the agency, the tail its second name
            head = self._named(norm[:cut], raw[:cut])
            return Named(head.name + raw[cut:], head.full_name, head.kind)
        return self._named(norm, raw)

    def _named(self, norm: str, raw: str) -> Named:
        lex = self.lex
        if norm.endswith(lex.party_stems):
            for stem in lex.party_stems:
                if norm.endswith(stem):
                    return self._party(norm, raw, len(norm) - len(stem))
        cut, entry = self._stem(norm)
        prefix_norm = norm[:cut]
        if cut:
            name = raw
            kind = self._kind(norm, entry)
            if kind in ("department", "agency"):
                self.gov_prefix = raw[:cut]
        else:
            lent = self.gov_prefix
            if lent is None and self.party_prefix is not None:
                lent = self._level_of_party(self.party_prefix)  # 市委组织部、商务局 → 市商务局, never 市委
            name = (lent or "") + raw
            prefix_norm = normalise(lent or "")
            kind = self._kind(prefix_norm + norm, entry)
        full = self._gov_full(prefix_norm, entry) if entry is not None else None
        return Named(name, full, kind)

    # -- pieces of the above

    def _stem(self, norm: str) -> tuple[int, AliasEntry | None]:
        """Where the stem starts (0: a bare stem) and its alias entry, if known."""
        stems = self.aliases.stems
        size = len(norm)
        for n in self.aliases.stem_lengths:
            if n > size:
                continue
            entry = stems.get(norm[-n:])
            if entry is not None and self._is_prefix(norm[:-n]):
                return size - n, entry
        if norm.startswith(self.lex.not_prefixes):
            return 0, None
        for place in sorted(self.places.values(), key=len, reverse=True):
            if norm.startswith(place) and len(norm) > len(place) + 1:
                return len(place), None
        # A full place (鹭丘市营商环境中心) never starts with a one-character level word.
        end = -1 if norm[:1] in self.lex.levels else place_end(norm, 0, 2, 3, self.lex.place_levels)
        if end >= 0 and len(norm) - end >= 2:
            return end, None
        for level in self.lex.levels:
            if norm.startswith(level) and len(norm) - len(level) >= 2:
                return len(level), None
        return 0, None

    def _is_prefix(self, prefix: str) -> bool:
        if not prefix or prefix in self.lex.levels or prefix in self.places.values():
            return True
        return (
            len(prefix) <= 10
            and han_run().fullmatch(prefix) is not None
            and prefix.endswith(self.lex.levels)
            and not prefix.endswith("委")
        )

    def _party(self, norm: str, raw: str, cut: int) -> Named:
        entry = self.aliases.stems.get(norm[cut:])
        if cut:
            prefix_norm, name = norm[:cut], raw
            if prefix_norm.endswith("委"):
                self.party_prefix = raw[:cut]
        else:
            lent = self.party_prefix
            if lent is None and self.gov_prefix is not None:
                lent = self.gov_prefix + "委"  # a bare 组织部 in a city clause: 市委组织部
            name = (lent or "") + raw
            prefix_norm = normalise(lent or "")
        kind = self._kind(prefix_norm + norm[cut:], entry)
        full = None
        if entry is not None and prefix_norm:
            base = prefix_norm.removeprefix("中共").removesuffix("委")
            place = self.places.get(base) if base in self.lex.levels else base
            full = f"中共{place}委{entry.full}" if place else f"{prefix_norm}{entry.full}"
        return Named(name, full, kind)

    def _level_of_party(self, party_prefix: str) -> str | None:
        base = party_prefix.removeprefix("中共").removesuffix("委")
        return base or None

    def _gov_full(self, prefix_norm: str, entry: AliasEntry) -> str | None:
        if not prefix_norm:
            return None
        place = self.places.get(prefix_norm, prefix_norm) if prefix_norm in self.lex.levels else prefix_norm
        return place + entry.full

    def _own_full(self, norm: str, kind: AgencyKind) -> str | None:
        for short, full in self.aliases.prefixes:
            if norm.startswith(short) and not norm.startswith(full):
                return full + norm[len(short) :]
        if kind in ("government", "agency") and not norm.startswith("各"):
            return norm
        return None

    def _kind(self, norm: str, entry: AliasEntry | None) -> AgencyKind:
        if entry is None:
            return kind_of(norm, False, None)
        return kind_of(norm, True, entry.kind)
