"""Keras' conv arguments on tfdl's conv layers: ``data_format``, ``padding="causal"``, LoRA,
``TransposedConv1D``, and Keras configs loaded into tfdl classes.

References: Keras' ``Conv1D``/``Conv2D``/``Conv1DTranspose``/``Conv2DTranspose`` given the same
weights, and ``tfdl.functional``'s numpy convolutions (for what Keras cannot compute on a CPU,
e.g. channels-first transposed convolutions, or what Keras lacks, e.g. causal reflect padding).
"""

import keras
import numpy as np
import pytest

from tfdl import functional as F
from tfdl.layers import PaddedConv1D, PaddedConv2D, TransposedConv1D, TransposedConv2D
from tfdl.testing import check_layer


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _same_weights(ours, ref, shape):
    ref.build(shape)
    ours.build(shape)
    ours.set_weights([w + 0.1 for w in ref.get_weights()])  # non-zero bias too
    ref.set_weights(ours.get_weights())


# ------------------------------------------------------------------------------ data_format
def _cf(x):
    """channels-last -> channels-first."""
    return np.moveaxis(x, -1, 1)


@pytest.mark.parametrize(
    "cls, kind, shape, kwargs",
    [
        (PaddedConv2D, "Conv2D", (2, 7, 6, 4), {"strides": (2, 1), "padding": "valid"}),
        (PaddedConv2D, "Conv2D", (2, 7, 6, 4), {"padding": "same", "groups": 2}),
        (PaddedConv1D, "Conv1D", (2, 9, 4), {"strides": 2, "padding": "same"}),
        (PaddedConv1D, "Conv1D", (2, 9, 4), {"padding": "causal", "dilation_rate": 2}),
        (TransposedConv2D, "Conv2DTranspose", (2, 4, 5, 3), {"strides": 2, "padding": "same"}),
        (TransposedConv1D, "Conv1DTranspose", (2, 6, 3), {"strides": 3, "output_padding": 1}),
    ],
)
def test_channels_first_equals_keras_channels_last_on_moved_axes(cls, kind, shape, kwargs):
    """A channels-first layer computes the channels-last Keras result with its axes moved
    (TensorFlow's CPU kernels have no NCHW convolution, so Keras cannot run it here)."""
    x = _rand(*shape)
    ref = getattr(keras.layers, kind)(5 if "groups" not in kwargs else 4, 3, **kwargs)
    ours = cls(ref.filters, 3, data_format="channels_first", **kwargs)
    ref.build(shape)
    ours.build(_cf(x).shape)
    ours.set_weights([w + 0.1 for w in ref.get_weights()])
    ref.set_weights(ours.get_weights())
    y = ours(_cf(x))
    np.testing.assert_allclose(y, _cf(ref(x).numpy()), rtol=1e-5, atol=1e-5)
    assert ours.compute_output_shape(_cf(x).shape) == tuple(y.shape)
    assert ours.get_config()["data_format"] == "channels_first"


def test_channels_first_padded_conv2d_reflect_matches_numpy_and_checks():
    x = _rand(2, 3, 6, 7)  # (batch, C, H, W)
    layer = PaddedConv2D(4, 3, strides=2, dilation_rate=2, padding=(2, 1),
                         padding_mode="reflect", data_format="channels_first",
                         activation="softmax")

    def reference(a):
        kernel, bias = (w.numpy() for w in layer.weights)
        z = F.conv2d(np.moveaxis(a, 1, -1), kernel, stride=2, padding=(2, 1), dilation=2,
                     padding_mode="reflect", bias=bias)
        z = np.moveaxis(z, -1, 1)  # softmax over the last axis of the output, as Keras does
        e = np.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    check_layer(layer, x, reference=reference, atol=1e-5, rtol=1e-4)


