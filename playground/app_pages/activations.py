"""Activations & init: the curves and their derivatives, softplus as a stack of sigmoids, maxout,
how initialisation carries (or kills) the signal through depth, and small training experiments.

Curves come from ``tfdl.activations`` (numpy), pictures from ``tfdl.viz.activations``; the
experiments are ``tfdl.experiments`` functions, cached per setting with ``st.cache_data``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.common import guarded, lang, localize_figure, param, sync_params, tr
from playground.page_table import page_title
from tfdl.activations import ACTIVATIONS
from tfdl.initializers import INITIALIZERS

NAMES = list(ACTIVATIONS)
FORMULAS = {
    "sigmoid": ("σ(x) = 1 / (1 + e^{−x})", "σ(x)(1 − σ(x)) ≤ 1/4"),
    "tanh": ("tanh x", "1 − tanh² x ≤ 1"),
    "relu": ("max(0, x)", "1[x > 0]"),
    "leaky_relu": ("max(0.1x, x)", "1 if x > 0 else 0.1"),
    "elu": ("x if x > 0 else e^x − 1", "1 if x > 0 else e^x"),
    "softplus": ("log(1 + e^x)", "σ(x)"),
}
INITS = list(INITIALIZERS)
EXPERIMENTS = {
    "relu_vs_tanh": ("ReLU vs tanh: epochs to 25% training error (AlexNet Fig. 1)",
                     "ReLU против tanh: эпох до 25% ошибки на обучении (AlexNet, рис. 1)"),
    "plain_vs_residual": ("Plain vs residual at depth (ResNet's degradation)",
                          "Обычная и остаточная сеть в глубину (деградация, ResNet)"),
    "regularization": ("Dropout, batch norm, augmentation on 300 digits",
                       "Dropout, батч-нормализация, аугментация на 300 цифрах"),
    "initialization": ("Initialisation: training a deep MLP from zeros / small / Xavier / He",
                       "Инициализация: обучение глубокого MLP с нулей / малых / Xavier / He"),
}
EXPERIMENT_COLUMNS_RU = {  # tfdl.experiments columns, renamed for display in Russian
    "activation": "активация", "epochs_to_target": "эпох до 25% ошибки",
    "seconds_to_target": "секунд до 25% ошибки", "final_train_error": "итоговая ошибка на обучении",
    "diverged": "разошлось", "epochs_ratio": "отношение эпох (tanh / ReLU)", "depth": "глубина",
    "kind": "сеть", "train_error": "ошибка на обучении", "test_error": "ошибка на тесте",
    "final_loss": "итоговые потери", "seconds": "секунды", "setting": "настройка",
    "train_accuracy": "точность на обучении", "test_accuracy": "точность на тесте", "gap": "разрыв",
    "initializer": "инициализация", "initial_loss": "начальные потери", "distinct_units": "различных нейронов",
}
EXPERIMENT_VALUES_RU = {
    "kind": {"plain": "обычная", "residual": "остаточная"},
    "setting": {"none": "без регуляризации", "dropout": "dropout", "batch_norm": "батч-нормализация",
                "augmentation": "аугментация", "l2": "L2"},
}

DEFAULTS = {
    **{f"act_show_{n}": n in ("sigmoid", "tanh", "relu") for n in NAMES},
    "act_xmin": -5.0, "act_xmax": 5.0, "act_terms": 10, "act_pieces": 3,
    **{f"act_init_{n}": True for n in INITS},
    "act_init_act": "relu", "act_depth": 10, "act_width": 128,
    "act_exp": "relu_vs_tanh", "act_epochs": 10,
}
for key, value in DEFAULTS.items():
    param(key, value)

st.title(page_title("activations"))
st.caption(tr(
    "A neuron computes z = Wx + b, then a nonlinearity f(z). Its derivative f'(z) is what "
    "backpropagation multiplies layer after layer: where it is small, gradients vanish.",
    "Нейрон вычисляет z = Wx + b, затем нелинейность f(z). Её производная f'(z) — то, что "
    "обратное распространение перемножает слой за слоем: где она мала, градиенты затухают.",
))

tab_curves, tab_softplus, tab_init, tab_exp = st.tabs([
    tr("Curves & derivatives", "Графики и производные"),
    tr("Softplus & maxout", "Softplus и maxout"),
    tr("Initialisation through depth", "Инициализация и глубина"),
    tr("Experiments", "Эксперименты"),
])


def curves_tab():
    import tfdl.viz.activations as V

    cols = st.columns(len(NAMES))
    for col, name in zip(cols, NAMES):
        col.checkbox(name, key=f"act_show_{name}")
    c1, c2 = st.columns(2)
    c1.number_input(tr("x from", "x от"), -50.0, 50.0, step=1.0, key="act_xmin")
    c2.number_input(tr("x to", "x до"), -50.0, 50.0, step=1.0, key="act_xmax")
    chosen = [n for n in NAMES if st.session_state[f"act_show_{n}"]]
    if not chosen:
        st.error(tr("Choose at least one activation.", "Выберите хотя бы одну активацию."))
        return
    fig = guarded(V.activation_curves_figure, chosen, float(st.session_state["act_xmin"]),
                  float(st.session_state["act_xmax"]))
    if fig is None:
        return
    st.pyplot(fig)
    st.table({
        tr("activation", "активация"): chosen,
        "f(x)": [FORMULAS[n][0] for n in chosen],
        "f'(x)": [FORMULAS[n][1] for n in chosen],
    })
    st.markdown(tr(
        "Sigmoid's slope is at most 1/4, so ten sigmoid layers scale a gradient by at most "
        "(1/4)¹⁰ ≈ 10⁻⁶. ReLU's slope is exactly 1 where it is active: no vanishing, but a unit "
        "whose input stays negative is dead (slope 0) — leaky ReLU keeps slope 0.1 there.",
        "Наклон сигмоиды не больше 1/4, поэтому десять сигмоидных слоёв уменьшают градиент "
        "минимум в 4¹⁰ ≈ 10⁶ раз. У ReLU наклон ровно 1 там, где она активна: затухания нет, но "
        "нейрон с всегда отрицательным входом «мёртв» (наклон 0) — leaky ReLU оставляет там 0.1.",
    ))


def softplus_tab():
    import tfdl.activations as A
    import tfdl.viz.activations as V

    st.slider(tr("Number of shifted sigmoids N", "Число сдвинутых сигмоид N"), 1, 30, key="act_terms")
    n = int(st.session_state["act_terms"])
    st.pyplot(localize_figure(V.softplus_sum_figure(n, x_max=max(12.0, n + 2.0)),
                              {f"Σ of {n} sigmoids": f"Σ {n} сигмоид"}))
    x = np.linspace(-4, n - 2, 200)
    gap = float(np.max(np.abs(A.softplus_as_sigmoid_sum(x, n) - A.softplus(x)))) if n > 2 else float("nan")
    st.markdown(tr(
        f"Σᵢ σ(x + 1/2 − i) for i = 1..{n}: a stack of binary units with shifted biases. Below "
        f"x ≈ N it matches softplus log(1 + eˣ) (largest gap here {gap:.3f}), and softplus ≈ ReLU: "
        "this is how Nair & Hinton (2010) arrived at rectified linear units.",
        f"Σᵢ σ(x + 1/2 − i) для i = 1..{n}: стопка бинарных нейронов со сдвинутыми смещениями. "
        f"При x меньше N сумма совпадает с softplus log(1 + eˣ) (наибольшее отличие {gap:.3f}), а "
        "softplus ≈ ReLU: так Наир и Хинтон (2010) пришли к ReLU.",
    ))
    st.subheader(tr("Maxout: the max of k linear pieces", "Maxout: максимум из k линейных кусков"))
    st.slider(tr("Pieces k", "Куски k"), 1, 8, key="act_pieces")
    k = int(st.session_state["act_pieces"])
    rng = np.random.default_rng(k)
    w, b = rng.normal(0, 1, k), rng.normal(0, 1, k)
    xs = np.linspace(-3, 3, 121)
    z = np.outer(xs, w) + b
    chart = {f"z{j + 1} = {w[j]:.2f}x + {b[j]:.2f}": z[:, j] for j in range(k)}
    chart["max (maxout)"] = z.max(axis=1)
    import pandas as pd

    st.line_chart(pd.DataFrame(chart, index=xs))
    st.caption(tr(
        "A maxout unit h = maxⱼ (wⱼx + bⱼ) learns its own convex piecewise-linear activation "
        "(Goodfellow et al., 2013): `tfdl.layers.Maxout(units, pieces)`.",
        "Нейрон maxout h = maxⱼ (wⱼx + bⱼ) сам выучивает свою выпуклую кусочно-линейную активацию "
        "(Goodfellow и др., 2013): `tfdl.layers.Maxout(units, pieces)`.",
    ))


@st.cache_data(show_spinner=False)
def init_table(inits: tuple, activation: str, depth: int, width: int):
    import pandas as pd

    from tfdl.initializers import init_statistics

    return pd.concat([init_statistics(i, activation, depth=depth, width=width, n_samples=256) for i in inits],
                     ignore_index=True)


def init_tab():
    import tfdl.viz.activations as V

    cols = st.columns(len(INITS))
    for col, name in zip(cols, INITS):
        col.checkbox(name, key=f"act_init_{name}")
    c1, c2, c3 = st.columns(3)
    c1.selectbox(tr("Activation", "Активация"), NAMES, key="act_init_act")
    c2.slider(tr("Depth", "Глубина"), 1, 50, key="act_depth")
    c3.select_slider(tr("Width", "Ширина"), [16, 32, 64, 128, 256, 512], key="act_width")
    inits = tuple(n for n in INITS if st.session_state[f"act_init_{n}"])
    if not inits:
        st.error(tr("Choose at least one initialisation.", "Выберите хотя бы одну инициализацию."))
        return
    table = init_table(inits, st.session_state["act_init_act"], int(st.session_state["act_depth"]),
                       int(st.session_state["act_width"]))
    st.pyplot(localize_figure(V.init_statistics_figure(table), {
        "std of activations": "std активаций", "std of ∂L/∂W": "std ∂L/∂W", "layer": "слой"}))
    st.markdown(tr(
        "Weights N(0, s²) in a plain MLP at initialisation, random inputs. **zeros**: every unit "
        "computes the same thing (unit spread 0) and learns the same thing; **small** (s = 0.01): "
        "the signal shrinks layer after layer; **Xavier** s² = 2/(n_in + n_out) keeps tanh alive; "
        "**He** s² = 2/n keeps the ReLU signal's scale constant through depth.",
        "Веса N(0, s²) в обычном MLP при инициализации, случайные входы. **zeros**: все нейроны "
        "вычисляют одно и то же (разброс 0) и учатся одинаково; **small** (s = 0.01): сигнал "
        "угасает слой за слоем; **Xavier** s² = 2/(n_in + n_out) сохраняет tanh; **He** s² = 2/n "
        "сохраняет масштаб сигнала ReLU в глубину.",
    ))
    last = table.groupby("initializer", sort=False).tail(1)[["initializer", "std", "unit_spread", "saturated",
                                                             "grad_std"]]
    last = last.rename(columns={
        "initializer": tr("initialisation", "инициализация"),
        "std": tr("std at last layer", "std на последнем слое"),
        "unit_spread": tr("spread across units", "разброс между нейронами"),
        "saturated": tr("saturated share", "доля в насыщении"),
        "grad_std": tr("std of ∂L/∂W", "std ∂L/∂W"),
    })
    st.dataframe(last, hide_index=True, column_config={  # tiny stds (1e-11) read as 0.000000000007 otherwise
        col: st.column_config.NumberColumn(format="%.3g") for col in last.columns[1:]})


@st.cache_data(show_spinner=False, max_entries=16)
def run_experiment(name: str, epochs: int):
    import tfdl.experiments.training as E

    if name == "relu_vs_tanh":
        return E.relu_vs_tanh(max_epochs=max(epochs, 1), learning_rate=0.01)
    if name == "plain_vs_residual":
        return E.plain_vs_residual(depths=(2, 16), epochs=max(1, epochs // 2))
    if name == "regularization":
        return E.regularization_effects(epochs=epochs)
    return E.initialization_effect(epochs=epochs)


def shown_experiment(table):
    """An experiment's table as shown: in Russian, its columns and word values translated."""
    if lang() != "ru":
        return table
    shown = table.copy()
    for column, words in EXPERIMENT_VALUES_RU.items():
        if column in shown:
            shown[column] = shown[column].map(lambda v, words=words: words.get(v, v))
    return shown.rename(columns=EXPERIMENT_COLUMNS_RU)


