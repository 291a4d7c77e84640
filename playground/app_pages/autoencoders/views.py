"""Autoencoders page: the three views of a trained pair (reconstructions, denoising, morphing), each
one tfdl call drawn by ``tfdl.viz.autoencoders``; their settings are declared by :func:`declare`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import streamlit as st

from playground.i18n import N_, _, fmt_number
from playground.state import number_input, param

VIEWS = {
    "reconstruct": N_("Reconstructions"),
    "denoise": N_("Denoising"),
    "morph": N_("Morphing"),
}
NOISES = {
    "gaussian": N_("Gaussian"),
    "salt_pepper": N_("salt and pepper"),
    "mask": N_("masked square"),
}
SHOWN = 10  # digits per figure
KEYS = ["ae_view", "ae_first", "ae_noise", "ae_level", "ae_a", "ae_b", "ae_example", "ae_steps"]


def declare() -> None:
    """Declare every view's settings (all at once: a link may set those of a view not shown yet)."""
    param("ae_view", "reconstruct", options=list(VIEWS))
    param("ae_first", 0, min=0, max=300)
    param("ae_noise", "gaussian", options=list(NOISES))
    param("ae_level", 0.3, min=0.0, max=1.0)
    param("ae_a", 1, options=list(range(10)))
    param("ae_b", 7, options=list(range(10)))
    param("ae_example", 0, min=0, max=30)
    param("ae_steps", 8, min=3, max=12)


def _texts() -> dict:
    return {
        "original": _("original"),
        "reconstruction": _("reconstruction"),
        "clean": _("clean digit"),
        "noisy": _("noisy input"),
        "plain": _("autoencoder"),
        "denoising": _("denoising autoencoder"),
        "latent": _("through the code"),
        "pixels": _("pixel blend"),
        "mse": _("MSE {value}"),
        "mean mse": _("mean MSE {value}"),
        "pixel": _("pixel value"),
    }


def _show(fig) -> None:
    st.pyplot(fig, clear_figure=True)
    plt.close(fig)


def reconstruct(result) -> None:
    from tfdl.experiments import reconstruction_errors
    from tfdl.viz.autoencoders import reconstructions_figure

    number_input(_("First test digit #"), "ae_first")
    first = int(st.session_state["ae_first"])
    x = result.x_test[first : first + SHOWN]
    x_hat = np.asarray(result.plain.predict(x, verbose=0))
    _show(reconstructions_figure(x, x_hat, reconstruction_errors(x, x_hat), texts=_texts(), number_format=fmt_number))
    st.caption(
        _(
            "Top: test digits the autoencoder never saw; below: decoder(encoder(x)) through a code of "
            "{latent} numbers, with its mean squared error per pixel."
        ).format(latent=int(result.plain.get_layer("encoder").outputs[0].shape[-1]))
    )


def denoise(result) -> None:
    from tfdl.experiments import denoise as run_denoise
    from tfdl.viz.autoencoders import denoising_figure

    c1, c2, c3 = st.columns([2, 2, 1])
    kind = c1.radio(_("Noise"), list(NOISES), key="ae_noise", horizontal=True, format_func=lambda k: _(NOISES[k]))
    level = c2.slider(
        _("Noise level"),
        0.0,
        1.0,
        step=0.05,
        key="ae_level",
        help=_(
            "σ of the Gaussian noise, the share of salt-and-pepper pixels, or the side of the "
            "masked square as a share of the image side."
        ),
    )
    with c3:
        number_input(_("First test digit #"), "ae_first")
    first = int(st.session_state["ae_first"])
    d = run_denoise(result.plain, result.denoising, result.x_test, kind, float(level), seed=0)
    part = slice(first, first + SHOWN)
    errors = {key: value[part] for key, value in d.errors.items()}
    _show(
        denoising_figure(
            d.clean[part],
            d.noisy[part],
            d.plain[part],
            d.denoising[part],
            errors,
            texts=_texts(),
            number_format=fmt_number,
        )
    )
    mean = {key: fmt_number(float(value.mean()), ".4f") for key, value in d.errors.items()}
    st.markdown(
        _(
            "Over all {n} test digits, mean squared error against the clean digit: noisy input **{noisy}**, "
            "autoencoder **{plain}**, denoising autoencoder **{denoising}**."
        ).format(n=len(d.clean), **mean)
    )


def morph(result) -> None:
    from tfdl.experiments import morph as run_morph
    from tfdl.viz.autoencoders import morph_figure

    c1, c2, c3, c4 = st.columns(4)
    a = c1.selectbox(_("From digit"), list(range(10)), key="ae_a")
    b = c2.selectbox(_("To digit"), list(range(10)), key="ae_b")
    with c3:
        number_input(_("Example of each digit #"), "ae_example")
    with c4:
        number_input(_("Frames"), "ae_steps")
    k = int(st.session_state["ae_example"])
    picks = []
    for digit in (a, b):
        where = np.flatnonzero(result.y_test == digit)
        picks.append(result.x_test[where[min(k, len(where) - 1)]])
    frames = run_morph(result.plain, picks[0], picks[1], int(st.session_state["ae_steps"]))
    _show(morph_figure(frames["latent"], frames["pixels"], frames["t"], texts=_texts(), number_format=fmt_number))
    st.caption(
        _(
            "Top: decoder((1 − t)·z_a + t·z_b), the straight line between the two codes, decoded. Bottom: "
            "(1 − t)·a + t·b, the pixels cross-faded: the middle frames are two digits on top of each "
            "other, not a digit."
        )
    )


def show(result) -> None:
    view = st.radio(_("View"), list(VIEWS), key="ae_view", horizontal=True, format_func=lambda v: _(VIEWS[v]))
    if result is None:
        return
    {"reconstruct": reconstruct, "denoise": denoise, "morph": morph}[view](result)
