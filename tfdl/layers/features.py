"""Hand-made input features of a 2-D point, as in TensorFlow Playground.

``FeatureExpansion`` maps a point ``(x1, x2)`` to the chosen features ``x1, x2, x1², x2², x1·x2,
sin x1, sin x2``: a linear model on these features draws curved decision boundaries.
``PlaygroundFeatures`` is the old (deprecated) name, still registered so that ``.keras`` files
saved with it load.
"""

from __future__ import annotations

import warnings

import keras
from keras import ops

from tfdl.errors import TfdlValueError

__all__ = ["FEATURE_NAMES", "FeatureExpansion", "PlaygroundFeatures"]

#: The features :class:`FeatureExpansion` can compute, by name.
FEATURE_NAMES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")


@keras.saving.register_keras_serializable(package="tfdl")
class FeatureExpansion(keras.layers.Layer):
    """Input features of a 2-D point ``(x1, x2)``, chosen by name (TensorFlow Playground's inputs).

    ``φ(x) = [f(x) for f in features]`` with ``f`` among ``x1``, ``x2``, ``x1^2`` (``x1²``),
    ``x2^2``, ``x1x2`` (``x1·x2``), ``sin_x1``, ``sin_x2``. The output stacks the chosen ones in
    the given order: ``(..., 2) → (..., len(features))``.

    Args:
        features: a non-empty sequence of names from :data:`FEATURE_NAMES`, no repeats.
        **kwargs: base layer arguments.

    Returns:
        The layer.

    Example:
        >>> FeatureExpansion(("x1", "x1x2"))(keras.ops.ones((4, 2))).shape
        TensorShape([4, 2])

    Reference: Smilkov & Carter, TensorFlow Playground (2016).
    """

    def __init__(self, features=("x1", "x2"), **kwargs):
        super().__init__(**kwargs)
        features = tuple(features)
        if not features:
            raise TfdlValueError(
                "features_empty",
                "`features` must name at least one input feature. Received: features=()",
            )
        bad = [f for f in features if f not in FEATURE_NAMES]
        if bad:
            raise TfdlValueError(
                "features_unknown",
                "`features` must be taken from {options}. Received: features={features}",
                options=FEATURE_NAMES, features=features,
            )
        if len(set(features)) != len(features):
            raise TfdlValueError(
                "features_repeated",
                "`features` must not repeat a name. Received: features={features}",
                features=features,
            )
        self.features = features

    def call(self, x):
        x1, x2 = x[..., 0], x[..., 1]
        table = {
            "x1": lambda: x1,
            "x2": lambda: x2,
            "x1^2": lambda: x1 * x1,
            "x2^2": lambda: x2 * x2,
            "x1x2": lambda: x1 * x2,
            "sin_x1": lambda: ops.sin(x1),
            "sin_x2": lambda: ops.sin(x2),
        }
        return ops.stack([table[f]() for f in self.features], axis=-1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (len(self.features),)

    def get_config(self):
        config = super().get_config()
        config.update({"features": list(self.features)})
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class PlaygroundFeatures(FeatureExpansion):
    """Deprecated name of :class:`FeatureExpansion` (kept one release so old ``.keras`` files load).

    ``φ(x)`` as :class:`FeatureExpansion`.

    Args:
        features: see :class:`FeatureExpansion`.
        **kwargs: base layer arguments.

    Returns:
        The layer (a :class:`FeatureExpansion`), with a ``DeprecationWarning``.

    Example:
        >>> import warnings; warnings.simplefilter("ignore")
        >>> PlaygroundFeatures(("x1",))(keras.ops.ones((3, 2))).shape
        TensorShape([3, 1])

    Reference: Smilkov & Carter, TensorFlow Playground (2016).
    """

    def __init__(self, features=("x1", "x2"), **kwargs):
        warnings.warn(
            "`PlaygroundFeatures` is deprecated; use `tfdl.layers.FeatureExpansion`.",
            DeprecationWarning, stacklevel=2,
        )
        super().__init__(features, **kwargs)
