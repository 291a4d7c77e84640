"""tfdl.functional: the maths of convolution and pooling in plain numpy, written to be read.

These are the references the Keras layers are tested against and what the playground animates.
Importing this package never imports TensorFlow.
"""

from tfdl.functional.conv import conv1d, conv2d, conv1d_transpose, conv2d_transpose, correlate
from tfdl.functional.matrix import im2col, conv_matrix
from tfdl.functional.padding import (
    PADDING_MODES, pad, pad_widths, check_mode_limits, padded_source_index
)
from tfdl.functional.pooling import (
    max_pool2d, avg_pool2d, l2_pool2d, stochastic_pool2d, global_avg_pool2d, global_max_pool2d,
    max_pool2d_backward
)
from tfdl.functional.windows import Window, WalkStep, tap_coordinates, windows, walk

__all__ = [
    "conv1d", "conv2d", "conv1d_transpose", "conv2d_transpose", "correlate", "im2col",
    "conv_matrix", "PADDING_MODES", "pad", "pad_widths", "check_mode_limits",
    "padded_source_index", "max_pool2d", "avg_pool2d", "l2_pool2d", "stochastic_pool2d",
    "global_avg_pool2d", "global_max_pool2d", "max_pool2d_backward", "Window", "WalkStep", "tap_coordinates", "windows", "walk"
]
