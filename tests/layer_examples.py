"""One example of every class registered under ``tfdl>``: constructor arguments and inputs.

The save/load test (``tests/test_registered_round_trip.py``) and the mixed-precision test
(``tests/test_mixed_precision.py``) both read this table. A class registered under ``tfdl>``
without an entry here fails both tests, so a new layer cannot slip past them.

``EXAMPLES`` maps a registered name to a list of :class:`Example`. ``kind`` says what the class
is: ``"layer"`` (called on ``inputs()`` inside a functional model), ``"optimizer"`` (compiled
into a small model) or ``"schedule"`` (the learning rate of ``tfdl.optimizers.SGD``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

import tfdl.layers as L
import tfdl.optimizers as O
from tfdl.losses import PixelSoftmaxCrossEntropy, TripletSemiHardLoss
from tfdl.optimizers import schedules as S

_rng = np.random.default_rng(0)


def _x(*shape):
    return _rng.standard_normal(shape).astype("float32")


@dataclasses.dataclass(frozen=True)
class Example:
    """How to build and feed one registered class.

    Attributes:
        make: zero-argument callable returning the object (for a cell: ``keras.layers.RNN``
            around it, so the cell is saved inside a layer).
        inputs: zero-argument callable returning the numpy input (or list of inputs).
        id: the pytest id of this case.
        kind: ``"layer"``, ``"optimizer"``, ``"schedule"`` or ``"loss"``.
        unpack: call ``layer(*inputs)`` instead of ``layer(inputs)``.
        trains: the layer has a float output a loss can be taken from (``PaddingMask`` gives
            booleans: forward only).
        mixed_xfail: reason to mark the mixed-precision case ``xfail(strict=False)``.
    """

    make: Callable[[], Any]
    inputs: Callable[[], Any] = lambda: None
    id: str = "default"
    kind: str = "layer"
    unpack: bool = False
    trains: bool = True
    mixed_xfail: str | None = None


def _unpool_inputs():
    pooled, argmax = L.MaxPoolingWithArgmax2D(2)(_x(2, 6, 6, 3))
    return [np.asarray(pooled), np.asarray(argmax)]


EXAMPLES: dict[str, list[Example]] = {
    "tfdl>BahdanauAttention": [Example(lambda: L.BahdanauAttention(5),
                                       lambda: [_x(2, 3, 6), _x(2, 5, 4)], unpack=True)],
    "tfdl>LuongAttention": [Example(lambda: L.LuongAttention("general"),
                                    lambda: [_x(2, 3, 6), _x(2, 5, 4)], unpack=True)],
    "tfdl>PaddingMask": [Example(L.PaddingMask, lambda: np.array([[3, 4, 0], [0, 5, 6]]),
                                 trains=False)],
    "tfdl>PreviousStates": [Example(L.PreviousStates, lambda: [_x(2, 6), _x(2, 3, 6)])],
    "tfdl>DropPath": [Example(lambda: L.DropPath(0.25), lambda: _x(4, 3))],
    "tfdl>Dropout": [Example(lambda: L.Dropout(0.25), lambda: _x(4, 3)),
                     Example(lambda: L.Dropout(0.25, form="classic", seed=1), lambda: _x(4, 3), id="classic")],
    "tfdl>RandomGaussianBlur": [Example(lambda: L.RandomGaussianBlur(1.0, seed=0), lambda: _x(2, 6, 6, 2))],
    "tfdl>RandomGlare": [Example(lambda: L.RandomGlare(0.5, seed=0), lambda: _x(2, 6, 6, 1))],
    "tfdl>StochasticDepth": [Example(lambda: L.StochasticDepth(0.7),
                                     lambda: [_x(2, 3, 3, 2), _x(2, 3, 3, 2)])],
    "tfdl>FractalJoin": [Example(lambda: L.FractalJoin(0.15),
                                 lambda: [_x(2, 3, 3, 2) for _ in range(3)])],
    "tfdl>FeatureExpansion": [Example(lambda: L.FeatureExpansion(("x1", "x1x2", "sin_x2")),
                                      lambda: _x(3, 2))],
    "tfdl>PlaygroundFeatures": [Example(lambda: L.PlaygroundFeatures(("x2^2", "x1")),
                                        lambda: _x(3, 2))],
    "tfdl>GlobalL2Pooling2D": [Example(L.GlobalL2Pooling2D, lambda: _x(2, 4, 4, 3))],
    "tfdl>L2Pooling2D": [Example(lambda: L.L2Pooling2D(2), lambda: _x(2, 4, 4, 3))],
    "tfdl>StochasticPooling2D": [Example(lambda: L.StochasticPooling2D(2, seed=1),
                                         lambda: np.abs(_x(2, 4, 4, 3)))],
    "tfdl>MaxPoolingWithArgmax2D": [Example(lambda: L.MaxPoolingWithArgmax2D(2),
                                            lambda: _x(2, 4, 4, 3))],
    "tfdl>MaxUnpooling2D": [Example(lambda: L.MaxUnpooling2D(2), _unpool_inputs)],
    "tfdl>WeightedAveragePooling2D": [Example(lambda: L.WeightedAveragePooling2D(3, 2, "same", sigma=0.8),
                                              lambda: _x(2, 5, 5, 3))],
    "tfdl>GuidedReLU": [Example(L.GuidedReLU, lambda: _x(2, 4, 3))],
    "tfdl>BagEmbedding": [Example(lambda: L.BagEmbedding(7, 3), lambda: np.array([[1, 2, 2], [3, 0, 0]])),
                          Example(lambda: L.BagEmbedding(7, 3, combiner="mean"), lambda: np.array([[1, 2, 0]]),
                                  id="mean")],
    "tfdl>NegativeSamplingScores": [Example(lambda: L.NegativeSamplingScores(6, 4, "glorot_uniform"),
                                            lambda: [_x(2, 4), np.array([[2, 3, 5], [1, 1, 4]])])],
    "tfdl>LocalResponseNormalization": [Example(L.LocalResponseNormalization,
                                                lambda: _x(2, 3, 3, 6))],
    "tfdl>LocallyConnected2D": [Example(lambda: L.LocallyConnected2D(2, 3),
                                        lambda: _x(2, 5, 5, 2))],
    "tfdl>Maxout": [Example(lambda: L.Maxout(3, pieces=2), lambda: _x(2, 4))],
    "tfdl>PaddedConv1D": [
        Example(lambda: L.PaddedConv1D(3, 3, padding=1), lambda: _x(2, 7, 2)),
        Example(lambda: L.PaddedConv1D(3, 3, padding=2, dilation_rate=2), lambda: _x(2, 9, 2),
                id="dilated"),
    ],
    "tfdl>PaddedConv2D": [
        Example(lambda: L.PaddedConv2D(3, 3, padding=1, padding_mode="reflect"),
                lambda: _x(2, 6, 6, 2)),
        Example(lambda: L.PaddedConv2D(3, 3, padding=2, dilation_rate=2),
                lambda: _x(2, 7, 7, 2), id="dilated"),
        Example(lambda: L.PaddedConv2D(3, 3, padding="same", dilation_rate=2),
                lambda: _x(2, 7, 7, 2), id="dilated_same"),
    ],
    "tfdl>TransposedConv1D": [
        Example(lambda: L.TransposedConv1D(3, 3, strides=2), lambda: _x(2, 5, 2)),
        Example(lambda: L.TransposedConv1D(3, 3, dilation_rate=2), lambda: _x(2, 5, 2),
                id="dilated"),
    ],
    "tfdl>TransposedConv2D": [
        Example(lambda: L.TransposedConv2D(3, 3, strides=2), lambda: _x(2, 4, 4, 2)),
        Example(lambda: L.TransposedConv2D(3, 3, dilation_rate=2), lambda: _x(2, 4, 4, 2),
                id="dilated"),
    ],
    "tfdl>Padding1D": [Example(lambda: L.Padding1D(2, mode="reflect"), lambda: _x(2, 5, 3))],
    "tfdl>Padding2D": [Example(lambda: L.Padding2D(1, mode="circular"), lambda: _x(2, 4, 4, 3))],
    "tfdl>ScaledResidual": [Example(lambda: L.ScaledResidual(0.3),
                                    lambda: [_x(2, 3, 3, 4), _x(2, 3, 3, 4)])],
    "tfdl>ZeroPadShortcut": [Example(lambda: L.ZeroPadShortcut(6, strides=2),
                                     lambda: _x(2, 5, 5, 3))],
    "tfdl>SqueezeExcitation": [Example(lambda: L.SqueezeExcitation(ratio=2),
                                       lambda: _x(2, 4, 4, 8))],
    "tfdl>ReverseSequence": [Example(L.ReverseSequence, lambda: _x(2, 5, 3))],
    "tfdl>SimpleRNN": [Example(lambda: L.SimpleRNN(4), lambda: _x(2, 5, 3))],
    "tfdl>LSTM": [Example(lambda: L.LSTM(4, return_sequences=True), lambda: _x(2, 5, 3))],
    "tfdl>GRU": [Example(lambda: L.GRU(4), lambda: _x(2, 5, 3))],
    "tfdl>SimpleRNNCell": [Example(lambda: keras.layers.RNN(L.SimpleRNNCell(3)),
                                   lambda: _x(2, 4, 3))],
    "tfdl>LSTMCell": [Example(lambda: keras.layers.RNN(L.LSTMCell(3)), lambda: _x(2, 4, 3))],
    "tfdl>GRUCell": [Example(lambda: keras.layers.RNN(L.GRUCell(3)), lambda: _x(2, 4, 3))],
    "tfdl>SGD": [Example(lambda: O.SGD(0.1), kind="optimizer")],
    "tfdl>Momentum": [Example(lambda: O.Momentum(0.1), kind="optimizer")],
    "tfdl>Nesterov": [Example(lambda: O.Nesterov(0.1), kind="optimizer")],
    "tfdl>Adagrad": [Example(lambda: O.Adagrad(0.1), kind="optimizer")],
    "tfdl>RMSProp": [Example(lambda: O.RMSProp(0.01), kind="optimizer")],
    "tfdl>Adam": [Example(lambda: O.Adam(0.01), kind="optimizer")],
    "tfdl>StepDecay": [Example(lambda: S.StepDecay(0.1, 0.5, 2), kind="schedule")],
    "tfdl>InverseTimeDecay": [Example(lambda: S.InverseTimeDecay(0.1, 0.5), kind="schedule")],
    "tfdl>InverseSqrtDecay": [Example(lambda: S.InverseSqrtDecay(0.1), kind="schedule")],
    "tfdl>TripletSemiHardLoss": [Example(lambda: TripletSemiHardLoss(margin=0.5), kind="loss")],
    "tfdl>PixelSoftmaxCrossEntropy": [Example(lambda: PixelSoftmaxCrossEntropy(from_logits=True), kind="loss")],
}


def registered_classes() -> dict[str, type]:
    """Every class registered under ``tfdl>`` once the library's packages are imported."""
    import tfdl.layers
    import tfdl.losses
    import tfdl.models
    import tfdl.optimizers
    import tfdl.training  # noqa: F401

    return {
        name: obj for name, obj in keras.saving.get_custom_objects().items()
        if name.startswith("tfdl>") and isinstance(obj, type)
    }


