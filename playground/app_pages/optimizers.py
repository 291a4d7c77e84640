"""Optimisers: race SGD, momentum, Nesterov, Adagrad, RMSProp and Adam on 2-D loss surfaces.

Every path comes from ``tfdl.trajectories.run`` (all optimisers in one compiled TensorFlow loop),
cached with ``st.cache_data``: the step slider, the tolerance and the language only redraw.
Presets tell the course's stories; every setting is mirrored in the URL.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import streamlit as st

from playground.common import guarded, param, sync_params, tr
from playground.page_table import page_title

NAMES = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"]
SURFACES = {
    "bowl": ("quadratic bowl", "квадратичная чаша"),
    "ravine": ("ravine (elongated bowl)", "овраг (вытянутая чаша)"),
    "rosenbrock": ("Rosenbrock", "Розенброк"),
    "beale": ("Beale", "Била"),
    "himmelblau": ("Himmelblau", "Химмельблау"),
    "saddle": ("saddle x² − y²", "седло x² − y²"),
    "rastrigin": ("Rastrigin", "Растригин"),
}
SURFACE_PARAM = {  # surface -> (widget key, argument, label en, label ru, min, max, default)
    "bowl": ("opt_scale", "scale", "scale c", "масштаб c", 0.1, 10.0, 1.0),
    "ravine": ("opt_kappa", "condition_number", "condition number κ", "число обусловленности κ", 1.0, 500.0, 50.0),
    "rosenbrock": ("opt_b", "b", "valley steepness b", "крутизна стенок b", 1.0, 200.0, 100.0),
    "rastrigin": ("opt_A", "A", "ripple depth A", "глубина ряби A", 0.5, 20.0, 10.0),
}
START = {"bowl": (-2.5, 2.0), "ravine": (-9.0, 3.0), "rosenbrock": (-1.5, 2.5), "beale": (1.0, 1.5),
         "himmelblau": (0.0, 0.0), "saddle": (1.0, 1e-4), "rastrigin": (3.2, 4.1)}

BASE = {
    "opt_surface": "ravine", "opt_scale": 1.0, "opt_kappa": 50.0, "opt_b": 100.0, "opt_A": 10.0,
    "opt_noise": 0.0, "opt_x0": -9.0, "opt_y0": 3.0, "opt_steps": 150, "opt_tol": 1e-3,
    "opt_lr_sgd": 0.01, "opt_lr_momentum": 0.01, "opt_lr_nesterov": 0.01, "opt_lr_adagrad": 0.1,
    "opt_lr_rmsprop": 0.01, "opt_lr_adam": 0.05,
    "opt_mom_momentum": 0.9, "opt_mom_nesterov": 0.9,
    "opt_form_momentum": "classic", "opt_form_nesterov": "classic",
    "opt_rho_rmsprop": 0.9, "opt_b1_adam": 0.9, "opt_b2_adam": 0.999,
    "opt_eps_adagrad": 1e-7, "opt_eps_rmsprop": 1e-7, "opt_eps_adam": 1e-7,
    "opt_decay_sgd": "none", "opt_k_sgd": 0.01, "opt_drop_sgd": 0.5, "opt_every_sgd": 100,
    **{f"opt_use_{n.lower()}": False for n in NAMES},
}
PRESETS = {
    "ravine": dict(opt_surface="ravine", opt_kappa=50.0, opt_x0=-9.0, opt_y0=3.0, opt_steps=150,
                   opt_use_sgd=True, opt_use_momentum=True, opt_use_nesterov=True,
                   opt_lr_sgd=0.038, opt_lr_momentum=0.038, opt_lr_nesterov=0.025,
                   opt_mom_momentum=0.8, opt_mom_nesterov=0.8),
    "saddle": dict(opt_surface="saddle", opt_x0=1.0, opt_y0=1e-4, opt_steps=300, opt_use_sgd=True,
                   opt_use_momentum=True, opt_use_rmsprop=True, opt_use_adam=True, opt_lr_sgd=0.01,
                   opt_lr_momentum=0.01, opt_mom_momentum=0.5, opt_lr_rmsprop=0.01, opt_lr_adam=0.01),
    "adagrad": dict(opt_surface="ravine", opt_kappa=20.0, opt_x0=-9.0, opt_y0=3.0, opt_steps=300,
                    opt_use_adagrad=True, opt_use_rmsprop=True, opt_lr_adagrad=0.1, opt_lr_rmsprop=0.1,
                    opt_tol=1e-2),
    "too_large": dict(opt_surface="bowl", opt_x0=-2.5, opt_y0=2.0, opt_steps=60, opt_use_sgd=True,
                      opt_use_adam=True, opt_lr_sgd=1.05, opt_lr_adam=0.1),
    "rosenbrock": dict(opt_surface="rosenbrock", opt_x0=-1.5, opt_y0=2.5, opt_steps=1000,
                       **{f"opt_use_{n.lower()}": True for n in NAMES},
                       opt_lr_sgd=0.001, opt_lr_momentum=0.001, opt_lr_nesterov=0.001, opt_lr_adagrad=0.5,
                       opt_lr_rmsprop=0.01, opt_lr_adam=0.05),
}
PRESET_TEXT = {
    "custom": ("Your own setup.", "Ваша собственная настройка."),
    "ravine": (
        "The ravine: with elongated level sets gradient descent must keep η < 2/κ, so it zig-zags "
        "across the ravine and crawls along it. Momentum averages the zig-zag away and keeps the "
        "speed along the valley.",
        "Овраг: при вытянутых линиях уровня градиентный спуск вынужден брать η < 2/κ, поэтому он "
        "мечется поперёк оврага и ползёт вдоль него. Импульс усредняет метания и сохраняет "
        "скорость вдоль долины."),
    "saddle": (
        "The saddle x² − y²: started next to the ridge the gradient along y is tiny, so gradient "
        "descent lingers near the saddle point. RMSProp and Adam divide by the gradient's size and "
        "walk away at full speed.",
        "Седло x² − y²: рядом с гребнем градиент по y крошечный, и градиентный спуск долго "
        "задерживается у седловой точки. RMSProp и Adam делят на величину градиента и уходят "
        "с полной скоростью."),
    "adagrad": (
        "Adagrad's denominator is a sum of all past g², so its step dies out before it arrives; "
        "RMSProp averages only recent g², and its step stays alive.",
        "Знаменатель Adagrad — сумма всех прошлых g², поэтому его шаг затухает раньше, чем он "
        "дойдёт до минимума; RMSProp усредняет только недавние g², и шаг не затухает."),
    "too_large": (
        "Too large a step: on c(x² + y²) gradient descent multiplies w by (1 − 2cη) each step, so "
        "for η > 1/c it overshoots further every time and diverges.",
        "Слишком большой шаг: на c(x² + y²) градиентный спуск умножает w на (1 − 2cη), и при "
        "η > 1/c каждый шаг перелетает всё дальше — метод расходится."),
    "rosenbrock": (
        "All six in Rosenbrock's banana valley: finding the valley is easy, following it is not.",
        "Все шесть в «банановой» долине Розенброка: найти долину легко, идти по ней — трудно."),
}
PRESET_NAMES = {
    "custom": ("custom", "своя настройка"),
    "ravine": ("ravine: momentum fixes the zig-zag", "овраг: импульс против зигзага"),
    "saddle": ("saddle: adaptive methods escape", "седло: адаптивные методы уходят"),
    "adagrad": ("Adagrad's step dies out, RMSProp's does not", "шаг Adagrad затухает, у RMSProp — нет"),
    "too_large": ("too large a learning rate diverges", "слишком большой шаг расходится"),
    "rosenbrock": ("all six on Rosenbrock", "все шесть на Розенброке"),
}
RULES = {  # one assignment per line: the formulas sit in a narrow column
    "SGD": r"w \leftarrow w - \eta_t \nabla L(w)",
    "Momentum": r"\begin{aligned} h &\leftarrow \alpha h + \eta \nabla Q(w) \\ w &\leftarrow w - h \\"
                r"\text{EMA: } \nu &\leftarrow \gamma\nu + (1-\gamma)\nabla L(w) \\ w &\leftarrow w - \eta\nu"
                r"\end{aligned}",
    "Nesterov": r"\begin{aligned} h &\leftarrow \alpha h + \eta \nabla Q(w - \alpha h) \\ w &\leftarrow w - h"
                r"\end{aligned}",
    "Adagrad": r"\begin{aligned} G &\leftarrow G + g^2 \\ w &\leftarrow w - \frac{\eta}{\sqrt{G + \varepsilon}}\, g"
               r"\end{aligned}",
    "RMSProp": r"\begin{aligned} G &\leftarrow \rho G + (1-\rho) g^2 \\"
               r"w &\leftarrow w - \frac{\eta}{\sqrt{G + \varepsilon}}\, g \end{aligned}",
    "Adam": r"\begin{aligned} m &\leftarrow \beta_1 m + (1-\beta_1) g \\ v &\leftarrow \beta_2 v + (1-\beta_2) g^2 \\"
            r"w &\leftarrow w - \eta \frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)} + \varepsilon} \end{aligned}",
}
FORMS_RU = {"classic": "классическая", "ema": "EMA"}
REASONS_RU = {"left the region": "вышел из области", "NaN or inf": "NaN или бесконечность"}  # tfdl.trajectories words
RAW_COLUMNS_RU = {"optimiser": "оптимизатор", "step": "шаг", "loss": "потеря", "grad_norm": "норма градиента",
                  "diverged": "разошёлся"}
ALL_KEYS = ["opt_preset", "opt_view_step"] + list(BASE)
RANGES = {"opt_noise": (0.0, 100.0), "opt_x0": (-100.0, 100.0), "opt_y0": (-100.0, 100.0),
          "opt_steps": (10, 2000), "opt_tol": (1e-8, 10.0), "opt_lr_": (1e-6, 100.0),
          "opt_mom_": (0.0, 0.99), "opt_rho_rmsprop": (0.0, 0.999), "opt_b1_adam": (0.0, 0.999),
          "opt_b2_adam": (0.0, 0.9999), "opt_eps_": (1e-12, 1.0), "opt_k_sgd": (0.0, 10.0),
          "opt_drop_sgd": (0.01, 1.0), "opt_every_sgd": (1, 2000),
          **{key: (lo, hi) for key, _, _, _, lo, hi, _ in SURFACE_PARAM.values()}}


def _reason_ru(reason: str) -> str:
    """tfdl's divergence reason ("left the region max(|x|, |y|) <= 30", "NaN or inf") in Russian."""
    for en, ru in REASONS_RU.items():
        reason = reason.replace(en, ru)
    return reason


