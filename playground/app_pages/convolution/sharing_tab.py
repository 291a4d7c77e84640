"""The "Dense vs shared" tab: sparse interactions and weight sharing. A dense layer, a locally connected
layer and the lab's convolution map the same input to the same output shape: their parameter counts,
and which inputs one output cell sees."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import show
from playground.app_pages.convolution.view_common import conv_settings, from_conv_tab
from playground.common import friendly_errors
from playground.i18n import N_, _, fmt_number
from playground.state import set_value
from tfdl import functional as F
from tfdl import shapes
from tfdl.viz import matrix_svg as mz

KIND_LABELS = {
    "dense": N_("dense (every input, own weights)"),
    "local": N_("locally connected (a window, own weights)"),
    "conv": N_("convolution (a window, shared weights)"),
}


def _table(counts, formulas) -> None:
    header = (
        _("layer"),
        _("parameters"),
        _("inputs one output sees"),
        _("outputs using each weight"),
        _("connections"),
        _("formula"),
    )
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|---|---|"]
    for row in counts:
        numbers = " | ".join(fmt_number(v, ",d") for v in (row.sees, row.uses, row.connections))
        lines.append(
            f"| {_(KIND_LABELS[row.kind])} | **{fmt_number(row.params, ',d')}** | {numbers} | `{formulas[row.kind]}` |"
        )
    st.markdown("\n".join(lines))


def sharing_tab(x, is_open: bool) -> None:
    """Draw the tab (only while it is open)."""
    if not is_open:
        return
    st.caption(
        _(
            "Three layers with the same input and the same output shape. A dense layer connects every input to every "
            "output. A convolution's output cell sees only a window (sparse interactions) and every cell uses the same "
            "kernel (weight sharing). A locally connected layer (tfdl.layers.LocallyConnected2D; Keras 3 dropped "
            "its own) sees the same windows but has its own kernel at each position: sparse, not shared."
        )
    )
    if x is None:
        return
    state = st.session_state
    with friendly_errors():
        cs = conv_settings(x.shape[-1])
        from_conv_tab(cs)
        (H, W, C), (kh, kw, cg, n) = x.shape, cs.kernel.shape
        out = shapes.conv_output_shape((H, W), (kh, kw), cs.stride, cs.padding, cs.dilation)
        counts = F.sharing_counts(x.shape, (kh, kw), n, cs.stride, cs.padding, cs.dilation, cs.groups)
        ho, wo = out
        formulas = {
            "dense": f"({H}·{W}·{C})·({ho}·{wo}·{n}) + {ho}·{wo}·{n}",
            "local": f"{ho}·{wo}·({kh}·{kw}·{cg}·{n} + {n})",
            "conv": f"{kh}·{kw}·{cg}·{n} + {n}",
        }
        _table(counts, formulas)
        dense, local, conv = (row.params for row in counts)
        st.caption(
            _(
                "Sharing one kernel makes the convolution {local}× smaller than the locally connected layer "
                "and {dense}× smaller than the dense layer; it also makes it equivariant to shifts (a shifted "
                "input gives a shifted output)."
            ).format(local=fmt_number(local / conv, ",.0f"), dense=fmt_number(dense / conv, ",.0f"))
        )
        total = ho * wo
        set_value("scell", min(int(state["scell"]), total - 1))
        if total > 1:
            st.slider(_("Output cell"), 0, total - 1, key="scell", help=_("Output cells are numbered row by row."))
        i, j = divmod(int(state["scell"]), wo)
        masks = [
            F.seen_mask(kind, (H, W), (kh, kw), (i, j), cs.stride, cs.padding, cs.dilation, cs.mode)
            for kind in F.LAYER_KINDS
        ]
        st.caption(
            _(
                "Output cell ({i}, {j}): the convolution and the locally connected layer read {k} of the {n} "
                "input cells; the dense layer reads all {n}. Zero padding cells read nothing."
            ).format(i=i, j=j, k=int(masks[2].sum()), n=H * W)
        )
        where = ((i, j), cs.stride, cs.padding, cs.dilation, cs.mode)
        own = np.round(np.random.default_rng(i * wo + j).normal(size=(kh, kw)), 1)  # this position's own kernel
        weights = [
            None,
            F.window_weights((H, W), own, *where),
            F.window_weights((H, W), cs.kernel[:, :, 0, 0], *where),
        ]
        show(
            st,
            mz.connectivity_svg(
                x[..., 0],
                masks,
                out,
                (i, j),
                titles=(_("dense"), _("locally connected"), _("convolution")),
                output_title=_("output cell"),
                size=260 if max(H, W) <= 8 else 220,
                weights=weights,
            ),
        )
        if max(H, W) <= 11:
            st.caption(
                _(
                    "×w: the weight of each input cell in this output cell (input channel 0, filter 0). Move the "
                    "output cell: the convolution's weights stay the kernel, the locally connected layer's change "
                    "(random here, as right after initialisation)."
                )
            )
