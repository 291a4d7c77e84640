"""The course's worked examples, as data: one source for the tests and the playground's presets.

Each example is copied from the course notes as ``CURRICULUM.md`` §1 states them (the notes'
own misprint is corrected where the curriculum says so: the 'same' example's middle-right cell
is 2, not 4). The tests check that tfdl's numpy references compute exactly the stated results;
the Convolution lab opens them as presets. Values are tuples (immutable); wrap them in
``np.array`` to compute.

Example:
    >>> import numpy as np
    >>> from tfdl.data.worked_examples import CONVOLUTIONS
    >>> from tfdl.functional import conv2d
    >>> ex = CONVOLUTIONS["valid"]
    >>> conv2d(np.array(ex.x), np.array(ex.kernel)).tolist() == [list(r) for r in ex.result]
    True
"""

from __future__ import annotations

import dataclasses

__all__ = [
    "CONVOLUTIONS",
    "DENSE_PARAM_EXAMPLES",
    "OUTPUT_SIZE_EXAMPLES",
    "PADDING_MODE_EXAMPLES",
    "PADDING_MODE_INPUT",
    "PADDING_MODE_KERNEL",
    "POOLINGS",
    "SIZE_CHAIN_28",
    "CONV_MATRIX_3x3_2x2",
    "WorkedExample",
]


@dataclasses.dataclass(frozen=True)
class WorkedExample:
    """One worked example of the notes: an input, an operation and the result they state.

    Args:
        title: what the notes show, in a few words.
        section: where ``CURRICULUM.md`` states it (e.g. ``"§1 Images and convolution"``).
        x: the input (nested tuples; 1-D or 2-D).
        result: the stated result (nested tuples).
        kernel: the kernel of a convolution (``None`` for pooling).
        op: ``"conv"`` (cross-correlation), ``"max_pool"`` or ``"avg_pool"``.
        params: the operation's arguments in tfdl's names (``stride``, ``padding``,
            ``pool_size``).
        decimals: the result is stated rounded to this many decimals (``None``: exact).
    """

    title: str
    section: str
    x: tuple
    result: tuple
    kernel: tuple | None = None
    op: str = "conv"
    params: dict = dataclasses.field(default_factory=dict)
    decimals: int | None = None


_S1 = "§1 Images and convolution"

X_3x3 = ((1, 2, 3), (3, 4, 5), (1, 0, 2))
K_2x2 = ((0, 1), (1, -1))
X_5x5_STRIDE = ((1, 2, 3, 1, 0), (3, 4, 5, 2, 1), (1, 0, 2, 3, 4), (0, 1, 3, 1, 2), (1, 2, 4, 2, 3))
X_5x5 = ((3, 3, 2, 1, 0), (0, 0, 1, 3, 1), (3, 1, 2, 2, 3), (2, 0, 0, 2, 2), (2, 0, 0, 0, 1))

#: Cross-correlations of CURRICULUM §1 ("Worked examples (cross-correlation)"), by name.
CONVOLUTIONS: dict[str, WorkedExample] = {
    "valid": WorkedExample(
        "3×3 ⋆ 2×2, valid", _S1, X_3x3, ((1, 2), (5, 3)), kernel=K_2x2),
    "same": WorkedExample(
        "3×3 ⋆ 2×2, TensorFlow 'same' (zeros added bottom/right)", _S1, X_3x3,
        ((1, 2, 5), (5, 3, 2), (0, 2, 0)), kernel=K_2x2, params={"padding": "same"}),
    "stride2": WorkedExample(
        "5×5 ⋆ 3×3, stride 2", _S1, X_5x5_STRIDE, ((0, 2), (-5, 2)),
        kernel=((0, 1, 0), (1, 0, -1), (0, -1, 0)), params={"stride": 2}),
    "5x5": WorkedExample(
        "5×5 ⋆ 3×3, valid", _S1, X_5x5, ((12, 12, 17), (10, 17, 19), (9, 6, 14)),
        kernel=((0, 1, 2), (2, 2, 0), (0, 1, 2))),
    "1d": WorkedExample(
        "1-D: (1,2,3,4,5,5,4,3,2,1) ⋆ (−1,0,1)", _S1, (1, 2, 3, 4, 5, 5, 4, 3, 2, 1),
        (2, 2, 2, 1, -1, -2, -2, -2), kernel=(-1, 0, 1)),
}

