"""Architectures page: the input of a sequence or text model instead of an image size, and what goes in and out.

A model's ``input_kind`` (``tfdl.models.ModelInfo``) says which settings it has:

- ``"tokens"`` (text CNN): ``arch_t`` = T token ids, ``arch_v`` = the vocabulary V;
- ``"features"`` (CRNN, RNN classifier, tagger): ``arch_t`` = T steps, ``arch_f`` = F features per step;
- ``"token pairs"`` (seq2seq): ``arch_t`` = the source length S, ``arch_t2`` = the decoder's length T,
  ``arch_v`` = the vocabulary V of both sides.

Only the settings of the shown model are declared, drawn and written to the link.
"""

from __future__ import annotations

from playground.i18n import _, fmt_number
from playground.state import number_input, param, set_value

SEQUENCE_KINDS = ("tokens", "features", "token pairs")
#: the ranges of the fields (the parameter and memory caps of playground.limits apply after them)
MAX_STEPS, MAX_FEATURES, MAX_VOCAB = 4096, 1024, 200_000
_RANGES = {"arch_t": (1, MAX_STEPS), "arch_t2": (1, MAX_STEPS), "arch_f": (1, MAX_FEATURES), "arch_v": (2, MAX_VOCAB)}


def default_values(meta: dict) -> dict[str, int]:
    """The settings of a sequence model at its registered default input (``meta``: the page's catalogue entry)."""
    shape, kind = meta["input_shape"], meta["input_kind"]
    if kind == "tokens":
        return {"arch_t": shape[0], "arch_v": meta["vocab"]}
    if kind == "features":
        return {"arch_t": shape[0], "arch_f": shape[1]}
    return {"arch_t": shape[0][0], "arch_t2": shape[1][0], "arch_v": meta["vocab"]}


def build_args(meta: dict, values: dict) -> tuple[tuple, tuple]:
    """``(input_shape, overrides)`` for ``create_model`` (overrides as sorted pairs: a cache key)."""
    kind = meta["input_kind"]
    if kind == "tokens":
        return (values["arch_t"],), (("vocab_size", values["arch_v"]),)
    if kind == "features":
        return (values["arch_t"], values["arch_f"]), ()
    v = values["arch_v"]
    return ((values["arch_t"],), (values["arch_t2"],)), (("source_vocab_size", v), ("target_vocab_size", v))


def default_options(meta: dict) -> tuple:
    """The builder keywords of a model at its default input (none for an image model)."""
    return () if meta["input_kind"] == "image" else build_args(meta, default_values(meta))[1]


def reset(meta: dict) -> None:
    """A new model starts from its own default input."""
    for key, value in default_values(meta).items():
        set_value(key, int(value))


def settings(meta: dict, container) -> dict[str, int]:
    """Declare and draw the model's input fields in ``container``; their values."""
    defaults = default_values(meta)
    labels = {
        "arch_t": _("Steps T") if meta["input_kind"] != "token pairs" else _("Source length S"),
        "arch_t2": _("Target length T"),
        "arch_f": _("Features F"),
        "arch_v": _("Vocabulary V"),
    }
    values = {}
    for key, column in zip(defaults, container.columns(3)):
        low, high = _RANGES[key]
        values[key] = int(param(key, int(defaults[key]), min=low, max=high))
        with column:
            values[key] = int(number_input(labels[key], key, step=1))
    return values


def describe(meta: dict, values: dict, output_shape) -> str:
    """What goes in and what comes out, in words (markdown)."""
    kind = meta["input_kind"]
    v = {k: fmt_number(n, ",") for k, n in values.items()}
    if kind == "tokens":
        inp = _(
            "**Input:** a sentence as T = {t} token ids from a vocabulary of V = {v} words (0 pads a short "
            "sentence); the embedding turns each id into a vector."
        ).format(t=v["arch_t"], v=v["arch_v"])
    elif kind == "features":
        inp = _(
            "**Input:** T = {t} steps, each a vector of F = {f} features: for a CRNN, spectrogram frames × "
            "frequency bands; for text, word vectors."
        ).format(t=v["arch_t"], f=v["arch_f"])
    else:
        inp = _(
            "**Input:** a source of S = {s} token ids and the decoder's input of T = {t} ids (the target "
            "shifted by one: teacher forcing), vocabulary V = {v}."
        ).format(s=v["arch_t"], t=v["arch_t2"], v=v["arch_v"])
    shape = ", ".join(str(tuple(s)) for s in output_shape)
    if kind == "token pairs":
        out = _(
            "**Output:** a probability for each of the V words at every target step (sequence to sequence): {shape}."
        )
    elif len(output_shape[0]) == 3:
        out = _("**Output:** one label per step (many-to-many): {shape}.")
    else:
        out = _("**Output:** one label per sequence (many-to-one): {shape}.")
    return inp + "  \n" + out.format(shape=shape)


def vocab_default(builder) -> int | None:
    """The builder's default vocabulary (``vocab_size`` or ``source_vocab_size``), if it has one."""
    import inspect

    params = inspect.signature(builder).parameters
    for name in ("vocab_size", "source_vocab_size"):
        if name in params and isinstance(params[name].default, int):
            return params[name].default
    return None
