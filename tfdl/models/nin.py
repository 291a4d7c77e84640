"""Network in Network (Lin, Chen, Yan, 2014): mlpconv blocks and global average pooling.

Example:
    >>> from tfdl.models import nin
    >>> nin(input_shape=(67, 67, 3), classes=10).output_shape
    (None, 10)
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.models._common import (
    check_common,
    check_min_size,
    class_map_head,
    maybe_se,
    pool_features,
    resolve_num_classes,
)
from tfdl.models.registry import register_model

__all__ = ["apply_mlpconv", "nin"]


def apply_mlpconv(x, filters, kernel_size, strides=1, *, padding="same", name="mlpconv"):
    """mlpconv: a k×k conv followed by two 1×1 convs, all with ReLU — a small MLP per pixel.

    Formula (Lin et al., "Network In Network", ICLR 2014, Eq. 2):
        f^1 = ReLU(W^1 * x + b^1),  f^n = ReLU(W^n · f^{n-1} + b^n) for the 1×1 layers n = 2, 3.

    Args:
        x: input tensor (N, H, W, C).
        filters: channels of all three convs.
        kernel_size: size of the first conv.
        strides: stride of the first conv.
        padding: padding of the first conv.
        name: layer-name prefix.

    Returns:
        Tensor (N, H', W', filters).

    Example:
        >>> import keras
        >>> apply_mlpconv(keras.Input((13, 13, 256)), 384, 3, name="b").shape
        (None, 13, 13, 384)
    """
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, activation="relu",
                      name=f"{name}_conv1")(x)
    x = layers.Conv2D(filters, 1, activation="relu", name=f"{name}_conv2")(x)
    return layers.Conv2D(filters, 1, activation="relu", name=f"{name}_conv3")(x)


@register_model()
def nin(input_shape=(224, 224, 3), include_top=True, num_classes=1000,
        classifier_activation="softmax", pooling=None, dropout=0.5, *, se_ratio=None, name="nin", classes=None):
    """Network in Network for ImageNet-size inputs: four mlpconv blocks and global average pooling.

    Formula: mlpconv(96, 11×11/4, valid) → maxpool3/2 → mlpconv(256, 5×5) → maxpool3/2 →
    mlpconv(384, 3×3) → maxpool3/2 → dropout → mlpconv(classes, 3×3) → global average pool →
    softmax (the AlexNet-sized NiN of the paper's §4 / Caffe model zoo, as in d2l.ai).

    Args:
        input_shape: (H, W, C), at least 67×67.
        include_top: add the class mlpconv and the global average pooling.
        num_classes: number of classes, the channels of the last mlpconv (``classes`` is
            accepted too).
        classifier_activation: activation after the global average pooling (in float32).
        pooling: pooling of the features when ``include_top=False``.
        dropout: dropout before the last block.
        se_ratio: attach a Squeeze-and-Excitation gate ``block{i}_se`` after each of the three
            feature mlpconv blocks (not the class block).
        name: model name.

    Returns:
        A ``keras.Model``.

    Example:
        >>> nin(input_shape=(96, 96, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Lin, Chen, Yan, "Network In Network", ICLR 2014.
    """
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 67, name, "an 11×11 stride-4 conv and three 3×3 stride-2 poolings")
    inputs = keras.Input(shape, name="input")
    x = maybe_se(apply_mlpconv(inputs, 96, 11, 4, padding="valid", name="block1"), se_ratio, "block1")
    x = layers.MaxPooling2D(3, 2, name="block1_pool")(x)
    x = maybe_se(apply_mlpconv(x, 256, 5, name="block2"), se_ratio, "block2")
    x = layers.MaxPooling2D(3, 2, name="block2_pool")(x)
    x = maybe_se(apply_mlpconv(x, 384, 3, name="block3"), se_ratio, "block3")
    x = layers.MaxPooling2D(3, 2, name="block3_pool")(x)
    if include_top:
        x = layers.Dropout(dropout, name="block4_dropout")(x)
        x = apply_mlpconv(x, classes, 3, name="block4")
        x = class_map_head(x, classifier_activation)
    else:
        x = pool_features(x, pooling)
    return keras.Model(inputs, x, name=name)
