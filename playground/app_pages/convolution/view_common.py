"""What the lab's views tabs share: the Convolution tab's settings (kernel, stride, padding, ...)
and a crop of an input too big to draw number by number."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import make_kernel, show
from playground.i18n import _
from playground.limits import MAX_PADDING
from playground.state import set_value
from tfdl.parsing import parse_padding
from tfdl.viz import conv_svg as vz


class ConvSettings(NamedTuple):
    """The Convolution tab's convolution: kernel ``(k_h, k_w, C/groups, filters)`` and settings."""

    kernel: np.ndarray
    stride: int
    padding: object
    dilation: int
    groups: int
    mode: str
    value: float


def conv_settings(channels: int) -> ConvSettings:
    """The convolution set up in the Convolution tab (raises ``ValueError`` for a bad padding or kernel)."""
    state = st.session_state
    groups = int(state["g"])
    padding = parse_padding(state["p"], max_value=MAX_PADDING)
    kernel, _names = make_kernel(max(channels // groups, 1), int(state["n"]))
    return ConvSettings(kernel, int(state["s"]), padding, int(state["d"]), groups, state["pmode"], float(state["pval"]))


def from_conv_tab(cs: ConvSettings) -> None:
    """Say which settings come from the Convolution tab."""
    kh, kw, _c, n = cs.kernel.shape
    st.caption(
        _(
            "From the Convolution tab (change them there): kernel {kh}×{kw}, {n} filter(s), stride {s}, "
            "padding {p}, dilation {d}, groups {g}, padding mode '{mode}'."
        ).format(kh=kh, kw=kw, n=n, s=cs.stride, p=cs.padding, d=cs.dilation, g=cs.groups, mode=cs.mode)
    )


def _clamped_slider(label: str, key: str, low: int, high: int) -> int:
    """A slider over ``low…high`` whose stored value is first clamped into it (no slider for one value)."""
    value = int(min(max(int(st.session_state[key]), low), high))
    set_value(key, value)
    if high > low:
        st.slider(label, low, high, key=key)
    return int(st.session_state[key]) if high > low else value


def crop_block(x: np.ndarray, fit: int, why: str, low: int = 1) -> np.ndarray:
    """An ``n×n`` crop of ``x`` (``n ≤ fit``) chosen with sliders, drawn on the input picture.

    Args:
        x: the H×W×C input.
        fit: the largest side the tab can draw.
        low: the smallest side that works (the kernel must fit the crop).
        why: the notice saying why the tab crops (shown above the sliders).

    Returns:
        The crop, ``(n, n, C)``; the padding then goes around the crop.
    """
    H, W = x.shape[:2]
    st.info(why)
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1.2])
    with c1:
        side = _clamped_slider(_("Crop size"), "mcrop", low, min(fit, H, W))
    with c2:
        top = _clamped_slider(_("Crop: first row"), "mrow", 0, H - side)
    with c3:
        left = _clamped_slider(_("Crop: first column"), "mcol", 0, W - side)
    show(
        c4,
        vz.receptive_field_svg(
            x[..., 0] if x.shape[-1] == 1 else x, [(top, left, side, side)], labels=[_("crop")], size=120
        ),
    )
    return x[top : top + side, left : left + side]
