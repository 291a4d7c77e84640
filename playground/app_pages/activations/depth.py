"""Activations page: initialisation through depth, and the training experiments."""

from __future__ import annotations

import streamlit as st

from playground.app_pages.activations.curves import NAMES
from playground.code_export import code_expander
from playground.common import friendly_errors
from playground.i18n import N_, _, fmt_number, ngettext, pgettext
from playground.jobs import job_slot
from playground.state import param
from tfdl.codegen import init_depth_code
from tfdl.experiments.activation_lab import EXPERIMENTS
from tfdl.initializers import INITIALIZERS

WIDTHS = [16, 32, 64, 128, 256, 512]
EXPERIMENT_TITLES = {
    "relu_vs_tanh": N_("ReLU vs tanh: epochs to 25% training error (AlexNet Fig. 1)"),
    "plain_vs_residual": N_("Plain vs residual at depth (ResNet's degradation)"),
    "regularization": N_("Dropout, batch norm, augmentation on 300 digits"),
    "initialization": N_("Initialisation: training a deep MLP from zeros / small / Xavier / He"),
}


@st.cache_data(show_spinner=False)
def init_table(inits: tuple, activation: str, depth: int, width: int):
    from tfdl.initializers import init_statistics_table

    return init_statistics_table(inits, activation, depth=depth, width=width, n_samples=256)


def init_tab() -> list[str]:
    """Activation and gradient spread per layer of a deep MLP at initialisation, per initialiser."""
    import tfdl.viz.activations as V
    from tfdl.initializers import last_layer_statistics

    keys = [f"act_init_{name}" for name in INITIALIZERS] + ["act_init_act", "act_depth", "act_width"]
    for name in INITIALIZERS:
        param(f"act_init_{name}", True)
    param("act_init_act", "relu", options=NAMES)
    param("act_depth", 10, min=1, max=50)
    param("act_width", 128, options=WIDTHS)
    for col, name in zip(st.columns(len(INITIALIZERS)), INITIALIZERS):
        col.checkbox(name, key=f"act_init_{name}")
    c1, c2, c3 = st.columns(3)
    activation = c1.selectbox(_("Activation"), NAMES, key="act_init_act")
    depth = c2.slider(_("Depth"), 1, 50, key="act_depth")
    width = c3.select_slider(_("Width"), WIDTHS, key="act_width")
    inits = tuple(name for name in INITIALIZERS if st.session_state[f"act_init_{name}"])
    with friendly_errors():  # no initialiser chosen: said in the user's language
        with st.spinner(_("Measuring {n} networks at initialisation…").format(n=len(inits))):  # up to ~15 s
            table = init_table(inits, activation, int(depth), int(width))
        st.pyplot(V.init_statistics_figure(table, texts={
            "std": _("std of activations"), "grad_std": _("std of ∂L/∂W"), "layer": pgettext("table header", "layer")}))
        st.markdown(_(
            "Weights N(0, s²) in a plain MLP at initialisation, random inputs. **zeros**: every unit "
            "computes the same thing (unit spread 0) and learns the same thing; **small** (s = 0.01): "
            "the signal shrinks layer after layer; **Xavier** s² = 2/(n_in + n_out) keeps tanh alive; "
            "**He** s² = 2/n keeps the ReLU signal's scale constant through depth."
        ))
        last = last_layer_statistics(table).rename(columns={
            "initializer": _("initialisation"), "std": _("std at last layer"),
            "unit_spread": _("spread across units"), "saturated": _("saturated share"), "grad_std": _("std of ∂L/∂W"),
        })
        st.dataframe(last, hide_index=True, column_config={  # tiny stds (1e-11) read as 0.000000000007 otherwise
            col: st.column_config.NumberColumn(format="%.3g") for col in last.columns[1:]})
        code_expander("act_init_code", lambda: init_depth_code(inits, activation, int(depth), int(width)))
    return keys


@st.cache_data(show_spinner=False, max_entries=16)
def run_experiment(name: str, epochs: int):
    from tfdl.experiments.activation_lab import run_experiment

    return run_experiment(name, epochs)


