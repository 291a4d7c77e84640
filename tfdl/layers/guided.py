"""Guided ReLU: a ReLU whose backward pass lets through only positive gradients at positive inputs.

Forward ``y = max(x, 0)``. Backward (guided backpropagation, Springenberg et al. 2015):
``∂L/∂x = ∂L/∂y · [x > 0] · [∂L/∂y > 0]`` — the ordinary ReLU mask ``[x > 0]`` (backprop) and the
"deconvnet" mask ``[∂L/∂y > 0]`` together. Used by :func:`tfdl.interpret.guided_backprop`, which
inserts one after every ReLU of a model; since ``relu(relu(x)) = relu(x)`` and the masks agree,
this turns ordinary gradients into guided ones without touching the model's own layers.

Example:
    >>> import keras, tfdl
    >>> tfdl.layers.GuidedReLU()(keras.ops.ones((2, 5))).shape
    TensorShape([2, 5])
"""

from __future__ import annotations

import keras
from keras import ops

__all__ = ["GuidedReLU", "guided_relu"]


@keras.saving.register_keras_serializable(package="tfdl")
def guided_relu(x):
    """ReLU with the guided-backpropagation gradient.

    ``y = max(x, 0)``; ``∂L/∂x = g · [x > 0] · [g > 0]`` with ``g = ∂L/∂y``.

    Args:
        x: a tensor.

    Returns:
        ``max(x, 0)``, same shape and dtype as ``x``.

    Example:
        >>> guided_relu(keras.ops.convert_to_tensor([-1.0, 2.0])).shape
        TensorShape([2])

    Paper: J. T. Springenberg, A. Dosovitskiy, T. Brox, M. Riedmiller, "Striving for Simplicity:
    The All Convolutional Net", ICLR 2015 workshop (arXiv:1412.6806).
    """

    @ops.custom_gradient
    def _guided(x):
        y = ops.relu(x)

        def grad(*args, upstream=None):
            g = args[0] if upstream is None else upstream
            zero = ops.zeros_like(g)
            return ops.where(ops.logical_and(x > 0, g > 0), g, zero)

        return y, grad

    return _guided(x)


@keras.saving.register_keras_serializable(package="tfdl")
class GuidedReLU(keras.layers.Layer):
    """A ReLU layer whose gradient is the guided-backpropagation one.

    ``y = max(x, 0)`` forward; backward ``∂L/∂x = g · [x > 0] · [g > 0]`` where ``g = ∂L/∂y``:
    only positive evidence flows back, which gives the sharp input maps of guided backprop.
    It has no weights and is the identity on the forward pass after another ReLU.

    Args:
        **kwargs: base ``keras.layers.Layer`` arguments (``name``, ``dtype``...).

    Returns:
        A layer mapping any tensor to ``max(x, 0)`` of the same shape.

    Example:
        >>> GuidedReLU()(keras.ops.zeros((3, 4, 4, 2))).shape
        TensorShape([3, 4, 4, 2])

    Paper: J. T. Springenberg, A. Dosovitskiy, T. Brox, M. Riedmiller, "Striving for Simplicity:
    The All Convolutional Net", ICLR 2015 workshop (arXiv:1412.6806).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def call(self, x):
        return guided_relu(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return super().get_config()
