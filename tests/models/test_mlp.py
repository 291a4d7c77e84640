"""build_mlp / build_small_cnn: one name for the class count (``num_classes``, alias
``classes``), and float32 probabilities under mixed precision like the registered builders."""

import keras
import numpy as np
import pytest

from tfdl.models import build_mlp, build_small_cnn


@pytest.fixture
def mixed_float16():
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_float16")
    yield
    keras.mixed_precision.set_global_policy(previous)


@pytest.mark.parametrize("build,x", [
    (lambda **kw: build_mlp((4,), **kw), np.zeros((2, 2), "float32")),
    (lambda **kw: build_small_cnn((8, 8, 1), filters=(4,), dense_units=8, **kw),
     np.zeros((2, 8, 8, 1), "float32")),
], ids=["mlp", "small_cnn"])
def test_num_classes_and_its_alias(build, x):
    assert build(num_classes=3)(x).shape == (2, 3)
    assert build(classes=4)(x).shape == (2, 4)
    with pytest.raises(ValueError, match="must agree.*num_classes=3, classes=4"):
        build(num_classes=3, classes=4)
    with pytest.raises(ValueError, match="`num_classes` must be an integer >= 2. Received: num_classes=1"):
        build(num_classes=1)


def test_outputs_are_float32_under_mixed_precision(mixed_float16):
    for model, x in ((build_mlp((4,)), np.ones((2, 2), "float32")),
                     (build_small_cnn((8, 8, 1), filters=(4,), dense_units=8),
                      np.ones((2, 8, 8, 1), "float32"))):
        y = model(x)
        assert y.dtype == "float32"
        np.testing.assert_allclose(np.sum(np.asarray(y), axis=1), 1.0, rtol=1e-6)
        assert model.layers[-2].compute_dtype == "float16"


# ----------------------------------------------------------------------------- layer normalisation

def _layer_norm_numpy(z, gamma, beta, axes, eps=1e-3):
    """Ba, Kiros, Hinton 2016: (z − μ) / √(σ² + ε) · γ + β, μ and σ² over each example's features."""
    mu = z.mean(axis=axes, keepdims=True)
    var = z.var(axis=axes, keepdims=True)
    return (z - mu) / np.sqrt(var + eps) * gamma + beta


def _randomise_ln(layer, rng):
    gamma, beta = layer.weights
    gamma.assign(rng.uniform(0.5, 1.5, tuple(gamma.shape)).astype("float32"))
    beta.assign(rng.normal(size=tuple(beta.shape)).astype("float32"))
    return np.asarray(gamma), np.asarray(beta)


def test_mlp_layer_norm_sits_between_dense_and_activation_and_matches_the_formula():
    rng = np.random.default_rng(0)
    model = build_mlp((5, 3), "tanh", layer_norm=True, dropout=0.2, features=("x1", "x2", "x1x2"), seed=0)
    names = [layer.name for layer in model.layers]
    i = names.index("hidden1_dense")
    assert names[i:i + 4] == ["hidden1_dense", "hidden1_ln", "hidden1_act", "hidden1_dropout"]  # as documented
    assert "hidden2_ln" in names and not any(n.endswith("_bn") for n in names)
    assert not model.get_layer("hidden1_dense").use_bias  # β replaces the bias
    ln = model.get_layer("hidden1_ln")
    gamma, beta = _randomise_ln(ln, rng)
    x = rng.normal(size=(6, 2)).astype("float32")
    probe = keras.Model(model.inputs[0], [model.get_layer("hidden1_dense").output, ln.output])
    z, out = (np.asarray(a) for a in probe(x, training=True))
    np.testing.assert_allclose(out, _layer_norm_numpy(z, gamma, beta, axes=-1), rtol=1e-4, atol=1e-5)
    reference = keras.layers.LayerNormalization(epsilon=1e-3)  # Keras' own layer, same γ, β
    reference.build(z.shape)
    reference.set_weights([gamma, beta])
    np.testing.assert_allclose(out, reference(z), rtol=1e-5, atol=1e-6)
    _, at_test = (np.asarray(a) for a in probe(x, training=False))
    np.testing.assert_allclose(at_test, out, rtol=1e-6)  # unlike batch norm: the same in training and at test


def test_cnn_layer_norm_normalises_each_example_over_its_whole_map():
    rng = np.random.default_rng(1)
    model = build_small_cnn((8, 8, 1), filters=(4, 6), dense_units=8, layer_norm=True)
    names = [layer.name for layer in model.layers]
    assert names[names.index("conv1"):names.index("conv1") + 3] == ["conv1", "conv1_ln", "conv1_act"]
    ln = model.get_layer("conv2_ln")
    assert tuple(ln.axis) == (1, 2, 3) and not model.get_layer("conv2").use_bias
    gamma, beta = _randomise_ln(ln, rng)
    assert gamma.shape == (8, 8, 6)  # one γ per position and channel
    x = rng.random((3, 8, 8, 1)).astype("float32")
    probe = keras.Model(model.inputs[0], [model.get_layer("conv2").output, ln.output])
    z, out = (np.asarray(a) for a in probe(x))
    np.testing.assert_allclose(out, _layer_norm_numpy(z, gamma, beta, axes=(1, 2, 3)), rtol=1e-4, atol=1e-5)


def test_one_normalisation_at_a_time():
    for build in (lambda **kw: build_mlp((3,), **kw), lambda **kw: build_small_cnn((8, 8, 1), filters=(4,), **kw)):
        with pytest.raises(ValueError, match="`batch_norm` and `layer_norm` cannot both be True"):
            build(batch_norm=True, layer_norm=True)
