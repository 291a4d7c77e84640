"""The Train page's code: the 2-D run (TensorFlow-Playground style) and the digits run."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["digits_code", "train2d_code"]


def train2d_code(
    dataset: str,
    *,
    n_samples: int,
    noise: float,
    train_ratio: float,
    features: Sequence[str],
    hidden: Sequence[int],
    activation: str,
    initializer: str,
    learning_rate: float,
    optimizer: str,
    l2: float,
    dropout: float,
    dropout_form: str,
    norm: str,
    batch_size: int,
    epochs: int,
    seed: int,
    classes: int = 3,
    points: str | None = None,
    clip: float = 0.0,
) -> str:
    """Python that repeats the Train page's 2-D run: the data, :func:`tfdl.training.build_mlp` and
    :func:`tfdl.training.fit` with the page's settings.

    Args:
        dataset, n_samples, noise, train_ratio, seed: :func:`tfdl.data.make_toy2d`'s arguments (``seed``
            also seeds the weights, the shuffling and dropout).
        features, hidden, activation, initializer, l2, dropout, dropout_form: the MLP's settings.
        norm: ``"none"``, ``"batch"`` or ``"layer"``.
        learning_rate, optimizer (``"sgd"`` or ``"adam"``), batch_size, epochs: the training settings.
        clip: the page's gradient clipping, ``global_clipnorm`` of the optimiser (0: off).
        classes: the number of classes of ``"blobs"`` and ``"arms"``.
        points: for ``dataset="own"``, the points as CSV text (:func:`tfdl.data.points_csv`), split
            by :func:`tfdl.data.split_points`.

    Returns:
        str: lines of Python; the last print the final training loss and the test accuracy (the
        test MSE for the regression datasets ``"plane"`` and ``"multigauss"``).

    Example:
        >>> code = train2d_code("xor", n_samples=200, noise=0.0, train_ratio=0.5, features=("x1", "x2"),
        ...     hidden=(4,), activation="tanh", initializer="xavier", learning_rate=0.03, optimizer="sgd",
        ...     l2=0.0, dropout=0.0, dropout_form="inverted", norm="none", batch_size=10, epochs=5, seed=0)
        >>> "history.loss.iloc[-1]" in code
        True
    """
    from tfdl.data.toy2d_more import TOY2D_MULTICLASS, toy2d_task

    opt = {"sgd": "SGD", "adam": "Adam"}[optimizer]
    regression = toy2d_task(dataset) == "regression"
    if dataset == "own":
        data = [
            "from tfdl.data import read_points_csv, split_points",
            "",
            f"points = {points!r}",
            f"(x, y), (x_test, y_test) = split_points(*read_points_csv(points), {float(train_ratio)!r}, {int(seed)})",
        ]
    else:
        more = f", classes={int(classes)}" if dataset in TOY2D_MULTICLASS else ""
        data = [
            "from tfdl.data import make_toy2d",
            "",
            f"(x, y), (x_test, y_test) = make_toy2d({dataset!r}, n_samples={int(n_samples)}, noise={float(noise)!r},",
            f"                                      train_ratio={float(train_ratio)!r}, seed={int(seed)}{more})",
        ]
    if regression:
        head, task, last = (
            ", regression=True",
            ", loss='mse', metrics=()",
            [
                "from tfdl.interpret import regression_mse",
                "print(regression_mse(result.model, x_test, y_test))  # the test loss (mean squared error)",
            ],
        )
    else:
        head, task = "", ""
        last = ["print(evaluate(result.model, x_test, y_test).accuracy)  # the test accuracy"]
        if dataset == "own" or dataset in TOY2D_MULTICLASS:
            head = ", num_classes=max(2, int(max(y.max(), y_test.max())) + 1)"
    return "\n".join(
        [
            "import keras",
            "",
            data[0],
            "from tfdl.training import build_mlp, evaluate, fit",
            *data[1:],
            f"model = build_mlp({tuple(int(h) for h in hidden)}, {activation!r}, {initializer!r}, "
            f"features={tuple(features)},",
            f"                  l2={float(l2)!r}, dropout={float(dropout)!r}, dropout_form={dropout_form!r},",
            f"                  batch_norm={norm == 'batch'}, layer_norm={norm == 'layer'}, seed={int(seed)}{head})",
            f"result = fit(model, x, y, epochs={int(epochs)}, batch_size={int(batch_size)}, seed={int(seed)},",
            f"             optimizer=keras.optimizers.{opt}({_optimizer_args(learning_rate, clip)}),",
            f"             validation_data=(x_test, y_test){task},",
            "             jit_compile=False, reinitialize=True)",
            "print(result.history.loss.iloc[-1])  # the final training loss",
            *last,
        ]
    )


def digits_code(
    model: str,
    image_size: int,
    *,
    epochs: int,
    learning_rate: float,
    batch_size: int,
    norm: str = "none",
    augment: Sequence[str] = (),
    strength: float = 0.5,
    clip: float = 0.0,
) -> str:
    """Python that repeats the Train page's digits run: :func:`tfdl.data.load_digits`,
    :func:`tfdl.training.digits_model` and :func:`tfdl.training.fit` with Adam, seed 0.

    Args:
        model: ``"small_cnn"`` or a registered image classifier.
        image_size: the side of the digit images (the registered model's own input side).
        epochs, learning_rate, batch_size: the training settings (Adam).
        clip: the page's gradient clipping, ``global_clipnorm`` of the optimiser (0: off).
        norm: the small CNN's normalisation, ``"none"``, ``"batch"`` or ``"layer"``.
        augment: the augmentations (:func:`tfdl.data.augment.make_augmenter`, seed 0) applied to the training
            digits every epoch, none by default; ``strength`` their strength.

    Returns:
        str: lines of Python; the last print the final training loss and the test accuracy.

    Example:
        >>> digits_code("small_cnn", 8, epochs=2, learning_rate=0.003, batch_size=64).splitlines()[6]
        "model = digits_model('small_cnn', 8, batch_norm=False, layer_norm=False)"
    """
    size = int(image_size)
    options = f", batch_norm={norm == 'batch'}, layer_norm={norm == 'layer'}" if model == "small_cnn" else ""
    lines = [
        "import keras",
        "",
        "from tfdl.data import load_digits",
        "from tfdl.training import digits_model, evaluate, fit",
        "",
        f"(x, y), (x_test, y_test) = load_digits(size={size})",
    ]
    if augment:
        lines += [
            "",
            "from tfdl.data.augment import augmented_dataset, make_augmenter",
            "",
            "# new random copies of the training digits every epoch",
            f"augmenter = make_augmenter({tuple(augment)!r}, {float(strength)!r}, seed=0)",
            f"x, y = augmented_dataset(x, y, augmenter, {int(batch_size)}, seed=0), None",
        ]
    lines += [
        f"model = digits_model({model!r}, {size}{options})",
        f"result = fit(model, x, y, epochs={int(epochs)}, batch_size={int(batch_size)}, seed=0,",
        f"             optimizer=keras.optimizers.Adam({_optimizer_args(learning_rate, clip)}),",
        "             validation_data=(x_test, y_test), jit_compile=False, reinitialize=True)",
        "print(result.history.loss.iloc[-1])  # the final training loss",
        "print(evaluate(result.model, x_test, y_test).accuracy)  # the test accuracy",
    ]
    return "\n".join(lines)


def _optimizer_args(learning_rate: float, clip: float) -> str:
    """The optimiser's arguments: the learning rate, and ``global_clipnorm`` when the page clips (clip > 0)."""
    args = repr(float(learning_rate))
    return f"{args}, global_clipnorm={float(clip)!r}" if clip else args
