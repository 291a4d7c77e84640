"""What one page leaves for another in the session: a small typed API instead of string keys.

The Train page saves the digits model it trained; the Inside page reads it. Both import this
module, so the key below is written once.

Example:
    save_trained_digits(TrainedDigits(model, image_size=8, model_name="small_cnn"))
    trained = trained_digits()  # None until the Train page has trained one
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

_TRAINED_DIGITS = "train_digits_model"


@dataclass(frozen=True)
class TrainedDigits:
    """A digits classifier trained on the Train page.

    Attributes:
        model: a ``keras.Model`` taking ``(N, S, S, 1)`` images in [0, 1], giving 10 class scores.
        image_size: ``S``, the side of the images it was trained on.
        model_name: its registry name (``"small_cnn"``, ``"lenet5"``...).
    """

    model: Any
    image_size: int
    model_name: str


def save_trained_digits(trained: TrainedDigits) -> None:
    """Keep the Train page's digits model for the other pages of this session."""
    st.session_state[_TRAINED_DIGITS] = trained


def trained_digits() -> TrainedDigits | None:
    """The digits model trained in this session, or ``None``."""
    value = st.session_state.get(_TRAINED_DIGITS)
    return value if isinstance(value, TrainedDigits) else None
