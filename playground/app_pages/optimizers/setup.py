"""The Optimisers page's settings: their defaults and ranges, the course's presets, and the race.

A preset is a set of values; the page shows its story only while every setting still has the
preset's value: the first change turns the preset into "custom" (and the link then holds the
settings that differ from the custom defaults, :data:`BASE`).
"""

from __future__ import annotations

import streamlit as st

from playground.i18n import N_
from playground.state import forget, param, set_value

NAMES = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"]
SURFACES = {
    "bowl": N_("quadratic bowl"), "ravine": N_("ravine (elongated bowl)"), "rosenbrock": N_("Rosenbrock"),
    "beale": N_("Beale"), "himmelblau": N_("Himmelblau"), "saddle": N_("saddle x² − y²"), "rastrigin": N_("Rastrigin"),
}
SURFACE_PARAM = {  # surface -> (widget key, argument of get_surface, label)
    "bowl": ("opt_scale", "scale", N_("scale c")),
    "ravine": ("opt_kappa", "condition_number", N_("condition number κ")),
    "rosenbrock": ("opt_b", "b", N_("valley steepness b")),
    "rastrigin": ("opt_A", "A", N_("ripple depth A")),
}
FORMS = ("classic", "ema")  # Momentum's and Nesterov's ``form``
DECAYS = {"none": N_("constant η"), "inverse_time": "η / (1 + k·t)", "inverse_sqrt": "η / √(t + 1)",
          "step": N_("step: η·γ^⌊t/T⌋")}

BASE = {
    "opt_surface": "ravine", "opt_scale": 1.0, "opt_kappa": 50.0, "opt_b": 100.0, "opt_A": 10.0,
    "opt_noise": 0.0, "opt_x0": -9.0, "opt_y0": 3.0, "opt_steps": 150, "opt_tol": 1e-3,
    "opt_lr_sgd": 0.01, "opt_lr_momentum": 0.01, "opt_lr_nesterov": 0.01, "opt_lr_adagrad": 0.1,
    "opt_lr_rmsprop": 0.01, "opt_lr_adam": 0.05,
    "opt_mom_momentum": 0.9, "opt_mom_nesterov": 0.9,
    "opt_form_momentum": "classic", "opt_form_nesterov": "classic",
    "opt_rho_rmsprop": 0.9, "opt_b1_adam": 0.9, "opt_b2_adam": 0.999,
    "opt_eps_adagrad": 1e-7, "opt_eps_rmsprop": 1e-7, "opt_eps_adam": 1e-7,
    "opt_decay_sgd": "none", "opt_k_sgd": 0.01, "opt_drop_sgd": 0.5, "opt_every_sgd": 100,
    **{f"opt_use_{n.lower()}": False for n in NAMES},
}
"""The settings of a custom setup (no preset)."""
RANGES = {  # exact key or prefix -> (min, max)
    "opt_scale": (0.1, 10.0), "opt_kappa": (1.0, 500.0), "opt_b": (1.0, 200.0), "opt_A": (0.5, 20.0),
    "opt_noise": (0.0, 100.0), "opt_x0": (-100.0, 100.0), "opt_y0": (-100.0, 100.0), "opt_steps": (10, 2000),
    "opt_tol": (1e-8, 10.0), "opt_lr_": (1e-6, 100.0), "opt_mom_": (0.0, 0.99), "opt_rho_rmsprop": (0.0, 0.999),
    "opt_b1_adam": (0.0, 0.999), "opt_b2_adam": (0.0, 0.9999), "opt_eps_": (1e-12, 1.0), "opt_k_sgd": (0.0, 10.0),
    "opt_drop_sgd": (0.01, 1.0), "opt_every_sgd": (1, 2000),
}
OPTIONS = {"opt_surface": list(SURFACES), "opt_form_momentum": FORMS, "opt_form_nesterov": FORMS,
           "opt_decay_sgd": list(DECAYS)}
