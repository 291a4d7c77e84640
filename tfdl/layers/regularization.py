"""Regularisers that drop whole paths: stochastic depth, drop-path, and FractalNet's join.

* :class:`StochasticDepth` — Huang et al., "Deep Networks with Stochastic Depth", ECCV 2016:
  a residual branch survives with probability ``p``; at test time it is scaled by ``p``.
* :class:`DropPath` — the per-sample "inverted" form used by timm/EfficientNet: a branch is
  zeroed with probability ``rate`` and the survivors are scaled by ``1 / (1 - rate)``.
* :class:`FractalJoin` — Larsson et al., "FractalNet", ICLR 2017: the mean of the columns that
  survive local drop-path (at least one always survives).

Example:
    >>> import numpy as np
    >>> from tfdl.layers import StochasticDepth
    >>> x = np.ones((2, 4, 4, 8), "float32")
    >>> StochasticDepth(0.8)([x, x]).shape
    TensorShape([2, 4, 4, 8])
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["StochasticDepth", "DropPath", "FractalJoin"]


def _check_probability(name, value, low_open=False):
    v = float(value)
    ok = (0.0 < v <= 1.0) if low_open else (0.0 <= v < 1.0)
    if not ok:
        interval = "(0, 1]" if low_open else "[0, 1)"
        raise validation.interval_error(name, value, interval)
    return v


@keras.saving.register_keras_serializable(package="tfdl")
class StochasticDepth(keras.layers.Layer):
    """Residual add whose branch survives with probability ``p`` (stochastic depth).

    Formula (Huang et al., ECCV 2016, Eq. 2 and §3):
        training:  H_ℓ = ReLU-free sum  x + b_ℓ · f_ℓ(x),   b_ℓ ~ Bernoulli(p_ℓ)
        inference: H_ℓ = x + p_ℓ · f_ℓ(x)
    With ``mode="batch"`` (the paper) one ``b_ℓ`` is drawn per mini-batch; with ``mode="row"``
    one per sample.

    Args:
        survival_probability: ``p_ℓ`` in (0, 1]; the paper decays it linearly from 1 at the
            input to 0.5 at the last block.
        mode: ``"batch"`` or ``"row"``.
        seed: optional seed of the Bernoulli draws.
        **kwargs: standard layer arguments.

    Returns:
        ``x + b·f(x)`` with the shape of the inputs, called on ``[x, f(x)]``.

    Example:
        >>> import numpy as np
        >>> x = np.ones((2, 3), "float32")
        >>> StochasticDepth(0.5)([x, x]).shape
        TensorShape([2, 3])
    """

    def __init__(self, survival_probability=0.5, mode="batch", seed=None, **kwargs):
        super().__init__(**kwargs)
        self.survival_probability = _check_probability(
            "survival_probability", survival_probability, low_open=True)
        if mode not in ("batch", "row"):
            raise TfdlValueError(
                "drop_path_mode",
                "`mode` must be 'batch' or 'row'. Received: mode={mode!r}",
                mode=mode,
            )
        self.mode = mode
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        x, f = inputs
        p = self.survival_probability
        if not training or p == 1.0:
            return x + p * f
        shape = (1,) * len(f.shape) if self.mode == "batch" else \
            (ops.shape(f)[0],) + (1,) * (len(f.shape) - 1)
        u = keras.random.uniform(shape, seed=self.seed_generator, dtype=f.dtype)
        b = ops.cast(u < p, f.dtype)
        return x + b * f

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])

    def get_config(self):
        config = super().get_config()
        config.update({"survival_probability": self.survival_probability,
                       "mode": self.mode, "seed": self.seed})
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class DropPath(keras.layers.Layer):
    """Drop a whole branch per sample with probability ``rate``, rescaling the survivors.

    Formula (the inverted stochastic depth of timm / EfficientNet):
        training:  y = x · b / (1 − rate),  b ~ Bernoulli(1 − rate) per sample
        inference: y = x

    Args:
        rate: drop probability in [0, 1).
        seed: optional seed.
        **kwargs: standard layer arguments.

    Returns:
        A tensor of the input's shape.

    Example:
        >>> import numpy as np
        >>> DropPath(0.1)(np.ones((4, 8), "float32")).shape
        TensorShape([4, 8])
    """

    def __init__(self, rate=0.1, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = _check_probability("rate", rate)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, x, training=None):
        if not training or self.rate == 0.0:
            return x
        keep = 1.0 - self.rate
        shape = (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)
        u = keras.random.uniform(shape, seed=self.seed_generator, dtype=x.dtype)
        b = ops.cast(u < keep, x.dtype)
        return x * b / keep

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class FractalJoin(keras.layers.Layer):
    """FractalNet's join: the mean of the columns, with local drop-path while training.

    Formula (Larsson, Maire, Shakhnarovich, "FractalNet: Ultra-Deep Neural Networks without
    Residuals", ICLR 2017, §2-3):
        y = Σ_i m_i · z_i / Σ_i m_i,   m_i ~ Bernoulli(1 − drop_rate) per mini-batch,
        and if every m_i = 0 one random column is kept; at inference all m_i = 1 (plain mean).

    Args:
        drop_rate: local drop-path probability of each input (paper: 0.15).
        seed: optional seed.
        **kwargs: standard layer arguments.

    Returns:
        A tensor of the shape of each input, called on a list of same-shape tensors.

    Example:
        >>> import numpy as np
        >>> z = np.ones((2, 4, 4, 8), "float32")
        >>> FractalJoin(0.15)([z, 2 * z]).shape
        TensorShape([2, 4, 4, 8])
    """

    def __init__(self, drop_rate=0.15, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.drop_rate = _check_probability("drop_rate", drop_rate)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        z = ops.stack(list(inputs), axis=0)              # (n, N, ...)
        n = len(inputs)
        if not training or self.drop_rate == 0.0 or n == 1:
            return ops.mean(z, axis=0)
        u = keras.random.uniform((n,), seed=self.seed_generator)
        m = ops.cast(u >= self.drop_rate, z.dtype)
        pick = keras.random.randint((), 0, n, seed=self.seed_generator)
        fallback = ops.one_hot(pick, n, dtype=z.dtype)
        m = ops.where(ops.sum(m) > 0, m, fallback)
        m = ops.reshape(m, (n,) + (1,) * (len(z.shape) - 1))
        return ops.sum(z * m, axis=0) / ops.sum(m)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])

    def get_config(self):
        config = super().get_config()
        config.update({"drop_rate": self.drop_rate, "seed": self.seed})
        return config
