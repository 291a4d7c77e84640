"""The gradient-flow presets: networks that go wrong in a known way, and the long-sequence RNN task.

``PRESETS`` maps a preset to the settings that make it (in :func:`tfdl.diagnose.diagnose`'s fix
vocabulary: ``hidden``, ``activation``, ``initializer``, ``learning_rate``, ``optimizer``) and to
the diagnosis it should get. :func:`long_memory_task` and :func:`build_sequence_classifier` are the
fourth preset: a SimpleRNN that must remember the first number of a long sequence.

Example:
    >>> (x, y) = long_memory_task(4, length=10)
    >>> x.shape, build_sequence_classifier("simple", 10).output_shape
    ((4, 10, 1), (None, 2))
"""

from __future__ import annotations

import keras
import numpy as np

from tfdl import validation
from tfdl.validation import int_min_error

__all__ = ["PRESETS", "CELLS", "long_memory_task", "build_sequence_classifier", "chrono_forget_bias"]

PRESETS = {
    "deep_sigmoid": dict(
        settings=dict(
            hidden=(8,) * 6, activation="sigmoid", initializer="xavier", learning_rate=0.03, optimizer="adam"
        ),
        expect="vanishing",
    ),
    "zero_relu": dict(
        settings=dict(hidden=(8,) * 6, activation="relu", initializer="zeros", learning_rate=0.03, optimizer="adam"),
        expect="zero_init",
    ),
    "large_lr": dict(
        settings=dict(hidden=(4, 2), activation="tanh", initializer="xavier", learning_rate=10.0, optimizer="adam"),
        expect="exploding",
    ),
    "long_rnn": dict(settings=dict(cell="simple"), expect="vanishing_time"),
}
CELLS = ("simple", "lstm")


def long_memory_task(n: int, length: int = 100, seed: int = 0):
    """``n`` sequences of ``length`` numbers ``x_t ~ N(0, 1)``; the label is ``1[x_1 > 0]``: only the
    first step matters, so the gradient must travel back through every step.

    Returns:
        ``(x, y)``: ``x`` float32 ``(n, length, 1)``, ``y`` int64 ``(n,)``.

    Example:
        >>> x, y = long_memory_task(3, length=5); bool(((x[:, 0, 0] > 0) == y).all())
        True
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise int_min_error("n", n, 1)
    if not isinstance(length, (int, np.integer)) or length < 2:
        raise int_min_error("length", length, 2)
    x = np.random.default_rng(seed).normal(size=(n, length, 1)).astype("float32")
    return x, (x[:, 0, 0] > 0).astype("int64")


def chrono_forget_bias(units: int, length: int, seed: int = 0) -> np.ndarray:
    """Chrono initialisation of an LSTM bias ``[i, f, g, o]``: ``b_f = log u``, ``u ~ U(1, T − 1)``,
    ``b_i = −b_f``, the rest 0 (Tallec & Ollivier, "Can recurrent neural networks warp time?",
    ICLR 2018): forget gates near 1 keep the gradient over about ``T`` steps.

    Example:
        >>> chrono_forget_bias(2, 10).shape
        (8,)
    """
    bias = np.zeros(4 * units, "float32")
    forget = np.log(np.random.default_rng(seed).uniform(1, length - 1, size=units))
    bias[units : 2 * units], bias[:units] = forget, -forget
    return bias


def build_sequence_classifier(cell: str, length: int, units: int = 16, seed: int = 0):
    """``x (N, T, 1)`` → :class:`tfdl.layers.SimpleRNN` or :class:`tfdl.layers.LSTM` (``units``,
    named ``rnn``) → softmax over 2 classes; the LSTM's bias is chrono-initialised
    (:func:`chrono_forget_bias`).

    Args:
        cell: ``"simple"`` or ``"lstm"``.
        length: ``T``.
        units: recurrent units.
        seed: weights' seed.

    Returns:
        An uncompiled ``keras.Model``; train it with ``fit(..., seed=None)`` to keep the bias.

    Example:
        >>> build_sequence_classifier("lstm", 20).get_layer("rnn").units
        16
    """
    from tfdl.layers import LSTM, SimpleRNN

    if cell not in CELLS:
        raise validation.one_of_error("cell", cell, CELLS)
    keras.utils.set_random_seed(int(seed))
    rnn = (SimpleRNN if cell == "simple" else LSTM)(units, name="rnn")
    model = keras.Sequential(
        [keras.Input((length, 1)), rnn, keras.layers.Dense(2, activation="softmax", name="output")]
    )
    if cell == "lstm":
        rnn.cell.bias.assign(chrono_forget_bias(units, length, seed))
    return model
