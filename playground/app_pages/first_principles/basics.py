"""First principles tabs without training: depth without nonlinearity collapses, XOR needs a
nonlinearity (numpy gradient descent), one hidden layer of sigmoids approximates (Cybenko)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import tfdl.experiments.first_principles as A
from playground.code_export import code_expander
from playground.common import friendly_errors
from playground.i18n import N_, _, fmt_number, ngettext, pgettext
from playground.state import number_input, param
from tfdl.codegen import approximation_code, xor_code

XOR_ACTS = ["linear", "tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus"]
N_("step 1[x > 0]")  # the one label of tfdl's TARGETS with words (the others are formulas)
KEYS = [
    "fp_depth",
    "fp_width",
    "fp_act",
    "fp_hidden",
    "fp_steps",
    "fp_lr",
    "fp_seed",
    "fp_target",
    "fp_units",
    "fp_steep",
]
state = st.session_state


def declare() -> None:
    """The tabs' settings (link → session → default), declared before any widget is drawn."""
    param("fp_depth", 5, min=1, max=20)
    param("fp_width", 3, min=1, max=6)
    param("fp_act", "tanh", options=XOR_ACTS)
    param("fp_hidden", 2, min=1, max=8)
    param("fp_steps", 2000, options=[100, 500, 1000, 2000, 5000])
    param("fp_lr", 0.5, options=[0.01, 0.1, 0.5, 1.0, 2.0, 5.0])
    param("fp_seed", 0, min=0, max=1000)
    param("fp_target", "sin", options=list(A.TARGETS))
    param("fp_units", 8, min=1, max=100)
    param("fp_steep", 4.0, min=0.5, max=30.0)


def linear_tab():
    c1, c2 = st.columns(2)
    c1.slider(_("Linear layers"), 1, 20, key="fp_depth")
    c2.slider(pgettext("first principles", "Width"), 1, 6, key="fp_width")
    out = A.linear_collapse(int(state["fp_depth"]), int(state["fp_width"]))
    st.latex(r"W_L \cdots W_2 W_1 x = W x,\qquad W = W_L \cdots W_1")
    n = len(out["weights"])
    st.markdown(
        ngettext(
            "The {n} matrix is one {rows}×{cols} matrix W; the deep net and the single layer differ by **{diff}** "
            "(round-off) on random inputs. Depth adds nothing without a nonlinearity.",
            "The product of the {n} matrices is one {rows}×{cols} matrix W; the deep net and the single layer "
            "differ by **{diff}** (round-off) on random inputs. Depth adds nothing without a nonlinearity.",
            n,
        ).format(n=n, rows=out["W"].shape[0], cols=out["W"].shape[1], diff=fmt_number(out["max_difference"], ".1e"))
    )
    st.dataframe(pd.DataFrame(out["W"]).round(4), hide_index=True)


