"""The agency alias table: short stems a circular writes (科技局) → official stems (科学技术局) and kinds.

The shipped table is rules/agency_aliases.yaml (`shipped_aliases`); a user table (`sgb parse --agencies
FILE`, `load_aliases`) has the same shape and is merged over it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from .agency_lexicon import KINDS
from .errors import RuleError
from .lazy import once
from .models import AgencyKind
from .rules import load_rules, load_yaml_text
from .text import normalise

__all__ = ["AliasEntry", "AliasTable", "load_aliases", "shipped_aliases"]


class AliasEntry(NamedTuple):
    """The official stem of a short stem (科技局 → 科学技术局) and, where it is not a department, its kind."""

    full: str
    kind: AgencyKind | None = None


class AliasTable(NamedTuple):
    """Stems (normalised) → official stems, and abbreviations at the start of an own-scope name (人行).

    Build one with `AliasTable.of(stems, name_prefixes)`: the other fields are derived from those two.
    """

    stems: Mapping[str, AliasEntry]
    name_prefixes: Mapping[str, str]
    # The lengths of the stems (≥ 2), longest first, for suffix lookups.
    stem_lengths: tuple[int, ...]
    # The name prefixes, longest first.
    prefixes: tuple[tuple[str, str], ...]
    # chunk text → its parts (relative offsets); see `clause_parts.relative_parts`. Bounded: cleared when
    # it grows too big.
    memo: dict[str, tuple[tuple[int, int, bool], ...]]

    @classmethod
    def of(cls, stems: Mapping[str, AliasEntry], name_prefixes: Mapping[str, str]) -> AliasTable:
        return cls(
            stems,
            name_prefixes,
            tuple(sorted({len(k) for k in stems if len(k) >= 2}, reverse=True)),
            tuple(sorted(name_prefixes.items(), key=lambda kv: -len(kv[0]))),
            {},
        )

    def merged(self, over: AliasTable) -> AliasTable:
        """This table with the entries of `over` replacing or adding to its own."""
        return AliasTable.of(
            MappingProxyType({**self.stems, **over.stems}),
            MappingProxyType({**self.name_prefixes, **over.name_prefixes}),
        )

    def longest_stem(self) -> int:
        return max((len(k) for k in self.stems), default=0)


def _alias_entry(key: Any, value: Any, where: str) -> AliasEntry:
    """The entry of one alias: a name, or {full: …, kind: …}; RuleError with a one-line message."""
    if not isinstance(key, str) or not key.strip():
        raise RuleError(f"{where}: alias key {key!r} is not a name")
    if isinstance(value, str) and value.strip():
        return AliasEntry(value.strip())
    if not isinstance(value, dict):
        raise RuleError(f"{where}: alias {key!r} must map to a name or to {{full: …, kind: …}}")
    extra = sorted(str(k) for k in value if k not in ("full", "kind"))
    full, kind = value.get("full"), value.get("kind")
    if extra:
        raise RuleError(f"{where}: alias {key!r} has unknown field {extra[0]!r} (expected full, kind)")
    if not isinstance(full, str) or not full.strip():
        raise RuleError(f"{where}: alias {key!r} needs a 'full' name")
    if kind is not None and kind not in KINDS:
        raise RuleError(f"{where}: alias {key!r} has kind {kind!r}, not one of {', '.join(sorted(KINDS))}")
    return AliasEntry(full.strip(), kind)


def _alias_table(data: Any, where: str) -> AliasTable:
    """Check the parsed YAML of an alias file and build its table; RuleError with a one-line message."""
    if not isinstance(data, dict):
        raise RuleError(f"{where}: expected a mapping with an 'aliases' table")
    unknown = sorted(str(k) for k in data if k not in ("aliases", "name_prefixes"))
    if unknown:
        raise RuleError(f"{where}: unknown key {unknown[0]!r} (expected 'aliases' and optionally 'name_prefixes')")
    aliases = data.get("aliases") or {}
    prefixes = data.get("name_prefixes") or {}
    if not isinstance(aliases, dict):
        raise RuleError(f"{where}: expected a mapping under 'aliases'")
    if not isinstance(prefixes, dict):
        raise RuleError(f"{where}: expected a mapping under 'name_prefixes'")
    stems: dict[str, AliasEntry] = {}
    for key, value in aliases.items():
        entry = _alias_entry(key, value, where)
        stems[normalise(key.strip())] = entry
    name_prefixes: dict[str, str] = {}
    for key, value in prefixes.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(value, str) or not value.strip():
            raise RuleError(f"{where}: name prefix {key!r} must map a name to a name")
        name_prefixes[normalise(key.strip())] = value.strip()
    return AliasTable.of(MappingProxyType(stems), MappingProxyType(name_prefixes))


@once
def shipped_aliases() -> AliasTable:
    """The alias table shipped in rules/agency_aliases.yaml."""
    return _alias_table(load_rules("agency_aliases.yaml"), "agency_aliases.yaml")


def load_aliases(source: str | os.PathLike[str], *, where: str | None = None) -> AliasTable:
    """A user alias table (`--agencies FILE`) merged over the shipped one.

    `source` is a path (a `Path`, or a one-line string without ": ") or the YAML text itself. The file
    has the shipped table's shape: `aliases:` (stem → official stem, or {full, kind}) and optionally
    `name_prefixes:`. A malformed file raises RuleError("<file>: duplicate key …" / "…: not valid YAML
    (…)" / "…: expected a mapping …").
    """
    if isinstance(source, os.PathLike) or ("\n" not in source and ": " not in source):
        path = Path(source)
        label = where or str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{label}: cannot read the alias file ({exc.__class__.__name__})") from None
    else:
        text, label = source, where or "<aliases>"
    return shipped_aliases().merged(_alias_table(load_yaml_text(text, label), label))
