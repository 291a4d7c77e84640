"""Augmentation layers Keras does not have: a Gaussian blur of random amount and a glare spot.

* :class:`RandomGaussianBlur` — ``(1 − a)·x + a·(G_σ ⋆ x)``, a depthwise convolution with a
  Gaussian kernel (:func:`gaussian_kernel`), ``a`` drawn per image.
* :class:`RandomGlare` — a bright Gaussian spot (:func:`glare_spots`) added at a random place.

Both change their input only with ``training=True`` (the default, as Keras' preprocessing
layers), use ``keras.ops`` only (they run in a ``tf.data`` map and on a GPU), and are what
:func:`tfdl.data.augment.make_augmenter` uses for "blur" and "glare".

Example:
    >>> import numpy as np
    >>> float(RandomGlare(0.5, seed=0)(np.zeros((1, 4, 4, 1), "float32"), training=False).numpy().max())
    0.0
"""

from __future__ import annotations

import math

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["GLARE_RADIUS", "RandomGaussianBlur", "RandomGlare", "gaussian_kernel", "glare_spots"]

GLARE_RADIUS = 0.2  # σ of the spot, as a share of the shorter side


def _check_range(name, value, low=0.0, high=None):
    try:
        a, b = (float(v) for v in value)
    except (TypeError, ValueError):
        a = b = float("nan")
    if not (low <= a <= b and (high is None or b <= high)):
        raise TfdlValueError(
            "augment_range",
            "`{name}` must be a pair (low, high) with {lower} <= low <= high{upper}. Received: {name}={value!r}",
            name=name,
            lower=low,
            upper="" if high is None else f" <= {high}",
            value=value,
        )
    return a, b


def gaussian_kernel(sigma: float, radius: int | None = None):
    """The normalised 2-D Gaussian kernel ``G_σ[i, j] ∝ exp(−(i² + j²) / (2σ²))``, ``i, j ∈ −r…r``.

    Args:
        sigma: standard deviation in pixels (> 0).
        radius: ``r``; default ``⌈2σ⌉`` (at least 1), so the kernel is ``(2r + 1) × (2r + 1)``.

    Returns:
        A float32 tensor ``(2r + 1, 2r + 1)`` summing to 1 (``keras.ops``).

    Example:
        >>> [round(float(v), 4) for v in gaussian_kernel(1.0, radius=1)[1]]
        [0.1238, 0.2042, 0.1238]
    """
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float)) or not float(sigma) > 0:
        raise validation.gt_error("sigma", sigma, 0)
    r = max(1, math.ceil(2 * float(sigma))) if radius is None else validation.positive_int(radius, "radius")
    t = ops.arange(-r, r + 1, dtype="float32")
    g = ops.exp(-(t * t) / (2.0 * float(sigma) ** 2))
    k = ops.outer(g, g)
    return k / ops.sum(k)


@keras.saving.register_keras_serializable(package="tfdl")
class RandomGaussianBlur(keras.layers.Layer):
    """Blur each image by a random amount: ``y = (1 − a)·x + a·(G_σ ⋆ x)``, ``a ~ U(amount)`` per image.

    ``G_σ ⋆ x`` is a depthwise convolution (each channel on its own) with :func:`gaussian_kernel`,
    zeros outside the image ("same" size). Unlike ``keras.layers.RandomGaussianBlur`` (σ at most 1,
    one σ for the whole batch, a kernel size set by hand), σ is any width in pixels and the
    kernel covers ±2σ; the random part is how much of the blurred image each example gets.

    Args:
        sigma: σ in pixels (>= 0; 0: the identity).
        amount: ``(low, high)`` in [0, 1] of the blend ``a``; ``(1, 1)`` always blurs fully.
        seed: optional seed.
        **kwargs: standard layer arguments.

    Returns:
        Images of the input's shape ``(N, H, W, C)``; the input itself when ``training=False``.

    Example:
        >>> import numpy as np
        >>> RandomGaussianBlur(1.0)(np.ones((2, 5, 5, 1), "float32")).shape
        TensorShape([2, 5, 5, 1])
    """

    def __init__(self, sigma=1.0, amount=(0.0, 1.0), seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(sigma, bool) or not isinstance(sigma, (int, float)) or not float(sigma) >= 0:
            raise validation.min_error("sigma", sigma, 0)
        self.sigma = float(sigma)
        self.amount = _check_range("amount", amount, 0.0, 1.0)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def blur(self, images):
        """``G_σ ⋆ x`` for every channel of ``images`` ``(N, H, W, C)`` (zeros outside)."""
        channels = images.shape[-1]
        kernel = ops.cast(gaussian_kernel(self.sigma), images.dtype)
        kernel = ops.tile(kernel[:, :, None, None], (1, 1, channels, 1))
        return ops.depthwise_conv(images, kernel, strides=1, padding="same")

    def call(self, inputs, training=True):
        if not training or self.sigma == 0.0 or self.amount[1] == 0.0:
            return inputs
        a = keras.random.uniform(
            (ops.shape(inputs)[0], 1, 1, 1),
            minval=self.amount[0],
            maxval=self.amount[1],
            seed=self.seed_generator,
            dtype=inputs.dtype,
        )
        return inputs + a * (self.blur(inputs) - inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"sigma": self.sigma, "amount": list(self.amount), "seed": self.seed})
        return config


