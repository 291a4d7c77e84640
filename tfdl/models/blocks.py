"""Public building blocks of the course's networks, so a learner can assemble their own.

Every block takes a Keras tensor ``x`` and returns a Keras tensor, adding layers named
``{name}_conv1``, ``{name}_bn1``, ... (e.g. ``stage2_block1_conv1``) so tools can find them.

Example:
    >>> import keras
    >>> from tfdl.models import apply_residual_block
    >>> x = keras.Input((32, 32, 16))
    >>> apply_residual_block(x, 32, strides=2, name="stage1_block1").shape
    (None, 16, 16, 32)
"""

from __future__ import annotations

from keras import layers

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.models._common import BN_EPSILON, bn_relu, conv_bn, maybe_se

__all__ = [
    "apply_bottleneck_block",
    "apply_dense_block",
    "apply_dense_stage",
    "apply_fire_module",
    "apply_fractal_block",
    "apply_highway_layer",
    "apply_inception_block",
    "apply_inception_resnet_block",
    "apply_residual_block",
    "apply_residual_stage",
    "apply_resnext_block",
    "apply_se_block",
    "apply_transition_block",
    "apply_vgg_stage",
]

SHORTCUTS = ("projection", "zero_pad")


def _check_shortcut(shortcut):
    if shortcut not in SHORTCUTS:
        raise TfdlValueError(
            "shortcut_choice",
            "`shortcut` must be 'projection' (1×1 conv, option B) or 'zero_pad' (option A). Received: "
            "shortcut={shortcut!r}",
            shortcut=shortcut,
        )


def _merge(x, r, c_out, strides, *, name, shortcut, plain, preact, pre, survival_probability):
    """Shortcut + residual (or only the residual for a plain net)."""
    if plain:
        return r
    c_in = x.shape[-1]
    if strides != 1 or c_in != c_out:
        if shortcut == "zero_pad":
            from tfdl.layers.shortcut import ZeroPadShortcut
            s = ZeroPadShortcut(c_out, strides=strides, name=f"{name}_shortcut_pad")(x)
        else:
            src = pre if preact else x
            s = layers.Conv2D(c_out, 1, strides=strides, use_bias=False,
                              name=f"{name}_shortcut_conv")(src)
            if not preact:
                s = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_shortcut_bn")(s)
    else:
        s = x
    if survival_probability is not None and survival_probability < 1.0:
        from tfdl.layers.regularization import StochasticDepth
        return StochasticDepth(survival_probability, name=f"{name}_stochastic_depth")([s, r])
    return layers.Add(name=f"{name}_add")([s, r])


def _finish(x, r, c_out, strides, *, name, shortcut, plain, preact, pre, se_ratio,
            survival_probability):
    """Common tail of the residual blocks: [SE on F(x)] → merge with the shortcut → the block's
    ``{name}_out`` layer (ReLU in v1, identity in the pre-activation v2 order)."""
    r = maybe_se(r, se_ratio, name)
    y = _merge(x, r, c_out, strides, name=name, shortcut=shortcut, plain=plain, preact=preact,
               pre=pre, survival_probability=survival_probability)
    if preact:
        return layers.Identity(name=f"{name}_out")(y)
    return layers.Activation("relu", name=f"{name}_out")(y)


