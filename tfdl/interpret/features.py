"""What a network computes inside: filters as images, feature maps, activation statistics.

The first conv layer's kernels are small images (edge and blob detectors after training); the
feature maps of a layer show where each filter fires on a given input; histograms of the
activations show dead or saturated units (Zeiler & Fergus, 2014; Yosinski et al., 2015).

Example:
    >>> import keras, numpy as np, tfdl
    >>> cnn = keras.Sequential([keras.Input((8, 8, 1)),
    ...                         keras.layers.Conv2D(4, 3, activation="relu", name="conv1")])
    >>> tfdl.interpret.feature_maps(cnn, np.zeros((8, 8, 1)), "conv1").shape
    (6, 6, 4)
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.interpret import _probe
from tfdl.validation import deprecated_argument, int_min_error, interval_error

__all__ = [
    "feature_map_layers",
    "filter_images",
    "image_grid",
    "feature_maps",
    "layer_activations",
    "activation_histograms",
]


def feature_map_layers(model) -> list[str]:
    """Names of the model's layers whose output is a feature map ``(N, h, w, C)``, in order.

    Args:
        model: a built Keras model.

    Returns:
        list of layer names (what :func:`feature_maps` and :func:`tfdl.interpret.grad_cam` accept).

    Example:
        >>> feature_map_layers(cnn)
        ['conv1']
    """
    _probe.check_model(model)
    return _probe.conv_layer_names(model)


def filter_images(model, layer_name: str | None = None, *, input_channel: int | None = None, normalize: bool = True):
    """The kernels of a conv layer as small images, one per output channel.

    Each filter ``W[:, :, :, k]`` (``kh × kw × C_in``) is min–max scaled to ``[0, 1]`` on its own
    (``(W − min) / (max − min)``), the usual way of showing first-layer filters. With one or
    three input channels the image keeps them (grey or RGB); otherwise ``input_channel`` picks one,
    or by default the mean over input channels is shown.

    Args:
        model: a built Keras model.
        layer_name: a layer with a 4-D kernel (Conv2D and friends); ``None`` = the first one.
        input_channel: which input channel to show when ``C_in`` is not 1 or 3 (``None``: mean).
        normalize: scale each filter to ``[0, 1]``; ``False`` returns the raw weights.

    Returns:
        numpy float32 array ``(C_out, kh, kw)`` (grey) or ``(C_out, kh, kw, 3)`` (RGB).

    Example:
        >>> filter_images(cnn).shape
        (4, 3, 3)

    Paper: M. D. Zeiler, R. Fergus, "Visualizing and Understanding Convolutional Networks",
    ECCV 2014 (arXiv:1311.2901).
    """
    _probe.check_model(model)
    if layer_name is None:
        names = [layer.name for layer in model.layers if _kernel(layer) is not None]
        if not names:
            raise TfdlValueError(
                "no_conv_kernel",
                "`model` {model_name!r} has no layer with a 4-D convolution kernel",
                model_name=model.name,
            )
        layer_name = names[0]
    w = _kernel(_probe.get_layer(model, layer_name))
    if w is None:
        raise TfdlValueError(
            "layer_kernel_4d",
            "`layer_name` must name a layer with a 4-D kernel (kh, kw, C_in, C_out). Received: "
            "layer_name={layer_name!r}",
            layer_name=layer_name,
        )
    w = np.transpose(w, (3, 0, 1, 2))  # (C_out, kh, kw, C_in)
    c_in = w.shape[-1]
    if input_channel is not None:
        if not 0 <= input_channel < c_in:
            raise interval_error("input_channel", input_channel, f"[0, {c_in})")
        w = w[..., input_channel]
    elif c_in == 1:
        w = w[..., 0]
    elif c_in != 3:
        w = w.mean(axis=-1)
    if normalize:
        flat = w.reshape(len(w), -1)
        lo = flat.min(axis=1).reshape((-1,) + (1,) * (w.ndim - 1))
        hi = flat.max(axis=1).reshape((-1,) + (1,) * (w.ndim - 1))
        w = np.where(hi > lo, (w - lo) / np.where(hi > lo, hi - lo, 1.0), 0.5)
    return w.astype("float32")


def _kernel(layer):
    kernel = getattr(layer, "kernel", None)
    if kernel is None or len(kernel.shape) != 4:
        return None
    return np.asarray(kernel.numpy() if hasattr(kernel, "numpy") else kernel)


def image_grid(images, ncols: int | None = None, pad: int = 1, padding_value: float | None = None,
               *, pad_value: float | None = None):
    """Tile a stack of images into one picture, row by row.

    Args:
        images: array ``(N, h, w)`` or ``(N, h, w, C)`` with ``C`` in {1, 3}.
        ncols: images per row (default ``ceil(sqrt(N))``).
        pad: pixels of border between tiles (>= 0).
        padding_value: value of the border (default: the maximum of ``images``, i.e. white).
        pad_value: deprecated name of ``padding_value``.

    Returns:
        numpy array ``(rows·(h+pad)−pad, ncols·(w+pad)−pad[, C])``.

    Example:
        >>> image_grid(np.zeros((6, 3, 3)), ncols=3).shape
        (7, 11)
    """
    padding_value = deprecated_argument("pad_value", "padding_value", pad_value, padding_value, None)
    images = np.asarray(images, dtype="float32")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise TfdlValueError(
            "images_stack",
            "`images` must be a non-empty stack (N, h, w) or (N, h, w, C). Received: shape={shape}",
            shape=images.shape,
        )
    if not isinstance(pad, (int, np.integer)) or pad < 0:
        raise int_min_error("pad", pad, 0)
    n, h, w = images.shape[:3]
    if ncols is None:
        ncols = int(np.ceil(np.sqrt(n)))
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise int_min_error("ncols", ncols, 1)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fill = float(images.max()) if padding_value is None else float(padding_value)
    grid = np.full((nrows * (h + pad) - pad, ncols * (w + pad) - pad) + images.shape[3:], fill, dtype="float32")
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        grid[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = image
    return grid


def layer_activations(model, x, layer_names, batch_size: int = 256) -> dict:
    """Outputs of several named layers for the inputs ``x`` (one forward pass per batch).

    Args:
        model: a built single-input, single-output Keras model.
        x: one input or a batch.
        layer_names: names of the layers to read.
        batch_size: examples per forward pass.

    Returns:
        dict ``{name: numpy array (N, ...)}`` (no batch axis if ``x`` was a single input).

    Example:
        >>> layer_activations(cnn, np.zeros((2, 8, 8, 1)), ["conv1"])["conv1"].shape
        (2, 6, 6, 4)
    """
    names = tuple(layer_names)
    if not names:
        raise TfdlValueError(
            "layer_names_empty",
            "`layer_names` must name at least one layer. Received: layer_names={layer_names!r}",
            layer_names=layer_names,
        )
    pr = _probe.probe(model, taps=names, logits=False)
    xb, added = _probe.as_batch(model, x)
    parts = {name: [] for name in names}
    for start in range(0, len(xb), batch_size):
        outs = pr(xb[start:start + batch_size])
        for name, out in zip(names, outs[:-1]):
            parts[name].append(np.asarray(out))
    result = {name: np.concatenate(chunks, axis=0) for name, chunks in parts.items()}
    return {name: (a[0] if added else a) for name, a in result.items()}


def feature_maps(model, x, layer_name: str):
    """The feature maps of one layer for an input: where each of its filters fires.

    ``A^k = f_layer(x)[..., k]``, read from a probe model that shares the model's weights (built
    once per layer and cached).

    Args:
        model: a built single-input, single-output Keras model.
        x: one input or a batch.
        layer_name: the layer to read (see :func:`feature_map_layers`).

    Returns:
        numpy float32 array: the layer output, e.g. ``(h, w, C)`` for one image.

    Example:
        >>> feature_maps(cnn, np.zeros((8, 8, 1)), "conv1").shape
        (6, 6, 4)

    Paper: M. D. Zeiler, R. Fergus, "Visualizing and Understanding Convolutional Networks",
    ECCV 2014 (arXiv:1311.2901).
    """
    return layer_activations(model, x, [layer_name])[layer_name].astype("float32")


def activation_histograms(model, x, layer_names=None, bins: int = 30) -> dict:
    """Histograms and summary statistics of the activations of each layer over a batch.

    For each layer: ``counts, edges = histogram(a)``, ``mean``, ``std`` and the share of exact
    zeros (dead ReLU outputs), the quantities tracked when studying initialisation and saturation.

    Args:
        model: a built single-input, single-output Keras model.
        x: a batch of inputs.
        layer_names: layers to read (``None``: every layer except the input).
        bins: number of histogram bins (>= 1).

    Returns:
        dict ``{name: {"counts", "edges", "mean", "std", "zero_fraction"}}`` (numpy / floats).

    Example:
        >>> activation_histograms(cnn, np.zeros((2, 8, 8, 1)), bins=5)["conv1"]["counts"].shape
        (5,)

    Paper: X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward
    neural networks", AISTATS 2010.
    """
    if not isinstance(bins, (int, np.integer)) or bins < 1:
        raise int_min_error("bins", bins, 1)
    _probe.check_model(model)
    if layer_names is None:
        layer_names = [layer.name for layer in model.layers if "Input" not in layer.__class__.__name__]
    acts = layer_activations(model, x, layer_names)
    stats = {}
    for name, a in acts.items():
        a = np.asarray(a, dtype="float64").ravel()
        counts, edges = np.histogram(a, bins=bins)
        stats[name] = {
            "counts": counts,
            "edges": edges,
            "mean": float(a.mean()),
            "std": float(a.std()),
            "zero_fraction": float((a == 0).mean()),
        }
    return stats
