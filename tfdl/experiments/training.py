"""Small re-runs of training claims from the course, each a function returning a ``pandas.DataFrame``.

* :func:`relu_vs_tanh` — AlexNet's Fig. 1: a ReLU CNN reaches 25% training error about 6×
  faster than the same CNN with tanh (Krizhevsky et al., NIPS 2012; CIFAR-10 there, digits here).
* :func:`plain_vs_residual` — ResNet's degradation result: a deeper *plain* net trains worse than
  a shallower one, a residual net does not (He et al., CVPR 2016).
* :func:`regularization_effects` — dropout, batch norm and data augmentation on a small train set.
* :func:`initialization_effect` — zeros / small / Xavier / He on a deep ReLU MLP.

All run on the bundled scikit-learn digits (no download) with small settings: each finishes in
well under a minute on a laptop CPU. The numbers are honest measurements of these small settings,
not the papers' figures: read them as "does the effect show here, and how strongly?".

Example:
    >>> from tfdl.experiments import relu_vs_tanh
    >>> table = relu_vs_tanh(max_epochs=3)          # doctest: +SKIP
    >>> table.columns.tolist()[:3]                  # doctest: +SKIP
    ['activation', 'epochs_to_target', 'seconds_to_target']
"""

from __future__ import annotations

import time

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = [
    "relu_vs_tanh",
    "plain_vs_residual",
    "regularization_effects",
    "initialization_effect",
]


def _digits(size: int = 8, n_train: int | None = None, seed: int = 0):
    from tfdl.data.digits import load_digits

    (x, y), (xt, yt) = load_digits(size=size, seed=seed)
    if n_train is not None:
        x, y = x[:n_train], y[:n_train]
    return (x, y), (xt, yt)


def _accuracy(model, x, y) -> float:
    from tfdl.metrics import accuracy

    return accuracy(y, model.predict(x, verbose=0, batch_size=512))


class _UntilError:
    """Sink: records the first epoch whose training error <= target, then asks to stop."""

    def __init__(self, target_error: float, stop: bool = True):
        self.target = target_error
        self.stop = stop
        self.epoch = None
        self.seconds = None
        self.errors = []
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs):
        err = 1.0 - logs.get("accuracy", 0.0)
        self.errors.append(err)
        if self.epoch is None and err <= self.target:
            self.epoch = epoch + 1
            self.seconds = time.perf_counter() - self.start

    def should_stop(self):
        return self.stop and self.epoch is not None


def _init_for(activation: str, initializer: str) -> str:
    if initializer != "auto":
        return initializer
    return "he" if activation in ("relu", "leaky_relu", "elu") else "xavier"


