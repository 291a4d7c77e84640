"""tfdl.experiments.landscapes: the networks with and without skips, and the experiment end to end."""

import keras
import numpy as np
import pytest

from tfdl.data.digits import load_digits
from tfdl.errors import TfdlValueError
from tfdl.experiments import residual_mlp, skip_connection_landscapes
from tfdl.training import fit


def test_residual_and_plain_mlp_differ_only_by_the_skips():
    residual, plain = residual_mlp(3, 8, skip=True), residual_mlp(3, 8, skip=False)
    assert [type(layer).__name__ for layer in residual.layers].count("Add") == 3
    assert not any(isinstance(layer, keras.layers.Add) for layer in plain.layers)
    assert [w.shape for w in residual.weights] == [w.shape for w in plain.weights]
    # same weights: a block adds its input, h ← ReLU(BN(W h) + h), on top of the plain block
    plain.set_weights(residual.get_weights())
    x = np.random.default_rng(0).normal(size=(2, 64)).astype("float32")
    h = plain.get_layer("stem")(x)
    z = residual.get_layer("block1_bn")(residual.get_layer("block1_dense")(h), training=False)
    np.testing.assert_allclose(
        residual.get_layer("block1_relu")(z + h),
        keras.Model(residual.input, residual.get_layer("block1_relu").output)(x),
        rtol=1e-5,
    )


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"depth": 0}, "value_between"),
        ({"depth": 65}, "value_between"),
        ({"width": 0}, "int_min"),
    ],
)
def test_residual_mlp_rejects_bad_sizes(kwargs, code):
    with pytest.raises(TfdlValueError) as info:
        residual_mlp(**kwargs)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"architecture": "vgg"}, "one_of"),
        ({"resolution": 1}, "landscape_grid_size"),
        ({"span": -1.0}, "value_gt"),
        ({"depth": 9, "architecture": "cifar_resnet"}, "cifar_resnet_depth"),
        ({"samples": 0}, "value_between"),
        ({"learning_rate": 0}, "value_gt"),
    ],
)
def test_bad_settings_fail_before_any_training(kwargs, code):
    with pytest.raises(TfdlValueError) as info:
        skip_connection_landscapes(**{"epochs": 1, **kwargs})
    assert info.value.code == code


@pytest.mark.slow
def test_the_experiment_trains_both_nets_and_slices_each_along_the_same_directions():
    calls = []
    result = skip_connection_landscapes(
        depth=2, width=8, epochs=1, resolution=3, samples=64, progress=lambda done, total: calls.append((done, total))
    )
    assert calls[-1] == (2 * (1 + 3), 2 * (1 + 3)) and len(calls) == 2 * (1 + 3)
    for land in (result.residual, result.plain):
        assert land.losses.shape == (3, 3) and np.isfinite(land.losses).all() and land.seed == 0
    assert set(result.accuracy) == {"residual", "plain"} and all(0 <= a <= 1 for a in result.accuracy.values())
    assert set(result.summaries()["plain"]) >= {"loss_range", "nonconvex_fraction"}
    # the centre of the slice is the loss of the same net trained by hand (same seed, same steps)
    (x, y), _ = load_digits(8)
    x = x.reshape(len(x), -1)
    model = fit(
        lambda: residual_mlp(2, 8),
        x,
        y,
        epochs=1,
        batch_size=64,
        seed=0,
        max_loss_ratio=None,
        optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
        jit_compile=False,
        steps_per_execution=4,
    ).model
    loss = model.evaluate(x[:64], y[:64], verbose=0, return_dict=True)["loss"]  # compiled by fit: loss, accuracy
    np.testing.assert_allclose(result.residual.losses[1, 1], loss, rtol=1e-4)
