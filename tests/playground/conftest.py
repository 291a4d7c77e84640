"""Page tests open pages one way: the ``open_page`` fixture (see ``tests/playground/pages.py``)."""

import pytest

from tests.playground import pages


@pytest.fixture
def open_page():
    """``open_page(name, state=..., query=..., lang=..., timeout=..., run=True)`` → AppTest."""
    return pages.open_page
