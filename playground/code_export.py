"""'The same in code' expanders: each page's setup as runnable Keras 3 + tfdl code (built by
``tfdl.codegen`` from the page's settings, only while the expander is open)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from playground.common import lazy_expander
from playground.i18n import _


def code_expander(key: str, make: Callable[[], str], label: str | None = None, file_name: str | None = None) -> None:
    """A closed-by-default expander that shows ``make()`` as Python once opened, with a download
    button for it (``file_name``, default ``tfdl_<key>.py``)."""
    box = lazy_expander(label or _("The same in code"), key)
    if box is not None:
        code = make()
        box.code(code, language="python", wrap_lines=True)
        box.download_button(
            _("Download the code (.py)"),
            data=code,
            file_name=file_name or f"tfdl_{key}.py",
            mime="text/x-python",
            key=f"{key}_download",
        )


def architecture_expander(name: str, shape: tuple, options: tuple) -> None:
    """The Architectures page's model as code: ``create_model`` with the page's input and keywords."""
    from tfdl.codegen import architecture_code

    code_expander("arch_code", lambda: architecture_code(name, shape, **dict(options)))


def conv_input_code() -> str | None:
    """The tfdl call that makes the Convolution lab's input, or ``None`` (typed, drawn or uploaded:
    the snippet then writes out the numbers)."""
    from tfdl.codegen import conv_input_code as make

    s = st.session_state
    channels = int(s["ch"])
    if s["src"] == "digit":
        return make("digit", channels=channels, index=int(s["digit"]), size=int(s["dsize"]))
    if s["src"] == "image":
        return make("image", channels=channels, size=int(s["gsize"]), seed=int(s["rseed"]))
    if s["src"] == "random":
        return make("random", channels=channels, size=int(s["rsize"]), seed=int(s["rseed"]))
    return None


def train2d_expander(features: tuple, hidden: tuple) -> None:
    """The Train page's 2-D run as code: the data, the MLP and ``fit`` with the page's settings."""
    from tfdl.codegen import train2d_code

    s = st.session_state
    code_expander(
        "train_code",
        lambda: train2d_code(
            s["train_dataset"],
            n_samples=int(s["train_n"]),
            noise=float(s["train_noise"]),
            train_ratio=float(s["train_ratio"]),
            features=features,
            hidden=hidden,
            activation=s["train_act"],
            initializer=s["train_init"],
            learning_rate=float(s["train_lr"]),
            optimizer=s["train_opt"],
            l2=float(s["train_l2"]),
            dropout=float(s["train_dropout"]),
            dropout_form=s["train_dform"],
            norm=s["train_norm"],
            batch_size=int(s["train_batch"]),
            epochs=int(s["train_epochs"]),
            seed=int(s["train_seed"]),
            classes=int(s["train_classes"]),
            points=s.get("train_points_text"),  # train.points: the session's own points as CSV
            clip=float(s["train_clip"]),
        ),
    )


def digits_expander(size: int) -> None:
    """The Train page's digits run as code: the digits, the model and ``fit`` with the page's settings."""
    from playground.app_pages.train.settings import augment_kinds
    from tfdl.codegen import digits_code

    s = st.session_state
    code_expander(
        "train_dcode",
        lambda: digits_code(
            s["train_dmodel"],
            size,
            epochs=int(s["train_depochs"]),
            learning_rate=float(s["train_dlr"]),
            batch_size=int(s["train_dbatch"]),
            norm=s["train_dnorm"],
            augment=augment_kinds() if s["train_aug"] else (),
            strength=float(s["train_augs"]),
            clip=float(s["train_clip"]),
        ),
    )


def inside_expander(size: int, index: int, target: int | None) -> None:
    """The Inside page's model trained here and its test digit ``index`` as code (``target`` ``None``: the
    predicted class is explained)."""
    from tfdl.codegen import inside_code

    s = st.session_state
    code_expander("in_code", lambda: inside_code(size, int(s["in_epochs"]), int(s["in_seed"]), index, target))


def settings_expander(key: str, page: str, settings: tuple) -> None:
    """The Autoencoders (``page="autoencoders"``), Transfer learning (``"transfer"``), Sequences' seq2seq
    (``"seq2seq"``) or Vision's U-Net (``"unet"``) or triplet (``"triplet"``) run as code, ``settings`` in the
    order of the generator's arguments."""
    from tfdl import codegen as C

    make = {
        "autoencoders": C.autoencoder_code,
        "transfer": C.transfer_code,
        "seq2seq": C.seq2seq_code,
        "unet": C.unet_code,
        "triplet": C.triplet_code,
    }[page]
    code_expander(key, lambda: make(*settings))