def experiments_tab():
    st.selectbox(tr("Experiment", "Эксперимент"), list(EXPERIMENTS), key="act_exp",
                 format_func=lambda e: tr(*EXPERIMENTS[e]))
    st.slider(tr("Epochs (budget)", "Эпохи (бюджет)"), 1, 30, key="act_epochs")
    name, epochs = st.session_state["act_exp"], int(st.session_state["act_epochs"])
    store = st.session_state.setdefault("act_results", {})
    if st.button(tr("▶ Run", "▶ Запустить"), key="act_run", type="primary"):
        with st.spinner(tr("Training small networks on digits…", "Обучаем небольшие сети на цифрах…")):
            store[(name, epochs)] = run_experiment(name, epochs)
    table = store.get((name, epochs))
    if table is None:
        st.info(tr("Runs on the bundled digits in well under a minute. Press Run.",
                   "Идёт на встроенных цифрах меньше минуты. Нажмите «Запустить»."))
        return
    shown = shown_experiment(table)
    col = {c: tr(c, EXPERIMENT_COLUMNS_RU.get(c, c)) for c in table.columns}  # raw name -> shown name
    st.dataframe(shown, hide_index=True)
    if name == "relu_vs_tanh" and table["epochs_to_target"].isna().any():
        missed = ", ".join(table.loc[table["epochs_to_target"].isna(), "activation"])
        st.warning(tr(f"{missed}: did not reach 25% training error within {epochs} epochs, so there is no ratio "
                      "to show. Raise the epoch budget.",
                      f"{missed}: ошибка на обучении не опустилась до 25% за бюджет эпох ({epochs}), "
                      "сравнивать нечего. Увеличьте бюджет эпох."))
    elif name == "relu_vs_tanh":
        ratio = table["epochs_ratio"].iloc[-1]
        st.markdown(tr(
            f"tanh needed **{ratio:.2g}×** the epochs of ReLU here (AlexNet reports ≈ 6× on "
            "CIFAR-10 with a deeper CNN). Small nets on easy data often show a smaller gap — or none.",
            f"tanh понадобилось **{ratio:.2g}×** эпох ReLU (в AlexNet ≈ 6× на CIFAR-10 с более глубокой "
            "сетью). Маленькие сети на простых данных часто показывают меньший разрыв — или никакого.",
        ))
        st.bar_chart(shown.set_index(col["activation"])[col["epochs_to_target"]])
    elif name == "plain_vs_residual":
        st.bar_chart(shown.pivot(index=col["depth"], columns=col["kind"], values=col["train_error"]),
                     y_label=col["train_error"], stack=False)  # side by side: errors do not add up
        st.caption(tr("Training error: the deep plain net is worse than the shallow one (degradation); "
                      "shortcuts remove the problem.",
                      "Ошибка на обучении: глубокая обычная сеть хуже мелкой (деградация); "
                      "короткие связи снимают проблему."))
    elif name == "regularization":
        st.bar_chart(shown.set_index(col["setting"])[[col["train_accuracy"], col["test_accuracy"]]], stack=False)
    else:
        st.bar_chart(shown.set_index(col["initializer"])[[col["train_accuracy"], col["test_accuracy"]]], stack=False)


with tab_curves:
    curves_tab()
with tab_softplus:
    softplus_tab()
with tab_init:
    init_tab()
with tab_exp:
    experiments_tab()

sync_params(list(DEFAULTS))
