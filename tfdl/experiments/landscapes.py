"""Why skip connections help, in small: the loss landscape of a residual net and of the same net without skips.

Li et al. (2018, Fig. 5) show that ResNet-56's loss around its trained weights is a smooth, nearly
convex bowl, while the same network without skip connections (ResNet-56-noshort) has a chaotic,
non-convex landscape, and that the gap widens with depth. :func:`skip_connection_landscapes` re-runs
this on the bundled 8×8 digits: the same architecture with and without skips, trained alike, then
:func:`tfdl.interpret.loss_landscape` around each (same seed of directions, filter-normalised).

Two architectures: ``"mlp"`` (:func:`residual_mlp`, ``depth`` blocks ``h ← ReLU(BN(W·h) [+ h])`` on
the flattened digits: fast, seconds on a CPU) and ``"cifar_resnet"`` (:func:`tfdl.models.cifar_resnet`
with ``plain=True/False``, depth 6n+2: the paper's network, slower).

Example:
    >>> from tfdl.experiments import skip_connection_landscapes
    >>> result = skip_connection_landscapes(depth=4, epochs=1, resolution=5)   # doctest: +SKIP
    >>> result.residual.losses.shape                                            # doctest: +SKIP
    (5, 5)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, gt_error, one_of_error

__all__ = ["ARCHITECTURES", "MAX_MLP_DEPTH", "SkipLandscapes", "residual_mlp", "skip_connection_landscapes",
           "skip_connection_landscapes_seconds"]

ARCHITECTURES = ("mlp", "cifar_resnet")
#: The deepest residual MLP built here (a teaching size, not a limit of the method).
MAX_MLP_DEPTH = 64


def residual_mlp(depth: int = 20, width: int = 32, *, skip: bool = True, input_dim: int = 64, classes: int = 10):
    """A stack of dense residual blocks, or the same stack without its skip connections.

    ``h₀ = ReLU(W₀·x)``, then ``depth`` blocks ``h ← ReLU(BN(W·h) + h)`` (``skip=True``) or
    ``h ← ReLU(BN(W·h))`` (``skip=False``: a plain net with the very same weights' shapes), then a
    softmax layer. The block of He et al. (2016) with one dense layer instead of two convolutions;
    :func:`tfdl.experiments.plain_vs_residual` trains the same networks.

    Args:
        depth: residual blocks, 1 … :data:`MAX_MLP_DEPTH`.
        width: units per block (>= 1).
        skip: keep the skip connections.
        input_dim: length of the (flattened) input.
        classes: softmax outputs (>= 2).

    Returns:
        An uncompiled ``keras.Model`` named ``residual_mlp{depth}`` or ``plain_mlp{depth}``.

    Example:
        >>> residual_mlp(4, 8, skip=False).name
        'plain_mlp4'
    """
    from tfdl.experiments.training import _residual_mlp

    depth = _check_range("depth", depth, 1, MAX_MLP_DEPTH)
    width, input_dim = check_int(width, "width", 1), check_int(input_dim, "input_dim", 1)
    classes = check_int(classes, "classes", 2)
    return _residual_mlp(depth, width, bool(skip), input_dim, classes)


def _check_range(name, value, minimum, maximum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not minimum <= value <= maximum:
        raise TfdlValueError(
            "value_between",
            "`{name}` must be an integer between {minimum} and {maximum}. Received: {name}={value!r}",
            name=name,
            minimum=minimum,
            maximum=maximum,
            value=value,
        )
    return int(value)


@dataclass(frozen=True)
class SkipLandscapes:
    """What :func:`skip_connection_landscapes` returns: one landscape and score per network.

    Attributes:
        residual, plain: :class:`tfdl.interpret.LossLandscape` of the net with and without skips.
        accuracy: ``{"residual": …, "plain": …}`` test accuracy after training.
        train_loss: ``{"residual": …, "plain": …}`` last epoch's training loss.
        seconds: wall time of the whole experiment.
    """

    residual: object
    plain: object
    accuracy: dict
    train_loss: dict
    seconds: float

    def summaries(self) -> dict:
        """``{"residual": landscape.summary(), "plain": …}`` (loss range, share of non-convex points)."""
        return {"residual": self.residual.summary(), "plain": self.plain.summary()}


def skip_connection_landscapes_seconds(depth: int = 20, width: int = 32, epochs: int = 10, resolution: int = 21,
                                       samples: int | None = None) -> float:
    """Estimated CPU seconds of :func:`skip_connection_landscapes` with the MLP (both networks).

    Each network's training is :func:`tfdl.training.estimate_fit_cost` (batches of 64 over the
    1,437 training digits); its grid is ``resolution²`` forward passes over ``samples`` digits,
    counted as a third of a training pass over as many samples in one batch (a forward pass is
    about a third of a training step's arithmetic).

    Example:
        >>> round(skip_connection_landscapes_seconds(depth=4, epochs=2, resolution=5)) >= 1
        True
    """
    from tfdl.training import estimate_fit_cost

    n = 1437 if samples is None else int(samples)
    model = lambda: residual_mlp(depth, width, skip=True, input_dim=64)
    train = estimate_fit_cost(model, n_samples=1437, epochs=epochs, batch_size=64).seconds
    grid = estimate_fit_cost(model, n_samples=resolution * resolution * n, epochs=1, batch_size=n).seconds / 3
    return 2 * (train + grid)


def skip_connection_landscapes(
    architecture: str = "mlp",
    depth: int = 20,
    width: int = 32,
    epochs: int = 10,
    resolution: int = 21,
    span: float = 1.0,
    samples: int | None = None,
    learning_rate: float = 0.05,
    seed: int = 0,
    progress=None,
) -> SkipLandscapes:
    """Train a residual net and the same net without skips on digits; the loss landscape of each.

    Both start from the same seed and are trained alike (SGD with momentum 0.9, batches of 64);
    then ``L(α, β)`` on a ``resolution × resolution`` grid over ``[−span, span]²`` along the same
    seeded, filter-normalised directions, on the training digits (the first ``samples`` of them).
    Expect the residual net's slice to be a round bowl and the plain one's to be rougher, with a
    larger loss range and non-convex points, more so as ``depth`` grows (Li et al. 2018, Fig. 5).

    Args:
        architecture: ``"mlp"`` (:func:`residual_mlp` on flattened 8×8 digits) or ``"cifar_resnet"``
            (:func:`tfdl.models.cifar_resnet`, ``depth`` = 6n+2).
        depth: blocks of the MLP, or the ResNet's depth.
        width: units per block (MLP only).
        epochs: training epochs of each net (>= 1).
        resolution, span: the grid, as in :func:`tfdl.interpret.loss_landscape`.
        samples: training digits the loss is measured on (``None``: all 1,437).
        learning_rate: SGD step (> 0).
        seed: seed of the weights, the shuffling and the directions.
        progress: ``progress(done, total)`` after each epoch and each grid row.

    Returns:
        :class:`SkipLandscapes`.

    Paper: H. Li et al., "Visualizing the Loss Landscape of Neural Nets", NeurIPS 2018.
    """
    import keras

    from tfdl.data.digits import load_digits
    from tfdl.interpret.landscape import MAX_RESOLUTION, _check_count, _check_span, loss_landscape
    from tfdl.models import cifar_resnet
    from tfdl.training import EpochTick, fit

    if architecture not in ARCHITECTURES:
        raise one_of_error("architecture", architecture, ARCHITECTURES)
    epochs = check_int(epochs, "epochs", 1)
    resolution = _check_count("resolution", resolution, 2, MAX_RESOLUTION, "grid points per axis")
    span = _check_span("span", span)
    if not isinstance(learning_rate, (int, float)) or isinstance(learning_rate, bool) or not learning_rate > 0:
        raise gt_error("learning_rate", learning_rate, 0)
    (x, y), (xt, yt) = load_digits(8)
    if architecture == "mlp":
        x, xt = x.reshape(len(x), -1), xt.reshape(len(xt), -1)
        builders = {
            key: (lambda s=skip: residual_mlp(depth, width, skip=s, input_dim=64))
            for key, skip in (("residual", True), ("plain", False))
        }
    else:
        builders = {
            key: (lambda p=plain: cifar_resnet(depth, input_shape=(8, 8, 1), classes=10, plain=p))
            for key, plain in (("residual", False), ("plain", True))
        }
    for build in builders.values():
        build()  # arguments are checked before any training
    if samples is not None:
        samples = _check_range("samples", samples, 1, len(x))
    xs, ys = x[:samples], y[:samples]
    done, total = 0, 2 * (epochs + resolution)

    def tick(steps=1):
        nonlocal done
        done += steps
        if progress is not None and steps > 0:
            progress(min(done, total), total)

    start = time.perf_counter()
    landscapes, accuracy, train_loss = {}, {}, {}
    for key, build in builders.items():
        result = fit(
            build,
            x,
            y,
            epochs=epochs,
            batch_size=64,
            seed=seed,
            sink=EpochTick(lambda _epoch, _logs: tick()),
            optimizer=keras.optimizers.SGD(learning_rate, momentum=0.9),
            max_loss_ratio=None,
            jit_compile=False,
            steps_per_execution=4,
        )
        if result.diverged:
            raise TfdlValueError(
                "landscape_training_diverged",
                "Training the {network} network diverged (the loss became NaN or inf); try a smaller "
                "learning rate. Received: learning_rate={learning_rate}",
                network=key,
                learning_rate=learning_rate,
            )
        model = result.model
        tick(epochs - result.epochs_run)
        accuracy[key] = float(np.mean(np.argmax(model.predict(xt, verbose=0), axis=-1) == yt))
        train_loss[key] = float(result.history["loss"].iloc[-1])
        landscapes[key] = loss_landscape(
            model,
            xs,
            ys,
            resolution=resolution,
            span=span,
            seed=seed,
            progress=lambda done_points, total_points: tick(),
        )
    return SkipLandscapes(
        landscapes["residual"], landscapes["plain"], accuracy, train_loss, time.perf_counter() - start
    )
