"""tfdl.experiments.autoencoders: the noise functions against their numpy definitions, latent morphing,
the encoder/decoder split through a safe-mode .keras round trip, and a tiny trained pair (8×8
digits, two epochs, trained once for the module) whose denoising autoencoder removes noise."""

from __future__ import annotations

import numpy as np
import pytest

from tfdl.experiments import autoencoders as A


@pytest.fixture(scope="module")
def trained():
    return A.train_autoencoders(size=8, latent_dim=8, epochs=2, noise_level=0.3, seed=0)


def _digits(n=5, size=8):
    from tfdl.data import load_digits

    (x, _), _ = load_digits(size=size)
    return x[:n]


def test_gaussian_noise_is_the_clipped_sum_with_the_same_draws():
    x = _digits()
    eps = np.random.default_rng(3).standard_normal(x.shape)
    np.testing.assert_allclose(A.gaussian_noise(x, 0.4, seed=3), np.clip(x + 0.4 * eps, 0, 1), atol=1e-6)
    assert A.gaussian_noise(x, 0.0).dtype == np.float32
    np.testing.assert_array_equal(A.gaussian_noise(x, 0.0), x)


def test_salt_and_pepper_replaces_the_drawn_share_of_pixels():
    x = np.full((40, 8, 8, 1), 0.5, dtype="float32")
    u = np.random.default_rng(1).random(x.shape)
    expected = x.copy()
    expected[u < 0.15] = 0.0
    expected[(u >= 0.15) & (u < 0.3)] = 1.0
    out = A.salt_and_pepper(x, 0.3, seed=1)
    np.testing.assert_array_equal(out, expected)
    assert abs(np.mean(out != 0.5) - 0.3) < 0.03  # the rate, as a share of pixels
    assert abs(np.mean(out == 0.0) - np.mean(out == 1.0)) < 0.03  # salt as often as pepper


def test_mask_square_blanks_one_square_of_the_given_side_per_image():
    x = np.ones((6, 16, 16, 1), dtype="float32")
    out = A.mask_square(x, 0.25, seed=2)
    rng = np.random.default_rng(2)
    tops, lefts = rng.integers(0, 13, size=6), rng.integers(0, 13, size=6)
    for i in range(6):
        zeros = np.argwhere(out[i, ..., 0] == 0)
        assert len(zeros) == 16  # a 4×4 square
        assert tuple(zeros.min(axis=0)) == (tops[i], lefts[i])
        assert tuple(zeros.max(axis=0)) == (tops[i] + 3, lefts[i] + 3)


def test_corrupt_dispatches_and_explains_bad_arguments():
    x = _digits(2)
    np.testing.assert_array_equal(A.corrupt(x, "mask", 0.5, seed=4), A.mask_square(x, 0.5, seed=4))
    with pytest.raises(ValueError, match="kind"):
        A.corrupt(x, "speckle", 0.1)
    with pytest.raises(ValueError, match=r"level|stddev"):
        A.corrupt(x, "gaussian", 1.5)
    with pytest.raises(ValueError, match="images"):
        A.corrupt(np.zeros((4, 4)), "gaussian", 0.1)


def test_reconstruction_errors_and_pixel_blend_are_their_formulas():
    a, b = _digits(2)
    np.testing.assert_allclose(A.reconstruction_errors(a, b), [np.mean((a - b) ** 2)], rtol=1e-6)
    blend = A.pixel_blend(a, b, 5)
    np.testing.assert_allclose(blend[1], 0.75 * a + 0.25 * b, atol=1e-6)
    np.testing.assert_array_equal(blend[0], a)
    np.testing.assert_array_equal(blend[-1], b)


def test_morph_ends_decode_to_the_two_reconstructions(trained):
    model = trained.plain
    a, b = trained.x_test[0], trained.x_test[1]
    frames = A.morph(model, a, b, steps=6)
    reconstructions = model.predict(np.stack([a, b]), verbose=0)
    np.testing.assert_allclose(frames["latent"][0], reconstructions[0], atol=1e-5)
    np.testing.assert_allclose(frames["latent"][-1], reconstructions[1], atol=1e-5)
    assert frames["latent"].shape == (6, 8, 8, 1)
    np.testing.assert_allclose(frames["t"], np.linspace(0, 1, 6))


def test_the_denoising_autoencoder_removes_noise(trained):
    x = trained.x_test[:200]
    salt = A.denoise(trained.plain, trained.denoising, x, "salt_pepper", 0.3, seed=5)
    assert salt.errors["denoising"].mean() < 0.5 * salt.errors["noisy"].mean()
    assert salt.errors["denoising"].mean() < salt.errors["plain"].mean()  # it learnt what the plain one did not
    np.testing.assert_allclose(salt.errors["noisy"], A.reconstruction_errors(x, A.salt_and_pepper(x, 0.3, seed=5)))
    assert set(trained.history) == {"plain", "denoising"} and len(trained.history["plain"]) == 2
    assert trained.test_error["plain"] < 0.1


def test_encoder_decoder_split_round_trips_in_safe_mode(trained, tmp_path):
    import keras

    model = trained.denoising
    x = trained.x_test[:4]
    paths = {}
    for part in ("encoder", "decoder"):
        paths[part] = tmp_path / f"{part}.keras"
        model.get_layer(part).save(paths[part])
    encoder = keras.saving.load_model(paths["encoder"], safe_mode=True)
    decoder = keras.saving.load_model(paths["decoder"], safe_mode=True)
    z = encoder.predict(x, verbose=0)
    assert z.shape == (4, 8)
    # at inference the corruption layer is the identity: decoder(encoder(x)) is the whole model
    np.testing.assert_allclose(decoder.predict(z, verbose=0), model.predict(x, verbose=0), atol=1e-5)


def test_cost_and_bad_training_settings():
    assert A.train_autoencoders_cost(16, 8, 10) > A.train_autoencoders_cost(8, 8, 1) > 0
    with pytest.raises(ValueError, match="size"):
        A.train_autoencoders_cost(12, 8, 1)
    with pytest.raises(ValueError, match="latent_dim"):
        A.train_autoencoders(8, latent_dim=0)
