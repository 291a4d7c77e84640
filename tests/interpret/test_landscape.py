"""tfdl.interpret.loss_landscape / interpolate_loss against independent references.

* filter normalisation vs a loop over filters transcribed from the paper's PyTorch code
  (``net_plotter.normalize_direction``, filters first, ``.norm()`` per filter);
* grid points vs ``model.set_weights`` + ``model.evaluate`` (Keras' own loss, regularisation and
  batch-norm inference), the centre vs ``model.evaluate`` at the trained weights;
* the interpolation's ends vs ``model.evaluate`` of each model;
* linear regression with MSE, where the slice is a quadratic with a closed form.
"""

import keras
import numpy as np
import pytest

from tfdl.errors import TfdlValueError
from tfdl.interpret import (
    LossLandscape,
    filter_normalize,
    interpolate_loss,
    loss_landscape,
    random_directions,
    slice_curvature,
)


def reference_filter_normalize(direction, weights, ignore="biasbn"):
    """Li et al.'s ``normalize_directions_for_weights`` in numpy, in PyTorch's layout (filters first)."""
    out = []
    for d, w in zip(direction, weights):
        d, w = np.array(d, "float64"), np.asarray(w, "float64")
        if d.ndim <= 1:
            out.append(np.zeros_like(d) if ignore == "biasbn" else w.copy())
            continue
        d_t, w_t = np.moveaxis(d, -1, 0), np.moveaxis(w, -1, 0)  # Keras' filters are on the last axis
        for j in range(d_t.shape[0]):
            d_t[j] = d_t[j] * (np.linalg.norm(w_t[j]) / (np.linalg.norm(d_t[j]) + 1e-10))
        out.append(np.moveaxis(d_t, 0, -1))
    return out


