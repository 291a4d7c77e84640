"""LeNet-5 (LeCun, Bottou, Bengio, Haffner, 1998): the paper's net and a modern variant.

Example:
    >>> from tfdl.models import lenet5
    >>> lenet5().count_params()
    61706
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.models._common import (
    check_common,
    check_min_size,
    dense_head,
    maybe_se,
    resolve_num_classes,
)
from tfdl.models.registry import register_model

__all__ = ["lenet5", "lenet5_modern"]



def _lenet(input_shape, include_top, classes, classifier_activation, pooling, modern, name, se_ratio=None):
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "its three 5×5 valid convolutions and two 2×2 poolings")
    act = "relu" if modern else "tanh"
    Pool = layers.MaxPooling2D if modern else layers.AveragePooling2D
    inputs = keras.Input(shape, name="input")
    x = maybe_se(layers.Conv2D(6, 5, activation=act, name="c1_conv")(inputs), se_ratio, "c1")
    x = Pool(2, name="s2_pool")(x)
    x = maybe_se(layers.Conv2D(16, 5, activation=act, name="c3_conv")(x), se_ratio, "c3")
    x = Pool(2, name="s4_pool")(x)
    x = layers.Conv2D(120, 5, activation=act, name="c5_conv")(x)
    x = dense_head(x, [(84, "f6_dense", None)], activation=act, include_top=include_top,
                   classes=classes, classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


@register_model()
def lenet5(input_shape=(32, 32, 1), include_top=True, num_classes=10,
           classifier_activation="softmax", pooling=None, *, name="lenet5", se_ratio=None, classes=None):
    """LeNet-5 as in the 1998 paper: C1-S2-C3-S4-C5-F6-output, tanh, average pooling.

    Formula: conv5×5(6) → avgpool2 → conv5×5(16) → avgpool2 → conv5×5(120) → FC 84 → FC classes,
    each with tanh. Simplifications (as in most re-implementations): C3 connects to all six S2
    maps (the paper's sparse table gives 1,516 rather than 2,416 weights), subsampling has no
    trainable coefficient, and the RBF output is a Dense layer. 61,706 parameters.

    Args:
        input_shape: (H, W, C), at least 32×32.
        include_top: add F6 and the output layer.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the output layer (computed in float32).
        pooling: ``None``, ``"avg"`` or ``"max"`` on C5 when ``include_top=False``.
        se_ratio: attach a Squeeze-and-Excitation gate ``c1_se``, ``c3_se`` after C1 and C3 (the hidden
            width is at least 1: 6 and 16 channels are few).
        name: model name.

    Returns:
        A ``keras.Model``.

    Example:
        >>> lenet5().output_shape
        (None, 10)

    Paper: LeCun, Bottou, Bengio, Haffner, "Gradient-Based Learning Applied to Document
    Recognition", Proc. IEEE 1998.
    """
    return _lenet(input_shape, include_top, resolve_num_classes(num_classes, classes, 10),
                  classifier_activation, pooling, False, name, se_ratio)


@register_model()
def lenet5_modern(input_shape=(32, 32, 1), include_top=True, num_classes=10,
                  classifier_activation="softmax", pooling=None, *, name="lenet5_modern",
                  se_ratio=None, classes=None):
    """LeNet-5 with ReLU and max pooling (same layers and 61,706 parameters as :func:`lenet5`).

    Formula: conv5×5(6) → maxpool2 → conv5×5(16) → maxpool2 → conv5×5(120) → FC 84 → FC classes,
    ReLU everywhere but the output.

    Args:
        input_shape, include_top, num_classes, classifier_activation, pooling, se_ratio, name: as in
            :func:`lenet5` (``classes`` is accepted for ``num_classes``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> lenet5_modern(num_classes=10).output_shape
        (None, 10)

    Paper: LeCun, Bottou, Bengio, Haffner, "Gradient-Based Learning Applied to Document
    Recognition", Proc. IEEE 1998 (modernised: ReLU, max pooling).
    """
    return _lenet(input_shape, include_top, resolve_num_classes(num_classes, classes, 10),
                  classifier_activation, pooling, True, name, se_ratio)
