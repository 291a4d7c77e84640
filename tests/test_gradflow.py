"""tfdl.gradflow / tfdl.diagnose / tfdl.flow_presets: the recorded numbers against tf.GradientTape and
numpy.histogram, and each preset's diagnosis."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl.data import make_toy2d
from tfdl.diagnose import Diagnosis, diagnose, norm_table
from tfdl.errors import TfdlValueError
from tfdl.flow_presets import PRESETS, build_sequence_classifier, long_memory_task
from tfdl.gradflow import FlowLog, FlowRecord, GradientFlow
from tfdl.training import build_mlp, fit


@pytest.fixture(scope="module")
def toy():
    return make_toy2d("circle", 160, seed=0)[0]


@pytest.fixture(scope="module")
def trained(toy):
    """A small tanh MLP, 10 steps, recorded every 5 (and a display sink beside it)."""
    x, y = toy
    seen = []

    class Spy:
        def on_epoch_end(self, epoch, logs):
            seen.append(epoch)

        def should_stop(self):
            return False

    flow = GradientFlow(x, y, every=5, bins=7, probe=48)
    result = fit(build_mlp((5, 3), "tanh"), x, y, epochs=2, batch_size=16, sink=[Spy(), flow])  # 80 points
    return flow, result, seen


def _tape_norms(model, x, y):
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=False))
    layers = [la for la in model.layers if la.trainable_weights]
    grads = tape.gradient(loss, [w.value for la in layers for w in la.trainable_weights])
    out, i = {}, 0
    for la in layers:
        g = grads[i : i + len(la.trainable_weights)]
        out[la.name] = math.sqrt(sum(float(np.sum(np.square(d))) for d in g))
        i += len(g)
    return float(loss), out


def test_records_every_k_steps_and_the_other_sink_still_runs(trained):
    flow, result, seen = trained
    assert [r.step for r in flow.records] == [0, 5, 10]
    assert len(flow.losses) == 10 and seen == [0, 1]
    assert flow.layers == ["hidden1_dense", "hidden2_dense", "output"]
    assert norm_table(flow)["output"].shape == (3,)


def test_recorded_gradient_norms_equal_gradient_tape(trained):
    flow, result, _ = trained
    loss, norms = _tape_norms(result.model, flow.x, flow.y)  # the weights after the last step
    last = flow.records[-1]
    assert last.loss == pytest.approx(loss, rel=1e-5)
    for name, value in norms.items():
        assert last.grad_norms[name] == pytest.approx(value, rel=1e-4, abs=1e-8)


def test_histograms_equal_numpy(trained):
    flow, result, _ = trained
    last, model = flow.records[-1], result.model
    kernel = model.get_layer("hidden2_dense").kernel.numpy()
    counts, edges = np.histogram(kernel, bins=7)
    np.testing.assert_array_equal(last.weights["hidden2_dense"][0], counts)
    np.testing.assert_allclose(last.weights["hidden2_dense"][1], edges, rtol=1e-6)
    act = keras.Model(model.inputs[0], model.get_layer("hidden1_act").output)(flow.x).numpy()
    counts, edges = np.histogram(act, bins=7)
    np.testing.assert_array_equal(last.activations["hidden1_act"][0], counts)
    np.testing.assert_allclose(last.activations["hidden1_act"][1], edges, rtol=1e-6)
    assert last.saturated["hidden1_act"] == pytest.approx(np.mean(np.abs(act) > 0.99))
    assert last.dead["hidden1_act"] == pytest.approx(np.mean(np.abs(act).max(axis=0) == 0))


def test_a_healthy_run_has_no_diagnosis(trained):
    assert diagnose(trained[0]) == []


@pytest.fixture(scope="module")
def presets(toy):
    """The large learning rate trained 5 steps (enough to blow up); the others need only their start."""
    x, y = toy
    out = {}
    for name in ("deep_sigmoid", "zero_relu", "large_lr"):
        s = PRESETS[name]["settings"]
        model = build_mlp(s["hidden"], s["activation"], s["initializer"], seed=0)
        flow = GradientFlow(x, y, every=5, probe=32)
        if name == "large_lr":
            fit(model, x, y, epochs=1, batch_size=16, sink=flow, learning_rate=s["learning_rate"])
        else:
            model.compile(loss="sparse_categorical_crossentropy")
            flow.set_model(model)
            flow.record()
        out[name] = diagnose(flow, learning_rate=s["learning_rate"])
    return out


@pytest.mark.parametrize("name", ["deep_sigmoid", "zero_relu", "large_lr"])
def test_each_preset_gets_its_diagnosis(presets, name):
    found = presets[name]
    assert found and found[0].code == PRESETS[name]["expect"]
    assert found[0].layer == "hidden1_dense"
    assert {
        "deep_sigmoid": {"activation": "relu", "initializer": "he"},
        "zero_relu": {"initializer": "he"},
        "large_lr": {"learning_rate": 1.0, "clipnorm": 1.0},
    }[name] == found[0].fix
    assert found[0].layer in found[0].message


def test_zero_initialised_weights_histogram_as_numpy_does(toy):
    x, y = toy
    model = build_mlp((4,), "relu", "zeros")
    model.compile(loss="sparse_categorical_crossentropy")
    flow = GradientFlow(x, y, bins=5)
    flow.set_model(model)
    rec = flow.record()
    counts, edges = np.histogram(np.zeros(8), bins=5)  # all equal: numpy uses [v − ½, v + ½]
    np.testing.assert_array_equal(rec.weights["hidden1_dense"][0], counts)
    np.testing.assert_allclose(rec.weights["hidden1_dense"][1], edges)
    assert rec.dead["hidden1_act"] == 1.0 and rec.spread["hidden1_dense"] == 0.0


def test_long_sequence_rnn_vanishes_in_time_and_the_lstm_fix_does_not():
    x, y = long_memory_task(8, length=100)
    found = {}
    for cell in ("simple", "lstm"):
        model = build_sequence_classifier(cell, 100)
        model.compile(loss="sparse_categorical_crossentropy")
        flow = GradientFlow(x, y)
        flow.set_model(model)
        rec = flow.record()
        xt = tf.constant(flow.x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            loss = keras.losses.SparseCategoricalCrossentropy()(flow.y, model(xt))
        reference = np.sqrt(np.sum(np.square(tape.gradient(loss, xt).numpy()), axis=(0, 2)))
        np.testing.assert_allclose(rec.time_grads, reference, rtol=1e-4, atol=1e-12)
        found[cell] = [d.code for d in diagnose(flow)]
    assert found["simple"] == ["vanishing_time"] and PRESETS["long_rnn"]["expect"] == "vanishing_time"
    assert "vanishing_time" not in found["lstm"]


def test_a_nan_loss_names_the_step_and_proposes_a_smaller_learning_rate():
    rec = FlowRecord(3, float("nan"), {"d1": 1.0, "d2": float("inf")}, {}, {}, {}, {}, {})
    (found,) = diagnose(FlowLog([rec], [0.7, 0.9, float("nan")], ["d1", "d2"], []), learning_rate=0.3)
    assert isinstance(found, Diagnosis) and (found.code, found.step, found.layer) == ("nonfinite", 3, "d2")
    assert found.fix == {"learning_rate": pytest.approx(0.03), "clipnorm": 1.0}


def test_bad_arguments_are_named():
    with pytest.raises(TfdlValueError, match="every"):
        GradientFlow(np.zeros((2, 2)), np.zeros(2), every=0)
    with pytest.raises(TfdlValueError):
        GradientFlow(np.zeros((2, 2)), np.zeros(3))


def test_the_charts_draw_the_recorded_numbers(trained):
    from tfdl.viz.gradflow import flow_histograms_figure, grad_norms_spec

    flow = trained[0]
    spec = grad_norms_spec(flow, {"layer": "Schicht"})
    drawn = {(v["step"], v["layer"]): v["norm"] for v in spec["data"]["values"]}
    assert drawn == {(r.step, k): pytest.approx(v) for r in flow.records for k, v in r.grad_norms.items()}
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Schicht"
    fig = flow_histograms_figure(flow.records[-1])
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == flow.records[-1].weights["hidden1_dense"][0].tolist()


def test_batch_norm_scales_starting_at_one_are_not_zero_initialisation(toy):
    x, y = toy
    model = build_mlp((4, 4), "relu", "he", batch_norm=True, seed=0)
    model.compile(loss="sparse_categorical_crossentropy")
    flow = GradientFlow(x, y)
    flow.set_model(model)
    rec = flow.record()
    assert "hidden1_bn" in rec.grad_norms and "hidden1_bn" not in rec.spread  # γ = 1 everywhere: 1-D, not a kernel
    assert "zero_init" not in [d.code for d in diagnose(flow)]


def test_non_finite_weights_are_left_out_of_the_histogram_as_numpy_leaves_them(toy):
    """A kernel with NaN and ±inf (a blown-up run): the histogram counts only the finite values, with
    numpy's range and edges (numpy.histogram of the finite values)."""
    x, y = toy
    model = build_mlp((4,), "tanh")
    model.compile(loss="sparse_categorical_crossentropy")
    kernel = model.get_layer("hidden1_dense").kernel
    values = np.asarray(kernel).copy()
    values.flat[[0, 3, 5]] = [np.nan, np.inf, -np.inf]
    kernel.assign(values)
    flow = GradientFlow(x, y, bins=6)
    flow.set_model(model)
    rec = flow.record()
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=6)
    np.testing.assert_array_equal(rec.weights["hidden1_dense"][0], counts)
    np.testing.assert_allclose(rec.weights["hidden1_dense"][1], edges, rtol=1e-6)
