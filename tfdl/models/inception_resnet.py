"""A small Inception-ResNet (Szegedy et al., 2017) built from Inception-ResNet-A blocks.

Example:
    >>> from tfdl.models import inception_resnet_small
    >>> inception_resnet_small().output_shape
    (None, 10)
"""

from __future__ import annotations

import keras

from tfdl.errors import TfdlValueError
from tfdl.models._common import (
    check_common,
    check_min_size,
    conv_bn,
    head,
    resolve_num_classes,
)
from tfdl.models.blocks import apply_inception_resnet_block
from tfdl.models.registry import register_model

__all__ = ["inception_resnet_small"]


@register_model()
def inception_resnet_small(input_shape=(32, 32, 3), include_top=True, num_classes=10,
                           classifier_activation="softmax", pooling=None, *,
                           blocks=(2, 2), widths=(64, 128), scale=0.2, se_ratio=None,
                           name="inception_resnet_small", classes=None):
    """Small Inception-ResNet for CIFAR-size images: stages of Inception-ResNet-A blocks.

    Formula: conv3×3(widths[0])-BN-ReLU → stage 1: ``blocks[0]`` × [y = ReLU(x + scale · r(x))] →
    reduction conv3×3/2(widths[1]) → stage 2 … → global average pool → FC. ``r`` is the
    Inception-ResNet-A branch mix (Fig. 16 of the paper) with a linear 1×1 back to C channels.

    Args:
        input_shape: (H, W, C), at least ``2^{len(blocks)-1}`` and 4.
        include_top: add global average pooling and the classifier.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the output layer (computed in float32).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        blocks: Inception-ResNet-A blocks per stage.
        widths: channels of each stage.
        scale: residual scaling.
        se_ratio: attach a Squeeze-and-Excitation gate to every block's residual branch
            (SE-Inception-ResNet, Hu et al. 2018).
        name: model name.

    Returns:
        A ``keras.Model`` with layers ``stage{s}_block{b}_…``.

    Example:
        >>> inception_resnet_small(blocks=(1,), widths=(32,)).output_shape
        (None, 10)

    Paper: Szegedy, Ioffe, Vanhoucke, Alemi, "Inception-v4, Inception-ResNet and the Impact of
    Residual Connections on Learning", AAAI 2017.
    """
    classes = resolve_num_classes(num_classes, classes, 10)
    shape = check_common(input_shape, include_top, classes, pooling)
    if len(blocks) != len(widths) or not blocks:
        raise TfdlValueError(
            "blocks_widths_length",
            "`blocks` and `widths` must have the same, non-zero length. Received: blocks={blocks}, widths={widths}",
            blocks=blocks, widths=widths,
        )
    check_min_size(shape, max(4, 2 ** (len(blocks) - 1)), name,
                   f"its {len(blocks) - 1} stride-2 reductions")
    inputs = keras.Input(shape, name="input")
    x = conv_bn(inputs, widths[0], 3, name="stem")
    for s, (n, w) in enumerate(zip(blocks, widths), start=1):
        if s > 1:
            x = conv_bn(x, w, 3, strides=2, name=f"reduction{s}")
        for b in range(1, n + 1):
            x = apply_inception_resnet_block(x, scale=scale, filters=max(8, w // 4), se_ratio=se_ratio,
                                             name=f"stage{s}_block{b}")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)