def relu_vs_tanh(
    activations=("relu", "tanh"),
    target_error: float = 0.25,
    max_epochs: int = 30,
    learning_rate: float = 0.01,
    batch_size: int = 64,
    seeds=(0,),
    image_size: int = 8,
    filters=(16, 32),
    initializer: str = "auto",
):
    """Epochs (and seconds) for a small CNN to reach ``target_error`` training error, per activation.

    The network is :func:`tfdl.training.build_small_cnn` (two 3×3 conv layers, a dense layer, no
    dropout), trained with plain SGD at the same ``learning_rate`` for every activation, as in
    AlexNet's Fig. 1 (a four-layer CNN on CIFAR-10, ReLU ≈ 6× faster than tanh to 25% error).
    The training error of an epoch is ``1 − accuracy`` averaged over that epoch's batches.

    Args:
        activations: Keras activation names to compare.
        target_error: training error to reach (0.25 in the paper).
        max_epochs: give up after this many epochs (``epochs_to_target`` is then NaN).
        learning_rate: SGD step.
        batch_size: mini-batch size.
        seeds: one run per seed; the table reports the median over seeds.
        image_size: side of the digits (8 native, or 28/32).
        filters: channels of the conv layers (AlexNet's Fig. 1 used a four-layer CNN).
        initializer: ``"auto"`` gives each activation its matching scheme (He for the ReLU
            family, Xavier for tanh/sigmoid); or one name for all (``"xavier"``, ``"he"``...).

    Returns:
        DataFrame, one row per activation: ``activation``, ``epochs_to_target``,
        ``seconds_to_target``, ``final_train_error``, ``diverged``, ``epochs_ratio``
        (``epochs(this) / epochs(first activation)``: 1 for ReLU, and for tanh the paper's ≈ 6).

    Example:
        >>> relu_vs_tanh(max_epochs=2).shape[0]      # doctest: +SKIP
        2
    """
    import keras
    import pandas as pd

    from tfdl.training import build_small_cnn, fit

    if not 0 < target_error < 1:
        raise validation.interval_error("target_error", target_error, "(0, 1)")
    if not isinstance(max_epochs, (int, np.integer)) or max_epochs < 1:
        raise validation.int_min_error("max_epochs", max_epochs, 1)
    (x, y), _ = _digits(image_size)
    rows = []
    for act in activations:
        runs = []
        for seed in seeds:
            sink = _UntilError(target_error)
            result = fit(
                lambda act=act: build_small_cnn(x.shape[1:], 10, filters=tuple(filters), activation=act,
                                                dense_units=64, dropout=0.0,
                                                initializer=_init_for(act, initializer)),
                x, y, epochs=int(max_epochs), batch_size=batch_size, seed=int(seed), sink=sink,
                optimizer=keras.optimizers.SGD(learning_rate), jit_compile=False, steps_per_execution=4,
            )
            runs.append((sink.epoch, sink.seconds, sink.errors[-1] if sink.errors else np.nan, result.diverged))
        ep = [r[0] if r[0] is not None else np.nan for r in runs]
        sec = [r[1] if r[1] is not None else np.nan for r in runs]
        rows.append({
            "activation": act,
            "epochs_to_target": float(np.median(ep)),
            "seconds_to_target": float(np.median(sec)),
            "final_train_error": float(np.median([r[2] for r in runs])),
            "diverged": any(r[3] for r in runs),
        })
    table = pd.DataFrame(rows)
    first = table["epochs_to_target"].iloc[0]
    table["epochs_ratio"] = table["epochs_to_target"] / first
    return table


def _residual_mlp(depth: int, width: int, residual: bool, input_dim: int, classes: int = 10):
    import keras

    inputs = keras.Input((input_dim,), name="inputs")
    h = keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal", name="stem")(inputs)
    for i in range(1, depth + 1):
        z = keras.layers.Dense(width, kernel_initializer="he_normal", name=f"block{i}_dense")(h)
        z = keras.layers.BatchNormalization(momentum=0.9, name=f"block{i}_bn")(z)
        if residual:
            z = keras.layers.Add(name=f"block{i}_add")([h, z])
        h = keras.layers.Activation("relu", name=f"block{i}_relu")(z)
    outputs = keras.layers.Dense(classes, activation="softmax", name="predictions")(h)
    return keras.Model(inputs, outputs, name=f"{'residual' if residual else 'plain'}_mlp{depth}")


