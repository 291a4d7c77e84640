"""Architectures › Parameter audit: each layer's formula with its numbers, and three totals
(Keras, trainable, torchvision) reconciled with named differences (``tfdl.audit``)."""

from __future__ import annotations

import streamlit as st

from playground.common import friendly_errors, lazy_expander
from playground.i18n import _, fmt_number, ngettext

DIFFERENCES = {
    "bn_moving_statistics": lambda: _(
        "BatchNormalization moving mean and variance (2·C per layer): Keras counts "
        "them as non-trainable weights; PyTorch keeps them as buffers, not parameters"
    ),
    "frozen_weights": lambda: _("other non-trainable (frozen) weights"),
    "conv_bias_before_bn": lambda: _(
        "biases of convolutions followed by batch normalisation: BN's β makes them "
        "redundant, and torchvision's ResNet and DenseNet build these convolutions "
        "with bias=False"
    ),
    "unexplained": lambda: _("not explained by the categories above: the two builds differ in structure"),
}


@st.cache_data(show_spinner=False, max_entries=24)
def audit(name: str, shape: tuple, options: tuple = (), reference: int | None = None) -> dict:
    """Formulas and reconciliation as plain data; the model is built without weights (shapes only)."""
    from dataclasses import asdict

    from tfdl.audit import model_formulas, reconcile
    from tfdl.models import create_model, without_weights

    with without_weights():
        model = create_model(name, input_shape=tuple(shape), **dict(options))
        rows = model_formulas(model)
        r = reconcile(model, reference)
    return {"rows": rows, "reconciliation": asdict(r)}


def audit_section(name: str, shape: tuple, options: tuple, default_shape: tuple) -> None:
    """The "Parameter audit" expander of the Architectures page (built only while open)."""
    from tfdl.audit import TORCHVISION_SOURCE, TORCHVISION_TOTALS

    box = lazy_expander(_("Parameter audit: formulas and three totals"), "arch_audit")
    if box is None:
        return
    with box, friendly_errors():
        published = TORCHVISION_TOTALS.get(name)
        at_default = tuple(shape) == tuple(default_shape) and not options
        data = audit(name, tuple(shape), options, published if at_default else None)
        r = data["reconciliation"]
        c1, c2, c3 = st.columns(3)
        c1.metric(_("Keras total"), fmt_number(r["total"], ","), help=_("model.count_params(): every weight."))
        c2.metric(_("Trainable"), fmt_number(r["trainable"], ","))
        if r["reference_given"]:
            c3.metric(
                _("torchvision (PyTorch)"),
                fmt_number(r["reference"], ","),
                help=_("Published by torchvision: {source}").format(source=TORCHVISION_SOURCE),
            )
        else:
            c3.metric(
                _("Without the differences below"),
                fmt_number(r["reference"], ","),
                help=_("What a PyTorch-style build would report: no moving statistics, no redundant biases."),
            )
            if published is not None:
                st.caption(
                    _(
                        "torchvision reports {count} parameters for {name} at 224×224×3 with 1000 classes; "
                        "compare at that input."
                    ).format(count=fmt_number(published, ","), name=name)
                )
        diffs = r["differences"]
        if diffs:
            st.markdown(
                _("**Keras total − {reference} = {diff}**, made of:").format(
                    reference=fmt_number(r["reference"], ","), diff=fmt_number(r["total"] - r["reference"], ",")
                )
            )
            for d in diffs:
                where = ngettext("{n} layer", "{n} layers", d["layers"]).format(n=d["layers"]) if d["layers"] else ""
                st.markdown(
                    f"- **{fmt_number(d['count'], ',')}** — {DIFFERENCES[d['code']]()}"
                    + (f" ({where})" if where else "")
                )
        else:
            st.success(_("The three totals agree: nothing to explain."))
        import pandas as pd

        table = pd.DataFrame([row for row in data["rows"] if row["count"]])
        st.caption(
            _(
                "Layers with parameters ({n} of {total}); a BatchNormalization's 2·C + 2·C is γ, β "
                "(trainable) and the moving mean and variance (not)."
            ).format(n=len(table), total=len(data["rows"]))
        )
        table = table[["name", "type", "formula", "filled", "count"]]
        table["count"] = [fmt_number(int(c), ",") for c in table["count"]]  # 36,864 / 36 864, as the totals above
        table.columns = [_("name"), _("type"), _("formula"), _("with the numbers"), _("parameters")]
        st.dataframe(table, hide_index=True, width="stretch")
