"""Inside page: the sanity check of Adebayo et al. (2018) — do the attribution maps depend on the model?

A copy of the model has its layers re-initialised one by one from the top; each method's map is
recomputed after every step (``tfdl.interpret.sanity_check``), drawn as a grid (rows = methods,
columns = steps) and as the rank correlation with the trained model's map. The result is cached in
the session per model, digit, class and settings.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from playground.app_pages.inside.views import METHOD_TITLES
from playground.common import friendly_errors
from playground.i18n import _, fmt_number
from playground.state import number_input, param

_CACHE = "inside_sanity"


def _result(d, seed: int, samples: int):
    """``tfdl.interpret.sanity_check`` of this digit, computed once per model, digit, class and settings."""
    import tfdl.interpret as I

    key = (hashlib.sha1(d.x.tobytes()).hexdigest(), d.class_index, seed, samples)
    entry = st.session_state.get(_CACHE)
    if entry is None or entry["model"] is not d.model or entry["key"] != key:
        with st.spinner(_("Randomising the layers of a copy of the model and recomputing every map…")):
            result = I.sanity_check(d.model, d.x, class_index=d.class_index, seed=seed, n_samples=samples)
        entry = {"model": d.model, "key": key, "result": result}
        st.session_state[_CACHE] = entry
    return entry["result"]


def sanity(d) -> list[str]:
    """Cascading randomisation of the weights from the top; every map and its rank correlation per step."""
    from tfdl.viz import sanity as V

    param("in_sc_seed", 0, min=0, max=9999)
    param("in_sc_samples", 10, min=1, max=50)
    c1, c2 = st.columns(2)
    with c1:
        seed = int(number_input(_("Seed of the new weights"), "in_sc_seed", step=1))
    samples = int(c2.slider(_("SmoothGrad samples"), 1, 50, key="in_sc_samples"))
    st.markdown(
        _(
            "**Sanity check** (Adebayo et al., 2018): re-initialise the weights of a copy of the network layer by "
            "layer from the top (cascading: the output layer, then the top two, …) and recompute each map. A map "
            "that explains the *model* must change; one that stays the same shows the input, not what was learned."
        )
    )
    with friendly_errors():
        result = _result(d, seed, samples)
        steps = [_("trained")] + ["+ " + name for name in result.layers]
        names = {method: _(METHOD_TITLES[method]) for method in result.maps}
        st.pyplot(
            V.sanity_grid_figure(
                {names[m]: maps for m, maps in result.maps.items()}, steps, colorbar_label=_("|map| / its maximum")
            )
        )
        st.pyplot(
            V.sanity_correlation_figure(
                {names[m]: rho for m, rho in result.correlations.items()},
                steps,
                xlabel=_("layers randomised (cascading from the top)"),
                ylabel=_("Spearman ρ with the trained model's |map|"),
            )
        )
        final = ", ".join(
            _("{method} ρ = {rho}").format(
                method=names[m],
                rho=fmt_number(rho[-1], ".2f") if rho[-1] == rho[-1] else _("undefined (a constant map)"),
            )
            for m, rho in result.correlations.items()
        )
        st.caption(
            _(
                "Columns: the trained model, then one more layer re-initialised with its own initializer at each step "
                "(“+ name” adds that layer). Each map is scaled by its own maximum. "
                "After every layer is random: {final}. Guided backprop famously stays similar: "
                "it mostly reconstructs the image. A missing point: that map is constant (e.g. Grad-CAM all zero), "
                "so its ρ is undefined."
            ).format(final=final)
        )
    return ["in_sc_seed", "in_sc_samples"]
