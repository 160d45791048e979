"""Rule tables: hand-written YAML data files, loaded with a guard against duplicate keys.

The files are parsed with libyaml (`yaml.CSafeLoader`) when PyYAML was built with it: that is ~10×
faster than the pure-Python parser and most of the start-up of `sgb parse`. The result is the same
data (both loaders share SafeConstructor and the resolver). A file that fails to load is read again
with the pure-Python loader, so an error message never depends on whether libyaml is installed.
PyYAML itself is imported on the first load, not when this package is imported.

`make install` compiles every table into plain JSON beside the bytecode
(`rules/__pycache__/NAME.json`, `python -m shuangguoban.rules`), recording a hash of the YAML it came
from: a process reads the JSON when the hash still matches, else parses the YAML (once per process).
JSON is data only, so a tampered cache cannot run code; nothing is written at run time; a table whose
data JSON cannot hold exactly (integer keys, dates) is not compiled and is always read from YAML.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import RuleError
from ..lazy import once

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


@once
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


def load_cached(name: str, parse: Callable[[bytes], Any]) -> Any:
    """`parse(bytes of rule file name)`, or its compiled JSON when that was made from these very bytes."""
    source = rule_path(name).read_bytes()
    digest = _digest(source)
    try:
        compiled = json.loads(_compiled_path(name).read_bytes())
        if compiled["source"] == digest:
            return compiled["data"]
    except (OSError, ValueError, TypeError, KeyError):
        pass   # none, stale or damaged: read the table itself
    return parse(source)


_COMPILED = _HERE / "__pycache__"


def _compiled_path(name: str) -> Path:
    return _COMPILED / f"{name}.json"


def _digest(source: bytes) -> str:
    return hashlib.blake2b(source, digest_size=16).hexdigest()


def compile_table(name: str, parse: Callable[[bytes], Any]) -> bool:
    """Write table `name` as JSON (atomically); False if JSON cannot hold its data exactly."""
    source = rule_path(name).read_bytes()
    data = parse(source)
    text = json.dumps({"source": _digest(source), "data": data}, ensure_ascii=False, sort_keys=False)
    if json.loads(text)["data"] != data:      # e.g. integer keys would come back as strings
        _compiled_path(name).unlink(missing_ok=True)
        return False
    path = _compiled_path(name)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError:          # a read-only install: every process reads the YAML instead
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    return True


def build_cache() -> list[str]:
    """Compile every shipped table that JSON can hold (what `make install` runs); the names compiled."""
    names = sorted(p.name for p in _HERE.iterdir() if p.suffix == ".yaml")
    done = [name for name in names if compile_table(name, _yaml_parser(name))]
    if compile_table("t2s.txt", _parse_pairs):
        done.append("t2s.txt")
    return done