def column_names() -> dict[str, str]:
    """tfdl.experiments' column names as shown (English keeps the library's names)."""
    return {
        "activation": pgettext("experiment column", "activation"),
        "epochs_to_target": pgettext("experiment column", "epochs_to_target"),
        "seconds_to_target": pgettext("experiment column", "seconds_to_target"),
        "final_train_error": pgettext("experiment column", "final_train_error"),
        "diverged": pgettext("experiment column", "diverged"),
        "epochs_ratio": pgettext("experiment column", "epochs_ratio"),
        "depth": pgettext("experiment column", "depth"),
        "kind": pgettext("experiment column", "kind"),
        "train_error": pgettext("experiment column", "train_error"),
        "test_error": pgettext("experiment column", "test_error"),
        "final_loss": pgettext("experiment column", "final_loss"),
        "seconds": pgettext("experiment column", "seconds"),
        "setting": pgettext("experiment column", "setting"),
        "train_accuracy": pgettext("experiment column", "train_accuracy"),
        "test_accuracy": pgettext("experiment column", "test_accuracy"),
        "gap": pgettext("experiment column", "gap"),
        "initializer": pgettext("experiment column", "initializer"),
        "initial_loss": pgettext("experiment column", "initial_loss"),
        "distinct_units": pgettext("experiment column", "distinct_units"),
    }


def value_names() -> dict[str, dict[str, str]]:
    """Word values of tfdl.experiments' tables as shown."""
    return {
        "kind": {"plain": pgettext("experiment value", "plain"),
                 "residual": pgettext("experiment value", "residual")},
        "setting": {"none": pgettext("experiment value", "none"),
                    "dropout": pgettext("experiment value", "dropout"),
                    "batch_norm": pgettext("experiment value", "batch_norm"),
                    "augmentation": pgettext("experiment value", "augmentation"),
                    "l2": pgettext("experiment value", "l2")},
    }


def experiments_tab() -> list[str]:
    """Run one experiment on a budget of epochs; its table and chart."""
    param("act_exp", "relu_vs_tanh", options=EXPERIMENTS)
    param("act_epochs", 10, min=1, max=30)
    name = st.selectbox(_("Experiment"), EXPERIMENTS, key="act_exp", format_func=lambda e: _(EXPERIMENT_TITLES[e]))
    epochs = int(st.slider(_("Epochs (budget)"), 1, 30, key="act_epochs"))
    store = st.session_state.setdefault("act_results", {})
    if st.button(_("▶ Run"), key="act_run", type="primary"):
        with job_slot(), st.spinner(_("Training small networks on digits…")), friendly_errors():
            store[(name, epochs)] = run_experiment(name, epochs)
    table = store.get((name, epochs))
    if table is None:
        st.info(_("Runs on the bundled digits in well under a minute. Press Run."))
        return ["act_exp", "act_epochs"]
    col = {c: column_names().get(c, c) for c in table.columns}  # library name -> shown name
    shown = table.copy()
    for column, words in value_names().items():
        if column in shown:
            shown[column] = shown[column].map(lambda v, words=words: words.get(v, v))
    shown = shown.rename(columns=col)
    st.dataframe(shown, hide_index=True)
    if name == "relu_vs_tanh" and table["epochs_to_target"].isna().any():
        missed = ", ".join(table.loc[table["epochs_to_target"].isna(), "activation"])
        st.warning(missed_text(missed, epochs))
    elif name == "relu_vs_tanh":
        st.markdown(_(
            "tanh needed **{ratio}×** the epochs of ReLU here (AlexNet reports ≈ 6× on CIFAR-10 with a deeper "
            "CNN). Small nets on easy data often show a smaller gap — or none."
        ).format(ratio=fmt_number(table["epochs_ratio"].iloc[-1], ".2g")))
        st.bar_chart(shown.set_index(col["activation"])[col["epochs_to_target"]])
    elif name == "plain_vs_residual":
        st.bar_chart(shown.pivot(index=col["depth"], columns=col["kind"], values=col["train_error"]),
                     y_label=col["train_error"], stack=False)  # side by side: errors do not add up
        st.caption(_("Training error: the deep plain net is worse than the shallow one (degradation); "
                     "shortcuts remove the problem."))
    else:
        index = col["setting"] if name == "regularization" else col["initializer"]
        st.bar_chart(shown.set_index(index)[[col["train_accuracy"], col["test_accuracy"]]], stack=False)
    return ["act_exp", "act_epochs"]


def missed_text(missed: str, epochs: int) -> str:
    """Why there is no ReLU/tanh ratio: who missed 25% training error within the budget."""
    return ngettext(
        "{missed}: did not reach 25% training error within {epochs} epoch, so there is no ratio to show. "
        "Raise the epoch budget.",
        "{missed}: did not reach 25% training error within {epochs} epochs, so there is no ratio to show. "
        "Raise the epoch budget.", epochs).format(missed=missed, epochs=epochs)
