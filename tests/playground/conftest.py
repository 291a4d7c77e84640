"""Page tests open pages one way: the ``open_page`` fixture (see ``tests/playground/pages.py``)."""

import pytest

from tests.playground import pages


@pytest.fixture
def open_page():
    """``open_page(name, state=..., query=..., lang=..., timeout=..., run=True)`` → AppTest."""
    return pages.open_page


@pytest.fixture(scope="session", autouse=True)
def _app_modules_imported_before_any_patch():
    """Some tests monkeypatch ``i18n.current_language`` (AppTest formats widget values outside the
    script run). A module first imported during such a test would keep the patched function for
    every later test of the process, so every module the pages import is imported first."""
    pages.import_app_modules()
