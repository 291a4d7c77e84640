"""Every setting of the Convolution lab (key, default, range), the presets and the shared link.

Settings go through ``playground.state`` (link → session → default, clamped in one place). A
preset (a worked example of the notes, ``tfdl.data.worked_examples``) sets every setting; its
link holds the preset's name plus what differs from it.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.convolution import view_settings as views
from playground.i18n import N_, _, current_language
from playground.state import param, set_value, sync_params
from tfdl import filters as tf_filters
from tfdl import functional as F
from tfdl.data import worked_examples as WE
from tfdl.parsing import MAX_GRID_VALUE, format_grid

SOURCES = ["digit", "image", "grid", "random", "draw", "upload"]
KERNEL_SOURCES = ["filter", "typed", "drawn", "random"]
PADDING_CHOICES = ["valid", "same", "0", "1", "2", "3", "4"]
POOL_PADDING_CHOICES = ["valid", "same", "0", "1", "2", "3"]
PADDING_MODES = list(F.PADDING_MODES)
POOLS = ["max", "avg", "weighted", "l2", "stochastic"]
DIGIT_SIZES = [8, 12, 16, 20, 28]
OPS = ["conv", "pool", *views.VIEW_OPS]

DEFAULTS = dict(
    op="conv", src="digit", digit=0, dsize=8, gsize=12, rsize=6, usize=16, rseed=0, ch=1,
    grid="1 2 3\n3 4 5\n1 0 2", ksrc="filter", filter="top_sobel", k=3, kseed=0,
    kgrid="0 1\n1 -1", s=1, p="valid", pmode="zeros", pval=0.0, d=1, g=1, n=1,
    pool="max", psize=2, ps=2, pp="valid", ceil=False, pseed=0, layers=2, rfpool=False, step=0, pstep=0, och=0,
)
OPTIONS = dict(op=OPS, src=SOURCES, dsize=DIGIT_SIZES, ch=[1, 3], ksrc=KERNEL_SOURCES,
               filter=list(tf_filters.FILTERS), pmode=PADDING_MODES, pool=POOLS)
RANGES = dict(digit=(0, 1796), gsize=(8, 32), usize=(8, 32), rsize=(2, 16), rseed=(0, 10_000), k=(1, 7),
              kseed=(0, 10_000), s=(1, 6), d=(1, 5), g=(1, 3), n=(1, 6), psize=(1, 6), ps=(1, 6), pseed=(0, 10_000),
              layers=(1, 6), step=(0, 10**6), pstep=(0, 10**6), och=(0, 5),
              pval=(-MAX_GRID_VALUE, MAX_GRID_VALUE))  # the constant padding value: as a typed cell (inf once passed)
# the Pooling tab's distance-weighted pooling (σ) and the upstream gradient of its backward view
DEFAULTS.update(psigma=1.0, pgrad="ones")
OPTIONS.update(pgrad=["ones", "numbered"])
RANGES.update(psigma=(0.1, 10.0))
DEFAULTS.update(views.VIEW_DEFAULTS), OPTIONS.update(views.VIEW_OPTIONS), RANGES.update(views.VIEW_RANGES)


def _conv_preset(name: str) -> dict:
    ex = WE.CONVOLUTIONS[name]
    return dict(op="conv", src="grid", ch=1, grid=format_grid(ex.x), ksrc="typed", kgrid=format_grid(ex.kernel),
                s=ex.params.get("stride", 1), p=ex.params.get("padding", "valid"), pmode="zeros", d=1, g=1, n=1)


def _pool_preset(name: str) -> dict:
    ex = WE.POOLINGS[name]
    return dict(op="pool", src="grid", ch=1, grid=format_grid(ex.x), pool=ex.op.split("_")[0],
                psize=ex.params["pool_size"], ps=ex.params["stride"], pp="valid", ceil=False)


PRESETS: dict[str, tuple[str, dict]] = {
    "custom": (N_("Your own settings"), {}),
    "notes_valid": (N_("Example from the notes: 3×3 ⋆ 2×2, valid"), _conv_preset("valid")),
    "notes_matrix": (N_("Example from the notes: 3×3 ⋆ 2×2 as a 4×9 matrix"),
                     {**_conv_preset("valid"), "op": "matrix"}),
    "notes_same": (N_("Example from the notes: 3×3 ⋆ 2×2, TensorFlow 'same'"), _conv_preset("same")),
    "notes_stride2": (N_("Example from the notes: stride 2"), _conv_preset("stride2")),
    "notes_5x5": (N_("Example from the notes: 5×5 ⋆ 3×3"), _conv_preset("5x5")),
    "notes_1d": (N_("Example from the notes: 1-D convolution"), _conv_preset("1d")),
    "notes_padding_modes": (
        N_("Example from the notes: padding modes (try each mode)"),
        dict(op="conv", src="grid", ch=1, grid=format_grid(WE.PADDING_MODE_INPUT), ksrc="typed",
             kgrid=format_grid(WE.PADDING_MODE_KERNEL), s=1, p="0,2", pmode="reflect", d=1, g=1, n=1)),
    "notes_dilation": (
        N_("Dilated ('à trous') 3×3 kernel on a digit"),
        dict(op="conv", src="digit", ch=1, digit=0, dsize=16, ksrc="filter", filter="outline",
             s=1, p="2", pmode="zeros", d=2, g=1, n=1)),
    "notes_stack": (
        N_("Example from the notes: 28 → conv3 → 26 → pool2 → 13 → conv3 → 11 → pool2 → 5"),
        dict(op="conv", src="digit", ch=1, digit=0, dsize=28, ksrc="filter", filter="outline",
             s=1, p="valid", pmode="zeros", d=1, g=1, n=1, layers=2, rfpool=True)),
    "notes_avgpool": (N_("Example from the notes: 3×3 average pooling, stride 1"), _pool_preset("avg_3x3")),
    "notes_maxpool": (N_("Example from the notes: 2×2 max pooling, stride 2"), _pool_preset("max_2x2")),
    "notes_maxpool_b": (N_("Example from the notes: 2×2 max pooling, second grid"), _pool_preset("max_2x2_b")),
}


def tab_labels() -> list[str]:
    """The tabs' labels in the session's language."""
    return [_("Convolution"), _("Pooling"), *views.view_labels()]


def tab_key() -> str:
    """The tabs widget's key (one per language: its value is the label)."""
    return f"conv_tab_{current_language()}"


