"""AlexNet (Krizhevsky, Sutskever, Hinton, 2012): 227×227, channels 96-256-384-384-256.

Example:
    >>> from tfdl.models import alexnet
    >>> alexnet().count_params(), alexnet(groups=2).count_params()
    (62378344, 60965224)
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.errors import TfdlValueError
from tfdl.models._common import (
    check_common,
    check_min_size,
    dense_head,
    maybe_se,
    resolve_num_classes,
)
from tfdl.models.registry import register_model

__all__ = ["alexnet"]


@register_model()
def alexnet(input_shape=(227, 227, 3), include_top=True, num_classes=1000,
            classifier_activation="softmax", pooling=None, groups=1, lrn=False, dropout=0.5,
            se_ratio=None, *, name="alexnet", classes=None):
    """AlexNet: five convs (96-256-384-384-256), three max-pools, three FC layers with dropout.

    Formula (§3.5, Fig. 2): conv11×11/4(96) → [LRN] → maxpool3/2 → conv5×5(256) → [LRN] →
    maxpool3/2 → conv3×3(384) → conv3×3(384) → conv3×3(256) → maxpool3/2 → FC4096 → dropout →
    FC4096 → dropout → FC classes; ReLU after every conv/FC. With ``groups=2`` conv2, conv4 and
    conv5 see only their own GPU's half of the channels (the paper's two towers; 60,965,224
    parameters as in Caffe's bvlc_alexnet); ``groups=1`` gives 62,378,344.

    Args:
        input_shape: (H, W, C), at least 67×67 (227 in the paper).
        include_top: add the three FC layers.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the output layer (computed in float32).
        pooling: pooling of the conv features when ``include_top=False``.
        groups: 1 or 2 (two-tower wiring).
        lrn: add local response normalisation after conv1 and conv2 (§3.3).
        dropout: dropout rate of the FC layers (0.5 in the paper).
        se_ratio: attach a Squeeze-and-Excitation gate after every conv.
        name: model name.

    Returns:
        A ``keras.Model``.

    Example:
        >>> alexnet(groups=2, lrn=True).output_shape
        (None, 1000)

    Paper: Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep Convolutional Neural
    Networks", NeurIPS 2012.
    """
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 67, name, "an 11×11 stride-4 conv and three 3×3 stride-2 poolings")
    if groups not in (1, 2):
        raise TfdlValueError(
            "alexnet_groups",
            "`groups` must be 1 or 2 (two towers). Received: groups={groups}",
            groups=groups,
        )
    inputs = keras.Input(shape, name="input")

    def conv(x, f, k, s, n, g=1, padding="same"):
        x = layers.Conv2D(f, k, strides=s, padding=padding, groups=g, activation="relu",
                          name=f"conv{n}")(x)
        return maybe_se(x, se_ratio, f"conv{n}")

    def lrn_layer(x, n):
        if not lrn:
            return x
        from tfdl.layers.normalization import LocalResponseNormalization
        return LocalResponseNormalization(2, 2.0, 1e-4, 0.75, name=f"lrn{n}")(x)

    x = conv(inputs, 96, 11, 4, 1, padding="valid")
    x = lrn_layer(x, 1)
    x = layers.MaxPooling2D(3, 2, name="pool1")(x)
    x = conv(x, 256, 5, 1, 2, g=groups)
    x = lrn_layer(x, 2)
    x = layers.MaxPooling2D(3, 2, name="pool2")(x)
    x = conv(x, 384, 3, 1, 3)
    x = conv(x, 384, 3, 1, 4, g=groups)
    x = conv(x, 256, 3, 1, 5, g=groups)
    x = layers.MaxPooling2D(3, 2, name="pool5")(x)
    x = dense_head(x, [(4096, "fc6", "drop6"), (4096, "fc7", "drop7")], dropout=dropout,
                   include_top=include_top, classes=classes,
                   classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)
