"""Rule tables: hand-written YAML data files, loaded with a guard against duplicate keys."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import RuleError

_HERE = Path(__file__).resolve().parent


def rule_path(name: str) -> Path:
    return _HERE / name


class _StrictLoader(yaml.SafeLoader):
    """safe_load that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RuleError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, where: str = "<rules>") -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except RuleError as exc:
        raise RuleError(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from None


@lru_cache(maxsize=None)
def load_rules(name: str) -> Any:
    """The parsed content of the shipped rule file `name` (e.g. "units.yaml"), read once."""
    path = rule_path(name)
    return load_yaml_text(path.read_text(encoding="utf-8"), where=str(path.name))
