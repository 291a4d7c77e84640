"""The "As a matrix" tab's expanders: the transposed convolution as Mᵀ·y, and im2col (every window a row)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import show
from playground.app_pages.convolution.view_settings import MAX_MATRIX
from playground.i18n import _, fmt_number
from tfdl import functional as F
from tfdl.viz import matrix_svg as mz


def transposed_block(view, xc, cs) -> None:
    """Mᵀ·y: the transposed convolution, checked against tfdl.functional.conv2d_transpose."""
    back = view.matrix.T @ view.y.ravel()
    show(
        st,
        mz.matrix_product_svg(view.matrix.T, view.y.ravel(), back, pattern=view.pattern.T, titles=("Mᵀ", "y", "Mᵀ·y")),
    )
    if cs.mode != "zeros" or cs.groups != 1:
        st.caption(
            _(
                "With padding mode '{mode}' or groups > 1, Mᵀ is still the transposed convolution, but "
                "conv2d_transpose (zero padding, no groups) computes another one."
            ).format(mode=cs.mode)
        )
        return
    pads, extra = F.transpose_of(xc.shape, cs.kernel.shape[:2], cs.stride, cs.padding, cs.dilation)
    theirs = F.conv2d_transpose(view.y, cs.kernel, cs.stride, pads, extra, cs.dilation)
    st.caption(
        _(
            "tfdl.functional.conv2d_transpose(y, k, stride={s}, padding={pads}, output_padding={extra}) gives "
            "the same {h}×{w} numbers (largest difference {diff}): output_padding adds back the cells the "
            "strided convolution never reached."
        ).format(
            s=cs.stride,
            pads=pads,
            extra=extra,
            h=xc.shape[0],
            w=xc.shape[1],
            diff=fmt_number(float(np.abs(theirs.ravel() - back).max()), ".1g"),
        )
    )


def im2col_block(view, xc, cs, o: int) -> None:
    """The same product the other way round: every window a row of im2col(x)ᵀ, the kernel a column."""
    kh, kw, cg, _n = cs.kernel.shape
    if cs.groups != 1 or (cs.mode == "constant" and cs.value) or kh * kw * cg > MAX_MATRIX:
        st.caption(
            _("Shown for groups = 1, no constant padding value and at most {max} kernel weights.").format(
                max=MAX_MATRIX
            )
        )
        return
    cols = F.im2col(xc, (kh, kw), cs.stride, cs.padding, cs.dilation, cs.mode).T
    k = cs.kernel[..., o].ravel()
    show(
        st, mz.matrix_product_svg(cols, k, cols @ k, pattern=np.ones(cols.shape, bool), titles=("im2col(x)ᵀ", "k", "y"))
    )
    diff = float(np.abs(cols @ k - view.conv[..., o].ravel()).max())
    st.caption(
        _(
            "im2col copies every window into a row (one row per output cell, one column per kernel weight), so "
            "the convolution is one matrix product with the flattened kernel, all filters at once: how cuDNN "
            "and Caffe compute it. The same numbers as M·x (largest difference {diff})."
        ).format(diff=fmt_number(diff, ".1g"))
    )
