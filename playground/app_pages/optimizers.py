"""Optimisers: race SGD, momentum, Nesterov, Adagrad, RMSProp and Adam on 2-D loss surfaces.

Every path comes from ``tfdl.trajectories.run`` (all optimisers in one compiled TensorFlow loop),
cached with ``st.cache_data``, and its two figures drawn once per race (``RaceFrames``, cached with
``st.cache_resource``): the step slider only redraws the paths, the tolerance only the table.
Presets tell the course's stories; settings off their defaults are mirrored in the link. The
parts live in ``app_pages/optimizers/`` (setup, controls, results). A second tab,
``landscapes``, shows the loss landscapes of a residual net and of the same net without skips.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.optimizers import landscapes
from playground.app_pages.optimizers.controls import controls
from playground.app_pages.optimizers.results import results
from playground.app_pages.optimizers.setup import (
    ALL_KEYS,
    PRESET_NAMES,
    PRESET_TEXT,
    apply_preset,
    declare_settings,
    run_race,
)
from playground.code_export import code_expander
from playground.common import friendly_errors
from playground.exercise import exercise_keys, exercise_section
from playground.i18n import _, pgettext
from playground.page_table import page_title
from playground.state import sync_params
from tfdl.codegen import race_code

st.title(page_title("optimizers"))
st.caption(_(
    "Each optimiser is a formula (notes 001/002). Pick a surface and a start, give each optimiser "
    "its own hyperparameters and watch the paths; every path is computed by tfdl in one compiled "
    "TensorFlow loop."))

LANDSCAPE_TAB = _("Loss landscapes of real networks")
race_tab, landscape_tab = st.tabs([_("Optimiser race"), LANDSCAPE_TAB],
                                  default=LANDSCAPE_TAB if any(k.startswith("ls_") for k in st.query_params) else None)
with race_tab:
    preset = declare_settings()
    st.selectbox(_("Story (preset)"), list(PRESET_NAMES), key="opt_preset", on_change=apply_preset,
                 format_func=lambda k: pgettext("optimizers", "custom") if k == "custom" else _(PRESET_NAMES[k]))
    st.info(_(PRESET_TEXT[preset]))

    left, right = st.columns([1, 2])
    with left:
        race = controls()
    with right:
        if not race.configs:
            st.error(_("Pick at least one optimiser on the left."))
        else:
            with friendly_errors(), st.spinner(_("Running the optimisers…")):
                df = run_race(race.surface, race.surface_params, race.noise, race.start, race.steps, race.configs)
                results(race, df)
            code_expander("opt_code", lambda: race_code(race.surface, race.surface_params, race.start, race.steps,
                                                        race.configs, noise=race.noise))
with landscape_tab:
    landscapes.render()
exercise_section("opt", ("optimizer_race",), n=3)

sync_params(ALL_KEYS + landscapes.KEYS + exercise_keys("opt"))
