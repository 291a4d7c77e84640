"""Train: a small network learns live, on 2-D points (TensorFlow-Playground style) or on digits.

2-D mode (:mod:`train.toy2d`): dataset, noise, input features, hidden layers, activation,
initialisation, learning rate, optimiser, L2, dropout (inverted or classic), normalisation (none,
batch, layer), batch size; the loss curve and the decision boundary evolve during training, then
every hidden neuron shows its own output. Digits mode (:mod:`train.digits`): the small CNN (with
a normalisation choice) or a registered model that takes the digit images, optionally trained on
augmented digits (:mod:`train.augmentation`: examples, then test-time augmentation's accuracy);
live curves, then the confusion matrix, misclassified digits and a ``.keras`` download. Stop keeps
the run (a checkpoint after every epoch) and Resume continues it; the session's last runs are
overlaid (:mod:`train.runs`); 2-D mode sweeps one setting (:mod:`train.sweep`).

Settings are declared in :mod:`train.settings` (``playground.state``); results live in
``st.session_state["train_2d_result"]`` / ``["train_digits_result"]``; the trained digits model
goes to the *Inside a network* page through :func:`playground.session.save_trained_digits`.
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.train import digits, gradflow_rnn, sweep, toy2d
from playground.app_pages.train.settings import declare_all, link_baseline
from playground.i18n import _
from playground.page_table import page_title
from playground.state import sync_params

st.title(page_title("train"))
st.caption(_(
    "Change one setting, press Train and watch the network learn. Too large a learning rate "
    "diverges; no hidden layer cannot bend the boundary; the right input feature makes a hard "
    "task easy."
))

keys = declare_all() + sweep.declare()
mode = st.radio(_("Data"), ["2d", "digits"], key="train_mode", horizontal=True,
                format_func=lambda m: _("2-D points") if m == "2d" else _("digits (images)"))
if mode == "2d":
    toy2d.show()
else:
    digits.show()
gradflow_rnn.show(mode)

sync_params(keys, baseline=link_baseline())
