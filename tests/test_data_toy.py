"""tfdl.data toy 2-D sets, shape images and offline-safe loaders (downloads are always mocked)."""

import sys

import numpy as np
import pytest

from tfdl.data import toy2d
from tfdl.data.toy2d import TOY2D_DATASETS, make_toy2d


@pytest.mark.parametrize("name", TOY2D_DATASETS)
def test_shapes_dtypes_balance_and_seed(name):
    (xtr, ytr), (xte, yte) = make_toy2d(name, n_samples=200, noise=0.1, train_ratio=0.7, seed=3)
    assert xtr.shape == (140, 2) and xte.shape == (60, 2)
    assert xtr.dtype == np.float32 and ytr.dtype == np.int64
    y = np.concatenate([ytr, yte])
    assert set(np.unique(y)) == {0, 1}
    assert 0.35 < y.mean() < 0.65
    again = make_toy2d(name, n_samples=200, noise=0.1, train_ratio=0.7, seed=3)
    np.testing.assert_array_equal(again[0][0], xtr)
    other = make_toy2d(name, n_samples=200, noise=0.1, train_ratio=0.7, seed=4)
    assert not np.array_equal(other[0][0], xtr)


def test_circle_labels_follow_radius_without_noise():
    x, y = toy2d.make_circle(300, noise=0.0)
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.all(r[y == 1] <= 2.5 + 1e-6)
    assert np.all(r[y == 0] >= 3.5 - 1e-6) and np.all(r <= 5 + 1e-6)


def test_xor_labels_are_sign_of_product_without_noise():
    x, y = toy2d.make_xor(300, noise=0.0)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(int))


def test_gaussians_are_linearly_separable_when_clean():
    x, y = toy2d.make_gaussians(300, noise=0.0)
    np.testing.assert_array_equal(y, (x.sum(axis=1) > 0).astype(int))


def test_spiral_arms_are_point_symmetric():
    x, y = toy2d.make_spiral(400, noise=0.0)
    a = x[y == 1][np.argsort(np.hypot(*x[y == 1].T))]
    b = x[y == 0][np.argsort(np.hypot(*x[y == 0].T))]
    np.testing.assert_allclose(a, -b, atol=1e-5)  # arms differ by a rotation of pi


def test_moons_match_sklearn_geometry():
    from sklearn.datasets import make_moons as sk_moons

    x, y = toy2d.make_moons(100, noise=0.0)
    xs, ys = sk_moons(100, noise=0.0, shuffle=False)
    ours = np.sort(x[y == 1] / 2.5 + (0.5, 0.25), axis=0)
    ref = np.sort(xs[ys == 1], axis=0)
    np.testing.assert_allclose(ours, ref, atol=1e-5)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"name": "swirl"}, "name"),
        ({"name": "xor", "noise": 1.5}, "noise"),
        ({"name": "xor", "n_samples": 1}, "n_samples"),
        ({"name": "xor", "train_ratio": 1.0}, "train_ratio"),
        ({"name": "xor", "n_samples": 3, "train_ratio": 0.05}, "train_ratio"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(kwargs, word):
    with pytest.raises(ValueError, match=word):
        make_toy2d(**kwargs)


def test_data_package_does_not_import_tensorflow():
    import subprocess

    code = "import sys, tfdl.data; print('tensorflow' in sys.modules or 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
