"""Distance-weighted average pooling (numpy reference and Keras layer) and arg-max unpooling in numpy.

The reference is a loop-by-loop transcription of the formula written here, independent of
``tfdl.functional``: ``y = Σ_counted w·x / Σ_counted w`` with ``w ∝ exp(-d²/(2σ²))``, ``d`` the
distance of a cell to the window's centre. Hand case: with ``σ = 1/√(2 ln 2)`` a 3×3 window's
weights are the notes' blur ``[[1,2,1],[2,4,2],[1,2,1]]/16``.
"""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl import functional as F
from tfdl.data import worked_examples as WE
from tfdl.layers import MaxPoolingWithArgmax2D, MaxUnpooling2D, WeightedAveragePooling2D
from tfdl.testing import check_layer

BLUR_SIGMA = 1 / math.sqrt(2 * math.log(2))  # exp(-d²/(2σ²)) = 2^(-d²)


def _transcribed(x2d, k, s, pads, sigma, include_pad):
    """One channel, (H, W); ``pads`` = ((top, bottom), (left, right)), explicit."""
    (kh, kw), (sh, sw), ((t, b), (l, r)) = k, s, pads
    h, w = x2d.shape
    weights = np.empty((kh, kw))
    for u in range(kh):
        for v in range(kw):
            weights[u, v] = math.exp(-((u - (kh - 1) / 2) ** 2 + (v - (kw - 1) / 2) ** 2) / (2 * sigma**2))
    weights /= weights.sum()
    ho, wo = (h + t + b - kh) // sh + 1, (w + l + r - kw) // sw + 1
    out = np.zeros((ho, wo))
    for i in range(ho):
        for j in range(wo):
            num = den = 0.0
            for u in range(kh):
                for v in range(kw):
                    row, col = i * sh + u - t, j * sw + v - l
                    if 0 <= row < h and 0 <= col < w:
                        num += weights[u, v] * x2d[row, col]
                        den += weights[u, v]
                    elif include_pad:
                        den += weights[u, v]
            out[i, j] = num / den
    return out


def _tf_same(size, k, s):
    total = max((-(-size // s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


# (pool_size, stride, padding, sigma, count_include_pad)
CASES = [
    ((2, 2), (2, 2), "valid", 1.0, None),
    ((3, 3), (1, 1), "valid", 0.6, None),
    ((3, 3), (2, 2), "same", 1.5, None),
    ((3, 2), (1, 2), 1, 0.8, None),
    ((3, 3), (2, 1), 1, 2.0, False),
]


@pytest.mark.parametrize("k, s, padding, sigma, include", CASES, ids=["2v", "3s1", "3s2same", "32p1", "3p1nopad"])
def test_weighted_pooling_matches_a_transcription_of_the_formula(k, s, padding, sigma, include):
    x = np.random.default_rng(3).standard_normal((2, 7, 6, 2)).astype("float32")
    if padding == "same":
        pads, counted = (_tf_same(7, k[0], s[0]), _tf_same(6, k[1], s[1])), bool(include)
    elif padding == "valid":
        pads, counted = ((0, 0), (0, 0)), True
    else:
        pads, counted = ((padding, padding), (padding, padding)), include is not False
    expected = np.stack(
        [
            np.stack([_transcribed(x[n, ..., c], k, s, pads, sigma, counted) for c in range(2)], axis=-1)
            for n in range(2)
        ]
    )
    got = F.weighted_avg_pool2d(x, k, s, padding, sigma=sigma, count_include_pad=include)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    layer = WeightedAveragePooling2D(k, s, padding, sigma=sigma, count_include_pad=include)
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-5, atol=1e-5)


def test_weighted_pooling_hand_case_is_the_blur_of_the_notes():
    x = np.asarray(WE.POOLINGS["avg_3x3"].x, dtype=float)  # the notes' 5×5 grid
    weights = F.distance_weights(3, BLUR_SIGMA)
    np.testing.assert_allclose(weights * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]], atol=1e-12)
    # by hand: top-left window [[3,3,2],[0,0,1],[3,1,2]] -> (3+6+2 + 0+0+2 + 3+2+2)/16 = 20/16, ...
    hand = np.array([[20, 25, 29], [17, 21, 32], [13, 11, 22]]) / 16
    np.testing.assert_allclose(F.weighted_avg_pool2d(x, 3, 1, sigma=BLUR_SIGMA), hand, atol=1e-12)
    layer = WeightedAveragePooling2D(3, 1, sigma=BLUR_SIGMA)
    np.testing.assert_allclose(layer(x[None, ..., None].astype("float32")).numpy()[0, ..., 0], hand, atol=1e-6)


def test_weighted_pooling_limits_average_and_centre():
    x = np.random.default_rng(4).standard_normal((6, 6, 3))
    # a 2×2 window: every cell is as far from the centre, so any σ gives the plain average
    np.testing.assert_allclose(F.weighted_avg_pool2d(x, 2, sigma=0.3), F.avg_pool2d(x, 2), atol=1e-12)
    wide = WeightedAveragePooling2D(3, 2, "same", sigma=1e4)(x[None].astype("float32")).numpy()[0]
    keras_avg = keras.layers.AveragePooling2D(3, 2, "same")(x[None].astype("float32")).numpy()[0]
    np.testing.assert_allclose(wide, keras_avg, atol=1e-5)
    # σ → 0: only the centre cell counts (stride 1, valid: the input without its border)
    np.testing.assert_allclose(F.weighted_avg_pool2d(x, 3, 1, sigma=1e-3), x[1:-1, 1:-1], atol=1e-12)


def test_weighted_pooling_layer_round_trip_and_errors(tmp_path):
    x = np.random.default_rng(5).standard_normal((2, 6, 5, 3)).astype("float32")
    ref = lambda a: F.weighted_avg_pool2d(a, 3, 2, 1, sigma=0.7)
    report = check_layer(WeightedAveragePooling2D(3, 2, 1, sigma=0.7), x, reference=ref, tmp_path=tmp_path)
    assert report["output"].shape == (2, 3, 3, 3)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:  # a linear map: its gradient is the weights summed over windows
        tape.watch(xt)
        loss = tf.reduce_sum(WeightedAveragePooling2D(2, 1, sigma=0.7)(xt))
    np.testing.assert_allclose(tape.gradient(loss, xt).numpy()[0, 1:-1, 1:-1], 1.0, rtol=1e-5)
    for bad in (0, -1.0, float("nan"), float("inf"), "wide"):
        with pytest.raises(ValueError, match="`sigma`"):
            WeightedAveragePooling2D(2, sigma=bad)
        with pytest.raises(ValueError, match="`sigma`"):
            F.distance_weights(2, bad)


def test_max_unpool_numpy_equals_the_keras_layer():
    x = np.random.default_rng(6).standard_normal((2, 7, 7, 2)).astype("float32")
    for k, s in ((2, 2), (3, 2)):  # overlapping windows that share a winner add up in both
        pooled, argmax = (t.numpy() for t in MaxPoolingWithArgmax2D(k, strides=s)(x))
        layer = MaxUnpooling2D(k, strides=s)([pooled, argmax, x]).numpy()
        np.testing.assert_allclose(F.max_unpool2d(pooled, argmax, x.shape), layer, rtol=1e-6)
        y, idx = F.max_pool2d(x[0], k, s, return_indices=True)
        np.testing.assert_allclose(F.max_unpool2d(y, idx, x[0].shape), layer[0], rtol=1e-6)
    with pytest.raises(ValueError, match="`argmax` holds flat indices"):
        F.max_unpool2d(np.ones((1, 1)), np.array([[9]]), (2, 2))