def plain_vs_residual(
    depths=(2, 16),
    architecture: str = "mlp",
    width: int = 32,
    epochs: int = 5,
    learning_rate: float = 0.01,
    batch_size: int = 64,
    seed: int = 0,
):
    """Training and test error of plain and residual networks at several depths (degradation).

    ``architecture="mlp"``: ``depth`` blocks ``h ← ReLU(BN(W h) [+ h])`` of ``width`` units on the
    flattened 8×8 digits (fast). ``architecture="cifar_resnet"``: ``tfdl.models.cifar_resnet``
    with ``plain=True/False`` (depth = 6n+2: 8, 14, 20, 56...) on the 8×8 digits (slower).
    Both trained with SGD + momentum 0.9 for the same number of epochs. The paper's claim: the
    deeper plain net has *higher training error* than the shallower one; the residual net does not.

    Args:
        depths: depths to compare.
        architecture: ``"mlp"`` or ``"cifar_resnet"``.
        width: units per block (MLP only).
        epochs: training epochs.
        learning_rate: SGD step.
        batch_size: mini-batch size.
        seed: seed of weights and shuffling.

    Returns:
        DataFrame: ``depth``, ``kind`` (``plain``/``residual``), ``train_error``, ``test_error``,
        ``final_loss``, ``seconds``.

    Example:
        >>> plain_vs_residual(depths=(2,), epochs=1).shape     # doctest: +SKIP
        (2, 6)
    """
    import keras
    import pandas as pd

    from tfdl.training import fit

    if architecture not in ("mlp", "cifar_resnet"):
        raise TfdlValueError(
            "architecture_choice",
            "`architecture` must be 'mlp' or 'cifar_resnet'. Received: architecture={architecture!r}",
            architecture=architecture,
        )
    (x, y), (xt, yt) = _digits(8)
    if architecture == "mlp":
        x, xt = x.reshape(len(x), -1), xt.reshape(len(xt), -1)
    rows = []
    for depth in depths:
        for residual in (False, True):
            if architecture == "mlp":
                def build(depth=depth, residual=residual):
                    return _residual_mlp(int(depth), width, residual, x.shape[1])
            else:
                from tfdl.models import cifar_resnet

                def build(depth=depth, residual=residual):
                    return cifar_resnet(int(depth), input_shape=x.shape[1:], classes=10, plain=not residual)
            result = fit(build, x, y, epochs=int(epochs), batch_size=batch_size, seed=seed,
                         optimizer=keras.optimizers.SGD(learning_rate, momentum=0.9), jit_compile=False,
                         steps_per_execution=4)
            rows.append({
                "depth": int(depth),
                "kind": "residual" if residual else "plain",
                "train_error": 1 - _accuracy(result.model, x, y),
                "test_error": 1 - _accuracy(result.model, xt, yt),
                "final_loss": float(result.history["loss"].iloc[-1]),
                "seconds": result.seconds,
            })
    return pd.DataFrame(rows)


def regularization_effects(
    settings=("none", "dropout", "batch_norm", "augmentation"),
    n_train: int = 300,
    epochs: int = 20,
    learning_rate: float = 3e-3,
    batch_size: int = 32,
    seed: int = 0,
):
    """Train/test accuracy of the same small CNN with one regulariser at a time, on few examples.

    With ``n_train`` digits only, the bare CNN overfits (train ≈ 100%, test lower): ``dropout``
    (rate 0.5 before the classifier), ``batch_norm`` (after each conv) and ``augmentation``
    (random shifts of ±1 pixel and rotations up to ±22°, :func:`tfdl.data.augment.make_augmenter`,
    active in training only) each change the gap.

    Args:
        settings: any of ``"none"``, ``"dropout"``, ``"batch_norm"``, ``"augmentation"``, ``"l2"``.
        n_train: training examples kept (the rest of the train split is unused).
        epochs: training epochs.
        learning_rate: Adam step.
        batch_size: mini-batch size.
        seed: seed.

    Returns:
        DataFrame: ``setting``, ``train_accuracy``, ``test_accuracy``, ``gap``, ``seconds``.

    Example:
        >>> regularization_effects(("none",), epochs=1).shape     # doctest: +SKIP
        (1, 5)
    """
    import keras
    import pandas as pd

    from tfdl.data.augment import make_augmenter
    from tfdl.training import build_small_cnn, fit

    known = ("none", "dropout", "batch_norm", "augmentation", "l2")
    bad = [s for s in settings if s not in known]
    if bad:
        raise TfdlValueError(
            "settings_choice",
            "`settings` must be taken from {options}. Received: settings={settings}",
            options=known, settings=tuple(settings),
        )
    (x, y), (xt, yt) = _digits(8, n_train=n_train, seed=seed)
    rows = []
    for setting in settings:
        def build(setting=setting):
            core = build_small_cnn(x.shape[1:], 10, filters=(16, 32), dense_units=64,
                                   dropout=0.5 if setting == "dropout" else 0.0,
                                   batch_norm=setting == "batch_norm")
            if setting == "l2":
                for layer in core.layers:
                    if hasattr(layer, "kernel_regularizer") and hasattr(layer, "kernel"):
                        layer.kernel_regularizer = keras.regularizers.L2(1e-3)
                core = keras.Model.from_config(core.get_config())
            if setting != "augmentation":
                return core
            inputs = keras.Input(x.shape[1:], name="image")
            h = make_augmenter(("shift", "rotate"), strength=0.625, seed=seed)(inputs)  # ±1 px, ±22°
            return keras.Model(inputs, core(h), name="augmented_cnn")

        result = fit(build, x, y, epochs=int(epochs), batch_size=batch_size, seed=seed,
                     learning_rate=learning_rate, jit_compile=False, steps_per_execution=4)
        train_acc = _accuracy(result.model, x, y)
        test_acc = _accuracy(result.model, xt, yt)
        rows.append({"setting": setting, "train_accuracy": train_acc, "test_accuracy": test_acc,
                     "gap": train_acc - test_acc, "seconds": result.seconds})
    return pd.DataFrame(rows)


