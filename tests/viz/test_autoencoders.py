"""tfdl.viz.autoencoders: rows of digits on one [0, 1] scale with a colour bar, texts from the caller."""

from __future__ import annotations

import numpy as np
import pytest

from tfdl.viz import autoencoders as V


def _texts(fig):
    out = []
    for ax in fig.axes:
        out += [ax.get_xlabel(), ax.get_ylabel()]
    return out


def test_reconstructions_show_the_images_unscaled_with_their_errors():
    originals = np.linspace(0, 0.5, 2 * 16).reshape(2, 4, 4, 1)
    fig = V.reconstructions_figure(
        originals,
        originals + 0.1,
        [0.01, 0.02],
        texts={"original": "оригинал", "mse": "СКО {value}", "pixel": "яркость"},
    )
    image_axes = [ax for ax in fig.axes if ax.images]
    assert len(image_axes) == 4 and fig.axes[-1].get_label() == "<colorbar>"
    shown = image_axes[0].images[0]
    np.testing.assert_allclose(shown.get_array(), originals[0, ..., 0])  # not min–max rescaled
    assert shown.get_clim() == (0.0, 1.0)
    texts = _texts(fig)
    assert "оригинал" in texts and "СКО 0.010" in texts and "СКО 0.020" in texts and "яркость" in texts


def test_denoising_rows_carry_their_mean_errors():
    z = np.zeros((3, 4, 4))
    errors = {"noisy": [0.3, 0.3, 0.3], "plain": [0.2, 0.2, 0.2], "denoising": [0.1, 0.1, 0.1]}
    fig = V.denoising_figure(z, z, z, z, errors, number_format=lambda v, spec: format(v, spec).replace(".", ","))
    labels = [ax.get_ylabel() for ax in fig.axes[:-1] if ax.get_ylabel()]
    assert labels == [
        "clean digit",
        "noisy input\nmean MSE 0,300",
        "autoencoder\nmean MSE 0,200",
        "denoising autoencoder\nmean MSE 0,100",
    ]


def test_morph_rows_are_captioned_with_t():
    fig = V.morph_figure(np.zeros((3, 4, 4, 1)), np.ones((3, 4, 4, 1)), [0, 0.5, 1])
    assert "t = 0.50" in _texts(fig)
    assert len([ax for ax in fig.axes if ax.images]) == 6


def test_bad_rows_are_explained():
    with pytest.raises(ValueError, match="grey images"):
        V.image_rows_figure({"a": np.zeros((4, 4))})
    with pytest.raises(ValueError, match="at least one row"):
        V.image_rows_figure({})