def small_cnn(seed=0, l2=1e-3):
    """Conv (with L2) → BN → ReLU → pool → dense, dropout: every kind of variable a landscape meets."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((6, 6, 1)),
            keras.layers.Conv2D(4, 3, kernel_regularizer=keras.regularizers.L2(l2)),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


def data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 6, 6, 1)).astype("float32"), rng.integers(0, 3, n)


def trained_cnn(seed=0):
    model = small_cnn(seed)
    x, y = data()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)  # moving statistics away from 0 / 1
    return model, x, y


def test_filter_normalisation_matches_the_papers_rule():
    rng = np.random.default_rng(1)
    shapes = [(3, 3, 2, 5), (5,), (7, 4), (4,), ()]
    weights = [rng.normal(size=s) for s in shapes]
    direction = [rng.normal(size=s) for s in shapes]
    for ignore in ("biasbn", None):
        ours = filter_normalize(direction, weights, ignore=ignore)
        ref = reference_filter_normalize(direction, weights, ignore=ignore)
        for a, b in zip(ours, ref):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    ours = filter_normalize(direction, weights)
    # every filter of a kernel now has the norm of the weights' filter
    np.testing.assert_allclose(
        np.linalg.norm(ours[0].reshape(-1, 5), axis=0), np.linalg.norm(weights[0].reshape(-1, 5), axis=0), rtol=1e-5
    )
    assert not ours[1].any() and not ours[4].any()


def test_random_directions_are_seeded_filter_normalised_and_aligned_with_the_trainable_variables():
    model, _, _ = trained_cnn()
    delta, eta = random_directions(model, seed=3)
    delta2, _ = random_directions(model, seed=3)
    other, _ = random_directions(model, seed=4)
    weights = [v.numpy() for v in model.trainable_variables]
    assert [d.shape for d in delta] == [w.shape for w in weights]
    assert all(np.array_equal(a, b) for a, b in zip(delta, delta2))
    assert not np.allclose(delta[0], other[0])
    raw = np.random.default_rng(3).standard_normal(weights[0].shape).astype("float32")
    np.testing.assert_allclose(delta[0], reference_filter_normalize([raw], [weights[0]])[0], rtol=1e-5)
    # BN's gamma/beta and the biases: zero directions
    assert all(not d.any() for d in delta if d.ndim == 1) and all(not e.any() for e in eta if e.ndim == 1)


def test_grid_points_and_centre_match_set_weights_and_model_evaluate():
    model, x, y = trained_cnn()
    before = [w.copy() for w in model.get_weights()]
    land = loss_landscape(model, x, y, resolution=5, span=0.5, seed=2, batch_size=16)
    assert land.losses.shape == (5, 5) and land.seed == 2
    np.testing.assert_allclose(land.alphas, np.linspace(-0.5, 0.5, 5))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))  # the model is untouched
    centre = model.evaluate(x, y, verbose=0, batch_size=16)
    np.testing.assert_allclose(land.losses[2, 2], centre, rtol=1e-5)

    delta, eta = random_directions(model, seed=2)
    trainable = {id(v): i for i, v in enumerate(model.trainable_variables)}
    for i, j in [(0, 0), (1, 4), (4, 2)]:
        a, b = land.alphas[j], land.betas[i]
        model.set_weights(
            [
                w + a * delta[trainable[id(v)]] + b * eta[trainable[id(v)]] if id(v) in trainable else w
                for v, w in zip(model.weights, before)
            ]
        )
        expected = model.evaluate(x, y, verbose=0, batch_size=16)
        np.testing.assert_allclose(land.losses[i, j], expected, rtol=1e-4)
    model.set_weights(before)


def test_the_same_seed_gives_the_same_grid_and_given_directions_are_used():
    model, x, y = trained_cnn()
    first = loss_landscape(model, x, y, resolution=3, seed=5)
    again = loss_landscape(model, x, y, resolution=3, seed=5)
    given = loss_landscape(model, x, y, resolution=3, directions=random_directions(model, 5))
    np.testing.assert_array_equal(first.losses, again.losses)
    np.testing.assert_allclose(given.losses, first.losses, rtol=1e-6)
    assert given.seed is None
    assert not np.allclose(loss_landscape(model, x, y, resolution=3, seed=6).losses, first.losses)


def test_progress_is_reported_after_each_row():
    model, x, y = trained_cnn()
    calls = []
    loss_landscape(model, x, y, resolution=4, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(4, 16), (8, 16), (12, 16), (16, 16)]


def test_interpolation_ends_are_each_models_loss():
    x, y = data()
    start, end = small_cnn(seed=0), small_cnn(seed=1)
    end.fit(x, y, epochs=2, batch_size=8, verbose=0)
    line = interpolate_loss(start, start, end, x, y, num=5, extend=0.25)
    np.testing.assert_allclose(line.ts, np.linspace(-0.25, 1.25, 5))
    line = interpolate_loss(start, start, end, x, y, num=3)
    np.testing.assert_allclose(line.losses[0], start.evaluate(x, y, verbose=0), rtol=1e-5)
    np.testing.assert_allclose(line.losses[-1], end.evaluate(x, y, verbose=0), rtol=1e-5)
    # the midpoint is the model with the averaged weights (batch-norm statistics included)
    middle = small_cnn(seed=2)
    middle.set_weights([(a + b) / 2 for a, b in zip(start.get_weights(), end.get_weights())])
    np.testing.assert_allclose(line.losses[1], middle.evaluate(x, y, verbose=0), rtol=1e-5)
    # weight lists work as well as models
    same = interpolate_loss(start, start.get_weights(), end.get_weights(), x, y, num=3)
    np.testing.assert_allclose(same.losses, line.losses, rtol=1e-6)


def test_linear_regression_slice_is_the_closed_form_convex_quadratic():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3 + 0.1 * rng.normal(size=(50, 1))).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    w, b = model.get_weights()
    land = loss_landscape(model, x, y, resolution=7, span=2.0, seed=1)
    delta, eta = random_directions(model, seed=1)
    assert not delta[1].any()  # the bias does not move
    r = (x @ w + b - y)[:, 0].astype("float64")
    u, v = (x @ delta[0])[:, 0].astype("float64"), (x @ eta[0])[:, 0].astype("float64")
    aa, bb = np.meshgrid(land.alphas, land.betas)
    closed = (
        np.mean(r * r)
        + 2 * aa * np.mean(r * u)
        + 2 * bb * np.mean(r * v)
        + aa**2 * np.mean(u * u)
        + 2 * aa * bb * np.mean(u * v)
        + bb**2 * np.mean(v * v)
    )
    np.testing.assert_allclose(land.losses, closed, rtol=1e-4)
    # its curvature is the constant Hessian 2·[[uu, uv], [uv, vv]]: convex everywhere
    hessian = 2 * np.array([[np.mean(u * u), np.mean(u * v)], [np.mean(u * v), np.mean(v * v)]])
    lam_min, lam_max = slice_curvature(land)
    np.testing.assert_allclose(lam_min, np.linalg.eigvalsh(hessian)[0], rtol=1e-2)
    np.testing.assert_allclose(lam_max, np.linalg.eigvalsh(hessian)[1], rtol=1e-2)
    summary = land.summary()
    assert summary["nonconvex_fraction"] == 0.0 and summary["mean_ratio"] == 0.0
    assert summary["loss_range"] == pytest.approx(closed.max() - closed.min(), rel=1e-4)


def test_curvature_sees_a_saddle():
    a = np.linspace(-1, 1, 5)
    saddle = LossLandscape(a, a, a[None, :] ** 2 - 3 * a[:, None] ** 2, seed=0)
    lam_min, lam_max = slice_curvature(saddle)
    np.testing.assert_allclose(lam_min, -6.0)
    np.testing.assert_allclose(lam_max, 2.0)
    assert saddle.summary()["nonconvex_fraction"] == 1.0
    assert saddle.summary()["mean_ratio"] == 1.0  # |λ_min / λ_max| = 3, capped at 1


@pytest.mark.parametrize(
    ("kwargs", "code", "name"),
    [
        ({"resolution": 1}, "landscape_grid_size", "resolution"),
        ({"resolution": 102}, "landscape_grid_size", "resolution"),
        ({"resolution": 5.0}, "landscape_grid_size", "resolution"),
        ({"span": 0.0}, "value_gt", "span"),
        ({"span": float("inf")}, "landscape_finite", "span"),
        ({"normalization": "layer"}, "one_of", "normalization"),
        ({"ignore": "bias"}, "one_of", "ignore"),
        ({"batch_size": 0}, "int_min", "batch_size"),
        ({"directions": ([], [])}, "landscape_shapes", "delta"),
        ({"directions": "random"}, "landscape_directions", None),
    ],
)
def test_bad_settings_raise_teaching_errors(kwargs, code, name):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    with pytest.raises(TfdlValueError) as info:
        loss_landscape(model, x, y, **kwargs)
    assert info.value.code == code
    if name is not None:
        assert info.value.params["name"] == name and f"`{name}`" in str(info.value)


def test_models_and_data_that_cannot_be_sliced():
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    with pytest.raises(TfdlValueError) as info:
        loss_landscape(keras.Sequential([keras.layers.Dense(1)]), x, y, loss="mse")
    assert info.value.code == "landscape_model_unbuilt" and "`model` must be built" in str(info.value)
    with pytest.raises(TfdlValueError, match="keras.Model") as info:
        loss_landscape(lambda t: t, x, y)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    with pytest.raises(TfdlValueError) as info:
        loss_landscape(model, x, y)  # not compiled, no loss given
    assert info.value.code == "landscape_loss_required"
    with pytest.raises(TfdlValueError) as info:
        loss_landscape(model, x, y[:3], loss="mse")
    assert info.value.code == "landscape_data_length" and info.value.params == {"n_x": 4, "n_y": 3}
    with pytest.raises(TfdlValueError) as info:
        interpolate_loss(model, [np.ones((3, 1))], model, x, y, loss="mse")
    assert info.value.code == "landscape_shapes" and info.value.params["name"] == "start"
    with pytest.raises(TfdlValueError) as info:
        interpolate_loss(model, model, model, x, y, loss="mse", num=1)
    assert info.value.code == "landscape_grid_size" and info.value.params["name"] == "num"
    with pytest.raises(TfdlValueError) as info:
        interpolate_loss(model, model, model, x, y, loss="mse", extend=-1.0)
    assert info.value.code == "value_min"
    with pytest.raises(TfdlValueError) as info:
        slice_curvature(LossLandscape(np.arange(2.0), np.arange(2.0), np.zeros((2, 2)), seed=0))
    assert info.value.code == "landscape_curvature_grid"
