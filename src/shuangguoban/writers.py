"""Writers: circulars → JSON, YAML and JSON Lines, and `render`, the one entry point to every format.

JSON numbers are written from the exact digits of each Decimal (31200, 2.2), never through a float.
The other formats live in their own modules, imported only when asked for: the CSV and xlsx
ledgers in spreadsheets.py, the Markdown report in markdown.py, the HTML review page in review.py.
Files are written by atomic.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import SgbError
from .models import Circular, Measure, model_items, plain_data
from .numbers import plain

FORMATS = ("json", "yaml", "jsonl", "csv", "xlsx", "md", "html")
EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx", "md": ".md",
              "html": ".html"}
BINARY_FORMATS = frozenset({"xlsx"})

_ESCAPE = json.JSONEncoder(ensure_ascii=False).encode
# The C string escaper behind _ESCAPE, called directly: strings are most of what is written.
_STRING = json.encoder.encode_basestring


def _emit(value: Any, out: list[str], indent: int | None, depth: int) -> None:
    kind = type(value)
    if kind is str:
        out.append(_STRING(value))
    elif value is None:
        out.append("null")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is bool:
        out.append("true" if value else "false")
    elif kind is dict or isinstance(value, BaseModel):
        if not value:    # an empty dict (a model always has fields)
            out.append("{}")
            return
        inner = _newline(indent, depth + 1)
        separator = ": " if indent is not None else ":"
        opener = "{" + inner
        add = out.append
        for key, item in value.items() if kind is dict else model_items(value):
            add(opener)
            opener = "," + inner
            add(_STRING(key) if type(key) is str else _ESCAPE(key))
            add(separator)
            if type(item) is str:       # the common leaves inline: no call per value
                add(_STRING(item))
            elif item is None:
                add("null")
            else:
                _emit(item, out, indent, depth + 1)
        add(_newline(indent, depth) + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        if all((type(v) is int or isinstance(v, Decimal)) for v in value):   # spans: [12, 40] on one line
            out.append("[" + (", " if indent is not None else ",").join(
                int.__repr__(v) if type(v) is int else plain(v) for v in value) + "]")
            return
        inner = _newline(indent, depth + 1)
        out.append("[")
        for i, item in enumerate(value):
            out.append("," + inner if i else inner)
            _emit(item, out, indent, depth + 1)
        out.append(_newline(indent, depth) + "]")
    elif isinstance(value, Decimal):
        out.append(plain(value))
    elif isinstance(value, (dt.date, dt.datetime)):
        out.append(_STRING(value.isoformat()))
    else:
        out.append(_ESCAPE(value))


@lru_cache(maxsize=64)
def _newline(indent: int | None, depth: int) -> str:
    return "" if indent is None else "\n" + " " * (indent * depth)


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON text of plain data or models, Decimals as exact numbers."""
    out: list[str] = []
    _emit(data, out, indent, 0)
    return "".join(out)


def to_json(circular: Circular, indent: int | None = 2) -> str:
    return dumps_json(circular, indent) + "\n"


def to_json_many(circulars: Sequence[Circular], indent: int | None = 2) -> str:
    """One circular → its object; several → a JSON array of them."""
    if len(circulars) == 1:
        return to_json(circulars[0], indent)
    return dumps_json(list(circulars), indent) + "\n"


# --- YAML ------------------------------------------------------------------------------------------

def to_yaml(circular: Circular) -> str:
    from .yamlio import dump_yaml

    return dump_yaml(plain_data(circular))


def to_yaml_many(circulars: Sequence[Circular]) -> str:
    """One circular → one document; several → a stream, each document opened by `---`."""
    if len(circulars) == 1:
        return to_yaml(circulars[0])
    return "".join("---\n" + to_yaml(c) for c in circulars)


# --- JSON Lines ------------------------------------------------------------------------------------

def identity(circular: Circular) -> dict[str, Any]:
    """What every JSON Lines record carries to say which circular it comes from."""
    return {
        "path": circular.source.path,
        "sha256": circular.source.sha256,
        "title": circular.title,
        "doc_number": circular.doc_number,
        "issuer": circular.issuer,
        "date": circular.date,
    }


def jsonl_records(circular: Circular) -> Iterator[dict[str, Any]]:
    """One record per measure (every node of the tree), children omitted, with its parent's path."""
    circ = identity(circular)

    def visit(measures: list[Measure], parent: str | None) -> Iterator[dict[str, Any]]:
        for measure in measures:
            data = plain_data(measure)
            del data["children"]
            yield {"circular": circ, "parent": parent, **data}
            yield from visit(measure.children, measure.path)

    yield from visit(circular.measures, None)


def to_jsonl(circulars: Sequence[Circular]) -> str:
    return "".join(dumps_json(record, indent=None) + "\n" for c in circulars for record in jsonl_records(c))


# --- the one entry point ---------------------------------------------------------------------------

# Each format's writer, as (module, function): a module is imported the first time its format is asked for.
_RENDERERS = {
    "json": ("writers", "to_json_many"),
    "yaml": ("writers", "to_yaml_many"),
    "jsonl": ("writers", "to_jsonl"),
    "csv": ("spreadsheets", "to_csv"),
    "xlsx": ("spreadsheets", "to_xlsx"),
    "md": ("markdown", "to_markdown"),
    "html": ("review", "to_html"),
}


def render(circulars: Sequence[Circular], fmt: str) -> str | bytes:
    """Circulars in one of FORMATS: text, or bytes for xlsx. Several circulars make one combined output."""
    if not circulars:
        raise SgbError("nothing to write")
    where = _RENDERERS.get(fmt)
    if where is not None:
        module, function = where
        renderer: Callable[[Sequence[Circular]], str | bytes] = getattr(import_module(f".{module}", __package__), function)
        return renderer(circulars)
    raise SgbError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")


def output_name(source_path: str, fmt: str) -> str:
    """The file name of one input's output: `notice.txt` → `notice.json`; stdin → `stdin.json`."""
    stem = "stdin" if source_path == "-" else Path(source_path).stem
    return stem + EXTENSIONS[fmt]
