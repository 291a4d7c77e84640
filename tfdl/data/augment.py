"""Data augmentation (blur, stretch, rotate, shift, glare) and test-time augmentation.

The notes' list of augmentations for images, each a Keras layer that changes its input only in
training (``training=True``, the default of Keras' preprocessing layers; ``model.predict`` passes
``training=False``, so an augmenter inside a model is the identity at test time):

=========  ============================================================================
kind       layer at strength ``s`` in [0, 1]
=========  ============================================================================
stretch    ``keras.layers.RandomZoom``: height and width scaled independently by up to ±30 % · s
rotate     ``keras.layers.RandomRotation``: up to ±0.1 · s of a turn (±36° · s)
shift      ``keras.layers.RandomTranslation``: up to ±20 % · s of the side, zeros fill the gap
blur       :class:`tfdl.layers.RandomGaussianBlur`: ``(1 − a)·x + a·(G_σ ⋆ x)``, ``σ = 1.5·s`` pixels, ``a ~ U(0, 1)``
glare      :class:`tfdl.layers.RandomGlare`: a bright Gaussian spot of height ``A ~ U(0, s)`` at a random place
=========  ============================================================================

:func:`make_augmenter` chains the chosen kinds (geometry first, then blur, then glare);
:func:`augmented_dataset` feeds a ``tf.data`` pipeline through it (a new draw every epoch);
:func:`test_time_augmentation` averages a model's predictions over ``n`` augmented copies of the
inputs. Every layer computes with ``keras.ops`` only (no numpy in traced code), so it runs in a
``tf.data`` map and on a GPU. Importing this module imports no Keras (it does when first used).

Example:
    >>> import numpy as np
    >>> aug = make_augmenter(("shift", "rotate"), strength=0.5, seed=0)
    >>> aug(np.zeros((2, 8, 8, 1), "float32")).shape
    TensorShape([2, 8, 8, 1])
"""

from __future__ import annotations

from tfdl import validation

__all__ = ["AUGMENTATIONS", "augmented_dataset", "make_augmenter", "test_time_augmentation"]

AUGMENTATIONS = ("blur", "stretch", "rotate", "shift", "glare")
#: order in which make_augmenter applies the kinds: geometry, then blur, then glare
_ORDER = ("stretch", "rotate", "shift", "blur", "glare")
MAX_ROTATION = 0.1  # of a full turn, at strength 1
MAX_SHIFT = 0.2  # of the side
MAX_STRETCH = 0.3  # relative change of height or width
MAX_BLUR_SIGMA = 1.5  # pixels


