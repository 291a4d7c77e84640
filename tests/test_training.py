"""tfdl.training: fit helper (sinks, divergence guard, history, seeds, strategy) and build_mlp."""

import io
import zipfile

import keras
import numpy as np
import pandas as pd
import pytest

from tfdl.data import make_toy2d
from tfdl.errors import TfdlValueError
from tfdl.training import (
    PLAYGROUND_FEATURES,
    DivergenceGuard,
    PlaygroundFeatures,
    ProgressSink,
    SinkCallback,
    TerminalProgress,
    build_mlp,
    build_small_cnn,
    digits_model,
    evaluate,
    fit,
    hidden_outputs,
    loss_trend,
    neuron_maps,
    parse_hidden,
    predict_grid,
    reinitialize_weights,
    release_memory,
    to_keras_bytes,
)


class Spy:
    """A ProgressSink that records every call and can ask to stop after n epochs."""

    def __init__(self, stop_after=None):
        self.epochs, self.logs, self.begun = [], [], None
        self.stop_after = stop_after

    def on_train_begin(self, epochs):
        self.begun = epochs

    def on_epoch_end(self, epoch, logs):
        self.epochs.append(epoch)
        self.logs.append(logs)

    def should_stop(self):
        return self.stop_after is not None and len(self.epochs) >= self.stop_after


@pytest.fixture(scope="module")
def circle():
    return make_toy2d("circle", n_samples=200, noise=0.0, train_ratio=0.5)


@pytest.mark.slow
def test_mlp_solves_the_spiral():
    (x, y), (xt, yt) = make_toy2d("spiral", n_samples=500, noise=0.1, train_ratio=0.6, seed=0)
    model = build_mlp((16, 16), "tanh", features=("x1", "x2", "sin_x1", "sin_x2"), seed=0)
    result = fit(model, x, y, epochs=60, batch_size=50, learning_rate=0.03, seed=0)
    assert not result.diverged
    probs = result.model.predict(xt, verbose=0)
    accuracy = np.mean(probs.argmax(axis=1) == yt)
    assert accuracy >= 0.95, accuracy


def test_history_dataframe_and_sink_called_each_epoch(circle):
    (x, y), (xt, yt) = circle
    spy = Spy()
    result = fit(build_mlp((4,), features=("x1^2", "x2^2")), x, y, epochs=3, batch_size=25,
                 learning_rate=0.05, validation_data=(xt, yt), sink=spy)
    assert isinstance(result.history, pd.DataFrame)
    assert result.history["epoch"].tolist() == [1, 2, 3]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(result.history.columns)
    assert spy.epochs == [0, 1, 2] and spy.begun == 3
    assert [round(d["loss"], 5) for d in spy.logs] == [round(v, 5) for v in result.history["loss"]]
    assert not result.stopped and result.epochs_run == 3


def test_sink_can_stop_training(circle):
    (x, y), _ = circle
    spy = Spy(stop_after=2)
    result = fit(build_mlp((4,)), x, y, epochs=10, batch_size=50, sink=spy)
    assert result.stopped and result.epochs_run == 2
    assert isinstance(spy, ProgressSink)


def test_guard_stops_on_nan_with_a_diverging_learning_rate():
    rng = np.random.default_rng(0)
    x = rng.normal(0, 10, (64, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
    result = fit(model, x, y, epochs=20, batch_size=8, optimizer="sgd", learning_rate=10.0,
                 loss="mse", metrics=(), max_loss_ratio=None)
    assert result.diverged
    assert result.epochs_run < 20
    assert "diverged" in result.message and "learning rate" in result.message
    assert not np.isfinite(result.history["loss"].iloc[-1])


def test_guard_catches_an_exploding_cross_entropy(circle):
    (x, y), _ = circle
    result = fit(build_mlp((8, 8), "relu", features=("x1", "x2", "x1^2", "x2^2")), x, y, epochs=5,
                 batch_size=10, optimizer="sgd", learning_rate=1e4)
    assert result.diverged and "exploded" in result.message
    ok = fit(build_mlp((4,), features=("x1^2", "x2^2")), x, y, epochs=2, batch_size=10, learning_rate=0.01)
    assert not ok.diverged and ok.message is None


@pytest.mark.slow
def test_seed_makes_runs_reproducible(circle):
    (x, y), _ = circle
    a = fit(lambda: build_mlp((6,), "relu", initializer="he", dropout=0.2), x, y, epochs=2, seed=7)
    b = fit(lambda: build_mlp((6,), "relu", initializer="he", dropout=0.2), x, y, epochs=2, seed=7)
    np.testing.assert_allclose(a.history["loss"], b.history["loss"], rtol=1e-6)
    for wa, wb in zip(a.model.get_weights(), b.model.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-6)


def test_distribution_strategy(circle):
    import tensorflow as tf

    (x, y), _ = circle
    strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    result = fit(lambda: build_mlp((4,)), x, y, epochs=2, batch_size=50, strategy=strategy)
    assert result.model.distribute_strategy is strategy
    assert result.epochs_run == 2


def test_tf_dataset_input(circle):
    from tfdl.data import as_tf_dataset

    (x, y), _ = circle
    ds = as_tf_dataset(x, y, batch_size=20, shuffle=True, seed=0)
    result = fit(build_mlp((4,)), ds, epochs=2)
    assert result.epochs_run == 2


def test_terminal_progress_draws_a_bar(circle):
    (x, y), _ = circle
    stream = io.StringIO()
    fit(build_mlp((2,)), x, y, epochs=2, batch_size=100, sink=TerminalProgress(width=4, stream=stream))
    text = stream.getvalue()
    assert "[####] 2/2" in text and "loss=" in text


def test_playground_features_against_numpy():
    x = np.array([[0.5, -2.0], [3.0, 1.0]], "float32")
    layer = PlaygroundFeatures(PLAYGROUND_FEATURES)
    out = keras.ops.convert_to_numpy(layer(x))
    x1, x2 = x[:, 0], x[:, 1]
    ref = np.stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)], axis=1)
    np.testing.assert_allclose(out, ref, rtol=1e-6)
    with pytest.raises(ValueError, match="features"):
        PlaygroundFeatures(("x3",))
    with pytest.raises(ValueError, match="features"):
        PlaygroundFeatures(())


