"""What a registered model would cost before it is built: parameters and activation memory.

The model is traced in ``keras.StatelessScope(initialize_variables=False)``: its layers and shapes
exist, its weights are never allocated, so VGG16 at 1024×1024 (2.2 billion parameters, 8.1 GiB of
weights) is measured in a fraction of a second and a few kilobytes. A server checks this before it
builds what a request asks for.

Example:
    >>> f = model_footprint("vgg16", (224, 224, 3))  # doctest: +SKIP
    >>> f.params, round(f.weight_bytes / 2**20)  # doctest: +SKIP
    (138357544, 528)
"""

from __future__ import annotations

import dataclasses
import math

__all__ = ["Footprint", "model_footprint", "without_weights"]


def without_weights():
    """A context in which Keras models are built for their structure only: layers, shapes and
    parameter counts exist, no weight is allocated (``keras.StatelessScope`` without initialising,
    and nothing left for a later scope to initialise). For counting, never for running.

    Example:
        >>> with without_weights():  # doctest: +SKIP
        ...     n = keras.applications.VGG16(weights=None).count_params()  # 138,357,544, no 0.5 GB
    """
    from tfdl._compat import traced_without_weights

    return traced_without_weights()


@dataclasses.dataclass(frozen=True)
class Footprint:
    """Parameters and memory of one model at one input shape (float32, one image).

    Attributes:
        params: all weights (trainable and not), as ``model.count_params()`` counts them.
        activation_values: the sum of every layer's output size for one input.
    """

    params: int
    activation_values: int

    @property
    def weight_bytes(self) -> int:
        return 4 * self.params

    @property
    def activation_bytes(self) -> int:
        return 4 * self.activation_values


def model_footprint(model_name: str, input_shape: tuple, **overrides) -> Footprint:
    """Parameters and activation memory of registered model ``model_name`` at ``input_shape``,
    without allocating its weights.

    Args:
        model_name: a name from :func:`tfdl.models.list_models`.
        input_shape: the input shape without the batch axis, e.g. ``(224, 224, 3)``.
        **overrides: further builder arguments, as for :func:`tfdl.models.create_model`.

    Raises:
        TfdlValueError: what the builder raises for an unknown name or too small an input.
    """
    import keras

    from tfdl.models.registry import create_model

    with without_weights():
        model = create_model(model_name, input_shape=tuple(input_shape), **overrides)
        params = int(model.count_params())
        values = sum(math.prod(int(d) for d in out.shape[1:] if d is not None)
                     for layer in model.layers for out in keras.tree.flatten(layer.output))
    return Footprint(params=params, activation_values=values)
