"""How long :func:`tfdl.training.fit` will take on a CPU, before it starts: a measured cost model.

A server that trains what a link asks for checks this first (500 epochs at batch 1 are 100,000
optimiser steps: minutes, not seconds). The model has five terms::

    seconds ≈ overhead + layers · per_layer + batches · layers · per_layer_batch
              + epochs · per_epoch + flops / flops_per_second
    batches = epochs · (⌈n_samples / batch_size⌉ + ⌈n_validation / batch_size⌉)
    flops   = epochs · (3 · n_samples + n_validation) · forward_flops

Building, compiling and tracing a model costs a fixed part and a part per layer; every batch
launches each layer's operations (what dominates a small network at batch 1, more than its
arithmetic); every epoch makes a new data iterator and calls the callbacks; the arithmetic is
the rest. A training sample costs about three forward passes (forward, and a backward pass about
twice as dear), a validation sample one. ``forward_flops`` is ``2 · MACs`` of a model
(:func:`tfdl.shapes.model_macs`) and ``layers`` its Keras layers, both read by
:func:`profile_model` from the model or its builder (traced without weights); given only a
parameter count, ``forward_flops = 2 · params`` (exact for dense layers; a convolution reuses each
weight at every position, so a count underestimates it) and ``layers`` = :data:`DEFAULT_LAYERS`.

The seconds are CPU seconds of the training process (all its threads), as in
:mod:`tfdl.experiments.seq2seq_time`: on an idle 2-core server the wait is at most that; on a busy
one it is longer. Measured (``python benchmarks/bench_fit_cost.py``, the runs are in
:data:`MEASURED`: the Train page's 2-D nets, the small CNN, LeNet-5, a highway MLP and ResNet-20 on
digits, batches of 1 to 128) on the 2-core development machine, TensorFlow 2.21, and fitted with
:func:`fit_cost_model`: about 0.5 s to start, 0.06 s per layer to build and trace, 0.14 ms per
layer and batch, 0.055 s per epoch and 42 GFLOP/s. The fit is within a factor of 2 of every run
(0.6–1.25×); the FLOP rate rests on the two ResNet-20 runs, the only ones the arithmetic dominates.

Example:
    >>> from tfdl.training_cost import estimate_fit_cost
    >>> cost = estimate_fit_cost(28, n_samples=200, epochs=500, batch_size=1, validation_samples=200)
    >>> cost.steps, cost.seconds > 120
    (100000, True)
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence
from typing import Any

from tfdl.errors import TfdlValueError

__all__ = [
    "FitCost",
    "ModelProfile",
    "estimate_predict_cost",
    "MEASURED",
    "DEFAULT_LAYERS",
    "OVERHEAD_S",
    "SECONDS_PER_LAYER",
    "SECONDS_PER_LAYER_BATCH",
    "SECONDS_PER_EPOCH",
    "FLOPS_PER_SECOND",
    "profile_model",
    "forward_flops",
    "estimate_fit_cost",
    "fit_cost_model",
    "measure_fit_seconds",
]

#: CPU seconds to start training any model (compiling, the first trace)
OVERHEAD_S = 0.53
#: CPU seconds per Keras layer to build and trace it
SECONDS_PER_LAYER = 0.059
#: CPU seconds per layer and batch (training or validation) beyond the arithmetic: op launches
SECONDS_PER_LAYER_BATCH = 1.4e-4
#: CPU seconds per epoch beyond its batches: a new iterator, the end-of-epoch callbacks
SECONDS_PER_EPOCH = 0.055
#: floating-point operations per CPU second in the arithmetic of a batch
FLOPS_PER_SECOND = 4.2e10
#: the layers assumed for a model known only by its parameter count (a small dense net)
DEFAULT_LAYERS = 8

#: the runs the constants were fitted to: (layers, batches, epochs, flops, CPU seconds)
MEASURED: tuple[tuple[int, int, int, float, float], ...] = (
    (7, 800, 2, 64000.0, 1.587),  # 2-D MLP (4, 2), 2 epochs, batch 1
    (7, 4000, 10, 320000.0, 5.322),  # 2-D MLP (4, 2), 10 epochs, batch 1
    (7, 500, 5, 160000.0, 1.542),  # 2-D MLP (4, 2), 5 epochs, batch 4
    (7, 1040, 40, 1280000.0, 4.311),  # 2-D MLP (4, 2), 40 epochs, batch 16
    (7, 2600, 100, 3200000.0, 9.828),  # 2-D MLP (4, 2), 100 epochs, batch 16
    (7, 80, 20, 640000.0, 2.134),  # 2-D MLP (4, 2), 20 epochs, batch 128
    (11, 800, 2, 40140800.0, 2.683),  # 2-D MLP (64, 64, 64, 64), 2 epochs, batch 1
    (11, 1500, 30, 602112000.0, 4.762),  # 2-D MLP (64, 64, 64, 64), 30 epochs, batch 8
    (11, 1797, 1, 3153261312.0, 5.478),  # small_cnn 8×8, 1 epochs, batch 1
    (11, 145, 5, 15766306560.0, 1.988),  # small_cnn 8×8, 5 epochs, batch 64
    (12, 225, 1, 10435537152.0, 2.001),  # small_cnn 28×28, 1 epochs, batch 8
    (12, 87, 3, 40884777216.0, 2.09),  # small_cnn 32×32, 3 epochs, batch 64
    (9, 114, 2, 7782259680.0, 2.482),  # lenet5 32×32, 2 epochs, batch 32
    (9, 760, 1, 1299542400.0, 2.593),  # lenet5 32×32, 1 epochs, batch 1
    (54, 226, 2, 1900162800.0, 4.467),  # highway_mlp 32×32, 2 epochs, batch 16
    (71, 10, 1, 90817824768.0, 8.436),  # resnet20 32×32, 1 epochs, batch 64
    (71, 106, 1, 44442765312.0, 8.112),  # resnet20 32×32, 1 epochs, batch 4
)


@dataclasses.dataclass(frozen=True)
class ModelProfile:
    """What the cost of training a model depends on, beyond the data (see :func:`profile_model`).

    Attributes:
        flops: FLOPs of one forward pass of one sample.
        layers: Keras layers (a nested model counts its own layers).
    """

    flops: int
    layers: int


@dataclasses.dataclass(frozen=True)
class FitCost:
    """What :func:`estimate_fit_cost` returns.

    Attributes:
        steps: optimiser steps, ``epochs · ⌈n_samples / batch_size⌉``.
        batches: every batch the loop runs, validation included.
        samples: training samples processed, ``epochs · n_samples``.
        flops: floating-point operations of the whole run (see the module's formula).
        seconds: estimated CPU seconds on the reference machine.
    """

    steps: int
    batches: int
    samples: int
    flops: float
    seconds: float


def _count(name: str, value: Any, minimum: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value != int(value)
        or value < minimum
    ):
        raise TfdlValueError(
            "fit_cost_int",
            "`{name}` must be an integer >= {minimum}. Received: {name}={value!r}",
            name=name,
            minimum=minimum,
            value=value,
        )
    return int(value)


def _layers(model) -> int:
    return sum(_layers(layer) if hasattr(layer, "layers") else 1 for layer in model.layers)


def profile_model(model: Any) -> ModelProfile:
    """The forward FLOPs per sample and the layer count of a model, what :func:`estimate_fit_cost` needs.

    Args:
        model: a built ``keras.Model`` (FLOPs ``2 · MACs``, :func:`tfdl.shapes.model_macs`; a model
            with no counted layer falls back to ``2 · params``), or a zero-argument builder of one
            (traced without weights: nothing is allocated, so a large model is counted in a
            fraction of a second).

    Returns:
        :class:`ModelProfile`.

    Example:
        >>> import keras
        >>> profile_model(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]))
        ModelProfile(flops=16, layers=1)
    """
    if hasattr(model, "layers") and hasattr(model, "count_params"):
        from tfdl.shapes import model_macs

        macs = model_macs(model)
        return ModelProfile(flops=2 * int(macs or model.count_params()), layers=max(1, _layers(model)))
    if callable(model):
        from tfdl.models.footprint import without_weights

        with without_weights():
            return profile_model(model())
    raise TfdlValueError(
        "fit_cost_model", "`model` must be a keras.Model or a builder of one. Received: {model!r}", model=model
    )


def forward_flops(model_or_param_count: Any) -> int:
    """FLOPs of one forward pass of one sample: ``2 · MACs`` of a model (or its builder), or ``2 · params``.

    Example:
        >>> forward_flops(1000)
        2000
    """
    if isinstance(model_or_param_count, int | float):
        return 2 * _count("model_or_param_count", model_or_param_count, 0)
    return profile_model(model_or_param_count).flops


def estimate_fit_cost(
    model: Any, n_samples: int, epochs: int, batch_size: int, *, validation_samples: int = 0
) -> FitCost:
    """Steps, FLOPs and estimated CPU seconds of ``fit(model, x, y, epochs, batch_size)`` (the
    module's formula).

    Args:
        model: a built ``keras.Model``, a builder of one, its :class:`ModelProfile` (a server
            caches it per model) or its parameter count (FLOPs ``2 · params``, :data:`DEFAULT_LAYERS`
            layers: a small dense net).
        n_samples: training samples.
        epochs: passes over them.
        batch_size: samples per step (validation batches have the same size, as in Keras).
        validation_samples: samples evaluated after every epoch (``validation_data``).

    Returns:
        :class:`FitCost`.

    Example:
        >>> estimate_fit_cost(1000, n_samples=1437, epochs=10, batch_size=64).steps
        230
    """
    n = _count("n_samples", n_samples, 1)
    e = _count("epochs", epochs, 1)
    b = _count("batch_size", batch_size, 1)
    v = _count("validation_samples", validation_samples, 0)
    if isinstance(model, int | float):
        profile = ModelProfile(forward_flops(model), DEFAULT_LAYERS)
    else:
        profile = model if isinstance(model, ModelProfile) else profile_model(model)
    steps = e * -(-n // b)
    batches = steps + e * -(-v // b)
    flops = float(e * (3 * n + v) * profile.flops)
    seconds = _seconds(
        (profile.layers, batches, e, flops),
        (OVERHEAD_S, SECONDS_PER_LAYER, SECONDS_PER_LAYER_BATCH, SECONDS_PER_EPOCH, 1.0 / FLOPS_PER_SECOND),
    )
    return FitCost(steps=steps, batches=batches, samples=e * n, flops=flops, seconds=float(seconds))


def estimate_predict_cost(model: Any, n_samples: int, batch_size: int = 256, *, passes: int = 1) -> FitCost:
    """Batches, FLOPs and estimated CPU seconds of ``passes`` calls of ``model.predict`` on ``n_samples``
    (test-time augmentation predicts ``n`` augmented copies: ``passes = n``).

    The module's coefficients without the per-epoch term, a forward pass only::

        seconds ≈ overhead + layers · per_layer + batches · layers · per_layer_batch + flops / flops_per_second
        batches = passes · ⌈n_samples / batch_size⌉,   flops = passes · n_samples · forward_flops

    Args:
        model: as in :func:`estimate_fit_cost`.
        n_samples: samples per pass.
        batch_size: batch size of ``predict``.
        passes: how many times the samples are predicted.

    Returns:
        :class:`FitCost` with ``steps = 0`` (no optimiser step).

    Example:
        >>> estimate_predict_cost(1000, n_samples=360, batch_size=256, passes=8).batches
        16
    """
    n = _count("n_samples", n_samples, 1)
    b = _count("batch_size", batch_size, 1)
    p = _count("passes", passes, 1)
    if isinstance(model, int | float):
        profile = ModelProfile(forward_flops(model), DEFAULT_LAYERS)
    else:
        profile = model if isinstance(model, ModelProfile) else profile_model(model)
    batches = p * -(-n // b)
    flops = float(p * n * profile.flops)
    seconds = _seconds(
        (profile.layers, batches, 0, flops),
        (OVERHEAD_S, SECONDS_PER_LAYER, SECONDS_PER_LAYER_BATCH, SECONDS_PER_EPOCH, 1.0 / FLOPS_PER_SECOND),
    )
    return FitCost(steps=0, batches=batches, samples=p * n, flops=flops, seconds=float(seconds))


def _terms(layers, batches, epochs, flops):
    """The module's formula as a dot product: terms · (overhead, per_layer, per_layer_batch, per_epoch, per_flop)."""
    return (1.0, layers, batches * layers, epochs, flops)


def _seconds(run, coefficients) -> float:
    return float(sum(t * c for t, c in zip(_terms(*run), coefficients)))


def measure_fit_seconds(
    build, x, y, epochs: int, batch_size: int, validation_data=None, clock: str = "cpu"
) -> tuple[int, int, int, float, float]:
    """One run of :func:`tfdl.training.fit` as the playground does it, timed: a row of :data:`MEASURED`.

    Args:
        build: a zero-argument builder of an uncompiled ``keras.Model``.
        x, y: training data.
        epochs, batch_size: the run.
        validation_data: ``(x_val, y_val)`` or ``None``.
        clock: ``"cpu"`` (the process's CPU time over all threads) or ``"wall"``.

    Returns:
        ``(layers, batches, epochs, flops, seconds)``, from building the model to the end of the last epoch.

    Example:
        >>> row = measure_fit_seconds(lambda: build_mlp((4,)), x, y, 2, 16)  # doctest: +SKIP
    """
    from tfdl.training import fit

    if clock not in ("cpu", "wall"):
        raise TfdlValueError(
            "fit_cost_clock", "`clock` must be 'cpu' or 'wall'. Received: clock={clock!r}", clock=clock
        )
    now = time.process_time if clock == "cpu" else time.perf_counter
    start = now()
    model = build()
    fit(
        model,
        x,
        y,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=validation_data,
        jit_compile=False,
        reinitialize=True,
    )
    seconds = now() - start
    profile = profile_model(model)
    cost = estimate_fit_cost(
        profile,
        len(x),
        epochs,
        batch_size,
        validation_samples=0 if validation_data is None else len(validation_data[0]),
    )
    return profile.layers, cost.batches, epochs, cost.flops, round(seconds, 3)


def fit_cost_model(runs: Sequence[tuple[int, int, int, float, float]]) -> tuple[float, float, float, float, float]:
    """Non-negative least-squares constants of the module's formula from measured runs.

    Formula: ``seconds = overhead + layers · per_layer + batches · layers · per_layer_batch
    + epochs · per_epoch + flops · per_flop``, fitted on relative errors (each run weighted by
    ``1 / seconds``, so short runs count as much as long ones); ``flops_per_second = 1 / per_flop``.

    Args:
        runs: ``(layers, batches, epochs, flops, seconds)`` per run (five or more, varied).

    Returns:
        ``(overhead, seconds_per_layer, seconds_per_layer_batch, seconds_per_epoch, flops_per_second)``.

    Example:
        >>> truth = (1.0, 0.05, 2e-4, 0.06, 1e-10)
        >>> runs = [(*r, _seconds(r, truth)) for r in [(7, 800, 2, 6e4), (7, 4000, 10, 3e5), (11, 145, 5, 1.6e10),
        ...                                              (71, 10, 1, 9e10), (9, 114, 40, 8e9), (54, 300, 3, 1e7)]]
        >>> [float(f"{c:.3g}") for c in fit_cost_model(runs)]
        [1.0, 0.05, 0.0002, 0.06, 10000000000.0]
    """
    import numpy as np
    from scipy.optimize import nnls

    if len(runs) < 5:
        raise TfdlValueError(
            "fit_cost_runs", "`runs` must hold at least 5 measurements. Received: {count}", count=len(runs)
        )
    table = np.asarray(runs, dtype=float)
    design = np.array([_terms(*row[:4]) for row in table])
    weights = 1.0 / table[:, 4]
    coef, _ = nnls(design * weights[:, None], table[:, 4] * weights)
    overhead, per_layer, per_layer_batch, per_epoch, per_flop = (float(c) for c in coef)
    return overhead, per_layer, per_layer_batch, per_epoch, (1.0 / per_flop if per_flop > 0 else math.inf)
