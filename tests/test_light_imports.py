"""Modules the playground imports before TensorFlow (or without it) stay light.

A page that draws settings, shapes or a picture must not wait ~5 s for TensorFlow, and
``tfdl.shapes`` serves places without numpy. Each row runs in a fresh interpreter
(:func:`tests.isolation.loaded_after`), so one import cannot hide another's.
"""

from __future__ import annotations

import pytest

from tests.isolation import loaded_after

HEAVY = ["tensorflow", "keras", "torch", "streamlit"]

#: (what runs, modules it must not load)
LIGHT = [
    ("import tfdl.shapes", [*HEAVY, "numpy"]),
    ("import tfdl.functional", HEAVY),
    ("import tfdl.filters", HEAVY),
    ("import tfdl.surfaces", ["tensorflow"]),
    ("import tfdl.data", ["tensorflow", "keras"]),
    ("import tfdl.data.sequences", ["tensorflow"]),
    ("import tfdl.viz.optim", ["tensorflow"]),
    ("import tfdl.viz.sequences", ["tensorflow"]),
    ("import tfdl.embeddings, tfdl.viz.embeddings", ["tensorflow", "keras"]),
    ("from tfdl.data import digit_image; digit_image(5)", ["sklearn"]),
    ("from tfdl.viz import conv_svg", ["matplotlib"]),
]


@pytest.mark.parametrize("code,forbidden", LIGHT, ids=[code for code, _ in LIGHT])
def test_light_modules_load_nothing_heavy(code, forbidden):
    loaded = loaded_after(code, forbidden)
    assert not any(loaded.values()), {m for m, yes in loaded.items() if yes}
