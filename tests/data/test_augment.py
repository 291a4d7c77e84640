"""tfdl.data.augment and its layers: blur against a numpy convolution, whole-pixel shifts against
np.roll with zeros, glare against its formula, identity at strength 0 and at test time,
test-time augmentation, the tf.data pipeline, errors."""

import keras
import numpy as np
import pytest

from tfdl.data.augment import AUGMENTATIONS, augmented_dataset, make_augmenter, test_time_augmentation
from tfdl.layers import RandomGaussianBlur, RandomGlare, gaussian_kernel, glare_spots

RNG = np.random.default_rng(0)
X = RNG.random((3, 8, 8, 2)).astype("float32")


def _conv_same_numpy(image, kernel):
    """Cross-correlation of one (H, W) channel with a (k, k) kernel, zeros outside, same size."""
    r = kernel.shape[0] // 2
    padded = np.pad(image, r)
    out = np.zeros_like(image)
    for i in range(image.shape[0]):
        for j in range(image.shape[1]):
            out[i, j] = np.sum(padded[i:i + 2 * r + 1, j:j + 2 * r + 1] * kernel)
    return out


def _shift_numpy(image, dy, dx):
    """np.roll by whole pixels, with zeros where the roll wrapped around."""
    out = np.roll(image, (dy, dx), axis=(0, 1))
    if dy > 0:
        out[:dy] = 0
    elif dy < 0:
        out[dy:] = 0
    if dx > 0:
        out[:, :dx] = 0
    elif dx < 0:
        out[:, dx:] = 0
    return out


def test_gaussian_kernel_is_the_normalised_formula():
    t = np.arange(-2, 3)
    g = np.exp(-(t[:, None] ** 2 + t[None, :] ** 2) / (2 * 0.8**2))
    np.testing.assert_allclose(gaussian_kernel(0.8), g / g.sum(), rtol=1e-5)  # radius ⌈2σ⌉ = 2
    with pytest.raises(ValueError, match="`sigma` must be > 0"):
        gaussian_kernel(0.0)


def test_full_blur_is_a_numpy_convolution_per_channel():
    layer = RandomGaussianBlur(1.0, amount=(1.0, 1.0), seed=0)
    kernel = np.asarray(gaussian_kernel(1.0))
    expected = np.stack([[_conv_same_numpy(img[..., c], kernel) for c in range(2)] for img in X])
    np.testing.assert_allclose(layer(X), np.moveaxis(expected, 1, -1), rtol=1e-5, atol=1e-6)
    half = np.asarray(RandomGaussianBlur(1.0, amount=(0.5, 0.5))(X))  # the blend (1 − a)·x + a·blur
    np.testing.assert_allclose(half, 0.5 * X + 0.5 * np.moveaxis(expected, 1, -1), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(layer(X, training=False), X)


def test_whole_pixel_shift_is_np_roll_with_zero_fill():
    """The layer make_augmenter uses for "shift", with a fixed translation: +2 rows, −1 column."""
    shift = make_augmenter(("shift",), 1.0).layers[0]
    fixed = keras.layers.RandomTranslation.from_config({**shift.get_config(), "height_factor": (0.25, 0.25),
                                                        "width_factor": (-0.125, -0.125)})
    out = np.asarray(fixed(X))
    expected = np.stack([np.stack([_shift_numpy(img[..., c], 2, -1) for c in range(2)], -1) for img in X])
    np.testing.assert_allclose(out, expected, atol=1e-6)


def test_glare_adds_the_formula_spot_and_clips():
    spots = np.asarray(glare_spots(5, 6, [[1.0, 4.0]], [0.7], 1.5))[0, ..., 0]
    i, j = np.mgrid[0:5, 0:6]
    np.testing.assert_allclose(spots, 0.7 * np.exp(-((i - 1) ** 2 + (j - 4) ** 2) / (2 * 1.5**2)), rtol=1e-6)
    layer = RandomGlare(0.8, seed=1)
    out = np.asarray(layer(X))
    added = out - X
    assert np.all(out <= 1.0) and np.all(added >= -1e-7)  # brighter only, clipped to the value range
    assert np.all(added.max(axis=(1, 2, 3)) <= 0.8 + 1e-6)
    unclipped = (out[..., 0] < 1.0) & (out[..., 1] < 1.0)
    assert unclipped.mean() > 0.5
    np.testing.assert_allclose(added[..., 0][unclipped], added[..., 1][unclipped], atol=1e-5)  # one spot for all
    np.testing.assert_array_equal(layer(X, training=False), X)


def test_strength_zero_and_test_time_are_the_identity():
    x = X[..., :1]
    np.testing.assert_allclose(make_augmenter(AUGMENTATIONS, 0.0, seed=0)(x), x, atol=1e-6)
    strong = make_augmenter(AUGMENTATIONS, 1.0, seed=0)
    assert [layer.name for layer in strong.layers] == ["stretch", "rotate", "shift", "blur", "glare"]
    assert not np.allclose(strong(x), x)
    np.testing.assert_array_equal(strong(x, training=False), x)


def test_tta_over_identity_copies_is_the_plain_prediction():
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(3, "softmax")])
    x = X[..., :1]
    plain = model.predict(x, verbose=0)
    np.testing.assert_allclose(test_time_augmentation(model, x, 2, make_augmenter(())), plain, rtol=1e-6)
    doubled = test_time_augmentation(model, x, 2, keras.layers.Rescaling(2.0))  # a deterministic "augmentation"
    np.testing.assert_allclose(doubled, model.predict(2 * x, verbose=0), rtol=1e-5)
    tta = test_time_augmentation(model, x, 3, make_augmenter(("shift", "glare"), 1.0, seed=0))
    np.testing.assert_allclose(tta.sum(axis=1), 1.0, rtol=1e-5)  # an average of probabilities
    with pytest.raises(ValueError, match="`n` must be >= 1"):
        test_time_augmentation(model, x, 0, make_augmenter(()))


def test_augmented_dataset_gives_every_example_once_per_epoch():
    y = np.arange(3)
    ds = augmented_dataset(X[..., :1], y, make_augmenter(AUGMENTATIONS, 0.5, seed=0), batch_size=2, seed=0)
    for _ in range(2):  # the map runs in a tf.data graph: new draws every epoch
        batches = list(ds)
        assert sorted(np.concatenate([b[1].numpy() for b in batches]).tolist()) == [0, 1, 2]
        assert all(b[0].shape[1:] == (8, 8, 1) for b in batches)


@pytest.mark.parametrize("call, word", [
    (lambda: make_augmenter(("blur", "cutout")), "`kinds` must be one of"),
    (lambda: make_augmenter(("blur",), 1.5), "`strength` must be in \\[0, 1\\]"),
    (lambda: RandomGaussianBlur(-1.0), "`sigma` must be >= 0"),
    (lambda: RandomGaussianBlur(1.0, amount=(0.8, 0.2)), "`amount` must be a pair"),
    (lambda: RandomGlare(0.5, radius=0.0), "`radius` must be > 0"),
])
def test_bad_arguments_name_the_argument(call, word):
    with pytest.raises(ValueError, match=word):
        call()
