"""Transfer learning: a small CNN learnt on digits 0–4 learns 5–9 from a few examples, against scratch.

Two tfdl calls, both when the button is pressed: :func:`tfdl.experiments.pretrain_source` (kept in the
session per its settings, so a new number of examples reuses it) and
:func:`tfdl.experiments.transfer_vs_scratch` (kept per settings too), then the two learning curves as a
native line chart. Settings are mirrored into the link.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.code_export import settings_expander
from playground.common import friendly_errors, training_budget
from playground.i18n import _, fmt_number, pgettext
from playground.jobs import job_slot
from playground.page_table import page_title
from playground.state import number_input, param, sync_params

DEFAULTS = {"tl_shots": 3, "tl_epochs": 15, "tl_pretrain": 5, "tl_finetune": 0, "tl_layers": 1, "tl_seed": 0}
RANGES = {
    "tl_shots": (1, 50),
    "tl_epochs": (1, 40),
    "tl_pretrain": (1, 20),
    "tl_finetune": (0, 20),
    "tl_layers": (1, 2),
    "tl_seed": (0, 9999),
}
KEYS = list(DEFAULTS)
BASES, RESULTS = "tl_bases", "tl_results"  # session keys: {settings: result}, the latest MAX_KEPT
MAX_KEPT = 6


def _keep(store: dict, key, value) -> None:
    store[key] = value
    while len(store) > MAX_KEPT:
        store.pop(next(iter(store)))


@st.cache_data(show_spinner=False, max_entries=64)
def _seconds(settings: tuple) -> float:
    """Estimated CPU seconds: the pretraining (about 900 digits 0–4) and the comparison."""
    from tfdl.experiments import transfer_vs_scratch_seconds
    from tfdl.experiments.transfer import _small_cnn
    from tfdl.training import estimate_fit_cost

    shots, epochs, pretrain, finetune, _layers, _seed = settings
    base = estimate_fit_cost(lambda: _small_cnn(5), n_samples=900, epochs=pretrain, batch_size=32).seconds
    return base + transfer_vs_scratch_seconds(shots, epochs, finetune)


def _controls() -> None:
    c1, c2, c3 = st.columns(3)
    with c1:
        st.slider(
            _("examples per class of 5–9"),
            *RANGES["tl_shots"],
            key="tl_shots",
            help=_(
                "Both networks learn digits 5–9 from only these images (the same ones); the accuracy "
                "is measured on all test images of 5–9."
            ),
        )
        st.slider(_("epochs on 5–9"), *RANGES["tl_epochs"], key="tl_epochs")
    with c2:
        st.slider(
            _("pretraining epochs on 0–4"),
            *RANGES["tl_pretrain"],
            key="tl_pretrain",
            help=_("The source network: the small CNN trained on every training image of 0–4."),
        )
        number_input(pgettext("transfer", "seed"), "tl_seed", step=1)
    with c3:
        st.slider(
            _("fine-tuning epochs (phase 2)"),
            *RANGES["tl_finetune"],
            key="tl_finetune",
            help=_(
                "0: no second phase. Otherwise the top layers of the base are unfrozen and trained "
                "further at a tenth of the learning rate; batch norm stays frozen."
            ),
        )
        st.slider(
            _("layers unfrozen in phase 2"),
            *RANGES["tl_layers"],
            key="tl_layers",
            help=_("Counted from the top of the kept convolutions: 1 = conv2, 2 = conv1 and conv2."),
        )


def _run(settings: tuple, bar) -> None:
    from tfdl.experiments import pretrain_source, transfer_vs_scratch

    shots, epochs, pretrain, finetune, layers, seed = settings
    bases = st.session_state.setdefault(BASES, {})
    if (pretrain, seed) not in bases:
        bar.progress(0.0, text=_("Pretraining on digits 0–4…"))
        _keep(bases, (pretrain, seed), pretrain_source(epochs=pretrain, seed=seed))
    base = bases[(pretrain, seed)]
    result = transfer_vs_scratch(
        base.model,
        shots,
        epochs=epochs,
        fine_tune_epochs=finetune,
        fine_tune_layers=layers,
        seed=seed,
        progress=lambda d, t: bar.progress(
            d / t, text=_("Epoch {done} of {total} (both networks)").format(done=d, total=t)
        ),
    )
    _keep(st.session_state.setdefault(RESULTS, {}), settings, (base.accuracy, result))


def _draw(source_accuracy: float, result) -> None:
    transfer, scratch = _("transfer (0–4 → 5–9)"), _("from scratch")
    final, mean = result.final(), result.mean_accuracy()
    c1, c2, c3 = st.columns(3)
    c1.metric(_("source network on 0–4"), fmt_number(source_accuracy, ".1%"))
    c2.metric(
        transfer,
        fmt_number(final["transfer"], ".1%"),
        delta=fmt_number(final["transfer"] - final["scratch"], "+.1%"),
        help=_("Accuracy on the test images of 5–9 after the last epoch; the difference to scratch below."),
    )
    c3.metric(scratch, fmt_number(final["scratch"], ".1%"))
    curves = pd.DataFrame(
        {transfer: result.transfer["val_accuracy"].to_numpy(), scratch: result.scratch["val_accuracy"].to_numpy()},
        index=pd.Index(result.transfer["epoch"].to_numpy(), name=_("epoch")),
    )
    st.markdown("**" + _("Validation accuracy on digits 5–9, epoch by epoch") + "**")
    st.line_chart(curves, x_label=_("epoch"), y_label=_("validation accuracy"))
    lines = [
        _("Mean over the epochs (the area under the curve): transfer {transfer}, scratch {scratch}.").format(
            transfer=fmt_number(mean["transfer"], ".1%"), scratch=fmt_number(mean["scratch"], ".1%")
        )
    ]
    if result.fine_tune_from:
        lines.append(
            _("Phase 2 (top unfrozen, a tenth of the step) starts at epoch {epoch}.").format(
                epoch=result.fine_tune_from
            )
        )
    lines.append(_("Computed in {seconds} s.").format(seconds=fmt_number(result.seconds, ".0f")))
    st.caption(" ".join(lines))


st.title(page_title("transfer"))
st.markdown(
    _(
        "A network trained on one task has learnt features that help with another. Here a small CNN "
        "(conv → BN → conv → BN → dense → softmax) is trained on the 8×8 digits **0–4**; then its convolutions are "
        "kept and frozen, its dense layers cut off, and a new softmax learns digits **5–9** from only a few images "
        "per class. The same network trained from scratch on the same images is the baseline."
    )
)
with st.expander(_("The recipe in code (tfdl.training.transfer)")):
    st.code(
        "from tfdl.training import fit, transfer, unfreeze_top\n\n"
        'model = transfer(base, num_classes=5, freeze="all", cut="flatten")  # new softmax head\n'
        "fit(model, x_few, y_few, epochs=15, learning_rate=1e-2)\n"
        "unfreeze_top(model, 1)          # phase 2: recompiled at a tenth of the step\n"
        "fit(model, x_few, y_few, epochs=5)",
        language="python",
    )

for key, default in DEFAULTS.items():
    param(key, default, min=RANGES[key][0], max=RANGES[key][1])
settings = tuple(int(st.session_state[key]) for key in KEYS)
_controls()
settings_expander("tl_code", "transfer", settings)
allowed = training_budget(_seconds(settings), _("use fewer epochs or examples."))
kept = st.session_state.setdefault(RESULTS, {})
if st.button(_("Train both and compare"), key="tl_run", type="primary", disabled=not allowed) and settings not in kept:
    bar = st.progress(0.0, text=_("Training…"))
    with friendly_errors(), job_slot():
        _run(settings, bar)
    bar.empty()
if settings in kept:
    _draw(*kept[settings])
else:
    st.info(_("Press the button to pretrain on 0–4 (once per pretraining setting) and train both networks on 5–9."))

sync_params(KEYS)
