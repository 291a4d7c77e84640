"""SqueezeNet 1.0 and 1.1 (Iandola et al., 2016): AlexNet accuracy with ~50× fewer parameters.

Example:
    >>> from tfdl.models import squeezenet1_0
    >>> squeezenet1_0().count_params()
    1248424
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.errors import TfdlValueError
from tfdl.models._common import (
    check_common,
    check_min_size,
    class_map_head,
    pool_features,
    resolve_num_classes,
)
from tfdl.models.blocks import apply_fire_module
from tfdl.models.registry import register_model

__all__ = ["squeezenet", "squeezenet1_0", "squeezenet1_1"]


#: Fire modules (squeeze, expand1x1, expand3x3) of Table 1, fire2 … fire9.
FIRES = [(16, 64, 64), (16, 64, 64), (32, 128, 128), (32, 128, 128),
         (48, 192, 192), (48, 192, 192), (64, 256, 256), (64, 256, 256)]


def _ceil_pool(x, name):
    """3×3/2 max-pool in Caffe's / torchvision's ``ceil_mode``: pad the bottom/right by one when
    the last window would not fit (inputs are ReLU outputs ≥ 0, so a zero pad never wins)."""
    pad = [(x.shape[i] - 3) % 2 if x.shape[i] is not None else 0 for i in (1, 2)]
    if any(pad):
        x = layers.ZeroPadding2D(((0, pad[0]), (0, pad[1])), name=f"{name}_pad")(x)
    return layers.MaxPooling2D(3, 2, name=name)(x)


def squeezenet(version="1_0", input_shape=(224, 224, 3), include_top=True, num_classes=1000,
               classifier_activation="softmax", pooling=None, *, dropout=0.5, se_ratio=None,
               name=None, classes=None):
    """SqueezeNet: a conv stem, eight fire modules, a 1×1 conv classifier and global average pool.

    Formula (Table 1; v1.1 from the authors' repository): v1.0: conv7×7/2(96) → maxpool3/2 →
    fire2-4 → maxpool3/2 → fire5-8 → maxpool3/2 → fire9 → dropout 0.5 → conv1×1(classes)-ReLU →
    global avg pool. v1.1: conv3×3/2(64), pooling after conv1, fire3 and fire5 (2.4× cheaper).
    Max-pools round up (Caffe's ceil mode, as torchvision): 224 → 109, 54, 27, 13 and the
    paper's 227 → 111, 55, 27, 13 (Table 1).

    Args:
        version: ``"1_0"`` or ``"1_1"``.
        input_shape: (H, W, C), at least 35×35 (1.0) / 31×31 (1.1).
        include_top: add the classifier conv and the global average pooling.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation after the global average pooling (in float32).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        dropout: dropout before the classifier conv.
        se_ratio: attach an SE gate to every fire module.
        name: model name (default ``squeezenet{version}``).

    Returns:
        A ``keras.Model`` with layers ``fire{i}_squeeze1x1`` … and ``conv10``.

    Example:
        >>> squeezenet("1_1", input_shape=(64, 64, 3), num_classes=10).output_shape
        (None, 10)
    """
    if version not in ("1_0", "1_1"):
        raise TfdlValueError(
            "squeezenet_version",
            "`version` must be '1_0' or '1_1'. Received: version={version!r}",
            version=version,
        )
    name = name or f"squeezenet{version}"
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    if version == "1_0":
        check_min_size(shape, 35, name, "a 7×7 stride-2 conv and three 3×3 stride-2 poolings")
        conv1, pools_after = (96, 7), (4, 8)
    else:
        check_min_size(shape, 31, name, "a 3×3 stride-2 conv and three 3×3 stride-2 poolings")
        conv1, pools_after = (64, 3), (3, 5)
    inputs = keras.Input(shape, name="input")
    x = layers.Conv2D(conv1[0], conv1[1], strides=2, activation="relu", name="conv1")(inputs)
    x = _ceil_pool(x, "pool1")
    for i, widths in enumerate(FIRES, start=2):
        x = apply_fire_module(x, *widths, se_ratio=se_ratio, name=f"fire{i}")
        if i in pools_after:
            x = _ceil_pool(x, f"pool{i}")
    if include_top:
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, 1, activation="relu", name="conv10")(x)
        x = class_map_head(x, classifier_activation)
    else:
        x = pool_features(x, pooling)
    return keras.Model(inputs, x, name=name)


@register_model()
def squeezenet1_0(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="squeezenet1_0", classes=None,
    **kwargs,
):
    """SqueezeNet 1.0: a 7×7 stem, eight fire modules, a 1×1 conv classifier.

    1,248,424 parameters (torchvision) at 224×224 with 1000 classes.

    Formula: see :func:`squeezenet` (``version="1_0"``).

    Args:
        input_shape: (H, W, C), at least 35×35; default (224, 224, 3).
        include_top: add the classifier conv and the global average pooling.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`squeezenet` (``dropout``, ``se_ratio``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> squeezenet1_0(input_shape=(64, 64, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and
    <0.5MB model size", arXiv:1602.07360, 2016.
    """
    return squeezenet("1_0", input_shape, include_top, num_classes, classifier_activation,
                      pooling, name=name, classes=classes, **kwargs)


@register_model()
def squeezenet1_1(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000,
    classifier_activation="softmax", pooling=None, *, name="squeezenet1_1", classes=None,
    **kwargs,
):
    """SqueezeNet 1.1: a 3×3 stem with 64 filters and earlier pooling (2.4× less computation).

    1,235,496 parameters (torchvision) at 224×224 with 1000 classes.

    Formula: see :func:`squeezenet` (``version="1_1"``).

    Args:
        input_shape: (H, W, C), at least 31×31; default (224, 224, 3).
        include_top: add the classifier conv and the global average pooling.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the output (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`squeezenet` (``dropout``, ``se_ratio``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> squeezenet1_1(input_shape=(64, 64, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Iandola et al. 2016 (v1.1 from github.com/forresti/SqueezeNet).
    """
    return squeezenet("1_1", input_shape, include_top, num_classes, classifier_activation,
                      pooling, name=name, classes=classes, **kwargs)
