"""Dropout in both of the course's forms: inverted (scale in training) and classic (scale at test).

The notes (002) write the keep probability as ``p``: inverted dropout ``d(x) = m·x / p`` in
training, classic dropout ``d(x) = m·x`` in training and ``d(x) = p·x`` at test time, with
``m ~ Bernoulli(p)``. Keras (and :class:`Dropout` here) take the *drop* probability
``rate = 1 − p`` instead.

Example:
    >>> import numpy as np
    >>> x = np.ones((2, 4), "float32")
    >>> Dropout(0.5, form="classic")(x).numpy()[0]          # test time: x · (1 − rate)
    array([0.5, 0.5, 0.5, 0.5], dtype=float32)
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import validation

__all__ = ["DROPOUT_FORMS", "Dropout"]

DROPOUT_FORMS = ("inverted", "classic")


@keras.saving.register_keras_serializable(package="tfdl")
class Dropout(keras.layers.Layer):
    """Dropout, inverted or classic: the same mask, the ``1/(1 − rate)`` scale at another time.

    Formula, with ``rate`` the drop probability, ``q = 1 − rate`` the keep probability (the notes'
    ``p``) and ``m ~ Bernoulli(q)`` drawn per unit and per example:

    * ``form="inverted"`` (Keras' ``Dropout``): training ``y = m ⊙ x / q``; test ``y = x``.
    * ``form="classic"`` (Srivastava et al.): training ``y = m ⊙ x``; test ``y = q · x``.

    Both keep the expectation equal in training and at test: ``E[m ⊙ x / q] = x`` against ``x``,
    ``E[m ⊙ x] = q·x`` against ``q·x``. A network trained with one form and tested with the same
    form sees the same scale; the classic one pays the multiplication at every prediction instead
    of every training step.

    Args:
        rate: drop probability in [0, 1).
        form: ``"inverted"`` or ``"classic"``.
        seed: optional seed of the Bernoulli mask (``None``: from the global seed).
        **kwargs: standard layer arguments.

    Returns:
        A tensor of the input's shape.

    Example:
        >>> import numpy as np
        >>> Dropout(0.25)(np.ones((3, 2), "float32"), training=False).numpy().tolist()
        [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]

    Reference: Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov, "Dropout: a simple way
    to prevent neural networks from overfitting", JMLR 15, 2014.
    """

    def __init__(self, rate, form="inverted", seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0.0 <= float(rate) < 1.0:
            raise validation.interval_error("rate", rate, "[0, 1)")
        if form not in DROPOUT_FORMS:
            raise validation.one_of_error("form", form, DROPOUT_FORMS)
        self.rate = float(rate)
        self.form = form
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.supports_masking = True

    def mask_for(self, inputs):
        """A fresh Bernoulli(1 − rate) keep-mask ``m`` of the inputs' shape (1 = kept), in their dtype."""
        u = keras.random.uniform(ops.shape(inputs), seed=self.seed_generator, dtype="float32")
        return ops.cast(u >= self.rate, inputs.dtype)

    def call(self, inputs, training=False):
        keep = 1.0 - self.rate
        if not training or self.rate == 0.0:
            return inputs if self.form == "inverted" else inputs * ops.cast(keep, inputs.dtype)
        kept = inputs * self.mask_for(inputs)
        return kept / ops.cast(keep, inputs.dtype) if self.form == "inverted" else kept

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "form": self.form, "seed": self.seed})
        return config