def glare_spots(height: int, width: int, centres, amplitudes, sigma: float):
    """Bright spots ``A_n · exp(−((i − c_y)² + (j − c_x)²) / (2σ²))`` on an ``H × W`` grid.

    Args:
        height, width: the grid.
        centres: ``(N, 2)`` centres ``(c_y, c_x)`` in pixels (row, column).
        amplitudes: ``(N,)`` heights ``A_n``.
        sigma: the spot's σ in pixels (> 0).

    Returns:
        A tensor ``(N, H, W, 1)`` (``keras.ops``).

    Example:
        >>> float(glare_spots(3, 3, [[1.0, 1.0]], [0.5], 1.0)[0, 1, 1, 0])
        0.5
    """
    centres = ops.cast(ops.convert_to_tensor(centres), "float32")
    amplitudes = ops.cast(ops.convert_to_tensor(amplitudes), "float32")
    rows = ops.arange(height, dtype="float32")[None, :, None]
    cols = ops.arange(width, dtype="float32")[None, None, :]
    d2 = (rows - centres[:, 0, None, None]) ** 2 + (cols - centres[:, 1, None, None]) ** 2
    spots = amplitudes[:, None, None] * ops.exp(-d2 / (2.0 * float(sigma) ** 2))
    return spots[..., None]


@keras.saving.register_keras_serializable(package="tfdl")
class RandomGlare(keras.layers.Layer):
    """Add a bright spot (glare) at a random place: ``y = clip(x + A·exp(−‖p − c‖² / (2σ²)))``.

    Per image, the centre ``c`` is uniform over the image, the height ``A ~ U(0, intensity)``,
    and ``σ = radius · min(H, W)`` (:func:`glare_spots`); the result is clipped to
    ``value_range``. Keras has no glare layer.

    Args:
        intensity: the largest height ``A`` (>= 0; 0: the identity), in the images' units.
        radius: σ of the spot as a share of the shorter side (> 0).
        value_range: ``(low, high)`` the output is clipped to (digits: ``(0, 1)``).
        seed: optional seed.
        **kwargs: standard layer arguments.

    Returns:
        Images of the input's shape ``(N, H, W, C)`` (every channel gets the same spot).

    Example:
        >>> import numpy as np
        >>> RandomGlare(0.5)(np.zeros((2, 6, 6, 1), "float32")).shape
        TensorShape([2, 6, 6, 1])
    """

    def __init__(self, intensity=0.5, radius=GLARE_RADIUS, value_range=(0.0, 1.0), seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(intensity, bool) or not isinstance(intensity, (int, float)) or not float(intensity) >= 0:
            raise validation.min_error("intensity", intensity, 0)
        if isinstance(radius, bool) or not isinstance(radius, (int, float)) or not float(radius) > 0:
            raise validation.gt_error("radius", radius, 0)
        self.intensity = float(intensity)
        self.radius = float(radius)
        self.value_range = _check_range("value_range", value_range, -math.inf)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=True):
        if not training or self.intensity == 0.0:
            return inputs
        height, width = inputs.shape[1], inputs.shape[2]
        n = ops.shape(inputs)[0]
        u = keras.random.uniform((n, 3), seed=self.seed_generator)
        centres = u[:, :2] * ops.convert_to_tensor([height - 1.0, width - 1.0])
        spots = glare_spots(height, width, centres, u[:, 2] * self.intensity, self.radius * min(height, width))
        return ops.clip(inputs + ops.cast(spots, inputs.dtype), self.value_range[0], self.value_range[1])

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "intensity": self.intensity,
                "radius": self.radius,
                "value_range": list(self.value_range),
                "seed": self.seed,
            }
        )
        return config
