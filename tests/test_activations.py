"""tfdl.activations (numpy + keras), the Maxout layer and the initialisation statistics."""

import numpy as np
import pytest

from tfdl import activations as A
from tfdl import initializers as I
from tfdl.experiments import first_principles as FP

NAMES = sorted(A.ACTIVATIONS)
# avoid the kinks at 0 for finite differences
X = np.concatenate([np.linspace(-6, -0.05, 40), np.linspace(0.05, 6, 40)])


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_finite_difference(name):
    f, df = A.ACTIVATIONS[name]
    h = 1e-5
    numeric = (f(X + h) - f(X - h)) / (2 * h)
    np.testing.assert_allclose(df(X), numeric, rtol=1e-5, atol=1e-7)


def test_values_against_closed_forms():
    x = np.linspace(-5, 5, 21)
    np.testing.assert_allclose(A.sigmoid(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(A.tanh(x), np.tanh(x))
    np.testing.assert_allclose(A.relu(x), np.where(x > 0, x, 0))
    np.testing.assert_allclose(A.leaky_relu(x), np.where(x > 0, x, 0.1 * x))
    np.testing.assert_allclose(A.elu(x), np.where(x > 0, x, np.exp(x) - 1))
    np.testing.assert_allclose(A.softplus(x), np.log(1 + np.exp(x)))
    assert A.leaky_relu(-2.0) == pytest.approx(-0.2)  # the course's alpha = 0.1
    assert np.isfinite(A.softplus(np.array([1000.0, -1000.0]))).all()
    assert np.isfinite(A.sigmoid(np.array([1000.0, -1000.0]))).all()


def test_softplus_is_a_sum_of_shifted_sigmoids():
    x = np.linspace(-6, 10, 161)
    total = A.softplus_as_sigmoid_sum(x, n_terms=60)
    np.testing.assert_allclose(total, A.softplus(x), atol=0.03)
    # and for large x both approach relu
    assert abs(A.softplus_as_sigmoid_sum(10.0, 60) - 10.0) < 0.05
    with pytest.raises(ValueError, match="n_terms"):
        A.softplus_as_sigmoid_sum(x, n_terms=0)


@pytest.mark.parametrize("name", NAMES)
def test_keras_tensors_match_numpy_and_autodiff(name):
    import tensorflow as tf

    f, df = A.ACTIVATIONS[name]
    xt = tf.constant(X, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = f(xt)
    grad = tape.gradient(y, xt)
    np.testing.assert_allclose(np.asarray(y), f(X), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(grad), df(X), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(np.asarray(df(xt)), df(X), rtol=1e-4, atol=1e-6)


def test_usable_inside_a_keras_model_that_saves_and_reloads(tmp_path):
    import keras

    import tfdl.layers  # noqa: F401  (registers the activation functions with Keras)

    layer = keras.layers.Activation(A.leaky_relu)
    out = keras.ops.convert_to_numpy(layer(np.array([[-1.0, 2.0]], "float32")))
    np.testing.assert_allclose(out, [[-0.1, 2.0]], rtol=1e-6)
    inputs = keras.Input((3,))
    h = keras.layers.Activation(A.leaky_relu)(keras.layers.Dense(4)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2, activation=A.elu)(h))
    assert model.layers[2].get_config()["activation"]["config"] == "tfdl>leaky_relu"
    model.save(tmp_path / "m.keras")
    again = keras.saving.load_model(tmp_path / "m.keras", safe_mode=True)
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(again(x), model(x), rtol=1e-6)


def test_unknown_names_raise():
    with pytest.raises(ValueError, match="name"):
        A.get("swish2")
    with pytest.raises(ValueError, match="name"):
        I.init_std("orthogonal", 3, 3)
    with pytest.raises(ValueError, match="alpha"):
        A.leaky_relu(np.ones(2), alpha=1.5)


def test_init_std_formulas():
    assert I.init_std("he", 50, 7) == pytest.approx(np.sqrt(2 / 50))
    assert I.init_std("xavier", 30, 70) == pytest.approx(np.sqrt(2 / 100))
    assert I.init_std("zeros", 3, 3) == 0.0
    w = I.init_weights("he", 400, 400, seed=1)
    assert w.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


def test_init_statistics_through_depth():
    he = I.init_statistics("he", "relu", depth=12, width=128, n_samples=256)
    small = I.init_statistics("small", "relu", depth=12, width=128, n_samples=256)
    zeros = I.init_statistics("zeros", "tanh", depth=4, width=32, n_samples=64)
    xavier_tanh = I.init_statistics("xavier", "tanh", depth=12, width=128, n_samples=256)
    assert list(he.columns[:6]) == ["layer", "mean", "std", "unit_spread", "saturated", "grad_std"]
    # He keeps the second moment of relu activations ~constant (E[a^2] = Var(x) = 1 each layer)
    second = he["std"] ** 2 + he["mean"] ** 2
    assert 0.5 < second.iloc[-1] / second.iloc[0] < 2.0
    # a too-small init makes the signal vanish geometrically
    assert small["std"].iloc[-1] < 1e-6 * small["std"].iloc[0]
    # zeros: every unit identical (no symmetry breaking) and no gradient
    assert zeros["unit_spread"].max() == 0.0 and zeros["grad_std"].max() == 0.0
    assert 0.05 < xavier_tanh["std"].iloc[-1] < 1.0


def test_maxout_matches_numpy():
    import keras

    from tfdl.layers import Maxout

    rng = np.random.default_rng(0)
    layer = Maxout(units=3, pieces=4)
    x = rng.normal(size=(5, 6)).astype("float32")
    out = keras.ops.convert_to_numpy(layer(x))
    W, b = (np.asarray(v) for v in layer.get_weights())
    z = (x @ W + b).reshape(5, 3, 4)
    np.testing.assert_allclose(out, z.max(axis=-1), rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape((None, 6)) == (None, 3)
    # pieces = 2 with one piece pinned at zero is relu
    relu_like = Maxout(units=1, pieces=2, use_bias=False)
    relu_like(x[:, :1])
    relu_like.set_weights([np.array([[1.0, 0.0]], "float32")])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(relu_like(x[:, :1])), np.maximum(x[:, :1], 0), atol=1e-6)


def test_maxout_check_layer_round_trip(tmp_path):
    from tfdl.layers import Maxout
    from tfdl.testing import check_layer

    layer = Maxout(units=3, pieces=2, kernel_regularizer="l2")
    report = check_layer(layer, input_shape=(4, 5), expected_output_shape=(4, 3), tmp_path=tmp_path)
    assert tuple(report["output_shape"]) == (4, 3)


@pytest.mark.parametrize("kwargs, word", [({"units": 0}, "units"), ({"units": 2, "pieces": 0}, "pieces")])
def test_maxout_bad_arguments(kwargs, word):
    from tfdl.layers import Maxout

    with pytest.raises(ValueError, match=word):
        Maxout(**kwargs)


# ------------------------------------------------------------------ why nonlinearity (first principles)

def test_deep_linear_network_is_one_linear_map():
    out = FP.linear_collapse(depth=6, width=5, seed=2)
    assert out["max_difference"] < 1e-12
    x = np.random.default_rng(0).normal(size=(3, 5))
    manual = x
    for W in out["weights"]:
        manual = manual @ W.T
    np.testing.assert_allclose(manual, x @ out["W"].T, atol=1e-12)


def test_xor_linear_fails_and_relu_network_solves_it_exactly():
    w, b, p = FP.xor_linear_fit()
    np.testing.assert_allclose(p, [0.5] * 4, atol=1e-12)
    np.testing.assert_allclose(w, [0, 0], atol=1e-12)
    h, y = FP.xor_relu_network()
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    np.testing.assert_array_equal(h, [[0, 0], [1, 0], [1, 0], [2, 1]])  # Goodfellow et al., §6.1


def test_train_xor_needs_a_nonlinearity():
    linear = FP.train_xor("linear", hidden=4, steps=1500)
    tanh = FP.train_xor("tanh", hidden=2, steps=1500)
    assert linear["accuracy"] <= 0.75 and linear["loss"][-1] > 0.6
    assert tanh["accuracy"] == 1.0 and tanh["loss"][-1] < 0.05
    assert np.all(np.diff(tanh["loss"][-100:]) <= 1e-9)  # gradient descent keeps descending


def test_train_xor_small_step_is_a_descent_step():
    # a tiny step along the hand-written backprop gradient must lower the loss
    r0 = FP.train_xor("sigmoid", hidden=3, steps=2, learning_rate=1e-4, seed=1)
    assert r0["loss"][1] < r0["loss"][0]


def test_universal_approximation_error_shrinks_with_units():
    errors = [FP.universal_approximation(np.sin, n, x_max=2 * np.pi)["max_error"] for n in (2, 5, 20, 50)]
    assert all(a > b for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 0.03
    out = FP.universal_approximation(np.abs, 30, x_min=-1, x_max=1)
    np.testing.assert_allclose(out["hidden"].sum(axis=1) + out["weights"][-1], out["y_hat"], atol=1e-10)
    with pytest.raises(ValueError, match="n_hidden"):
        FP.universal_approximation(np.sin, 0)


@pytest.mark.parametrize("x", [-1.3, 0.0, 0.7, 2.5])
def test_graph_gradient_sum_over_paths(x):
    g = FP.graph_gradient(x)
    assert len(g["paths"]) == 4
    assert g["gradient"] == pytest.approx(g["numeric"], abs=1e-6)
    # closed form: f = (x^2 + x^2 sin x) sin x
    s, c = np.sin(x), np.cos(x)
    exact = (2 * x + 2 * x * s + x * x * c) * s + (x * x + x * x * s) * c
    assert g["gradient"] == pytest.approx(exact, abs=1e-9)


def test_viz_activation_figures():
    import pandas as pd

    from tfdl.viz.activations import activation_curves_figure, init_statistics_figure, softplus_sum_figure

    fig = activation_curves_figure(["relu", "sigmoid"])
    left, right = fig.axes
    y = right.lines[1].get_ydata()  # sigmoid derivative
    assert max(y) == pytest.approx(0.25, abs=1e-3)
    assert len(softplus_sum_figure(4).axes[0].lines) == 4 + 3
    table = pd.concat([I.init_statistics(i, depth=3, width=8) for i in ("he", "zeros")])
    assert len(init_statistics_figure(table).axes[0].lines) == 2
    with pytest.raises(ValueError, match="x_max"):
        activation_curves_figure(["relu"], 1.0, 0.0)
