"""The lab's input (a digit, a generated picture, a typed grid, random numbers, the student's drawing
or picture) and kernel (a named filter, typed numbers, a grid of cells clicked by the student, or random)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.convolution.settings import DIGIT_SIZES, KERNEL_SOURCES, SOURCES
from playground.drawing import drawing_canvas, drawing_image, kept_drawing, kernel_grid, upload_widget, uploaded_image
from playground.i18n import N_, _, current_language, pgettext
from playground.state import number_input, set_value
from tfdl import filters as tf_filters
from tfdl.data.digits import digit_image
from tfdl.data.shapes_images import make_shapes
from tfdl.parsing import format_grid, parse_grid

SOURCE_LABELS = {"digit": N_("digit"), "image": N_("generated picture"), "grid": N_("typed grid"),
                 "random": N_("random"), "draw": N_("your drawing"), "upload": N_("your picture")}
KERNEL_LABELS = {"filter": N_("named filter"), "typed": N_("typed numbers"), "drawn": N_("clicked grid"),
                 "random": N_("random")}
DRAW_KEY, UPLOAD_KEY, KERNEL_KEY = "conv_draw", "conv_upload", "conv_kernel"


def show(where, svg: str, width="content") -> None:
    """Draw a ``tfdl.viz.conv_svg`` picture (SVG text: milliseconds to build, no matplotlib)."""
    where.image(svg, width=width)


def picture_titles() -> tuple[str, str]:
    return _("numbers"), _("picture")


@st.cache_data(show_spinner=False)
def _digit(index: int, size: int) -> tuple[np.ndarray, int]:
    return digit_image(index, size)


@st.cache_data(show_spinner=False)
def generated_image(size: int, channels: int, seed: int) -> np.ndarray:
    """Bright shapes on a dark background (``tfdl.data.make_shapes``), 0–255; three channels
    colour the shapes by kind: red circles, green squares, blue triangles."""
    data = make_shapes(1, size=size, max_shapes=3, seed=seed)
    grey = np.rint(data.images[0, ..., 0] * 255.0)
    if channels == 1:
        return grey[..., None]
    return np.stack([grey * (data.masks[0] == k) for k in (1, 2, 3)], axis=-1)


def input_widgets() -> None:
    """The input's widgets (all drawn before anything is computed, so none is ever lost)."""
    c1, c2, c3 = st.columns([3, 2, 1])
    c1.radio(_("Source"), SOURCES, key="src", horizontal=True, format_func=lambda v: _(SOURCE_LABELS[v]))
    c3.radio(_("Channels"), [1, 3], key="ch", horizontal=True)
    src = st.session_state["src"]
    with c2:
        if src == "digit":
            number_input(_("Digit index (0–1796)"), "digit", step=1)
            st.select_slider(_("Size"), DIGIT_SIZES, key="dsize")
        elif src == "image":
            st.slider(_("Size"), 8, 32, key="gsize")
            number_input(_("Seed"), "rseed", step=1)
        elif src == "grid":
            st.text_area(_("Rows of numbers (a blank line starts the next channel)"), key="grid", height=130)
        elif src in ("draw", "upload"):
            st.slider(_("Size"), 8, 32, key="usize", help=_("Your picture is scaled to this many cells a side."))
            if src == "draw" and drawing_canvas(DRAW_KEY) is None:
                st.caption(_("Draw on the canvas: the lab convolves your drawing."))
            if src == "upload" and upload_widget(_("A PNG or JPEG picture"), UPLOAD_KEY) is None:
                st.caption(_("Upload a picture: the lab convolves it, scaled down."))
        else:
            st.slider(_("Size"), 2, 16, key="rsize")
            number_input(_("Seed"), "rseed", step=1)