def apply_residual_block(x, filters, strides=1, *, shortcut="projection", plain=False,
                         preact=False, se_ratio=None, survival_probability=None, name="block"):
    """Basic residual block: two 3×3 convs and a shortcut, ``y = ReLU(F(x) + W_s·x)``.

    Formula (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Eq. 1-2):
        F(x) = BN(conv3×3(ReLU(BN(conv3×3_s(x)))))
        y = ReLU(F(x) + x)               when shapes match,
        y = ReLU(F(x) + W_s·x)           otherwise (projection, option B: 1×1 conv + BN),
        y = ReLU(F(x) + pad₀(x[::s,::s])) with ``shortcut="zero_pad"`` (option A, no parameters).
    ``preact=True`` gives the v2 order (He et al., ECCV 2016): ``y = x + F(ReLU(BN(x)))`` with
    no ReLU after the add. ``plain=True`` drops the shortcut (the degradation experiment).
    Convs have no bias: BN follows each one.

    Args:
        x: input tensor (N, H, W, C).
        filters: output channels.
        strides: stride of the first conv (2 halves H and W).
        shortcut: ``"projection"`` or ``"zero_pad"``, used when the shape changes.
        plain: build the block without a shortcut.
        preact: pre-activation (ResNet v2) order.
        se_ratio: attach a Squeeze-and-Excitation gate with this ratio to ``F(x)``.
        survival_probability: stochastic depth: keep ``F(x)`` with this probability.
        name: layer-name prefix, e.g. ``"stage2_block1"``.

    Returns:
        Tensor (N, H/s, W/s, filters).

    Example:
        >>> import keras
        >>> apply_residual_block(keras.Input((8, 8, 64)), 64, name="b").shape
        (None, 8, 8, 64)
    """
    _check_shortcut(shortcut)
    pre = bn_relu(x, f"{name}_preact") if preact else None
    r = conv_bn(pre if preact else x, filters, 3, strides=strides, name=name, index=1)
    # v2 ends the residual on the bare conv; v1 closes it with BN (the ReLU comes after the add).
    r = conv_bn(r, filters, 3, name=name, index=2, activation=None, bn=not preact)
    return _finish(x, r, filters, strides, name=name, shortcut=shortcut, plain=plain,
                   preact=preact, pre=pre, se_ratio=se_ratio,
                   survival_probability=survival_probability)


def apply_bottleneck_block(x, filters, strides=1, *, expansion=4, groups=1, width=None,
                           shortcut="projection", plain=False, preact=False, se_ratio=None,
                           survival_probability=None, name="block"):
    """Bottleneck residual block: 1×1 reduce → 3×3 → 1×1 expand, plus a shortcut.

    Formula (He et al., CVPR 2016, §4.1 and Fig. 5):
        F(x) = BN(conv1×1_{4f}(ReLU(BN(conv3×3_{f, groups}(ReLU(BN(conv1×1_f(x))))))))
        y = ReLU(F(x) + shortcut(x))
    The stride sits on the first 1×1 conv as in the paper (v1). With ``groups > 1`` the 3×3 conv
    is grouped (ResNeXt). The block outputs ``expansion · filters`` channels.

    Args:
        x: input tensor (N, H, W, C).
        filters: bottleneck width ``f`` (64, 128, 256, 512 in ResNet-50).
        strides: stride (2 at the first block of stages 3-5).
        expansion: output channels = ``expansion · filters``.
        groups: groups of the 3×3 conv (cardinality).
        width: channels of the 1×1/3×3 inner convs (default ``filters``).
        shortcut, plain, preact, se_ratio, survival_probability, name: as in
            :func:`apply_residual_block`.

    Returns:
        Tensor (N, H/s, W/s, expansion · filters).

    Example:
        >>> import keras
        >>> apply_bottleneck_block(keras.Input((8, 8, 64)), 64, name="b").shape
        (None, 8, 8, 256)
    """
    _check_shortcut(shortcut)
    inner = width or filters
    c_out = expansion * filters
    pre = bn_relu(x, f"{name}_preact") if preact else None
    r = conv_bn(pre if preact else x, inner, 1, strides=strides, name=name, index=1)
    r = conv_bn(r, inner, 3, groups=groups, name=name, index=2)
    # v2 ends the residual on the bare conv; v1 closes it with BN (the ReLU comes after the add).
    if preact:
        r = layers.Conv2D(c_out, 1, use_bias=False, name=f"{name}_conv3")(r)
    else:
        r = conv_bn(r, c_out, 1, name=name, index=3, activation=None)
    return _finish(x, r, c_out, strides, name=name, shortcut=shortcut, plain=plain,
                   preact=preact, pre=pre, se_ratio=se_ratio,
                   survival_probability=survival_probability)


RESIDUAL_BLOCKS = ("basic", "bottleneck")


