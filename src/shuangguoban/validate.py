"""Checking structured output (JSON or YAML written by `sgb parse`) against the models.

`validate_data` returns the problems of already-loaded data as (json_path, message) pairs, e.g.
("$.measures[3].targets[0].value", "Input should be a valid decimal"); `validate_file` reads a file
first. Numbers are read exactly (JSON floats as Decimal, YAML through `yamlio`), YAML is loaded
safely, and nothing but SgbError subclasses is raised.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.json_schema import GenerateJsonSchema

from .errors import InputError, ValidationFailure
from .models import SCHEMA_VERSION, Circular, Measure

Problem = tuple[str, str]
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")


def json_path(loc: tuple[Any, ...] | list[Any], root: str = "$") -> str:
    """("measures", 3, "value") → $.measures[3].value"""
    parts = [root]
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif _IDENTIFIER.fullmatch(str(item)):
            parts.append(f".{item}")
        else:
            parts.append(f"[{json.dumps(str(item), ensure_ascii=False)}]")
    return "".join(parts)


# --- reading ---------------------------------------------------------------------------------------

def structured_format(path: str, text: str) -> str:
    """json or yaml: from the file name, else from the first character."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


# Limits for what `validate` reads: an output of `sgb parse` can be many times its input (measure
# texts repeat their children's), the data sgb writes is a few levels deep and never uses YAML aliases.
MAX_STRUCTURED_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 100
MAX_DIGITS = 40
MAX_ALIAS_GROWTH = 10        # YAML aliases may repeat nodes, but not multiply the tree


def parse_structured(text: str, fmt: str, where: str = "input") -> Any:
    """JSON (floats as Decimal) or YAML (safe, floats as Decimal); a YAML stream becomes a list.
    Refused with one line: duplicate keys, integers of more than MAX_DIGITS digits, nesting deeper
    than MAX_DEPTH, YAML aliases that multiply the tree (a "billion laughs" file)."""
    try:
        data = _parse_json(text, where) if fmt == "json" else _parse_yaml(text, where)
    except RecursionError:
        raise InputError(f"{where}: too deeply nested (more than {MAX_DEPTH} levels)") from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise InputError(f"{where}: too deeply nested (more than {MAX_DEPTH} levels)")
    return data


def _parse_json(text: str, where: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            seen: set[str] = set()
            key = next(k for k, _ in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            raise InputError(f"{where}: duplicate key {key!r} in a JSON object")
        return out

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            raise InputError(f"{where}: an integer of {len(digits.lstrip('-'))} digits (more than {MAX_DIGITS}); refused")
        return int(digits)

    try:
        return json.loads(text, parse_float=Decimal, parse_int=integer, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


_NESTED_FLOW = re.compile(r"[\[{]\s*[\[{]")
_FLOW_TOKEN = re.compile(r"[\[\]{}]|'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")


def _flow_depth_exceeds(text: str, limit: int) -> bool:
    """Brackets nested deeper than `limit` (outside quoted scalars): PyYAML's scanner slows down with
    every open bracket, so such a file is refused before it is scanned."""
    if not _NESTED_FLOW.search(text):
        return False
    depth = 0
    for m in _FLOW_TOKEN.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth = max(0, depth - 1)
    return False


def _parse_yaml(text: str, where: str) -> Any:
    import yaml

    if _flow_depth_exceeds(text, MAX_DEPTH):
        raise RecursionError

    try:
        documents = list(_yaml_documents(text, where))
    except yaml.constructor.ConstructorError as exc:
        line = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        problem = exc.problem or "unsupported tag"
        if problem.startswith("duplicate key"):
            raise InputError(f"{where}: {problem}{line}") from None
        raise InputError(f"{where}: refused YAML: {problem}{line} (only plain YAML data is read, never python tags)") from None
    except yaml.YAMLError as exc:
        problem_mark = getattr(exc, "problem_mark", None)
        where_in = f" at line {problem_mark.line + 1}" if problem_mark else ""
        raise InputError(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}{where_in}") from None
    except ValueError as exc:     # an integer beyond Python's digit limit
        raise InputError(f"{where}: refused YAML: {str(exc).splitlines()[0][:120]}") from None
    return documents[0] if len(documents) == 1 else documents


def _yaml_documents(text: str, where: str) -> Any:
    """Each document of a YAML stream, its node graph checked before anything is built from it."""
    from . import yamlio

    loader = _checked_loader(yamlio._Loader)(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            unique, expanded = _node_counts(node)
            if expanded > MAX_ALIAS_GROWTH * unique and expanded > 10_000:
                raise InputError(f"{where}: YAML aliases expand {unique} nodes to {expanded}; refused")
            yield loader.construct_document(node)
    finally:
        loader.dispose()


def _checked_loader(base: type) -> type:
    import yaml

    class Checked(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[str] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key_node.value!r}",
                                                                key_node.start_mark)
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

    return Checked


def _node_counts(root: Any) -> tuple[int, int]:
    """(distinct nodes, nodes once every alias is expanded) of a YAML node graph, without recursion."""
    import yaml

    def children(node: Any) -> list[Any]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.MappingNode):
            return [item for pair in node.value for item in pair]
        return []

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children(node))
        elif id(node) not in sizes:
            sizes[id(node)] = 0          # being counted: a recursive alias adds nothing
            stack.append((node, True))
            stack.extend((child, False) for child in children(node) if id(child) not in sizes)
    return len(sizes), sizes[id(root)]


def _depth_exceeds(data: Any, limit: int) -> bool:
    stack = [(data, 1)]
    seen: set[int] = set()
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return False


def read_structured(path: str | Path) -> Any:
    """The data in a JSON or YAML file ("-" for stdin)."""
    from .loader import read_input

    path = str(path)
    data = read_input(path, MAX_STRUCTURED_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start}); sgb writes UTF-8 JSON and YAML") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return parse_structured(text, structured_format(path, text), path)


