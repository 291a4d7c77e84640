"""The Inside-a-network lab as functions: a small digits CNN and the views computed on one digit.

Each view of the playground's Inside page is one call here, so the page only draws:
:func:`train_digits_cnn` (the page's own model; :func:`train_digits_cnn_cost` says beforehand how long
it takes), :func:`image_input_size` (does a model from
elsewhere take digit images?), :func:`kernel_layer_for` (whose filters explain a feature map),
:func:`attribution_maps` (five ways of saying where the network looks) and
:func:`embedding_view` (the penultimate layer mapped to 2-D, with nearest neighbours).

Example:
    >>> import keras, numpy as np
    >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="conv1"),
    ...                           keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    >>> image_input_size(model), kernel_layer_for(model, "conv1")
    (8, 'conv1')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = [
    "ATTRIBUTION_METHODS",
    "EmbeddingView",
    "attribution_maps",
    "embedding_view",
    "image_input_size",
    "kernel_layer_for",
    "train_digits_cnn",
    "train_digits_cnn_cost",
]

#: The attribution maps of :func:`attribution_maps`, in display order (Grad-CAM needs a conv layer).
ATTRIBUTION_METHODS = ("saliency", "smoothgrad", "guided_backprop", "occlusion", "grad_cam")


def train_digits_cnn(size: int = 16, epochs: int = 6, seed: int = 0):
    """A small CNN (conv 8 → conv 16 → dense 32) fitted on the scikit-learn digits at ``size``.

    Adam with learning rate 3·10⁻³, batches of 64; ``seed`` fixes the weights, the shuffling and
    so the result.

    Args:
        size: image side (>= 8).
        epochs: training epochs (>= 1).
        seed: random seed.

    Returns:
        ``(model, accuracy)``: the trained ``keras.Model`` and its accuracy on the test digits.

    Example:
        >>> model, accuracy = train_digits_cnn(8, epochs=1)  # doctest: +SKIP
    """
    import tfdl.metrics as M
    import tfdl.training as T
    from tfdl.data import load_digits

    (x_train, y_train), (x_test, y_test) = load_digits(size=size)
    result = T.fit(lambda: _digits_cnn(size), x_train, y_train, epochs=epochs, batch_size=_BATCH, seed=seed,
                   learning_rate=3e-3)
    if result.diverged:
        raise TfdlValueError("digits_cnn_diverged", "Training the small CNN diverged (the loss became NaN or "
                             "inf); try another seed. Received: seed={seed}", seed=seed)
    return result.model, float(M.accuracy(y_test, result.model.predict(x_test, verbose=0)))


def train_digits_cnn_cost(size: int = 16, epochs: int = 6):
    """What :func:`train_digits_cnn` will cost, before it runs (:func:`tfdl.training.estimate_fit_cost`).

    Args:
        size: image side (>= 8).
        epochs: training epochs (>= 1).

    Returns:
        :class:`tfdl.training.FitCost` (steps, FLOPs, estimated CPU seconds).

    Example:
        >>> train_digits_cnn_cost(16, epochs=6).steps
        138
    """
    from tfdl.data import load_digits
    from tfdl.training_cost import estimate_fit_cost

    (x_train, _), _ = load_digits(size=size)
    return estimate_fit_cost(lambda: _digits_cnn(size), len(x_train), epochs, _BATCH)


_BATCH = 64


def _digits_cnn(size: int):
    import tfdl.training as T

    return T.build_small_cnn((size, size, 1), filters=(8, 16), dense_units=32, dropout=0.0)


def image_input_size(model, min_size: int = 8) -> int | None:
    """The side ``S`` of the grey square images ``(S, S, 1)`` that ``model`` takes, else ``None``.

    Args:
        model: a Keras model (anything else gives ``None``).
        min_size: the smallest side accepted.

    Returns:
        ``S``, or ``None`` when the model takes no ``(S, S, 1)`` input with ``S >= min_size``.

    Example:
        >>> import keras
        >>> image_input_size(keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])) is None
        True
    """
    inputs = getattr(model, "inputs", None)
    if not inputs:
        return None
    shape = tuple(inputs[0].shape[1:])
    if len(shape) == 3 and shape[0] == shape[1] and shape[2] == 1 and shape[0] is not None and shape[0] >= min_size:
        return int(shape[0])
    return None


def kernel_layer_for(model, layer: str, layers: list[str] | None = None) -> str | None:
    """The conv layer whose filters explain the feature maps of ``layer``: itself if it has a
    kernel, else the last conv layer before it (an activation or pooling after a conv), else the
    first conv layer of the model; ``None`` without any.

    Args:
        model: a Keras model.
        layer: a name from :func:`tfdl.interpret.feature_map_layers`.
        layers: those names (computed when ``None``).

    Returns:
        a layer name with a 4-D kernel, or ``None``.
    """
    from tfdl.interpret.features import feature_map_layers

    layers = feature_map_layers(model) if layers is None else list(layers)
    if layer not in layers:
        raise TfdlValueError("feature_map_layer", "`layer` must be one of {layers}. Received: layer={layer!r}",
                             layers=layers, layer=layer)
    convs = [name for name in layers if getattr(model.get_layer(name), "kernel", None) is not None
             and len(model.get_layer(name).kernel.shape) == 4]
    before = [name for name in convs if layers.index(name) <= layers.index(layer)]
    return (before or convs or [None])[-1]


def attribution_maps(model, x, class_index: int, *, mask_size: int = 4, stride: int = 1,
                     noise_level: float = 0.15, n_samples: int = 20) -> dict[str, np.ndarray]:
    """Five maps of where the model looks for class ``c`` on image ``x``, keyed by method.

    ``saliency`` ``|∂S_c/∂x|``; ``smoothgrad`` its mean over noisy copies; ``guided_backprop``
    (only positive signals pass the ReLUs backwards); ``occlusion`` the fall of the class
    probability when a ``mask_size`` square hides the pixel, clipped at 0 (a rise is not
    evidence); ``grad_cam`` the last conv maps weighted by their mean gradient, only when the
    model has a conv layer.

    Args:
        model: a Keras classifier.
        x: one image ``(H, W, C)``.
        class_index: the class ``c`` explained.
        mask_size: side of the occluding square (1..H).
        stride: step of the occluding square (>= 1).
        noise_level: SmoothGrad's ``σ / (max − min)``.
        n_samples: SmoothGrad's number of noisy copies.

    Returns:
        ``{method: (H, W) map}`` in the order of :data:`ATTRIBUTION_METHODS`.
    """
    from tfdl import interpret as I

    maps = {
        "saliency": I.saliency(model, x, class_index),
        "smoothgrad": I.smoothgrad(model, x, class_index, n_samples=int(n_samples), noise_level=float(noise_level)),
        "guided_backprop": I.guided_backprop(model, x, class_index),
        "occlusion": np.maximum(I.occlusion_sensitivity(model, x, class_index, mask_size=int(mask_size),
                                                        stride=int(stride), per_pixel=True), 0),
    }
    if I.feature_map_layers(model):
        maps["grad_cam"] = I.grad_cam(model, x, class_index)
    return maps


@dataclass(frozen=True)
class EmbeddingView:
    """What :func:`embedding_view` computes.

    Attributes:
        chosen: indices of the shown examples; ``chosen[0]`` is the query.
        points: their ``(n, 2)`` map.
        neighbors: indices (into the bank) of the query's nearest neighbours, nearest first.
        distances: their Euclidean distances in the embedding.
        near_in_map: positions (into ``chosen``) of the query's nearest shown examples, without itself.
        layer: the name of the embedding layer.
    """

    chosen: np.ndarray
    points: np.ndarray
    neighbors: np.ndarray
    distances: np.ndarray
    near_in_map: np.ndarray
    layer: str


def embedding_view(model, x_shown, x_bank, index: int, *, n_points: int = 300, k: int = 5,
                   method: str = "pca") -> EmbeddingView:
    """The penultimate-layer embedding of ``n_points`` examples (example ``index`` first) in 2-D,
    and the ``k`` nearest neighbours of example ``index`` among ``x_bank``.

    Args:
        model: a Keras classifier.
        x_shown: examples to map (the test digits).
        x_bank: examples to search (the training digits).
        index: the query, an index into ``x_shown``.
        n_points: how many of ``x_shown`` to map (the first ones, with ``index`` put first).
        k: number of neighbours (>= 1).
        method: ``"pca"`` or ``"tsne"`` (perplexity ``min(30, (n − 1)/3)``).

    Returns:
        :class:`EmbeddingView`.
    """
    from tfdl import interpret as I

    if method not in ("pca", "tsne"):
        raise TfdlValueError("embedding_method", "`method` must be 'pca' or 'tsne'. Received: method={method!r}",
                             method=method)
    n = len(x_shown)
    if not 0 <= index < n:
        raise TfdlValueError("embedding_index", "`index` must be in [0, {n}). Received: index={index!r}",
                             n=n, index=index)
    n_points = max(1, min(int(n_points), n))
    chosen = np.r_[index, np.setdiff1d(np.arange(n_points), [index])][:n_points]
    z = I.embeddings(model, x_shown[chosen])
    points = I.pca(z, 2) if method == "pca" else I.tsne(z, perplexity=min(30.0, (len(z) - 1) / 3))
    neighbors, distances = I.nearest_neighbors(z[0], I.embeddings(model, x_bank), k=int(k))
    near_in_map, _ = I.nearest_neighbors(z[0], z, k=min(int(k) + 1, len(z)))
    return EmbeddingView(chosen, np.asarray(points), np.asarray(neighbors), np.asarray(distances),
                         np.asarray(near_in_map)[1:], I.penultimate_layer(model))
