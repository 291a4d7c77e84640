"""tfdl.receptive: the input box of an output cell equals the extent of that cell's non-zero input gradient.

Reference: ``tf.GradientTape`` on the sum of the cell's channels, every kernel a positive constant and
biases zero (batch norm at its initial identity, in inference), a positive input: no sum cancels, so a
pixel has a non-zero gradient exactly when the cell reads it.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl.layers import PaddedConv2D
from tfdl.models import create_model
from tfdl.models.blocks import apply_residual_stage
from tfdl.receptive import layer_stack, receptive_box, traceable_layers
from tfdl.shapes import receptive_field


def _positive(model: keras.Model) -> keras.Model:
    for layer in model.layers:
        for w in layer.weights:
            if "kernel" in w.path:
                w.assign(np.full(w.shape, 0.02, "float32"))
            elif w.path.endswith("bias"):
                w.assign(np.zeros(w.shape, "float32"))
    return model


_GRADIENTS: dict = {}


def _gradient_box(model, layer_name, row, col):
    """Extent of the non-zero input gradient of cell (row, col) (XLA: TF 2.21's eager oneDNN backprop of a
    strided 1×1 convolution corrupts the heap here)."""
    key = (id(model), layer_name)
    if key not in _GRADIENTS:
        sub = keras.Model(model.inputs, model.get_layer(layer_name).output)

        @tf.function(jit_compile=True)
        def grad(x, mask):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.reduce_sum(sub(x, training=False) * mask)
            return tape.gradient(y, x)

        _GRADIENTS[key] = (grad, sub.output.shape[1:])
    grad, out_shape = _GRADIENTS[key]
    mask = np.zeros((1, *out_shape), "float32")
    mask[0, row, col] = 1.0
    x = np.random.default_rng(0).uniform(0.5, 1.0, (1, *model.input_shape[1:])).astype("float32")
    rows, cols = np.nonzero(np.abs(grad(tf.constant(x), tf.constant(mask))[0].numpy()).sum(-1))
    return rows.min(), cols.min(), rows.max(), cols.max()


@pytest.fixture(scope="module")
def models():
    lenet = _positive(create_model("lenet5", input_shape=(32, 32, 1)))
    x = keras.Input((32, 32, 2))
    y = keras.layers.Conv2D(3, 3, strides=2, padding="same", name="s2")(x)
    y = PaddedConv2D(3, 3, padding=((2, 0), (1, 3)), dilation_rate=2, name="pad_dil")(y)
    y = keras.layers.ZeroPadding2D(((1, 2), (0, 1)), name="zp")(y)
    y = keras.layers.AveragePooling2D(3, strides=2, padding="same", name="avg")(y)
    y = keras.layers.Conv2D(2, 2, dilation_rate=(1, 2), padding="same", name="dil_same")(y)
    stack = _positive(keras.Model(x, y))
    x = keras.Input((32, 32, 3))
    y = keras.layers.Conv2D(4, 3, padding="same", name="stem")(x)
    y = apply_residual_stage(y, 4, 2, strides=2, name="stage")
    resnet = _positive(keras.Model(x, y))
    return {"lenet": lenet, "stack": stack, "resnet": resnet}


CASES = [
    ("lenet", "c1_conv", [(0, 0), (27, 27), (5, 13)]),
    ("lenet", "s4_pool", [(0, 0), (4, 4), (2, 1)]),
    ("lenet", "c5_conv", [(0, 0)]),
    ("stack", "pad_dil", [(0, 0), (11, 13), (5, 0)]),
    ("stack", "avg", [(0, 0), (7, 7), (3, 6)]),
    ("stack", "dil_same", [(0, 0), (7, 7), (0, 6)]),
    ("resnet", "stage_block1_out", [(0, 0), (15, 15), (7, 3)]),
    ("resnet", "stage_block2_out", [(0, 15), (15, 0), (8, 8)]),
]


@pytest.mark.parametrize("model_key, layer, cells", CASES, ids=[f"{m}-{name}" for m, name, _ in CASES])
def test_box_is_the_extent_of_the_cells_input_gradient(models, model_key, layer, cells):
    model = models[model_key]
    for row, col in cells:
        rf = receptive_box(model, layer, row, col)
        assert rf["box"] == _gradient_box(model, layer, row, col), (row, col)
        top, left, bottom, right = rf["unclipped"]
        assert top <= rf["box"][0] and left <= rf["box"][1] and bottom >= rf["box"][2] and right >= rf["box"][3]


@pytest.mark.parametrize("model_key, layer", [("lenet", "s4_pool"), ("stack", "dil_same")])
def test_a_chains_unclipped_box_is_receptive_fields_start_jump_size(models, model_key, layer):
    model = models[model_key]
    out_h, out_w = model.get_layer(layer).output.shape[1:3]
    for row, col in [(0, 0), (out_h - 1, out_w - 1), (out_h // 2, 1)]:
        rf = receptive_box(model, layer, row, col)
        for a, i in enumerate((row, col)):
            centre = rf["start"][a] + i * rf["jump"][a]
            assert (rf["unclipped"][a], rf["unclipped"][a + 2]) == (
                centre - (rf["size"][a] - 1) / 2,
                centre + (rf["size"][a] - 1) / 2,
            )


def test_lenet_numbers_and_stack(models):
    # c1 5x5, s2 2/2, c3 5x5, s4 2/2: the CURRICULUM-style chain (5, 1), (6, 2), (14, 2), (16, 4)
    rf = receptive_box(models["lenet"], "s4_pool", 1, 2)
    assert [layer["size"][0] for layer in rf["layers"]] == [5, 6, 14, 16]
    assert rf["jump"] == (4, 4) and rf["start"] == (7.5, 7.5) and rf["box"] == (4, 8, 19, 23)
    expected = receptive_field([(5, 1), (2, 2), (5, 1), (2, 2)], input_size=32)
    assert rf["size"][0] == expected[-1]["size"] and rf["output_size"] == (expected[-1]["output_size"],) * 2
    stack = layer_stack(models["stack"], "zp")
    assert [s["type"] for s in stack] == ["Conv2D", "PaddedConv2D", "ZeroPadding2D"]
    assert stack[0]["padding"] == ((0, 1), (0, 1)) and stack[1]["padding"] == ((2, 0), (1, 3))
    assert stack[1]["dilation"] == (2, 2) and stack[0]["input_size"] == (32, 32)


def test_dilation_over_padding_drops_the_padded_taps():
    x = keras.Input((9, 9, 1))
    y = keras.layers.ZeroPadding2D(1, name="zp")(x)
    y = keras.layers.Conv2D(1, 3, dilation_rate=2, name="d")(y)
    model = _positive(keras.Model(x, y))
    rf = receptive_box(model, "d", 0, 0)  # taps at -1, 1, 3: the first falls on padding
    assert rf["unclipped"] == (-1, -1, 3, 3) and rf["box"] == (1, 1, 3, 3) == _gradient_box(model, "d", 0, 0)


def test_untraceable_layers_are_named():
    model = create_model("lenet5", input_shape=(32, 32, 1))
    assert traceable_layers(model) == ["c1_conv", "s2_pool", "c3_conv", "s4_pool", "c5_conv"]
    x = keras.Input((16, 16, 1))
    y = keras.layers.GlobalAveragePooling2D(name="gap")(keras.layers.Conv2D(2, 3)(x))
    y = keras.layers.Reshape((1, 1, 2))(y)
    y = keras.layers.Conv2D(1, 1, name="after")(y)
    with pytest.raises(ValueError, match="GlobalAveragePooling2D layer 'gap'") as err:
        receptive_box(keras.Model(x, y), "after", 0, 0)
    assert err.value.code == "rf_untraceable"
    with pytest.raises(ValueError, match="must be below the layer's output size 28"):
        receptive_box(model, "c1_conv", 28, 0)
    with pytest.raises(ValueError, match="is not a layer"):
        receptive_box(model, "nope", 0, 0)
    x = keras.Input((8, 8, 1))
    y = PaddedConv2D(1, 3, padding=1, padding_mode="reflect", name="r")(x)
    with pytest.raises(ValueError, match="pads with mode 'reflect'"):
        layer_stack(keras.Model(x, y), "r")
