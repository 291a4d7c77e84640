"""Handwritten digits: scikit-learn's ``load_digits`` set, embedded here (no network needed).

1,797 grey 8×8 images of the digits 0–9 (values 0–16). ``load_digits(size=28)`` resizes them
for networks that expect MNIST-like inputs; ``size=32`` suits LeNet-5.

The images and labels are stored in ``digits.npz`` next to this file (45 kB, the same arrays as
``sklearn.datasets.load_digits()``, so ``digit_image`` needs neither scikit-learn nor its
1.7 s import). They are the test set of the UCI "Optical Recognition of Handwritten Digits"
data (E. Alpaydin, C. Kaynak, 1998; archive.ics.uci.edu, CC BY 4.0), as shipped
by scikit-learn (BSD-3-Clause).

Example:
    >>> from tfdl.data import load_digits
    >>> (x_train, y_train), (x_test, y_test) = load_digits(size=28)
    >>> x_train.shape[1:]
    (28, 28, 1)
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["load_digits", "digit_image"]

_FILE = Path(__file__).resolve().with_name("digits.npz")


@functools.cache
def _arrays() -> tuple[np.ndarray, np.ndarray]:
    """The embedded images (1797, 8, 8) uint8 in 0–16 and labels (1797,) uint8, read once."""
    with np.load(_FILE) as data:
        images, labels = data["images"], data["labels"]
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def _resize(images: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of a stack of square images (N, h, w) -> (N, size, size)."""
    from scipy.ndimage import zoom

    factor = size / images.shape[1]
    return np.clip(zoom(images, (1, factor, factor), order=1), 0.0, 1.0)


def load_digits(size: int = 8, test_ratio: float = 0.2, seed: int = 0, normalize: bool = True):
    """The scikit-learn digits, as ``(x_train, y_train), (x_test, y_test)``.

    Args:
        size: side of the returned images: 8 (native), or any size >= 8 (e.g. 28, 32).
        test_ratio: share of images kept for the test set, in (0, 1).
        seed: seed of the stratified shuffle that splits train and test.
        normalize: scale pixel values to [0, 1] (else the raw 0–16 integers, as float32).

    Returns:
        Two tuples of numpy arrays: images ``(N, size, size, 1)`` float32, labels ``(N,)`` int64.
    """
    if not isinstance(size, (int, np.integer)) or size < 8:
        raise validation.int_min_error("size", size, 8)
    if not 0.0 < test_ratio < 1.0:
        raise validation.interval_error("test_ratio", test_ratio, "(0, 1)")
    from sklearn.model_selection import train_test_split

    images, labels = _arrays()
    x = images.astype("float32") / 16.0
    y = labels.astype("int64")
    if size != 8:
        x = _resize(x, int(size)).astype("float32")
    if not normalize:
        x = x * 16.0
    x = x[..., None]
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_ratio, random_state=seed, stratify=y
    )
    return (x_train, y_train), (x_test, y_test)


def digit_image(index: int = 0, size: int = 8) -> tuple[np.ndarray, int]:
    """One digit as an integer grid (0–16 at size 8, 0–255 when resized) and its label."""
    images, labels = _arrays()
    if not 0 <= index < len(images):
        raise TfdlValueError(
            "index_range",
            "`index` must be in [0, {n}). Received: index={index!r}",
            n=len(images), index=index,
        )
    image = images[index].astype("float64")
    if size != 8:
        image = np.rint(_resize(image[None] / 16.0, size)[0] * 255.0)
    return image.astype("int64"), int(labels[index])
