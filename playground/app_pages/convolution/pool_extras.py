"""The Pooling tab's views of the current input beyond the forward pass: where max pooling's
gradient goes (the arg-max cells), global average / max pooling, and arg-max unpooling."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.convolution.inputs import show
from playground.i18n import N_, _, fmt_number
from tfdl import functional as F
from tfdl.viz import pool_svg as pv

GRAD_LABELS = {"ones": N_("all ones"), "numbered": N_("1, 2, 3, … (one number per output cell)")}


def upstream_gradient(shape, kind: str) -> np.ndarray:
    """The upstream gradient dL/dy the backward view sends: ones, or the output cells numbered 1, 2, …
    in row-major order (then each input cell's sum says which windows it won)."""
    if kind == "numbered":
        return np.arange(1, int(np.prod(shape)) + 1, dtype=float).reshape(shape)
    return np.ones(shape)


def extras_skeleton(is_open: bool):
    """The headers and the upstream-gradient choice (drawn before anything is computed).

    Returns:
        (backward, global_and_unpool) containers.
    """
    st.markdown("##### " + _("Backward: where max pooling's gradient goes"))
    if is_open:
        st.radio(
            _("Upstream gradient dL/dy"),
            list(GRAD_LABELS),
            key="pgrad",
            horizontal=True,
            format_func=lambda v: _(GRAD_LABELS[v]),
            help=_("The gradient that arrives from the layers above, one number per output cell."),
        )
    backward = st.container()
    st.markdown("##### " + _("Global pooling and arg-max unpooling"))
    return backward, st.container()


def _winners(shape, argmax) -> np.ndarray:
    """The cells that are the maximum of at least one window (``argmax``: flat indices, one channel)."""
    mask = np.zeros(int(np.prod(shape)), dtype=bool)
    mask[np.asarray(argmax).ravel()] = True
    return mask.reshape(shape)


def extras_block(backward, rest, x, kind, f, s, padding, ceil_mode) -> None:
    """Max pooling of channel 0 with the tab's window, stride and padding: its gradient routing and
    its unpooling; global pooling of every channel."""
    x0 = x[..., 0]
    y, argmax = F.max_pool2d(x0, f, s, padding, ceil_mode, return_indices=True)
    winners = _winners(x0.shape, argmax)
    channel_note = _(" Channel 1 of {c}.").format(c=x.shape[-1]) if x.shape[-1] > 1 else ""
    with backward:
        grad_out = upstream_gradient(y.shape, st.session_state["pgrad"])
        grad_x, _argmax = F.max_pool2d_backward(x0, grad_out, f, s, padding, ceil_mode)
        with st.spinner(_("Drawing the gradient…")):
            show(
                st,
                pv.pool_backward_svg(
                    x0,
                    grad_out,
                    grad_x,
                    winners,
                    titles=(_("input: arg-max cells framed"), _("upstream gradient dL/dy"), _("gradient dL/dx")),
                ),
            )
        st.caption(
            _(
                "Max pooling passes each output cell's gradient to the one input cell that won its window "
                "(framed, the first maximum in reading order on a tie); every other cell gets 0. Where windows "
                "overlap (stride < F), a cell that wins several windows adds their gradients up. "
                "Sum of dL/dx = sum of dL/dy = {total}."
            ).format(total=fmt_number(float(grad_out.sum()), "g"))
            + (_(" Shown for max pooling with this tab's window, stride and padding.") if kind != "max" else "")
            + channel_note
        )
    with rest:
        head = "| " + " | ".join((_("channel"), _("global average"), _("global max"))) + " |"
        rows = [head, "|---|---|---|"]
        averages, maxima = F.global_avg_pool2d(x), F.global_max_pool2d(x)
        for c in range(x.shape[-1]):
            a, m = (fmt_number(float(v[c]), ".4g") for v in (averages, maxima))
            rows.append(f"| {c + 1} | {a} | {m} |")
        st.markdown("\n".join(rows))
        st.caption(
            _(
                "Global pooling turns each whole H×W map into one number per channel: {h}×{w}×{c} → {c}. Network in "
                "Network and GoogLeNet end with global average pooling instead of dense layers."
            ).format(h=x.shape[0], w=x.shape[1], c=x.shape[2])
        )
        unpooled = F.max_unpool2d(y, argmax, x0.shape)
        with st.spinner(_("Drawing the unpooling…")):
            show(st, pv.unpool_svg(y, unpooled, winners, titles=(_("max pooled"), _("unpooled: maxima put back"))))
        st.caption(
            _(
                "Arg-max unpooling (DeconvNet, SegNet; tfdl.layers.MaxUnpooling2D) remembers where each maximum "
                "came from (the pooling's switches) and puts it back there, zeros elsewhere: the input's size again, "
                "its details lost. A cell that won several overlapping windows gets their sum, as the layer's "
                "scatter adds."
            )
            + channel_note
        )
