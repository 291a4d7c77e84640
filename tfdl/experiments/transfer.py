"""Transfer learning in small: features learnt on digits 0–4 help to learn 5–9 from a few examples.

:func:`pretrain_source` trains the small CNN (:func:`tfdl.models.build_small_cnn`) on the bundled 8×8
digits of the source classes (0–4). :func:`transfer_vs_scratch` then learns the target classes (5–9)
from only ``shots`` images per class twice, on the same images, with the same optimiser and epochs:

* **transfer**: the pretrained network cut after its convolutions (layer ``flatten``: the dense
  layers learnt on 0–4 are too specific to the source digits to help), every layer frozen, a new
  softmax (:func:`tfdl.transfer.transfer`); optionally a second phase that unfreezes the top layers
  with a ten times smaller step (:func:`tfdl.transfer.unfreeze_top`);
* **scratch**: the same architecture with freshly drawn weights, every layer trained.

Both are validated after every epoch on all test images of the target classes: with few examples
the transferred network starts higher and ends higher, the picture of Yosinski et al. (2014).

Example:
    >>> from tfdl.experiments import pretrain_source, transfer_vs_scratch
    >>> base = pretrain_source(epochs=2).model                 # doctest: +SKIP
    >>> transfer_vs_scratch(base, shots=5, epochs=5).final()    # doctest: +SKIP
    {'transfer': 0.8..., 'scratch': 0.5...}
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, gt_error

__all__ = [
    "SOURCE_CLASSES",
    "TARGET_CLASSES",
    "MAX_SHOTS",
    "CUT",
    "Pretrained",
    "TransferComparison",
    "few_shot_split",
    "pretrain_source",
    "transfer_vs_scratch",
    "transfer_vs_scratch_seconds",
]

SOURCE_CLASSES = (0, 1, 2, 3, 4)
TARGET_CLASSES = (5, 6, 7, 8, 9)
#: The most training images per class the split can give (the smallest class has 142 training digits).
MAX_SHOTS = 100
#: Where :func:`transfer_vs_scratch` cuts the pretrained network: after the convolutions.
CUT = "flatten"
_CNN = {"filters": (16, 32), "dense_units": 64, "dropout": 0.0, "batch_norm": True}


def _small_cnn(classes: int):
    from tfdl.models import build_small_cnn

    return build_small_cnn((8, 8, 1), classes, **_CNN)


def _check_classes(name, classes):
    classes = tuple(classes) if isinstance(classes, (tuple, list)) else None
    if (
        classes is None
        or len(classes) < 2
        or len(set(classes)) != len(classes)
        or any(isinstance(c, bool) or not isinstance(c, (int, np.integer)) or not 0 <= c <= 9 for c in classes)
    ):
        raise TfdlValueError(
            "transfer_classes",
            "`{name}` must list at least two different digits 0–9. Received: {name}={value!r}",
            name=name,
            value=classes,
        )
    return tuple(int(c) for c in classes)


def _check_shots(shots):
    if isinstance(shots, bool) or not isinstance(shots, (int, np.integer)) or not 1 <= shots <= MAX_SHOTS:
        raise TfdlValueError(
            "value_between",
            "`{name}` must be an integer between {minimum} and {maximum}. Received: {name}={value!r}",
            name="shots",
            minimum=1,
            maximum=MAX_SHOTS,
            value=shots,
        )
    return int(shots)


def few_shot_split(classes=TARGET_CLASSES, shots: int | None = None, seed: int = 0):
    """The digits of ``classes``, relabelled ``0 … K−1``: ``shots`` training images per class and all
    test images.

    Args:
        classes: the digits kept, e.g. ``(5, 6, 7, 8, 9)`` (digit ``classes[k]`` becomes label ``k``).
        shots: training images per class, drawn at random (seeded) from the training split;
            ``None``: all of them.
        seed: seed of the draw.

    Returns:
        ``(x, y), (x_val, y_val)``: images ``(N, 8, 8, 1)`` float32 in [0, 1], labels int64.

    Example:
        >>> (x, y), (xv, yv) = few_shot_split(shots=3)
        >>> x.shape, sorted(set(y.tolist()))
        ((15, 8, 8, 1), [0, 1, 2, 3, 4])
    """
    from tfdl.data.digits import load_digits

    classes = _check_classes("classes", classes)
    (x, y), (xt, yt) = load_digits(8)
    rng = np.random.default_rng(seed)
    keep = []
    for digit in classes:
        index = np.flatnonzero(y == digit)
        keep.append(index if shots is None else rng.choice(index, _check_shots(shots), replace=False))
    keep = np.sort(np.concatenate(keep))
    relabel = np.full(10, -1)
    relabel[list(classes)] = np.arange(len(classes))
    val = np.isin(yt, classes)
    return (x[keep], relabel[y[keep]]), (xt[val], relabel[yt[val]])


@dataclass(frozen=True)
class Pretrained:
    """What :func:`pretrain_source` returns: the network trained on the source digits.

    Attributes:
        model: the trained ``keras.Model`` (softmax over the source classes).
        accuracy: its accuracy on the source classes' test images.
        classes: the source digits.
        history: ``pandas.DataFrame`` of the training, one row per epoch.
    """

    model: object
    accuracy: float
    classes: tuple
    history: object


def pretrain_source(
    classes=SOURCE_CLASSES, epochs: int = 10, *, learning_rate: float = 3e-3, seed: int = 0, sink=None
) -> Pretrained:
    """Train the small CNN on every training image of the source digits (0–4 by default).

    Args:
        classes: the source digits.
        epochs: training epochs (>= 1), batches of 32, Adam.
        learning_rate: Adam's step (> 0).
        seed: seed of the weights and the shuffling.
        sink: a :class:`tfdl.training.ProgressSink` (epochs), or ``None``.

    Returns:
        :class:`Pretrained`.
    """
    from tfdl.training import evaluate, fit

    classes = _check_classes("classes", classes)
    epochs = check_int(epochs, "epochs", 1)
    _check_rate(learning_rate)
    (x, y), (xv, yv) = few_shot_split(classes, None, seed)
    result = fit(
        lambda: _small_cnn(len(classes)),
        x,
        y,
        epochs=epochs,
        batch_size=32,
        seed=seed,
        learning_rate=float(learning_rate),
        sink=sink,
        jit_compile=False,
    )
    return Pretrained(result.model, evaluate(result.model, xv, yv).accuracy, classes, result.history)


def _check_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
        raise gt_error("learning_rate", learning_rate, 0)


@dataclass(frozen=True)
class TransferComparison:
    """What :func:`transfer_vs_scratch` returns: two learning curves on the same few images.

    Attributes:
        transfer, scratch: ``pandas.DataFrame`` per epoch: ``epoch`` (1-based), ``accuracy``, ``loss``,
            ``val_accuracy``, ``val_loss`` and ``phase`` (1 = frozen base, 2 = top unfrozen; scratch is
            all phase 1).
        shots: training images per class.
        classes: the target digits.
        fine_tune_from: the first epoch of phase two (``None`` without one).
        seconds: wall time.
    """

    transfer: object
    scratch: object
    shots: int
    classes: tuple
    fine_tune_from: int | None
    seconds: float

    def mean_accuracy(self) -> dict:
        """``{"transfer": …, "scratch": …}``: the mean validation accuracy over all epochs (the area
        under the learning curve, per epoch: who learns faster, not only who ends higher)."""
        return {key: float(getattr(self, key)["val_accuracy"].mean()) for key in ("transfer", "scratch")}

    def final(self) -> dict:
        """``{"transfer": …, "scratch": …}``: the validation accuracy after the last epoch."""
        return {key: float(getattr(self, key)["val_accuracy"].iloc[-1]) for key in ("transfer", "scratch")}


class _Ticks:
    """A fit sink that forwards each finished epoch to ``progress(done, total)``."""

    def __init__(self, progress, start, total):
        self.progress, self.done, self.total = progress, start, total

    def on_epoch_end(self, epoch, logs):
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def should_stop(self):
        return False


def transfer_vs_scratch_seconds(
    shots: int = 10, epochs: int = 30, fine_tune_epochs: int = 0, classes=TARGET_CLASSES
) -> float:
    """Estimated CPU seconds of :func:`transfer_vs_scratch` (both networks, validation included).

    Example:
        >>> transfer_vs_scratch_seconds(5, 10) > 0
        True
    """
    from tfdl.training import estimate_fit_cost

    n = len(_check_classes("classes", classes)) * _check_shots(shots)
    total = check_int(epochs, "epochs", 1) + check_int(fine_tune_epochs, "fine_tune_epochs", 0)
    train = estimate_fit_cost(lambda: _small_cnn(5), n_samples=n, epochs=total, batch_size=min(16, n)).seconds
    val = estimate_fit_cost(lambda: _small_cnn(5), n_samples=180, epochs=total, batch_size=180).seconds / 3
    return 2 * (train + val)


def transfer_vs_scratch(
    base,
    shots: int = 10,
    *,
    classes=TARGET_CLASSES,
    epochs: int = 30,
    fine_tune_epochs: int = 0,
    fine_tune_layers: int = 1,
    learning_rate: float = 1e-2,
    seed: int = 0,
    progress=None,
) -> TransferComparison:
    """Learn ``classes`` from ``shots`` images each, with the pretrained ``base`` and from scratch.

    The same images (:func:`few_shot_split` with ``seed``), Adam with the same step, batches of
    ``min(16, N)``, the same number of epochs (``epochs + fine_tune_epochs``) for both. Transfer:
    :func:`tfdl.transfer.transfer` with ``cut="flatten"`` and ``freeze="all"`` for ``epochs``, then, when
    ``fine_tune_epochs > 0``, :func:`tfdl.transfer.unfreeze_top` of ``fine_tune_layers`` layers at a
    tenth of the step. Scratch: the same small CNN, new weights drawn from ``seed``.

    Args:
        base: the source network (:attr:`Pretrained.model`); it is copied, never changed.
        shots: training images per target class, 1 … :data:`MAX_SHOTS`.
        classes: the target digits.
        epochs: epochs of the first phase (>= 1).
        fine_tune_epochs: epochs of the second phase (>= 0; 0: none).
        fine_tune_layers: weight layers of the base unfrozen in phase two (>= 1).
        learning_rate: Adam's step (> 0).
        seed: seed of the draw, the new weights and the shuffling.
        progress: ``progress(done, total)`` after each epoch of either network.

    Returns:
        :class:`TransferComparison`.

    Paper: Yosinski, Clune, Bengio, Lipson, "How transferable are features in deep neural networks?",
    NeurIPS 2014.
    """
    import keras

    from tfdl.training import fit
    from tfdl.transfer import transfer, tunable_layers, unfreeze_top

    classes = _check_classes("classes", classes)
    shots = _check_shots(shots)
    epochs = check_int(epochs, "epochs", 1)
    fine_tune_epochs = check_int(fine_tune_epochs, "fine_tune_epochs", 0)
    _check_rate(learning_rate)
    model = transfer(base, len(classes), cut=CUT)  # checks base; copies it
    if fine_tune_epochs:
        n_base = len(tunable_layers(model.get_layer("base")))
        if (
            isinstance(fine_tune_layers, bool)
            or not isinstance(fine_tune_layers, (int, np.integer))
            or not (1 <= fine_tune_layers <= n_base)
        ):
            raise TfdlValueError(
                "value_between",
                "`{name}` must be an integer between {minimum} and {maximum}. Received: {name}={value!r}",
                name="fine_tune_layers",
                minimum=1,
                maximum=n_base,
                value=fine_tune_layers,
            )
    (x, y), val = few_shot_split(classes, shots, seed)
    total = 2 * (epochs + fine_tune_epochs)
    batch = min(16, len(x))
    common = dict(batch_size=batch, validation_data=val, seed=seed, jit_compile=False, max_loss_ratio=None)
    start = time.perf_counter()

    sink = _Ticks(progress, 0, total)
    first = fit(model, x, y, epochs=epochs, optimizer=keras.optimizers.Adam(learning_rate), sink=sink, **common)
    curves = [first.history.assign(phase=1)]
    if fine_tune_epochs:
        unfreeze_top(model, int(fine_tune_layers), factor=0.1)
        second = fit(model, x, y, epochs=fine_tune_epochs, sink=sink, **common)
        curves.append(second.history.assign(epoch=second.history["epoch"] + epochs, phase=2))
    scratch = fit(
        lambda: _small_cnn(len(classes)),
        x,
        y,
        epochs=epochs + fine_tune_epochs,
        optimizer=keras.optimizers.Adam(learning_rate),
        sink=sink,
        **common,
    )
    import pandas as pd

    return TransferComparison(
        transfer=pd.concat(curves, ignore_index=True),
        scratch=scratch.history.assign(phase=1),
        shots=shots,
        classes=classes,
        fine_tune_from=epochs + 1 if fine_tune_epochs else None,
        seconds=time.perf_counter() - start,
    )
