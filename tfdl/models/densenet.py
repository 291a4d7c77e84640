"""DenseNet-BC (Huang, Liu, van der Maaten, Weinberger, 2017): 121, 169, 201.

Example:
    >>> from tfdl.models import densenet121
    >>> m = densenet121()
    >>> import math
    >>> sum(math.prod(w.shape) for w in m.trainable_weights)   # = keras.applications
    7978856
"""

from __future__ import annotations

import keras

from tfdl.models._common import (
    bn_relu,
    check_common,
    check_depth,
    check_min_size,
    head,
    imagenet_stem,
    resolve_num_classes,
)
from tfdl.models.blocks import apply_dense_stage
from tfdl.models.registry import register_model

__all__ = ["densenet", "densenet121", "densenet169", "densenet201"]

#: Table 1: layers per dense block.
CONFIGS = {121: (6, 12, 24, 16), 169: (6, 12, 32, 32), 201: (6, 12, 48, 32)}


def densenet(depth=121, input_shape=(224, 224, 3), include_top=True, num_classes=1000,
             classifier_activation="softmax", pooling=None, *, growth_rate=32, reduction=0.5,
             dropout=0.0, se_ratio=None, name=None, classes=None):
    """DenseNet-BC for ImageNet (Table 1): four dense blocks joined by compressing transitions.

    Formula: conv7×7/2(2k)-BN-ReLU → maxpool3×3/2 → [dense block → transition(θ = 0.5)] ×3 →
    dense block → BN-ReLU → global average pool → FC. Inside a block
    ``z_ℓ = H_ℓ([z_0, …, z_{ℓ-1}])`` with H = BN-ReLU-conv1×1(4k)-BN-ReLU-conv3×3(k).

    Args:
        depth: 121, 169 or 201.
        input_shape: (H, W, C), at least 32×32.
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (``classes`` is accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        growth_rate: ``k`` (32).
        reduction: compression θ of the transitions.
        dropout: dropout after each conv in the dense layers (0 in the ImageNet nets).
        se_ratio: attach an SE gate after every dense block.
        name: model name.

    Returns:
        A ``keras.Model``; layers ``stage{s}_block{b}_conv1``, ``transition{s}_conv``.

    Example:
        >>> densenet(121, input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)
    """
    check_depth(depth, CONFIGS)
    name = name or f"densenet{depth}"
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "the stride-2 stem, max-pool and three transitions")
    inputs = keras.Input(shape, name="input")
    x = imagenet_stem(inputs, 2 * growth_rate)
    counts = CONFIGS[depth]
    for s, n in enumerate(counts, start=2):
        last = s == 1 + len(counts)
        x = apply_dense_stage(x, n, growth_rate, reduction=None if last else reduction,
                              dropout=dropout, se_ratio=se_ratio, name=f"stage{s}",
                              transition_name=f"transition{s}")
    x = bn_relu(x, "post")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


# Trainable counts = keras.applications.DenseNet121/169/201(weights=None) = torchvision. The
# one-line ideas are in tfdl.models.metadata.


@register_model()
def densenet121(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="densenet121", classes=None, **kwargs,
):
    """DenseNet-121 (DenseNet-BC, dense blocks (6, 12, 24, 16), k = 32).

    7,978,856 trainable parameters at 224×224 with 1000 classes.

    Formula: see :func:`densenet`.

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`densenet` (``growth_rate``, ``reduction``,
            ``dropout``, ``se_ratio``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> densenet121(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional Networks",
    CVPR 2017.
    """
    return densenet(121, input_shape, include_top, num_classes, classifier_activation, pooling,
                    name=name, classes=classes, **kwargs)


@register_model()
def densenet169(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="densenet169", classes=None, **kwargs,
):
    """DenseNet-169 (DenseNet-BC, dense blocks (6, 12, 32, 32), k = 32).

    14,149,480 trainable parameters at 224×224 with 1000 classes.

    Formula: see :func:`densenet`.

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`densenet` (``growth_rate``, ``reduction``,
            ``dropout``, ``se_ratio``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> densenet169(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional Networks",
    CVPR 2017.
    """
    return densenet(169, input_shape, include_top, num_classes, classifier_activation, pooling,
                    name=name, classes=classes, **kwargs)


@register_model()
def densenet201(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="densenet201", classes=None, **kwargs,
):
    """DenseNet-201 (DenseNet-BC, dense blocks (6, 12, 48, 32), k = 32).

    20,013,928 trainable parameters at 224×224 with 1000 classes.

    Formula: see :func:`densenet`.

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`densenet` (``growth_rate``, ``reduction``,
            ``dropout``, ``se_ratio``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> densenet201(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional Networks",
    CVPR 2017.
    """
    return densenet(201, input_shape, include_top, num_classes, classifier_activation, pooling,
                    name=name, classes=classes, **kwargs)