def declare() -> None:
    """Declare every setting; the first time, a link naming a preset opens it (the link's own
    settings override the preset's)."""
    if "_conv_lab_ready" not in st.session_state:
        st.session_state["_conv_lab_ready"] = True
        url_preset = st.query_params.get("preset")
        if url_preset in PRESETS:
            for key, value in PRESETS[url_preset][1].items():
                if key not in st.query_params:
                    set_value(key, value)
    param("preset", "custom", options=list(PRESETS))
    for key, default in DEFAULTS.items():
        lo, hi = RANGES.get(key, (None, None))
        param(key, default, options=OPTIONS.get(key), min=lo, max=hi)


def on_preset() -> None:
    """Open a preset exactly: every setting back to its default, then the preset's own."""
    for key, value in {**DEFAULTS, **PRESETS[st.session_state["preset"]][1]}.items():
        set_value(key, value)
    st.session_state[tab_key()] = tab_labels()[OPS.index(st.session_state["op"])]


def sync_url(extra: tuple = ()) -> None:
    """Write the link: the preset, the settings that differ from it, and the ``extra`` settings off their defaults."""
    preset = st.session_state.get("preset", "custom")
    baseline = {**DEFAULTS, **PRESETS.get(preset, ("", {}))[1]}
    sync_params(["preset", *DEFAULTS, *extra], baseline=baseline)