def test_playground_features_check_layer(tmp_path):
    from tfdl.testing import check_layer

    check_layer(PlaygroundFeatures(("x1", "x1x2", "sin_x2")), input_shape=(3, 2),
                expected_output_shape=(3, 3), tmp_path=tmp_path)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "maxout"])
def test_build_mlp_structure_and_save_load(activation, tmp_path):
    model = build_mlp((5, 3), activation, initializer="he", dropout=0.1, batch_norm=activation == "relu",
                      l2=1e-3, features=("x1", "x2", "x1x2"))
    names = [layer.name for layer in model.layers]
    assert "hidden1_act" in names and "hidden2_act" in names
    assert ("hidden1_bn" in names) == (activation == "relu")
    assert len(model.losses) >= 2  # L2 penalties
    outs = hidden_outputs(model, np.zeros((4, 2), "float32"))
    assert [v.shape for v in outs.values()] == [(4, 5), (4, 3)]
    path = tmp_path / "mlp.keras"
    model.save(path)
    again = keras.saving.load_model(path, safe_mode=True)
    x = np.random.default_rng(0).normal(size=(6, 2)).astype("float32")
    np.testing.assert_allclose(again(x), model(x), rtol=1e-5, atol=1e-6)


def test_build_mlp_zero_init_makes_units_identical(circle):
    (x, y), _ = circle
    result = fit(build_mlp((4,), "tanh", initializer="zeros"), x, y, epochs=2, batch_size=20)
    kernel = result.model.get_layer("hidden1_dense").get_weights()[0]
    np.testing.assert_allclose(kernel, kernel[:, :1].repeat(4, axis=1))  # symmetry never broken


def test_leaky_relu_uses_course_slope():
    model = build_mlp((1,), "leaky_relu")
    assert model.get_layer("hidden1_act").negative_slope == pytest.approx(0.1)


@pytest.mark.parametrize(
    "kwargs, word",
    [({"activation": "swish9"}, "activation"), ({"hidden_layers": (0,)}, "hidden_layers"),
     ({"dropout": 1.0}, "dropout"), ({"l2": -1.0}, "l2"), ({"initializer": "nope"}, "initializer"),
     ({"classes": 1}, "classes")],
)
def test_build_mlp_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        build_mlp(**kwargs)


def test_fit_bad_arguments(circle):
    (x, y), _ = circle
    with pytest.raises(ValueError, match="epochs"):
        fit(build_mlp(), x, y, epochs=0)
    with pytest.raises(ValueError, match="learning_rate"):
        fit(build_mlp(), x, y, learning_rate=-1.0)
    with pytest.raises(ValueError, match="sink"):
        SinkCallback(object())
    with pytest.raises(ValueError, match="max_ratio"):
        DivergenceGuard(max_ratio=0.5)


def test_predict_grid_and_small_cnn_shapes():
    xx, yy, p = predict_grid(build_mlp((2,)), resolution=7)
    assert xx.shape == yy.shape == p.shape == (7, 7)
    assert np.all((p >= 0) & (p <= 1))
    for shape in [(8, 8, 1), (28, 28, 1), (32, 32, 3)]:
        assert build_small_cnn(shape, classes=10).output_shape == (None, 10)