def cases():
    """``(registered_name, example_or_None)`` for every registered class (``None``: missing)."""
    out = []
    for name in sorted(registered_classes()):
        for example in EXAMPLES.get(name, [None]):
            out.append((name, example))
    return out


def case_id(case) -> str:
    name, example = case
    return name.removeprefix("tfdl>") + ("" if example is None or example.id == "default"
                                         else f"-{example.id}")


def build_functional(example: Example):
    """A functional model around the example layer; returns ``(model, feed, layer)``."""
    layer = example.make()
    inputs = example.inputs()
    multi = isinstance(inputs, list)
    arrays = inputs if multi else [inputs]
    k_in = [keras.Input(shape=a.shape[1:], dtype=str(a.dtype), batch_size=None) for a in arrays]
    if multi and example.unpack:
        out = layer(*k_in)
    else:
        out = layer(k_in if multi else k_in[0])
    return keras.Model(k_in, out), arrays, layer


def schedule_or_optimizer(example: Example):
    """The optimiser of an optimizer or schedule example (a schedule drives tfdl's SGD)."""
    obj = example.make()
    return O.SGD(learning_rate=obj) if example.kind == "schedule" else obj


def embedding_model():
    """A dense 4-d embedding of 3-d points, 12 points of 3 labels, for loss examples."""
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(4, name="embed")(inputs))
    return model, _x(12, 3), np.repeat(np.arange(3), 4).astype("int32")


def tiny_model():
    """A 2-input, 2-output dense model for optimiser and schedule examples, and its data."""
    inputs = keras.Input((2,))
    model = keras.Model(inputs, keras.layers.Dense(2, name="dense")(inputs))
    return model, _x(8, 2), _x(8, 2)
