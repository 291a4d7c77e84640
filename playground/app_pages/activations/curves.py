"""Activations page: the curves with their derivatives, softplus as sigmoids, and maxout."""

from __future__ import annotations

import streamlit as st

from playground.common import friendly_errors
from playground.i18n import _, current_language, fmt_number, ngettext
from playground.state import number_input, param
from tfdl.activations import ACTIVATIONS, FORMULAS

NAMES = list(ACTIVATIONS)
SHOWN = ("sigmoid", "tanh", "relu")


def curves_tab() -> list[str]:
    """Chosen activations and their derivatives on a chosen range, with their formulas."""
    import tfdl.viz.activations as V

    keys = [f"act_show_{name}" for name in NAMES] + ["act_xmin", "act_xmax"]
    for name in NAMES:
        param(f"act_show_{name}", name in SHOWN)
    param("act_xmin", -5.0, min=-50.0, max=50.0)
    param("act_xmax", 5.0, min=-50.0, max=50.0)
    for col, name in zip(st.columns(len(NAMES)), NAMES):
        col.checkbox(name, key=f"act_show_{name}")
    c1, c2 = st.columns(2)
    with c1:
        x_min = number_input(_("x from"), "act_xmin", step=1.0)
    with c2:
        x_max = number_input(_("x to"), "act_xmax", step=1.0)
    chosen = [name for name in NAMES if st.session_state[f"act_show_{name}"]]
    with friendly_errors():  # no activation chosen, or x_max <= x_min: said in the user's language
        st.pyplot(V.activation_curves_figure(chosen, float(x_min), float(x_max)))
        st.table({
            _("activation"): chosen,
            "f(x)": [FORMULAS[name][0] for name in chosen],
            "f'(x)": [FORMULAS[name][1] for name in chosen],
        })
        st.markdown(_(
            "Sigmoid's slope is at most 1/4, so ten sigmoid layers scale a gradient by at most "
            "(1/4)¹⁰ ≈ 10⁻⁶. ReLU's slope is exactly 1 where it is active: no vanishing, but a unit "
            "whose input stays negative is dead (slope 0) — leaky ReLU keeps slope 0.1 there."
        ))
    return keys


def softplus_tab() -> list[str]:
    """Σ of N shifted sigmoids ≈ softplus ≈ ReLU; a maxout unit of k random pieces."""

    import tfdl.activations as A
    import tfdl.viz.activations as V

    param("act_terms", 10, min=1, max=30)
    param("act_pieces", 3, min=1, max=8)
    n = int(st.slider(_("Number of shifted sigmoids N"), 1, 30, key="act_terms"))
    label = ngettext("Σ of {n} sigmoid", "Σ of {n} sigmoids", n).format(n=n)
    st.pyplot(V.softplus_sum_figure(n, x_max=max(12.0, n + 2.0), texts={"sum": label}))
    st.markdown(_(
        "Σᵢ σ(x + 1/2 − i) for i = 1..{n}: a stack of binary units with shifted biases. Below "
        "x ≈ N it matches softplus log(1 + eˣ) (largest gap here {gap}), and softplus ≈ ReLU: "
        "this is how Nair & Hinton (2010) arrived at rectified linear units."
    ).format(n=n, gap=fmt_number(A.softplus_sum_gap(n), ".3f")))
    st.subheader(_("Maxout: the max of k linear pieces"))
    k = int(st.slider(_("Pieces k"), 1, 8, key="act_pieces"))
    w, b = A.random_maxout_pieces(k)
    st.pyplot(V.maxout_figure(w, b, texts={"max": _("max (maxout)")}, locale=current_language()))
    st.caption(_(
        "A maxout unit h = maxⱼ (wⱼx + bⱼ) learns its own convex piecewise-linear activation "
        "(Goodfellow et al., 2013): `tfdl.layers.Maxout(units, pieces)`."
    ))
    return ["act_terms", "act_pieces"]
