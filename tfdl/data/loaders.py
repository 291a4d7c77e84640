"""Real datasets through ``keras.datasets`` (MNIST, Fashion-MNIST, CIFAR-10) — only from the local cache.

tfdl never downloads behind your back: :func:`load_keras_dataset` reads the files Keras keeps in
``~/.keras/datasets`` (or ``$KERAS_HOME/datasets``) and raises :class:`DatasetUnavailableError`
with an explanation when they are missing, unless you pass ``allow_download=True``.
:func:`load_dataset` is the forgiving entry point: ``fallback=True`` serves the bundled
scikit-learn digits (with a warning) when a real set is not available. :func:`as_tf_dataset`
turns arrays into a shuffled, batched, prefetched ``tf.data.Dataset`` ready for ``model.fit``.

Example:
    >>> from tfdl.data import load_dataset
    >>> (x_train, y_train), (x_test, y_test) = load_dataset("digits", size=28)
    >>> x_train.shape[1:]
    (28, 28, 1)
"""

from __future__ import annotations

import os
import warnings

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = [
    "DATASETS",
    "DATASET_CLASSES",
    "DatasetUnavailableError",
    "keras_cache_dir",
    "is_cached",
    "load_keras_dataset",
    "load_dataset",
    "as_tf_dataset",
]

DATASETS = ("digits", "mnist", "fashion_mnist", "cifar10")

DATASET_CLASSES = {
    "digits": tuple(str(i) for i in range(10)),
    "mnist": tuple(str(i) for i in range(10)),
    "fashion_mnist": ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                      "Sneaker", "Bag", "Ankle boot"),
    "cifar10": ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
}

# The files keras.datasets.<name>.load_data() looks for before it downloads (relative to datasets/).
_CACHE_FILES = {
    "mnist": ("mnist.npz",),
    "fashion_mnist": tuple(
        os.path.join("fashion-mnist", f)
        for f in ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                  "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")
    ),
    "cifar10": (os.path.join("cifar-10-batches-py-target", "cifar-10-batches-py", "test_batch"),),
}


class DatasetUnavailableError(RuntimeError):
    """A real dataset is not in the local Keras cache and downloading was not allowed (or failed).

    Example:
        >>> issubclass(DatasetUnavailableError, RuntimeError)
        True
    """


def keras_cache_dir() -> str:
    """The folder where ``keras.datasets`` caches files: ``$KERAS_HOME/datasets`` or ``~/.keras/datasets``.

    Example:
        >>> keras_cache_dir().endswith("datasets")
        True
    """
    base = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(base, "datasets")


def _check_name(name: str, allowed=DATASETS) -> None:
    if name not in allowed:
        raise validation.one_of_error("name", name, allowed)


def is_cached(name: str) -> bool:
    """Whether ``keras.datasets`` can load ``name`` without the network (``"digits"``: always).

    Example:
        >>> is_cached("digits")
        True
    """
    _check_name(name)
    if name == "digits":
        return True
    root = keras_cache_dir()
    return all(os.path.exists(os.path.join(root, f)) for f in _CACHE_FILES[name])


def _unavailable_message(name: str) -> str:
    return (
        f"The {name!r} dataset is not in the local Keras cache ({keras_cache_dir()}) and loading it "
        "needs the network, which tfdl does not use unless asked. Either run "
        f"`tfdl.data.load_keras_dataset({name!r}, allow_download=True)` once on a machine online, "
        "copy the files into that folder, or use `tfdl.data.load_digits()` (bundled with "
        "scikit-learn, no network) — `load_dataset(name, fallback=True)` does this for you."
    )


