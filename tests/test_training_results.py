"""tfdl.training after a fit: evaluate, neuron_maps, to_keras_bytes, digits_model, parse_hidden, the
divergence explanation as a TfdlValueError; tfdl.models.by_input; the texts of the training figures.
References are computed independently with numpy from the layers' weights."""

import io
import zipfile

import keras
import numpy as np
import pytest

from tfdl.errors import TfdlValueError
from tfdl.training import DivergenceGuard, build_mlp, digits_model, evaluate, neuron_maps, parse_hidden, to_keras_bytes


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _fixed(units: int, activation: str, seed: int = 0):
    rng = np.random.default_rng(seed)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation=activation)])
    w, b = rng.normal(size=(3, units)).astype("float32"), rng.normal(size=units).astype("float32")
    model.layers[0].set_weights([w, b])
    return model, w, b


def test_evaluate_softmax_and_sigmoid_against_numpy():
    x = np.random.default_rng(1).normal(size=(40, 3)).astype("float32")
    y = np.random.default_rng(2).integers(0, 4, 40)
    model, w, b = _fixed(4, "softmax")
    ev = evaluate(model, x, y)
    pred = _softmax(x @ w + b).argmax(axis=1)
    np.testing.assert_array_equal(ev.predictions, pred)
    assert ev.accuracy == pytest.approx(np.mean(pred == y)) and ev.finite
    model, w, b = _fixed(1, "sigmoid")
    y2 = y % 2
    ev = evaluate(model, x, y2)
    pred = ((x @ w + b)[:, 0] > 0).astype(int)  # sigmoid(z) > 0.5  ⇔  z > 0
    np.testing.assert_array_equal(ev.predictions, pred)
    assert ev.accuracy == pytest.approx(np.mean(pred == y2))


def test_evaluate_a_diverged_model_gives_nan_and_names_bad_lengths():
    model, w, b = _fixed(2, "softmax")
    model.layers[0].set_weights([np.full_like(w, np.nan), b])
    ev = evaluate(model, np.ones((5, 3), "float32"), np.zeros(5, int))
    assert ev.predictions is None and np.isnan(ev.accuracy) and not ev.finite
    with pytest.raises(TfdlValueError) as info:
        evaluate(model, np.ones((5, 3), "float32"), np.zeros(4, int))
    assert info.value.code == "evaluate_lengths" and info.value.params == {"nx": 5, "ny": 4}


