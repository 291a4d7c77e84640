"""The Optimisers page's left column: the surface, the start, and each optimiser's hyperparameters.

Every optimiser's rule is shown in LaTeX from its class (``tfdl.optimizers.Adam.formula``), the
same text its docstring shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from playground.app_pages.optimizers.setup import DECAYS, FORMS, NAMES, SURFACE_PARAM, SURFACES, range_of
from playground.i18n import _, pgettext
from playground.state import forget, number_input


@dataclass
class Race:
    """What the left column chose: the surface, the start and the optimisers' configurations."""

    surface: str
    surface_params: tuple
    noise: float
    start: tuple
    steps: int
    tol: float
    configs: tuple


def _slider(label: str, key: str, **kwargs):
    return st.slider(label, *range_of(key), key=key, **kwargs)


def _hyperparameters(name: str) -> dict:
    """The widgets of one optimiser; returns its constructor arguments (and SGD's decay)."""
    low = name.lower()
    hyper = {"learning_rate": number_input(_("η (learning rate)"), f"opt_lr_{low}", format="%g", step=0.001)}
    if name == "SGD":
        hyper["decay"] = st.selectbox(_("step-size decay η_t"), list(DECAYS), format_func=lambda d: _(DECAYS[d]),
                                      key="opt_decay_sgd")
        if hyper["decay"] == "inverse_time":
            hyper["decay_rate"] = number_input("k", "opt_k_sgd", format="%g", step=0.01)
        if hyper["decay"] == "step":
            hyper["drop"] = number_input("γ", "opt_drop_sgd", format="%g", step=0.05)
            hyper["step_size"] = int(number_input("T", "opt_every_sgd", step=1))
    if name in ("Momentum", "Nesterov"):
        hyper["momentum"] = _slider(_("momentum α (γ)"), f"opt_mom_{low}")
        hyper["form"] = st.radio(pgettext("optimizers", "form"), FORMS, horizontal=True,
                                 format_func=lambda f: pgettext("optimizers", "classic") if f == "classic" else "EMA",
                                 key=f"opt_form_{low}")
    if name == "RMSProp":
        hyper["rho"] = _slider("ρ", "opt_rho_rmsprop")
    if name == "Adam":
        hyper["beta_1"] = _slider("β₁", "opt_b1_adam")
        hyper["beta_2"] = _slider("β₂", "opt_b2_adam", format="%.4f")
    if name in ("Adagrad", "RMSProp", "Adam"):
        hyper["epsilon"] = number_input("ε", f"opt_eps_{low}", format="%g", step=1e-7)
    return hyper


def controls() -> Race:
    """Draw the left column; returns the race it describes."""
    import tfdl.optimizers

    st.subheader(pgettext("optimizers", "Surface"))
    surface = st.selectbox(pgettext("optimizers", "Surface"), list(SURFACES), key="opt_surface",
                           format_func=lambda k: _(SURFACES[k]))
    surface_params = ()
    if surface in SURFACE_PARAM:
        key, arg, label = SURFACE_PARAM[surface]
        surface_params = ((arg, float(number_input(_(label), key, format="%g", step=0.1))),)
    noise = number_input(_("gradient noise σ (mini-batch SGD)"), "opt_noise", step=0.1)
    c1, c2 = st.columns(2)
    with c1:
        x0 = number_input(_("start x"), "opt_x0", step=0.1, format="%g")
    with c2:
        y0 = number_input(_("start y"), "opt_y0", step=0.1, format="%g")
    steps = _slider(pgettext("optimizers", "steps"), "opt_steps", on_change=forget, args=("opt_view_step",))
    tol = number_input(_("tolerance above the minimum"), "opt_tol", format="%g", step=1e-3)

    st.subheader(pgettext("optimizers", "Optimisers"))
    configs = []
    for name in NAMES:
        with st.expander(name, expanded=bool(st.session_state[f"opt_use_{name.lower()}"])):
            use = st.checkbox(_("use {name}").format(name=name), key=f"opt_use_{name.lower()}")
            hyper = _hyperparameters(name)
            st.latex(getattr(tfdl.optimizers, name).formula)
        if use:
            configs.append((name, tuple(sorted(hyper.items()))))
    return Race(surface, surface_params, float(noise), (float(x0), float(y0)), int(steps), float(tol), tuple(configs))