def xor_tab():
    w, b, p_lin = A.xor_linear_fit()
    h, y_relu = A.xor_relu_network()
    table = pd.DataFrame(
        {
            "x₁": A.XOR_X[:, 0].astype(int),
            "x₂": A.XOR_X[:, 1].astype(int),
            "XOR": A.XOR_Y.astype(int),
            _("best linear ŷ"): p_lin.round(3),
            "h = ReLU(Wᵀx + c)": [f"({a:g}, {c:g})" for a, c in h],
            "ŷ = wᵀh": y_relu,
        }
    )
    st.dataframe(table, hide_index=True)
    st.markdown(
        _(
            "Least squares gives the linear model ŷ = 1/2 everywhere: no line separates XOR. Two linear "
            "maps with a ReLU between them, W = [[1,1],[1,1]], c = (0, −1), w = (1, −2), solve it "
            "exactly: the hidden layer folds (0,1) and (1,0) onto the same point."
        )
    )
    st.subheader(_("Train it yourself (gradient descent, numpy)"))
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox(pgettext("first principles", "Activation"), XOR_ACTS, key="fp_act")
    c2.slider(pgettext("first principles", "Hidden units"), 1, 8, key="fp_hidden")
    c3.select_slider(pgettext("first principles", "Steps"), [100, 500, 1000, 2000, 5000], key="fp_steps")
    c4.select_slider(pgettext("first principles", "Learning rate"), [0.01, 0.1, 0.5, 1.0, 2.0, 5.0], key="fp_lr")
    number_input(pgettext("first principles", "Seed"), "fp_seed", step=1)
    with friendly_errors():
        run = A.train_xor(
            state["fp_act"],
            int(state["fp_hidden"]),
            int(state["fp_steps"]),
            float(state["fp_lr"]),
            int(state["fp_seed"]),
        )
        left, right = st.columns(2)
        loss = pd.DataFrame({pgettext("first principles", "loss"): run["loss"]})
        left.line_chart(loss.rename_axis(pgettext("first principles", "step")))
        from tfdl.viz.training import decision_boundary_figure

        axis = np.linspace(-0.5, 1.5, 60)
        xx, yy = np.meshgrid(axis, axis)
        p = run["predict"](np.stack([xx.ravel(), yy.ravel()], axis=1)).reshape(xx.shape)
        texts = {
            "probability": pgettext("first principles", "P(class 1)"),
            "class": pgettext("first principles", "class {k}"),
            "train": _("training points"),
        }
        right.pyplot(decision_boundary_figure(xx, yy, p, A.XOR_X, A.XOR_Y, size=3.2, texts=texts))
        st.metric(_("Accuracy on the 4 points"), fmt_number(run["accuracy"], ".0%"))
        code_expander("fp_xor_code", lambda: xor_code(state["fp_act"], int(state["fp_hidden"]), int(state["fp_steps"]),
                                                      float(state["fp_lr"]), int(state["fp_seed"])))
        if state["fp_act"] == "linear":
            st.info(_("Linear hidden layer: the model is linear, stuck at 1/2."))
        elif run["accuracy"] < 1:
            st.info(_("Not solved from this start: try more hidden units or another seed (a ReLU unit can die)."))


def cybenko_tab():
    c1, c2, c3 = st.columns(3)
    c1.selectbox(_("Target function"), list(A.TARGETS), key="fp_target", format_func=lambda k: _(A.TARGETS[k].label))
    c2.slider(_("Hidden sigmoid units"), 1, 100, key="fp_units")
    c3.slider(pgettext("first principles", "Steepness"), 0.5, 30.0, step=0.5, key="fp_steep")
    target = A.TARGETS[state["fp_target"]]
    out = A.universal_approximation(
        target.fn, int(state["fp_units"]), float(state["fp_steep"]), target.x_min, target.x_max
    )
    frame = pd.DataFrame({_(target.label): out["y"], "f̂(x)": out["y_hat"]}, index=np.round(out["x"], 3))
    st.line_chart(frame)
    st.latex(r"\hat f(x) = a_0 + \sum_{i=1}^{N} a_i\, \sigma\big(s\,(x - c_i)\big)")
    st.metric("max |f − f̂|", fmt_number(out["max_error"], ".4f"))
    code_expander("fp_approx_code",
                  lambda: approximation_code(state["fp_target"], int(state["fp_units"]), float(state["fp_steep"])))
    if int(state["fp_units"]) <= 12:
        parts = pd.DataFrame(
            out["hidden"], index=np.round(out["x"], 3), columns=[f"a{i + 1}σ" for i in range(out["hidden"].shape[1])]
        )
        st.caption(_("Each unit's contribution aᵢσ(s(x − cᵢ)): a smooth step."))
        st.line_chart(parts)
    st.markdown(
        _(
            "Cybenko (1989): sums of sigmoids with one hidden layer approximate any continuous function "
            "on an interval as closely as you like. More units → a finer staircase → smaller error; the "
            "discontinuous step is approximated everywhere except near its jump."
        )
    )
