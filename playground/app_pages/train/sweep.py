"""Train page, 2-D mode: a small sweep. One setting (learning rate or units per hidden layer) takes
3–5 values, each trained from the same seed with every other setting as it is, and the final
training loss is drawn against the value (``tfdl.training_runs.sweep``).

Its settings go through ``playground.state`` (:func:`declare`, every run of the page) so a shared link
opens the sweep with the same setting and values: the values as ``train_sweep_lr_values`` /
``train_sweep_units_values``, comma-separated (empty: the page's default around the current value)."""

from __future__ import annotations

import math

import streamlit as st

from playground.app_pages.train import settings as cfg
from playground.app_pages.train import task2d
from playground.common import friendly_errors, lazy_expander, training_budget
from playground.i18n import N_, _
from playground.jobs import job_slot
from playground.state import param, set_value

WHAT = {"lr": N_("learning rate"), "units": N_("units per hidden layer")}
UNITS = (1, 2, 3, 4, 6, 8, 12, 16, 32)
RESULT_KEY = "train_sweep_result"
KEYS = ["train_sweep_open", "train_sweep_what", "train_sweep_lr_values", "train_sweep_units_values"]


def declare() -> list[str]:
    """Declare the sweep's settings (link → session → default); returns their keys for the link."""
    param("train_sweep_open", False)
    param("train_sweep_what", "lr", options=list(WHAT))
    param("train_sweep_lr_values", "")
    param("train_sweep_units_values", "")
    return list(KEYS)


def parse_values(raw: str, options: list) -> tuple[list, list]:
    """``"0.01,0.1"`` → (the values among ``options``, written as the link writes them, ``f"{v:g}"``; the
    parts that are not, or repeat one, or come after the fifth)."""
    known = {f"{v:g}": v for v in options} | {str(v): v for v in options}
    chosen, wrong = [], []
    for part in (p.strip() for p in str(raw).split(",")):
        if not part:
            continue
        value = known.get(part)
        if value is None or value in chosen or len(chosen) >= 5:
            wrong.append(part[:20])
        else:
            chosen.append(value)
    return chosen, wrong


def picked(what: str, options: list) -> str:
    """The multiselect's key, its value restored from the declared setting when the widget is new."""
    key, stored = f"train_sweep_{what}", f"train_sweep_{what}_values"
    if key not in st.session_state:
        chosen, wrong = parse_values(st.session_state[stored], options)
        if wrong:
            st.warning(
                _(
                    "Values {values} are not offered for this setting (or repeat one); the sweep leaves them out."
                ).format(values=", ".join(wrong))
            )
        st.session_state[key] = chosen or default_values(what)
    return key


def layers(hidden: tuple, units: int) -> tuple:
    """Every hidden layer with ``units`` units (one layer when there is none)."""
    return (int(units),) * max(1, len(hidden))


def default_values(what: str) -> list:
    s = st.session_state
    if what == "units":
        return [2, 4, 8]
    i = cfg.LRS.index(s["train_lr"]) if s["train_lr"] in cfg.LRS else len(cfg.LRS) // 2
    i = min(max(i, 1), len(cfg.LRS) - 2)
    return list(cfg.LRS[i - 1 : i + 2])


def show(features: tuple, hidden: tuple | None, data) -> None:
    from playground.app_pages.train.toy2d import fit_cost

    s = st.session_state
    box = lazy_expander(_("Sweep one setting"), "train_sweep_open")  # its estimate only while open
    if box is None:
        return
    with box:
        what = st.radio(_("Setting"), list(WHAT), key="train_sweep_what", format_func=lambda w: _(WHAT[w]))
        options = list(cfg.LRS) if what == "lr" else list(UNITS)
        values = st.multiselect(_("Values (3 to 5)"), options, max_selections=5, key=picked(what, options))
        values = sorted(values)
        set_value(f"train_sweep_{what}_values", ",".join(f"{v:g}" for v in values))
        (x, _y), (xt, _yt) = data
        if hidden is None or not features:
            return  # the page explains why next to the Train button
        allowed = False
        with friendly_errors():
            hiddens = [layers(hidden, v) if what == "units" else hidden for v in values]
            seconds = sum(fit_cost(features, h, len(x), len(xt)).seconds for h in hiddens)
            allowed = len(values) >= 3 and training_budget(seconds, _("choose fewer values or fewer epochs."))
        if st.button(_("Run the sweep"), key="train_sweep_go", disabled=not allowed) and allowed:
            with friendly_errors():
                run(what, values, features, hidden, data)
        result = s.get(RESULT_KEY)
        if result is not None:
            figure(result)


@job_slot()
def run(what: str, values: list, features: tuple, hidden: tuple, data) -> None:
    import tfdl.training as T
    from tfdl.training_runs import sweep

    s = st.session_state
    (x, y), _test = data

    def train(value):
        lr = float(value) if what == "lr" else float(s["train_lr"])
        model = T.build_mlp(
            layers(hidden, value) if what == "units" else hidden,
            s["train_act"],
            s["train_init"],
            dropout=float(s["train_dropout"]),
            dropout_form=s["train_dform"],
            batch_norm=s["train_norm"] == "batch",
            layer_norm=s["train_norm"] == "layer",
            l2=float(s["train_l2"]),
            features=features,
            seed=int(s["train_seed"]),
            **task2d.mlp_kwargs(data),
        )
        optimizer = cfg.make_optimizer(s["train_opt"], lr)
        return T.fit(
            model,
            x,
            y,
            epochs=int(s["train_epochs"]),
            batch_size=int(s["train_batch"]),
            seed=int(s["train_seed"]),
            optimizer=optimizer,
            jit_compile=False,
            reinitialize=True,
            **task2d.fit_kwargs(),
        )

    with st.spinner(_("training {n} networks…").format(n=len(values))):
        result = sweep(train, values)
    s[RESULT_KEY] = {"what": what, "values": result.values, "losses": result.final_losses}


def figure(result: dict) -> None:
    from tfdl.viz.vega import lines_spec

    lr = result["what"] == "lr"
    rows = [{"value": math.log10(v) if lr else v, "loss": loss} for v, loss in zip(result["values"], result["losses"])]
    what = result["what"]
    x_title = _("log₁₀ learning rate") if lr else _(WHAT[what])
    st.vega_lite_chart(
        lines_spec(rows, "value", "loss", x_title=x_title, y_title=_("final training loss"), name="sweep", height=200),
        width="stretch",
    )
