"""Making inputs instead of reading them: class-model visualisation and adversarial examples.

* :func:`class_model_visualization` — gradient ascent on the input to find
  ``argmax_x S_c(x) − λ‖x‖²``: the image the network finds most typical of class ``c``
  (Simonyan et al., 2014).
* :func:`fgsm` — the fast gradient sign method: a step of size ``ε`` along the sign of the loss
  gradient, imperceptible yet often enough to change the prediction (Goodfellow et al., 2015).

Example:
    >>> import keras, numpy as np, tfdl
    >>> model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
    ...                           keras.layers.Dense(10, activation="softmax")])
    >>> tfdl.interpret.class_model_visualization(model, 3, steps=10).shape
    (8, 8, 1)
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.interpret import _probe
from tfdl.validation import deprecated_names, gt_error, int_min_error, min_error

__all__ = ["class_model_visualization", "fgsm"]


def _ascent_fn(pr):
    """A tf.function (cached on the probe) running ``steps`` of gradient ascent on the input."""
    fn = getattr(pr, "_ascent_fn", None)
    if fn is not None:
        return fn
    import tensorflow as tf

    @tf.function(reduce_retracing=True)
    def ascent(x0, c, lam, lr, steps):
        x = x0
        for _ in tf.range(steps):
            with tf.GradientTape() as tape:
                tape.watch(x)
                scores = pr(x)[-1]
                scores = tf.reshape(scores, (tf.shape(scores)[0], -1))
                s = tf.reduce_sum(tf.gather(scores, c, axis=1, batch_dims=1))
                objective = s - lam * tf.reduce_sum(tf.square(x))
            x = x + lr * tape.gradient(objective, x)
        return x

    pr._ascent_fn = ascent
    return ascent


def class_model_visualization(
    model,
    class_index,
    *,
    l2: float = 0.01,
    steps: int = 200,
    learning_rate: float = 0.1,
    init: str = "zeros",
    seed: int = 0,
    logits: bool = True,
):
    """The input that maximises a class score with an L2 penalty, by gradient ascent.

    ``x* = argmax_x S_c(x) − λ‖x‖²``, found by ``x ← x + η ∇_x (S_c(x) − λ‖x‖²)`` from ``x_0``
    (zeros, or small noise). For a linear score ``S_c = w·x + b`` the answer is ``x* = w/(2λ)``.
    Several classes are optimised together as one batch (their objectives are independent).

    Args:
        model: a built single-input, single-output Keras model.
        class_index: the class ``c`` (an int in ``[0, classes)``), or a sequence of classes.
        l2: the penalty ``λ`` (>= 0).
        steps: number of ascent steps (>= 1); runs inside one ``tf.function``.
        learning_rate: step size ``η`` (> 0).
        init: ``"zeros"`` or ``"noise"`` (``N(0, 0.01²)``) start.
        seed: seed of the noise start.
        logits: use the pre-softmax score ``S_c`` (as in the paper; maximising the probability
            would also push the other classes down).

    Returns:
        numpy float32 array with the model's input shape for one class; ``(K, ...)`` for ``K``.

    Example:
        >>> class_model_visualization(model, 0, steps=5).shape
        (8, 8, 1)
        >>> class_model_visualization(model, range(10), steps=5).shape
        (10, 8, 8, 1)

    Paper: K. Simonyan, A. Vedaldi, A. Zisserman, "Deep Inside Convolutional Networks: Visualising
    Image Classification Models and Saliency Maps", ICLR 2014 workshop (arXiv:1312.6034).
    """
    import tensorflow as tf

    if not np.isfinite(l2) or l2 < 0:
        raise min_error("l2", l2, 0)
    if not isinstance(steps, (int, np.integer)) or steps < 1:
        raise int_min_error("steps", steps, 1)
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise gt_error("learning_rate", learning_rate, 0)
    if init not in ("zeros", "noise"):
        raise TfdlValueError("synthesis_init", "`init` must be 'zeros' or 'noise'. Received: init={init!r}", init=init)
    pr = _probe.probe(model, logits=logits)
    shape = tuple(model.inputs[0].shape[1:])
    if any(d is None for d in shape):
        raise TfdlValueError(
            "model_fixed_input",
            "`model` must have a fixed input shape. Received: input shape {shape}",
            shape=shape,
        )
    n_classes = int(np.prod(model.outputs[0].shape[1:]))
    single = isinstance(class_index, (int, np.integer))
    classes = np.atleast_1d(np.asarray(class_index))
    if classes.size == 0 or classes.dtype.kind not in "iu" or (classes < 0).any() or (classes >= n_classes).any():
        raise TfdlValueError(
            "synthesis_class_index",
            "`class_index` must be an int (or ints) in [0, {n_classes}). Received: class_index={class_index!r}",
            n_classes=n_classes, class_index=class_index,
        )
    x0 = np.zeros((classes.size,) + shape, dtype="float32")
    if init == "noise":
        x0 = np.random.default_rng(seed).normal(0.0, 0.01, size=x0.shape).astype("float32")
    x = _ascent_fn(pr)(
        tf.constant(x0),
        tf.constant(classes.astype("int64")),
        tf.constant(float(l2)),
        tf.constant(float(learning_rate)),
        tf.constant(int(steps)),
    )
    x = x.numpy()
    return x[0] if single else x


def fgsm(model, x, y=None, epsilon: float = 0.1, *, target=None, clip=(0.0, 1.0)):
    """Fast gradient sign method: the adversarial input one signed gradient step away.

    Untargeted: ``x_adv = clip(x + ε·sign(∇_x L(f(x), y)))`` (raise the loss of the true class).
    Targeted: ``x_adv = clip(x − ε·sign(∇_x L(f(x), t)))`` (lower the loss of class ``t``).
    ``L`` is the cross-entropy computed from the pre-softmax scores (a model without a final
    softmax is taken to output logits). ``‖x_adv − x‖_∞ ≤ ε``.

    Args:
        model: a built single-input, single-output Keras classifier.
        x: one input or a batch.
        y: the true labels (int or one per example); ``None`` uses the predicted ones.
        epsilon: step size ``ε`` (>= 0), in the units of ``x``.
        target: optional target class(es) for a targeted attack (then ``y`` is ignored).
        clip: ``(low, high)`` range of valid inputs, or ``None`` for no clipping.

    Returns:
        numpy float32 array shaped like ``x``.

    Example:
        >>> fgsm(model, np.zeros((8, 8, 1)), y=3, epsilon=0.1).shape
        (8, 8, 1)

    Paper: I. J. Goodfellow, J. Shlens, C. Szegedy, "Explaining and Harnessing Adversarial
    Examples", ICLR 2015 (arXiv:1412.6572).
    """
    import tensorflow as tf

    if not np.isfinite(epsilon) or epsilon < 0:
        raise min_error("epsilon", epsilon, 0)
    if clip is not None and (len(clip) != 2 or clip[0] > clip[1]):
        raise TfdlValueError(
            "clip_range",
            "`clip` must be None or (low, high) with low <= high. Received: clip={clip!r}",
            clip=clip,
        )
    pr = _probe.probe(model, logits=True)
    xb, added = _probe.as_batch(model, x)
    xt = tf.convert_to_tensor(xb)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        z = pr(xt)[-1]
        z = tf.reshape(z, (tf.shape(z)[0], -1))
        labels = _probe.class_indices(target if target is not None else y, z.numpy())
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z))
    g = tape.gradient(loss, xt).numpy()
    direction = -1.0 if target is not None else 1.0
    x_adv = xb + direction * float(epsilon) * np.sign(g)
    if clip is not None:
        x_adv = np.clip(x_adv, clip[0], clip[1])
    x_adv = x_adv.astype("float32")
    return x_adv[0] if added else x_adv


# Old names (before 0.2), deprecated aliases for one release.
__getattr__ = deprecated_names("tfdl.interpret.synthesis", {"class_model_visualisation": "class_model_visualization"})
