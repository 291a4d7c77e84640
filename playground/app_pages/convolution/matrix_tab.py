"""The "As a matrix" tab: the convolution as M·x (the doubly-block-Toeplitz matrix), its product shown
equal to the lab's convolution, and the transposed convolution as Mᵀ·y."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import show
from playground.app_pages.convolution.matrix_more import im2col_block, transposed_block
from playground.app_pages.convolution.view_common import conv_settings, crop_block, from_conv_tab
from playground.app_pages.convolution.view_settings import MAX_MATRIX
from playground.common import friendly_errors, lazy_expander
from playground.i18n import _, fmt_number
from playground.state import set_value
from tfdl import functional as F
from tfdl import shapes
from tfdl.viz import conv_svg as vz
from tfdl.viz import matrix_svg as mz


def _input(x, cs) -> np.ndarray | None:
    """The whole input when its matrix is readable, else a crop (None when no crop is)."""
    (H, W, C), (kh, kw, _c, n) = x.shape, cs.kernel.shape
    rows = int(np.prod(shapes.conv_output_shape((H, W), (kh, kw), cs.stride, cs.padding, cs.dilation))) * n
    if rows <= MAX_MATRIX and H * W * C <= MAX_MATRIX:
        return x
    low, fit = F.readable_crop(x.shape, (kh, kw), cs.stride, cs.padding, cs.dilation, n, MAX_MATRIX, MAX_MATRIX)
    if fit == 0:
        st.warning(
            _(
                "Even the smallest crop that this {kh}×{kw} kernel fits gives a matrix of more than {max} rows "
                "or columns: choose a smaller kernel, fewer filters or channels, or padding."
            ).format(kh=kh, kw=kw, max=MAX_MATRIX)
        )
        return None
    return crop_block(
        x,
        fit,
        _(
            "The input is {h}×{w}×{c}: its matrix would be {rows}×{cols}, too big to read. The tab uses a square crop "
            "of at most {fit}×{fit} cells as the input (the padding goes around the crop)."
        ).format(h=H, w=W, c=C, rows=rows, cols=H * W * C, fit=fit),
        low=low,
    )


def _cell_text(r: int, out_shape, n: int) -> str:
    i, rest = divmod(r, out_shape[1] * n)
    j, o = divmod(rest, n)
    return f"({i}, {j})" + (f", {_('filter')} {o}" if n > 1 else "")


def matrix_tab(x, is_open: bool) -> None:
    """Draw the tab (only while it is open: its pictures are built for the open tab only)."""
    if not is_open:
        return
    st.caption(
        _(
            "Convolution is linear, so it is a matrix product: flatten the input row by row into x; row r of M holds "
            "the kernel weights in the columns of the input cells that output cell r reads (blank: not read). M·x, "
            "reshaped, is the convolution. A 3×3 input and a 2×2 kernel give a 4×9 matrix (preset 'Example from the "
            "notes: 3×3 ⋆ 2×2 as a 4×9 matrix')."
        )
    )
    if x is None:
        return
    with friendly_errors():
        cs = conv_settings(x.shape[-1])
        from_conv_tab(cs)
        xc = _input(x, cs)
        if xc is None:
            return
        view = F.matrix_view(xc, cs.kernel, cs.stride, cs.padding, cs.dilation, cs.mode, cs.groups, cs.value)
        rows, cols = view.matrix.shape
        n = cs.kernel.shape[-1]
        m1, m2, m3 = st.columns(3)
        m1.metric(_("Matrix M (rows × columns)"), f"{rows}×{cols}")
        m2.metric(_("Connections (non-blank entries)"), f"{int(view.pattern.sum())} / {rows * cols}")
        m3.metric(_("Input x, output y"), f"{cols} → {rows}")
        if xc.shape[-1] > 1 or n > 1:
            st.caption(
                _(
                    "Column (a·W + b)·C + c is input cell (a, b), channel c; row (i·W_out + j)·F + o is output "
                    "cell (i, j), filter o."
                )
            )
        set_value("mcell", min(int(st.session_state["mcell"]), rows - 1))
        if rows > 1:
            st.slider(_("Row of M (an output cell)"), 0, rows - 1, key="mcell")
        r = int(st.session_state["mcell"])
        read = np.flatnonzero(view.pattern[r])
        cells = [
            str(tuple(int(v) for v in np.unravel_index(c, xc.shape if xc.shape[-1] > 1 else xc.shape[:2])))
            for c in read
        ]
        st.caption(
            _("Row {r} is output cell {cell}: it reads x at {reads}, the input cells {cells}.").format(
                r=r,
                cell=_cell_text(r, view.y.shape, n),
                reads=", ".join(map(str, read)) or "—",
                cells=", ".join(cells) or "—",
            )
        )
        with st.spinner(_("Drawing the matrix…")):
            show(
                st,
                mz.matrix_product_svg(
                    view.matrix,
                    view.x,
                    view.y.ravel(),
                    pattern=view.pattern,
                    row=r,
                    titles=("M", "x", "M·x + b" if view.offset.any() else "y = M·x"),
                ),
            )
        if view.offset.any():
            st.caption(
                _(
                    "Constant padding with a value other than 0 is affine, not linear: y = M·x + b, where b = {b} "
                    "is what the padding cells add."
                ).format(b=np.round(view.offset, 4).tolist())
            )
        o = r % n
        left, right = st.columns(2)
        show(left, vz.number_grid_svg(view.y[..., o], size=180, titles=(_("M·x reshaped"), _("picture"))))
        show(right, vz.number_grid_svg(view.conv[..., o], size=180, titles=(_("the lab's convolution"), _("picture"))))
        diff = float(np.abs(view.y - view.conv).max())
        st.success(
            _("M·x reshaped to {h}×{w} equals the convolution (largest difference {diff}).").format(
                h=view.y.shape[0], w=view.y.shape[1], diff=fmt_number(diff, ".1g")
            )
        )
        table = lazy_expander(_("The matrix as a table"), "m_table")
        if table is not None:
            with table:
                st.dataframe(np.round(view.matrix, 4), hide_index=False)
        windows = lazy_expander(_("im2col: every window a row, the kernel a column"), "m_im2col")
        if windows is not None:
            with windows:
                im2col_block(view, xc, cs, o)
        transposed = lazy_expander(_("The transposed convolution: multiply by Mᵀ"), "m_transposed")
        if transposed is not None:
            with transposed:
                transposed_block(view, xc, cs)
