"""Which input pixels does a class score depend on? Gradient-based attribution maps.

* :func:`saliency` — the input gradient ``∂S_c/∂x`` (Simonyan et al., 2014);
* :func:`smoothgrad` — its average over noisy copies of the input (Smilkov et al., 2017);
* :func:`guided_backprop` — gradients through ReLUs that pass only positive signals
  (Springenberg et al., 2015);
* :func:`grad_cam` — feature maps of a conv layer weighted by their pooled gradients
  (Selvaraju et al., 2017).

All take a built Keras model (Sequential or functional) and an input or a batch, and return
numpy arrays. ``S_c`` is the pre-softmax score of class ``c`` when the model ends in a softmax
(``logits=True``), the model output otherwise; ``class_index=None`` picks the predicted class.

Example:
    >>> import keras, numpy as np, tfdl
    >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
    ...                           keras.layers.Dense(10, activation="softmax")])
    >>> tfdl.interpret.saliency(model, np.zeros((8, 8, 1))).shape
    (8, 8)
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.interpret import _probe
from tfdl.validation import int_min_error, min_error

__all__ = ["saliency", "smoothgrad", "guided_backprop", "grad_cam"]


def _finish(m: np.ndarray, added: bool) -> np.ndarray:
    return m[0] if added else m


def saliency(model, x, class_index=None, *, absolute: bool = True, channel_reduce="max", logits: bool = True):
    """Saliency map: the gradient of the class score with respect to the input pixels.

    ``M(x) = |∂S_c/∂x|``, reduced over colour channels by ``max`` (Simonyan et al.). For a linear
    model ``S_c = w_c·x + b_c`` the raw map (``absolute=False, channel_reduce=None``) is ``w_c``.

    Args:
        model: a built single-input, single-output Keras model.
        x: one input (shape of ``model.input`` without the batch axis) or a batch.
        class_index: class ``c`` to explain: ``None`` (the predicted one), an int, or one per example.
        absolute: take ``|∂S_c/∂x|`` (True) or keep the sign.
        channel_reduce: ``"max"``, ``"mean"``, ``"sum"`` over the last (channel) axis, or ``None``
            to return the gradient with the input's shape.
        logits: use the pre-softmax score when the output layer ends in a softmax.

    Returns:
        numpy float32 array: ``(H, W)`` for one image (``(N, H, W)`` for a batch) after the channel
        reduction, else the shape of ``x``.

    Example:
        >>> saliency(model, np.zeros((8, 8, 1)), class_index=3).shape
        (8, 8)

    Paper: K. Simonyan, A. Vedaldi, A. Zisserman, "Deep Inside Convolutional Networks: Visualising
    Image Classification Models and Saliency Maps", ICLR 2014 workshop (arXiv:1312.6034).
    """
    pr = _probe.probe(model, logits=logits)
    xb, added = _probe.as_batch(model, x)
    grad, _, _ = _probe.input_gradient(pr, xb, class_index)
    return _finish(_probe.reduce_map(grad, absolute, channel_reduce), added)


def smoothgrad(
    model,
    x,
    class_index=None,
    *,
    n_samples: int = 25,
    noise_level: float = 0.15,
    absolute: bool = True,
    channel_reduce="max",
    logits: bool = True,
    seed: int = 0,
    batch_size: int = 64,
):
    """SmoothGrad: the input gradient averaged over noisy copies of the input.

    ``M̂_c(x) = (1/n) Σ_{i=1..n} ∂S_c/∂x (x + ε_i)``, ``ε_i ~ N(0, σ²)``,
    ``σ = noise_level · (max(x) − min(x))``; then ``|·|`` and the channel reduction as in
    :func:`saliency`. The class is fixed on the clean input. Noise averages away the high-frequency
    gradient "speckle"; the paper recommends ``noise_level`` 10–20%.

    Args:
        model: a built single-input, single-output Keras model.
        x: one input or a batch.
        class_index: class to explain (``None``: predicted on the clean input).
        n_samples: number of noisy copies ``n`` (>= 1).
        noise_level: ``σ / (max(x) − min(x))``, >= 0 (0 gives the plain gradient).
        absolute, channel_reduce, logits: as in :func:`saliency`.
        seed: seed of the noise.
        batch_size: noisy copies evaluated per forward pass.

    Returns:
        numpy float32 array shaped like :func:`saliency`'s.

    Example:
        >>> smoothgrad(model, np.zeros((8, 8, 1)), n_samples=4).shape
        (8, 8)

    Paper: D. Smilkov, N. Thorat, B. Kim, F. Viégas, M. Wattenberg, "SmoothGrad: removing noise by
    adding noise", 2017 (arXiv:1706.03825).
    """
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise int_min_error("n_samples", n_samples, 1)
    if not np.isfinite(noise_level) or noise_level < 0:
        raise min_error("noise_level", noise_level, 0)
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise int_min_error("batch_size", batch_size, 1)
    pr = _probe.probe(model, logits=logits)
    xb, added = _probe.as_batch(model, x)
    scores = np.asarray(pr(xb)[-1]).reshape(len(xb), -1)
    classes = _probe.class_indices(class_index, scores)
    rng = np.random.default_rng(seed)
    total = np.zeros_like(xb)
    for i, (xi, ci) in enumerate(zip(xb, classes)):
        sigma = noise_level * float(xi.max() - xi.min())
        noisy = xi[None] + rng.normal(0.0, 1.0, size=(n_samples,) + xi.shape).astype("float32") * sigma
        for start in range(0, n_samples, batch_size):
            chunk = noisy[start:start + batch_size]
            grad, _, _ = _probe.input_gradient(pr, chunk, np.full(len(chunk), ci))
            total[i] += grad.sum(axis=0)
    mean = total / n_samples
    return _finish(_probe.reduce_map(mean, absolute, channel_reduce), added)


def guided_backprop(model, x, class_index=None, *, absolute: bool = True, channel_reduce="max", logits: bool = True):
    """Guided backpropagation: the input gradient with only positive signals let through ReLUs.

    At every ReLU the backward pass becomes ``∂L/∂x = g · [x > 0] · [g > 0]`` (see
    :class:`tfdl.layers.GuidedReLU`, inserted after each ReLU of a probe model that shares the
    model's weights; the model itself is left unchanged). ReLUs inside nested sub-models are not
    guided.

    Args:
        model: a built single-input, single-output Keras model.
        x: one input or a batch.
        class_index, absolute, channel_reduce, logits: as in :func:`saliency`.

    Returns:
        numpy float32 array shaped like :func:`saliency`'s.

    Example:
        >>> guided_backprop(model, np.zeros((8, 8, 1))).shape
        (8, 8)

    Paper: J. T. Springenberg, A. Dosovitskiy, T. Brox, M. Riedmiller, "Striving for Simplicity:
    The All Convolutional Net", ICLR 2015 workshop (arXiv:1412.6806).
    """
    pr = _probe.probe(model, guided=True, logits=logits)
    xb, added = _probe.as_batch(model, x)
    grad, _, _ = _probe.input_gradient(pr, xb, class_index)
    return _finish(_probe.reduce_map(grad, absolute, channel_reduce), added)


def grad_cam(
    model,
    x,
    class_index=None,
    layer_name: str | None = None,
    *,
    upsample: bool = True,
    normalize: bool = True,
    logits: bool = True,
):
    """Grad-CAM: a conv layer's feature maps weighted by the spatial mean of their gradients.

    ``α_k = (1/Z) Σ_{i,j} ∂S_c/∂A^k_{ij}``, ``L_c = ReLU(Σ_k α_k A^k)``, where ``A^k`` is channel
    ``k`` of the chosen layer's output (``h × w``, ``Z = h·w``). For conv → global average pool →
    dense, ``α_k = w_{k,c}/Z`` and Grad-CAM is the CAM of Zhou et al. up to that factor.

    Args:
        model: a built single-input, single-output Keras model.
        x: one input or a batch.
        class_index: as in :func:`saliency`.
        layer_name: layer with a 4-D ``(N, h, w, C)`` output; ``None`` picks the last such layer
            that has weights (usually the last conv).
        upsample: resize the ``h × w`` map bilinearly to the input's ``H × W``.
        normalize: divide each map by its maximum (a map that is all zero stays zero).
        logits: as in :func:`saliency`.

    Returns:
        numpy float32 array ``(H, W)`` (or ``(h, w)`` without ``upsample``); a leading ``N`` for a
        batch.

    Example:
        >>> grad_cam(cnn, np.zeros((8, 8, 1))).shape
        (8, 8)

    Paper: R. R. Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via
    Gradient-based Localization", ICCV 2017 (arXiv:1610.02391).
    """
    import tensorflow as tf

    _probe.check_model(model)
    if layer_name is None:
        layer_name = _probe.last_conv_layer(model)
    pr = _probe.probe(model, taps=(layer_name,), logits=logits)
    xb, added = _probe.as_batch(model, x)
    xt = tf.convert_to_tensor(xb)
    with tf.GradientTape() as tape:
        a, scores = pr(xt)
        if len(a.shape) != 4:
            raise TfdlValueError(
                "layer_output_4d",
                "`layer_name` must name a layer with a 4-D (N, h, w, C) output. Received: layer_name={layer_name!r} "
                "with output shape {output_shape}",
                layer_name=layer_name, output_shape=tuple(a.shape),
            )
        scores2 = tf.reshape(scores, (tf.shape(scores)[0], -1))
        c = _probe.class_indices(class_index, scores2.numpy())
        s = tf.gather(scores2, c, axis=1, batch_dims=1)
    g = tape.gradient(s, a)
    alpha = tf.reduce_mean(g, axis=(1, 2), keepdims=True)  # (N, 1, 1, K)
    cam = tf.nn.relu(tf.reduce_sum(alpha * a, axis=-1))  # (N, h, w)
    if upsample:
        size = tuple(int(d) for d in xb.shape[1:3])
        cam = tf.image.resize(cam[..., None], size, method="bilinear")[..., 0]
        cam = tf.nn.relu(cam)
    cam = cam.numpy().astype("float32")
    if normalize:
        peak = cam.reshape(len(cam), -1).max(axis=1).reshape((-1,) + (1,) * (cam.ndim - 1))
        cam = np.where(peak > 0, cam / np.where(peak > 0, peak, 1.0), 0.0).astype("float32")
    return _finish(cam, added)
