"""First principles tab "Backprop": ∂f/∂x as the sum over the graph's paths, then the reverse sweep
that computes it one node at a time (``graph_gradient``, ``backprop_sweep``, ``graph_dot``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import tfdl.experiments.first_principles as A
from playground.i18n import _, fmt_number, ngettext, pgettext
from playground.state import param, set_value

KEYS = ["fp_x", "fp_sweep"]
NODES = 6  # x, a, b, c, d, f
state = st.session_state


def declare() -> None:
    param("fp_x", 0.7, min=-3.0, max=3.0)
    param("fp_sweep", 1, min=1, max=NODES)


def _number(value: float) -> str:
    """A number on the graph, 3 significant digits in the page's language (0.644 / 0,644)."""
    return fmt_number(value, ".3g")


def _move(delta: int) -> None:
    set_value("fp_sweep", min(NODES, max(1, int(state["fp_sweep"]) + delta)))


def render() -> None:
    st.slider("x", -3.0, 3.0, step=0.1, key="fp_x")
    g = A.graph_gradient(float(state["fp_x"]))
    st.latex(A.GRAPH_LATEX)
    st.graphviz_chart(A.graph_dot(g, number=_number))
    path, product = pgettext("first principles", "path"), _("product of edge derivatives")
    st.dataframe(pd.DataFrame([{path: " → ".join(p), product: prod} for p, prod in g["paths"]]), hide_index=True)
    st.markdown(
        ngettext(
            "∂f/∂x = sum over the {n} path = **{gradient}**; a finite difference gives {numeric}. Backpropagation "
            "computes the same sum without listing the paths: it goes backwards once, adding at each node the "
            "contributions of its children.",
            "∂f/∂x = sum over the {n} paths = **{gradient}**; a finite difference gives {numeric}. Backpropagation "
            "computes the same sum without listing the paths: it goes backwards once, adding at each node the "
            "contributions of its children.",
            len(g["paths"]),
        ).format(n=len(g["paths"]), gradient=fmt_number(g["gradient"], ".6f"), numeric=fmt_number(g["numeric"], ".6f"))
    )
    sweep(g)


def sweep(g: dict) -> None:
    """The reverse sweep, one node per step: Back / step slider / Next, the graph with the node lit."""
    st.subheader(_("Backprop step by step: the reverse sweep"))
    st.markdown(
        _(
            "Start with f̄ = ∂f/∂f = 1 and visit the nodes in reverse topological order. When a node is visited "
            "all its children are done, so its adjoint v̄ = ∂f/∂v is complete; it sends v̄ · ∂v/∂u to each parent u, "
            "where the contributions add up."
        )
    )
    steps = A.backprop_sweep(float(state["fp_x"]))
    c1, c2, c3 = st.columns([1, 6, 1], vertical_alignment="bottom")
    c1.button(_("◀ Back"), key="fp_sweep_back", on_click=_move, args=(-1,), disabled=int(state["fp_sweep"]) <= 1)
    c2.slider(_("Step of the backward sweep"), 1, NODES, key="fp_sweep")
    c3.button(_("Next ▶"), key="fp_sweep_next", on_click=_move, args=(1,), disabled=int(state["fp_sweep"]) >= NODES)
    step = steps[int(state["fp_sweep"]) - 1]
    st.graphviz_chart(A.graph_dot(g, step=step, number=_number))
    order = " → ".join(f"**{s.node}**" if s is step else s.node for s in steps)
    st.markdown(_("Order of the sweep: {order}").format(order=order))
    value = fmt_number(step.value, ".4g")
    adjoint = fmt_number(step.adjoint, ".4g")
    if step.local:
        sent = ", ".join(
            f"{parent}̄ += {adjoint} · {fmt_number(d, '.4g')} = {fmt_number(step.adjoint * d, '.4g')}"
            for parent, d in step.local.items()
        )
        st.markdown(
            _(
                "Node **{node}** = {value}: its adjoint {node}̄ = ∂f/∂{node} = **{adjoint}** is complete. "
                "It sends to its parents: {sent}."
            ).format(node=step.node, value=value, adjoint=adjoint, sent=sent)
        )
    else:
        st.success(
            _(
                "The input x is reached: x̄ = ∂f/∂x = **{adjoint}**, the same as the sum over the paths above ({paths})."
            ).format(adjoint=adjoint, paths=fmt_number(g["gradient"], ".6f"))
        )
    node, forward, local, acc = (
        _("node"),
        _("forward value"),
        _("local derivatives ∂node/∂parent"),
        _("adjoint so far ∂f/∂node"),
    )
    rows = []
    for s in reversed(steps):
        derivs = ", ".join(f"∂{s.node}/∂{u} = {fmt_number(d, '.4g')}" for u, d in s.local.items())
        so_far = step.adjoints[s.node]
        rows.append(
            {
                node: s.node,
                forward: fmt_number(s.value, ".4g"),
                local: derivs or "—",
                acc: "" if so_far is None else fmt_number(so_far, ".4g"),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(_("Every number here equals TensorFlow's: tf.GradientTape gives the same adjoints (tested)."))
