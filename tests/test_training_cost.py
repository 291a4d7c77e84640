"""tfdl.training_cost: steps and FLOPs counted by hand, MACs against the layer table, the refusal
cases of issue 13 (500 epochs of the 2-D net at batch 1; digits for 100 epochs at batch 1), the fit
of the constants, and the estimate against the measured runs."""

import math

import keras
import pytest

from tfdl.errors import TfdlValueError
from tfdl.training import build_mlp, digits_model
from tfdl.training_cost import (
    DEFAULT_LAYERS,
    FLOPS_PER_SECOND,
    MEASURED,
    OVERHEAD_S,
    SECONDS_PER_EPOCH,
    SECONDS_PER_LAYER,
    SECONDS_PER_LAYER_BATCH,
    ModelProfile,
    _seconds,
    estimate_fit_cost,
    estimate_predict_cost,
    fit_cost_model,
    forward_flops,
    profile_model,
)

CONSTANTS = (OVERHEAD_S, SECONDS_PER_LAYER, SECONDS_PER_LAYER_BATCH, SECONDS_PER_EPOCH, 1 / FLOPS_PER_SECOND)


def _small_cnn():
    return keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.Conv2D(4, 3),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(10),
        ]
    )


def test_steps_batches_and_flops_are_counted_as_by_hand():
    # 200 samples at batch 64: 4 steps an epoch (the last one short); 50 validation samples: 1 batch
    cost = estimate_fit_cost(1000, n_samples=200, epochs=3, batch_size=64, validation_samples=50)
    assert cost.steps == 3 * 4 and cost.batches == 3 * (4 + 1) and cost.samples == 600
    # a training sample costs forward + backward ≈ 3 forward passes of 2·params FLOPs, a validation one 1
    assert cost.flops == 3 * (3 * 200 + 50) * 2 * 1000
    expected = (
        OVERHEAD_S
        + DEFAULT_LAYERS * SECONDS_PER_LAYER
        + 15 * DEFAULT_LAYERS * SECONDS_PER_LAYER_BATCH
        + 3 * SECONDS_PER_EPOCH
        + cost.flops / FLOPS_PER_SECOND
    )
    assert cost.seconds == pytest.approx(expected)


def test_predicting_is_counted_as_by_hand():
    """Test-time augmentation: 8 passes over 360 samples at batch 256, a forward pass each, no epoch term."""
    cost = estimate_predict_cost(ModelProfile(flops=5000, layers=9), n_samples=360, batch_size=256, passes=8)
    assert (cost.steps, cost.batches, cost.samples, cost.flops) == (0, 16, 2880, 2880 * 5000)
    expected = OVERHEAD_S + 9 * SECONDS_PER_LAYER + 16 * 9 * SECONDS_PER_LAYER_BATCH + cost.flops / FLOPS_PER_SECOND
    assert cost.seconds == pytest.approx(expected)
    with pytest.raises(ValueError, match="`passes` must be an integer >= 1"):
        estimate_predict_cost(1000, n_samples=10, passes=0)


def test_a_model_is_profiled_by_its_macs_and_layers_built_or_not():
    # conv: 6·6 positions · 4 filters · 3·3·1 weights; dense: 36 inputs · 10 outputs (pooling: no MACs)
    macs = 6 * 6 * 4 * 9 + 3 * 3 * 4 * 10
    assert profile_model(_small_cnn()) == ModelProfile(flops=2 * macs, layers=4)
    assert profile_model(_small_cnn) == ModelProfile(flops=2 * macs, layers=4)  # the builder, traced without weights
    assert forward_flops(_small_cnn()) == 2 * macs
    from tfdl.viz.models import model_summary

    model = digits_model("lenet5", 32)
    assert profile_model(model).flops == model_summary(model)["flops"]


def test_a_dense_net_costs_twice_its_parameters_per_sample():
    model = build_mlp((8, 4), features=("x1", "x2"))
    weights_only = sum(math.prod(w.shape) for w in model.weights if len(w.shape) == 2)
    assert profile_model(model).flops == 2 * weights_only


