"""The Sequences page's texts: option names, figure labels and table headers in the user's language.

Short words that other pages may also use ("epoch", "loss", "source") carry the context
``"sequences"`` (``pgettext``), so that the page's catalogue never clashes with another page's.
"""

from __future__ import annotations

from playground.i18n import _, pgettext
from playground.limits import MAX_SEQUENCE_CHARS

EXAMPLES = {"copy": "31415", "reverse": "31415", "sort": "31415", "addition": "12+345", "date": "5 jan 2021"}


def task_name(key: str) -> str:
    return {"copy": pgettext("sequences", "copy"), "reverse": pgettext("sequences", "reverse"),
            "sort": pgettext("sequences", "sort"), "addition": pgettext("sequences", "addition"),
            "date": _("date normalisation")}[key]


def task_description(key: str) -> str:
    """The one-liner of ``tfdl.data.sequences.SEQUENCE_TASKS[key]`` (a test keeps the English equal)."""
    return {
        "copy": _("copy the digits: 3141 -> 3141"),
        "reverse": _("reverse the digits: 3141 -> 1413"),
        "sort": _("sort the digits: 3141 -> 1134"),
        "addition": _("add two numbers: 12+345 -> 357 (length = digits of each operand)"),
        "date": _("normalise a date: 5 jan 2021 -> 2021-01-05"),
    }[key]


def attention_name(key: str) -> str:
    return {"none": _("no attention"), "bahdanau": _("Bahdanau (additive)"),
            "luong": _("Luong (multiplicative)")}[key]


def columns() -> dict:
    """tfdl.experiments.sequences columns, named for display."""
    return {"length": pgettext("sequences", "source length"), "accuracy": pgettext("sequences", "accuracy"),
            "token_accuracy": pgettext("sequences", "token accuracy"), "n": pgettext("sequences", "pairs"),
            "final_loss": pgettext("sequences", "final loss"), "attention": pgettext("sequences", "attention"),
            "reverse_source": pgettext("sequences", "source reversed")}


def shown_table(df):
    """An experiment's table with its column names and values in the interface language."""
    shown = df.copy()
    if "attention" in shown:
        shown["attention"] = shown["attention"].map(lambda a: attention_name(a) if a in ("none", "bahdanau", "luong")
                                                    else a)
    if "reverse_source" in shown:
        shown["reverse_source"] = shown["reverse_source"].map(
            lambda r: pgettext("sequences", "yes") if r else pgettext("sequences", "no"))
    return shown.rename(columns=columns())


def loss_texts() -> dict:
    return {"epoch": pgettext("sequences", "epoch"), "loss": pgettext("sequences", "loss")}


def alignment_texts() -> dict:
    return {"source": pgettext("sequences", "source"), "output": pgettext("sequences", "output")}


def gate_texts() -> dict:
    return {"i": _("input gate i"), "f": _("forget gate f"), "g": _("candidate g"), "o": _("output gate o"),
            "c": _("cell state c"), "z": _("update gate z"), "r": _("reset gate r"), "unit": _("unit {unit}"),
            "time": _("time step t")}


def gradient_texts() -> dict:
    return {"time": _("time step t (loss at the last step)"), "norm": "‖∂L/∂h_t‖"}


def accuracy_texts() -> dict:
    return {"length": pgettext("sequences", "source length"), "accuracy": pgettext("sequences", "accuracy"),
            "token_accuracy": pgettext("sequences", "token accuracy")}


def series_labels() -> dict:
    """Legend labels of the length experiment: attention kinds, and forward/reversed source."""
    return {"none": attention_name("none"), "bahdanau": attention_name("bahdanau"), "luong": attention_name("luong"),
            True: pgettext("sequences", "source reversed"), False: _("source forward")}


def check_length(text: str, field: str) -> None:
    """Refuse a text over ``playground.limits.MAX_SEQUENCE_CHARS`` (a link can hold any length:
    50,000 digits crashed the server), naming the field in the user's language."""
    if len(text) > MAX_SEQUENCE_CHARS:
        raise ValueError(_("`{field}` may have at most {max} characters here; it has {n}.").format(
            field=field, max=MAX_SEQUENCE_CHARS, n=len(text)))