def _range(key):
    """(min, max) of a numeric widget (exact key, or its prefix such as ``opt_lr_``)."""
    return RANGES.get(key) or next(r for prefix, r in RANGES.items() if key.startswith(prefix))


def _keep_in_range(key, default):
    """A shared link may carry a value out of a widget's range (or NaN): clamp it, don't crash."""
    lo, hi = _range(key)
    value = st.session_state[key]
    if not value == value:  # NaN
        value = default
    st.session_state[key] = type(lo)(min(max(value, lo), hi))


def _apply_preset():
    """Callback of the preset box: write the preset's settings into the widgets' state."""
    name = st.session_state.get("opt_preset", "custom")
    if name == "custom":
        return
    values = {**BASE, **PRESETS[name]}
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state["opt_view_step"] = values["opt_steps"]


DECAYS = {"none": ("constant η", "постоянный η"), "inverse_time": ("η / (1 + k·t)", "η / (1 + k·t)"),
          "inverse_sqrt": ("η / √(t + 1)", "η / √(t + 1)"), "step": ("step: η·γ^⌊t/T⌋", "ступенчатый: η·γ^⌊t/T⌋")}


def _with_schedule(hyper: dict) -> dict:
    """Turn SGD's decay settings into a tfdl learning-rate schedule."""
    from tfdl.optimizers import InverseSqrtDecay, InverseTimeDecay, StepDecay

    decay = hyper.pop("decay", "none")
    k, drop, every = hyper.pop("decay_rate", 0.0), hyper.pop("drop", 0.5), hyper.pop("step_size", 100)
    eta = hyper["learning_rate"]
    if decay == "inverse_time":
        hyper["learning_rate"] = InverseTimeDecay(eta, k)
    elif decay == "inverse_sqrt":
        hyper["learning_rate"] = InverseSqrtDecay(eta)
    elif decay == "step":
        hyper["learning_rate"] = StepDecay(eta, drop=drop, step_size=int(every))
    return hyper


