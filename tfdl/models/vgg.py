"""VGG (Simonyan & Zisserman, 2015): stacks of 3×3 convs, configurations A, B, D and E.

Example:
    >>> from tfdl.models import vgg16
    >>> vgg16().count_params()        # same as keras.applications.VGG16(weights=None)
    138357544
"""

from __future__ import annotations

import keras

from tfdl.models._common import (
    check_common,
    check_depth,
    check_min_size,
    dense_head,
    resolve_num_classes,
)
from tfdl.models.blocks import apply_vgg_stage
from tfdl.models.registry import register_model

__all__ = [
    "vgg",
    "vgg11",
    "vgg11_bn",
    "vgg13",
    "vgg13_bn",
    "vgg16",
    "vgg16_bn",
    "vgg19",
    "vgg19_bn",
]


#: Table 1 of the paper: convs per stage (channels 64, 128, 256, 512, 512).
CONFIGS = {11: (1, 1, 2, 2, 2), 13: (2, 2, 2, 2, 2), 16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}
WIDTHS = (64, 128, 256, 512, 512)


def vgg(depth=16, input_shape=(224, 224, 3), include_top=True, num_classes=1000,
        classifier_activation="softmax", pooling=None, batch_norm=False, dropout=0.5,
        se_ratio=None, name=None, *, classes=None):
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
        num_classes: number of classes (``classes`` is accepted too).
        classifier_activation: activation of the output layer (computed in float32).
        pooling: pooling of the conv features when ``include_top=False``.
        batch_norm: BN after every conv.
        dropout: dropout of the FC layers (0.5 in the paper).
        se_ratio: attach an SE gate at the end of every stage.
        name: model name (default ``vgg{depth}[_bn]``).

    Returns:
        A ``keras.Model`` with layers ``stage{s}_conv{i}``, ``stage{s}_pool``, ``fc1``, ``fc2``,
        ``predictions``.

    Example:
        >>> vgg(11, input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)
    """
    check_depth(depth, CONFIGS)
    name = name or f"vgg{depth}{'_bn' if batch_norm else ''}"
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "its five 2×2 max-poolings")
    inputs = keras.Input(shape, name="input")
    x = inputs
    for s, (n, f) in enumerate(zip(CONFIGS[depth], WIDTHS), start=1):
        x = apply_vgg_stage(x, f, n, batch_norm=batch_norm, se_ratio=se_ratio, name=f"stage{s}")
    x = dense_head(x, [(4096, "fc1", "drop1"), (4096, "fc2", "drop2")], dropout=dropout,
                   include_top=include_top, classes=classes,
                   classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


# Parameter counts: keras.applications VGG16/VGG19 (weights=None) and torchvision vgg*/vgg*_bn
# (trainable parameters; BN moving statistics are extra non-trainable weights in Keras). The
# one-line ideas are in tfdl.models.metadata.


@register_model()
def vgg11(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg11", classes=None, **kwargs,
):
    """VGG-11 (configuration A of Table 1).

    132,863,336 parameters at 224×224 with 1000 classes.

    Formula: see :func:`vgg` (stages of (1, 1, 2, 2, 2) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg11(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(11, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


@register_model()
def vgg13(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg13", classes=None, **kwargs,
):
    """VGG-13 (configuration B of Table 1).

    133,047,848 parameters at 224×224 with 1000 classes.

    Formula: see :func:`vgg` (stages of (2, 2, 2, 2, 2) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg13(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(13, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


@register_model()
def vgg16(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg16", classes=None, **kwargs,
):
    """VGG-16 (configuration D of Table 1).

    138,357,544 parameters at 224×224 with 1000 classes.

    Formula: see :func:`vgg` (stages of (2, 2, 3, 3, 3) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg16(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(16, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


@register_model()
def vgg19(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg19", classes=None, **kwargs,
):
    """VGG-19 (configuration E of Table 1).

    143,667,240 parameters at 224×224 with 1000 classes.

    Formula: see :func:`vgg` (stages of (2, 2, 4, 4, 4) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg19(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(19, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


@register_model()
def vgg11_bn(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg11_bn", classes=None, **kwargs,
):
    """VGG-11 (configuration A of Table 1) with batch normalisation.

    132,868,840 parameters at 224×224 with 1000 classes.
    Fixed here: ``batch_norm=True`` (BN after every conv; ``kwargs`` may override it).

    Formula: see :func:`vgg` (stages of (1, 1, 2, 2, 2) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg11_bn(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(11, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **{"batch_norm": True, **kwargs})


@register_model()
def vgg13_bn(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg13_bn", classes=None, **kwargs,
):
    """VGG-13 (configuration B of Table 1) with batch normalisation.

    133,053,736 parameters at 224×224 with 1000 classes.
    Fixed here: ``batch_norm=True`` (BN after every conv; ``kwargs`` may override it).

    Formula: see :func:`vgg` (stages of (2, 2, 2, 2, 2) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg13_bn(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(13, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **{"batch_norm": True, **kwargs})


@register_model()
def vgg16_bn(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg16_bn", classes=None, **kwargs,
):
    """VGG-16 (configuration D of Table 1) with batch normalisation.

    138,365,992 parameters at 224×224 with 1000 classes.
    Fixed here: ``batch_norm=True`` (BN after every conv; ``kwargs`` may override it).

    Formula: see :func:`vgg` (stages of (2, 2, 3, 3, 3) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg16_bn(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(16, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **{"batch_norm": True, **kwargs})


@register_model()
def vgg19_bn(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="vgg19_bn", classes=None, **kwargs,
):
    """VGG-19 (configuration E of Table 1) with batch normalisation.

    143,678,248 parameters at 224×224 with 1000 classes.
    Fixed here: ``batch_norm=True`` (BN after every conv; ``kwargs`` may override it).

    Formula: see :func:`vgg` (stages of (2, 2, 4, 4, 4) 3×3 convs).

    Args:
        input_shape: (H, W, C), at least 32×32; default (224, 224, 3).
        include_top: add the three FC layers.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output layer (float32 under mixed precision).
        pooling: None, "avg" or "max" on the conv features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`vgg` (``dropout``, ``se_ratio``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> vgg19_bn(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015.
    """
    return vgg(19, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **{"batch_norm": True, **kwargs})
