"""Writers: a Circular (or many) → JSON, YAML and the other output formats.

JSON numbers are written from the exact digits of each Decimal (31200, 2.2), never through a float.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .models import Circular
from .numbers import plain

_ESCAPE = json.JSONEncoder(ensure_ascii=False).encode


def plain_data(circular: Circular) -> dict[str, Any]:
    """The circular as plain Python data (Decimals and dates kept)."""
    return circular.model_dump(mode="python")


def _emit(value: Any, out: list[str], indent: int | None, depth: int) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            _newline(out, indent, depth + 1)
            out.append(_ESCAPE(key))
            out.append(": " if indent is not None else ":")
            _emit(item, out, indent, depth + 1)
        _newline(out, indent, depth)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        flat = all(isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in value)
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(", " if flat and indent is not None else ",")
            if not flat:
                _newline(out, indent, depth + 1)
            _emit(item, out, indent, depth + 1)
        if not flat:
            _newline(out, indent, depth)
        out.append("]")
    elif isinstance(value, Decimal):
        out.append(plain(value))
    elif isinstance(value, (dt.date, dt.datetime)):
        out.append(_ESCAPE(value.isoformat()))
    else:
        out.append(_ESCAPE(value))


def _newline(out: list[str], indent: int | None, depth: int) -> None:
    if indent is not None:
        out.append("\n" + " " * (indent * depth))


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON text of plain data, Decimals as exact numbers."""
    out: list[str] = []
    _emit(data, out, indent, 0)
    return "".join(out)


def to_json(circular: Circular, indent: int | None = 2) -> str:
    return dumps_json(plain_data(circular), indent) + "\n"


def to_yaml(circular: Circular) -> str:
    from .yamlio import dump_yaml

    return dump_yaml(plain_data(circular))
