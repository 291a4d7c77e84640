"""Convolutional and denoising autoencoders, and interpolation between two latent codes.

The model is ``decoder(encoder(x))`` with two nested sub-models named ``"encoder"`` and
``"decoder"``, so a learner can encode, edit the code and decode:

    ae = conv_autoencoder(latent_dim=16)
    z = ae.get_layer("encoder")(x)            # (N, 16)
    x_hat = ae.get_layer("decoder")(z)        # (N, 28, 28, 1)

Example:
    >>> from tfdl.models import conv_autoencoder
    >>> conv_autoencoder().output_shape
    (None, 28, 28, 1)
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from tfdl import validation
from tfdl.errors import TfdlValueError
from tfdl.models._common import SE_DENSE_PREDICTION, check_min_size, refuse_se, reject
from tfdl.models.registry import register_model

__all__ = ["conv_autoencoder", "denoising_autoencoder", "interpolate_latents"]



def _check_no_head(name, include_top, num_classes, classes, classifier_activation, pooling):
    """An autoencoder takes the common keywords only at their defaults (it has no classifier)."""
    if include_top is not True:
        reject(name, "include_top", include_top, "must be True (the decoder is the model's top)")
    for arg, value in (("num_classes", num_classes), ("classes", classes),
                       ("classifier_activation", classifier_activation), ("pooling", pooling)):
        if value is not None:
            reject(name, arg, value, "must be None (an autoencoder has no classifier; the "
                   "output's activation is `output_activation`)")


def _build(input_shape, latent_dim, filters, noise_stddev, output_activation, name):
    shape = tuple(int(d) for d in input_shape)
    if len(shape) != 3:
        raise TfdlValueError(
            "input_shape_hwc",
            "`input_shape` must be (H, W, C). Received: input_shape={input_shape!r}",
            input_shape=input_shape,
        )
    if int(latent_dim) < 1:
        raise validation.min_error("latent_dim", latent_dim, 1)
    k = 2 ** len(filters)
    check_min_size(shape, k, name, f"its {len(filters)} stride-2 convolutions", multiple=k)
    h, w = shape[0] // k, shape[1] // k

    enc_in = keras.Input(shape, name="encoder_input")
    x = enc_in
    for i, f in enumerate(filters, start=1):
        x = layers.Conv2D(f, 3, strides=2, padding="same", activation="relu",
                          name=f"encoder_conv{i}")(x)
    x = layers.Flatten(name="encoder_flatten")(x)
    z = layers.Dense(latent_dim, name="latent")(x)
    encoder = keras.Model(enc_in, z, name="encoder")

    dec_in = keras.Input((latent_dim,), name="decoder_input")
    y = layers.Dense(h * w * filters[-1], activation="relu", name="decoder_dense")(dec_in)
    y = layers.Reshape((h, w, filters[-1]), name="decoder_reshape")(y)
    for i, f in enumerate(reversed(filters), start=1):
        y = layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu",
                                   name=f"decoder_deconv{i}")(y)
    # float32 output (as a classifier's head) so the reconstruction loss is float32 under
    # mixed precision.
    y = layers.Conv2D(shape[2], 3, padding="same", activation=output_activation,
                      name="reconstruction", dtype="float32")(y)
    decoder = keras.Model(dec_in, y, name="decoder")

    inputs = keras.Input(shape, name="input")
    x = inputs
    if noise_stddev:
        x = layers.GaussianNoise(noise_stddev, name="corrupt")(x)
    return keras.Model(inputs, decoder(encoder(x)), name=name)


@register_model()
def conv_autoencoder(input_shape=(28, 28, 1), latent_dim=16, filters=(32, 64),
                     output_activation="sigmoid", *, include_top=True, num_classes=None,
                     classifier_activation=None, pooling=None, name="conv_autoencoder",
                     classes=None, se_ratio=None):
    """Convolutional autoencoder: stride-2 convs → Dense code ``z`` → transposed convs.

    Formula: ``z = E(x)``, ``x̂ = D(z)``, trained to minimise ``‖x − x̂‖²`` (or cross-entropy for
    images in [0, 1]).

    Args:
        input_shape: (H, W, C) with H, W multiples of ``2^len(filters)``.
        latent_dim: size of the code ``z``.
        filters: channels of the encoder convs (mirrored in the decoder).
        output_activation: activation of the reconstruction (sigmoid for pixels in [0, 1]).
        include_top, num_classes, classes, classifier_activation, pooling: the common keyword
            overrides of every tfdl builder; an autoencoder has no classifier, so they must keep
            their defaults (``True``, ``None``, ``None``, ``None``, ``None``; the output's
            activation is ``output_activation``), else ``ValueError``.
        name: model name.
        se_ratio: must be ``None``: Squeeze-and-Excitation is refused here with a coded ``ValueError``
            (the family keeps its paper's layers).

    Returns:
        A ``keras.Model`` ``x → x̂`` with sub-models ``encoder`` and ``decoder``.

    Example:
        >>> conv_autoencoder(latent_dim=8).get_layer("encoder").output_shape
        (None, 8)

    Paper: Hinton, Salakhutdinov, "Reducing the Dimensionality of Data with Neural Networks",
    Science 2006; Masci et al., "Stacked Convolutional Auto-Encoders", ICANN 2011.
    """
    refuse_se("autoencoder", se_ratio, SE_DENSE_PREDICTION)
    _check_no_head(name, include_top, num_classes, classes, classifier_activation, pooling)
    return _build(input_shape, latent_dim, tuple(filters), 0.0, output_activation, name)


@register_model()
def denoising_autoencoder(input_shape=(28, 28, 1), latent_dim=16, filters=(32, 64),
                          noise_stddev=0.3, output_activation="sigmoid", *, include_top=True,
                          num_classes=None, classifier_activation=None, pooling=None,
                          name="denoising_autoencoder", classes=None, se_ratio=None):
    """Denoising autoencoder: Gaussian noise on the input (training only), then the conv AE.

    Formula: ``x̃ = x + ε, ε ~ N(0, σ²)`` while training; ``x̂ = D(E(x̃))`` fitted to the clean
    ``x``. At inference the noise layer is the identity.

    Args:
        input_shape, latent_dim, filters, output_activation: as in :func:`conv_autoencoder`.
        noise_stddev: σ of the corruption.
        include_top, num_classes, classes, classifier_activation, pooling, name: as in
            :func:`conv_autoencoder` (the first five only at their defaults).
        se_ratio: must be ``None``: Squeeze-and-Excitation is refused here with a coded ``ValueError``
            (the family keeps its paper's layers).

    Returns:
        A ``keras.Model`` with a ``corrupt`` layer and sub-models ``encoder`` and ``decoder``.

    Example:
        >>> denoising_autoencoder().output_shape
        (None, 28, 28, 1)

    Paper: Vincent, Larochelle, Bengio, Manzagol, "Extracting and Composing Robust Features with
    Denoising Autoencoders", ICML 2008.
    """
    refuse_se("autoencoder", se_ratio, SE_DENSE_PREDICTION)
    if float(noise_stddev) <= 0:
        raise validation.gt_error("noise_stddev", noise_stddev, 0)
    _check_no_head(name, include_top, num_classes, classes, classifier_activation, pooling)
    return _build(input_shape, latent_dim, tuple(filters), float(noise_stddev),
                  output_activation, name)


def interpolate_latents(model, x_a, x_b, steps=8):
    """Decode points on the straight line between the codes of two images ("latent morphing").

    Formula: ``z_t = (1 − t)·E(x_a) + t·E(x_b)``, ``t = 0, 1/(steps−1), …, 1``; returns
    ``D(z_t)`` for each t.

    Args:
        model: an autoencoder from this module (with ``encoder`` and ``decoder`` sub-models).
        x_a: one image (H, W, C) or a batch of one.
        x_b: another image of the same shape.
        steps: number of frames, >= 2 (both ends included).

    Returns:
        numpy array (steps, H, W, C) of decoded images.

    Example:
        >>> import numpy as np
        >>> ae = conv_autoencoder()
        >>> interpolate_latents(ae, np.zeros((28, 28, 1)), np.ones((28, 28, 1)), 5).shape
        (5, 28, 28, 1)
    """
    if int(steps) < 2:
        raise validation.min_error("steps", steps, 2)
    try:
        encoder, decoder = model.get_layer("encoder"), model.get_layer("decoder")
    except ValueError:
        raise TfdlValueError(
            "not_autoencoder",
            "`model` must be an autoencoder with 'encoder' and 'decoder' sub-models (conv_autoencoder, "
            "denoising_autoencoder). Received: {model!r}",
            model=model.name,
        ) from None
    xa = np.asarray(x_a, dtype="float32")
    xb = np.asarray(x_b, dtype="float32")
    if xa.ndim == 3:
        xa, xb = xa[None], xb[None]
    z = keras.ops.convert_to_numpy(encoder(np.concatenate([xa[:1], xb[:1]]), training=False))
    t = np.linspace(0.0, 1.0, int(steps), dtype="float32")[:, None]
    z_t = (1.0 - t) * z[0] + t * z[1]
    return keras.ops.convert_to_numpy(decoder(z_t, training=False))
