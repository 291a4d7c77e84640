"""First principles: why a network needs a nonlinearity, what one hidden layer can do, and how
backpropagation sums over the paths of a computation graph.

All numbers come from numpy functions in ``tfdl.experiments.first_principles`` (``linear_collapse``,
``xor_linear_fit``, ``xor_relu_network``, ``train_xor``, ``universal_approximation``,
``graph_gradient``): no TensorFlow on this page, so it is instant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground.common import guarded, localize_figure, param, sync_params, tr
from playground.page_table import page_title

TARGETS = {
    "sin": (lambda x: np.sin(x), "sin x", 0.0, 2 * np.pi),
    "abs": (lambda x: np.abs(x), "|x|", -1.0, 1.0),
    "step": (lambda x: (x > 0).astype(float), tr("step 1[x > 0]", "ступенька 1[x > 0]"), -1.0, 1.0),
    "bump": (lambda x: np.exp(-8 * x * x), "exp(−8x²)", -1.0, 1.0),
    "wiggle": (lambda x: np.sin(3 * x) + 0.5 * np.cos(7 * x), "sin 3x + ½cos 7x", -2.0, 2.0),
}
XOR_ACTS = ["linear", "tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus"]

DEFAULTS = {
    "fp_depth": 5, "fp_width": 3, "fp_act": "tanh", "fp_hidden": 2, "fp_steps": 2000, "fp_lr": 0.5,
    "fp_seed": 0, "fp_target": "sin", "fp_units": 8, "fp_steep": 4.0, "fp_x": 0.7,
}
for key, value in DEFAULTS.items():
    param(key, value)

st.title(page_title("first_principles"))

tab_linear, tab_xor, tab_cybenko, tab_backprop = st.tabs([
    tr("No nonlinearity = one linear model", "Без нелинейности — одна линейная модель"),
    tr("XOR needs a nonlinearity", "XOR требует нелинейности"),
    tr("Universal approximation", "Универсальная аппроксимация"),
    tr("Backprop = sum over paths", "Обратное распространение — сумма по путям"),
])


def linear_tab():
    import tfdl.experiments.first_principles as A

    c1, c2 = st.columns(2)
    c1.slider(tr("Linear layers", "Линейных слоёв"), 1, 20, key="fp_depth")
    c2.slider(tr("Width", "Ширина"), 1, 6, key="fp_width")
    out = A.linear_collapse(int(st.session_state["fp_depth"]), int(st.session_state["fp_width"]))
    st.latex(r"W_L \cdots W_2 W_1 x = W x,\qquad W = W_L \cdots W_1")
    st.markdown(tr(
        f"The product of the {len(out['weights'])} matrices is one {out['W'].shape[0]}×{out['W'].shape[1]} "
        f"matrix W; the deep net and the single layer differ by **{out['max_difference']:.1e}** "
        "(round-off) on random inputs. Depth adds nothing without a nonlinearity.",
        f"Произведение {len(out['weights'])} матриц — одна матрица W {out['W'].shape[0]}×{out['W'].shape[1]}; "
        f"глубокая сеть и один слой отличаются на **{out['max_difference']:.1e}** (ошибки округления) "
        "на случайных входах. Без нелинейности глубина ничего не добавляет.",
    ))
    st.dataframe(pd.DataFrame(out["W"]).round(4), hide_index=True)


def xor_tab():
    import tfdl.experiments.first_principles as A

    w, b, p_lin = A.xor_linear_fit()
    h, y_relu = A.xor_relu_network()
    table = pd.DataFrame({
        "x₁": A.XOR_X[:, 0].astype(int), "x₂": A.XOR_X[:, 1].astype(int), "XOR": A.XOR_Y.astype(int),
        tr("best linear ŷ", "лучшая линейная ŷ"): p_lin.round(3),
        "h = ReLU(Wᵀx + c)": [f"({a:g}, {c:g})" for a, c in h],
        "ŷ = wᵀh": y_relu,
    })
    st.dataframe(table, hide_index=True)
    st.markdown(tr(
        "Least squares gives the linear model ŷ = 1/2 everywhere: no line separates XOR. Two linear "
        "maps with a ReLU between them, W = [[1,1],[1,1]], c = (0, −1), w = (1, −2), solve it "
        "exactly: the hidden layer folds (0,1) and (1,0) onto the same point.",
        "Метод наименьших квадратов даёт линейную модель ŷ = 1/2 везде: XOR не разделить прямой. "
        "Два линейных отображения с ReLU между ними, W = [[1,1],[1,1]], c = (0, −1), w = (1, −2), "
        "решают задачу точно: скрытый слой склеивает (0,1) и (1,0) в одну точку.",
    ))
    st.subheader(tr("Train it yourself (gradient descent, numpy)", "Обучите сами (градиентный спуск, numpy)"))
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox(tr("Activation", "Активация"), XOR_ACTS, key="fp_act")
    c2.slider(tr("Hidden units", "Скрытых нейронов"), 1, 8, key="fp_hidden")
    c3.select_slider(tr("Steps", "Шагов"), [100, 500, 1000, 2000, 5000], key="fp_steps")
    c4.select_slider(tr("Learning rate", "Шаг обучения"), [0.01, 0.1, 0.5, 1.0, 2.0, 5.0], key="fp_lr")
    st.number_input(tr("Seed", "Зерно"), 0, 1000, key="fp_seed")
    run = guarded(A.train_xor, st.session_state["fp_act"], int(st.session_state["fp_hidden"]),
                  int(st.session_state["fp_steps"]), float(st.session_state["fp_lr"]),
                  int(st.session_state["fp_seed"]))
    if run is None:
        return
    left, right = st.columns(2)
    left.line_chart(pd.DataFrame({tr("loss", "потери"): run["loss"]}).rename_axis(tr("step", "шаг")))
    from tfdl.viz.training import decision_boundary_figure

    axis = np.linspace(-0.5, 1.5, 60)
    xx, yy = np.meshgrid(axis, axis)
    p = run["predict"](np.stack([xx.ravel(), yy.ravel()], axis=1)).reshape(xx.shape)
    right.pyplot(localize_figure(decision_boundary_figure(xx, yy, p, A.XOR_X, A.XOR_Y, size=3.2),
                                 {"P(class 1)": "P(класс 1)", "class 0": "класс 0", "class 1": "класс 1"}))
    st.metric(tr("Accuracy on the 4 points", "Точность на 4 точках"), f"{run['accuracy']:.0%}")
    if st.session_state["fp_act"] == "linear":
        st.info(tr("Linear hidden layer: the model is linear, stuck at 1/2.",
                   "Линейный скрытый слой: модель линейна и застревает на 1/2."))
    elif run["accuracy"] < 1:
        st.info(tr("Not solved from this start: try more hidden units or another seed (a ReLU unit "
                   "can die).", "С этого старта не решено: добавьте нейронов или смените зерно "
                   "(нейрон ReLU может «умереть»)."))


def cybenko_tab():
    import tfdl.experiments.first_principles as A

    c1, c2, c3 = st.columns(3)
    c1.selectbox(tr("Target function", "Целевая функция"), list(TARGETS), key="fp_target",
                 format_func=lambda k: TARGETS[k][1])
    c2.slider(tr("Hidden sigmoid units", "Скрытых сигмоид"), 1, 100, key="fp_units")
    c3.slider(tr("Steepness", "Крутизна"), 0.5, 30.0, step=0.5, key="fp_steep")
    f, label, lo, hi = TARGETS[st.session_state["fp_target"]]
    out = A.universal_approximation(f, int(st.session_state["fp_units"]), float(st.session_state["fp_steep"]),
                                    lo, hi)
    frame = pd.DataFrame({label: out["y"], "f̂(x)": out["y_hat"]}, index=np.round(out["x"], 3))
    st.line_chart(frame)
    st.latex(r"\hat f(x) = a_0 + \sum_{i=1}^{N} a_i\, \sigma\big(s\,(x - c_i)\big)")
    st.metric(tr("max |f − f̂|", "max |f − f̂|"), f"{out['max_error']:.4f}")
    if int(st.session_state["fp_units"]) <= 12:
        parts = pd.DataFrame(out["hidden"], index=np.round(out["x"], 3),
                             columns=[f"a{i + 1}σ" for i in range(out["hidden"].shape[1])])
        st.caption(tr("Each unit's contribution aᵢσ(s(x − cᵢ)): a smooth step.",
                      "Вклад каждого нейрона aᵢσ(s(x − cᵢ)): гладкая ступенька."))
        st.line_chart(parts)
    st.markdown(tr(
        "Cybenko (1989): sums of sigmoids with one hidden layer approximate any continuous function "
        "on an interval as closely as you like. More units → a finer staircase → smaller error; the "
        "discontinuous step is approximated everywhere except near its jump.",
        "Цыбенко (1989): суммы сигмоид с одним скрытым слоем приближают любую непрерывную функцию на "
        "отрезке сколь угодно точно. Больше нейронов → мельче лесенка → меньше ошибка; разрывная "
        "ступенька приближается везде, кроме окрестности скачка.",
    ))


def backprop_tab():
    import tfdl.experiments.first_principles as A

    st.slider("x", -3.0, 3.0, step=0.1, key="fp_x")
    g = A.graph_gradient(float(st.session_state["fp_x"]))
    v = g["values"]
    st.latex(r"a = x^2,\; b = \sin x,\; c = a\,b,\; d = a + c,\; f = d\,b")
    names = {("x", "a"): "2x", ("x", "b"): "cos x", ("a", "c"): "b", ("b", "c"): "a", ("a", "d"): "1",
             ("c", "d"): "1", ("d", "f"): "b", ("b", "f"): "d"}
    lines = ["digraph { rankdir=LR; node [shape=circle];"]
    for node, value in v.items():
        lines.append(f'{node} [label="{node}\\n{value:.3g}"];')
    for (u, w), d in g["edges"].items():
        lines.append(f'{u} -> {w} [label="{names[(u, w)]} = {d:.3g}"];')
    lines.append("}")
    st.graphviz_chart("\n".join(lines))
    rows = [{tr("path", "путь"): " → ".join(path),
             tr("product of edge derivatives", "произведение производных рёбер"): prod}
            for path, prod in g["paths"]]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.markdown(tr(
        f"∂f/∂x = sum over the {len(g['paths'])} paths = **{g['gradient']:.6f}**; a finite difference "
        f"gives {g['numeric']:.6f}. Backpropagation computes the same sum without listing the paths: "
        "it goes backwards once, adding at each node the contributions of its children.",
        f"∂f/∂x = сумма по {len(g['paths'])} путям = **{g['gradient']:.6f}**; конечная разность даёт "
        f"{g['numeric']:.6f}. Обратное распространение считает ту же сумму, не перечисляя пути: один "
        "проход назад, в каждом узле складываются вклады его потомков.",
    ))


with tab_linear:
    linear_tab()
with tab_xor:
    xor_tab()
with tab_cybenko:
    cybenko_tab()
with tab_backprop:
    backprop_tab()

sync_params(list(DEFAULTS))