PRESETS = {
    "ravine": dict(opt_surface="ravine", opt_kappa=50.0, opt_x0=-9.0, opt_y0=3.0, opt_steps=150,
                   opt_use_sgd=True, opt_use_momentum=True, opt_use_nesterov=True,
                   opt_lr_sgd=0.038, opt_lr_momentum=0.038, opt_lr_nesterov=0.025,
                   opt_mom_momentum=0.8, opt_mom_nesterov=0.8),
    "saddle": dict(opt_surface="saddle", opt_x0=1.0, opt_y0=1e-4, opt_steps=300, opt_use_sgd=True,
                   opt_use_momentum=True, opt_use_rmsprop=True, opt_use_adam=True, opt_lr_sgd=0.01,
                   opt_lr_momentum=0.01, opt_mom_momentum=0.5, opt_lr_rmsprop=0.01, opt_lr_adam=0.01),
    "adagrad": dict(opt_surface="ravine", opt_kappa=20.0, opt_x0=-9.0, opt_y0=3.0, opt_steps=300,
                    opt_use_adagrad=True, opt_use_rmsprop=True, opt_lr_adagrad=0.1, opt_lr_rmsprop=0.1,
                    opt_tol=1e-2),
    "too_large": dict(opt_surface="bowl", opt_x0=-2.5, opt_y0=2.0, opt_steps=60, opt_use_sgd=True,
                      opt_use_adam=True, opt_lr_sgd=1.05, opt_lr_adam=0.1),
    "rosenbrock": dict(opt_surface="rosenbrock", opt_x0=-1.5, opt_y0=2.5, opt_steps=1000,
                       **{f"opt_use_{n.lower()}": True for n in NAMES},
                       opt_lr_sgd=0.001, opt_lr_momentum=0.001, opt_lr_nesterov=0.001, opt_lr_adagrad=0.5,
                       opt_lr_rmsprop=0.01, opt_lr_adam=0.05),
}
PRESET_NAMES = {
    "custom": "custom",  # pgettext("optimizers", "custom") on the page
    "ravine": N_("ravine: momentum fixes the zig-zag"),
    "saddle": N_("saddle: adaptive methods escape"),
    "adagrad": N_("Adagrad's step dies out, RMSProp's does not"),
    "too_large": N_("too large a learning rate diverges"),
    "rosenbrock": N_("all six on Rosenbrock"),
}
PRESET_TEXT = {
    "custom": N_("Your own setup."),
    "ravine": N_(
        "The ravine: with elongated level sets gradient descent must keep η < 2/κ, so it zig-zags "
        "across the ravine and crawls along it. Momentum averages the zig-zag away and keeps the "
        "speed along the valley."),
    "saddle": N_(
        "The saddle x² − y²: started next to the ridge the gradient along y is tiny, so gradient "
        "descent lingers near the saddle point. RMSProp and Adam divide by the gradient's size and "
        "walk away at full speed."),
    "adagrad": N_(
        "Adagrad's denominator is a sum of all past g², so its step dies out before it arrives; "
        "RMSProp averages only recent g², and its step stays alive."),
    "too_large": N_(
        "Too large a step: on c(x² + y²) gradient descent multiplies w by (1 − 2cη) each step, so "
        "for η > 1/c it overshoots further every time and diverges."),
    "rosenbrock": N_("All six in Rosenbrock's banana valley: finding the valley is easy, following it is not."),
}
ALL_KEYS = ["opt_preset", "opt_view_step", *BASE]


def range_of(key: str) -> tuple:
    """(min, max) of a numeric setting (its exact key, or a prefix such as ``opt_lr_``)."""
    return RANGES.get(key) or next(r for prefix, r in RANGES.items() if key.startswith(prefix))


def _declare(values: dict) -> None:
    for key, default in values.items():
        if key in OPTIONS:
            param(key, default, options=OPTIONS[key])
        elif isinstance(default, bool):
            param(key, default)
        else:
            lo, hi = range_of(key)
            param(key, default, min=lo, max=hi)


def declare_settings() -> str:
    """Declare every setting (defaults: the preset's values); returns the preset still in force.

    A setup that no longer matches its preset is "custom" from then on: its story would lie.
    """
    preset = param("opt_preset", "ravine", options=list(PRESET_NAMES))
    values = {**BASE, **PRESETS.get(preset, {})}
    _declare(values)
    if preset != "custom" and any(st.session_state[key] != value for key, value in values.items()):
        set_value("opt_preset", preset := "custom")
        param("opt_preset", "ravine", options=list(PRESET_NAMES))
        _declare(BASE)
    return preset


def apply_preset() -> None:
    """Callback of the preset box: write the preset's settings into the widgets' state."""
    name = st.session_state.get("opt_preset", "custom")
    if name == "custom":
        return
    for key, value in {**BASE, **PRESETS[name]}.items():
        set_value(key, value)
    forget("opt_view_step")


@st.cache_data(max_entries=64, show_spinner=False)
def run_race(surface: str, surface_params: tuple, noise: float, start: tuple, steps: int,
             configs: tuple, seed: int = 0):
    """All chosen optimisers in one compiled run; cached on exactly what shapes the paths."""
    from tfdl.optimizers import decay_schedule
    from tfdl.surfaces import get_surface
    from tfdl.trajectories import make_optimizer, run

    optimizers = {}
    for name, hyper in configs:
        hyper = dict(hyper)
        decay = {k: hyper.pop(k) for k in ("decay", "decay_rate", "drop", "step_size") if k in hyper}
        if decay:
            hyper["learning_rate"] = decay_schedule(decay.pop("decay"), hyper["learning_rate"], **decay)
        optimizers[name] = make_optimizer(name, **hyper)
    return run(optimizers, get_surface(surface, noise=noise, **dict(surface_params)), start=start, steps=steps,
               seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def surface_grid(surface: str, surface_params: tuple, n: int = 160):
    """The contour grid of a surface (computed once per surface setting)."""
    from tfdl.surfaces import get_surface

    return get_surface(surface, **dict(surface_params)).grid(n)


@st.cache_resource(max_entries=6, show_spinner=False)
def race_frames(surface: str, surface_params: tuple, noise: float, start: tuple, steps: int, configs: tuple,
                texts: tuple):
    """The race's two figures drawn once (``tfdl.viz.optim.RaceFrames``, shared by all sessions): the
    step slider then redraws only the paths and the step marker (tens of milliseconds, not a second)."""
    from tfdl.surfaces import get_surface
    from tfdl.viz.optim import RaceFrames

    df = run_race(surface, surface_params, noise, start, steps, configs)
    return RaceFrames(df, get_surface(surface, **dict(surface_params)), grid=surface_grid(surface, surface_params),
                      texts=dict(texts))