def apply_residual_stage(x, filters, blocks, strides=1, *, block="basic", shortcut="projection",
                         plain=False, preact=False, se_ratio=None, groups=1, width=None,
                         survival_probabilities=None, name="stage"):
    """A ResNet stage: ``blocks`` residual blocks of one width, the first with ``strides``.

    Formula (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Table 1):
        conv{s}_x = B_n ∘ … ∘ B_2 ∘ B_1^{(stride)}(x),
    each ``B`` an :func:`apply_residual_block` (``block="basic"``, two 3×3 convs) or an
    :func:`apply_bottleneck_block` (``"bottleneck"``, 1×1-3×3-1×1, output ``4·filters``). Only
    the first block changes the shape (stride 2 halves H and W), so only its shortcut projects.

    Args:
        x: input tensor (N, H, W, C).
        filters: width of the stage (the 3×3 convs' channels).
        blocks: number of blocks ``n`` (>= 1).
        strides: stride of the first block.
        block: ``"basic"`` or ``"bottleneck"``.
        shortcut, plain, preact, se_ratio: as in :func:`apply_residual_block`.
        groups, width: of the bottleneck's 3×3 conv (ResNeXt); bottleneck blocks only.
        survival_probabilities: one stochastic-depth survival probability per block (or
            ``None``).
        name: layer-name prefix of the stage; block ``b`` is ``{name}_block{b}``.

    Returns:
        Tensor (N, H/s, W/s, filters) (basic) or (N, H/s, W/s, 4·filters) (bottleneck); the
        last block's output layer is ``{name}_block{n}_out``.

    Example:
        >>> import keras
        >>> apply_residual_stage(keras.Input((32, 32, 16)), 32, 3, strides=2, name="stage2").shape
        (None, 16, 16, 32)
    """
    if block not in RESIDUAL_BLOCKS:
        raise TfdlValueError(
            "block_choice",
            "`block` must be 'basic' or 'bottleneck'. Received: block={block!r}",
            block=block,
        )
    if int(blocks) < 1:
        raise validation.min_error("blocks", blocks, 1)
    if survival_probabilities is None:
        survival_probabilities = [None] * int(blocks)
    if len(survival_probabilities) != int(blocks):
        raise TfdlValueError(
            "survival_probabilities_length",
            "`survival_probabilities` must have one entry per block ({blocks}). Received: "
            "survival_probabilities={survival_probabilities}",
            blocks=blocks, survival_probabilities=survival_probabilities,
        )
    for b, p in enumerate(survival_probabilities, start=1):
        kw = {"shortcut": shortcut, "plain": plain, "preact": preact, "se_ratio": se_ratio,
              "survival_probability": p, "name": f"{name}_block{b}"}
        s = strides if b == 1 else 1
        if block == "basic":
            x = apply_residual_block(x, filters, s, **kw)
        else:
            x = apply_bottleneck_block(x, filters, s, groups=groups, width=width, **kw)
    return x


def apply_vgg_stage(x, filters, convs, *, batch_norm=False, se_ratio=None, pool=True,
                    name="stage1"):
    """A VGG stage: ``convs`` 3×3 same-padded convolutions, then a 2×2 max-pool.

    Formula (Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    Recognition", ICLR 2015, Table 1):
        y = maxpool2×2(ReLU(conv3×3(… ReLU(conv3×3(x)) …)))
    Two stacked 3×3 convs see 5×5 and three see 7×7 with ``27C²`` weights against ``49C²``.
    ``batch_norm=True`` puts BN between each conv and its ReLU (torchvision's ``vgg*_bn``; the
    conv keeps its bias).

    Args:
        x: input tensor (N, H, W, C).
        filters: channels of every conv.
        convs: number of convs (>= 1).
        batch_norm: BN after every conv.
        se_ratio: attach a Squeeze-and-Excitation gate before the pool.
        pool: end with the 2×2 max-pool ``{name}_pool`` (``False``: the caller pools, e.g. with
            arg-max switches in DeconvNet).
        name: layer-name prefix: ``{name}_conv{i}``, ``{name}_bn{i}``, ``{name}_relu{i}``.

    Returns:
        Tensor (N, H/2, W/2, filters) (or (N, H, W, filters) with ``pool=False``).

    Example:
        >>> import keras
        >>> apply_vgg_stage(keras.Input((32, 32, 3)), 64, 2, name="stage1").shape
        (None, 16, 16, 64)
    """
    if int(convs) < 1:
        raise validation.min_error("convs", convs, 1)
    for i in range(1, int(convs) + 1):
        x = conv_bn(x, filters, 3, name=name, index=i, use_bias=True, bn=batch_norm)
    x = maybe_se(x, se_ratio, name)
    if pool:
        x = layers.MaxPooling2D(2, strides=2, name=f"{name}_pool")(x)
    return x