def _check_unit(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise validation.interval_error(name, value, "[0, 1]")
    return float(value)


def _layer(kind: str, s: float, seed):
    import keras

    from tfdl.layers.augmentation import RandomGaussianBlur, RandomGlare

    if kind == "stretch":
        return keras.layers.RandomZoom(
            (-MAX_STRETCH * s, MAX_STRETCH * s),
            (-MAX_STRETCH * s, MAX_STRETCH * s),
            fill_mode="constant",
            seed=seed,
            name="stretch",
        )
    if kind == "rotate":
        return keras.layers.RandomRotation(MAX_ROTATION * s, fill_mode="constant", seed=seed, name="rotate")
    if kind == "shift":
        return keras.layers.RandomTranslation(
            MAX_SHIFT * s, MAX_SHIFT * s, fill_mode="constant", seed=seed, name="shift"
        )
    if kind == "blur":
        return RandomGaussianBlur(MAX_BLUR_SIGMA * s, seed=seed, name="blur")
    return RandomGlare(s, seed=seed, name="glare")


def make_augmenter(kinds=AUGMENTATIONS, strength: float = 0.5, seed: int | None = None):
    """A ``keras.Sequential`` of the chosen augmentations at one strength (the table above).

    Args:
        kinds: any of :data:`AUGMENTATIONS` (applied in the order stretch, rotate, shift, blur,
            glare whatever the order given); empty: the identity.
        strength: ``s`` in [0, 1]; 0 makes every layer the identity.
        seed: seed of the first layer (the next ones get ``seed + 1``, …); ``None``: the global seed.

    Returns:
        An unbuilt ``keras.Sequential`` named ``"augmenter"``: call it on ``(N, H, W, C)`` images
        with ``training=True`` (the default) to augment them.

    Example:
        >>> [layer.name for layer in make_augmenter(("glare", "shift")).layers]
        ['shift', 'glare']

    Reference: Krizhevsky, Sutskever, Hinton, "ImageNet classification with deep convolutional
    neural networks", NIPS 2012 (§4.1: translations and reflections, intensity changes).
    """
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    bad = [k for k in kinds if k not in AUGMENTATIONS]
    if bad:
        raise validation.one_of_error("kinds", bad[0], AUGMENTATIONS)
    s = _check_unit("strength", strength)
    if seed is not None:
        seed = validation.check_int(seed, "seed", minimum=0)
    import keras

    from tfdl.seeding import seeded

    with seeded(seed):  # the layers' seed generators are drawn now: the same augmenter whatever ran before
        layers = [
            _layer(k, s, None if seed is None else seed + i) for i, k in enumerate(k for k in _ORDER if k in kinds)
        ]
        return keras.Sequential(layers or [keras.layers.Identity(name="identity")], name="augmenter")


def augmented_dataset(x, y, augmenter, batch_size: int = 32, seed: int | None = 0, shuffle: bool = True):
    """A ``tf.data.Dataset`` of ``(augmenter(x_batch), y_batch)``: new random copies every epoch.

    Args:
        x: images ``(N, H, W, C)``.
        y: labels ``(N,)``.
        augmenter: a layer or model (e.g. :func:`make_augmenter`), called with ``training=True``.
        batch_size: batch size (>= 1).
        seed: seed of the shuffling and of the augmenter's random ops in the pipeline (``None``: unseeded);
            the same seed gives the same copies whatever ran before in the process.
        shuffle: shuffle every epoch.

    Returns:
        A batched, prefetched ``tf.data.Dataset`` for ``tfdl.training.fit(model, dataset)``.

    Example:
        >>> import numpy as np
        >>> ds = augmented_dataset(np.zeros((5, 4, 4, 1), "float32"), np.zeros(5), make_augmenter(()), 2)
        >>> [len(b[0]) for b in ds]
        [2, 2, 1]
    """
    import tensorflow as tf

    batch_size = validation.check_int(batch_size, "batch_size", minimum=1)
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    from tfdl.seeding import seeded

    with seeded(seed):  # the map's random ops take their op seeds from the global seed now: one run per seed
        ds = ds.batch(batch_size).map(lambda a, b: (augmenter(a, training=True), b))
    return ds.prefetch(tf.data.AUTOTUNE)


def test_time_augmentation(model, x, n: int, augmenter, batch_size: int = 256):
    """Test-time augmentation: the mean of the model's predictions on ``n`` augmented copies of ``x``.

    Formula: ``p̂(x) = (1/n) Σ_{k=1..n} f(T_k(x))`` with ``T_k`` independent draws of the
    augmenter (``training=True``) and ``f`` the model in inference mode.

    Args:
        model: a ``keras.Model`` (its outputs are averaged: probabilities for a softmax model).
        x: inputs ``(N, H, W, C)``.
        n: number of augmented copies (>= 1).
        augmenter: a layer or model (e.g. :func:`make_augmenter`).
        batch_size: batch size of ``model.predict``.

    Returns:
        numpy array of the averaged outputs, the shape of ``model.predict(x)``.

    Example:
        >>> import numpy as np, keras
        >>> m = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3)])
        >>> test_time_augmentation(m, np.zeros((2, 4, 4, 1), "float32"), 2, make_augmenter(())).shape
        (2, 3)

    Reference: Krizhevsky et al., NIPS 2012 (§4.1: the prediction averaged over ten patches).
    """
    import numpy as np
    from keras import ops

    n = validation.check_int(n, "n", minimum=1)
    x = ops.convert_to_tensor(x, dtype="float32")
    total = None
    for _ in range(n):
        outputs = np.asarray(model.predict(augmenter(x, training=True), batch_size=batch_size, verbose=0))
        total = outputs if total is None else total + outputs
    return total / n


test_time_augmentation.__test__ = False  # not a pytest test, whatever its name
