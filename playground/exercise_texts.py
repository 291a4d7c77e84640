"""The texts of the exercise mode (:mod:`playground.exercise`): each question kind's prompt and
explanation, the same English templates as ``tfdl.exercises`` (a test keeps them equal), marked for
the catalogue so the page says them in the user's language with the question's own values."""

from __future__ import annotations

from playground.i18n import N_

#: the English prompt and explanation of each kind (tfdl.exercises' templates; a test keeps them equal)
TEXTS = {
    "conv_shape": (
        N_(
            "An input of {h}×{w}×{c} (height × width × channels) goes through keras.layers.{layer}. "
            "What is the output shape (height × width × channels)?"
        ),
        N_("Rule: {rule}. Height: {formula_h}; width: {formula_w}; the channels are the {filters} filters."),
    ),
    "param_count": (
        N_(
            "keras.layers.{layer} is applied to an input of shape {input_shape}. How many parameters (weights and "
            "biases) does it have?"
        ),
        N_("{formula} = {answer}."),
    ),
    "receptive_field": (
        N_(
            "A stack of {k} layers, padding 'valid': {layers}. How many input pixels wide is the receptive field of "
            "one output cell of the last layer?"
        ),
        N_(
            "Each layer adds D·(F−1)·j pixels, j being the product of the strides before it. Receptive field: "
            "{growth}; jump j: {jumps}."
        ),
    ),
    "optimizer_race": (
        N_(
            "On the surface '{surface}', L = {formula}, three optimisers start at {start}: {optimizers}. Which one "
            "first gets within {tol} of the minimum loss (in at most {steps} steps)?"
        ),
        N_("Steps until the loss is within {tol} of the minimum: {race} ('—': not within {steps} steps)."),
    ),
    "greedy_decoding": (
        N_(
            "The table gives p(next token | previous token). Greedy decoding starts after <s> and stops at </s> or "
            "after {max_len} tokens. Which tokens does it output?"
        ),
        N_("At every step greedy decoding takes the most likely next token: {path}."),
    ),
}
HINTS = {
    "shape": N_("e.g. 14×14×8 or (14, 14, 8)"),
    "int": N_("a whole number, e.g. 1,234"),
    "tokens": N_("tokens separated by spaces, e.g. the cat </s>"),
}
