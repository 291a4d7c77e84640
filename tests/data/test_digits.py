"""tfdl.data.digits: the embedded digits are scikit-learn's, and loading them needs no scikit-learn."""


import numpy as np
import pytest

from tfdl.data import digit_image, load_digits


def test_embedded_digits_are_scikit_learns():
    datasets = pytest.importorskip("sklearn.datasets")
    bunch = datasets.load_digits()
    for index in (0, 1, 900, 1796):
        image, label = digit_image(index)
        np.testing.assert_array_equal(image, bunch.images[index])
        assert label == bunch.target[index]
    from tfdl.data.digits import _arrays

    images, labels = _arrays()
    np.testing.assert_array_equal(images, bunch.images)
    np.testing.assert_array_equal(labels, bunch.target)


def test_load_digits_split_matches_scikit_learn():
    datasets = pytest.importorskip("sklearn.datasets")
    from sklearn.model_selection import train_test_split

    bunch = datasets.load_digits()
    x = (bunch.images / 16.0).astype("float32")[..., None]
    ref = train_test_split(x, bunch.target, test_size=0.2, random_state=3, stratify=bunch.target)
    (x_train, y_train), (x_test, y_test) = load_digits(seed=3)
    np.testing.assert_allclose(x_train, ref[0])
    np.testing.assert_allclose(x_test, ref[1])
    np.testing.assert_array_equal(y_train, ref[2])
    np.testing.assert_array_equal(y_test, ref[3])
