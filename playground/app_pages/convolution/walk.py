"""The kernel (or pooling window) walking over the padded input, one output cell per step."""

from __future__ import annotations

import itertools

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import show
from playground.common import lazy_expander
from playground.i18n import _
from playground.state import set_value
from tfdl import functional as F
from tfdl.explain import pool_text, sum_of_products, walk_pads
from tfdl.viz import conv_svg as vz


def output_table(y2d) -> None:
    """The output numbers as a table (easy to copy, and what the tests read), built only while its
    expander is open: ``st.dataframe`` imports pandas (0.5–1 s the first time)."""
    box = lazy_expander(_("Output as a table"), "out_table")
    if box is not None:
        with box:
            st.dataframe(np.round(y2d, 4), hide_index=False)


def _nth(iterator, n):
    return next(itertools.islice(iterator, n, None))


def walk_block(x2d, out2d, step_key, *, kernel_size, stride, padding, dilation=1,
               padding_mode="zeros", value=0.0, kernel2d=None, what="conv", ceil_mode=False) -> None:
    """A slider over the output cells, the walk's picture and the cell's sum (or pooling formula)."""
    total = out2d.size
    set_value(step_key, int(min(max(int(st.session_state[step_key]), 0), total - 1)))
    if total > 1:
        st.slider(_("Walk: output cell number"), 0, total - 1, key=step_key,
                  help=_("Each step moves the window by the stride; the output fills row by row."))
    idx = int(st.session_state[step_key])
    with st.spinner(_("Walking the kernel over the input…")):  # shown only past 0.5 s
        pads, overflow = walk_pads(x2d.shape, kernel_size, stride, padding, dilation, ceil_mode)
        if what == "conv":
            step = _nth(F.walk(x2d, kernel2d, stride, padding, dilation, padding_mode, value), idx)
            title = _("input, padding '{mode}'").format(mode=padding_mode)
            empty = False
        else:
            step = _nth(F.windows(x2d.shape, kernel_size, stride, padding, dilation, "zeros", ceil_mode), idx)
            empty = not (what in ("avg", "weighted") and not isinstance(padding, str))  # PyTorch's average counts zeros
            shows_empty = (empty and any(map(sum, pads))) or any(overflow)
            title = _("input (empty cells: padding, ignored)") if shows_empty else _("input")
        svg = vz.kernel_walk_svg(step, pads, out=out2d, x=x2d, padding_mode=padding_mode, value=value,
                                 overflow=overflow, empty_padding=empty, kernel=kernel2d,
                                 titles=(title, _("output"), _("numbers around the kernel") if what == "conv"
                                         else _("numbers around the window")))
        show(st, svg)
        if 'data-panel="zoom"' in svg:
            st.caption(_("Too many cells to print every number: the zoomed panel prints the numbers inside the dashed "
                         "frame around the kernel; an output too small for its numbers gives the current cell's value "
                         "in its title."))
    if what == "conv" and kernel2d.size <= 25:
        st.markdown(sum_of_products(step, kernel2d))
    elif what != "conv" and step.inside.size <= 25:
        i, j = step.index
        st.markdown(pool_text(what, step, x2d, float(out2d[i, j]),
                              include_pad=what in ("avg", "weighted") and not isinstance(padding, str),
                              weights=kernel2d if what == "weighted" else None))
