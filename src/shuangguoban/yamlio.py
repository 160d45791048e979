"""YAML in and out with exact numbers: Decimals are written as plain numbers and read back as
Decimals, never through a float. Loading is safe only (python tags are refused)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from .numbers import plain


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value met twice (a shared span or date) is written twice, never as &id001 / *id001


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = plain(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _represent_tuple(dumper: yaml.SafeDumper, value: tuple) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


# Line breaks a YAML reader folds (NEL, LS, PS) only survive a round trip in a double-quoted scalar.
_FOLDED_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in _FOLDED_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(tuple, _represent_tuple)


class _Loader(yaml.SafeLoader):
    pass


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = loader.construct_scalar(node)
    try:
        return Decimal(str(text).replace("_", ""))
    except ArithmeticError:  # .inf / .nan are not values sgb writes
        return yaml.SafeLoader.construct_yaml_float(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)


def load_yaml(text: str) -> Any:
    """safe_load with floats as Decimals."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