def apply_resnext_block(x, filters, strides=1, *, cardinality=32, base_width=4, se_ratio=None,
                        survival_probability=None, name="block"):
    """ResNeXt block: a bottleneck whose 3×3 conv is split into ``cardinality`` groups.

    Formula (Xie et al., "Aggregated Residual Transformations for Deep Neural Networks",
    CVPR 2017, Eq. 3 and Fig. 3c): ``y = x + Σ_{i=1}^{C} T_i(x)``, implemented as a grouped
    3×3 conv with inner width ``⌊filters · base_width / 64⌋ · cardinality``.

    Args:
        x: input tensor.
        filters: bottleneck base width (64, 128, 256, 512); output is ``4 · filters``.
        strides: stride of the block.
        cardinality: number of groups ``C`` (32 in resnext50_32x4d).
        base_width: channels per group at the first stage (4 in "32x4d").
        se_ratio, survival_probability, name: as in :func:`apply_bottleneck_block`.

    Returns:
        Tensor (N, H/s, W/s, 4 · filters).

    Example:
        >>> import keras
        >>> apply_resnext_block(keras.Input((8, 8, 256)), 64, name="b").shape
        (None, 8, 8, 256)
    """
    if int(cardinality) < 1:
        raise validation.min_error("cardinality", cardinality, 1)
    width = int(filters * base_width / 64) * cardinality
    return apply_bottleneck_block(x, filters, strides, groups=cardinality, width=width,
                                  se_ratio=se_ratio, survival_probability=survival_probability,
                                  name=name)


def apply_inception_block(x, filters_1x1, filters_3x3_reduce, filters_3x3, filters_5x5_reduce,
                          filters_5x5, filters_pool_proj, *, reduce=True, se_ratio=None,
                          name="inception"):
    """Inception module: 1×1, 3×3, 5×5 and pooling branches concatenated along channels.

    Formula (Szegedy et al., "Going Deeper with Convolutions", CVPR 2015, Fig. 2):
        naive (``reduce=False``): y = [conv1×1(x), conv3×3(x), conv5×5(x), maxpool3×3(x)]
        with reductions:          y = [conv1×1(x), conv3×3(conv1×1(x)), conv5×5(conv1×1(x)),
                                       conv1×1(maxpool3×3(x))]
    Every conv is followed by ReLU (and has a bias, as in the paper). In the naive block the
    pooling branch keeps all C input channels, so channels grow block after block.

    Args:
        x: input tensor (N, H, W, C).
        filters_1x1: "#1×1" of the paper's Table 1.
        filters_3x3_reduce: "#3×3 reduce" (ignored when ``reduce=False``).
        filters_3x3: "#3×3".
        filters_5x5_reduce: "#5×5 reduce" (ignored when ``reduce=False``).
        filters_5x5: "#5×5".
        filters_pool_proj: "pool proj" (ignored when ``reduce=False``).
        reduce: use the 1×1 reductions (Fig. 2b) rather than the naive module (Fig. 2a).
        se_ratio: attach an SE gate to the concatenated output.
        name: layer-name prefix (``"inception3a"``).

    Returns:
        Tensor (N, H, W, sum of the branch channels).

    Example:
        >>> import keras
        >>> apply_inception_block(keras.Input((28, 28, 192)), 64, 96, 128, 16, 32, 32,
        ...                       name="inception3a").shape
        (None, 28, 28, 256)
    """
    def conv(t, f, k, n):
        return layers.Conv2D(f, k, padding="same", activation="relu", name=f"{name}_{n}")(t)

    b1 = conv(x, filters_1x1, 1, "1x1")
    if reduce:
        b2 = conv(conv(x, filters_3x3_reduce, 1, "3x3_reduce"), filters_3x3, 3, "3x3")
        b3 = conv(conv(x, filters_5x5_reduce, 1, "5x5_reduce"), filters_5x5, 5, "5x5")
        b4 = layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}_pool")(x)
        b4 = conv(b4, filters_pool_proj, 1, "pool_proj")
    else:
        b2 = conv(x, filters_3x3, 3, "3x3")
        b3 = conv(x, filters_5x5, 5, "5x5")
        b4 = layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}_pool")(x)
    y = layers.Concatenate(name=f"{name}_concat")([b1, b2, b3, b4])
    return maybe_se(y, se_ratio, name)