def test_neuron_maps_against_numpy():
    model = build_mlp((3,), "tanh", features=("x1", "x2"), seed=3)
    maps = neuron_maps(model, resolution=5, extent=2.0)
    xs = np.linspace(-2, 2, 5)
    xx, yy = np.meshgrid(xs, xs)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
    np.testing.assert_allclose(maps.xx, xx) and np.testing.assert_allclose(maps.yy, yy)
    w, b = model.get_layer("hidden1_dense").get_weights()
    hidden = np.tanh(grid @ w + b)
    wo, bo = model.get_layer("output").get_weights()
    p = _softmax(hidden @ wo + bo)[:, 1].reshape(5, 5)
    assert list(maps.outputs) == ["features", "hidden1_act"] and maps.grid_shape == (5, 5)
    np.testing.assert_allclose(maps.outputs["features"], grid, rtol=1e-6)
    np.testing.assert_allclose(maps.outputs["hidden1_act"], hidden, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(maps.p, p, rtol=1e-4, atol=1e-5)


def test_to_keras_bytes_round_trips(tmp_path):
    model, _w, _b = _fixed(2, "softmax")
    data = to_keras_bytes(model)
    assert zipfile.is_zipfile(io.BytesIO(data))
    path = tmp_path / "m.keras"
    path.write_bytes(data)
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(keras.saving.load_model(path).predict(x, verbose=0), model.predict(x, verbose=0))


def test_digits_model_small_cnn_registered_and_refused():
    assert digits_model("small_cnn", 8).input_shape == (None, 8, 8, 1)
    assert digits_model("lenet5", 32).output_shape == (None, 10)
    with pytest.raises(TfdlValueError) as info:
        digits_model("lenet5", 8)
    assert info.value.code == "digits_model_input" and info.value.params["size"] == 8
    assert "32" in info.value.params["reason"]


@pytest.mark.parametrize("text, units", [("4, 2", (4, 2)), ("", ()), (" 8 ;4,2 ", (8, 4, 2)), ("64", (64,))])
def test_parse_hidden(text, units):
    assert parse_hidden(text) == units


@pytest.mark.parametrize("text", ["4, x", "0", "65", "1,1,1,1,1,1,1", "2.5", "4,,2", "4, 2,", ",4"])
def test_parse_hidden_refuses_with_the_text(text):
    with pytest.raises(TfdlValueError) as info:
        parse_hidden(text)
    assert info.value.code == "hidden_layers_text" and repr(text) in str(info.value)


@pytest.mark.parametrize("value, batch, code, words", [
    (float("nan"), 2, "training_diverged_nonfinite", "became nan at epoch 4, batch 3"),
    (float("inf"), None, "training_diverged_nonfinite_epoch", "became inf at epoch 4."),
    (5000.0, 0, "training_diverged_exploded", "exploded to 5e+03 (more than 1000× its first value 2) at epoch 4, "
                                              "batch 1"),
    (5000.0, None, "training_diverged_exploded_epoch", "value 2) at epoch 4."),
])
def test_divergence_explanation_has_a_code_and_the_numbers(value, batch, code, words):
    guard = DivergenceGuard()
    guard.diverged, guard.epoch, guard.batch, guard.value, guard.first = True, 3, batch, value, 2.0
    assert guard.error.code == code and guard.error.params["epoch"] == 4
    assert words in guard.message and guard.message == str(guard.error)
    assert guard.message.startswith("Training diverged: the loss ") and "learning rate" in guard.message
    assert DivergenceGuard().error is None and DivergenceGuard().message is None


def test_list_models_by_input():
    from tfdl.models import list_models, model_info
    from tfdl.models.by_input import list_models_by_input

    small = list_models_by_input("image", task="classification", max_side=32)
    assert {"lenet5", "lenet5_modern", "resnet20"} <= set(small) and "resnet50" not in small
    assert all(model_info(n).input_shape[0] <= 32 for n in small)
    images = list_models_by_input("image")
    assert set(small) < set(images) and "resnet50" in images
    tokens = list_models_by_input("tokens")
    assert tokens and not set(tokens) & set(images)
    assert sorted(images + tokens + list_models_by_input("features") + list_models_by_input("token pairs")) \
        == sorted(list_models())
    with pytest.raises(TfdlValueError) as info:
        list_models_by_input("pictures")
    assert info.value.code == "input_kind_unknown"
    with pytest.raises(TfdlValueError):
        list_models_by_input("image", max_side=0)


def test_training_figures_take_their_texts():
    from tfdl.viz.training import (
        confusion_matrix_figure,
        decision_boundary_figure,
        neuron_maps_figure,
        training_curves_figure,
    )

    xx, yy = np.meshgrid(np.arange(3.0), np.arange(3.0))
    fig = decision_boundary_figure(xx, yy, xx / 2, np.zeros((2, 2)), np.array([0, 1]),
                                   texts={"probability": "P(класс 1)", "class": "класс {k}"})
    assert fig.axes[1].get_ylabel() == "P(класс 1)"
    assert {c.get_label() for c in fig.axes[0].collections if c.get_label().startswith("кл")} == {"класс 0",
                                                                                                   "класс 1"}
    fig = training_curves_figure({"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}, metrics=("loss",),
                                 texts={"epoch": "эпоха", "loss": "потери", "train": "обучение",
                                        "validation": "валидация"})
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("эпоха", "потери")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["обучение", "валидация"]
    ax = confusion_matrix_figure([0, 1], [1, 1], texts={"predicted": "предсказано", "true": "истина"}).axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("предсказано", "истина")
    fig = neuron_maps_figure({"hidden1_act": np.ones((4, 2))}, (2, 2), labels={"hidden1_act": "скрытый 1"})
    assert fig.axes[0].get_ylabel() == "скрытый 1"
    assert neuron_maps_figure({"hidden1_act": np.ones((4, 1))}, (2, 2)).axes[0].get_ylabel() == "hidden1"
    assert decision_boundary_figure(xx, yy, xx / 2).axes[1].get_ylabel() == "P(class 1)"  # English default
