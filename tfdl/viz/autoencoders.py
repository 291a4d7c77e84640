"""Pictures of autoencoders: digits and their reconstructions, denoising side by side, morphing rows.

Every builder draws rows of grey images on one [0, 1] scale (pixel values, one colour bar), a label
at the left of each row and a caption under each image (its error, or ``t``). Texts are arguments
with English defaults, so the playground passes its translations.

Example:
    >>> import numpy as np
    >>> fig = reconstructions_figure(np.zeros((3, 8, 8, 1)), np.ones((3, 8, 8, 1)), [1.0, 1.0, 1.0])
    >>> len(fig.axes)
    7
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.viz.formatting import format_number

__all__ = ["AUTOENCODER_TEXTS", "image_rows_figure", "reconstructions_figure", "denoising_figure", "morph_figure"]

AUTOENCODER_TEXTS = {
    "original": "original",
    "reconstruction": "reconstruction",
    "clean": "clean digit",
    "noisy": "noisy input",
    "plain": "autoencoder",
    "denoising": "denoising autoencoder",
    "latent": "through the code",
    "pixels": "pixel blend",
    "mse": "MSE {value}",
    "mean mse": "mean MSE {value}",
    "pixel": "pixel value",
}


def _texts(texts: Mapping[str, str] | None) -> dict:
    return {**AUTOENCODER_TEXTS, **(texts or {})}


def _grey(images) -> np.ndarray:
    a = np.asarray(images, dtype="float32")
    if a.ndim == 4 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim != 3 or len(a) == 0:
        raise TfdlValueError(
            "image_rows_shape",
            "Each row must be a non-empty stack of grey images (N, H, W[, 1]). Received: shape={shape}",
            shape=np.shape(images),
        )
    return a


def image_rows_figure(
    rows: Mapping[str, np.ndarray],
    captions: Mapping[str, Sequence[str]] | None = None,
    *,
    colorbar_label: str = "pixel value",
    panel_size: float = 1.0,
    label_width: float = 1.6,
):
    """Rows of grey images on one [0, 1] scale, each row labelled at its left, with one colour bar.

    Args:
        rows: ``{row label: images (N, H, W[, 1])}`` in display order; rows may differ in length.
        captions: ``{row label: one text per image}`` drawn under the images (optional).
        colorbar_label: label of the colour bar.
        panel_size: inches per image.
        label_width: inches for the row labels.

    Returns:
        a Figure: one axis per image, then the colour bar's.

    Example:
        >>> len(image_rows_figure({"a": np.zeros((2, 4, 4))}).axes)
        3
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    stacks = {label: _grey(images) for label, images in rows.items()}
    if not stacks:
        raise TfdlValueError(
            "image_rows_empty", "`rows` must hold at least one row of images. Received: {rows!r}", rows=rows
        )
    ncols = max(len(s) for s in stacks.values())
    nrows = len(stacks)
    fig = Figure(figsize=(label_width + panel_size * ncols + 0.8, (panel_size + 0.3) * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for r, (label, images) in enumerate(stacks.items()):
        texts = list((captions or {}).get(label, []))
        for c in range(ncols):
            ax = axes[r, c]
            if c >= len(images):
                ax.axis("off")
                continue
            ax.imshow(images[c], cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if c < len(texts):
                ax.set_xlabel(texts[c], fontsize=8)
        axes[r, 0].set_ylabel(label, fontsize=9, rotation=0, ha="right", va="center", labelpad=6)
    bar = fig.colorbar(
        ScalarMappable(norm=Normalize(0.0, 1.0), cmap="gray"), ax=list(axes.ravel()), shrink=0.85, aspect=15, pad=0.02
    )
    bar.ax.tick_params(labelsize=7)
    bar.set_label(colorbar_label, fontsize=8)
    return fig


def _mse(values, template: str, fmt=format_number) -> list[str]:
    return [template.format(value=fmt(float(v), ".3f")) for v in np.ravel(values)]


def reconstructions_figure(
    originals, reconstructions, errors, *, texts: Mapping[str, str] | None = None, number_format=format_number
):
    """Digits (top row) above their reconstructions (bottom row), each captioned with its MSE.

    Args:
        originals, reconstructions: images (N, H, W[, 1]) in [0, 1].
        errors: the per-image reconstruction MSE (N,).
        texts: ``"original"``, ``"reconstruction"``, ``"mse"`` (with ``{value}``), ``"pixel"``.
        number_format: ``f(value, spec) → str`` for the numbers (the playground's locale).

    Returns:
        a Figure (:func:`image_rows_figure`).

    Example:
        >>> len(reconstructions_figure(np.zeros((2, 4, 4)), np.zeros((2, 4, 4)), [0, 0]).axes)
        5
    """
    t = _texts(texts)
    return image_rows_figure(
        {t["original"]: originals, t["reconstruction"]: reconstructions},
        {t["reconstruction"]: _mse(errors, t["mse"], number_format)},
        colorbar_label=t["pixel"],
    )


def denoising_figure(
    clean,
    noisy,
    plain,
    denoising,
    errors: Mapping[str, Sequence[float]],
    *,
    texts: Mapping[str, str] | None = None,
    number_format=format_number,
):
    """Clean digits, their noisy versions, and both autoencoders' outputs for the noisy input, one
    row each; every image after the first row captioned with its MSE against the clean digit, every
    row label with its mean.

    Args:
        clean, noisy, plain, denoising: images (N, H, W[, 1]).
        errors: ``{"noisy": (N,), "plain": (N,), "denoising": (N,)}`` MSE against ``clean``.
        texts: ``"clean"``, ``"noisy"``, ``"plain"``, ``"denoising"``, ``"mse"``, ``"mean mse"``, ``"pixel"``.
        number_format: ``f(value, spec) → str`` for the numbers.

    Returns:
        a Figure (:func:`image_rows_figure`).

    Example:
        >>> e = {k: [0.0] for k in ("noisy", "plain", "denoising")}
        >>> z = np.zeros((1, 4, 4))
        >>> len(denoising_figure(z, z, z, z, e).axes)
        5
    """
    t = _texts(texts)
    rows, captions = {t["clean"]: clean}, {}
    for key, images in (("noisy", noisy), ("plain", plain), ("denoising", denoising)):
        label = t[key] + "\n" + t["mean mse"].format(value=number_format(float(np.mean(errors[key])), ".3f"))
        rows[label] = images
        captions[label] = _mse(errors[key], t["mse"], number_format)
    return image_rows_figure(rows, captions, colorbar_label=t["pixel"])


def morph_figure(latent, pixels, t_values, *, texts: Mapping[str, str] | None = None, number_format=format_number):
    """Two rows for the same ``t = 0 … 1``: images decoded from the interpolated code, and the plain
    pixel blend ``(1 − t)·a + t·b``, each image captioned ``t = …``.

    Args:
        latent: decoded interpolations (steps, H, W[, 1]).
        pixels: pixel blends (steps, H, W[, 1]).
        t_values: the ``t`` of each column.
        texts: ``"latent"``, ``"pixels"``, ``"pixel"``.
        number_format: ``f(value, spec) → str`` for the numbers.

    Returns:
        a Figure (:func:`image_rows_figure`).

    Example:
        >>> len(morph_figure(np.zeros((3, 4, 4)), np.zeros((3, 4, 4)), [0, 0.5, 1]).axes)
        7
    """
    t = _texts(texts)
    captions = [f"t = {number_format(float(v), '.2f')}" for v in np.ravel(t_values)]
    return image_rows_figure(
        {t["latent"]: latent, t["pixels"]: pixels}, {t["pixels"]: captions}, colorbar_label=t["pixel"]
    )
