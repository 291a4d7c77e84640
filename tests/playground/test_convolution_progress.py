"""The Convolution lab says it is working (issue 13): every heavy step (a figure of a 28×28 input,
its output, the kernel's walk, the receptive field) runs inside ``st.spinner``, which Streamlit
shows once the step has taken 0.5 s. A spy records, for each figure the page builds, the size of
its grid and whether a spinner was open at that moment, and the spinner texts in the page's
language. (The kernel's own 3×3 picture is quick and needs none.)"""

import contextlib

import numpy as np
import pytest
import streamlit as st

from tfdl.viz import conv_svg as vz

HEAVY = ("number_grid_svg", "conv_output_svg", "kernel_walk_svg", "receptive_field_svg")


@pytest.fixture
def spy(monkeypatch):
    record = {"open": [], "texts": [], "calls": []}
    real_spinner = st.spinner

    @contextlib.contextmanager
    def spinner(text="", *args, **kwargs):
        record["texts"].append(text)
        record["open"].append(text)
        try:
            with real_spinner(text, *args, **kwargs):
                yield
        finally:
            record["open"].pop()

    monkeypatch.setattr(st, "spinner", spinner)
    for name in HEAVY:
        real = getattr(vz, name)

        def wrapped(*args, _real=real, _name=name, **kwargs):
            grid = args[0] if isinstance(args[0], np.ndarray) else kwargs.get("x")  # a walk step: its input
            record["calls"].append((_name, max(np.shape(grid)[:2]), bool(record["open"])))
            return _real(*args, **kwargs)

        monkeypatch.setattr(vz, name, wrapped)
    return record


@pytest.mark.parametrize(
    ("query", "lang", "texts"),
    [
        (
            {"dsize": 28, "step": 300, "layers": 4},
            "en",
            {
                "Drawing the input…",
                "Drawing the output…",
                "Walking the kernel over the input…",
                "Tracing the receptive field…",
            },
        ),
        (
            {"dsize": 28, "op": "pool"},
            "ru",
            {"Рисуем вход…", "Рисуем выход…", "Ядро проходит по входу…", "Строим рецептивное поле…"},
        ),
    ],
)
def test_every_heavy_figure_is_drawn_under_a_spinner(open_page, spy, query, lang, texts):
    at = open_page("convolution", query=query, lang=lang, timeout=240)
    assert not at.exception and not at.error
    heavy = [(name, inside) for name, side, inside in spy["calls"] if side >= 12]
    assert {name for name, _inside in heavy} == set(HEAVY)  # the four figures of the 28×28 input were drawn
    assert all(inside for _name, inside in heavy), spy["calls"]
    assert texts <= set(spy["texts"])