def initialization_effect(
    initializers=("zeros", "small", "xavier", "he"),
    activation: str = "relu",
    depth: int = 8,
    width: int = 64,
    epochs: int = 10,
    learning_rate: float = 0.01,
    batch_size: int = 64,
    seed: int = 0,
):
    """Training a deep MLP on digits from each initialisation: loss and accuracy after ``epochs``.

    ``zeros``: all hidden units stay identical (the symmetry is never broken) and, with ReLU, no
    gradient flows at all; ``small`` (N(0, 0.01²)) starts with vanished signals; ``xavier`` and
    ``he`` train. SGD + momentum 0.9, no batch norm (it would hide the effect).

    Args:
        initializers: names among ``"zeros"``, ``"small"``, ``"xavier"``, ``"he"``.
        activation: hidden activation (see ``tfdl.training.MLP_ACTIVATIONS``; not maxout).
        depth: hidden layers.
        width: units per hidden layer.
        epochs: training epochs.
        learning_rate: SGD step.
        batch_size: mini-batch size.
        seed: seed.

    Returns:
        DataFrame: ``initializer``, ``initial_loss``, ``final_loss``, ``train_accuracy``,
        ``test_accuracy``, ``distinct_units`` (distinct columns of the first hidden kernel
        after training: 1 means all units are copies).

    Example:
        >>> initialization_effect(("he",), epochs=1).shape     # doctest: +SKIP
        (1, 6)
    """
    import keras
    import pandas as pd

    from tfdl.initializers import keras_initializer_identifier
    from tfdl.models.mlp import _activation_layer
    from tfdl.training import fit

    (x, y), (xt, yt) = _digits(8)
    x, xt = x.reshape(len(x), -1), xt.reshape(len(xt), -1)
    rows = []
    for name in initializers:
        init = keras_initializer_identifier(name)

        def build(init=init, name=name):
            inputs = keras.Input((x.shape[1],), name="inputs")
            h = inputs
            for i in range(1, int(depth) + 1):
                h = keras.layers.Dense(width, kernel_initializer=init, name=f"hidden{i}_dense")(h)
                h = _activation_layer(activation, f"hidden{i}_act")(h)
            outputs = keras.layers.Dense(10, activation="softmax", kernel_initializer=init, name="output")(h)
            return keras.Model(inputs, outputs, name=f"mlp_{name}")

        result = fit(build, x, y, epochs=int(epochs), batch_size=batch_size, seed=seed,
                     optimizer=keras.optimizers.SGD(learning_rate, momentum=0.9), jit_compile=False,
                     steps_per_execution=4)
        kernel = result.model.get_layer("hidden1_dense").get_weights()[0]
        distinct = len({tuple(np.round(col, 6)) for col in kernel.T})
        rows.append({
            "initializer": name,
            "initial_loss": float(result.history["loss"].iloc[0]),
            "final_loss": float(result.history["loss"].iloc[-1]),
            "train_accuracy": _accuracy(result.model, x, y),
            "test_accuracy": _accuracy(result.model, xt, yt),
            "distinct_units": distinct,
        })
    return pd.DataFrame(rows)