def test_channels_first_transposed_conv2d_matches_numpy_and_checks():
    x = _rand(2, 3, 4, 5)
    layer = TransposedConv2D(2, 3, strides=2, padding=1, output_padding=1,
                             data_format="channels_first")

    def reference(a):
        kernel, bias = (w.numpy() for w in layer.weights)
        z = F.conv2d_transpose(np.moveaxis(a, 1, -1), kernel, stride=2, padding=1,
                               output_padding=1, bias=bias)
        return np.moveaxis(z, -1, 1)

    check_layer(layer, x, reference=reference, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("cls", [PaddedConv1D, PaddedConv2D, TransposedConv1D, TransposedConv2D])
def test_data_format_defaults_to_keras_image_data_format(cls):
    old = keras.config.image_data_format()
    try:
        keras.config.set_image_data_format("channels_first")
        assert cls(2, 3).data_format == "channels_first"
        assert cls(2, 3, data_format="channels_last").data_format == "channels_last"
    finally:
        keras.config.set_image_data_format(old)
    assert cls(2, 3).data_format == old == keras.layers.Conv2D(2, 3).data_format


def test_data_format_errors_teach():
    with pytest.raises(ValueError, match=r"`data_format` must be one of .*data_format='NCHW'"):
        PaddedConv2D(2, 3, data_format="NCHW")
    with pytest.raises(ValueError, match="channel axis"):
        PaddedConv2D(2, 3, data_format="channels_first").build((None, None, 5, 5))


# ---------------------------------------------------------------------------------- causal
@pytest.mark.parametrize("kwargs", [{}, {"dilation_rate": 3}, {"strides": 2}, {"groups": 2}])
def test_causal_padded_conv1d_equals_keras_conv1d(kwargs):
    x = _rand(2, 10, 4)
    ref = keras.layers.Conv1D(4, 3, padding="causal", **kwargs)
    ours = PaddedConv1D(4, 3, padding="causal", **kwargs)
    _same_weights(ours, ref, x.shape)
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-5, atol=1e-5)
    assert ours.compute_output_shape((None, 10, 4)) == ref.compute_output_shape((None, 10, 4))


@pytest.mark.parametrize("mode", ["replicate", "reflect", "circular"])
def test_causal_with_a_padding_mode_matches_numpy_and_checks(mode):
    """Causal + any mode: tfdl pads D·(F-1) cells in front with the mode (Keras: zeros only)."""
    x = _rand(2, 9, 3)
    layer = PaddedConv1D(2, 3, padding="causal", padding_mode=mode, dilation_rate=2)

    def reference(a):
        kernel, bias = (w.numpy() for w in layer.weights)
        return F.conv1d(a, kernel, padding=(4, 0), dilation=2, padding_mode=mode, bias=bias)

    check_layer(layer, x, reference=reference, expected_output_shape=(2, 9, 2))


def test_causal_output_never_sees_the_future():
    layer = PaddedConv1D(1, 4, padding="causal", padding_mode="replicate")
    x = _rand(1, 8, 1)
    y = layer(x).numpy()
    x2 = x.copy()
    x2[0, 5:] += 10.0  # change the future of step 4
    np.testing.assert_allclose(layer(x2).numpy()[0, :5], y[0, :5], rtol=1e-6)


def test_causal_is_one_dimensional():
    with pytest.raises(ValueError, match="`padding` must be .*padding='causal'"):
        PaddedConv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="padding='causal'"):
        TransposedConv1D(2, 3, padding="causal")


# ----------------------------------------------------------------------------------- LoRA
@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda: PaddedConv2D(4, 3, padding=1, padding_mode="circular"), (2, 6, 6, 3)),
        (lambda: PaddedConv1D(4, 3, padding="causal", groups=2), (2, 8, 2)),
        (lambda: TransposedConv2D(4, 3, strides=2), (2, 4, 4, 3)),
        (lambda: TransposedConv1D(4, 3, strides=2, padding="same"), (2, 5, 3)),
    ],
)
def test_lora_effective_kernel_is_w_plus_scaled_ab(make, shape):
    x = _rand(*shape)
    layer = make()
    layer.build(shape)
    w = layer.kernel.numpy()
    layer.enable_lora(2, lora_alpha=3.0)
    assert (layer.lora_rank, layer.lora_alpha, layer.lora_enabled) == (2, 3.0, True)
    assert len(layer.trainable_weights) == 3 and len(layer.non_trainable_weights) == 1
    a = _rand(*layer.lora_kernel_a.shape, seed=1)
    b = _rand(*layer.lora_kernel_b.shape, seed=2)
    layer.lora_kernel_a.assign(a)
    layer.lora_kernel_b.assign(b)
    expected = w + 1.5 * (a.reshape(-1, 2) @ b).reshape(w.shape)
    np.testing.assert_allclose(layer.kernel.numpy(), expected, rtol=1e-5, atol=1e-5)
    plain = make()
    plain.build(shape)
    plain.set_weights([expected, layer.bias.numpy()])
    np.testing.assert_allclose(layer(x), plain(x), rtol=1e-4, atol=1e-4)


