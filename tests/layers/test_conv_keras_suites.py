"""Keras 3.15's own convolution tests, run against tfdl's layers with only the imports changed.

``keras/src/layers/convolutional/conv_test.py`` and ``conv_transpose_test.py`` (shipped in the
installed keras package) are loaded by :func:`tests.keras_suites.load_keras_suite`: the line
``from keras.src import layers`` becomes an overlay of Keras' layers in which ``Conv1D``,
``Conv2D``, ``Conv1DTranspose`` and ``Conv2DTranspose`` are tfdl's ``PaddedConv1D``,
``PaddedConv2D``, ``TransposedConv1D`` and ``TransposedConv2D``. Every assertion is Keras'.
Skips name the feature tfdl lacks (3-D layers are out of scope) or the Keras restriction tfdl
lifts on purpose.
"""

import keras

from tests.keras_suites import load_keras_suite, overlay
from tfdl.layers import PaddedConv1D, PaddedConv2D, TransposedConv1D, TransposedConv2D

LAYERS = overlay(
    keras.layers,
    "tfdl_conv_layers_overlay",
    Conv1D=PaddedConv1D,
    Conv2D=PaddedConv2D,
    Conv1DTranspose=TransposedConv1D,
    Conv2DTranspose=TransposedConv2D,
)
IMPORTS = {"from keras.src import layers": "import tfdl_conv_layers_overlay as layers"}
NO_3D = "3-D convolutions (Conv3D/Conv3DTranspose) are out of scope for tfdl"
STRIDED_DILATION = (
    "tfdl supports strides > 1 together with dilation_rate > 1 (PyTorch rule), which this "
    "test expects to be refused"
)

conv_suite = load_keras_suite(
    "layers/convolutional/conv_test.py",
    imports=IMPORTS,
    skips={
        "ConvBasicTest.test_conv3d_basic": NO_3D,
        "ConvBasicTest.test_enable_lora_conv3d": NO_3D,
        "ConvCorrectnessTest.test_conv3d": NO_3D,
        "ConvBasicTest.test_conv_symbolic_invalid_configuration2": NO_3D,
        "ConvBasicTest.test_bad_init_args": STRIDED_DILATION,
    },
)
transpose_suite = load_keras_suite(
    "layers/convolutional/conv_transpose_test.py",
    imports=IMPORTS,
    skips={
        "ConvTransposeBasicTest.test_conv3d_transpose_basic": NO_3D,
        "ConvTransposeBasicTest.test_output_padding_serialization2": NO_3D,
        "ConvTransposeCorrectnessTest.test_conv3d_transpose": NO_3D,
        "ConvTransposeBasicTest.test_bad_init_args": STRIDED_DILATION,
    },
)
globals().update({f"KerasConv_{k}": v for k, v in conv_suite.items()})
globals().update({f"KerasConvTranspose_{k}": v for k, v in transpose_suite.items()})
