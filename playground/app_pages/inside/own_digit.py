"""Inside page: the digit looked at — a test digit, one the student draws, or a picture they upload.

A drawing or a picture becomes a digit the way the scikit-learn digits are drawn: bright ink on
black (a photo of dark ink on paper is inverted), cropped to the ink, widened when narrow and
stretched to fill the model's input, as those digits fill their frame
(``tfdl.data.read_image(fit="ink", min_aspect=0.7)``: ten drawn digits, 0–9, were all recognised
this way by the page's CNN at 8, 16 and 28 pixels, against 7–8 centred in a square with a margin).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground.drawing import drawing_canvas, drawing_image, upload_widget, uploaded_image
from playground.i18n import N_, _

INPUTS = {"test": N_("a test digit"), "draw": N_("your drawing"), "upload": N_("your picture")}
DRAW_KEY, UPLOAD_KEY = "in_draw", "in_upload"
FIT = {"fit": "ink", "margin": 0.0, "min_aspect": 0.7}  # the digits fill their 8 rows and ~5.4 of 8 columns


def own_digit(source: str, size: int) -> np.ndarray | None:
    """Draw the canvas or the uploader; return the student's digit as ``(size, size, 1)`` in [0, 1],
    or ``None`` while there is none. Raises ``ValueError`` for a file that is not a sound PNG/JPEG."""
    if source == "draw":
        url = drawing_canvas(DRAW_KEY)
        if url is None:
            st.caption(_("Draw a digit, large, in the middle of the square."))
        return drawing_image(url, size=size, **FIT)
    file = upload_widget(_("A picture of one digit (PNG or JPEG)"), UPLOAD_KEY)
    if file is None:
        st.caption(_("Dark ink on light paper is inverted: the network knows bright digits on black."))
    return uploaded_image(file, size=size, invert="auto", **FIT)


def show_prediction(where, x: np.ndarray, probs: np.ndarray) -> None:
    """What the network sees (the digit at its input size) and its ten class probabilities."""
    left, right = where.columns([1, 3])
    scale = max(1, 112 // x.shape[0])
    left.image(np.kron(x[..., 0], np.ones((scale, scale))), caption=_("what the network sees"), clamp=True)
    table = pd.DataFrame({_("digit"): [str(k) for k in range(len(probs))], _("probability"): probs})
    right.bar_chart(table, x=_("digit"), y=_("probability"), height=200)
