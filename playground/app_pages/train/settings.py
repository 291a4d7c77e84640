"""The Train page's settings: key, default and range of each, declared in one place.

Every run declares all of them (both modes), so a setting of the hidden mode keeps its value
and stays in the link (``playground.state.param`` restores what Streamlit drops).
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train.gradflow import SPECS as GRADFLOW_SPECS
from playground.i18n import N_
from playground.state import param, set_value

DATASETS = {"circle": N_("circle"), "xor": N_("XOR"), "gaussians": N_("two Gaussians"),
            "spiral": N_("spiral"), "moons": N_("moons"), "blobs": N_("blobs (several classes)"),
            "arms": N_("spiral arms (several classes)"), "plane": N_("plane (regression)"),
            "multigauss": N_("multi-Gaussian (regression)"), "own": N_("your own points")}
MULTICLASS = ("blobs", "arms")  # tfdl.data.TOY2D_MULTICLASS: their number of classes is train_classes
POINT_CLASSES = (0, 1, 2, 3, 4)  # the class a click on the plane adds (tfdl.data.MAX_POINT_CLASSES)
FEATURES = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂", "sin_x1": "sin x₁",
            "sin_x2": "sin x₂"}
ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "elu", "softplus", "maxout", "linear")
INITS = ("xavier", "he", "small", "zeros")
LRS = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2S = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCHES = (1, 2, 4, 8, 16, 32, 64, 128)
DIGIT_SIZES = (8, 16, 28, 32)
CLIPS = (0.0, 0.5, 1.0, 5.0)  # clip by global norm (keras global_clipnorm); 0 = off
DIGIT_LRS = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 1.0, 10.0)
NORMS = {"none": N_("none"), "batch": N_("batch norm"), "layer": N_("layer norm")}
DROPOUT_FORMS = {"inverted": N_("inverted"), "classic": N_("classic")}
AUGMENTATIONS = {"shift": N_("shift"), "rotate": N_("rotate"), "stretch": N_("stretch"), "blur": N_("blur"),
                 "glare": N_("glare")}  # tfdl.data.augment.AUGMENTATIONS, in the order shown
AUG_KEYS = ("train_aug", "train_augs", "train_tta", *(f"train_aug_{k}" for k in AUGMENTATIONS))
DIGIT_KEYS = ("train_dmodel", "train_dsize", "train_depochs", "train_dlr", "train_dbatch", "train_dnorm", *AUG_KEYS)


def feature_key(name: str) -> str:
    """``"x1^2"`` → ``"train_f_x12"``: the setting of one input feature."""
    return f"train_f_{name.replace('^', '')}"


@st.cache_data(show_spinner=False)
def digit_models() -> list[str]:
    """The small CNN, then the registered image classifiers whose input side is at most 32."""
    from tfdl.models.by_input import list_models_by_input

    return ["small_cnn", *list_models_by_input("image", task="classification", max_side=32)]


def specs() -> dict[str, dict]:
    """``{key: {"default": ..., "options"/"min"/"max": ...}}`` for every setting of the page."""
    return {
        "train_mode": dict(default="2d", options=("2d", "digits")),
        "train_dataset": dict(default="circle", options=tuple(DATASETS)),
        "train_noise": dict(default=0.0, min=0.0, max=0.5),
        "train_ratio": dict(default=0.5, min=0.1, max=0.9),
        "train_n": dict(default=400, min=20, max=5000),
        "train_classes": dict(default=3, min=2, max=5),
        "train_pclass": dict(default=0, options=POINT_CLASSES),
        **{feature_key(k): dict(default=k in ("x1", "x2")) for k in FEATURES},
        "train_hidden": dict(default="4, 2"),
        "train_act": dict(default="tanh", options=ACTIVATIONS),
        "train_init": dict(default="xavier", options=INITS),
        "train_lr": dict(default=0.03, options=LRS),
        "train_opt": dict(default="adam", options=("sgd", "adam")),
        "train_clip": dict(default=0.0, options=CLIPS),
        "train_l2": dict(default=0.0, options=L2S),
        "train_dropout": dict(default=0.0, min=0.0, max=0.8),
        "train_bn": dict(default=False),  # links before the normalisation choice: True = batch norm
        "train_norm": dict(default="none", options=tuple(NORMS)),
        "train_dform": dict(default="inverted", options=tuple(DROPOUT_FORMS)),
        "train_batch": dict(default=16, options=BATCHES),
        "train_epochs": dict(default=50, min=1, max=500),
        "train_seed": dict(default=0, min=0, max=10_000),
        "train_dmodel": dict(default="small_cnn", options=tuple(digit_models())),
        "train_dsize": dict(default=8, options=DIGIT_SIZES),
        "train_depochs": dict(default=10, min=1, max=100),
        "train_dlr": dict(default=0.003, options=DIGIT_LRS),
        "train_dbatch": dict(default=64, options=BATCHES),
        "train_dnorm": dict(default="none", options=tuple(NORMS)),
        "train_aug": dict(default=False),
        **{f"train_aug_{k}": dict(default=k in ("shift", "rotate")) for k in AUGMENTATIONS},
        "train_augs": dict(default=0.5, min=0.0, max=1.0),
        "train_tta": dict(default=8, min=1, max=32),
        **GRADFLOW_SPECS,
    }


def declare_all() -> list[str]:
    """Declare every setting (link → session → default, clamped); returns their keys.

    ``train_bn`` (the old batch-norm checkbox) follows ``train_norm``: a link with
    ``train_bn=True`` and no ``train_norm`` opens with batch norm, and batch norm is written to the
    link as ``train_bn=True`` (:func:`link_baseline`), so old and new links are the same."""
    table = specs()
    for key, spec in table.items():
        param(key, **spec)
    s = st.session_state
    if s["train_bn"] and s["train_norm"] == "none":
        set_value("train_norm", "batch")
    elif s["train_bn"] != (s["train_norm"] == "batch"):
        set_value("train_bn", s["train_norm"] == "batch")
    return list(table)


def norm_changed() -> None:
    """The normalisation radio's callback: keep ``train_bn`` in step (before :func:`declare_all` reads it)."""
    set_value("train_bn", st.session_state["train_norm"] == "batch")


def link_baseline() -> dict:
    """``sync_params``'s baseline: batch norm goes to the link as ``train_bn=True`` only."""
    return {"train_norm": "batch"} if st.session_state.get("train_bn") else {}


def augment_kinds() -> tuple[str, ...]:
    """The augmentations ticked on the digits side."""
    return tuple(k for k in AUGMENTATIONS if st.session_state.get(f"train_aug_{k}"))


def settings_2d() -> dict:
    """The 2-D settings now (to tell when a trained picture is out of date)."""
    s = st.session_state
    skip = ("train_mode", "train_pclass", *DIGIT_KEYS, *GRADFLOW_SPECS)
    now = {k: s.get(k) for k in specs() if k not in skip}
    return {**now, "points": s.get("train_points_sig")} if s.get("train_dataset") == "own" else now


def make_optimizer(name: str, learning_rate: float):
    """SGD or Adam with the page's gradient clipping (``global_clipnorm``; off at 0)."""
    import keras

    cls = keras.optimizers.SGD if name == "sgd" else keras.optimizers.Adam
    return cls(learning_rate, global_clipnorm=float(st.session_state["train_clip"]) or None)