@pytest.mark.parametrize(
    ("builder", "n", "n_val", "epochs", "batch"),
    [
        (lambda: build_mlp((4, 2), features=("x1", "x2")), 200, 200, 500, 1),  # the Train page's 2-D link of issue 13
        (lambda: digits_model("small_cnn", 8), 1437, 360, 100, 1),  # its digits link
    ],
    ids=["2d-500-epochs-batch-1", "digits-100-epochs-batch-1"],
)
def test_the_runs_of_issue_13_are_estimated_over_two_minutes(builder, n, n_val, epochs, batch):
    cost = estimate_fit_cost(builder, n, epochs, batch, validation_samples=n_val)
    assert cost.steps == epochs * n and cost.seconds > 120


def test_the_default_runs_of_the_app_are_well_under_the_budget():
    from playground.limits import MAX_TRAIN_SECONDS

    mlp = estimate_fit_cost(lambda: build_mlp((4, 2), features=("x1", "x2")), 200, 50, 16, validation_samples=200)
    cnn = estimate_fit_cost(lambda: digits_model("small_cnn", 8), 1437, 10, 64, validation_samples=360)
    assert mlp.seconds < MAX_TRAIN_SECONDS / 3 and cnn.seconds < MAX_TRAIN_SECONDS / 3


def test_the_constants_estimate_every_measured_run_within_a_factor_of_two():
    assert len(MEASURED) >= 10
    for run in MEASURED:
        estimate = _seconds(run[:4], CONSTANTS)
        assert run[4] / 2 <= estimate <= 2 * run[4], (run, estimate)


def test_the_fit_recovers_known_constants_and_the_measured_ones():
    truth = (0.8, 0.04, 3e-4, 0.05, 1 / 3e10)
    runs = [
        (*r, _seconds(r, truth))
        for r in [
            (7, 800, 2, 6e4),
            (7, 4000, 10, 3e5),
            (11, 145, 5, 1.6e10),
            (71, 10, 1, 9e10),
            (9, 114, 40, 8e9),
            (54, 300, 3, 1e7),
        ]
    ]
    fitted = fit_cost_model(runs)
    assert fitted[:4] == pytest.approx(truth[:4], rel=1e-6) and fitted[4] == pytest.approx(3e10, rel=1e-6)
    # the module's constants are the fit of its measurements, rounded
    for constant, value in zip(
        (OVERHEAD_S, SECONDS_PER_LAYER, SECONDS_PER_LAYER_BATCH, SECONDS_PER_EPOCH, FLOPS_PER_SECOND),
        fit_cost_model(MEASURED),
    ):
        assert constant == pytest.approx(value, rel=0.1)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(n_samples=0), "n_samples"),
        (dict(epochs=2.5), "epochs"),
        (dict(batch_size=True), "batch_size"),
        (dict(batch_size=float("inf")), "batch_size"),
        (dict(validation_samples=-1), "validation_samples"),
    ],
)
def test_bad_counts_are_refused_naming_the_argument(kwargs, name):
    args = dict(n_samples=10, epochs=1, batch_size=1) | kwargs
    with pytest.raises(TfdlValueError, match=f"`{name}` must be an integer") as info:
        estimate_fit_cost(100, **args)
    assert info.value.code == "fit_cost_int"


def test_a_model_that_is_not_one_is_refused():
    with pytest.raises(TfdlValueError, match="`model` must be a keras.Model") as info:
        estimate_fit_cost("resnet", 10, 1, 1)
    assert info.value.code == "fit_cost_model"
    with pytest.raises(TfdlValueError, match="at least 5 measurements"):
        fit_cost_model(MEASURED[:4])


@pytest.mark.slow
def test_a_real_run_takes_about_the_estimated_time():
    """The estimate against the clock of this machine (CPU seconds; generous: machines differ)."""
    import time

    import numpy as np

    from tfdl.training import fit

    x, y = np.random.rand(256, 2).astype("float32"), np.random.randint(0, 2, 256)
    fit(build_mlp((4,), features=("x1", "x2")), x[:32], y[:32], epochs=1)  # TensorFlow's start-up
    start = time.process_time()
    fit(build_mlp((4, 2), features=("x1", "x2")), x, y, epochs=4, batch_size=2, jit_compile=False)
    seconds = time.process_time() - start
    estimate = estimate_fit_cost(lambda: build_mlp((4, 2), features=("x1", "x2")), 256, 4, 2).seconds
    assert estimate / 4 < seconds < estimate * 4, (seconds, estimate)
