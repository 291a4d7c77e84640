"""Open a playground page (or the whole app) under AppTest with given settings and language.

The one way page tests start a page; ``tests/playground/conftest.py`` also offers it as the
``open_page`` fixture. Settings are given as a link would (``query``, strings in the address
bar) or as the session would hold them (``state``).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import playground

APP_DIR = Path(playground.__file__).resolve().parent
ROOT = APP_DIR.parent


def page_path(name: str) -> str:
    """``"app"`` for the whole app (navigation, language switch), else a file of app_pages/."""
    return str(APP_DIR / "app.py") if name == "app" else str(APP_DIR / "app_pages" / f"{name}.py")


def open_page(name: str, *, state: dict | None = None, query: dict | None = None,
              lang: str | None = None, timeout: float = 120, run: bool = True) -> AppTest:
    """An AppTest of page ``name`` with ``query`` (link parameters), ``lang`` ("en"/"ru") and
    ``state`` (session values) set; run once unless ``run=False``."""
    at = AppTest.from_file(page_path(name), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = str(value)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run() if run else at


def import_app_modules() -> None:
    """Import every module the pages import (``playground.*`` and the pages' sub-packages), so that
    a test which monkeypatches one of their functions (``i18n.current_language``) patches it only
    for its own duration: a module first imported while the patch is on would keep the patched
    function for every later test of the process."""
    import importlib
    import pkgutil

    scripts = {"playground.app"}  # run by Streamlit, never imported
    names = [info.name for info in pkgutil.walk_packages(playground.__path__, "playground.")]
    for package in sorted((APP_DIR / "app_pages").glob("*/__init__.py")):  # app_pages: a namespace package
        name = f"playground.app_pages.{package.parent.name}"
        names += [name, *(info.name for info in pkgutil.walk_packages([str(package.parent)], name + "."))]
    for name in names:
        if name not in scripts:
            importlib.import_module(name)


def inside_model_state(size: int, epochs: int, seed: int = 0) -> dict:
    """The session entry of the Inside page's own model for these settings, trained here exactly as the
    page trains it (``tfdl.interpret.train_digits_cnn``): handed to runs as ``state=``, a page opened
    with the same ``in_size``/``in_epochs``/``in_seed`` finds it and trains nothing (a module-scoped
    fixture trains it once for every test of a file)."""
    from tfdl.interpret import train_digits_cnn

    model, accuracy = train_digits_cnn(size, epochs, seed)
    return {"inside_model": {"key": ("inside_model", size, epochs, seed), "model": model, "accuracy": accuracy}}
