"""A small FractalNet (Larsson, Maire, Shakhnarovich, 2017) with local drop-path.

Example:
    >>> from tfdl.models import fractalnet
    >>> fractalnet().output_shape
    (None, 10)
"""

from __future__ import annotations

import keras
from keras import layers

from tfdl.errors import TfdlValueError
from tfdl.models._common import check_common, check_min_size, head, maybe_se, resolve_num_classes
from tfdl.models.blocks import apply_fractal_block
from tfdl.models.registry import register_model

__all__ = ["fractalnet"]


@register_model()
def fractalnet(input_shape=(32, 32, 3), include_top=True, num_classes=10,
               classifier_activation="softmax", pooling=None, *, filters=(32, 64, 128),
               columns=3, drop_rate=0.15, dropout=0.0, se_ratio=None, name="fractalnet", classes=None):
    """Small CIFAR FractalNet: fractal blocks of ``columns`` columns, each followed by max-pool 2.

    Formula (Eq. 1-2): ``f_1(z) = conv(z)``, ``f_{C+1}(z) = join(f_C(f_C(z)), conv(z))``,
    conv = 3×3-BN-ReLU, join = mean with local drop-path. The paper's CIFAR net has 5 blocks,
    C = 4 (40 layers, 64-512 channels); this small one has ``len(filters)`` blocks with
    ``2^{C-1}`` convs on the deepest path (3 × 4 = 12 at the defaults).

    Args:
        input_shape: (H, W, C), at least ``2^{len(filters)}``.
        include_top: add global average pooling and the classifier.
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the output layer (computed in float32).
        pooling: None, "avg" or "max" on the features when ``include_top=False``.
        filters: channels of each block.
        columns: ``C``.
        drop_rate: local drop-path probability of each join input (0.15 in the paper).
        dropout: dropout before the classifier.
        se_ratio: attach a Squeeze-and-Excitation gate ``block{b}_se`` after every fractal block.
        name: model name.

    Returns:
        A ``keras.Model`` with layers ``block{b}_conv{i}``, ``block{b}_join{j}``.

    Example:
        >>> fractalnet(columns=2, filters=(16, 32)).output_shape
        (None, 10)

    Paper: Larsson, Maire, Shakhnarovich, "FractalNet: Ultra-Deep Neural Networks without
    Residuals", ICLR 2017.
    """
    classes = resolve_num_classes(num_classes, classes, 10)
    shape = check_common(input_shape, include_top, classes, pooling)
    if not filters:
        raise TfdlValueError(
            "fractal_filters_empty",
            "`filters` must list at least one block width. Received: filters={filters}",
            filters=filters,
        )
    check_min_size(shape, 2 ** len(filters), name,
                   f"its {len(filters)} 2×2 max-poolings")
    inputs = keras.Input(shape, name="input")
    x = inputs
    for b, f in enumerate(filters, start=1):
        x = apply_fractal_block(x, f, columns, drop_rate=drop_rate, name=f"block{b}")
        x = maybe_se(x, se_ratio, f"block{b}")
        x = layers.MaxPooling2D(2, name=f"block{b}_pool")(x)
    x = head(x, include_top=include_top, classes=classes,
             classifier_activation=classifier_activation, pooling=pooling, dropout=dropout)
    return keras.Model(inputs, x, name=name)
