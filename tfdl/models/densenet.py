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

from tfdl.models._common import (bn_relu, check_common, check_depth, check_min_size, head,
                                 imagenet_stem, maybe_se)
from tfdl.models.blocks import apply_dense_block, apply_transition_block
from tfdl.models.registry import register_model

__all__ = ["densenet", "densenet121", "densenet169", "densenet201"]

_PAPER = ("Huang, Liu, van der Maaten, Weinberger, \"Densely Connected Convolutional Networks\", "
          "CVPR 2017")
#: Table 1: layers per dense block.
CONFIGS = {121: (6, 12, 24, 16), 169: (6, 12, 32, 32), 201: (6, 12, 48, 32)}


def densenet(depth=121, input_shape=(224, 224, 3), include_top=True, classes=1000,
             classifier_activation="softmax", pooling=None, *, growth_rate=32, reduction=0.5,
             dropout=0.0, se_ratio=None, name=None):
    """DenseNet-BC for ImageNet (Table 1): four dense blocks joined by compressing transitions.

    Formula: conv7×7/2(2k)-BN-ReLU → maxpool3×3/2 → [dense block → transition(θ = 0.5)] ×3 →
    dense block → BN-ReLU → global average pool → FC. Inside a block
    ``z_ℓ = H_ℓ([z_0, …, z_{ℓ-1}])`` with H = BN-ReLU-conv1×1(4k)-BN-ReLU-conv3×3(k).

    Args:
        depth: 121, 169 or 201.
        input_shape: (H, W, C), at least 32×32.
        include_top, classes, classifier_activation, pooling: the usual head arguments.
        growth_rate: ``k`` (32).
        reduction: compression θ of the transitions.
        dropout: dropout after each conv in the dense layers (0 in the ImageNet nets).
        se_ratio: attach an SE gate after every dense block.
        name: model name.

    Returns:
        A ``keras.Model``; layers ``stage{s}_block{b}_conv1``, ``transition{s}_conv``.

    Example:
        >>> densenet(121, input_shape=(32, 32, 3), classes=10).output_shape
        (None, 10)
    """
    check_depth(depth, CONFIGS)
    name = name or f"densenet{depth}"
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "the stride-2 stem, max-pool and three transitions")
    inputs = keras.Input(shape, name="input")
    x = imagenet_stem(inputs, 2 * growth_rate)
    counts = CONFIGS[depth]
    for s, n in enumerate(counts, start=2):
        x = apply_dense_block(x, n, growth_rate, dropout=dropout, name=f"stage{s}")
        x = maybe_se(x, se_ratio, f"stage{s}")
        if s < 1 + len(counts):
            x = apply_transition_block(x, reduction, name=f"transition{s}")
    x = bn_relu(x, "post")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


def _variant(depth, params, idea_en, idea_ru):
    vname = f"densenet{depth}"

    @register_model(vname, family="densenet", paper=_PAPER, year=2017, input_shape=(224, 224, 3),
                    params=params, idea_en=idea_en, idea_ru=idea_ru, small_input=(32, 32, 3))
    def builder(input_shape=(224, 224, 3), include_top=True, classes=1000,
                classifier_activation="softmax", pooling=None, **overrides):
        return densenet(depth, input_shape, include_top, classes, classifier_activation, pooling,
                        **overrides)

    builder.__name__ = builder.__qualname__ = vname
    builder.__doc__ = (
        f"DenseNet-{depth} (blocks {CONFIGS[depth]}, k = 32): {params:,} trainable parameters "
        "at 224×224 with 1000 classes.\n\n    Formula: see :func:`densenet`.\n\n"
        "    Args:\n        input_shape, include_top, classes, classifier_activation, pooling: "
        "the usual head arguments; other keywords of :func:`densenet` override.\n\n"
        "    Returns:\n        A ``keras.Model``.\n\n"
        f"    Example:\n        >>> {vname}(input_shape=(32, 32, 3), classes=10).output_shape\n"
        "        (None, 10)\n")
    return builder


# Trainable counts = keras.applications.DenseNet121/169/201(weights=None) = torchvision.
densenet121 = _variant(
    121, 7_978_856,
    "Every layer receives all earlier feature maps (concatenation) and adds k = 32 new ones: "
    "feature reuse with few parameters.",
    "Каждый слой получает все предыдущие карты признаков (конкатенация) и добавляет k = 32 "
    "новых: переиспользование признаков при малом числе параметров.")
densenet169 = _variant(
    169, 14_149_480,
    "DenseNet with 32 layers in each of the last two dense blocks.",
    "DenseNet с 32 слоями в каждом из двух последних плотных блоков.")
densenet201 = _variant(
    201, 20_013_928,
    "DenseNet with 48 layers in the third dense block.",
    "DenseNet с 48 слоями в третьем плотном блоке.")