def test_lora_trains_only_the_factors_and_saves_the_merged_kernel(tmp_path):
    x, y = _rand(8, 6, 6, 3), _rand(8, 6, 6, 4, seed=1)
    conv = PaddedConv2D(4, 3, padding="same", dilation_rate=2, lora_rank=2)
    model = keras.Sequential([keras.Input((6, 6, 3)), conv])
    w0 = conv._kernel.numpy()
    b0 = conv.lora_kernel_b.numpy()
    np.testing.assert_array_equal(b0, 0)  # B = 0 at the start: the kernel is W
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    model.fit(x, y, epochs=1, verbose=0)
    np.testing.assert_array_equal(conv._kernel.numpy(), w0)  # W frozen
    assert np.abs(conv.lora_kernel_b.numpy()).max() > 0
    # a .keras file (safe mode) keeps LoRA and the outputs
    path = tmp_path / "lora.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert loaded.layers[0].lora_enabled
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-5)
    # weights saved with LoRA = the merged kernel: a plain layer loads them
    weights = tmp_path / "lora.weights.h5"
    model.save_weights(weights)
    plain = PaddedConv2D(4, 3, padding="same", dilation_rate=2)
    plain_model = keras.Sequential([keras.Input((6, 6, 3)), plain])
    plain_model.load_weights(weights)
    np.testing.assert_allclose(plain_model.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(plain.kernel.numpy(), conv.kernel.numpy(), rtol=1e-6)
    # ... and the same numbers in Keras' Conv2D
    keras_conv = keras.layers.Conv2D(4, 3, padding="same", dilation_rate=2)
    keras_conv.build(x.shape)
    keras_conv.set_weights(plain.get_weights())
    np.testing.assert_allclose(keras_conv(x), model.predict(x, verbose=0), rtol=1e-5,
                               atol=1e-5)
    # a plain checkpoint loaded into a LoRA layer: W = the kernel, A = B = 0
    plain_model.save_weights(weights)
    model.load_weights(weights)
    np.testing.assert_array_equal(conv.lora_kernel_b.numpy(), 0)
    np.testing.assert_allclose(conv.kernel.numpy(), plain.kernel.numpy(), rtol=1e-6)


def test_lora_layer_matches_keras_lora_layer_with_the_same_weights():
    x = _rand(2, 6, 6, 3)
    ref = keras.layers.Conv2D(4, 3, lora_rank=2, lora_alpha=4)
    ours = PaddedConv2D(4, 3, lora_rank=2, lora_alpha=4)
    ref.build(x.shape)
    ours.build(x.shape)
    assert [w.name for w in ours.weights] == [w.name for w in ref.weights]
    assert [w.trainable for w in ours.weights] == [w.trainable for w in ref.weights]
    values = [_rand(*w.shape, seed=i) for i, w in enumerate(ref.weights)]
    for v, a, b in zip(values, ref.weights, ours.weights):
        a.assign(v)
        b.assign(v)
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-4, atol=1e-4)


def test_lora_layer_contract():
    layer = PaddedConv1D(3, 3, padding=1, lora_rank=2, lora_alpha=1.0)
    layer.build((2, 7, 4))
    layer.lora_kernel_b.assign(_rand(2, 3))  # B = 0 would give dL/dA = 0 at the start
    check_layer(layer, (2, 7, 4))


def test_lora_errors_teach():
    with pytest.raises(ValueError, match="isn't yet built"):
        PaddedConv2D(2, 3).enable_lora(2)
    layer = PaddedConv2D(2, 3, kernel_constraint="non_neg")
    layer.build((None, 5, 5, 1))
    with pytest.raises(ValueError, match="kernel constraints"):
        layer.enable_lora(2)
    layer = TransposedConv2D(2, 3)
    layer.build((None, 5, 5, 1))
    layer.enable_lora(1)
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(1)
    with pytest.raises(ValueError, match="lora_rank"):
        PaddedConv1D(2, 3, lora_rank=0)


# ------------------------------------------------------------------------- TransposedConv1D
@pytest.mark.parametrize(
    "k, s, padding, output_padding, d",
    [(3, 1, "valid", None, 1), (3, 2, "valid", None, 1), (3, 2, "same", None, 1),
     (3, 2, "same", 1, 1), (4, 3, "valid", 2, 1), (1, 3, "valid", None, 1),
     (5, 2, "same", 0, 1), (3, 1, "same", None, 2), (3, 1, "valid", None, 3)],
)
def test_transposed_conv1d_equals_keras_conv1d_transpose(k, s, padding, output_padding, d):
    x = _rand(2, 6, 3)
    ref = keras.layers.Conv1DTranspose(4, k, strides=s, padding=padding,
                                       output_padding=output_padding, dilation_rate=d)
    ours = TransposedConv1D(4, k, strides=s, padding=padding, output_padding=output_padding,
                            dilation_rate=d)
    _same_weights(ours, ref, x.shape)  # same kernel layout (k, filters, C_in)
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-5, atol=1e-5)
    assert ours.compute_output_shape(x.shape) == tuple(ref(x).shape)
    assert ours.compute_output_shape((None, None, 3)) == (None, None, 4)


