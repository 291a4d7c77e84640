"""Autoencoders on the bundled digits: reconstruction, denoising and morphing through the code.

:func:`train_autoencoders` fits a plain :func:`tfdl.models.conv_autoencoder` and a
:func:`tfdl.models.denoising_autoencoder` with the same code size on the scikit-learn digits (no
network). The noise functions (:func:`gaussian_noise`, :func:`salt_and_pepper`, :func:`mask_square`,
one door :func:`corrupt`) are plain numpy, so a learner can read exactly what the network had to
undo; :func:`denoise` compares the noisy input, the plain autoencoder and the denoising one on the
same noisy digits; :func:`morph` decodes a straight line between two codes
(:func:`tfdl.models.interpolate_latents`) beside the plain pixel blend ``(1 − t)·a + t·b``.

Example:
    >>> import numpy as np
    >>> corrupt(np.zeros((1, 8, 8, 1)), "mask", 0.5).shape
    (1, 8, 8, 1)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, interval_error, one_of_error

__all__ = [
    "NOISE_KINDS",
    "AUTOENCODER_SIZES",
    "gaussian_noise",
    "salt_and_pepper",
    "mask_square",
    "corrupt",
    "reconstruction_errors",
    "pixel_blend",
    "TrainedAutoencoders",
    "train_autoencoders",
    "train_autoencoders_cost",
    "Denoised",
    "denoise",
    "morph",
]

NOISE_KINDS = ("gaussian", "salt_pepper", "mask")
#: image sides the autoencoders are trained at (multiples of 4: two stride-2 convolutions)
AUTOENCODER_SIZES = (8, 16, 28)
_FILTERS = (16, 32)
_BATCH = 64


def _images(x) -> np.ndarray:
    x = np.asarray(x, dtype="float32")
    if x.ndim == 3:
        x = x[None]
    if x.ndim != 4:
        raise TfdlValueError(
            "images_nhwc",
            "`x` must be images (N, H, W, C) or one image (H, W, C). Received: shape={shape}",
            shape=x.shape,
        )
    return x


def _level(name, value, upper=1.0):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.floating, np.integer))
        or not 0.0 <= float(value) <= upper
    ):
        raise interval_error(name, value, f"[0, {upper:g}]")
    return float(value)


def gaussian_noise(x, stddev: float, seed: int = 0) -> np.ndarray:
    """Additive Gaussian noise, clipped back to the pixel range: ``clip(x + σ·ε, 0, 1)``, ``ε ~ N(0, 1)``.

    Args:
        x: images (N, H, W, C) or one image (H, W, C), pixels in [0, 1].
        stddev: σ, in [0, 1].
        seed: seed of ``numpy.random.default_rng``.

    Returns:
        float32 array of the same shape as ``x`` (a batch of one for one image).

    Example:
        >>> float(gaussian_noise(np.zeros((2, 4, 4, 1)), 0.0).max())
        0.0
    """
    x, stddev = _images(x), _level("stddev", stddev)
    rng = np.random.default_rng(seed)
    return np.clip(x + stddev * rng.standard_normal(x.shape), 0.0, 1.0).astype("float32")


def salt_and_pepper(x, rate: float, seed: int = 0) -> np.ndarray:
    """Salt-and-pepper noise: each pixel becomes 0 with probability ``rate/2``, 1 with ``rate/2``.

    With ``u ~ U[0, 1)`` per pixel: ``0`` where ``u < rate/2``, ``1`` where ``rate/2 ≤ u < rate``,
    else ``x``.

    Args:
        x: images (N, H, W, C) or one image (H, W, C).
        rate: share of pixels replaced, in [0, 1].
        seed: seed of ``numpy.random.default_rng``.

    Returns:
        float32 array of the same shape as ``x``.

    Example:
        >>> float(salt_and_pepper(np.full((1, 4, 4, 1), 0.5), 1.0).std()) > 0
        True
    """
    x, rate = _images(x), _level("rate", rate)
    u = np.random.default_rng(seed).random(x.shape)
    return np.where(u < rate / 2, 0.0, np.where(u < rate, 1.0, x)).astype("float32")


def mask_square(x, fraction: float, seed: int = 0) -> np.ndarray:
    """A black square over each image (masking noise): side ``round(fraction · min(H, W))`` pixels,
    its top-left corner uniform over the positions where it fits (one per image, drawn in order).

    Args:
        x: images (N, H, W, C) or one image (H, W, C).
        fraction: side of the square as a share of the image side, in [0, 1].
        seed: seed of ``numpy.random.default_rng``.

    Returns:
        float32 array of the same shape as ``x``.

    Example:
        >>> int((mask_square(np.ones((1, 8, 8, 1)), 0.5) == 0).sum())
        16
    """
    x, fraction = _images(x), _level("fraction", fraction)
    n, h, w = x.shape[:3]
    side = int(round(fraction * min(h, w)))
    rng = np.random.default_rng(seed)
    tops = rng.integers(0, h - side + 1, size=n)
    lefts = rng.integers(0, w - side + 1, size=n)
    out = x.copy()
    for i in range(n):
        out[i, tops[i] : tops[i] + side, lefts[i] : lefts[i] + side] = 0.0
    return out


def corrupt(x, kind: str, level: float, seed: int = 0) -> np.ndarray:
    """One door to the noise functions: ``kind`` in :data:`NOISE_KINDS`, ``level`` in [0, 1] is σ
    (``"gaussian"``), the share of pixels (``"salt_pepper"``) or the square's side (``"mask"``).

    Example:
        >>> corrupt(np.zeros((8, 8, 1)), "gaussian", 0.0).shape
        (1, 8, 8, 1)
    """
    if kind not in NOISE_KINDS:
        raise one_of_error("kind", kind, NOISE_KINDS)
    function = {"gaussian": gaussian_noise, "salt_pepper": salt_and_pepper, "mask": mask_square}[kind]
    return function(x, level, seed)


def reconstruction_errors(x, x_hat) -> np.ndarray:
    """Mean squared error per image: ``mean over pixels of (x − x̂)²``, shape (N,).

    Example:
        >>> reconstruction_errors(np.zeros((2, 2, 2, 1)), np.ones((2, 2, 2, 1))).tolist()
        [1.0, 1.0]
    """
    x, x_hat = _images(x), _images(x_hat)
    return np.mean((x - x_hat) ** 2, axis=(1, 2, 3))


def pixel_blend(x_a, x_b, steps: int = 8) -> np.ndarray:
    """The plain cross-fade of two images, ``(1 − t)·a + t·b`` for ``t = 0, 1/(steps−1), …, 1``.

    Example:
        >>> pixel_blend(np.zeros((2, 2, 1)), np.ones((2, 2, 1)), 3)[:, 0, 0, 0].tolist()
        [0.0, 0.5, 1.0]
    """
    steps = check_int(steps, "steps", 2)
    a, b = _images(x_a)[:1], _images(x_b)[:1]
    t = np.linspace(0.0, 1.0, steps, dtype="float32")[:, None, None, None]
    return ((1.0 - t) * a + t * b).astype("float32")


@dataclass
class TrainedAutoencoders:
    """What :func:`train_autoencoders` returns.

    Attributes:
        plain, denoising: the trained ``keras.Model`` autoencoders (sub-models ``encoder``, ``decoder``).
        x_test, y_test: the test digits (never trained on) and their labels.
        history: ``{"plain": DataFrame, "denoising": DataFrame}``, one row per epoch (``loss``).
        test_error: ``{"plain": …, "denoising": …}`` mean reconstruction MSE on the clean test digits.
        seconds: wall time of both trainings.
    """

    plain: object
    denoising: object
    x_test: np.ndarray
    y_test: np.ndarray
    history: dict
    test_error: dict
    seconds: float


def _check(size, latent_dim, epochs, noise_level):
    size = check_int(size, "size", 8)
    if size not in AUTOENCODER_SIZES:
        raise one_of_error("size", size, AUTOENCODER_SIZES)
    return (
        size,
        check_int(latent_dim, "latent_dim", 1),
        check_int(epochs, "epochs", 1),
        _level("noise_level", noise_level),
    )


def _training_sets(x, noise_level, seed):
    """Inputs and targets, three copies of the digits each: the plain AE sees them clean; the
    denoising AE sees clean, salt-and-pepper and masked copies (its own layer adds Gaussian σ)."""
    noisy = np.concatenate([x, salt_and_pepper(x, noise_level, seed), mask_square(x, noise_level, seed + 1)])
    clean = np.concatenate([x, x, x])
    return clean, noisy


def train_autoencoders(
    size: int = 16, latent_dim: int = 8, epochs: int = 10, noise_level: float = 0.3, seed: int = 0, progress=None
) -> TrainedAutoencoders:
    """Train a plain and a denoising convolutional autoencoder on the digits, alike but for the noise.

    Both are ``conv → conv → Dense(latent_dim) → Dense → deconv → deconv → conv`` (filters 16, 32;
    :func:`tfdl.models.conv_autoencoder`), trained with Adam (3·10⁻³), batches of 64 and binary
    cross-entropy between the clean digit and the output, on three copies of the training digits
    per epoch. The denoising one (:func:`tfdl.models.denoising_autoencoder`, Vincent et al. 2008)
    gets corrupted inputs: Gaussian noise of σ = ``noise_level`` on every input (its own layer,
    active only in training), on top of one clean copy, one with salt-and-pepper noise at rate
    ``noise_level`` and one with a masked square of side ``noise_level`` × the image side.

    Args:
        size: image side, one of :data:`AUTOENCODER_SIZES`.
        latent_dim: size of the code ``z`` (the bottleneck), >= 1.
        epochs: epochs of each network, >= 1.
        noise_level: training noise of the denoising autoencoder, in [0, 1] (0 is taken as 0.01: its
            Gaussian layer needs σ > 0).
        seed: seed of the weights, the shuffling and the noise.
        progress: ``progress(done, total)`` after each epoch of either network.

    Returns:
        :class:`TrainedAutoencoders`.

    Example:
        >>> trained = train_autoencoders(8, latent_dim=4, epochs=1)   # doctest: +SKIP
        >>> trained.plain.get_layer("encoder").output_shape           # doctest: +SKIP
        (None, 4)

    Paper: Vincent, Larochelle, Bengio, Manzagol, "Extracting and Composing Robust Features with
    Denoising Autoencoders", ICML 2008.
    """
    import keras

    from tfdl.data import load_digits
    from tfdl.models import conv_autoencoder, denoising_autoencoder
    from tfdl.training import EpochTick, fit

    size, latent_dim, epochs, noise_level = _check(size, latent_dim, epochs, noise_level)
    (x, _y), (xt, yt) = load_digits(size=size)
    clean, noisy = _training_sets(x, noise_level, seed)
    builders = {
        "plain": (lambda: conv_autoencoder((size, size, 1), latent_dim, _FILTERS), clean),
        "denoising": (
            lambda: denoising_autoencoder((size, size, 1), latent_dim, _FILTERS, noise_stddev=max(noise_level, 0.01)),
            noisy,
        ),
    }
    done, total = 0, 2 * epochs

    def tick(steps=1):
        nonlocal done
        done += steps
        if progress is not None:
            progress(min(done, total), total)

    start = time.perf_counter()
    models, history, errors = {}, {}, {}
    for key, (build, inputs) in builders.items():
        result = fit(
            build,
            inputs,
            clean,
            epochs=epochs,
            batch_size=_BATCH,
            seed=seed,
            sink=EpochTick(lambda _epoch, _logs: tick()),
            optimizer=keras.optimizers.Adam(3e-3),
            loss="binary_crossentropy",
            metrics=(),
            jit_compile=False,
            steps_per_execution=4,
            max_loss_ratio=None,
        )
        if result.diverged:
            raise TfdlValueError(
                "autoencoder_diverged",
                "Training the {network} autoencoder diverged (the loss became NaN or inf); try another "
                "seed. Received: seed={seed}",
                network=key,
                seed=seed,
            )
        models[key], history[key] = result.model, result.history
        errors[key] = float(reconstruction_errors(xt, result.model.predict(xt, verbose=0)).mean())
    return TrainedAutoencoders(
        models["plain"], models["denoising"], xt, yt, history, errors, time.perf_counter() - start
    )


def train_autoencoders_cost(size: int = 16, latent_dim: int = 8, epochs: int = 10) -> float:
    """Estimated CPU seconds of :func:`train_autoencoders` (:func:`tfdl.training.estimate_fit_cost`
    of each network over three copies of the 1,437 training digits).

    Example:
        >>> train_autoencoders_cost(8, 4, 1) > 0
        True
    """
    from tfdl.models import conv_autoencoder
    from tfdl.training import estimate_fit_cost

    size, latent_dim, epochs, _ = _check(size, latent_dim, epochs, 0.0)
    cost = estimate_fit_cost(lambda: conv_autoencoder((size, size, 1), latent_dim, _FILTERS), 3 * 1437, epochs, _BATCH)
    return 2 * cost.seconds


@dataclass
class Denoised:
    """What :func:`denoise` returns: images (N, H, W, C) and their MSE against the clean digits (N,).

    Attributes:
        clean, noisy, plain, denoising: the digits, the corrupted inputs, and each autoencoder's output
            for the corrupted inputs.
        errors: ``{"noisy": …, "plain": …, "denoising": …}``, per-image MSE against ``clean``.
    """

    clean: np.ndarray
    noisy: np.ndarray
    plain: np.ndarray
    denoising: np.ndarray
    errors: dict


def denoise(plain, denoising, x, kind: str, level: float, seed: int = 0) -> Denoised:
    """Corrupt ``x`` with :func:`corrupt` and pass the same noisy digits through both autoencoders.

    Args:
        plain, denoising: autoencoders (``keras.Model``), e.g. from :func:`train_autoencoders`.
        x: clean images (N, H, W, C) or one image.
        kind, level, seed: the noise, as in :func:`corrupt`.

    Returns:
        :class:`Denoised`.

    Example:
        >>> from tfdl.models import conv_autoencoder
        >>> ae = conv_autoencoder((8, 8, 1), 2, (4, 4))
        >>> denoise(ae, ae, np.zeros((3, 8, 8, 1)), "gaussian", 0.2).errors["plain"].shape
        (3,)
    """
    x = _images(x)
    noisy = corrupt(x, kind, level, seed)
    outputs = {
        key: np.asarray(model.predict(noisy, verbose=0)) for key, model in (("plain", plain), ("denoising", denoising))
    }
    errors = {
        "noisy": reconstruction_errors(x, noisy),
        **{key: reconstruction_errors(x, out) for key, out in outputs.items()},
    }
    return Denoised(x, noisy, outputs["plain"], outputs["denoising"], errors)


def morph(model, x_a, x_b, steps: int = 8) -> dict:
    """Morph ``x_a`` into ``x_b``: through the code (:func:`tfdl.models.interpolate_latents`) and by
    blending pixels (:func:`pixel_blend`), for the same ``t = 0 … 1``.

    Returns:
        ``{"latent": (steps, H, W, C), "pixels": (steps, H, W, C), "t": (steps,)}``.

    Example:
        >>> from tfdl.models import conv_autoencoder
        >>> ae = conv_autoencoder((8, 8, 1), 2, (4, 4))
        >>> morph(ae, np.zeros((8, 8, 1)), np.ones((8, 8, 1)), 4)["latent"].shape
        (4, 8, 8, 1)
    """
    from tfdl.models import interpolate_latents

    steps = check_int(steps, "steps", 2)
    a, b = _images(x_a)[:1], _images(x_b)[:1]
    if a.shape != b.shape:
        raise TfdlValueError(
            "morph_shapes",
            "`x_a` and `x_b` must have the same shape. Received: {a} and {b}",
            a=a.shape[1:],
            b=b.shape[1:],
        )
    return {
        "latent": interpolate_latents(model, a, b, steps),
        "pixels": pixel_blend(a, b, steps),
        "t": np.linspace(0.0, 1.0, steps),
    }
