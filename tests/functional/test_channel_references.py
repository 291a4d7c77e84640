"""Two course topics about channels, checked against numpy and TensorFlow: pooling works channel
by channel (so it keeps the channel count), and a 1×1 convolution is one dense layer applied at
every pixel (so it changes the channel count: the bottleneck)."""

import keras
import numpy as np
import tensorflow as tf

from tfdl.functional import avg_pool2d, conv2d, max_pool2d
from tfdl.models.blocks import apply_bottleneck_block


def test_pooling_is_per_channel_pooling_stacked_and_equals_tf_nn():
    x = np.random.default_rng(0).normal(size=(2, 6, 6, 5))
    for ours, theirs in ((max_pool2d, tf.nn.max_pool2d), (avg_pool2d, tf.nn.avg_pool2d)):
        y = ours(x, 2)
        assert y.shape == (2, 3, 3, 5)  # same 5 channels
        per_channel = np.stack([[ours(x[n, :, :, c], 2) for c in range(5)] for n in range(2)], axis=0)
        np.testing.assert_allclose(y, np.moveaxis(per_channel, 1, -1), rtol=1e-12)
        np.testing.assert_allclose(y, theirs(x, 2, 2, "VALID").numpy(), rtol=1e-6, atol=1e-12)


def test_one_by_one_convolution_is_a_dense_layer_at_every_pixel():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 4, 5, 6))
    kernel, bias = rng.normal(size=(1, 1, 6, 3)), rng.normal(size=3)
    y = conv2d(x, kernel, bias=bias)
    assert y.shape == (2, 4, 5, 3)  # 6 channels in, 3 out, the picture's size unchanged
    np.testing.assert_allclose(y, x @ kernel[0, 0] + bias, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(y[1, 2, 3], kernel[0, 0].T @ x[1, 2, 3] + bias, rtol=1e-10)  # one pixel


def test_bottleneck_block_reduces_and_restores_channels_with_one_by_one_convs():
    rng = np.random.default_rng(2)
    inputs = keras.Input((4, 4, 16))
    model = keras.Model(inputs, apply_bottleneck_block(inputs, 4, name="c"))  # 16 →1×1→ 4 →3×3→ 4 →1×1→ 16
    conv1, conv3 = model.get_layer("c_conv1"), model.get_layer("c_conv3")
    assert tuple(conv1.kernel.shape) == (1, 1, 16, 4) and tuple(conv3.kernel.shape) == (1, 1, 4, 16)
    probe = keras.Model(model.inputs[0], [conv1.input, conv1.output, conv3.input, conv3.output])
    x = rng.normal(size=(2, 4, 4, 16)).astype("float32")
    a, b, c, d = (np.asarray(t, "float64") for t in probe(x, training=False))
    for inp, out, layer in ((a, b, conv1), (c, d, conv3)):
        w = layer.get_weights()
        expected = inp @ w[0][0, 0] + (w[1] if len(w) > 1 else 0.0)
        np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
