"""sgb (shuangguoban): Chinese government policy circulars → structured, validated data.

    from shuangguoban import parse_circular, load_circular
    circular = load_circular("notice.txt")          # path or bytes → Circular
    circular = parse_circular(text)                 # pure: text → Circular
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["parse_circular", "load_circular", "Circular", "SgbError", "__version__"]

if TYPE_CHECKING:
    from .errors import SgbError
    from .models import Circular
    from .pipeline import parse_circular
    from .reading import load_circular

_LAZY = {
    "parse_circular": "pipeline",
    "load_circular": "reading",
    "Circular": "models",
    "SgbError": "errors",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so `sgb --version` and `import shuangguoban` stay fast.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
