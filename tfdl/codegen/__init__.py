""" "The same in code": the Python a learner can paste to repeat what an interactive page shows.

Pure functions of a page's settings that return short, runnable Keras 3 + tfdl code, one module per
page kind: :mod:`~tfdl.codegen.conv` (Convolution lab), :mod:`~tfdl.codegen.models` (Architectures),
:mod:`~tfdl.codegen.optim` (Optimisers), :mod:`~tfdl.codegen.train` (Train, both modes),
:mod:`~tfdl.codegen.sequences` (Sequences), :mod:`~tfdl.codegen.principles` (First principles,
Activations), :mod:`~tfdl.codegen.vision` (Vision), :mod:`~tfdl.codegen.inside` (Inside a network)
and :mod:`~tfdl.codegen.experiments` (Autoencoders, Transfer learning). ``tests/test_codegen_runs.py`` runs every
generated snippet in a fresh interpreter and compares it with the page's own library call.

Example:
    >>> print(same_in_code("max", (4, 4, 1), (2, 2), stride=2, output_shape=(2, 2, 1)).splitlines()[6])
    y = F.max_pool2d(x, 2, stride=2, padding='valid', ceil_mode=False)
"""

from tfdl.codegen.conv import POOL_FUNCTIONS, array_code, conv_input_code, same_in_code, transposed_code
from tfdl.codegen.experiments import autoencoder_code, transfer_code
from tfdl.codegen.inside import inside_code
from tfdl.codegen.models import architecture_code
from tfdl.codegen.optim import race_code
from tfdl.codegen.principles import approximation_code, init_depth_code, xor_code
from tfdl.codegen.sequences import gates_code, seq2seq_code
from tfdl.codegen.train import digits_code, train2d_code
from tfdl.codegen.vision import nms_code, triplet_code, unet_code

__all__ = [
    "POOL_FUNCTIONS",
    "approximation_code",
    "architecture_code",
    "autoencoder_code",
    "array_code",
    "conv_input_code",
    "digits_code",
    "gates_code",
    "init_depth_code",
    "inside_code",
    "nms_code",
    "race_code",
    "same_in_code",
    "seq2seq_code",
    "train2d_code",
    "transfer_code",
    "transposed_code",
    "triplet_code",
    "unet_code",
    "xor_code",
]