@pytest.mark.parametrize(
    "kwargs",
    [{"strides": 2, "padding": 1, "output_padding": 1}, {"strides": 3, "padding": "same"},
     {"strides": 2, "padding": (2, 0), "dilation_rate": 2, "output_padding": 1}],
)
def test_transposed_conv1d_matches_numpy_and_checks(kwargs):
    x = _rand(2, 5, 3)
    layer = TransposedConv1D(2, 3, **kwargs)

    def reference(a):
        return F.conv1d_transpose(
            a, layer.kernel.numpy(), stride=kwargs["strides"], padding=kwargs["padding"],
            output_padding=kwargs.get("output_padding"), dilation=layer.dilation_rate[0],
            bias=layer.bias.numpy(),
        )

    check_layer(layer, x, reference=reference, atol=1e-4, rtol=1e-4)


def test_transposed_conv1d_is_adjoint_of_padded_conv1d():
    u = _rand(1, 11, 3)
    conv = PaddedConv1D(4, 3, strides=2, padding=1, use_bias=False)
    v = _rand(*conv(u).shape, seed=2)
    up = TransposedConv1D(3, 3, strides=2, padding=1, use_bias=False)
    up.build(v.shape)
    up.set_weights(conv.get_weights())
    assert up(v).shape == u.shape
    np.testing.assert_allclose(np.sum(conv(u) * v), np.sum(up(v) * u), rtol=1e-4)


def test_transposed_conv1d_errors_teach():
    with pytest.raises(ValueError, match="`output_padding` must be strictly less than"):
        TransposedConv1D(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="empty output"):
        TransposedConv1D(2, 3, padding=5).build((None, 2, 1))


# ------------------------------------------------------------------ Keras configs load here
KERAS_CONFIG_CASES = [
    (keras.layers.Conv2D, PaddedConv2D, (2, 7, 6, 4),
     {"filters": 6, "kernel_size": (3, 2), "padding": "same", "dilation_rate": (2, 1),
      "groups": 2, "activation": "relu", "kernel_regularizer": "l2"}),
    (keras.layers.Conv2D, PaddedConv2D, (2, 7, 6, 4),
     {"filters": 3, "kernel_size": 3, "strides": 2, "use_bias": False, "lora_rank": 2}),
    (keras.layers.Conv1D, PaddedConv1D, (2, 9, 4),
     {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2,
      "bias_constraint": "non_neg"}),
    (keras.layers.Conv1D, PaddedConv1D, (2, 9, 4),
     {"filters": 3, "kernel_size": 2, "strides": 2, "data_format": "channels_last"}),
    (keras.layers.Conv2DTranspose, TransposedConv2D, (2, 4, 5, 3),
     {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1}),
    (keras.layers.Conv1DTranspose, TransposedConv1D, (2, 5, 3),
     {"filters": 2, "kernel_size": 4, "strides": 3, "activation": "tanh"}),
]


@pytest.mark.parametrize("keras_cls, tfdl_cls, shape, kwargs", KERAS_CONFIG_CASES)
def test_keras_layer_config_loads_into_the_tfdl_layer(keras_cls, tfdl_cls, shape, kwargs):
    x = _rand(*shape)
    ref = keras_cls(**kwargs)
    ours = tfdl_cls.from_config(ref.get_config())
    ref.build(shape)
    ours.build(shape)
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in ref.weights]
    values = [_rand(*w.shape, seed=i) for i, w in enumerate(ref.weights)]
    for v, a, b in zip(values, ref.weights, ours.weights):
        a.assign(np.abs(v) if a.constraint else v)
        b.assign(np.abs(v) if a.constraint else v)
    np.testing.assert_allclose(ours(x), ref(x), rtol=1e-4, atol=1e-4)
    config = ours.get_config()
    for key, value in ref.get_config().items():
        if key not in ("name", "padding") and not isinstance(value, dict):
            assert config[key] == value, key


def test_a_keras_model_moves_to_tfdl_layers():
    """A Keras model's layer configs and weights rebuild the same model with tfdl's layers
    (``get_weights``/``set_weights``: a ``.weights.h5`` file names layers by their class)."""
    inputs = keras.Input((8, 8, 3))
    h = keras.layers.Conv2D(4, 3, padding="same", dilation_rate=2, name="c1")(inputs)
    h = keras.layers.Conv2DTranspose(2, 3, strides=2, padding="same", name="up")(h)
    theirs = keras.Model(inputs, h)
    inputs2 = keras.Input((8, 8, 3))
    h2 = PaddedConv2D.from_config(theirs.get_layer("c1").get_config())(inputs2)
    h2 = TransposedConv2D.from_config(theirs.get_layer("up").get_config())(h2)
    ours = keras.Model(inputs2, h2)
    ours.set_weights(theirs.get_weights())
    x = _rand(2, 8, 8, 3)
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-5)
