"""tfdl.layers.Dropout: inverted (as keras.layers.Dropout) and classic (the notes' x·p at test),
equal expectations in training and at test, the gradient is the mask, errors, save/load."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl.layers import Dropout
from tfdl.models import build_mlp, build_small_cnn

RATE = 0.3
KEEP = 1.0 - RATE


def _ones(n=20_000):
    return np.ones((4, n), "float32")


def test_inverted_behaves_as_keras_dropout():
    x = _ones()
    ours, theirs = Dropout(RATE, seed=1), keras.layers.Dropout(RATE, seed=1)
    np.testing.assert_array_equal(ours(x, training=False), x)  # identity at inference, as Keras
    np.testing.assert_array_equal(theirs(x, training=False), x)
    mine, keras_y = np.asarray(ours(x, training=True)), np.asarray(theirs(x, training=True))
    np.testing.assert_array_equal(mine, keras_y)  # Keras 3.15 draws the very same mask from the same seed
    for y in (mine, keras_y):
        kept = y != 0
        # the same mask statistics: share kept ≈ 1 − rate (4σ of a binomial), kept units scaled by 1/(1 − rate)
        assert abs(kept.mean() - KEEP) < 4 * np.sqrt(RATE * KEEP / kept.size)
        np.testing.assert_allclose(y[kept], 1.0 / KEEP, rtol=1e-6)
        assert abs(y.mean() - 1.0) < 4 * np.sqrt(RATE / KEEP / y.size)  # the same expectation, 1
    a, b = Dropout(RATE, seed=5), Dropout(RATE, seed=5)
    np.testing.assert_array_equal(a(x, training=True), b(x, training=True))  # a seed fixes the mask


def test_classic_keeps_without_scaling_and_multiplies_at_test():
    x = np.random.default_rng(0).normal(size=(3, 50)).astype("float32")
    layer = Dropout(RATE, form="classic", seed=2)
    np.testing.assert_allclose(layer(x), x * KEEP, rtol=1e-6)  # test time: x·(1 − rate), the notes' x·p
    y = np.asarray(layer(x, training=True))
    kept = y != 0
    np.testing.assert_array_equal(y[kept], x[kept])  # training: m·x, unscaled
    assert 0.4 < kept.mean() < 0.95


@pytest.mark.parametrize("form", ["inverted", "classic"])
def test_training_and_test_have_equal_expectations(form):
    """Monte Carlo: the mean of 4000 training passes of the same x equals the test-time output."""
    x = np.random.default_rng(1).normal(size=(1, 40)).astype("float32")
    layer = Dropout(RATE, form=form, seed=3)
    draws = np.asarray(layer(np.repeat(x, 4000, axis=0), training=True))
    test = np.asarray(layer(x))[0]
    scale = 1.0 / KEEP if form == "inverted" else 1.0
    sigma = np.abs(x[0]) * scale * np.sqrt(RATE * KEEP / 4000)  # standard error of the mean per unit
    assert np.all(np.abs(draws.mean(axis=0) - test) <= 5 * sigma + 1e-6)


@pytest.mark.parametrize("form, scale", [("inverted", 1.0 / KEEP), ("classic", 1.0)])
def test_the_gradient_is_the_scaled_mask(form, scale):
    x = tf.constant(np.random.default_rng(2).uniform(0.5, 1.5, size=(2, 30)).astype("float32"))
    layer = Dropout(RATE, form=form, seed=4)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=True)
        total = tf.reduce_sum(y)
    grad = tape.gradient(total, x).numpy()
    np.testing.assert_allclose(grad, (y.numpy() != 0) * scale, rtol=1e-6)


@pytest.mark.parametrize("kwargs, word", [
    ({"rate": 1.0}, "`rate` must be in \\[0, 1\\)"), ({"rate": -0.1}, "`rate`"), ({"rate": "0.5"}, "`rate`"),
    ({"rate": True}, "`rate`"), ({"rate": 0.5, "form": "gaussian"}, "`form` must be one of"),
])
def test_bad_rate_or_form_names_the_argument(kwargs, word):
    with pytest.raises(ValueError, match=word):
        Dropout(**kwargs)


def test_classic_dropout_saves_and_loads_in_safe_mode(tmp_path):
    model = build_mlp((6,), "relu", dropout=0.5, dropout_form="classic", seed=0)
    layer = model.get_layer("hidden1_dropout")
    assert isinstance(layer, Dropout) and layer.get_config()["form"] == "classic"
    assert Dropout.from_config(layer.get_config()).get_config() == layer.get_config()
    path = tmp_path / "classic.keras"
    model.save(path)
    again = keras.saving.load_model(path, safe_mode=True)
    assert again.get_layer("hidden1_dropout").form == "classic"
    x = np.random.default_rng(3).normal(size=(5, 2)).astype("float32")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    # classic at test time = the hidden activations times (1 − rate): the inverted twin differs
    twin = build_mlp((6,), "relu", dropout=0.5, seed=0)
    twin.set_weights(model.get_weights())
    hidden = keras.Model(model.inputs, model.get_layer("hidden1_dropout").output)
    hidden_twin = keras.Model(twin.inputs, twin.get_layer("hidden1_dropout").output)
    np.testing.assert_allclose(hidden.predict(x, verbose=0), 0.5 * hidden_twin.predict(x, verbose=0), rtol=1e-6)


def test_small_cnn_takes_the_form_too():
    model = build_small_cnn((8, 8, 1), filters=(4,), dense_units=8, dropout=0.5, dropout_form="classic")
    assert model.get_layer("dropout").form == "classic"
    with pytest.raises(ValueError, match="dropout_form"):
        build_mlp((3,), dropout=0.2, dropout_form="scaled")
