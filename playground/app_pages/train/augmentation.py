"""Train page, digits mode: augmentation of the training digits and test-time augmentation (TTA).

The switch, the kinds and their strength; a row of augmented examples; after training, the test
accuracy of TTA (the mean prediction over ``n`` augmented copies of each test digit) beside the
plain one. The augmentations are :func:`tfdl.data.augment.make_augmenter`'s; training feeds
:func:`tfdl.data.augment.augmented_dataset` (new random copies every epoch)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.train import settings as cfg
from playground.i18n import _
from playground.state import number_input

TRAIN_SEED, TTA_SEED = 0, 1  # the augmenter's seeds in training and for TTA (one run = one result)


def enabled() -> bool:
    return bool(st.session_state["train_aug"])


def controls() -> None:
    st.checkbox(_("Augment the training digits"), key="train_aug",
                help=_("Every epoch each training digit is replaced by a random variant: shifted, rotated, "
                       "stretched, blurred or with a bright spot (glare). The test digits stay as they are."))
    if not enabled():
        return
    cols = st.columns(2)
    for i, (kind, label) in enumerate(cfg.AUGMENTATIONS.items()):
        cols[i % 2].checkbox(_(label), key=f"train_aug_{kind}")
    st.slider(_("Augmentation strength"), 0.0, 1.0, step=0.05, key="train_augs",
              help=_("1 = shifts up to 20% of the side, rotations up to 36°, stretches up to 30%, blur σ up "
                     "to 1.5 pixels, glare up to full brightness; 0 = none."))
    number_input(_("Test-time augmentation: copies per test digit"), "train_tta")


def augmenter(seed: int):
    """The augmenter the settings ask for (an error when augmentation is on but no kind is ticked)."""
    from tfdl.data.augment import make_augmenter

    kinds = cfg.augment_kinds()
    if not kinds:
        raise ValueError(_("Choose at least one augmentation."))
    return make_augmenter(kinds, float(st.session_state["train_augs"]), seed=seed)


@st.cache_data(show_spinner=False, max_entries=16)
def examples(images: np.ndarray, kinds: tuple, strength: float, copies: int = 2) -> np.ndarray:
    """``images`` followed by ``copies`` augmented versions of them (seeded: the same every rerun)."""
    from tfdl.data.augment import make_augmenter

    aug = make_augmenter(kinds, strength, seed=TRAIN_SEED)
    return np.concatenate([images, *(np.asarray(aug(images, training=True)) for _ in range(copies))])


def show_examples(x: np.ndarray) -> None:
    """Eight training digits, then two random augmentations of each."""
    from tfdl.viz import image_grid_figure

    kinds = cfg.augment_kinds()
    augmenter(TRAIN_SEED)  # the error when nothing is ticked
    grid = examples(x[:8], kinds, float(st.session_state["train_augs"]))
    st.pyplot(image_grid_figure(grid, ncols=8, shared_scale=True, panel_size=0.8, colorbar_label=_("pixel value"),
                                title=_("Top row: training digits; below: two augmented copies of each")))


def tta_seconds(profile, n_test: int) -> float:
    """The estimate of the TTA pass after training (0 without augmentation)."""
    if not enabled():
        return 0.0
    from tfdl.training_cost import estimate_predict_cost

    return estimate_predict_cost(profile, n_test, passes=int(st.session_state["train_tta"])).seconds


def tta_accuracy(model, xt: np.ndarray, yt: np.ndarray) -> float:
    """Accuracy of the mean prediction over the chosen number of augmented copies of each test digit."""
    from tfdl.data.augment import test_time_augmentation

    probs = test_time_augmentation(model, xt, int(st.session_state["train_tta"]), augmenter(TTA_SEED))
    return float(np.mean(probs.argmax(axis=-1) == np.asarray(yt).ravel()))
