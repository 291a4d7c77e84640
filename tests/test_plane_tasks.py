"""More than two classes and regression on the plane: training, the class map, the regression loss."""

import keras
import numpy as np
import pytest

import tfdl.training as T
from tfdl.data import make_toy2d
from tfdl.interpret import predict_grid_classes, regression_mse
from tfdl.viz import CLASS_COLORS, class_map_figure, regression_map_figure


@pytest.fixture(scope="module")
def blobs():
    """Three blobs, a 6-unit MLP trained 20 epochs (once for the module)."""
    data = make_toy2d("blobs", n_samples=150, noise=0.1, seed=0, classes=3)
    (x, y), _ = data
    model = T.build_mlp((6,), num_classes=3, seed=0)
    T.fit(model, x, y, epochs=20, batch_size=16, learning_rate=0.03, seed=0, jit_compile=False)
    return model, data


def test_three_blobs_are_learned_with_softmax_and_categorical_loss(blobs):
    model, (_, (xt, yt)) = blobs
    assert model.output_shape == (None, 3) and model.get_layer("output").activation.__name__ == "softmax"
    assert model.loss == "sparse_categorical_crossentropy"
    assert T.evaluate(model, xt, yt).accuracy >= 0.95  # three well separated blobs (σ = 0.8)


def test_each_cell_of_the_class_map_has_the_colour_of_argmax_predict(blobs):
    from matplotlib.colors import to_rgb

    model, ((x, y), (xt, yt)) = blobs
    xx, yy, probs = predict_grid_classes(model, resolution=12)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
    expected = model.predict(grid, verbose=0).argmax(-1).reshape(xx.shape)  # Keras' own answer per cell
    np.testing.assert_array_equal(probs.argmax(-1), expected)
    assert len(np.unique(expected)) == 3
    rgb = np.asarray(class_map_figure(xx, yy, probs, x, y, xt, yt).axes[0].images[0].get_array(), float)[..., :3]
    colours, checked = np.array([to_rgb(c) for c in CLASS_COLORS[:3]]), 0
    for i, j in np.ndindex(xx.shape):  # white + c·(colour_k − white): the cell's hue is its class's
        shade = 1 - rgb[i, j]
        if shade.max() > 0.05:
            checked += 1
            along = [np.linalg.norm(np.cross(shade, 1 - c)) / np.linalg.norm(1 - c) for c in colours]
            assert int(np.argmin(along)) == expected[i, j]
    assert checked > xx.size // 2  # most cells are sure enough to show their colour


def test_regression_has_a_linear_output_and_its_loss_is_numpys_mse():
    (x, y), (xt, yt) = make_toy2d("plane", n_samples=60, seed=0)
    model = T.build_mlp((), regression=True, seed=0)
    assert model.output_shape == (None, 1) and model.get_layer("output").activation.__name__ == "linear"
    W, b = model.get_layer("output").get_weights()
    np.testing.assert_allclose(model.predict(xt, verbose=0), xt @ W + b, rtol=1e-5, atol=1e-6)  # ŷ = w·x + b
    result = T.fit(
        model,
        x,
        y,
        epochs=3,
        batch_size=10,
        learning_rate=0.03,
        seed=0,
        loss="mse",
        metrics=(),
        validation_data=(xt, yt),
        jit_compile=False,
    )
    assert list(result.history.columns) == ["epoch", "loss", "val_loss"]
    mse = regression_mse(result.model, xt, yt)
    pred = result.model.predict(xt, verbose=0)[:, 0].astype(float)
    assert mse == pytest.approx(np.mean((pred - yt.astype(float)) ** 2), rel=1e-9)
    assert mse == pytest.approx(float(keras.losses.MeanSquaredError()(yt, pred)), rel=1e-5)
    assert mse == pytest.approx(result.history.val_loss.iloc[-1], rel=1e-4)  # Keras' own test loss
    xx, yy, values = predict_grid_classes(result.model, resolution=5)
    fig = regression_map_figure(xx, yy, values[..., 0], x, y, xt, yt, texts={"value": "значение"})
    assert fig.axes[1].get_ylabel() == "значение"  # the colour bar, in the caller's words
