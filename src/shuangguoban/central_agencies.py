"""Central bodies (国务院 and its ministries, commissions, 直属机构; 中央 party organs): names that carry
their own scope. The table is rules/central_agencies.yaml: kind → official full name → short forms."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import get_args

from .errors import RuleError
from .lazy import once
from .models import AgencyKind
from .rules import load_rules
from .text import normalise

__all__ = ["central_body"]


@once
def _table() -> Mapping[str, tuple[str, AgencyKind]]:
    """Normalised name (full or short) → (official full name, kind)."""
    data = load_rules("central_agencies.yaml")
    kinds = set(get_args(AgencyKind))
    if not isinstance(data, dict):
        raise RuleError("central_agencies.yaml: expected a mapping of kinds")
    table: dict[str, tuple[str, AgencyKind]] = {}
    for kind, bodies in data.items():
        if kind not in kinds or not isinstance(bodies, dict):
            raise RuleError(f"central_agencies.yaml: {kind!r} is not a kind with a mapping of bodies")
        for full, shorts in bodies.items():
            if not isinstance(full, str) or not isinstance(shorts, list):
                raise RuleError(f"central_agencies.yaml: {full!r} must map to a list of short forms")
            for name in (full, *shorts):
                if not isinstance(name, str) or not name:
                    raise RuleError(f"central_agencies.yaml: a short form of {full!r} is not a name")
                table[normalise(name)] = (full, kind)
    return MappingProxyType(table)


def central_body(norm: str) -> tuple[str, AgencyKind] | None:
    """(official full name, kind) of a central body written as `norm` (normalised), else None."""
    return _table().get(norm)