def load_keras_dataset(name: str, normalize: bool = True, allow_download: bool = False):
    """MNIST, Fashion-MNIST or CIFAR-10 from ``keras.datasets``, as float arrays with a channel axis.

    Args:
        name: ``"mnist"``, ``"fashion_mnist"`` or ``"cifar10"``.
        normalize: scale pixels to [0, 1] float32 (else the raw 0–255 values as float32).
        allow_download: let Keras download the files when they are not cached.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: images ``(N, H, W, C)`` float32, labels ``(N,)`` int64.

    Raises:
        DatasetUnavailableError: not cached and ``allow_download=False``, or the download failed.

    Example:
        >>> (x, y), _ = load_keras_dataset("mnist")  # doctest: +SKIP
        >>> x.shape  # doctest: +SKIP
        (60000, 28, 28, 1)
    """
    _check_name(name, DATASETS[1:])
    if not allow_download and not is_cached(name):
        raise DatasetUnavailableError(_unavailable_message(name))
    import keras

    loader = getattr(keras.datasets, name).load_data
    try:
        (x_train, y_train), (x_test, y_test) = loader()
    except Exception as exc:  # network errors come in many types (URLError, OSError, HTTPError...)
        raise DatasetUnavailableError(f"{_unavailable_message(name)} (Keras said: {exc})") from exc

    def prepare(x, y):
        x = np.asarray(x, dtype="float32")
        if x.ndim == 3:
            x = x[..., None]
        if normalize:
            x = x / 255.0
        return x, np.asarray(y, dtype="int64").reshape(-1)

    return prepare(x_train, y_train), prepare(x_test, y_test)


def load_dataset(name: str = "digits", fallback: bool = True, size: int | None = None, **kwargs):
    """Any image-classification set by name; falls back to the bundled digits when one is missing.

    Args:
        name: one of :data:`DATASETS`.
        fallback: when a real set is not cached, warn and return ``load_digits`` instead (at
            ``size`` or the set's own side: 28 for MNIST-like, 32 for CIFAR-10); else raise.
        size: side of the digits images (``name="digits"`` or the fallback); default 8 for
            ``"digits"``.
        **kwargs: passed to :func:`load_keras_dataset` (``normalize``, ``allow_download``).

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as numpy arrays.

    Example:
        >>> (x, y), _ = load_dataset("digits", size=32)
        >>> x.shape[1:]
        (32, 32, 1)
    """
    from tfdl.data.digits import load_digits

    _check_name(name)
    if name == "digits":
        return load_digits(size=size or 8)
    try:
        return load_keras_dataset(name, **kwargs)
    except DatasetUnavailableError as exc:
        if not fallback:
            raise
        side = size or (32 if name == "cifar10" else 28)
        warnings.warn(f"{exc} Falling back to the scikit-learn digits at {side}×{side}.", stacklevel=2)
        return load_digits(size=side)


def as_tf_dataset(x, y=None, batch_size: int = 32, shuffle: bool = True, seed: int = 0,
                  drop_remainder: bool = False, repeat: bool = False):
    """A ``tf.data.Dataset`` of ``(x, y)`` mini-batches, shuffled each epoch and prefetched.

    ``from_tensor_slices → shuffle(len(x), seed, reshuffle_each_iteration) → batch → prefetch``.

    Args:
        x: inputs, numpy array ``(N, ...)``.
        y: labels ``(N, ...)`` or ``None`` (then the dataset yields ``x`` only).
        batch_size: mini-batch size (>= 1).
        shuffle: shuffle the examples (again every epoch).
        seed: shuffle seed.
        drop_remainder: drop the last incomplete batch.
        repeat: repeat forever (then pass ``steps_per_epoch`` to ``fit``).

    Returns:
        ``tf.data.Dataset`` ready for ``model.fit``.

    Example:
        >>> ds = as_tf_dataset(np.zeros((10, 2), "float32"), np.zeros(10, "int64"), batch_size=4)
        >>> [tuple(b[0].shape) for b in ds]
        [(4, 2), (4, 2), (2, 2)]
    """
    import tensorflow as tf

    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise validation.int_min_error("batch_size", batch_size, 1)
    n = len(x)
    if y is not None and len(y) != n:
        raise TfdlValueError(
            "xy_length",
            "`x` and `y` must have the same length. Received: len(x)={n}, len(y)={n_y}",
            n=n, n_y=len(y),
        )
    ds = tf.data.Dataset.from_tensor_slices((x, y) if y is not None else x)
    if shuffle:
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    return ds.batch(int(batch_size), drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)
