"""Sanity checks for saliency maps: the cascading model-randomisation test.

If an attribution method explains the *model*, its map must change when the model's weights are
destroyed. :func:`sanity_check` re-initialises the layers of a copy of the model one by one from the
top (the output layer, then the top two, …, then every layer), each with its own initializer, and
recomputes every method's map after each step; :func:`spearman` (rank correlation of ``|map|``
with the original map) measures how much of the map survived. Maps that stay similar (guided
backprop, famously) depend on the input more than on what the network learned.

Paper: J. Adebayo, J. Gilmer, M. Muelly, I. Goodfellow, M. Hardt, B. Kim, "Sanity Checks for
Saliency Maps", NeurIPS 2018 (arXiv:1810.03292).

Example:
    >>> import keras, numpy as np
    >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3),
    ...                           keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    >>> result = sanity_check(model, np.random.rand(8, 8, 1), methods=("saliency",))
    >>> result.maps["saliency"].shape, float(result.correlations["saliency"][0])
    ((3, 8, 8), 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tfdl.validation import int_min_error, one_of_error

__all__ = ["SANITY_METHODS", "SanityCheck", "sanity_check", "spearman", "randomized_layers", "randomize_layers"]

#: The methods :func:`sanity_check` can recompute, in display order (Grad-CAM needs a conv layer).
SANITY_METHODS = ("saliency", "smoothgrad", "guided_backprop", "grad_cam")


def _ranks(a: np.ndarray) -> np.ndarray:
    """Ranks 1..n of a flat array, ties given their average rank (as ``scipy.stats.rankdata``)."""
    order = np.argsort(a, kind="mergesort")
    sorted_a = a[order]
    first = np.r_[True, sorted_a[1:] != sorted_a[:-1]]
    group = np.cumsum(first) - 1  # group id of each sorted element
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], len(a)]
    average = (starts + ends + 1) / 2.0  # mean of ranks start+1 .. end
    ranks = np.empty(len(a), dtype="float64")
    ranks[order] = average[group]
    return ranks


def spearman(a, b) -> float:
    """Spearman's rank correlation of two arrays of the same size (flattened).

    ``ρ = Pearson(rank(a), rank(b))``, ties taking their average rank. ``nan`` when either array
    is constant (its ranks have no spread).

    Args:
        a, b: arrays with the same number of elements.

    Returns:
        ``ρ`` in ``[−1, 1]`` (a Python float), or ``nan``.

    Example:
        >>> spearman([1, 2, 3, 4], [10, 20, 30, 35]), spearman([1, 2, 3], [3, 2, 1])
        (1.0, -1.0)
    """
    a = np.asarray(a, dtype="float64").ravel()
    b = np.asarray(b, dtype="float64").ravel()
    if a.shape != b.shape:
        raise one_of_error("b.size", b.size, [a.size])
    ra, rb = _ranks(a), _ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denom = float(np.sqrt((ra * ra).sum() * (rb * rb).sum()))
    if denom == 0.0:
        return float("nan")
    return float(np.clip((ra * rb).sum() / denom, -1.0, 1.0))


def randomized_layers(model) -> list[str]:
    """The names of the layers with weights, from the top (output) down: the order of the cascade."""
    return [layer.name for layer in reversed(model.layers) if layer.weights]


def _initializer(layer, variable, seed: int):
    import keras

    name = variable.path.split("/")[-1]
    init = getattr(layer, f"{name}_initializer", None)
    if init is None:  # a weight without a declared initializer: Glorot for matrices, zeros for vectors
        init = keras.initializers.GlorotUniform() if len(variable.shape) >= 2 else keras.initializers.Zeros()
    init = keras.initializers.get(init)
    config = init.get_config()
    if "seed" in config:
        init = type(init).from_config({**config, "seed": seed})
    return init


def randomize_layers(model, names, seed: int = 0) -> None:
    """Re-initialise every weight of the named layers of ``model`` in place, each with its layer's
    own initializer (``kernel_initializer`` for the kernel, …), seeded from ``seed``.

    Args:
        model: a built Keras model (pass a copy to keep the original).
        names: layer names.
        seed: base seed; weight ``j`` of the ``i``-th named layer uses ``seed + 1000·i + j``.
    """
    for i, name in enumerate(names):
        layer = model.get_layer(name)
        for j, variable in enumerate(layer.weights):
            init = _initializer(layer, variable, int(seed) + 1000 * i + j)
            variable.assign(np.asarray(init(tuple(variable.shape), dtype=variable.dtype)))


def _copy(model):
    import keras

    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return copy


@dataclass(frozen=True)
class SanityCheck:
    """What :func:`sanity_check` computes.

    Attributes:
        layers: names of the layers randomised, top first; step ``k`` has the first ``k`` randomised.
        maps: ``{method: (k_max + 1, H, W)}``, step 0 the trained model's map.
        correlations: ``{method: (k_max + 1,)}`` Spearman of ``|map|`` at each step with step 0's.
        class_index: the class explained at every step (the trained model's prediction by default).
    """

    layers: list
    maps: dict
    correlations: dict
    class_index: int


def sanity_check(
    model,
    x,
    methods=SANITY_METHODS,
    *,
    class_index: int | None = None,
    seed: int = 0,
    n_samples: int = 10,
    noise_level: float = 0.15,
) -> SanityCheck:
    """The cascading model-randomisation test of Adebayo et al. (2018) on one input.

    Step 0 is the trained model; step ``k`` re-initialises the top ``k`` layers with weights
    (:func:`randomized_layers`) of a *copy* of the model (``model`` itself is never changed). At each
    step every method's map is recomputed for the same class, and ``ρ_k = spearman(|M_k|, |M_0|)``.

    Args:
        model: a built Keras classifier.
        x: one input (without the batch axis).
        methods: names from :data:`SANITY_METHODS`; ``grad_cam`` is skipped for a model without a
            conv layer.
        class_index: the class explained (``None``: the trained model's prediction).
        seed: seed of the re-initialisation (and of SmoothGrad's noise).
        n_samples: SmoothGrad's noisy copies (>= 1).
        noise_level: SmoothGrad's ``σ / (max − min)``.

    Returns:
        :class:`SanityCheck`.

    Example:
        >>> sanity_check(cnn, x, methods=("saliency", "grad_cam")).correlations["saliency"][0]  # doctest: +SKIP
        1.0
    """
    from tfdl import interpret as I

    methods = tuple(methods)
    for method in methods:
        if method not in SANITY_METHODS:
            raise one_of_error("methods", method, list(SANITY_METHODS))
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise int_min_error("n_samples", n_samples, 1)
    if "grad_cam" in methods and not I.feature_map_layers(model):
        methods = tuple(m for m in methods if m != "grad_cam")
    x = np.asarray(x, dtype="float32")
    if class_index is None:
        class_index = int(np.argmax(np.asarray(model(x[None], training=False))[0]))
    compute = {
        "saliency": lambda m: I.saliency(m, x, class_index),
        "smoothgrad": lambda m: I.smoothgrad(
            m, x, class_index, n_samples=int(n_samples), noise_level=float(noise_level), seed=int(seed)
        ),
        "guided_backprop": lambda m: I.guided_backprop(m, x, class_index),
        "grad_cam": lambda m: I.grad_cam(m, x, class_index),
    }
    layers = randomized_layers(model)
    copy = _copy(model)
    steps = {method: [np.abs(compute[method](copy))] for method in methods}
    for k, name in enumerate(layers):
        randomize_layers(copy, [name], seed=int(seed) + 7919 * (k + 1))
        for method in methods:
            steps[method].append(np.abs(compute[method](copy)))
    maps = {method: np.stack(m).astype("float32") for method, m in steps.items()}
    correlations = {method: np.array([spearman(m[0], mk) for mk in m]) for method, m in maps.items()}
    return SanityCheck(layers, maps, correlations, int(class_index))
