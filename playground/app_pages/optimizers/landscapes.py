"""The Optimisers page's tab "Loss landscapes of real networks": why skip connections help.

A residual MLP and the same net without skips, trained alike on the digits, then the loss on a
filter-normalised random plane through each one's weights (Li et al. 2018), side by side as
contours and surfaces. One tfdl call, :func:`tfdl.experiments.skip_connection_landscapes`, run
when the button is pressed; its result is kept in the session per settings (what a user trains
lives in ``st.session_state``), so a language switch or a return to earlier settings only redraws.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import streamlit as st

from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.state import number_input, param

DEFAULTS = {"ls_depth": 20, "ls_epochs": 10, "ls_resolution": 15, "ls_span": 1.0, "ls_seed": 0}
RANGES = {
    "ls_depth": (1, 32),
    "ls_epochs": (1, 30),
    "ls_resolution": (5, 41),
    "ls_span": (0.1, 3.0),
    "ls_seed": (0, 9999),
}
KEYS = list(DEFAULTS)
RESULTS = "ls_results"  # session key: {settings: SkipLandscapes}, the latest MAX_KEPT
MAX_KEPT = 6


def compute(settings: tuple, progress=None):
    """Both trainings and both landscapes for ``settings`` (depth, epochs, resolution, span, seed)."""
    from tfdl.experiments import skip_connection_landscapes

    depth, epochs, resolution, span, seed = settings
    return skip_connection_landscapes(
        depth=depth, epochs=epochs, resolution=resolution, span=span, seed=seed, progress=progress
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _seconds(settings: tuple) -> float:
    """Estimated CPU seconds of :func:`compute` (``tfdl.experiments.skip_connection_landscapes_seconds``)."""
    from tfdl.experiments import skip_connection_landscapes_seconds

    depth, epochs, resolution, _span, _seed = settings
    return skip_connection_landscapes_seconds(depth=depth, epochs=epochs, resolution=resolution)


def _declare() -> tuple:
    for key, default in DEFAULTS.items():
        param(key, default, min=RANGES[key][0], max=RANGES[key][1])
    return tuple(st.session_state[key] for key in KEYS)


def _controls() -> None:
    c1, c2, c3, c4, c5 = st.columns(5)
    with c1:
        st.slider(
            _("residual blocks"),
            *RANGES["ls_depth"],
            key="ls_depth",
            help=_("Depth of both networks: each block is h ← ReLU(BN(W·h) + h), or the same without + h."),
        )
    with c2:
        st.slider(_("training epochs"), *RANGES["ls_epochs"], key="ls_epochs")
    with c3:
        st.slider(
            _("grid points per axis"),
            *RANGES["ls_resolution"],
            step=2,
            key="ls_resolution",
            help=_("The loss is evaluated at n × n points for each network."),
        )
    with c4:
        st.slider(
            _("half-width of the plane"),
            *RANGES["ls_span"],
            step=0.1,
            key="ls_span",
            help=_("α and β run from −span to +span, in units of the filter-normalised directions."),
        )
    with c5:
        number_input(pgettext("landscapes", "seed"), "ls_seed", step=1)


def _table(result) -> pd.DataFrame:
    rows = {}
    for key, label in (("residual", _("with skips")), ("plain", _("without skips"))):
        summary = getattr(result, key).summary()
        rows[label] = {
            _("test accuracy"): fmt_number(result.accuracy[key], ".1%"),
            _("lowest loss on the plane"): fmt_number(summary["loss_min"], ".3g"),
            _("loss range on the plane"): fmt_number(summary["loss_range"], ".3g"),
            _("non-convex points"): fmt_number(summary["nonconvex_fraction"], ".0%"),
        }
    return pd.DataFrame(rows).T


def _figure_texts() -> dict:
    return {
        "alpha": _("α (direction δ)"),
        "beta": _("β (direction η)"),
        "loss": pgettext("landscapes", "loss"),
        "log10 loss": _("log₁₀ loss"),
        "trained weights": _("trained weights"),
    }


def _draw(result) -> None:
    from tfdl.viz.landscape import landscape_contours_figure, landscape_surfaces_figure

    summaries = result.summaries()
    ratio = summaries["plain"]["loss_range"] / max(summaries["residual"]["loss_range"], 1e-12)
    st.dataframe(_table(result), width="stretch")
    st.markdown(
        _(
            "Without skips the loss varies **{ratio}×** as much over the same plane, and the slice curves "
            "downwards at **{share}** of its points (with skips: {share_skip})."
        ).format(
            ratio=fmt_number(ratio, ".1f"),
            share=fmt_number(summaries["plain"]["nonconvex_fraction"], ".0%"),
            share_skip=fmt_number(summaries["residual"]["nonconvex_fraction"], ".0%"),
        )
    )
    landscapes = {_("with skips"): result.residual, _("without skips"): result.plain}
    for fig in (
        landscape_contours_figure(landscapes, texts=_figure_texts()),
        landscape_surfaces_figure(landscapes, texts=_figure_texts()),
    ):
        st.pyplot(fig, clear_figure=True)
        plt.close(fig)
    st.caption(
        _(
            "Non-convex points: interior grid points where the 2 × 2 curvature of the slice (by finite "
            "differences) has a negative eigenvalue, a cheap stand-in for the paper's |λmin/λmax| map of "
            "the full Hessian. Computed in {seconds} s."
        ).format(seconds=fmt_number(result.seconds, ".0f"))
    )


def render() -> None:
    """Draw the tab: settings, the button, and the result of the current settings once computed."""
    settings = _declare()
    st.markdown(
        _(
            "Li et al. (2018) cut the loss of a trained network along two random directions δ, η in weight space, "
            "each filter rescaled to the size of the network's own filter: L(α, β) = loss(θ + αδ + βη). With skip "
            "connections the cut is a smooth bowl; without them it turns chaotic as the network gets deeper. Here in "
            "small: a residual MLP and the same MLP without skips, trained alike on the 8×8 digits."
        )
    )
    _controls()
    allowed = training_budget(_seconds(settings), _("use fewer blocks, epochs or grid points."))
    kept = st.session_state.setdefault(RESULTS, {})
    if st.button(_("Compute the landscapes"), key="ls_run", type="primary", disabled=not allowed) \
            and settings not in kept:
        bar = st.progress(0.0, text=_("Training both networks, then slicing their landscapes…"))
        with friendly_errors(), job_slot():
            kept[settings] = compute(
                settings,
                progress=lambda d, t: bar.progress(d / t, text=_("Step {done} of {total}").format(done=d, total=t)),
            )
            while len(kept) > MAX_KEPT:
                kept.pop(next(iter(kept)))
        bar.empty()
    if settings in kept:
        _draw(kept[settings])
    else:
        st.info(_("Press the button to train both networks and compute their landscapes for these settings."))