def test_viz_training_figures():
    from sklearn.metrics import confusion_matrix as sk_confusion

    from tfdl.viz.training import (
        confusion_matrix,
        confusion_matrix_figure,
        decision_boundary_figure,
        misclassified_figure,
        neuron_maps_figure,
        training_curves_figure,
    )

    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, 4), sk_confusion(y_true, y_pred, labels=range(4)))
    fig = confusion_matrix_figure(y_true, y_pred, classes=list("abcd"))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:4] == [str(v) for v in sk_confusion(y_true, y_pred)[0]]
    wrong = int((y_true != y_pred).sum())
    assert len(misclassified_figure(rng.random((50, 4, 4, 1)), y_true, y_pred, max_images=100).axes) == wrong
    xx, yy = np.meshgrid(np.linspace(-1, 1, 6), np.linspace(-1, 1, 6))
    fig = decision_boundary_figure(xx, yy, (xx > 0).astype(float) * 0.8 + 0.1, rng.random((5, 2)), [0, 1, 0, 1, 1])
    assert len(fig.axes) == 2
    assert len(neuron_maps_figure({"hidden1_act": rng.random((36, 3)), "hidden2_act": rng.random((36, 2))},
                                  (6, 6)).axes) == 5
    hist = pd.DataFrame({"epoch": [1, 2], "loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]})
    fig = training_curves_figure(hist)
    assert [len(ax.lines) for ax in fig.axes] == [2, 1]
    with pytest.raises(ValueError, match="metrics"):
        training_curves_figure(hist, metrics=("auc",))
    with pytest.raises(ValueError, match="same shape"):
        decision_boundary_figure(xx, yy, np.zeros((3, 3)))


# ----------------------------------------------------------------------------- one seed, every path

def _built_run(x, y, seed, **kw):
    model = build_mlp((6,), "relu", initializer="he", dropout=0.2)  # built before fit, unseeded
    return fit(model, x, y, epochs=2, batch_size=20, seed=seed, **kw)


def test_seed_fixes_a_model_built_before_fit(circle):
    (x, y), _ = circle
    a, b, c = _built_run(x, y, 7), _built_run(x, y, 7), _built_run(x, y, 8)
    np.testing.assert_array_equal(a.history["loss"], b.history["loss"])
    for wa, wb in zip(a.model.get_weights(), b.model.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    assert not np.allclose(a.history["loss"], c.history["loss"])


def test_seed_fixes_a_compiled_untrained_model_and_keeps_a_trained_one(circle):
    (x, y), _ = circle
    runs = []
    for _ in range(2):
        model = build_mlp((4,))
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
        runs.append(fit(model, x, y, epochs=1, seed=3).history["loss"].iloc[0])
    assert runs[0] == runs[1]
    trained = fit(build_mlp((4,)), x, y, epochs=1, seed=1).model
    before = [w.copy() for w in trained.get_weights()]
    again = fit(trained, x, y, epochs=1, seed=1)  # Adam(1e-3), 4 steps: each weight moves < 0.01
    for wa, wb in zip(before, again.model.get_weights()):  # continued, not re-drawn
        np.testing.assert_allclose(wa, wb, atol=0.01)


def test_reinitialize_weights_matches_a_seeded_build_and_keeps_the_object():
    from tfdl.training import set_seed

    model = build_mlp((5,), "tanh")
    same = reinitialize_weights(model, 11)
    assert same is model
    set_seed(11)
    reference = build_mlp((5,), "tanh")  # what a fresh build under the seed draws
    for wa, wb in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    with pytest.raises(ValueError, match="reinitialize"):
        fit(model, np.zeros((4, 2), "float32"), np.zeros(4), reinitialize="sometimes")


@pytest.mark.parametrize("optimizer", [
    "adam",
    {"class_name": "SGD", "config": {"learning_rate": 0.05}},
    "instance",
])
def test_strategy_builds_the_optimizer_inside_its_scope(circle, optimizer):
    import tensorflow as tf

    (x, y), _ = circle
    if optimizer == "instance":
        optimizer = keras.optimizers.Adam(0.02)  # made outside the scope
    for strategy in (tf.distribute.OneDeviceStrategy("/cpu:0"),
                     tf.distribute.MirroredStrategy(["/cpu:0"])):
        result = fit(lambda: build_mlp((4,)), x, y, epochs=1, batch_size=50, strategy=strategy,
                     optimizer=optimizer)
        assert result.model.distribute_strategy is strategy
        assert result.model.optimizer is not optimizer and result.epochs_run == 1
        assert np.isfinite(result.history["loss"]).all()
    if isinstance(optimizer, keras.optimizers.Optimizer):
        assert result.model.optimizer.get_config()["learning_rate"] == pytest.approx(0.02)


def test_optimizer_config_and_bad_optimizer(circle):
    (x, y), _ = circle
    result = fit(lambda: build_mlp((2,)), x, y, epochs=1,
                 optimizer={"class_name": "tfdl>SGD", "config": {"learning_rate": 0.1}})
    assert type(result.model.optimizer).__name__ == "SGD"
    assert type(result.model.optimizer).__module__.startswith("tfdl.")
    with pytest.raises(ValueError, match="`optimizer`"):
        fit(lambda: build_mlp((2,)), x, y, epochs=1, optimizer=3)


def test_feature_expansion_is_the_new_name_and_old_files_load(tmp_path):
    from tfdl.layers import FeatureExpansion

    with pytest.warns(DeprecationWarning, match="FeatureExpansion"):
        old = PlaygroundFeatures(("x1", "x1x2"))
    assert isinstance(old, FeatureExpansion)
    inputs = keras.Input((2,))
    with pytest.warns(DeprecationWarning):
        model = keras.Model(inputs, PlaygroundFeatures(("x2", "sin_x1"), name="f")(inputs))
    path = tmp_path / "old.keras"
    model.save(path)
    with pytest.warns(DeprecationWarning):
        loaded = keras.saving.load_model(path, safe_mode=True)
    assert type(loaded.get_layer("f")) is PlaygroundFeatures
    x = np.array([[0.3, -1.0]], "float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), [[-1.0, np.sin(0.3)]], rtol=1e-6)
    assert keras.saving.get_registered_name(FeatureExpansion) == "tfdl>FeatureExpansion"


def _train_step_graphs() -> int:
    """How many traced Keras train steps are still alive in this process."""
    import gc

    from tensorflow.python.framework.func_graph import FuncGraph

    gc.collect()
    return sum(isinstance(o, FuncGraph) and o.name == "one_step_on_data" for o in gc.get_objects())


def test_a_finished_training_leaves_no_traced_step_behind(circle):
    """TensorFlow keeps every gradient ``tf.custom_gradient`` registers while tracing (Keras' train
    step has one), and with it the step's graph and every variable it captured: a process that
    trains model after model keeps them all. ``fit`` drops its own; ``release_memory`` the rest."""
    (x, y), _ = circle
    keras.backend.clear_session()
    before = _train_step_graphs()
    plain = build_mlp((4,))  # the reference: Keras' own fit keeps the step after the model is gone
    plain.compile("sgd", "sparse_categorical_crossentropy")
    plain.fit(x, y, epochs=1, batch_size=64, verbose=0)
    del plain
    keras.backend.clear_session()
    assert _train_step_graphs() == before + 1
    assert release_memory() >= 1
    assert _train_step_graphs() == before

    result = fit(build_mlp((4,)), x, y, epochs=2, batch_size=64, seed=0)
    assert np.isfinite(result.history["loss"]).all()
    result.model.fit(x, y, epochs=1, batch_size=64, verbose=0)  # the trained model still trains
    del result
    keras.backend.clear_session()
    assert _train_step_graphs() == before


# ----------------------------------------------------------------------------- after a fit
# evaluate, neuron_maps, to_keras_bytes, digits_model, parse_hidden, the divergence explanation;
# references computed with numpy from the layers' weights

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


@pytest.mark.parametrize(("losses", "verdict"), [
    ([1.0, 0.8, 0.6, 0.5, 0.4], "ok"),                                # falling
    ([1.0, 0.7, 0.75, 0.5, 0.52, 0.3], "ok"),                         # noisy but falling
    ([0.1, 0.1001, 0.0999, 0.1002, 0.0998], "ok"),                    # converged: tiny noise
    ([0.7, 0.9, 0.6, 1.0, 0.65, 0.95, 0.7], "oscillating"),           # too large a learning rate
    ([1.0, 2.0, 5.0, 20.0], "exploding"),
    ([1.0, 0.5, float("nan")], "nonfinite"),
    ([0.7, 0.9, 0.6], "ok"),                                          # too short to call
])
def test_loss_trend(losses, verdict):
    assert loss_trend(losses) == verdict


def test_sgd_with_a_huge_learning_rate_on_the_spiral_oscillates():
    """The course's warning, measured: SGD at lr 10 on the spiral bounces (48.5% accuracy once,
    and the page said nothing); at lr 0.1 the same network's loss falls."""
    (x, y), _ = make_toy2d("spiral", n_samples=200, noise=0.0, train_ratio=0.5)
    curves = {lr: fit(build_mlp((8, 8), activation="tanh"), x, y, epochs=12, batch_size=10, seed=0,
                      optimizer="sgd", learning_rate=lr).history["loss"] for lr in (10.0, 0.1)}
    assert loss_trend(curves[10.0]) in ("oscillating", "exploding", "nonfinite")
    assert loss_trend(curves[0.1]) == "ok"
