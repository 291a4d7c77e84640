"""A linear classifier learns one template per class: softmax regression on the digits.

``p(y = k | x) = softmax(Wᵀx + b)_k``: the score of class ``k`` is the dot product of the image with
the ``k``-th column of ``W``, so that column, reshaped to the image, is a *template* the image is
matched against (positive weights where the class has ink, negative where other classes do). One
template per class is all a linear model can hold, which is why it stops near 95% on digits.

Example:
    >>> from tfdl.experiments.linear_templates import linear_classifier_cost
    >>> linear_classifier_cost(8, epochs=10).steps
    230
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = [
    "LinearClassifier",
    "class_templates",
    "linear_classifier_cost",
    "linear_classifier_model",
    "train_linear_classifier",
]

_BATCH = 64
_CLASSES = 10


class LinearClassifier(NamedTuple):
    """What :func:`train_linear_classifier` returns."""

    #: the trained ``keras.Model`` (Flatten → Dense(10, softmax))
    model: Any
    #: ``(10, size, size)``: column ``k`` of the Dense kernel as an image, the template of digit ``k``
    templates: np.ndarray
    #: ``(10,)``: the Dense bias
    bias: np.ndarray
    #: accuracy on the test digits
    test_accuracy: float
    #: Keras' training loss of the final weights (cross-entropy + L2 penalty), over all training digits
    train_loss: float
    #: ``pandas.DataFrame`` of the epochs (``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``)
    history: Any


def linear_classifier_model(size: int = 8, l2: float = 0.0):
    """Softmax regression on ``size``×``size`` grey images: ``Flatten → Dense(10, softmax)``.

    Args:
        size: image side (>= 8).
        l2: weight of the L2 penalty ``l2 · Σ W²`` on the kernel (>= 0; the bias is not penalised).

    Returns:
        An uncompiled ``keras.Model`` whose Dense layer is named ``"templates"``.

    Example:
        >>> linear_classifier_model(8).count_params()
        650
    """
    import keras

    _check(size, l2)
    regularizer = keras.regularizers.L2(l2) if l2 > 0 else None
    return keras.Sequential(
        [
            keras.Input((size, size, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(_CLASSES, activation="softmax", kernel_regularizer=regularizer, name="templates"),
        ],
        name="linear_classifier",
    )


def class_templates(model) -> np.ndarray:
    """The kernel of ``model``'s Dense layer, one column per class, reshaped to square images.

    Formula: ``template_k = W[:, k].reshape(S, S)`` for the kernel ``W`` of shape ``(S·S, classes)``
    (Flatten keeps row-major order, so pixel ``(i, j)`` is row ``i·S + j``).

    Args:
        model: a model of :func:`linear_classifier_model` (any model with one Dense layer on a
            flattened square image).

    Returns:
        ``(classes, S, S)`` float array.

    Example:
        >>> class_templates(linear_classifier_model(8)).shape
        (10, 8, 8)
    """
    import keras

    dense = [layer for layer in getattr(model, "layers", []) if isinstance(layer, keras.layers.Dense)]
    if len(dense) != 1:
        raise TfdlValueError(
            "templates_one_dense",
            "`model` must have exactly one Dense layer (a linear classifier). Received: {count} Dense layers",
            count=len(dense),
        )
    kernel = np.asarray(dense[0].kernel)
    side = int(round(np.sqrt(kernel.shape[0])))
    if side * side != kernel.shape[0]:
        raise TfdlValueError(
            "templates_square",
            "The Dense kernel's {rows} rows are not a square image (side × side pixels). Received: "
            "kernel shape {shape}",
            rows=kernel.shape[0],
            shape=tuple(kernel.shape),
        )
    return kernel.T.reshape(kernel.shape[1], side, side)


def train_linear_classifier(
    size: int = 8, epochs: int = 20, l2: float = 1e-3, learning_rate: float = 0.01, seed: int = 0
) -> LinearClassifier:
    """Fit softmax regression on the scikit-learn digits (:func:`tfdl.data.load_digits`).

    Formula: minimise ``−mean log softmax(Wᵀx + b)_y + l2 · Σ W²`` with Adam, batches of 64;
    ``seed`` fixes the weights and the shuffling. The templates are :func:`class_templates`.

    Args:
        size: image side (>= 8).
        epochs: training epochs (>= 1).
        l2: L2 penalty on the kernel (>= 0): larger gives smoother templates.
        learning_rate: Adam's step (> 0).
        seed: random seed.

    Returns:
        :class:`LinearClassifier`.

    Example:
        >>> result = train_linear_classifier(8, epochs=1)  # doctest: +SKIP
        >>> result.templates.shape  # doctest: +SKIP
        (10, 8, 8)

    Paper: the templates view is from Karpathy's CS231n notes ("Linear classification"); softmax
    regression is multinomial logistic regression (Cox 1966).
    """
    import tfdl.metrics as M
    import tfdl.training as T
    from tfdl.data import load_digits

    _check(size, l2)
    if not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise validation.int_min_error("epochs", epochs, 1)
    if not learning_rate > 0:
        raise validation.gt_error("learning_rate", learning_rate, 0)
    (x_train, y_train), (x_test, y_test) = load_digits(size=int(size))
    result = T.fit(
        lambda: linear_classifier_model(int(size), float(l2)),
        x_train,
        y_train,
        epochs=int(epochs),
        batch_size=_BATCH,
        validation_data=(x_test, y_test),
        seed=seed,
        learning_rate=learning_rate,
    )
    if result.diverged:
        raise TfdlValueError(
            "linear_classifier_diverged",
            "Training the linear classifier diverged (the loss became NaN or inf); use a smaller learning "
            "rate. Received: learning_rate={learning_rate}",
            learning_rate=learning_rate,
        )
    model = result.model
    train_loss = float(model.evaluate(x_train, y_train, batch_size=len(x_train), verbose=0, return_dict=True)["loss"])
    accuracy = float(M.accuracy(y_test, model.predict(x_test, verbose=0)))
    bias = np.asarray(model.get_layer("templates").bias)
    return LinearClassifier(model, class_templates(model), bias, accuracy, train_loss, result.history)


def linear_classifier_cost(size: int = 8, epochs: int = 20):
    """What :func:`train_linear_classifier` will cost, before it runs (:func:`tfdl.training.estimate_fit_cost`).

    Args:
        size: image side (>= 8).
        epochs: training epochs (>= 1).

    Returns:
        :class:`tfdl.training.FitCost` (steps, FLOPs, estimated CPU seconds).

    Example:
        >>> linear_classifier_cost(8, epochs=20).steps
        460
    """
    from tfdl.data import load_digits
    from tfdl.training_cost import estimate_fit_cost

    _check(size, 0.0)
    (x_train, _), (x_test, _) = load_digits(size=int(size))
    params = size * size * _CLASSES + _CLASSES
    return estimate_fit_cost(params, len(x_train), epochs, _BATCH, validation_samples=len(x_test))


def _check(size, l2) -> None:
    if not isinstance(size, (int, np.integer)) or size < 8:
        raise validation.int_min_error("size", size, 8)
    if not l2 >= 0:
        raise validation.min_error("l2", l2, 0)
