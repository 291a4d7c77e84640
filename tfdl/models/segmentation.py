"""Segmentation networks of the course: FCN (32s/16s/8s), DeconvNet and U-Net (valid and same).

All output one class distribution per pixel: ``(N, H_out, W_out, classes)``.

Example:
    >>> from tfdl.models import unet
    >>> unet().output_shape                       # the paper: 572 → 388
    (None, 388, 388, 2)
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.models._common import SE_DENSE_PREDICTION, bn_relu, check_min_size, conv_bn, refuse_se, resolve_num_classes
from tfdl.models.blocks import apply_vgg_stage
from tfdl.models.registry import register_model
from tfdl.models.vgg import CONFIGS as _VGG_CONFIGS
from tfdl.models.vgg import WIDTHS as _VGG_WIDTHS

__all__ = [
    "deconvnet",
    "fcn",
    "fcn8s",
    "fcn16s",
    "fcn32s",
    "unet",
    "unet_output_size",
    "unet_same",
    "unet_valid_sizes",
]


def _check_seg(input_shape, classes):
    try:
        shape = tuple(int(d) for d in input_shape)
    except TypeError:
        raise TfdlValueError(
            "input_shape_hwc",
            "`input_shape` must be (H, W, C). Received: input_shape={input_shape!r}",
            input_shape=input_shape,
        ) from None
    if len(shape) != 3 or min(shape) < 1:
        raise TfdlValueError(
            "input_shape_hwc_positive",
            "`input_shape` must be (H, W, C) with positive entries. Received: input_shape={input_shape!r}",
            input_shape=input_shape,
        )
    if classes is None or int(classes) < 1:
        raise TfdlValueError(
            "num_classes_min",
            "`num_classes` (alias `classes`) must be >= 1. Received: num_classes={num_classes}",
            num_classes=classes,
        )
    return shape


def _check_no_pooling(pooling):
    if pooling is not None:
        raise TfdlValueError(
            "segmentation_pooling",
            "`pooling` must be None for a segmentation net. Received: pooling={pooling!r}",
            pooling=pooling,
        )


def _vgg16_encoder(x, *, batch_norm=False, argmax=False):
    """VGG-16 conv stages; returns the final tensor, the pooled output of every stage and indices."""
    pooled, indices = [], []
    for s, (n, f) in enumerate(zip(_VGG_CONFIGS[16], _VGG_WIDTHS), start=1):
        x = apply_vgg_stage(x, f, n, batch_norm=batch_norm, pool=False, name=f"stage{s}")
        if argmax:
            from tfdl.layers.pooling import MaxPoolingWithArgmax2D
            x, idx = MaxPoolingWithArgmax2D(2, strides=2, name=f"stage{s}_pool")(x)
            indices.append(idx)
        else:
            x = layers.MaxPooling2D(2, strides=2, name=f"stage{s}_pool")(x)
        pooled.append(x)
    return x, pooled, indices


# ---------------------------------------------------------------------------------------------
# FCN
# ---------------------------------------------------------------------------------------------
def fcn(stride=32, input_shape=(224, 224, 3), include_top=True, num_classes=21,
        classifier_activation="softmax", pooling=None, *, dropout=0.5, name=None, classes=None, se_ratio=None):
    """FCN with a VGG-16 backbone: FC layers as convolutions, a 1×1 class scorer, upsampling.

    Formula (Long et al. §3-4): VGG-16 convs → fc6 = conv7×7(4096) → fc7 = conv1×1(4096) →
    score = conv1×1(classes) at 1/32 resolution. fc6 is VGG's fc6 as a 7×7 conv for inputs of
    224 and more; below that it shrinks to the whole pool5 map (``min(7, H/32)``), since a 7×7
    "same" kernel on a smaller map would mostly multiply padding. FCN-32s upsamples it ×32 with one transposed
    conv; FCN-16s adds ``score_pool4 = conv1×1(pool4)`` to the ×2-upsampled score first; FCN-8s
    also adds ``score_pool3``. Skips fuse coarse semantics with fine locations. (The paper pads
    the input by 100 and crops; here the convs are "same"-padded so inputs must be multiples of
    32 and the output has the input's size.)

    Args:
        stride: 32, 16 or 8 (the output stride of the coarsest prediction that is upsampled).
        input_shape: (H, W, C), H and W multiples of 32.
        include_top: add the scorers and upsampling (else return fc7 features).
        num_classes: number of classes (21 for PASCAL VOC; ``classes`` is accepted too).
        classifier_activation: per-pixel activation (computed in float32).
        pooling: unused (common signature; must be None).
        dropout: dropout after fc6 and fc7.
        name: model name (default ``fcn{stride}s``).
        se_ratio: must be ``None``: Squeeze-and-Excitation is refused here with a coded ``ValueError``
            (the family keeps its paper's layers).

    Returns:
        A ``keras.Model`` ``(N, H, W, C) → (N, H, W, classes)``.

    Example:
        >>> fcn(8, input_shape=(64, 64, 3)).output_shape
        (None, 64, 64, 21)
    """
    refuse_se("fcn", se_ratio, SE_DENSE_PREDICTION)
    if stride not in (32, 16, 8):
        raise TfdlValueError("fcn_stride", "`stride` must be 32, 16 or 8. Received: stride={stride}", stride=stride)
    _check_no_pooling(pooling)
    classes = resolve_num_classes(num_classes, classes, 21)
    shape = _check_seg(input_shape, classes)
    name = name or f"fcn{stride}s"
    check_min_size(shape, 32, name, "the five 2×2 poolings of its VGG-16 backbone", multiple=32)
    inputs = keras.Input(shape, name="input")
    x, pooled, _ = _vgg16_encoder(inputs)
    k = (min(7, shape[0] // 32), min(7, shape[1] // 32))
    x = layers.Conv2D(4096, k, padding="same", activation="relu", name="fc6")(x)
    x = layers.Dropout(dropout, name="drop6")(x)
    x = layers.Conv2D(4096, 1, activation="relu", name="fc7")(x)
    x = layers.Dropout(dropout, name="drop7")(x)
    if not include_top:
        return keras.Model(inputs, x, name=name)
    score = layers.Conv2D(classes, 1, name="score_fr")(x)
    if stride == 32:
        score = layers.Conv2DTranspose(classes, 64, strides=32, padding="same", use_bias=False,
                                       name="upscore32")(score)
    else:
        score = layers.Conv2DTranspose(classes, 4, strides=2, padding="same", use_bias=False,
                                       name="upscore2")(score)
        pool4 = layers.Conv2D(classes, 1, name="score_pool4")(pooled[3])
        score = layers.Add(name="fuse_pool4")([score, pool4])
        if stride == 16:
            score = layers.Conv2DTranspose(classes, 32, strides=16, padding="same",
                                           use_bias=False, name="upscore16")(score)
        else:
            score = layers.Conv2DTranspose(classes, 4, strides=2, padding="same",
                                           use_bias=False, name="upscore_pool4")(score)
            pool3 = layers.Conv2D(classes, 1, name="score_pool3")(pooled[2])
            score = layers.Add(name="fuse_pool3")([score, pool3])
            score = layers.Conv2DTranspose(classes, 16, strides=8, padding="same",
                                           use_bias=False, name="upscore8")(score)
    out = layers.Activation(classifier_activation or "linear", name="predictions",
                            dtype="float32")(score)
    return keras.Model(inputs, out, name=name)


# The one-line ideas are in tfdl.models.metadata.


@register_model()
def fcn32s(
    input_shape=(224, 224, 3), include_top=True, num_classes=21,
    classifier_activation="softmax", pooling=None, *, name="fcn32s", classes=None, **kwargs,
):
    """FCN-32s: VGG-16 made fully convolutional; one ×32 transposed convolution.

    136,152,917 parameters at 224×224 with 21 classes.

    Formula: see :func:`fcn` (``stride=32``).

    Args:
        input_shape: (H, W, C), H and W multiples of 32; default (224, 224, 3).
        include_top: add the scorers and upsampling (else return fc7 features).
        num_classes: number of classes (default 21); ``classes`` is accepted too.
        classifier_activation: per-pixel activation (float32 under mixed precision).
        pooling: must be None (a segmentation net keeps its maps).
        name: model name.
        **kwargs: any other keyword of :func:`fcn` (``dropout``).

    Returns:
        A ``keras.Model`` ``(N, H, W, C) → (N, H, W, num_classes)``.

    Example:
        >>> fcn32s(input_shape=(64, 64, 3)).output_shape
        (None, 64, 64, 21)

    Paper: Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic Segmentation",
    CVPR 2015.
    """
    return fcn(32, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


@register_model()
def fcn16s(
    input_shape=(224, 224, 3), include_top=True, num_classes=21,
    classifier_activation="softmax", pooling=None, *, name="fcn16s", classes=None, **kwargs,
):
    """FCN-16s: VGG-16 made fully convolutional; a pool4 skip, then ×16.

    134,815,994 parameters at 224×224 with 21 classes.

    Formula: see :func:`fcn` (``stride=16``).

    Args:
        input_shape: (H, W, C), H and W multiples of 32; default (224, 224, 3).
        include_top: add the scorers and upsampling (else return fc7 features).
        num_classes: number of classes (default 21); ``classes`` is accepted too.
        classifier_activation: per-pixel activation (float32 under mixed precision).
        pooling: must be None (a segmentation net keeps its maps).
        name: model name.
        **kwargs: any other keyword of :func:`fcn` (``dropout``).

    Returns:
        A ``keras.Model`` ``(N, H, W, C) → (N, H, W, num_classes)``.

    Example:
        >>> fcn16s(input_shape=(64, 64, 3)).output_shape
        (None, 64, 64, 21)

    Paper: Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic Segmentation",
    CVPR 2015.
    """
    return fcn(16, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


@register_model()
def fcn8s(
    input_shape=(224, 224, 3), include_top=True, num_classes=21,
    classifier_activation="softmax", pooling=None, *, name="fcn8s", classes=None, **kwargs,
):
    """FCN-8s: VGG-16 made fully convolutional; pool4 and pool3 skips, then ×8.

    134,489,759 parameters at 224×224 with 21 classes.

    Formula: see :func:`fcn` (``stride=8``).

    Args:
        input_shape: (H, W, C), H and W multiples of 32; default (224, 224, 3).
        include_top: add the scorers and upsampling (else return fc7 features).
        num_classes: number of classes (default 21); ``classes`` is accepted too.
        classifier_activation: per-pixel activation (float32 under mixed precision).
        pooling: must be None (a segmentation net keeps its maps).
        name: model name.
        **kwargs: any other keyword of :func:`fcn` (``dropout``).

    Returns:
        A ``keras.Model`` ``(N, H, W, C) → (N, H, W, num_classes)``.

    Example:
        >>> fcn8s(input_shape=(64, 64, 3)).output_shape
        (None, 64, 64, 21)

    Paper: Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic Segmentation",
    CVPR 2015.
    """
    return fcn(8, input_shape, include_top, num_classes, classifier_activation, pooling,
               name=name, classes=classes, **kwargs)


# ---------------------------------------------------------------------------------------------
# DeconvNet
# ---------------------------------------------------------------------------------------------
#: Deconvolution stages of Noh et al. Table 1 (mirror of VGG-16): channels of each 3×3 deconv.
DECONV_STAGES = ((512, 512, 512), (512, 512, 256), (256, 256, 128), (128, 64), (64, 64))


@register_model()
def deconvnet(input_shape=(224, 224, 3), include_top=True, num_classes=21,
              classifier_activation="softmax", pooling=None, *, name="deconvnet", classes=None, se_ratio=None):
    """DeconvNet: VGG-16 with BN and pooling switches, FC as convs, then a mirrored decoder.

    Formula (Noh et al., Table 1 and §3.1-3.2): encoder = the 13 VGG-16 convs, each conv-BN-ReLU,
    with max-pooling that records the arg-max "switches"; fc6 = conv(H/32 × W/32, 4096, valid)
    → 1×1 (7×7 at 224), fc7 = conv1×1(4096); decoder: deconv-fc6 = transposed conv back to
    H/32 × W/32 × 512, then for each stage in reverse: unpool with that stage's switches
    (value back at its arg-max, zeros elsewhere) → 3×3 deconvolutions-BN-ReLU
    (512-512-512, 512-512-256, 256-256-128, 128-64, 64-64) → conv1×1(classes).

    Args:
        input_shape: (H, W, C), H and W multiples of 32 (224 in the paper).
        include_top: add the per-pixel classifier (else return the 64-channel decoder output).
        num_classes: number of classes (21 for PASCAL VOC; ``classes`` is accepted too).
        classifier_activation: per-pixel activation (computed in float32).
        pooling: unused (common signature; must be None).
        name: model name.
        se_ratio: must be ``None``: Squeeze-and-Excitation is refused here with a coded ``ValueError``
            (the family keeps its paper's layers).

    Returns:
        A ``keras.Model`` ``(N, H, W, C) → (N, H, W, classes)``; layers ``stage{s}_pool``
        (pooling with arg-max), ``unpool{s}``, ``deconv{s}_{i}``.

    Example:
        >>> deconvnet(input_shape=(64, 64, 3)).output_shape
        (None, 64, 64, 21)

    Paper: Noh, Hong, Han, "Learning Deconvolution Network for Semantic Segmentation", ICCV 2015.
    """
    refuse_se("deconvnet", se_ratio, SE_DENSE_PREDICTION)
    from tfdl.layers.pooling import MaxUnpooling2D

    _check_no_pooling(pooling)
    classes = resolve_num_classes(num_classes, classes, 21)
    shape = _check_seg(input_shape, classes)
    check_min_size(shape, 32, name, "the five 2×2 poolings of its VGG-16 encoder",
                   multiple=32)
    inputs = keras.Input(shape, name="input")
    x, _, switches = _vgg16_encoder(inputs, batch_norm=True, argmax=True)
    k = (shape[0] // 32, shape[1] // 32)

    x = bn_relu(layers.Conv2D(4096, k, padding="valid", name="fc6")(x), "fc6")
    x = bn_relu(layers.Conv2D(4096, 1, name="fc7")(x), "fc7")
    x = bn_relu(layers.Conv2DTranspose(512, k, padding="valid", name="deconv_fc6")(x),
                "deconv_fc6")
    for s, widths in zip(range(5, 0, -1), DECONV_STAGES):
        x = MaxUnpooling2D(2, name=f"unpool{s}")([x, switches[s - 1]])
        for i, f in enumerate(widths, start=1):
            deconv = layers.Conv2DTranspose(f, 3, padding="same", name=f"deconv{s}_{i}")
            x = bn_relu(deconv(x), f"deconv{s}_{i}")
    if include_top:
        x = layers.Conv2D(classes, 1, activation=classifier_activation, name="predictions",
                          dtype="float32")(x)
    return keras.Model(inputs, x, name=name)


# ---------------------------------------------------------------------------------------------
# U-Net
# ---------------------------------------------------------------------------------------------
def unet_output_size(size, depth=4, padding="valid"):
    """Output height/width of a U-Net for an input ``size``; ``None`` if the size does not fit.

    Formula (valid padding): each level down ``s → (s − 4) / 2`` (two 3×3 convs, then a 2×2
    pool, which needs an even size), the bottom ``s → s − 4``, each level up ``s → 2s − 4``.
    572 → 388 in the paper. With ``"same"`` the size is kept and must be divisible by ``2^depth``.

    Args:
        size: input height or width.
        depth: number of poolings (4 in the paper).
        padding: ``"valid"`` or ``"same"``.

    Returns:
        The output size (int) or ``None``.

    Example:
        >>> unet_output_size(572), unet_output_size(570)
        (388, None)
    """
    s = int(size)
    if padding == "same":
        return s if s >= 2 ** depth and s % 2 ** depth == 0 else None
    for _ in range(depth):
        s -= 4
        if s <= 0 or s % 2:
            return None
        s //= 2
    s -= 4
    if s <= 0:
        return None
    for _ in range(depth):
        s = 2 * s - 4
        if s <= 0:
            return None
    return s


def unet_valid_sizes(limit=1024, depth=4):
    """All input sizes up to ``limit`` that a valid-padding U-Net accepts (…, 556, 572, 588, …).

    Args:
        limit: largest size to list.
        depth: number of poolings.

    Returns:
        A list of ints.

    Example:
        >>> unet_valid_sizes(300)[:3]
        [188, 204, 220]
    """
    return [s for s in range(1, int(limit) + 1) if unet_output_size(s, depth) is not None]


@register_model()
def unet(input_shape=(572, 572, 1), include_top=True, num_classes=2,
         classifier_activation="softmax", pooling=None, *, padding="valid", base_filters=64,
         depth=4, batch_norm=False, dropout=0.0, name=None, classes=None, se_ratio=None):
    """U-Net: a contracting path, an expanding path of up-convolutions, and copy(-and-crop) skips.

    Formula (Ronneberger et al., Fig. 1): down: [conv3×3-ReLU ×2 → maxpool2] × depth with
    64, 128, 256, 512 channels; bottom: conv3×3-ReLU ×2 (1024); up: [upconv2×2 (halving the
    channels) → concatenate with the cropped skip → conv3×3-ReLU ×2] × depth; conv1×1(classes).
    With ``padding="valid"`` every conv loses a 2-pixel border: 572×572 in → 388×388 out, and
    the skip is center-cropped to the up-sampled size. With ``padding="same"`` the output has
    the input's size (any size divisible by ``2^depth``).

    Args:
        input_shape: (H, W, C); valid: a size listed by :func:`unet_valid_sizes`; same: a
            multiple of ``2^depth``.
        include_top: add the 1×1 classifier conv (else return the last 64-channel features).
        num_classes: output channels (2 in the paper; ``classes`` is accepted too).
        classifier_activation: per-pixel activation (computed in float32).
        pooling: unused (common signature; must be None).
        padding: ``"valid"`` (the paper) or ``"same"``.
        base_filters: channels of the first level (64).
        depth: number of poolings (4).
        batch_norm: BN after each conv (not in the paper).
        dropout: dropout at the end of the contracting path (the paper uses it there).
        name: model name (default ``"unet"``, or ``"unet_same"`` with ``padding="same"``).
        se_ratio: must be ``None``: Squeeze-and-Excitation is refused here with a coded ``ValueError``
            (the family keeps its paper's layers).

    Returns:
        A ``keras.Model``; layers ``down{l}_conv{i}``, ``bottom_conv{i}``, ``up{l}_upconv``,
        ``up{l}_crop``, ``up{l}_concat``, ``up{l}_conv{i}``.

    Example:
        >>> unet(input_shape=(64, 64, 3), padding="same", num_classes=3).output_shape
        (None, 64, 64, 3)

    Paper: Ronneberger, Fischer, Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015.
    """
    refuse_se("unet", se_ratio, SE_DENSE_PREDICTION)
    if padding not in ("valid", "same"):
        raise TfdlValueError(
            "padding_valid_same",
            "`padding` must be 'valid' or 'same'. Received: padding={padding!r}",
            padding=padding,
        )
    _check_no_pooling(pooling)
    if int(depth) < 1:
        raise validation.min_error("depth", depth, 1)
    classes = resolve_num_classes(num_classes, classes, 2)
    shape = _check_seg(input_shape, classes)
    name = name or ("unet" if padding == "valid" else "unet_same")
    if padding == "same":
        k = 2 ** depth
        check_min_size(shape, k, name, f"its {depth} 2×2 poolings", multiple=k)
    else:
        for d in shape[:2]:
            if unet_output_size(d, depth) is None:
                sizes = unet_valid_sizes(max(2 * d, 400), depth)
                smallest = sizes[0]
                below = [s for s in sizes if s < d]
                above = [s for s in sizes if s > d]
                near = ([below[-1]] if below else []) + ([above[0]] if above else [])
                raise TfdlValueError(
                    "unet_valid_size",
                    "`input_shape` does not fit a valid-padding U-Net of depth {depth}: every level needs an even "
                    "size after its two 3×3 convs. Received: input_shape={shape}; the smallest size that works is "
                    "{smallest}, the nearest are {near} (572 → 388 in the paper), or use padding='same' with a "
                    "multiple of 16.",
                    depth=depth, shape=shape, smallest=smallest, near=near,
                )

    def double_conv(x, f, prefix):
        for i in (1, 2):
            x = conv_bn(x, f, 3, padding=padding, use_bias=not batch_norm, bn=batch_norm,
                        name=prefix, index=i)
        return x

    inputs = keras.Input(shape, name="input")
    x, skips = inputs, []
    for level in range(1, depth + 1):
        x = double_conv(x, base_filters * 2 ** (level - 1), f"down{level}")
        skips.append(x)
        x = layers.MaxPooling2D(2, name=f"down{level}_pool")(x)
    x = double_conv(x, base_filters * 2 ** depth, "bottom")
    if dropout:
        x = layers.Dropout(dropout, name="bottom_dropout")(x)
    for level in range(depth, 0, -1):
        f = base_filters * 2 ** (level - 1)
        x = layers.Conv2DTranspose(f, 2, strides=2, name=f"up{level}_upconv")(x)
        skip = skips[level - 1]
        dh, dw = skip.shape[1] - x.shape[1], skip.shape[2] - x.shape[2]
        if dh or dw:
            skip = layers.Cropping2D(((dh // 2, dh - dh // 2), (dw // 2, dw - dw // 2)),
                                     name=f"up{level}_crop")(skip)
        x = layers.Concatenate(name=f"up{level}_concat")([skip, x])
        x = double_conv(x, f, f"up{level}")
    if include_top:
        x = layers.Conv2D(classes, 1, activation=classifier_activation, name="predictions",
                          dtype="float32")(x)
    return keras.Model(inputs, x, name=name)


@register_model()
def unet_same(
    input_shape=(256, 256, 1), include_top=True, num_classes=2,
    classifier_activation="softmax", pooling=None, *, name="unet_same", classes=None, **kwargs,
):
    """U-Net with ``padding="same"``: the output keeps the input size (a multiple of 16).

    31,030,658 parameters with 2 classes (the same layers as :func:`unet`).

    Formula: see :func:`unet`.

    Args:
        input_shape: (H, W, C), H and W multiples of ``2^depth`` (16); default (256, 256, 1).
        include_top: add the 1×1 classifier conv (else return the last 64-channel features).
        num_classes: output channels (default 2); ``classes`` is accepted too.
        classifier_activation: per-pixel activation (float32 under mixed precision).
        pooling: must be None (a segmentation net keeps its maps).
        name: model name.
        **kwargs: any other keyword of :func:`unet` (``base_filters``, ``depth``,
            ``batch_norm``, ``dropout``; ``padding`` overrides the fixed ``"same"``).

    Returns:
        A ``keras.Model``.

    Example:
        >>> unet_same(input_shape=(32, 32, 1)).output_shape
        (None, 32, 32, 2)

    Paper: Ronneberger, Fischer, Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015.
    """
    return unet(input_shape, include_top, num_classes, classifier_activation, pooling,
                name=name, classes=classes, **{"padding": "same", **kwargs})