# --- checking --------------------------------------------------------------------------------------

def _coerced(raw: Any, parsed: Any, loc: list[Any], problems: list[Problem]) -> None:
    """Numbers written as strings ("2000000000") pass pydantic's lax mode; the contract wants numbers."""
    if isinstance(parsed, dict) and isinstance(raw, dict):
        for key, value in parsed.items():
            if key in raw:
                _coerced(raw[key], value, [*loc, key], problems)
    elif isinstance(parsed, (list, tuple)) and isinstance(raw, (list, tuple)):
        for i, (r, p) in enumerate(zip(raw, parsed, strict=False)):
            _coerced(r, p, [*loc, i], problems)
    elif isinstance(parsed, (int, Decimal)) and not isinstance(parsed, bool) and isinstance(raw, (str, bool)):
        problems.append((json_path(loc), f"Input should be a number, not {type(raw).__name__} {raw!r}"))


def _tree_problems(measures: list[Measure], loc: list[Any], parent: Measure | None, problems: list[Problem]) -> None:
    for i, measure in enumerate(measures):
        here = [*loc, i]
        expected = measure.label if parent is None else f"{parent.path}/{measure.label}"
        if measure.path != expected:
            problems.append((json_path([*here, "path"]), f"path {measure.path!r} should be {expected!r} (labels from the root)"))
        if parent is not None and measure.level <= parent.level:
            problems.append((json_path([*here, "level"]), f"level {measure.level} is not below its parent's level {parent.level}"))
        _tree_problems(measure.children, [*here, "children"], measure, problems)


def _validate_one(data: Any, loc: list[Any]) -> list[Problem]:
    if isinstance(data, dict) and "schema_version" not in data:
        return [(json_path([*loc, "schema_version"]), f"missing: a file written by sgb names its schema version ({SCHEMA_VERSION})")]
    if isinstance(data, dict) and isinstance(data.get("schema_version"), str) and not _VERSION.fullmatch(data["schema_version"]):
        return [(json_path([*loc, "schema_version"]), f"{data['schema_version']!r} is not a version like {SCHEMA_VERSION}")]
    try:
        circular = Circular.model_validate(data)
    except ValidationError as exc:
        return [(json_path([*loc, *error["loc"]]), error["msg"]) for error in exc.errors(include_url=False)]
    problems: list[Problem] = []
    _coerced(data, circular.model_dump(mode="python"), loc, problems)
    _tree_problems(circular.measures, [*loc, "measures"], None, problems)
    return problems


def validate_data(data: Any) -> list[Problem]:
    """Problems of one circular's data, or of each in a list (a JSON array, a YAML stream)."""
    if isinstance(data, list):
        if not data:
            return [("$", "an empty list: expected a circular or a list of circulars")]
        return [problem for i, item in enumerate(data) for problem in _validate_one(item, [i])]
    return _validate_one(data, [])


def validate_file(path: str | Path) -> list[Problem]:
    """Problems of a JSON or YAML file; raises InputError when it cannot be read or parsed at all."""
    return validate_data(read_structured(path))


def load_structured(path: str | Path) -> Circular:
    """One circular from a JSON or YAML file; ValidationFailure when it does not satisfy the models."""
    data = read_structured(path)
    if isinstance(data, list):
        raise InputError(f"{path}: holds {len(data)} circulars; give a file with one")
    problems = validate_data(data)
    if problems:
        raise ValidationFailure(problems)
    return Circular.model_validate(data)


# --- the JSON Schema -------------------------------------------------------------------------------

class _Schema(GenerateJsonSchema):
    """Decimals are JSON numbers written from their digits (the models' default says number or string)."""

    def decimal_schema(self, schema: Any) -> dict[str, Any]:
        return {"type": "number"}


def json_schema(model: type[BaseModel] = Circular) -> dict[str, Any]:
    """The JSON Schema of a circular as `sgb parse --format json` writes it (or of another model,
    e.g. `sgb align`'s Alignment), generated from the models."""
    body = model.model_json_schema(schema_generator=_Schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **body,
    }
