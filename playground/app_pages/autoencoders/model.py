"""Autoencoders page: the settings of the two autoencoders, their training (a button, a progress
bar, one job slot) and the session's trained pairs, kept per settings."""

from __future__ import annotations

import streamlit as st

from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number
from playground.jobs import job_slot
from playground.state import number_input, param

SIZES = (8, 16, 28)  # tfdl.experiments.AUTOENCODER_SIZES (not imported: the page draws before TensorFlow loads)
DEFAULTS = {"ae_size": 16, "ae_latent": 8, "ae_epochs": 10, "ae_tnoise": 0.3, "ae_seed": 0}
RANGES = {"ae_latent": (1, 64), "ae_epochs": (1, 40), "ae_tnoise": (0.0, 0.6), "ae_seed": (0, 9999)}
KEYS = list(DEFAULTS)
RESULTS = "ae_results"  # session key: {settings: tfdl.experiments.TrainedAutoencoders}, the latest MAX_KEPT
MAX_KEPT = 2


def declare() -> tuple:
    """Declare the model settings; return them as the cache key (size, latent, epochs, noise, seed)."""
    param("ae_size", DEFAULTS["ae_size"], options=SIZES)
    for key in KEYS[1:]:
        param(key, DEFAULTS[key], min=RANGES[key][0], max=RANGES[key][1])
    return tuple(st.session_state[key] for key in KEYS)


def controls() -> None:
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.selectbox(_("Image size"), SIZES, key="ae_size", format_func=lambda s: f"{s}×{s}")
    with c2:
        st.slider(
            _("Code size (bottleneck)"),
            *RANGES["ae_latent"],
            key="ae_latent",
            help=_(
                "Numbers in the code z between the encoder and the decoder: the narrower, the more "
                "the autoencoder must keep only what matters."
            ),
        )
    with c3:
        number_input(_("Epochs"), "ae_epochs")
    with c4:
        st.slider(
            _("Training noise of the denoising autoencoder"),
            *RANGES["ae_tnoise"],
            step=0.05,
            key="ae_tnoise",
            help=_(
                "Gaussian σ on every input, salt-and-pepper rate and masked square side (share of "
                "the image side) of its noisy copies."
            ),
        )
    with c5:
        number_input(_("Seed"), "ae_seed")


@st.cache_data(show_spinner=False, max_entries=64)
def _seconds(size: int, latent: int, epochs: int) -> float:
    from tfdl.experiments import train_autoencoders_cost

    return train_autoencoders_cost(size, latent, epochs)


def trained(settings: tuple):
    """The trained pair for ``settings`` after the button (trained now if pressed), else ``None``."""
    size, latent, epochs, noise, seed = settings
    allowed = False
    with friendly_errors():
        allowed = training_budget(_seconds(size, latent, epochs), _("use fewer epochs or smaller images."))
    kept = st.session_state.setdefault(RESULTS, {})
    if (
        st.button(_("Train both autoencoders"), key="ae_train", type="primary", disabled=not allowed)
        and settings not in kept
    ):
        bar = st.progress(0.0, text=_("Training the autoencoder, then the denoising autoencoder…"))
        with friendly_errors(), job_slot():
            kept[settings] = train(
                settings, lambda d, t: bar.progress(d / t, text=_("Epoch {done} of {total}").format(done=d, total=t))
            )
            while len(kept) > MAX_KEPT:
                kept.pop(next(iter(kept)))
        bar.empty()
    result = kept.get(settings)
    if result is None:
        st.info(
            _(
                "Press the button to train a plain and a denoising autoencoder on the {size}×{size} digits "
                "with a code of {latent} numbers."
            ).format(size=size, latent=latent)
        )
        return None
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Test MSE, autoencoder"), fmt_number(result.test_error["plain"], ".4f"))
    c2.metric(_("Test MSE, denoising autoencoder"), fmt_number(result.test_error["denoising"], ".4f"))
    c3.metric(_("Seconds"), fmt_number(result.seconds, ".1f"))
    return result


def train(settings: tuple, progress):
    """Both autoencoders for ``settings`` (:func:`tfdl.experiments.train_autoencoders`)."""
    from tfdl.experiments import train_autoencoders

    size, latent, epochs, noise, seed = settings
    return train_autoencoders(size, latent, epochs, noise_level=float(noise), seed=seed, progress=progress)
