"""gradient_decay: the first step's gradient norm over the last one, per cell."""

import numpy as np
import pandas as pd
import pytest

from tfdl.errors import TfdlValueError
from tfdl.experiments.rnn_gradients import gradient_decay


def test_ratio_of_first_to_last_step_per_cell_in_order_of_appearance():
    df = pd.DataFrame(
        {
            "cell": ["lstm", "rnn", "lstm", "rnn", "lstm", "rnn"],
            "step": [3, 3, 1, 1, 2, 2],
            "grad_norm": [2.0, 1.0, 0.5, 1e-6, 1.0, 1e-3],
        }
    )
    ratios = gradient_decay(df)
    assert list(ratios) == ["lstm", "rnn"]
    assert ratios["lstm"] == pytest.approx(0.5 / 2.0) and ratios["rnn"] == pytest.approx(1e-6)


def test_missing_columns_are_named():
    with pytest.raises(TfdlValueError, match=r"\['grad_norm'\]") as info:
        gradient_decay(pd.DataFrame({"cell": ["rnn"], "step": [1]}))
    assert info.value.code == "gradient_decay_columns"


@pytest.fixture(scope="module")
def exploding():
    from tfdl.experiments.rnn_gradients import exploding_gradients

    return exploding_gradients(4.0, clip_norm=5.0, steps=12, units=16, features=8, batch=4, seed=1)


def test_exploding_gradient_norms_and_weight_gradients_match_numpy_bptt(exploding):
    from tests.experiments.bptt_reference import simple_rnn_bptt

    x, r = exploding.inputs
    w = exploding.weights
    norms, grads = simple_rnn_bptt(x, r, w["kernel"], w["recurrent_kernel"], w["bias"])
    np.testing.assert_allclose(exploding.norms["grad_norm"].to_numpy(), norms, rtol=1e-3)
    for name, g in grads.items():
        np.testing.assert_allclose(exploding.gradients[name], g, rtol=1e-3, atol=1e-3 * np.abs(g).max())
    assert exploding.norms["step"].tolist() == list(range(1, 13))
    assert norms[0] > 10 * norms[-1]  # it grows going back in time


def test_exploding_recurrent_matrix_has_the_asked_spectral_radius(exploding):
    from tfdl.experiments.rnn_gradients import scale_to_spectral_radius, spectral_radius

    U = exploding.weights["recurrent_kernel"]
    assert np.max(np.abs(np.linalg.eigvals(U.astype("float64")))) == pytest.approx(4.0, rel=1e-5)
    assert exploding.spectral_radius == pytest.approx(4.0, rel=1e-5)
    M = np.array([[1.0, 2.0], [0.5, -1.0]])  # eigenvalues ±sqrt(2)
    assert spectral_radius(M) == pytest.approx(np.sqrt(2))
    np.testing.assert_allclose(scale_to_spectral_radius(M, 3.0), M * 3.0 / np.sqrt(2))
    with pytest.raises(TfdlValueError) as info:
        scale_to_spectral_radius(np.zeros((2, 2)), 2.0)
    assert info.value.code == "spectral_radius_zero"
    with pytest.raises(TfdlValueError, match="square"):
        spectral_radius(np.zeros((2, 3)))


def test_clipping_equals_tf_clip_by_global_norm(exploding):
    import tensorflow as tf

    from tfdl.experiments.rnn_gradients import clip_by_global_norm

    names = ["kernel", "recurrent_kernel", "bias"]
    raw = [tf.constant(exploding.gradients[n]) for n in names]
    expected, norm = tf.clip_by_global_norm(raw, 5.0)
    assert exploding.global_norm == pytest.approx(float(norm), rel=1e-9) and exploding.global_norm > 5.0
    for n, e in zip(names, expected):
        np.testing.assert_allclose(exploding.clipped[n], e.numpy(), rtol=1e-9)
    np.testing.assert_allclose(
        exploding.norms["clipped_norm"], exploding.norms["grad_norm"] * 5.0 / float(norm), rtol=1e-9
    )
    small = [np.array([0.3, -0.4])]  # below the threshold: unchanged
    clipped, n = clip_by_global_norm(small, 1.0)
    np.testing.assert_array_equal(clipped[0], small[0])
    assert n == pytest.approx(0.5)
    assert np.allclose(tf.clip_by_global_norm([tf.constant(small[0])], 1.0)[0][0].numpy(), clipped[0])
