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

from tfdl.models._common import (bn_relu, check_common, check_depth, check_min_size, conv_bn, head,
                                 imagenet_stem)
from tfdl.models.blocks import apply_bottleneck_block, apply_residual_block
from tfdl.models.registry import register_model

__all__ = [
    "resnet", "cifar_resnet",
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "plain18", "plain34",
    "resnet20", "resnet56", "resnet110", "plain20", "plain56",
    "preact_resnet18", "preact_resnet50", "preact_resnet110",
    "stochastic_depth_resnet110", "se_resnet50", "resnext50_32x4d",
]

_PAPER = ("He, Zhang, Ren, Sun, \"Deep Residual Learning for Image Recognition\", CVPR 2016")
_PAPER_V2 = "He, Zhang, Ren, Sun, \"Identity Mappings in Deep Residual Networks\", ECCV 2016"
_PAPER_SD = "Huang, Sun, Liu, Sedra, Weinberger, \"Deep Networks with Stochastic Depth\", ECCV 2016"
_PAPER_SE = "Hu, Shen, Sun, \"Squeeze-and-Excitation Networks\", CVPR 2018"
_PAPER_X = ("Xie, Girshick, Dollár, Tu, He, \"Aggregated Residual Transformations for Deep "
            "Neural Networks\", CVPR 2017")

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
        raise ValueError(
            f"`stochastic_depth` (survival probability of the last block) must be in (0, 1]. "
            f"Received: stochastic_depth={stochastic_depth}")
    return 1.0 - index / total * (1.0 - p_L)


def resnet(depth=50, input_shape=(224, 224, 3), include_top=True, classes=1000,
           classifier_activation="softmax", pooling=None, *, shortcut="projection", plain=False,
           preact=False, se_ratio=None, stochastic_depth=None, cardinality=1, base_width=64,
           name=None):
    """ImageNet ResNet family (Table 1 of He et al. 2016): depths 18, 34, 50, 101, 152.

    Formula: stem conv7×7/2(64, no bias)-BN-ReLU → maxpool3×3/2 → stages conv2_x…conv5_x of
    basic (18, 34) or bottleneck (50+) blocks with widths 64, 128, 256, 512, the first block of
    stages 3-5 with stride 2 → global average pool → FC classes. Every conv has no bias and is
    followed by BN. Output maps at 224: 112 (stem), 56, 28, 14, 7.

    Args:
        depth: 18, 34, 50, 101 or 152.
        input_shape: (H, W, C), at least 32×32.
        include_top: add global average pooling and the FC classifier.
        classes: number of classes.
        classifier_activation: activation of the classifier.
        pooling: pooling of the features when ``include_top=False``.
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
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "the stride-2 stem, max-pool and three stride-2 stages")
    inputs = keras.Input(shape, name="input")
    x = imagenet_stem(inputs, 64, normalize=not preact)
    total, index = sum(counts), 0
    for s, (n, f) in enumerate(zip(counts, (64, 128, 256, 512)), start=2):
        for b in range(1, n + 1):
            index += 1
            strides = 2 if (b == 1 and s > 2) else 1
            kw = dict(shortcut=shortcut, plain=plain, preact=preact, se_ratio=se_ratio,
                      survival_probability=_survival(stochastic_depth, index, total),
                      name=f"stage{s}_block{b}")
            if kind == "basic":
                x = apply_residual_block(x, f, strides, **kw)
            else:
                width = int(f * base_width / 64) * cardinality
                x = apply_bottleneck_block(x, f, strides, groups=cardinality, width=width, **kw)
    if preact:
        x = bn_relu(x, "post")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


def cifar_resnet(depth=20, input_shape=(32, 32, 3), include_top=True, classes=10,
                 classifier_activation="softmax", pooling=None, *, shortcut="zero_pad",
                 plain=False, preact=False, se_ratio=None, stochastic_depth=None, name=None):
    """CIFAR-10 ResNets of He et al. §4.2: depth 6n+2, three stages of n basic blocks.

    Formula: conv3×3(16)-BN-ReLU → n blocks at 32×32 (16 ch) → n blocks at 16×16 (32 ch) →
    n blocks at 8×8 (64 ch) → global average pool → FC 10. Shortcuts are identities, with
    option A (zero-padding, no parameters) where the shape changes, as in the paper.

    Args:
        depth: 6n+2 (20, 32, 44, 56, 110, ...).
        input_shape: (H, W, C), at least 8×8.
        include_top, classes, classifier_activation, pooling: the usual head arguments.
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
        raise ValueError(f"`depth` must be 6n+2 with n >= 1 (20, 32, 56, 110). Received: depth={depth}")
    n = (depth - 2) // 6
    name = name or f"{'plain' if plain else 'resnet'}{depth}"
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 8, name, "its two stride-2 stages")
    inputs = keras.Input(shape, name="input")
    if preact:
        x = layers.Conv2D(16, 3, padding="same", use_bias=False, name="stem_conv")(inputs)
    else:
        x = conv_bn(inputs, 16, 3, name="stem")
    total, index = 3 * n, 0
    for s, f in enumerate((16, 32, 64), start=1):
        for b in range(1, n + 1):
            index += 1
            strides = 2 if (b == 1 and s > 1) else 1
            x = apply_residual_block(
                x, f, strides, shortcut=shortcut, plain=plain, preact=preact, se_ratio=se_ratio,
                survival_probability=_survival(stochastic_depth, index, total),
                name=f"stage{s}_block{b}")
    if preact:
        x = bn_relu(x, "post")
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling)
    return keras.Model(inputs, x, name=name)


