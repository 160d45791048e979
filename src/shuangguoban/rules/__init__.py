"""Rule tables: hand-written YAML data files, loaded with a guard against duplicate keys.

The files are parsed with libyaml (`yaml.CSafeLoader`) when PyYAML was built with it: that is ~10×
faster than the pure-Python parser and most of the start-up of `sgb parse`. The result is the same
data (both loaders share SafeConstructor and the resolver). A file that fails to load is read again
with the pure-Python loader, so an error message never depends on whether libyaml is installed.
PyYAML itself is imported on the first load, not when this package is imported.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..errors import RuleError

_HERE = Path(__file__).resolve().parent


def rule_path(name: str) -> Path:
    return _HERE / name


def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict:
    import yaml

    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RuleError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


@lru_cache(maxsize=1)
def _loaders() -> tuple[type, type | None]:
    """The strict pure-Python loader, and its libyaml twin when PyYAML has libyaml."""
    import yaml

    mapping_tag = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG

    class StrictLoader(yaml.SafeLoader):
        """safe_load that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""

    StrictLoader.add_constructor(mapping_tag, _construct_mapping)
    if not (getattr(yaml, "__with_libyaml__", False) and hasattr(yaml, "CSafeLoader")):
        return StrictLoader, None

    class StrictCLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        """The same loader on libyaml's parser: the constructor (and so the duplicate-key guard) is Python."""

    # The C loader composes nodes in C, then constructs them with the Python SafeConstructor, whose
    # mapping constructor is looked up in this table: the guard runs for every mapping.
    StrictCLoader.add_constructor(mapping_tag, _construct_mapping)
    return StrictLoader, StrictCLoader


def load_yaml_text(text: str, where: str = "<rules>") -> Any:
    import yaml

    slow, fast = _loaders()
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - a CSafeLoader subclass
        except (RuleError, yaml.YAMLError, ValueError, TypeError):
            pass  # read again below: the error (and its message) is the pure-Python loader's
    try:
        return yaml.load(text, Loader=slow)  # noqa: S506 - a SafeLoader subclass
    except RuleError as exc:
        raise RuleError(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from None


@cache
def load_rules(name: str) -> Any:
    """The parsed content of the shipped rule file `name` (e.g. "units.yaml"), read once."""
    path = rule_path(name)
    return load_yaml_text(path.read_text(encoding="utf-8"), where=str(path.name))
