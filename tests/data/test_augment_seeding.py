"""A seeded augmentation pipeline gives the same copies whatever the process drew before (the Train
page's augmented digits run in a long-lived server, its code export in a fresh interpreter)."""

import keras
import numpy as np

from tfdl.data.augment import augmented_dataset, make_augmenter


def _first_batch(global_seed: int) -> np.ndarray:
    keras.utils.set_random_seed(global_seed)  # what other code in the process left behind
    keras.random.uniform((3,))
    x = np.linspace(0, 1, 4 * 6 * 6, dtype="float32").reshape(4, 6, 6, 1)
    ds = augmented_dataset(x, np.arange(4), make_augmenter(("shift", "rotate"), 0.8, seed=0), 4, seed=0)
    return np.asarray(next(iter(ds))[0])


def test_seeded_augmentation_does_not_depend_on_the_global_seed():
    a, b = _first_batch(1), _first_batch(2)
    np.testing.assert_array_equal(a, b)
    x = np.linspace(0, 1, 4 * 6 * 6, dtype="float32").reshape(4, 6, 6, 1)
    assert not np.allclose(np.sort(a.ravel()), np.sort(x.ravel()))  # the copies are augmented, not the input
