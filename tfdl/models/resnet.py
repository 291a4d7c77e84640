"""ResNets: the ImageNet family (18-152), plain nets, CIFAR ResNets, v2, stochastic depth, SE, ResNeXt.

Block → stage → family → one-line variants, as in keras.applications and timm. Layer names
follow ``stage{s}_block{b}_conv{i}`` (stages 2-5 as the paper's conv2_x-conv5_x on ImageNet;
stages 1-3 on CIFAR).

Example:
    >>> from tfdl.models import resnet50
    >>> m = resnet50()
    >>> import math
    >>> sum(math.prod(w.shape) for w in m.trainable_weights)   # torchvision: 25,557,032
    25557032
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.errors import TfdlValueError
from tfdl.models._common import (
    bn_relu,
    check_common,
    check_depth,
    check_min_size,
    conv_bn,
    head,
    imagenet_stem,
    resolve_num_classes,
)
from tfdl.models.blocks import apply_residual_stage
from tfdl.models.registry import register_model

__all__ = [
    "cifar_resnet",
    "plain18",
    "plain20",
    "plain34",
    "plain56",
    "preact_resnet18",
    "preact_resnet50",
    "preact_resnet110",
    "resnet",
    "resnet18",
    "resnet20",
    "resnet34",
    "resnet50",
    "resnet56",
    "resnet101",
    "resnet110",
    "resnet152",
    "resnext50_32x4d",
    "se_resnet50",
    "stochastic_depth_resnet110",
]


#: Table 1 of He et al.: (block type, blocks per stage conv2_x … conv5_x).
IMAGENET_CONFIGS = {
    18: ("basic", (2, 2, 2, 2)),
    34: ("basic", (3, 4, 6, 3)),
    50: ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
}


def _survival(stochastic_depth, index, total):
    """Linear decay rule p_ℓ = 1 − ℓ/L · (1 − p_L) (Huang et al. 2016, Eq. 4)."""
    if stochastic_depth is None:
        return None
    p_L = float(stochastic_depth)
    if not 0 < p_L <= 1:
        raise TfdlValueError(
            "stochastic_depth_range",
            "`stochastic_depth` (survival probability of the last block) must be in (0, 1]. Received: "
            "stochastic_depth={stochastic_depth}",
            stochastic_depth=stochastic_depth,
        )
    return 1.0 - index / total * (1.0 - p_L)


def resnet(depth=50, input_shape=(224, 224, 3), include_top=True, num_classes=1000,
           classifier_activation="softmax", pooling=None, *, shortcut="projection", plain=False,
           preact=False, se_ratio=None, stochastic_depth=None, cardinality=1, base_width=64,
           name=None, classes=None):
    """ImageNet ResNet family (Table 1 of He et al. 2016): depths 18, 34, 50, 101, 152.

    Formula: stem conv7×7/2(64, no bias)-BN-ReLU → maxpool3×3/2 → stages conv2_x…conv5_x of
    basic (18, 34) or bottleneck (50+) blocks with widths 64, 128, 256, 512, the first block of
    stages 3-5 with stride 2 → global average pool → FC classes. Every conv has no bias and is
    followed by BN. Output maps at 224: 112 (stem), 56, 28, 14, 7.

    Args:
        depth: 18, 34, 50, 101 or 152.
        input_shape: (H, W, C), at least 32×32.
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: pooling of the features when ``include_top=False``: None, "avg" or "max".
        shortcut: ``"projection"`` (option B) or ``"zero_pad"`` (option A) where shapes change.
        plain: drop every shortcut (the "plain" nets of §4.1).
        preact: pre-activation blocks (ResNet v2) with a final BN-ReLU.
        se_ratio: attach Squeeze-and-Excitation (ratio r) to every residual branch.
        stochastic_depth: survival probability ``p_L`` of the last block (linear decay);
            ``None`` disables stochastic depth.
        cardinality: groups of the bottleneck 3×3 conv (ResNeXt).
        base_width: channels per group at the first stage (ResNeXt's "d"; 64 = plain ResNet).
        name: model name.

    Returns:
        A ``keras.Model``; each block ends in a layer ``stage{s}_block{b}_out``.

    Example:
        >>> resnet(18, input_shape=(64, 64, 3), classes=10).output_shape
        (None, 10)
    """
    check_depth(depth, IMAGENET_CONFIGS)
    kind, counts = IMAGENET_CONFIGS[depth]
    name = name or f"{'plain' if plain else 'resnet'}{depth}"
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "the stride-2 stem, max-pool and three stride-2 stages")
    inputs = keras.Input(shape, name="input")
    x = imagenet_stem(inputs, 64, normalize=not preact)
    total, done = sum(counts), 0
    for s, (n, f) in enumerate(zip(counts, (64, 128, 256, 512)), start=2):
        survival = [_survival(stochastic_depth, done + b, total) for b in range(1, n + 1)]
        done += n
        x = apply_residual_stage(
            x, f, n, 2 if s > 2 else 1, block=kind, shortcut=shortcut, plain=plain,
            preact=preact, se_ratio=se_ratio, survival_probabilities=survival,
            groups=cardinality, width=int(f * base_width / 64) * cardinality,
            name=f"stage{s}")
    if preact:
        x = bn_relu(x, "post")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


def cifar_resnet(depth=20, input_shape=(32, 32, 3), include_top=True, num_classes=10,
                 classifier_activation="softmax", pooling=None, *, shortcut="zero_pad",
                 plain=False, preact=False, se_ratio=None, stochastic_depth=None, name=None,
                 classes=None):
    """CIFAR-10 ResNets of He et al. §4.2: depth 6n+2, three stages of n basic blocks.

    Formula: conv3×3(16)-BN-ReLU → n blocks at 32×32 (16 ch) → n blocks at 16×16 (32 ch) →
    n blocks at 8×8 (64 ch) → global average pool → FC 10. Shortcuts are identities, with
    option A (zero-padding, no parameters) where the shape changes, as in the paper.

    Args:
        depth: 6n+2 (20, 32, 44, 56, 110, ...).
        input_shape: (H, W, C), at least 8×8.
        include_top, num_classes, classifier_activation, pooling: as in :func:`resnet`
            (``classes`` is accepted for ``num_classes``).
        shortcut: ``"zero_pad"`` (option A, default) or ``"projection"``.
        plain, preact, se_ratio, stochastic_depth: as in :func:`resnet`.
        name: model name.

    Returns:
        A ``keras.Model`` with stages 1-3 (``stage{s}_block{b}_out``).

    Example:
        >>> import math
        >>> sum(math.prod(w.shape) for w in cifar_resnet(20).trainable_weights)
        269722
    """
    if depth < 8 or (depth - 2) % 6:
        raise TfdlValueError(
            "cifar_resnet_depth",
            "`depth` must be 6n+2 with n >= 1 (20, 32, 56, 110). Received: depth={depth}",
            depth=depth,
        )
    n = (depth - 2) // 6
    name = name or f"{'plain' if plain else 'resnet'}{depth}"
    classes = resolve_num_classes(num_classes, classes, 10)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 8, name, "its two stride-2 stages")
    inputs = keras.Input(shape, name="input")
    if preact:
        x = layers.Conv2D(16, 3, padding="same", use_bias=False, name="stem_conv")(inputs)
    else:
        x = conv_bn(inputs, 16, 3, name="stem")
    total = 3 * n
    for s, f in enumerate((16, 32, 64), start=1):
        survival = [_survival(stochastic_depth, (s - 1) * n + b, total) for b in range(1, n + 1)]
        x = apply_residual_stage(
            x, f, n, 2 if s > 1 else 1, shortcut=shortcut, plain=plain, preact=preact,
            se_ratio=se_ratio, survival_probabilities=survival, name=f"stage{s}")
    if preact:
        x = bn_relu(x, "post")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)



# Trainable counts = torchvision resnet*/resnext50_32x4d (conv without bias + BN γ, β), timm
# seresnet50, and the CIFAR ResNets of github.com/akamaster/pytorch_resnet_cifar10 (option A);
# plain and pre-activation counts follow from the same tables; BN moving statistics are
# additional non-trainable weights in Keras. The one-line ideas are in tfdl.models.metadata.


@register_model()
def resnet18(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="resnet18", classes=None, **kwargs,
):
    """ResNet-18: basic residual blocks (2, 2, 2, 2).

    11,689,512 trainable parameters at 224×224 with the default head.
    Formula: see :func:`resnet` (depth 18).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet18(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(18, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **kwargs)


@register_model()
def resnet34(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="resnet34", classes=None, **kwargs,
):
    """ResNet-34: basic residual blocks (3, 4, 6, 3).

    21,797,672 trainable parameters at 224×224 with the default head.
    Formula: see :func:`resnet` (depth 34).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet34(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(34, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **kwargs)


@register_model()
def resnet50(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="resnet50", classes=None, **kwargs,
):
    """ResNet-50: bottleneck blocks (3, 4, 6, 3).

    25,557,032 trainable parameters at 224×224 with the default head.
    Formula: see :func:`resnet` (depth 50).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet50(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(50, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **kwargs)


@register_model()
def resnet101(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="resnet101", classes=None, **kwargs,
):
    """ResNet-101: bottleneck blocks (3, 4, 23, 3).

    44,549,160 trainable parameters at 224×224 with the default head.
    Formula: see :func:`resnet` (depth 101).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet101(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(101, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **kwargs)


@register_model()
def resnet152(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="resnet152", classes=None, **kwargs,
):
    """ResNet-152: bottleneck blocks (3, 8, 36, 3).

    60,192,808 trainable parameters at 224×224 with the default head.
    Formula: see :func:`resnet` (depth 152).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet152(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(152, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **kwargs)


@register_model()
def plain18(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="plain18", classes=None, **kwargs,
):
    """Plain-18: ResNet-18 without shortcuts (the degradation baseline).

    11,515,688 trainable parameters at 224×224 with the default head.
    Fixed here: ``plain=True`` (``kwargs`` may override it).
    Formula: see :func:`resnet` (depth 18).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> plain18(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(18, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **{"plain": True, **kwargs})


@register_model()
def plain34(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="plain34", classes=None, **kwargs,
):
    """Plain-34: ResNet-34 without shortcuts (trains worse than plain-18).

    21,623,848 trainable parameters at 224×224 with the default head.
    Fixed here: ``plain=True`` (``kwargs`` may override it).
    Formula: see :func:`resnet` (depth 34).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> plain34(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return resnet(34, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **{"plain": True, **kwargs})


@register_model()
def resnet20(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="resnet20", classes=None, **kwargs,
):
    """CIFAR ResNet-20: 6n+2 layers with n = 3, option-A shortcuts.

    269,722 trainable parameters at 32×32 with the default head.
    Formula: see :func:`cifar_resnet` (depth 20).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet20(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return cifar_resnet(20, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **kwargs)


@register_model()
def resnet56(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="resnet56", classes=None, **kwargs,
):
    """CIFAR ResNet-56: 6n+2 layers with n = 9, option-A shortcuts.

    853,018 trainable parameters at 32×32 with the default head.
    Formula: see :func:`cifar_resnet` (depth 56).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet56(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return cifar_resnet(56, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **kwargs)


@register_model()
def resnet110(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="resnet110", classes=None, **kwargs,
):
    """CIFAR ResNet-110: 6n+2 layers with n = 18, option-A shortcuts.

    1,727,962 trainable parameters at 32×32 with the default head.
    Formula: see :func:`cifar_resnet` (depth 110).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnet110(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return cifar_resnet(110, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **kwargs)


@register_model()
def plain20(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="plain20", classes=None, **kwargs,
):
    """Plain-20 for CIFAR: ResNet-20 without shortcuts.

    269,722 trainable parameters at 32×32 with the default head.
    Fixed here: ``plain=True`` (``kwargs`` may override it).
    Formula: see :func:`cifar_resnet` (depth 20).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> plain20(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return cifar_resnet(20, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **{"plain": True, **kwargs})


@register_model()
def plain56(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="plain56", classes=None, **kwargs,
):
    """Plain-56 for CIFAR: ResNet-56 without shortcuts (Fig. 1 of the paper).

    853,018 trainable parameters at 32×32 with the default head.
    Fixed here: ``plain=True`` (``kwargs`` may override it).
    Formula: see :func:`cifar_resnet` (depth 56).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> plain56(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
    """
    return cifar_resnet(56, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **{"plain": True, **kwargs})


@register_model()
def preact_resnet18(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="preact_resnet18", classes=None, **kwargs,
):
    """Pre-activation ResNet-18 (ResNet v2): BN-ReLU before every conv.

    11,687,720 trainable parameters at 224×224 with the default head.
    Fixed here: ``preact=True`` (``kwargs`` may override it).
    Formula: see :func:`resnet` (depth 18).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> preact_resnet18(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016.
    """
    return resnet(18, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **{"preact": True, **kwargs})


@register_model()
def preact_resnet50(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="preact_resnet50", classes=None, **kwargs,
):
    """Pre-activation ResNet-50 (ResNet v2): BN-ReLU before every conv.

    25,549,352 trainable parameters at 224×224 with the default head.
    Fixed here: ``preact=True`` (``kwargs`` may override it).
    Formula: see :func:`resnet` (depth 50).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> preact_resnet50(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016.
    """
    return resnet(50, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **{"preact": True, **kwargs})


@register_model()
def preact_resnet110(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="preact_resnet110", classes=None, **kwargs,
):
    """Pre-activation CIFAR ResNet-110 (ResNet v2).

    1,727,962 trainable parameters at 32×32 with the default head.
    Fixed here: ``preact=True`` (``kwargs`` may override it).
    Formula: see :func:`cifar_resnet` (depth 110).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> preact_resnet110(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016.
    """
    return cifar_resnet(110, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **{"preact": True, **kwargs})


@register_model()
def stochastic_depth_resnet110(
    input_shape=(32, 32, 3), include_top=True, num_classes=10, classifier_activation="softmax",
    pooling=None, *, name="stochastic_depth_resnet110", classes=None, **kwargs,
):
    """CIFAR ResNet-110 with stochastic depth (survival 1 → 0.5).

    1,727,962 trainable parameters at 32×32 with the default head.
    Fixed here: ``stochastic_depth=0.5`` (``kwargs`` may override it).
    Formula: see :func:`cifar_resnet` (depth 110).

    Args:
        input_shape: (H, W, C), default (32, 32, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 10); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`cifar_resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> stochastic_depth_resnet110(input_shape=(16, 16, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Huang, Sun, Liu, Sedra, Weinberger, "Deep Networks with Stochastic Depth", ECCV
    2016.
    """
    return cifar_resnet(110, input_shape, include_top, num_classes, classifier_activation, pooling,
                        name=name, classes=classes, **{"stochastic_depth": 0.5, **kwargs})


@register_model()
def se_resnet50(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="se_resnet50", classes=None, **kwargs,
):
    """SE-ResNet-50: ResNet-50 with a squeeze-and-excitation gate (r = 16) per block.

    28,088,024 trainable parameters at 224×224 with the default head.
    Fixed here: ``se_ratio=16`` (``kwargs`` may override it).
    Formula: see :func:`resnet` (depth 50).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> se_resnet50(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Hu, Shen, Sun, "Squeeze-and-Excitation Networks", CVPR 2018.
    """
    return resnet(50, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **{"se_ratio": 16, **kwargs})


@register_model()
def resnext50_32x4d(
    input_shape=(224, 224, 3), include_top=True, num_classes=1000, classifier_activation="softmax",
    pooling=None, *, name="resnext50_32x4d", classes=None, **kwargs,
):
    """ResNeXt-50 (32×4d): bottleneck 3×3 convs in 32 groups of width 4.

    25,028,904 trainable parameters at 224×224 with the default head.
    Fixed here: ``cardinality=32, base_width=4`` (``kwargs`` may override it).
    Formula: see :func:`resnet` (depth 50).

    Args:
        input_shape: (H, W, C), default (224, 224, 3).
        include_top: add global average pooling and the FC classifier.
        num_classes: number of classes (default 1000); ``classes`` is accepted too.
        classifier_activation: activation of the classifier (float32 under mixed precision).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        name: model name.
        **kwargs: any other keyword of :func:`resnet` (``se_ratio``, ``shortcut``,
            ``stochastic_depth``, ...).

    Returns:
        A ``keras.Model``.

    Example:
        >>> resnext50_32x4d(input_shape=(32, 32, 3), num_classes=10).output_shape
        (None, 10)

    Paper: Xie, Girshick, Dollár, Tu, He, "Aggregated Residual Transformations for Deep Neural
    Networks", CVPR 2017.
    """
    return resnet(50, input_shape, include_top, num_classes, classifier_activation, pooling,
                  name=name, classes=classes, **{"cardinality": 32, "base_width": 4, **kwargs})

