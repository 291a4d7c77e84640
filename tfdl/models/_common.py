"""Shared pieces of the builders: argument checks, the stem/head, conv-BN-ReLU, optional SE.

Private module (not re-exported); the public blocks live in :mod:`tfdl.models.blocks`.
"""

from __future__ import annotations

from keras import layers

from tfdl.errors import TfdlValueError

BN_EPSILON = 1.001e-5  # keras.applications' value (≈ the 1e-5 of the reference PyTorch nets)
POOLINGS = (None, "avg", "max")


def resolve_num_classes(num_classes, classes, default):
    """The number of classes from ``num_classes`` or its keras.applications spelling ``classes``.

    tfdl documents ``num_classes`` (one name for the idea across the library); ``classes`` stays
    accepted everywhere, as keras.applications writes it. Given both, they must agree.

    Args:
        num_classes: the documented argument (its builder default is ``default``).
        classes: the alias, ``None`` when not given.
        default: the builder's default of ``num_classes``.

    Returns:
        The number of classes (``num_classes`` unless ``classes`` is given).
    """
    if classes is None:
        return num_classes
    if num_classes is not None and num_classes != default and num_classes != classes:
        raise TfdlValueError(
            "classes_alias_disagree",
            "`num_classes` and its alias `classes` must agree when both are given. Received: "
            "num_classes={num_classes}, classes={classes}",
            num_classes=num_classes, classes=classes,
        )
    return classes


def reject(model_name, argument, value, reason):
    """Raise the ``ValueError`` for a common keyword a family cannot take (``pooling`` of a
    segmentation net, ``include_top=False`` of seq2seq, ...)."""
    raise TfdlValueError(
        "model_rejects_argument",
        "`{argument}` {reason} for {model_name}. Received: {argument}={value!r}",
        argument=argument, reason=reason, model_name=model_name, value=value,
    )


def check_common(input_shape, include_top, classes, pooling, *, rank=3):
    """Validate the keras.applications arguments; return ``input_shape`` as a tuple."""
    try:
        shape = tuple(None if d is None else int(d) for d in input_shape)
    except TypeError:
        raise TfdlValueError(
            "input_shape_tuple",
            "`input_shape` must be a tuple like (224, 224, 3). Received: input_shape={input_shape!r}",
            input_shape=input_shape,
        ) from None
    if len(shape) != rank:
        raise TfdlValueError(
            "input_shape_rank",
            "`input_shape` must have {rank} entries (height, width, channels). Received: input_shape={input_shape!r}",
            rank=rank, input_shape=input_shape,
        )
    if any(d is not None and d < 1 for d in shape):
        raise TfdlValueError(
            "input_shape_positive",
            "`input_shape` entries must be >= 1. Received: input_shape={input_shape!r}",
            input_shape=input_shape,
        )
    check_classes(include_top, classes)
    if pooling not in POOLINGS:
        raise TfdlValueError(
            "pooling_choice",
            "`pooling` must be None, 'avg' or 'max'. Received: pooling={pooling!r}",
            pooling=pooling,
        )
    return shape


def check_classes(include_top, classes):
    """Raise ``ValueError`` when the classifier is asked for but ``num_classes`` is not >= 1."""
    if include_top and (classes is None or int(classes) < 1):
        raise TfdlValueError(
            "num_classes_include_top",
            "`num_classes` (alias `classes`) must be >= 1 when include_top=True. Received: num_classes={num_classes}",
            num_classes=classes,
        )


def check_min_size(input_shape, min_size, model_name, why, *, multiple=None):
    """Raise ``ValueError`` naming the smallest size that works when the input is too small.

    The error is a :class:`~tfdl.errors.TfdlValueError` (codes ``input_too_small`` and
    ``input_not_multiple``), so an application can say it in another language.

    Args:
        input_shape: (H, W, C).
        min_size: smallest height/width the network accepts.
        model_name: shown in the message.
        why: the reason, e.g. "its five stride-2 stages".
        multiple: if set, H and W must also be multiples of it.
    """
    h, w = input_shape[0], input_shape[1]
    for d in (h, w):
        if d is None:
            continue
        if d < min_size:
            raise TfdlValueError(
                "input_too_small",
                "`input_shape` is too small for {model_name}: {why} need height and width >= {min_size}. Received: "
                "input_shape={input_shape}; the smallest size that works is ({min_size}, {min_size}, {channels}).",
                model_name=model_name, why=why, min_size=min_size, input_shape=tuple(input_shape),
                channels=input_shape[2],
            )
        if multiple and d % multiple:
            raise TfdlValueError(
                "input_not_multiple",
                "`input_shape` height and width must be multiples of {multiple} for {model_name} ({why}). Received: "
                "input_shape={input_shape}; the nearest sizes that work are {lower} and {upper}.",
                multiple=multiple, model_name=model_name, why=why, input_shape=tuple(input_shape),
                lower=max(min_size, d - d % multiple), upper=d - d % multiple + multiple,
            )


