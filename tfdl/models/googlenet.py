"""GoogLeNet / Inception v1 (Szegedy et al., 2015), with the optional auxiliary classifiers.

The auxiliary heads are extra model outputs named ``aux1_predictions`` and
``aux2_predictions``; pass :data:`GOOGLENET_LOSS_WEIGHTS` to ``compile`` so they count with the
paper's weight 0.3 (Keras matches ``loss`` and ``loss_weights`` keys to the output layer names;
give one loss per output):

    model = googlenet(aux_logits=True, classes=10, input_shape=(96, 96, 3))
    model.compile("adam", loss={k: "sparse_categorical_crossentropy" for k in model.output_names},
                  loss_weights=GOOGLENET_LOSS_WEIGHTS)
    model.fit(x, {"predictions": y, "aux1_predictions": y, "aux2_predictions": y})

At inference use only the first output (the paper discards the auxiliary heads).

:func:`googlenet_naive` is the same network built from the *naive* Inception module (Fig. 2a: no 1×1
reductions, the pooling branch passes all its input channels on), the design the paper rejects:
the channels grow block after block and the parameters blow up (:func:`naive_inception_params`).
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.errors import TfdlValueError
from tfdl.models._common import (
    check_common,
    check_min_size,
    pool_features,
    predictions,
    resolve_num_classes,
)
from tfdl.models.blocks import apply_inception_block
from tfdl.models.registry import register_model

__all__ = ["GOOGLENET_LOSS_WEIGHTS", "INCEPTION_V1_TABLE", "googlenet", "googlenet_naive", "inception_block_params"]

#: Weights of the three outputs in the total loss (Szegedy et al. 2015, §5).
GOOGLENET_LOSS_WEIGHTS = {"predictions": 1.0, "aux1_predictions": 0.3, "aux2_predictions": 0.3}

#: Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj.
INCEPTION_V1_TABLE = {
    "3a": (64, 96, 128, 16, 32, 32),
    "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64),
    "4b": (160, 112, 224, 24, 64, 64),
    "4c": (128, 128, 256, 24, 64, 64),
    "4d": (112, 144, 288, 32, 64, 64),
    "4e": (256, 160, 320, 32, 128, 128),
    "5a": (256, 160, 320, 32, 128, 128),
    "5b": (384, 192, 384, 48, 128, 128),
}


def inception_block_params(c_in, filters_1x1, filters_3x3_reduce, filters_3x3, filters_5x5_reduce, filters_5x5,
                           filters_pool_proj, *, reduce=True):
    """Parameters of one Inception module on ``c_in`` channels, by hand (weights + biases).

    Formula (every conv has a bias):
        naive:   C·f1 + 9·C·f3 + 25·C·f5 + (f1 + f3 + f5); output channels f1 + f3 + f5 + C
        reduced: C·f1 + C·r3 + 9·r3·f3 + C·r5 + 25·r5·f5 + C·p + (f1 + r3 + f3 + r5 + f5 + p);
                 output channels f1 + f3 + f5 + p

    Args:
        c_in: input channels ``C``.
        filters_1x1 … filters_pool_proj: the six widths of the paper's Table 1 (``f1, r3, f3, r5, f5, p``).
        reduce: the module with 1×1 reductions (Fig. 2b) or the naive one (Fig. 2a).

    Returns:
        ``(params, output_channels)``.

    Example:
        >>> inception_block_params(192, *INCEPTION_V1_TABLE["3a"])
        (163696, 256)
        >>> inception_block_params(192, *INCEPTION_V1_TABLE["3a"], reduce=False)
        (387296, 416)
    """
    c, f1, r3, f3, r5, f5, p = c_in, filters_1x1, filters_3x3_reduce, filters_3x3, filters_5x5_reduce, \
        filters_5x5, filters_pool_proj
    if reduce:
        return c * f1 + c * r3 + 9 * r3 * f3 + c * r5 + 25 * r5 * f5 + c * p + f1 + r3 + f3 + r5 + f5 + p, \
            f1 + f3 + f5 + p
    return c * f1 + 9 * c * f3 + 25 * c * f5 + f1 + f3 + f5, f1 + f3 + f5 + c


def _aux_head(x, classes, classifier_activation, name):
    x = layers.AveragePooling2D(5, strides=3, name=f"{name}_pool")(x)
    x = layers.Conv2D(128, 1, activation="relu", name=f"{name}_conv")(x)
    x = layers.Flatten(name=f"{name}_flatten")(x)
    x = layers.Dense(1024, activation="relu", name=f"{name}_fc")(x)
    x = layers.Dropout(0.7, name=f"{name}_dropout")(x)
    return predictions(x, classes, classifier_activation, name=f"{name}_predictions")


@register_model()
def googlenet(input_shape=(224, 224, 3), include_top=True, num_classes=1000,
              classifier_activation="softmax", pooling=None, aux_logits=False, lrn=False,
              dropout=0.4, se_ratio=None, *, naive=False, name="googlenet", classes=None):
    """GoogLeNet (Inception v1) with the layer widths of the paper's Table 1.

    Formula (Table 1): conv7×7/2(64) → maxpool3/2 → [LRN] → conv1×1(64) → conv3×3(192) → [LRN] →
    maxpool3/2 → 3a, 3b → maxpool3/2 → 4a-4e → maxpool3/2 → 5a, 5b → global avg pool →
    dropout 0.4 → FC classes. Auxiliary heads on 4a and 4d: avgpool5×5/3 → conv1×1(128) → FC1024
    → dropout 0.7 → FC classes, trained with loss weight 0.3 (see :data:`GOOGLENET_LOSS_WEIGHTS`).
    Convs have biases and ReLU (no BN in the original).

    Args:
        input_shape: (H, W, C); at least 32×32, or 80×80 with ``aux_logits``.
        include_top: add the classifier.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier(s) (computed in float32).
        pooling: pooling of the features when ``include_top=False``.
        aux_logits: add the two auxiliary classifiers (outputs ``[main, aux1, aux2]``).
        lrn: local response normalisation after the stem, as in the paper.
        dropout: dropout before the main classifier.
        se_ratio: attach an SE gate to every Inception block.
        naive: build every Inception module without its 1×1 reductions (Fig. 2a; see
            :func:`googlenet_naive`).
        name: model name.

    Returns:
        A ``keras.Model``; with ``aux_logits`` its outputs are ``predictions``,
        ``aux1_predictions``, ``aux2_predictions``.

    Example:
        >>> googlenet(input_shape=(96, 96, 3), classes=10, aux_logits=True).output_shape
        [(None, 10), (None, 10), (None, 10)]

    Paper: Szegedy et al., "Going Deeper with Convolutions", CVPR 2015.
    """
    classes = resolve_num_classes(num_classes, classes, 1000)
    shape = check_common(input_shape, include_top, classes, pooling)
    check_min_size(shape, 32, name, "its five stride-2 stages")
    if aux_logits:
        if not include_top:
            raise TfdlValueError(
                "aux_logits_needs_top",
                "`aux_logits=True` needs include_top=True. Received: include_top=False",
            )
        check_min_size(shape, 80, "googlenet with aux_logits",
                       "the auxiliary 5×5 average pooling on the 1/16-size maps of 4a and 4d")
    inputs = keras.Input(shape, name="input")
    x = layers.Conv2D(64, 7, strides=2, padding="same", activation="relu", name="conv1")(inputs)
    x = layers.MaxPooling2D(3, 2, padding="same", name="pool1")(x)
    if lrn:
        from tfdl.layers.normalization import LocalResponseNormalization
        x = LocalResponseNormalization(name="lrn1")(x)
    x = layers.Conv2D(64, 1, activation="relu", name="conv2_reduce")(x)
    x = layers.Conv2D(192, 3, padding="same", activation="relu", name="conv2")(x)
    if lrn:
        x = LocalResponseNormalization(name="lrn2")(x)
    x = layers.MaxPooling2D(3, 2, padding="same", name="pool2")(x)
    aux = []
    for key, widths in INCEPTION_V1_TABLE.items():
        if key in ("4a", "5a"):
            x = layers.MaxPooling2D(3, 2, padding="same", name=f"pool{int(key[0]) - 1}")(x)
        x = apply_inception_block(x, *widths, reduce=not naive, se_ratio=se_ratio, name=f"inception{key}")
        if aux_logits and key in ("4a", "4d"):
            aux.append(_aux_head(x, classes, classifier_activation, f"aux{len(aux) + 1}"))
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = predictions(x, classes, classifier_activation)
    else:
        x = pool_features(x, pooling)
    outputs = [x] + aux if aux_logits else x
    return keras.Model(inputs, outputs, name=name)


@register_model()
def googlenet_naive(input_shape=(224, 224, 3), include_top=True, num_classes=1000,
                    classifier_activation="softmax", pooling=None, aux_logits=False, lrn=False,
                    dropout=0.4, se_ratio=None, *, name="googlenet_naive", classes=None):
    """GoogLeNet built from naive Inception modules: why the paper adds the 1×1 reductions.

    Formula: :func:`googlenet` with every module ``y = [conv1×1(x), conv3×3(x), conv5×5(x),
    maxpool3×3(x)]`` (Fig. 2a, the widths of Table 1's #1×1, #3×3 and #5×5 columns). The pooling
    branch keeps all ``C`` input channels, so a module's output has ``f1 + f3 + f5 + C`` channels:
    192 → 416 → 832 → … → 4,944 after 5b, and the 3×3 and 5×5 convs act on ever more channels
    (``9·C·f3 + 25·C·f5`` weights, :func:`inception_block_params`): about 14× the parameters of
    :func:`googlenet`.

    Args:
        input_shape, include_top, num_classes, classifier_activation, pooling, aux_logits, lrn,
            dropout, se_ratio, name: as in :func:`googlenet` (``classes`` is accepted for
            ``num_classes``).

    Returns:
        A ``keras.Model`` with the layer names of :func:`googlenet` (no ``_reduce`` or
        ``_pool_proj`` convs).

    Example:
        >>> googlenet_naive(input_shape=(32, 32, 3), classes=10).get_layer("inception5b_concat").output.shape
        (None, 1, 1, 4944)

    Paper: Szegedy et al., "Going Deeper with Convolutions", CVPR 2015 (§4, Fig. 2a).
    """
    return googlenet(input_shape, include_top, num_classes, classifier_activation, pooling, aux_logits, lrn,
                     dropout, se_ratio, naive=True, name=name, classes=classes)
