"""tfdl.data toy 2-D sets, shape images and offline-safe loaders (downloads are always mocked)."""


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


# ------------------------------------------------------------------ generated shape images

def test_shapes_masks_boxes_and_classes_agree():
    from tfdl.data import SHAPE_CLASSES, make_shapes

    data = make_shapes(n_images=12, size=32, max_shapes=3, seed=1)
    assert data.images.shape == (12, 32, 32, 1) and data.masks.shape == (12, 32, 32)
    assert data.images.dtype == np.float32 and 0 <= data.images.min() and data.images.max() <= 1
    for i in range(12):
        n = data.counts[i]
        assert 1 <= n <= 3
        assert np.all(data.classes[i, n:] == -1) and np.all(data.classes[i, :n] >= 1)
        # without overlap: every shape's mask pixels lie inside its box, and the box is tight
        for (y0, x0, y1, x1), cls in zip(data.boxes[i, :n].astype(int), data.classes[i, :n]):
            inside = data.masks[i, y0:y1, x0:x1] == cls
            assert inside[0].any() and inside[-1].any() and inside[:, 0].any() and inside[:, -1].any()
        labelled = set(np.unique(data.masks[i])) - {0}
        assert labelled == set(data.classes[i, :n].tolist())
        # image is bright exactly where the mask is foreground (no noise)
        np.testing.assert_array_equal(data.images[i, ..., 0] > 0, data.masks[i] > 0)
    assert SHAPE_CLASSES[0] == "background"


def test_draw_shape_areas_against_geometry():
    from tfdl.data import draw_shape

    assert draw_shape("square", 20, 10, 10, 3).sum() == 49  # (2r+1)^2 pixel centres
    circle = draw_shape("circle", 64, 32, 32, 12).sum()
    assert abs(circle - np.pi * 144) / (np.pi * 144) < 0.03
    triangle = draw_shape("triangle", 64, 32, 32, 12).sum()
    assert abs(triangle - 0.5 * 24 * 24) / (0.5 * 24 * 24) < 0.1
    with pytest.raises(ValueError, match="kind"):
        draw_shape("star", 10, 5, 5, 2)


def test_shapes_bad_arguments():
    from tfdl.data import make_shapes

    with pytest.raises(ValueError, match="size"):
        make_shapes(size=4)
    with pytest.raises(ValueError, match="min_shapes"):
        make_shapes(min_shapes=3, max_shapes=2)
    with pytest.raises(ValueError, match="kinds"):
        make_shapes(kinds=("hexagon",))


# ------------------------------------------------------------------ real datasets: never download

@pytest.fixture
def empty_keras_home(tmp_path, monkeypatch):
    import keras

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def no_network(*args, **kwargs):
        raise AssertionError("a download was attempted")

    for name in ("mnist", "fashion_mnist", "cifar10"):
        monkeypatch.setattr(getattr(keras.datasets, name), "load_data", no_network)
    return tmp_path


def test_offline_loader_raises_a_clear_error(empty_keras_home):
    from tfdl.data import DatasetUnavailableError, is_cached, load_keras_dataset

    assert not is_cached("mnist") and is_cached("digits")
    with pytest.raises(DatasetUnavailableError, match="network") as info:
        load_keras_dataset("mnist")
    assert "load_digits" in str(info.value)


def test_load_dataset_falls_back_to_digits_with_a_warning(empty_keras_home):
    from tfdl.data import DatasetUnavailableError, load_dataset

    with pytest.warns(UserWarning, match="digits"):
        (x, y), (xt, yt) = load_dataset("cifar10")
    assert x.shape[1:] == (32, 32, 1) and set(np.unique(y)) == set(range(10))
    with pytest.warns(UserWarning):
        (x, _), _ = load_dataset("fashion_mnist")
    assert x.shape[1:] == (28, 28, 1)
    with pytest.raises(DatasetUnavailableError):
        load_dataset("mnist", fallback=False)


def test_cached_dataset_is_read_and_prepared(empty_keras_home, monkeypatch):
    import keras

    from tfdl.data import is_cached, load_dataset

    (empty_keras_home / "datasets").mkdir()
    (empty_keras_home / "datasets" / "mnist.npz").write_bytes(b"stub")
    fake = np.full((3, 28, 28), 255, "uint8")
    monkeypatch.setattr(keras.datasets.mnist, "load_data",
                        lambda: ((fake, np.array([1, 2, 3], "uint8")), (fake[:1], np.array([4], "uint8"))))
    assert is_cached("mnist")
    (x, y), (xt, yt) = load_dataset("mnist")
    assert x.shape == (3, 28, 28, 1) and x.dtype == np.float32 and x.max() == 1.0
    assert y.dtype == np.int64 and yt.tolist() == [4]


def test_failed_download_is_reported(empty_keras_home, monkeypatch):
    import urllib.error

    import keras

    from tfdl.data import DatasetUnavailableError, load_keras_dataset

    def offline():
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(DatasetUnavailableError, match="no route to host"):
        load_keras_dataset("mnist", allow_download=True)
    with pytest.raises(ValueError, match="name"):
        load_keras_dataset("imagenet")


def test_as_tf_dataset_batches_and_shuffles():
    from tfdl.data import as_tf_dataset

    x = np.arange(10, dtype="float32")[:, None]
    y = np.arange(10)
    batches = list(as_tf_dataset(x, y, batch_size=4, shuffle=True, seed=0))
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    seen = np.concatenate([np.asarray(b[1]) for b in batches])
    assert sorted(seen.tolist()) == list(range(10)) and seen.tolist() != list(range(10))
    for bx, by in batches:
        np.testing.assert_array_equal(np.asarray(bx)[:, 0], np.asarray(by))
    with pytest.raises(ValueError, match="same length"):
        as_tf_dataset(x, y[:5])