def apply_inception_resnet_block(x, *, scale=0.2, filters=32, se_ratio=None, name="block"):
    """Inception-ResNet-A block: three conv branches, a linear 1×1, a scaled residual add.

    Formula (Szegedy et al., "Inception-v4, Inception-ResNet and the Impact of Residual
    Connections on Learning", AAAI 2017, Fig. 16 and §3.3):
        r = conv1×1_C([conv1×1(x), conv3×3(conv1×1(x)), conv3×3(conv3×3(conv1×1(x)))])
        y = ReLU(x + scale · r)
    Branch widths are ``filters``, ``filters``, ``(filters, 1.5·filters, 2·filters)``
    (32 / 32 / 32-48-64 in Inception-ResNet-v2).

    Args:
        x: input tensor (N, H, W, C).
        scale: residual scaling (0.1-0.3 in the paper).
        filters: base branch width.
        se_ratio: attach an SE gate ``{name}_se`` to the residual branch ``r`` before the add
            (SE-Inception-ResNet, Hu et al. 2018, Fig. 3).
        name: layer-name prefix.

    Returns:
        Tensor (N, H, W, C).

    Example:
        >>> import keras
        >>> apply_inception_resnet_block(keras.Input((17, 17, 64)), name="b").shape
        (None, 17, 17, 64)
    """
    from tfdl.layers.shortcut import ScaledResidual

    f = int(filters)
    b0 = conv_bn(x, f, 1, name=f"{name}_b0")
    b1 = conv_bn(conv_bn(x, f, 1, name=f"{name}_b1a"), f, 3, name=f"{name}_b1b")
    b2 = conv_bn(x, f, 1, name=f"{name}_b2a")
    b2 = conv_bn(b2, f * 3 // 2, 3, name=f"{name}_b2b")
    b2 = conv_bn(b2, 2 * f, 3, name=f"{name}_b2c")
    mixed = layers.Concatenate(name=f"{name}_mixed")([b0, b1, b2])
    r = layers.Conv2D(x.shape[-1], 1, use_bias=True, name=f"{name}_up_conv")(mixed)
    r = maybe_se(r, se_ratio, name)
    y = ScaledResidual(scale, name=f"{name}_add")([x, r])
    return layers.Activation("relu", name=f"{name}_out")(y)


def apply_fire_module(x, squeeze, expand_1x1, expand_3x3, *, se_ratio=None, name="fire"):
    """SqueezeNet fire module: a 1×1 squeeze, then parallel 1×1 and 3×3 expands, concatenated.

    Formula (Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and
    <0.5MB model size", 2016, §3.1): ``s = ReLU(conv1×1_{s1x1}(x))``,
    ``y = [ReLU(conv1×1_{e1x1}(s)), ReLU(conv3×3_{e3x3}(s))]``.
    Parameters: ``C·s + s + s·e1 + e1 + 9·s·e3 + e3``.

    Args:
        x: input tensor (N, H, W, C).
        squeeze: ``s1x1`` channels.
        expand_1x1: ``e1x1`` channels.
        expand_3x3: ``e3x3`` channels.
        se_ratio: attach an SE gate to the output.
        name: layer-name prefix (``"fire2"``).

    Returns:
        Tensor (N, H, W, expand_1x1 + expand_3x3).

    Example:
        >>> import keras
        >>> apply_fire_module(keras.Input((55, 55, 96)), 16, 64, 64, name="fire2").shape
        (None, 55, 55, 128)
    """
    s = layers.Conv2D(squeeze, 1, activation="relu", name=f"{name}_squeeze1x1")(x)
    e1 = layers.Conv2D(expand_1x1, 1, activation="relu", name=f"{name}_expand1x1")(s)
    e3 = layers.Conv2D(expand_3x3, 3, padding="same", activation="relu",
                       name=f"{name}_expand3x3")(s)
    y = layers.Concatenate(name=f"{name}_concat")([e1, e3])
    return maybe_se(y, se_ratio, name)


def apply_dense_block(x, blocks, growth_rate=32, *, bottleneck=True, dropout=0.0, name="dense"):
    """DenseNet dense block: each layer sees the concatenation of all earlier feature maps.

    Formula (Huang et al., "Densely Connected Convolutional Networks", CVPR 2017, Eq. 2):
        z_ℓ = H_ℓ([z_0, z_1, …, z_{ℓ-1}]),
        H = BN-ReLU-conv1×1_{4k}-BN-ReLU-conv3×3_k (DenseNet-B), each conv without bias,
        optionally followed by dropout. The block adds ``blocks · k`` channels.

    Args:
        x: input tensor (N, H, W, C).
        blocks: number of layers ``ℓ`` in the block.
        growth_rate: ``k``.
        bottleneck: use the 1×1 bottleneck (DenseNet-B).
        dropout: dropout rate after each conv (0 disables).
        name: layer-name prefix (``"stage2"`` → ``stage2_block1_conv1``).

    Returns:
        Tensor (N, H, W, C + blocks · growth_rate).

    Example:
        >>> import keras
        >>> apply_dense_block(keras.Input((8, 8, 64)), 6, 32, name="stage2").shape
        (None, 8, 8, 256)
    """
    if int(blocks) < 1:
        raise validation.min_error("blocks", blocks, 1)
    for i in range(1, int(blocks) + 1):
        p = f"{name}_block{i}"
        h = bn_relu(x, p, 1)
        if bottleneck:
            h = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{p}_conv1")(h)
            if dropout:
                h = layers.Dropout(dropout, name=f"{p}_drop1")(h)
            h = bn_relu(h, p, 2)
        h = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=f"{p}_conv2")(h)
        if dropout:
            h = layers.Dropout(dropout, name=f"{p}_drop2")(h)
        x = layers.Concatenate(name=f"{p}_concat")([x, h])
    return x