def _imagenet_variant(vname, depth, params, *, paper=_PAPER, year=2015, idea_en, idea_ru,
                      small=(32, 32, 3), **fixed):
    @register_model(vname, family="resnet", paper=paper, year=year, input_shape=(224, 224, 3),
                    params=params, idea_en=idea_en, idea_ru=idea_ru, small_input=small)
    def builder(input_shape=(224, 224, 3), include_top=True, classes=1000,
                classifier_activation="softmax", pooling=None, **overrides):
        return resnet(depth, input_shape, include_top, classes, classifier_activation, pooling,
                      **{**fixed, "name": vname, **overrides})

    _document(builder, vname, params, "resnet", "(224, 224, 3)")
    return builder


def _cifar_variant(vname, depth, params, *, paper=_PAPER, year=2015, idea_en, idea_ru, **fixed):
    @register_model(vname, family="resnet_cifar", paper=paper, year=year,
                    input_shape=(32, 32, 3), params=params, idea_en=idea_en, idea_ru=idea_ru,
                    small_input=(16, 16, 3))
    def builder(input_shape=(32, 32, 3), include_top=True, classes=10,
                classifier_activation="softmax", pooling=None, **overrides):
        return cifar_resnet(depth, input_shape, include_top, classes, classifier_activation,
                            pooling, **{**fixed, "name": vname, **overrides})

    _document(builder, vname, params, "cifar_resnet", "(32, 32, 3)")
    return builder


def _document(builder, vname, params, family_fn, shape):
    builder.__name__ = builder.__qualname__ = vname
    builder.__doc__ = (
        f"{vname}: {params:,} trainable parameters at {shape} with the default head.\n\n"
        f"    Formula: see :func:`{family_fn}`.\n\n"
        "    Args:\n        input_shape, include_top, classes, classifier_activation, pooling: "
        f"the usual head arguments; any other keyword of :func:`{family_fn}` (``se_ratio``, "
        "``shortcut``, ``stochastic_depth``, ...) overrides the variant's setting.\n\n"
        "    Returns:\n        A ``keras.Model``.\n\n"
        f"    Example:\n        >>> {vname}(input_shape=(32, 32, 3), classes=10).output_shape\n"
        "        (None, 10)\n")


_RU_BASIC = "базовыми блоками"
# Trainable counts = torchvision resnet*/resnext50_32x4d (conv without bias + BN γ, β), timm
# seresnet50, and the CIFAR ResNets of github.com/akamaster/pytorch_resnet_cifar10 (option A);
# plain and pre-activation counts follow from the same tables; BN moving statistics are additional non-trainable weights in Keras.
resnet18 = _imagenet_variant(
    "resnet18", 18, 11_689_512,
    idea_en="18 layers of basic residual blocks: learn F(x) = H(x) − x and add x back.",
    idea_ru=f"18 слоёв с {_RU_BASIC}: учим остаток F(x) = H(x) − x и прибавляем x.")
resnet34 = _imagenet_variant(
    "resnet34", 34, 21_797_672,
    idea_en="34 layers of basic residual blocks; deeper than VGG-19 with fewer FLOPs.",
    idea_ru=f"34 слоя с {_RU_BASIC}; глубже VGG-19, но с меньшим числом FLOPs.")
resnet50 = _imagenet_variant(
    "resnet50", 50, 25_557_032,
    idea_en="Bottleneck blocks (1×1 reduce, 3×3, 1×1 expand) make 50 layers affordable.",
    idea_ru="Блоки-бутылочные горлышки (1×1 сжатие, 3×3, 1×1 расширение) делают 50 слоёв "
            "доступными.")
resnet101 = _imagenet_variant(
    "resnet101", 101, 44_549_160,
    idea_en="101-layer bottleneck ResNet: 23 blocks in the 14×14 stage.",
    idea_ru="101-слойный ResNet с бутылочными горлышками: 23 блока на стадии 14×14.")
resnet152 = _imagenet_variant(
    "resnet152", 152, 60_192_808,
    idea_en="152-layer bottleneck ResNet, the ILSVRC 2015 winner, still cheaper than VGG-16.",
    idea_ru="152-слойный ResNet, победитель ILSVRC 2015, всё ещё дешевле VGG-16.")
