"""Gather the public names of every module in a package (used by package ``__init__`` files).

Each family lives in its own file with an ``__all__``; the package re-exports them, so adding a
file is enough to publish it and no shared list has to be edited.
"""

from __future__ import annotations

import importlib
import pkgutil


def collect(package_name: str, package_path, namespace: dict) -> list[str]:
    """Import every non-private module of a package and copy its ``__all__`` into ``namespace``."""
    exported: list[str] = []
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package_name}.{info.name}")
        for name in getattr(module, "__all__", ()):
            namespace[name] = getattr(module, name)
            exported.append(name)
    return exported
