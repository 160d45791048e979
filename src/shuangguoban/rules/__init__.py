"""Rule tables: hand-written YAML data files, loaded with a guard against duplicate keys.

The files are parsed with libyaml (`yaml.CSafeLoader`) when PyYAML was built with it: that is ~10×
faster than the pure-Python parser and most of the start-up of `sgb parse`. The result is the same
data (both loaders share SafeConstructor and the resolver). A file that fails to load is read again
with the pure-Python loader, so an error message never depends on whether libyaml is installed.
PyYAML itself is imported on the first load, not when this package is imported.

Parsing the tables (and importing PyYAML) would cost every `sgb parse` process ~80 ms, so what a
file parses to is kept in a pickle beside the bytecode, `rules/__pycache__/NAME.HASH.pickle`, named
by a hash of the file's bytes: an edited table is parsed again, never read stale. Like bytecode, the
cache is not written under PYTHONDONTWRITEBYTECODE, and a read-only install simply parses each time;
`make install` writes it (`python -m shuangguoban.rules`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
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


def alternation(words: Any) -> str:
    """A regex alternation of a table's literal words, longest first so that 之前 wins over 前."""
    import re

    return "|".join(re.escape(w) for w in sorted({str(w) for w in words}, key=lambda w: (-len(w), w)))


@cache
def load_rules(name: str) -> Any:
    """The parsed content of the shipped rule file `name` (e.g. "units.yaml"), read once."""
    return load_cached(name, _yaml_parser(name))


def _yaml_parser(name: str) -> Callable[[bytes], Any]:
    def parse(source: bytes) -> Any:
        return load_yaml_text(source.decode("utf-8"), where=name)
    return parse


@cache
def load_pairs(name: str) -> dict[str, str]:
    """A table of one two-character line per pair (`t2s.txt`: traditional, simplified); # comments."""
    return load_cached(name, _parse_pairs)


def _parse_pairs(source: bytes) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in source.decode("utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            pairs.setdefault(line[0], line[1])
    return pairs


def load_cached(name: str, parse: Callable[[bytes], Any], *, write: bool | None = None) -> Any:
    """`parse(bytes of rule file name)`, from the pickle cache when it holds this very content."""
    source = rule_path(name).read_bytes()
    cached = _CACHE / f"{name}.{hashlib.blake2b(source, digest_size=12).hexdigest()}.pickle"
    try:
        return pickle.loads(cached.read_bytes())  # noqa: S301 - our own file, beside our own bytecode
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, ValueError):
        pass
    data = parse(source)
    if write if write is not None else not sys.dont_write_bytecode:
        _store(cached, data)
    return data


_CACHE = _HERE / "__pycache__"


def _store(path: Path, data: Any) -> None:
    """Write the cache atomically; drop older versions of the same table. Failures are ignored."""
    try:
        path.parent.mkdir(exist_ok=True)
        for old in path.parent.glob(path.name.rsplit(".", 2)[0] + ".*.pickle"):
            old.unlink(missing_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, path)
    except OSError:
        pass


def build_cache() -> list[str]:
    """Parse every shipped table into the cache (what `make install` runs); the names cached."""
    names = sorted(p.name for p in _HERE.iterdir() if p.suffix == ".yaml")
    for name in names:
        load_cached(name, _yaml_parser(name), write=True)
    load_cached("t2s.txt", _parse_pairs, write=True)
    return [*names, "t2s.txt"]