plain18 = _imagenet_variant(
    "plain18", 18, 11_515_688, plain=True,
    idea_en="ResNet-18 without shortcuts: the plain baseline of the degradation experiment.",
    idea_ru="ResNet-18 без обходных связей: «простая» сеть для эксперимента с деградацией.")
plain34 = _imagenet_variant(
    "plain34", 34, 21_623_848, plain=True,
    idea_en="Plain 34-layer net: trains worse than plain-18 — the degradation problem.",
    idea_ru="Простая 34-слойная сеть обучается хуже 18-слойной — проблема деградации.")
resnet20 = _cifar_variant(
    "resnet20", 20, 269_722,
    idea_en="CIFAR ResNet, 6n+2 = 20 layers, 16-32-64 channels, zero-padding shortcuts.",
    idea_ru="ResNet для CIFAR, 6n+2 = 20 слоёв, 16-32-64 канала, обход с дополнением нулями.")
resnet56 = _cifar_variant(
    "resnet56", 56, 853_018,
    idea_en="CIFAR ResNet with 56 layers (n = 9): deeper keeps helping when residual.",
    idea_ru="ResNet для CIFAR на 56 слоёв (n = 9): с остатками глубина продолжает помогать.")
resnet110 = _cifar_variant(
    "resnet110", 110, 1_727_962,
    idea_en="CIFAR ResNet with 110 layers (n = 18), 1.7M parameters.",
    idea_ru="ResNet для CIFAR на 110 слоёв (n = 18), 1,7 млн параметров.")
plain20 = _cifar_variant(
    "plain20", 20, 269_722, plain=True,
    idea_en="Plain 20-layer CIFAR net: the baseline for the degradation experiment.",
    idea_ru="Простая 20-слойная сеть для CIFAR: база для эксперимента с деградацией.")
plain56 = _cifar_variant(
    "plain56", 56, 853_018, plain=True,
    idea_en="Plain 56-layer CIFAR net: higher training error than plain-20 (Fig. 1 of the paper).",
    idea_ru="Простая 56-слойная сеть: ошибка на обучении выше, чем у 20-слойной (рис. 1 статьи).")
preact_resnet18 = _imagenet_variant(
    "preact_resnet18", 18, 11_687_720, preact=True, paper=_PAPER_V2, year=2016,
    idea_en="ResNet v2: BN-ReLU before each conv, so the shortcut path is a clean identity.",
    idea_ru="ResNet v2: BN-ReLU перед каждой свёрткой, путь по обходу — чистое тождество.")
preact_resnet50 = _imagenet_variant(
    "preact_resnet50", 50, 25_549_352, preact=True, paper=_PAPER_V2, year=2016,
    idea_en="Pre-activation bottleneck ResNet-50: identity mappings ease optimisation.",
    idea_ru="ResNet-50 с предактивацией: тождественные связи облегчают оптимизацию.")
preact_resnet110 = _cifar_variant(
    "preact_resnet110", 110, 1_727_962, preact=True, paper=_PAPER_V2, year=2016,
    idea_en="Pre-activation 110-layer CIFAR ResNet (v2).",
    idea_ru="110-слойный ResNet v2 с предактивацией для CIFAR.")
stochastic_depth_resnet110 = _cifar_variant(
    "stochastic_depth_resnet110", 110, 1_727_962, stochastic_depth=0.5, paper=_PAPER_SD,
    year=2016,
    idea_en="Drop whole residual blocks at random while training (survival 1 → 0.5 with depth): "
            "a shorter net to train, a deep net to test.",
    idea_ru="Случайно выключать целые остаточные блоки при обучении (вероятность выживания "
            "от 1 до 0,5): короткая сеть в обучении, глубокая — в тесте.")
se_resnet50 = _imagenet_variant(
    "se_resnet50", 50, 28_088_024, se_ratio=16, paper=_PAPER_SE, year=2018,
    idea_en="ResNet-50 whose residual branches are rescaled per channel by a squeeze-and-"
            "excitation gate σ(W·ReLU(V·z)).",
    idea_ru="ResNet-50, где каждая остаточная ветвь масштабируется по каналам вентилем "
            "squeeze-and-excitation σ(W·ReLU(V·z)).")
resnext50_32x4d = _imagenet_variant(
    "resnext50_32x4d", 50, 25_028_904, cardinality=32, base_width=4, paper=_PAPER_X, year=2017,
    idea_en="ResNeXt: split the bottleneck 3×3 into 32 groups of width 4 (grouped conv) — "
            "cardinality as a new dimension.",
    idea_ru="ResNeXt: 3×3 свёртка бутылочного горлышка делится на 32 группы по 4 канала "
            "(групповая свёртка) — кардинальность как новое измерение.")
