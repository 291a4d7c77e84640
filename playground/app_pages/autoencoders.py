"""Autoencoders: a convolutional autoencoder and a denoising one, trained here on the digits.

The student picks the code size (the bottleneck), the image size, the epochs and the denoising
autoencoder's training noise, presses Train (``app_pages/autoencoders/model.py``), then looks at
(``app_pages/autoencoders/views.py``): reconstructions of test digits with their error; noise they
choose (Gaussian, salt and pepper, a masked square) removed by each autoencoder; a morph between two
digits through the code beside the plain pixel blend. The library side is
:mod:`tfdl.experiments.autoencoders` and :mod:`tfdl.viz.autoencoders`.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.autoencoders import model, views
from playground.code_export import settings_expander
from playground.i18n import _
from playground.page_table import page_title
from playground.state import sync_params

st.title(page_title("autoencoders"))
st.caption(
    _(
        "An autoencoder squeezes an image into a short code z = E(x) and rebuilds it, x̂ = D(z), trained to make x̂ "
        "close to x. A denoising autoencoder is shown noisy copies and trained to rebuild the clean digit. Both are "
        "small convolutional networks (tfdl.models.conv_autoencoder, tfdl.models.denoising_autoencoder) trained "
        "here on the handwritten digits."
    )
)

settings = model.declare()
views.declare()
model.controls()
settings_expander("ae_code", "autoencoders", settings)
result = model.trained(settings)
views.show(result)
sync_params(model.KEYS + views.KEYS)
