"""The Optimisers page's right column: divergence notices, the paths, the loss curves, the table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.app_pages.optimizers.controls import Race
from playground.app_pages.optimizers.setup import race_frames
from playground.common import lazy_expander
from playground.i18n import _, fmt_number, pgettext
from playground.state import param
from tfdl.viz.vega import trajectories_spec, trajectory_loss_spec

# short words carry the context "optimizers" (other pages may translate "step" or "loss" otherwise)


def raw_columns() -> dict:
    """The raw trajectories' column names in the user's language."""
    return {"optimiser": pgettext("optimizers", "optimiser"), "step": pgettext("optimizers", "step"),
            "loss": pgettext("optimizers", "loss"), "grad_norm": pgettext("optimizers", "grad_norm"),
            "diverged": pgettext("optimizers", "diverged")}


def figure_texts() -> dict:
    """The words of tfdl.viz.optim's figures (its ``TEXTS``) in the user's language."""
    return {"minimum": pgettext("optimizers", "minimum"), "critical point": pgettext("optimizers", "critical point"),
            "start": pgettext("optimizers", "start"), "step": pgettext("optimizers", "step"),
            "loss": pgettext("optimizers", "loss"), "loss − min": pgettext("optimizers", "loss − min")}


def _notices(df, s) -> None:
    from tfdl.trajectories import divergence

    for label, info in divergence(df).items():
        if s.min_value is None:
            st.info(_("{label} escaped the saddle and ran off towards −∞ (left the region at step {step}).")
                    .format(label=label, step=info["step"]))
        else:
            if info.get("code") == "left_region" and "bound" in info:
                reason = _("left the region max(|x|, |y|) <= {bound}").format(bound=fmt_number(info["bound"], "g"))
            else:
                reason = _("left the region") if info.get("code") == "left_region" else _("NaN or inf")
            st.error(_("{label} diverged at step {step} ({reason}): its learning rate is too large for this "
                       "surface. Try a smaller η.").format(label=label, step=info["step"], reason=reason))


def _summary(df, s, tol: float) -> None:
    from tfdl.trajectories import summarize

    table = summarize(df, surface=s, tol=tol)
    shown = table[["final_loss", "best_loss", "steps_to_target", "diverged_at"]].rename(columns={
        "final_loss": _("final loss"),
        "best_loss": _("best loss"),
        "steps_to_target": _("steps to loss ≤ {target}").format(target=fmt_number(s.target(tol), "g")),
        "diverged_at": _("diverged at step"),
    })
    shown.index.name = pgettext("optimizers", "optimiser")
    for col in shown.columns[2:]:  # step counts: "—" when never reached / never diverged (not "None")
        shown[col] = [("—" if pd.isna(v) else str(int(v))) for v in shown[col]]
    loss_format = st.column_config.NumberColumn(format="%.3e")
    st.dataframe(shown, width="stretch", column_config={shown.columns[0]: loss_format, shown.columns[1]: loss_format})
    if s.min_value is None:
        st.caption(_("The saddle has no minimum: 'steps to loss ≤ −1' counts how fast each method escapes."))


def results(race: Race, df) -> None:
    """Draw the right column for a finished race ``df`` (:func:`tfdl.trajectories.run`)."""
    from tfdl.surfaces import get_surface

    s = get_surface(race.surface, **dict(race.surface_params))
    _notices(df, s)
    param("opt_view_step", race.steps, min=0, max=race.steps)
    view = st.slider(_("show up to step"), 0, race.steps, key="opt_view_step")
    # drawn once per race and language; a step only redraws the paths (see tfdl.viz.optim.RaceFrames)
    frames = race_frames(race.surface, race.surface_params, race.noise, race.start, race.steps, race.configs,
                         tuple(figure_texts().items()))
    st.image(frames.trajectories_image(view), width="stretch")
    texts = {**figure_texts(), "optimiser": pgettext("optimizers", "optimiser")}
    zoom = lazy_expander(_("Zoom into the paths and read their numbers"), "opt_zoom")
    if zoom is not None:
        zoom.vega_lite_chart(trajectories_spec(df, s, step=view, texts=texts), width="stretch")
    st.vega_lite_chart(trajectory_loss_spec(df, s, step=view, texts=texts), width="stretch")
    _summary(df, s, race.tol)
    with st.expander(_("Raw trajectories")):
        st.download_button(_("Download CSV"), lambda: df.to_csv(index=False).encode(), file_name="trajectories.csv",
                           mime="text/csv", key="opt_csv")
        raw = df[df["step"] <= view].tail(200)
        st.dataframe(raw.rename(columns=raw_columns()), width="stretch")
    (bx0, bx1), (by0, by1) = s.bounds
    if not (bx0 <= race.start[0] <= bx1 and by0 <= race.start[1] <= by1):
        st.warning(_("The start lies outside the plotted area."))