def make_input() -> np.ndarray | None:
    """The H×W×C input the user chose (raises ValueError for a bad typed grid or picture; ``None``
    before the student has drawn or uploaded one)."""
    state, channels = st.session_state, int(st.session_state["ch"])
    if state["src"] == "digit":
        img, _label = _digit(int(state["digit"]), int(state["dsize"]))
        x = img.astype(float)[..., None]
        if channels == 3:  # a tinted copy: red = digit, green = half, blue = inverse
            x = np.concatenate([x, np.floor(x / 2), x.max() - x], axis=-1)
        return x
    if state["src"] == "image":
        return generated_image(int(state["gsize"]), channels, int(state["rseed"]))
    if state["src"] in ("draw", "upload"):  # 0–255 like the generated pictures; None until there is one
        size = int(state["usize"])
        if state["src"] == "draw":
            x = drawing_image(kept_drawing(DRAW_KEY), size=size, channels=channels, fit="pad")
        else:
            x = uploaded_image(state.get(UPLOAD_KEY), size=size, channels=channels, fit="pad")
        return None if x is None else np.rint(x * 255.0)
    if state["src"] == "grid":
        x = parse_grid(state["grid"], _("input grid"))
        if channels == 3 and x.shape[-1] == 1:
            x = np.repeat(x, 3, axis=-1)
        return x[..., :1] if channels == 1 else x
    rng = np.random.default_rng(int(state["rseed"]))
    n = int(state["rsize"])
    return rng.integers(0, 10, size=(n, n, channels)).astype(float)


def filter_label(name: str) -> str:
    """A named filter as shown: its name in English, the name from its translated description otherwise."""
    if name not in tf_filters.FILTERS or current_language() == "en":
        return name
    return pgettext("filter", tf_filters.describe_filter(name)).split(":")[0]


def kernel_widgets(col_source, col_detail) -> None:
    col_source.radio(_("Kernel from"), KERNEL_SOURCES, key="ksrc", format_func=lambda v: _(KERNEL_LABELS[v]))
    with col_detail:
        if st.session_state["ksrc"] == "filter":
            st.selectbox(_("Filter"), list(tf_filters.FILTERS), key="filter", format_func=filter_label)
            st.caption(pgettext("filter", tf_filters.describe_filter(st.session_state["filter"])))
        elif st.session_state["ksrc"] == "typed":
            st.text_area(_("Kernel rows"), key="kgrid", height=100)
        elif st.session_state["ksrc"] == "drawn":  # the same numbers as "typed": the link carries them
            changed = kernel_grid(KERNEL_KEY, st.session_state["kgrid"])
            if changed is not None:
                set_value("kgrid", format_grid(changed))
        else:
            c_a, c_b = st.columns(2)
            with c_a:
                number_input(_("Kernel size"), "k", step=1)
            with c_b:
                number_input(_("Seed"), "kseed", step=1)


def make_kernel(c_in_per_group: int, n_filters: int) -> tuple[np.ndarray, list[str]]:
    """The kh×kw×(C_in/groups)×N kernel and a name per filter."""
    src = st.session_state["ksrc"]
    if src in ("typed", "drawn"):
        k2 = parse_grid(st.session_state["kgrid"], _("kernel"))[..., 0]
        planes, names = [k2] * n_filters, [_("typed") if src == "typed" else _("clicked")] * n_filters
    elif src == "random":
        rng = np.random.default_rng(int(st.session_state["kseed"]))
        size = int(st.session_state["k"])
        planes = [np.round(rng.normal(size=(size, size)), 2) for _i in range(n_filters)]
        names = [_("random")] * n_filters
    else:  # filter 0 is the chosen one, the others the next named filters of the same shape
        chosen = st.session_state["filter"]
        shape = tf_filters.get_filter(chosen).shape
        names_all = list(tf_filters.FILTERS)
        start = names_all.index(chosen)
        ring = [names_all[(start + j) % len(names_all)] for j in range(len(names_all))]
        same = [name for name in ring if tf_filters.get_filter(name).shape == shape]
        names = [same[j % len(same)] for j in range(n_filters)]
        planes = [np.asarray(tf_filters.get_filter(name), dtype=float) for name in names]
    k = np.stack([np.repeat(p[..., None], c_in_per_group, axis=-1) for p in planes], axis=-1)
    return k, names
