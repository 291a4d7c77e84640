"""VGG (Simonyan & Zisserman, 2015): stacks of 3×3 convs, configurations A, B, D and E.

Example:
    >>> from tfdl.models import vgg16
    >>> vgg16().count_params()        # same as keras.applications.VGG16(weights=None)
    138357544
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.models._common import (check_common, check_depth, check_min_size, conv_bn, dense_head,
                                 maybe_se)
from tfdl.models.registry import register_model

__all__ = ["vgg", "vgg11", "vgg13", "vgg16", "vgg19",
           "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"]

_PAPER = ("Simonyan, Zisserman, \"Very Deep Convolutional Networks for Large-Scale Image "
          "Recognition\", ICLR 2015")

#: Table 1 of the paper: convs per stage (channels 64, 128, 256, 512, 512).
CONFIGS = {11: (1, 1, 2, 2, 2), 13: (2, 2, 2, 2, 2), 16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}
WIDTHS = (64, 128, 256, 512, 512)


def _stage_convs(x, s, n, filters, *, batch_norm=False):
    """The ``n`` 3×3 same-padded convs of VGG stage ``s`` (with bias), each [BN →] ReLU:
    layers ``stage{s}_conv{i}``, ``stage{s}_bn{i}``, ``stage{s}_relu{i}``. Shared with the
    VGG-16 encoders of :mod:`tfdl.models.segmentation`."""
    for i in range(1, n + 1):
        x = conv_bn(x, filters, 3, name=f"stage{s}", index=i, use_bias=True, bn=batch_norm)
    return x


def vgg(depth=16, input_shape=(224, 224, 3), include_top=True, classes=1000,
        classifier_activation="softmax", pooling=None, batch_norm=False, dropout=0.5,
        se_ratio=None, name=None):
    """VGG family: five stages of 3×3 same-padded convs, each closed by a 2×2 max-pool.

    Formula (Table 1): stage ``s`` has ``CONFIGS[depth][s]`` convs 3×3 with
    64/128/256/512/512 channels and ReLU; then Flatten → FC4096 → dropout → FC4096 → dropout →
    FC classes. Two 3×3 convs see a 5×5 field and three see 7×7, with fewer parameters
    (``3·(3²C²) = 27C²`` against ``49C²``). ``batch_norm=True`` puts BN after each conv (the
    later ``_bn`` variants; conv biases kept as in torchvision).

    Args:
        depth: 11, 13, 16 or 19.
        input_shape: (H, W, C), at least 32×32.
        include_top: add the three FC layers.
        classes: number of classes.
        classifier_activation: activation of the output layer.
        pooling: pooling of the conv features when ``include_top=False``.
        batch_norm: BN after every conv.
        dropout: dropout of the FC layers (0.5 in the paper).
        se_ratio: attach an SE gate at the end of every stage.
        name: model name (default ``vgg{depth}[_bn]``).

    Returns:
        A ``keras.Model`` with layers ``stage{s}_conv{i}``, ``stage{s}_pool``, ``fc1``, ``fc2``,
        ``predictions``.

    Example:
        >>> vgg(11, input_shape=(32, 32, 3), classes=10).output_shape
        (None, 10)
    """
    check_depth(depth, CONFIGS)
    name = name or f"vgg{depth}{'_bn' if batch_norm else ''}"
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "its five 2×2 max-poolings")
    inputs = keras.Input(shape, name="input")
    x = inputs
    for s, (n, f) in enumerate(zip(CONFIGS[depth], WIDTHS), start=1):
        x = _stage_convs(x, s, n, f, batch_norm=batch_norm)
        x = maybe_se(x, se_ratio, f"stage{s}")
        x = layers.MaxPooling2D(2, strides=2, name=f"stage{s}_pool")(x)
    x = dense_head(x, [(4096, "fc1", "drop1"), (4096, "fc2", "drop2")], dropout=dropout,
                   include_top=include_top, classes=classes,
                   classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


def _variant(depth, bn, params):
    cfg = "ABDE"[sorted(CONFIGS).index(depth)]

    @register_model(
        f"vgg{depth}{'_bn' if bn else ''}", family="vgg", paper=_PAPER, year=2015,
        input_shape=(224, 224, 3), params=params,
        idea_en=f"Configuration {cfg}: only 3×3 convolutions, depth {depth}; cascades of small "
                "kernels replace large ones with fewer parameters"
                + (", with batch normalisation after each conv." if bn else "."),
        idea_ru=f"Конфигурация {cfg}: только свёртки 3×3, глубина {depth}; каскады малых ядер "
                "заменяют большие при меньшем числе параметров"
                + (", с батч-нормализацией после каждой свёртки." if bn else "."),
        small_input=(32, 32, 3))
    def builder(input_shape=(224, 224, 3), include_top=True, classes=1000,
                classifier_activation="softmax", pooling=None, dropout=0.5, se_ratio=None):
        return vgg(depth, input_shape, include_top, classes, classifier_activation, pooling,
                   batch_norm=bn, dropout=dropout, se_ratio=se_ratio)

    builder.__name__ = builder.__qualname__ = f"vgg{depth}{'_bn' if bn else ''}"
    builder.__doc__ = (
        f"VGG-{depth} (configuration {cfg}){' with batch normalisation' if bn else ''}: "
        f"{params:,} parameters at 224×224 with 1000 classes.\n\n"
        "    Formula: see :func:`vgg` (Table 1 of the paper).\n\n"
        "    Args:\n        input_shape, include_top, classes, classifier_activation, pooling, "
        "dropout, se_ratio: as in :func:`vgg`.\n\n"
        "    Returns:\n        A ``keras.Model``.\n\n"
        f"    Example:\n        >>> vgg{depth}{'_bn' if bn else ''}(input_shape=(32, 32, 3), "
        "classes=10).output_shape\n        (None, 10)\n")
    return builder


# Parameter counts: keras.applications VGG16/VGG19 (weights=None) and torchvision vgg*/vgg*_bn
# (trainable parameters; BN moving statistics are extra non-trainable weights in Keras).
vgg11 = _variant(11, False, 132_863_336)
vgg13 = _variant(13, False, 133_047_848)
vgg16 = _variant(16, False, 138_357_544)
vgg19 = _variant(19, False, 143_667_240)
vgg11_bn = _variant(11, True, 132_868_840)
vgg13_bn = _variant(13, True, 133_053_736)
vgg16_bn = _variant(16, True, 138_365_992)
vgg19_bn = _variant(19, True, 143_678_248)
