"""The "Transposed" tab: zeros inserted between the input cells, padding, then an ordinary stride-1
convolution with the flipped kernel; the output size under the Keras and PyTorch rules."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import make_kernel, show
from playground.app_pages.convolution.shapes import AXES, _cell
from playground.app_pages.convolution.view_common import crop_block
from playground.app_pages.convolution.view_settings import MAX_TRANSPOSED_INPUT, OUTPUT_PADDINGS, TRANSPOSED_PADDINGS
from playground.app_pages.convolution.walk import output_table
from playground.code_export import code_expander
from playground.common import friendly_errors
from playground.i18n import _
from playground.state import number_input, set_value
from tfdl import functional as F
from tfdl.codegen import transposed_code
from tfdl.viz import conv_svg as vz
from tfdl.viz import matrix_svg as mz


def _widgets() -> None:
    t1, t2, t3 = st.columns(3)
    with t1:
        number_input(_("Stride S"), "ts", step=1, help=_("S − 1 zeros go between neighbouring input cells."))
    t2.selectbox(
        _("Padding P"),
        TRANSPOSED_PADDINGS,
        key="tp",
        help=_(
            "'valid' / 'same': Keras Conv2DTranspose; an integer: PyTorch ConvTranspose2d (cells cropped "
            "from each side of the full result)."
        ),
    )
    t3.selectbox(
        "output_padding",
        OUTPUT_PADDINGS,
        key="top",
        format_func=lambda v: _("none (Keras default)") if v == "none" else v,
        help=_(
            "Cells added at the end: a strided convolution maps S input sizes to one output size, "
            "output_padding picks which one comes back. Smaller than the stride."
        ),
    )


def _rules(h, w, kernel, s, padding, op) -> None:
    lines = [
        "| " + " | ".join((_("axis"), _("Keras Conv2DTranspose rule"), _("PyTorch ConvTranspose2d rule"))) + " |",
        "|---|---|---|",
    ]
    for axis, size, k in zip(AXES, (h, w), kernel.shape):
        keras_rule, torch_rule = F.transposed_size_rules(size, k, s, padding, op)
        lines.append(f"| {_(AXES[axis])} | {_cell(keras_rule)} | {_cell(torch_rule)} |")
    st.markdown("\n".join(lines))


def transposed_tab(x, is_open: bool) -> None:
    """Draw the tab (only while it is open)."""
    if not is_open:
        return
    st.caption(
        _(
            "A transposed ('up-', 'de-') convolution: insert S − 1 zeros between neighbouring input cells, pad "
            "the result, then slide the kernel flipped in both directions with stride 1. It upsamples, and it "
            "is the transposed matrix of a convolution (tab 'As a matrix')."
        )
    )
    _widgets()
    if x is None:
        return
    state = st.session_state
    with friendly_errors():
        kernel = make_kernel(1, 1)[0][:, :, 0, 0]
        st.caption(
            _("Kernel: the Convolution tab's first filter ({kh}×{kw}; change it there); input channel 0.").format(
                kh=kernel.shape[0], kw=kernel.shape[1]
            )
        )
        x2 = x[..., :1]
        if max(x2.shape[:2]) > MAX_TRANSPOSED_INPUT:
            x2 = crop_block(
                x2,
                MAX_TRANSPOSED_INPUT,
                _(
                    "The input is {h}×{w}: the tab upsamples a crop of at most {fit}×{fit} cells, so that every number "
                    "stays readable."
                ).format(h=x.shape[0], w=x.shape[1], fit=MAX_TRANSPOSED_INPUT),
            )
        x2 = x2[..., 0]
        s = int(state["ts"])
        padding = state["tp"] if state["tp"] in ("valid", "same") else int(state["tp"])
        op = None if state["top"] == "none" else int(state["top"])
        steps = F.transposed_steps(x2, kernel, s, padding, op)
        (h, w), out = x2.shape, steps.output[..., 0]
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(_("Input"), f"{h}×{w}")
        m2.metric(_("Zeros inserted: (I − 1)·S + 1"), "×".join(map(str, steps.inserted.shape[:2])))
        m3.metric(_("Padded"), "×".join(map(str, steps.padded.shape[:2])))
        m4.metric(_("Output"), f"{out.shape[0]}×{out.shape[1]}")
        _rules(h, w, kernel, s, padding, op)
        (t, b), (left, right) = steps.pads
        st.caption(
            _(
                "Padding of the zero-inserted grid: top {t}, bottom {b}, left {l}, right {r} (D·(F − 1) − P in "
                "front; a negative amount crops)."
            ).format(t=t, b=b, l=left, r=right)
        )
        st.markdown("##### " + _("1. Insert zeros, pad"))
        show(
            st,
            mz.zero_insertion_svg(
                x2,
                steps.padded[..., 0],
                steps.roles,
                steps.flipped[:, :, 0, 0],
                titles=(_("input"), _("zeros inserted, then padded"), _("kernel, flipped")),
                legend=(_("input cell"), _("inserted zero"), _("padding")),
            ),
        )
        st.markdown("##### " + _("2. An ordinary convolution with the flipped kernel, stride 1"))
        set_value("tcell", min(int(state["tcell"]), out.size - 1))
        if out.size > 1:
            st.slider(_("Walk: output cell number"), 0, out.size - 1, key="tcell")
        i, j = divmod(int(state["tcell"]), out.shape[1])
        kh, kw = kernel.shape
        taps = np.stack(np.meshgrid(np.arange(kh) + i, np.arange(kw) + j, indexing="ij"), axis=-1)
        grow = tuple((max(a, 0), max(z, 0)) for a, z in steps.pads)
        show(
            st,
            vz.kernel_walk_svg(
                steps.padded[..., 0],
                grow,
                taps,
                out,
                (i, j),
                kernel=steps.flipped[:, :, 0, 0],
                titles=(_("zeros inserted, then padded"), _("output"), _("numbers around the kernel")),
            ),
        )
        output_table(out)
        code_expander("t_code", lambda: transposed_code(x2, kernel, stride=s, padding=padding, output_padding=op),
                      _("The same numbers in Keras / PyTorch"), "tfdl_transposed.py")