#: Poolings of CURRICULUM §1, by name.
POOLINGS: dict[str, WorkedExample] = {
    "avg_3x3": WorkedExample(
        "3×3 average pooling, stride 1, of the 5×5 input (to one decimal)", _S1, X_5x5,
        ((1.7, 1.7, 1.7), (1.0, 1.2, 1.8), (1.1, 0.8, 1.3)), op="avg_pool",
        params={"pool_size": 3, "stride": 1}, decimals=1),
    "max_2x2": WorkedExample(
        "2×2 max pooling, stride 2", _S1, ((1, 1, 2, 4), (5, 6, 7, 8), (3, 2, 1, 0), (1, 2, 3, 4)),
        ((6, 8), (3, 4)), op="max_pool", params={"pool_size": 2, "stride": 2}),
    "max_2x2_b": WorkedExample(
        "2×2 max pooling, stride 2, second grid", _S1,
        ((12, 20, 30, 0), (8, 12, 2, 0), (34, 70, 37, 4), (112, 100, 25, 12)),
        ((20, 30), (112, 37)), op="max_pool", params={"pool_size": 2, "stride": 2}),
}

#: The input and kernel of the padding-modes example (CURRICULUM §1 "Padding modes", note 004).
PADDING_MODE_INPUT = (1, 2, 3, 4, 5)
PADDING_MODE_KERNEL = (-1, 0, 2, 0, -1)

#: Two cells of padding each side, per tfdl padding mode: ``(padded input, result)``. The
#: notes' "constant" table repeats the edge value (tfdl's ``"replicate"``); their mirror with the
#: edge repeated is numpy's ``"symmetric"``; without the edge, PyTorch's ``"reflect"``.
PADDING_MODE_EXAMPLES: dict[str, tuple[tuple, tuple]] = {
    "zeros": ((0, 0, 1, 2, 3, 4, 5, 0, 0), (-1, 0, 0, 6, 7)),
    "replicate": ((1, 1, 1, 2, 3, 4, 5, 5, 5), (-2, -1, 0, 1, 2)),
    "symmetric": ((2, 1, 1, 2, 3, 4, 5, 5, 4), (-3, -1, 0, 1, 3)),
    "circular": ((4, 5, 1, 2, 3, 4, 5, 1, 2), (-5, -5, 0, 5, 5)),
    "reflect": ((3, 2, 1, 2, 3, 4, 5, 4, 3), (-4, -2, 0, 2, 4)),
}

#: Conv as a matrix (CURRICULUM §1): a 3×3 input and the 2×2 kernel above give this 4×9 matrix.
CONV_MATRIX_3x3_2x2 = (
    (0, 1, 0, 1, -1, 0, 0, 0, 0),
    (0, 0, 1, 0, 1, -1, 0, 0, 0),
    (0, 0, 0, 0, 1, 0, 1, -1, 0),
    (0, 0, 0, 0, 0, 1, 0, 1, -1),
)

#: Output-size checks of CURRICULUM §1 ("Checks from the notes"): ``(function, kwargs, result)``
#: with the function's name in :mod:`tfdl.shapes` (PyTorch's explicit padding convention).
OUTPUT_SIZE_EXAMPLES: tuple[tuple[str, dict, tuple | int], ...] = (
    ("conv_output_size", {"size": 5, "kernel_size": 3, "stride": 1, "padding": 0}, 3),
    # PyTorch Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1)) on 50×100
    ("conv_output_shape", {"input_shape": (50, 100), "kernel_size": (3, 5), "stride": (2, 1),
                           "padding": (4, 2), "dilation": (3, 1)}, (26, 100)),
    # PyTorch MaxPool2d((3, 2), stride=(2, 1)) on 50×32
    ("pool_output_shape", {"input_shape": (50, 32), "pool_size": (3, 2), "stride": (2, 1)},
     (24, 31)),
)

#: 28 →conv3→ 26 →pool2→ 13 →conv3→ 11 →pool2→ 5 (CURRICULUM §1): ``(layer, size after it)``.
SIZE_CHAIN_28 = (("input", 28), ("conv3", 26), ("pool2", 13), ("conv3", 11), ("pool2", 5))

#: Dense parameter counts of CURRICULUM §1: ``(inputs, units, parameters)`` (weights + biases).
DENSE_PARAM_EXAMPLES = ((784, 1000, 785_000), (1000, 10, 10_010))
