"""tfdl.functional: the maths of convolution and pooling in plain numpy, written to be read.

These are the references the Keras layers are tested against and what the playground animates.
Importing this package never imports TensorFlow.
"""

from tfdl.functional.conv import conv1d, conv1d_transpose, conv2d, conv2d_transpose, correlate
from tfdl.functional.matrix import conv_matrix, im2col
from tfdl.functional.padding import PADDING_MODES, check_mode_limits, pad, pad_widths, padded_source_index
from tfdl.functional.pooling import (
    avg_pool2d,
    distance_weights,
    global_avg_pool2d,
    global_max_pool2d,
    l2_pool2d,
    max_pool2d,
    max_pool2d_backward,
    max_unpool2d,
    stochastic_pool2d,
    weighted_avg_pool2d,
)
from tfdl.functional.views import (
    LAYER_KINDS,
    LayerCount,
    MatrixView,
    TransposedSteps,
    matrix_view,
    readable_crop,
    seen_mask,
    sharing_counts,
    transpose_of,
    transposed_size_rules,
    transposed_steps,
    window_weights,
)
from tfdl.functional.windows import WalkStep, Window, tap_coordinates, walk, windows

__all__ = [
    "conv1d", "conv2d", "conv1d_transpose", "conv2d_transpose", "correlate", "im2col",
    "conv_matrix", "PADDING_MODES", "pad", "pad_widths", "check_mode_limits",
    "padded_source_index", "max_pool2d", "avg_pool2d", "l2_pool2d", "stochastic_pool2d",
    "global_avg_pool2d", "global_max_pool2d", "max_pool2d_backward", "distance_weights",
    "weighted_avg_pool2d", "max_unpool2d", "Window", "WalkStep", "tap_coordinates",
    "windows", "walk"
]
__all__ += [  # tfdl.functional.views
    "MatrixView", "matrix_view", "readable_crop", "transpose_of", "TransposedSteps", "transposed_steps",
    "seen_mask", "LayerCount", "sharing_counts", "LAYER_KINDS", "transposed_size_rules", "window_weights",
]