def conv_bn(x, filters, kernel_size, *, strides=1, padding="same", name, index="",
            use_bias=False, activation="relu", groups=1, bn=True):
    """Conv (no bias by default) → BN → activation: layers ``{name}_conv{index}``, ``_bn``, ``_relu``."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, groups=groups,
                      use_bias=use_bias, name=f"{name}_conv{index}")(x)
    if bn:
        x = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn{index}")(x)
    if activation:
        x = layers.Activation(activation, name=f"{name}_{_act_name(activation)}{index}")(x)
    return x


def imagenet_stem(x, filters, *, normalize=True):
    """The 7×7/2 stem of ResNet and DenseNet: pad 3 ``stem_pad`` → conv7×7/2 (no bias)
    ``stem_conv`` [→ BN ``stem_bn`` → ReLU ``stem_relu``] → pad 1 ``stem_pool_pad`` → max-pool
    3×3/2 ``stem_pool``. ``normalize=False`` keeps the bare conv (pre-activation nets)."""
    x = layers.ZeroPadding2D(3, name="stem_pad")(x)
    x = conv_bn(x, filters, 7, strides=2, padding="valid", name="stem", bn=normalize,
                activation="relu" if normalize else None)
    x = layers.ZeroPadding2D(1, name="stem_pool_pad")(x)
    return layers.MaxPooling2D(3, strides=2, name="stem_pool")(x)


def bn_relu(x, name, index=""):
    """BN → ReLU (the pre-activation unit): layers ``{name}_bn{index}``, ``{name}_relu{index}``."""
    x = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn{index}")(x)
    return layers.Activation("relu", name=f"{name}_relu{index}")(x)


def _act_name(activation):
    return activation if isinstance(activation, str) else "act"


def predictions(x, classes, classifier_activation, name="predictions"):
    """The output layer: Dense(classes, classifier_activation) computed in float32.

    ``dtype="float32"`` keeps the probabilities float32 under a ``mixed_float16`` policy (the
    advice of Keras' mixed-precision guide: a float16 softmax loses small probabilities); under
    the default float32 policy the layer and its config are the same as without it.
    """
    return layers.Dense(classes, activation=classifier_activation, name=name, dtype="float32")(x)


def head(x, *, include_top, classes, classifier_activation, pooling, dropout=0.0):
    """Global average pool + Dense(classes) (float32, :func:`predictions`) when ``include_top``;
    else optional pooling."""
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout:
            x = layers.Dropout(dropout, name="head_dropout")(x)
        return predictions(x, classes, classifier_activation)
    return pool_features(x, pooling)


def dense_head(x, hidden, *, include_top, classes, classifier_activation, pooling,
               activation="relu", dropout=0.0):
    """The classic fully connected head (LeNet, AlexNet, VGG) when ``include_top``.

    Flatten ``flatten`` → for each ``(units, dense_name, dropout_name)`` of ``hidden``:
    Dense(units, activation) [→ Dropout(dropout) when ``dropout_name`` is set] → Dense(classes)
    ``predictions``. Without the top: optional global pooling (:func:`pool_features`).
    """
    if not include_top:
        return pool_features(x, pooling)
    x = layers.Flatten(name="flatten")(x)
    for units, dense_name, dropout_name in hidden:
        x = layers.Dense(units, activation=activation, name=dense_name)(x)
        if dropout_name:
            x = layers.Dropout(dropout, name=dropout_name)(x)
    return predictions(x, classes, classifier_activation)


def class_map_head(x, classifier_activation):
    """NiN-style output on one map per class: global average pool ``avg_pool`` → activation
    ``predictions`` in float32 (no Dense layer)."""
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    return layers.Activation(classifier_activation or "linear", name="predictions",
                             dtype="float32")(x)


def check_depth(depth, configs):
    """Raise ``ValueError`` unless ``depth`` is a key of the family's ``configs`` table."""
    if depth not in configs:
        raise TfdlValueError(
            "depth_choice",
            "`depth` must be one of {options}. Received: depth={depth}",
            options=sorted(configs), depth=depth,
        )


def pool_features(x, pooling):
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name="max_pool")(x)
    return x


def maybe_se(x, se_ratio, name):
    """Attach a Squeeze-and-Excitation gate named ``{name}_se`` when ``se_ratio`` is set."""
    if not se_ratio:
        return x
    from tfdl.layers.squeeze_excitation import SqueezeExcitation
    return SqueezeExcitation(ratio=se_ratio, name=f"{name}_se")(x)



def refuse_se(family, se_ratio, why):
    """A ``se_ratio`` the family cannot take: a coded ``ValueError`` naming the family and ``why``."""
    if se_ratio is not None:
        raise TfdlValueError(
            "se_not_applicable",
            "`se_ratio` does not apply to the {family} family: {why}. Received: se_ratio={se_ratio!r}",
            family=family, se_ratio=se_ratio, why=why,
        )


#: Why an encoder-decoder family (segmentation, autoencoders) takes no SE gate.
SE_DENSE_PREDICTION = ("Squeeze-and-Excitation gates are not wired into the encoder-decoder families: they keep the "
                       "layers of their papers, so their parameter counts match the papers' (add "
                       "tfdl.layers.SqueezeExcitation after a block of your own model instead)")

#: Why a recurrent family takes no SE gate.
SE_RECURRENT = ("Squeeze-and-Excitation re-weights the channels of a convolution's feature map, and this network's "
                "layers are recurrent (its gates already decide, step by step, what passes)")