def apply_transition_block(x, reduction=0.5, *, name="transition"):
    """DenseNet transition: BN-ReLU-conv1×1 compressing channels by ``reduction``, then avg-pool 2.

    Formula (Huang et al., CVPR 2017, §3 "Compression"): ``C_out = ⌊θ · C⌋``, θ = 0.5 in
    DenseNet-BC; ``y = avgpool2×2(conv1×1(ReLU(BN(x))))``.

    Args:
        x: input tensor (N, H, W, C).
        reduction: compression factor θ in (0, 1].
        name: layer-name prefix.

    Returns:
        Tensor (N, H/2, W/2, ⌊θ·C⌋).

    Example:
        >>> import keras
        >>> apply_transition_block(keras.Input((8, 8, 256)), name="t").shape
        (None, 4, 4, 128)
    """
    if not 0 < float(reduction) <= 1:
        raise validation.interval_error("reduction", reduction, "(0, 1]")
    x = bn_relu(x, name)
    x = layers.Conv2D(int(x.shape[-1] * reduction), 1, use_bias=False, name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def apply_dense_stage(x, blocks, growth_rate=32, *, reduction=0.5, bottleneck=True,
                      dropout=0.0, se_ratio=None, name="stage2", transition_name=None):
    """A DenseNet stage: a dense block, then (unless it is the last) a compressing transition.

    Formula (Huang et al., "Densely Connected Convolutional Networks", CVPR 2017, Table 1):
        y = T_θ(D_n(x)),  D_n = :func:`apply_dense_block` (adds ``n·k`` channels),
        T_θ = :func:`apply_transition_block` (BN-ReLU-conv1×1 to ``⌊θ·C⌋`` channels, avg-pool 2).

    Args:
        x: input tensor (N, H, W, C).
        blocks: layers ``n`` of the dense block.
        growth_rate: ``k``.
        reduction: compression ``θ`` of the transition; ``None`` for the last stage (no
            transition).
        bottleneck, dropout: as in :func:`apply_dense_block`.
        se_ratio: attach a Squeeze-and-Excitation gate ``{name}_se`` after the dense block.
        name: layer-name prefix of the dense block (``{name}_block{i}_conv1``).
        transition_name: layer-name prefix of the transition (default ``{name}_transition``).

    Returns:
        Tensor (N, H/2, W/2, ⌊θ·(C + n·k)⌋), or (N, H, W, C + n·k) without a transition.

    Example:
        >>> import keras
        >>> apply_dense_stage(keras.Input((8, 8, 64)), 6, name="stage2").shape
        (None, 4, 4, 128)
    """
    x = apply_dense_block(x, blocks, growth_rate, bottleneck=bottleneck, dropout=dropout,
                          name=name)
    x = maybe_se(x, se_ratio, name)
    if reduction is not None:
        x = apply_transition_block(x, reduction, name=transition_name or f"{name}_transition")
    return x


def apply_se_block(x, ratio=16, *, name="se"):
    """Squeeze-and-Excitation gate on a feature map: ``y = x ⊙ σ(W·ReLU(V·mean(x)))``.

    Formula (Hu et al., "Squeeze-and-Excitation Networks", CVPR 2018, Eq. 2-4); see
    :class:`tfdl.layers.SqueezeExcitation`, which this block adds as one layer named ``{name}_se``.

    Args:
        x: input tensor (N, H, W, C).
        ratio: reduction ratio r (16 in SE-ResNet).
        name: layer-name prefix.

    Returns:
        Tensor of the same shape.

    Example:
        >>> import keras
        >>> apply_se_block(keras.Input((8, 8, 64)), 16, name="b").shape
        (None, 8, 8, 64)
    """
    return maybe_se(x, ratio, name)


def apply_highway_layer(x, units=None, *, activation="relu", gate_bias=-2.0, name="highway"):
    """Highway layer: a learned gate mixes a transform of ``x`` with ``x`` itself.

    Formula (Srivastava, Greff, Schmidhuber, "Training Very Deep Networks", NeurIPS 2015, Eq. 3):
        y = H(x)·T(x) + x·(1 − T(x)) = x + T(x)·(H(x) − x),
        H(x) = act(W_H x + b_H),   T(x) = σ(W_T x + b_T),   b_T initialised negative (−2)
    so the layer starts close to the identity ("carry" behaviour).

    Args:
        x: input tensor (N, D).
        units: must equal D (the gate mixes x with H(x)); default D.
        activation: activation of ``H``.
        gate_bias: initial value of ``b_T``.
        name: layer-name prefix.

    Returns:
        Tensor (N, D).

    Example:
        >>> import keras
        >>> apply_highway_layer(keras.Input((50,)), name="h1").shape
        (None, 50)
    """
    import keras

    D = x.shape[-1]
    if units is not None and int(units) != D:
        raise TfdlValueError(
            "highway_units",
            "`units` must equal the input width {width} in a highway layer (y mixes x and H(x)). Received: "
            "units={units}",
            width=D, units=units,
        )
    H = layers.Dense(D, activation=activation, name=f"{name}_transform")(x)
    T = layers.Dense(D, activation="sigmoid", name=f"{name}_gate",
                     bias_initializer=keras.initializers.Constant(gate_bias))(x)
    d = layers.Subtract(name=f"{name}_diff")([H, x])
    return layers.Add(name=f"{name}_out")([x, layers.Multiply(name=f"{name}_gated")([T, d])])


def apply_fractal_block(x, filters, columns=3, *, drop_rate=0.15, name="fractal"):
    """FractalNet block: the fractal expansion rule with mean joins and local drop-path.

    Formula (Larsson et al., "FractalNet", ICLR 2017, Eq. 1-2):
        f_1(z) = conv(z),   f_{C+1}(z) = join(f_C(f_C(z)), conv(z)),
    conv = conv3×3-BN-ReLU, join = element-wise mean with local drop-path
    (:class:`tfdl.layers.FractalJoin`). The deepest column has ``2^{C-1}`` convs.

    Args:
        x: input tensor (N, H, W, C_in).
        filters: channels of every conv in the block.
        columns: ``C``, the number of columns.
        drop_rate: local drop-path probability of each join input.
        name: layer-name prefix.

    Returns:
        Tensor (N, H, W, filters).

    Example:
        >>> import keras
        >>> apply_fractal_block(keras.Input((8, 8, 3)), 16, columns=3, name="b1").shape
        (None, 8, 8, 16)
    """
    from tfdl.layers.regularization import FractalJoin

    if int(columns) < 1:
        raise validation.min_error("columns", columns, 1)
    counter = [0]

    def conv(z):
        counter[0] += 1
        return conv_bn(z, filters, 3, name=name, index=counter[0])

    def expand(z, c):
        """Return the list of column outputs of f_c(z) (joined by the caller)."""
        if c == 1:
            return [conv(z)]
        deep = expand(z, c - 1)
        deep_joined = deep[0] if len(deep) == 1 else join(deep)
        deeper = expand(deep_joined, c - 1)
        return deeper + [conv(z)]

    joins = [0]

    def join(zs):
        joins[0] += 1
        return FractalJoin(drop_rate, name=f"{name}_join{joins[0]}")(zs)

    outs = expand(x, int(columns))
    return outs[0] if len(outs) == 1 else join(outs)