@st.cache_data(max_entries=64, show_spinner=False)
def run_race(surface: str, surface_params: tuple, noise: float, start: tuple, steps: int,
             configs: tuple, seed: int = 0):
    """All chosen optimisers in one compiled run; cached on exactly what shapes the paths."""
    from tfdl.surfaces import get_surface
    from tfdl.trajectories import make_optimizer, run

    s = get_surface(surface, noise=noise, **dict(surface_params))
    optimizers = {name: make_optimizer(name, **_with_schedule(dict(hyper))) for name, hyper in configs}
    return run(optimizers, s, start=start, steps=steps, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def surface_grid(surface: str, surface_params: tuple, n: int = 160):
    """The contour grid of a surface (computed once per surface setting)."""
    from tfdl.surfaces import get_surface

    return get_surface(surface, **dict(surface_params)).grid(n)


# ---------------------------------------------------------------------------------------------
st.title(page_title("optimizers"))
st.caption(tr(
    "Each optimiser is a formula (notes 001/002). Pick a surface and a start, give each optimiser "
    "its own hyperparameters and watch the paths; every path is computed by tfdl in one compiled "
    "TensorFlow loop.",
    "Каждый оптимизатор — это формула (конспекты 001/002). Выберите поверхность и старт, задайте "
    "каждому оптимизатору свои гиперпараметры и смотрите на траектории; все траектории tfdl "
    "считает в одном скомпилированном цикле TensorFlow.",
))

# first visit: seed every widget from the URL, else from the preset named in the URL (or ravine)
preset = param("opt_preset", "ravine", options=list(PRESET_NAMES))
seed_values = {**BASE, **PRESETS.get(preset, {})}
for key, value in seed_values.items():
    param(key, value, options=list(SURFACES) if key == "opt_surface" else (
        ["classic", "ema"] if key.startswith("opt_form_") else (list(DECAYS) if key == "opt_decay_sgd" else None)))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "opt_surface":
        _keep_in_range(key, value)

st.selectbox(tr("Story (preset)", "Сюжет (пресет)"), list(PRESET_NAMES), key="opt_preset",
             format_func=lambda k: tr(*PRESET_NAMES[k]), on_change=_apply_preset)
st.info(tr(*PRESET_TEXT[st.session_state["opt_preset"]]))

left, right = st.columns([1, 2])
with left:
    st.subheader(tr("Surface", "Поверхность"))
    surface = st.selectbox(tr("Surface", "Поверхность"), list(SURFACES), key="opt_surface",
                           format_func=lambda k: tr(*SURFACES[k]))
    surface_params = ()
    if surface in SURFACE_PARAM:
        key, arg, en, ru, lo, hi, _ = SURFACE_PARAM[surface]
        value = st.number_input(tr(en, ru), min_value=lo, max_value=hi, format="%g", key=key)
        surface_params = ((arg, float(value)),)
    noise = st.number_input(tr("gradient noise σ (mini-batch SGD)", "шум градиента σ (мини-батчи)"),
                            *_range("opt_noise"), step=0.1, key="opt_noise")
    c1, c2 = st.columns(2)
    x0 = c1.number_input(tr("start x", "старт x"), *_range("opt_x0"), step=0.1,
                         format="%g", key="opt_x0")
    y0 = c2.number_input(tr("start y", "старт y"), *_range("opt_y0"), step=0.1,
                         format="%g", key="opt_y0")
    steps = st.slider(tr("steps", "шагов"), *_range("opt_steps"), key="opt_steps")
    tol = st.number_input(tr("tolerance above the minimum", "допуск над минимумом"), *_range("opt_tol"),
                          format="%g", key="opt_tol")

    st.subheader(tr("Optimisers", "Оптимизаторы"))
    configs = []
    for name in NAMES:
        low = name.lower()
        with st.expander(name, expanded=bool(st.session_state[f"opt_use_{low}"])):
            use = st.checkbox(tr(f"use {name}", f"включить {name}"), key=f"opt_use_{low}")
            hyper = {"learning_rate": st.number_input(tr("η (learning rate)", "η (шаг обучения)"), *_range("opt_lr_"),
                                                      format="%g", step=0.001, key=f"opt_lr_{low}")}
            if name == "SGD":
                hyper["decay"] = st.selectbox(tr("step-size decay η_t", "убывание шага η_t"), list(DECAYS),
                                              format_func=lambda d: tr(*DECAYS[d]), key="opt_decay_sgd")
                if hyper["decay"] == "inverse_time":
                    hyper["decay_rate"] = st.number_input("k", *_range("opt_k_sgd"), format="%g", key="opt_k_sgd")
                if hyper["decay"] == "step":
                    hyper["drop"] = st.number_input("γ", *_range("opt_drop_sgd"), format="%g", key="opt_drop_sgd")
                    hyper["step_size"] = st.number_input("T", *_range("opt_every_sgd"), key="opt_every_sgd")
            if name in ("Momentum", "Nesterov"):
                hyper["momentum"] = st.slider(tr("momentum α (γ)", "импульс α (γ)"), *_range("opt_mom_"),
                                              key=f"opt_mom_{low}")
                hyper["form"] = st.radio(tr("form", "форма"), ["classic", "ema"], horizontal=True,
                                         format_func=lambda f: tr(f, FORMS_RU[f]), key=f"opt_form_{low}")
            if name == "RMSProp":
                hyper["rho"] = st.slider("ρ", *_range("opt_rho_rmsprop"), key="opt_rho_rmsprop")
            if name == "Adam":
                hyper["beta_1"] = st.slider("β₁", *_range("opt_b1_adam"), key="opt_b1_adam")
                hyper["beta_2"] = st.slider("β₂", *_range("opt_b2_adam"), format="%.4f", key="opt_b2_adam")
            if name in ("Adagrad", "RMSProp", "Adam"):
                hyper["epsilon"] = st.number_input("ε", *_range("opt_eps_"), format="%g",
                                                   key=f"opt_eps_{low}")
            st.latex(RULES[name])
        if use:
            configs.append((name, tuple(sorted(hyper.items()))))

with right:
    if not configs:
        st.error(tr("Pick at least one optimiser on the left.", "Выберите хотя бы один оптимизатор слева."))
        sync_params(ALL_KEYS)
        st.stop()
    with st.spinner(tr("Running the optimisers…", "Запускаем оптимизаторы…")):
        df = guarded(run_race, surface, surface_params, float(noise), (float(x0), float(y0)), int(steps),
                     tuple(configs))
    if df is None:
        sync_params(ALL_KEYS)
        st.stop()

    from tfdl.surfaces import get_surface
    from tfdl.trajectories import divergence, summarize
    from tfdl.viz.optim import trajectories_figure, trajectory_loss_figure

    s = get_surface(surface, **dict(surface_params))
    for label, info in divergence(df).items():
        if s.min_value is None:
            st.info(tr(f"{label} escaped the saddle and ran off towards −∞ (left the region at step "
                       f"{info['step']}).",
                       f"{label} ушёл с седла и устремился к −∞ (покинул область на шаге {info['step']})."))
        else:
            st.error(tr(
                f"{label} diverged at step {info['step']} ({info['reason']}): its learning rate is too "
                "large for this surface. Try a smaller η.",
                f"{label} разошёлся на шаге {info['step']} ({_reason_ru(info['reason'])}): "
                "шаг обучения слишком велик для этой поверхности. Попробуйте меньшее η."))

    param("opt_view_step", steps)
    if not 0 <= st.session_state["opt_view_step"] <= steps:
        st.session_state["opt_view_step"] = steps
    view = st.slider(tr("show up to step", "показать до шага"), 0, int(steps), key="opt_view_step")

    texts = {"minimum": tr("minimum", "минимум"), "critical point": tr("critical point", "критическая точка"),
             "start": tr("start", "старт"), "step": tr("step", "шаг"), "loss": tr("loss", "потеря"),
             "loss − min": tr("loss − min", "потеря − минимум")}
    grid = surface_grid(surface, surface_params)
    fig = trajectories_figure(df, s, step=view, grid=grid, texts=texts)
    st.pyplot(fig, clear_figure=True)
    plt.close(fig)
    fig = trajectory_loss_figure(df, s, step=view, texts=texts)
    st.pyplot(fig, clear_figure=True)
    plt.close(fig)

    table = summarize(df, surface=s, tol=float(tol))
    target = s.target(float(tol))
    shown = table[["final_loss", "best_loss", "steps_to_target", "diverged_at"]].rename(columns={
        "final_loss": tr("final loss", "итоговая потеря"),
        "best_loss": tr("best loss", "лучшая потеря"),
        "steps_to_target": tr(f"steps to loss ≤ {target:g}", f"шагов до потери ≤ {target:g}"),
        "diverged_at": tr("diverged at step", "разошёлся на шаге"),
    })
    shown.index.name = tr("optimiser", "оптимизатор")
    for col in shown.columns[2:]:  # step counts: "—" when never reached / never diverged (not "None")
        shown[col] = [("—" if pd.isna(v) else str(int(v))) for v in shown[col]]
    loss_format = st.column_config.NumberColumn(format="%.3e")
    st.dataframe(shown, width="stretch", column_config={shown.columns[0]: loss_format, shown.columns[1]: loss_format})
    if s.min_value is None:
        st.caption(tr("The saddle has no minimum: 'steps to loss ≤ −1' counts how fast each method escapes.",
                      "У седла нет минимума: «шагов до потери ≤ −1» показывает, как быстро метод уходит."))
    with st.expander(tr("Raw trajectories", "Траектории (данные)")):
        st.download_button(tr("Download CSV", "Скачать CSV"), df.to_csv(index=False).encode(),
                           file_name="trajectories.csv", key="opt_csv")
        raw = df[df["step"] <= view].tail(200)
        st.dataframe(raw.rename(columns={c: tr(c, ru) for c, ru in RAW_COLUMNS_RU.items()}), width="stretch")

    (bx0, bx1), (by0, by1) = s.bounds
    if not (bx0 <= x0 <= bx1 and by0 <= y0 <= by1):
        st.warning(tr("The start lies outside the plotted area.", "Старт лежит вне показанной области."))

sync_params(ALL_KEYS)
