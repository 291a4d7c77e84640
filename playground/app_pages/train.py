"""Train: a small network learns live, on 2-D points (TensorFlow-Playground style) or on digits.

2-D mode: dataset, noise, input features, hidden layers, activation, initialisation, learning
rate, optimiser, L2, dropout, batch norm, batch size; the loss curve and the decision boundary
evolve during training, then every hidden neuron shows its own output over the plane.
Digits mode: the small CNN or a registered model that takes the digit images; live curves, then
the confusion matrix, misclassified digits and a ``.keras`` download.

Everything trained lives in ``st.session_state``: ``"train_2d_result"`` and
``"train_digits_result"`` (dicts of arrays and tables for redrawing), and the trained digits model
itself under ``st.session_state["train_digits_model"]`` (a ``keras.Model`` taking
``(N, S, S, 1)`` images in [0, 1]) so the *Inside a network* page can reuse it.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import tfdl.metrics as M
from playground.common import guarded, localize_figure, param, show_error, sync_params, tr
from playground.page_table import page_title

FIGURE_RU = {  # tfdl.viz.training draws English labels
    "P(class 1)": "P(класс 1)", "class 0": "класс 0", "class 1": "класс 1", "epoch": "эпоха", "loss": "потери",
    "accuracy": "точность", "train": "обучение", "validation": "валидация", "predicted": "предсказано",
    "true": "истина", "features": "признаки", **{f"hidden{i}": f"скрытый {i}" for i in range(1, 7)},
}

DIGITS_MODEL_KEY = "train_digits_model"  # documented: the Inside page reads this key

DATASETS = {
    "circle": ("circle", "круг"), "xor": ("XOR", "XOR"), "gaussians": ("two Gaussians", "два облака"),
    "spiral": ("spiral", "спираль"), "moons": ("moons", "полумесяцы"),
}
FEATURES = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂", "sin_x1": "sin x₁",
            "sin_x2": "sin x₂"}
ACTIVATIONS = ["tanh", "relu", "sigmoid", "leaky_relu", "elu", "softplus", "maxout", "linear"]
INITS = ["xavier", "he", "small", "zeros"]
LRS = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
L2S = [0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCHES = [1, 2, 4, 8, 16, 32, 64, 128]

DEFAULTS = {
    "train_mode": "2d",
    "train_dataset": "circle", "train_noise": 0.0, "train_ratio": 0.5, "train_n": 400,
    **{f"train_f_{k.replace('^', '')}": k in ("x1", "x2") for k in FEATURES},
    "train_hidden": "4, 2", "train_act": "tanh", "train_init": "xavier", "train_lr": 0.03,
    "train_opt": "adam", "train_l2": 0.0, "train_dropout": 0.0, "train_bn": False, "train_batch": 16,
    "train_epochs": 50, "train_seed": 0,
    "train_dmodel": "small_cnn", "train_dsize": 8, "train_depochs": 10, "train_dlr": 0.003,
    "train_dbatch": 64,
}


def epochs_ru(n: int) -> str:
    """"эпохи" or "эпох" after "после n": 1, 21, 31... take the singular."""
    return "эпохи" if n % 10 == 1 and n % 100 != 11 else "эпох"


def feature_key(name: str) -> str:
    return f"train_f_{name.replace('^', '')}"


st.title(page_title("train"))
st.caption(tr(
    "Change one setting, press Train and watch the network learn. Too large a learning rate "
    "diverges; no hidden layer cannot bend the boundary; the right input feature makes a hard "
    "task easy.",
    "Измените одну настройку, нажмите «Обучить» и смотрите, как сеть учится. Слишком большой "
    "шаг обучения расходится; без скрытых слоёв граница не изгибается; удачный входной признак "
    "делает трудную задачу лёгкой.",
))

for key, value in DEFAULTS.items():
    param(key, value)
if st.session_state["train_lr"] not in LRS:
    st.session_state["train_lr"] = DEFAULTS["train_lr"]
if st.session_state["train_l2"] not in L2S:
    st.session_state["train_l2"] = DEFAULTS["train_l2"]
if st.session_state["train_batch"] not in BATCHES:
    st.session_state["train_batch"] = DEFAULTS["train_batch"]

mode = st.radio(tr("Data", "Данные"), ["2d", "digits"], key="train_mode", horizontal=True,
                format_func=lambda m: tr("2-D points", "точки на плоскости") if m == "2d"
                else tr("digits (images)", "цифры (изображения)"))


@st.cache_data(show_spinner=False)
def toy_data(name: str, n: int, noise: float, ratio: float, seed: int):
    from tfdl.data import make_toy2d

    return make_toy2d(name, n_samples=n, noise=noise, train_ratio=ratio, seed=seed)


@st.cache_data(show_spinner=False)
def digits_data(size: int):
    from tfdl.data import load_digits

    return load_digits(size=size)


def parse_hidden(text: str) -> tuple[int, ...]:
    """'4, 2' -> (4, 2); '' -> () (logistic regression); a ValueError explains anything else."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    try:
        units = tuple(int(p) for p in parts)
    except ValueError:
        units = None
    if units is None or any(u < 1 or u > 64 for u in units) or len(units) > 6:
        raise ValueError(tr(
            f"`hidden layers` must be up to 6 comma-separated integers in 1..64, e.g. '4, 2'. Received: {text!r}",
            f"`скрытые слои`: до 6 целых чисел от 1 до 64 через запятую, например '4, 2'. Получено: {text!r}",
        ))
    return units


class LiveSink:
    """ProgressSink drawing the progress bar, the loss curve and (2-D) the boundary every few epochs."""

    def __init__(self, epochs: int, on_redraw=None, every: int = 1, state_key: str | None = None):
        self.epochs = epochs
        self.rows = []
        self.bar = st.progress(0.0, text=tr("training…", "обучение…"))
        self.chart = st.empty()
        self.on_redraw = on_redraw
        self.every = max(1, every)
        self.state_key = state_key

    def on_epoch_end(self, epoch, logs):
        self.rows.append({"epoch": epoch + 1, **logs})
        self.bar.progress((epoch + 1) / self.epochs,
                          text=tr(f"epoch {epoch + 1}/{self.epochs}, loss {logs.get('loss', float('nan')):.4g}",
                                  f"эпоха {epoch + 1}/{self.epochs}, потери {logs.get('loss', float('nan')):.4g}"))
        if (epoch + 1) % self.every == 0 or epoch + 1 == self.epochs:
            import pandas as pd

            table = pd.DataFrame(self.rows).set_index("epoch")
            cols = [c for c in ("loss", "val_loss") if c in table]
            shown = table[cols].rename(columns={"loss": tr("loss", "потери"),
                                                "val_loss": tr("val_loss", "потери (валидация)")})
            shown.index.name = tr("epoch", "эпоха")
            self.chart.line_chart(shown)
            if self.on_redraw is not None:
                self.on_redraw(epoch)

    def should_stop(self) -> bool:
        return bool(st.session_state.get("train_stop_requested", False))


def request_stop():
    """Stop button: the running script is interrupted by the rerun; the flag tells the sink too."""
    st.session_state["train_stop_requested"] = True


def show_history(history):
    import tfdl.viz.training as V

    if history is not None and len(history) >= 2:  # one epoch is one point: the curves would be empty axes
        st.pyplot(localize_figure(V.training_curves_figure(history), FIGURE_RU), clear_figure=False)


def report_divergence(result: dict):
    if result.get("message"):
        st.error(tr("Training diverged. ", "Обучение разошлось. ") + result["message"])
    elif result.get("history") is not None and len(result["history"]) >= 3:
        loss = result["history"]["loss"].to_numpy()
        if np.isfinite(loss).all() and loss[-1] > 1.5 * loss[0]:
            st.warning(tr("The loss grew during training: the learning rate is probably too large.",
                          "Потери росли во время обучения: шаг обучения, вероятно, слишком велик."))


# ------------------------------------------------------------------------------------ 2-D mode
def settings_2d() -> dict:
    """The 2-D settings a result was trained with (to tell when the picture is out of date)."""
    digits_keys = {"train_mode", "train_dmodel", "train_dsize", "train_depochs", "train_dlr", "train_dbatch"}
    return {k: st.session_state.get(k) for k in DEFAULTS if k not in digits_keys}


def two_d_mode():
    import tfdl.viz.training as V

    left, right = st.columns([1, 2])
    with left:
        st.selectbox(tr("Dataset", "Набор данных"), list(DATASETS), key="train_dataset",
                     format_func=lambda d: tr(*DATASETS[d]))
        st.slider(tr("Noise", "Шум"), 0.0, 0.5, step=0.05, key="train_noise")
        st.slider(tr("Share for training", "Доля обучающих"), 0.1, 0.9, step=0.1, key="train_ratio")
        st.markdown(tr("**Input features**", "**Входные признаки**"))
        cols = st.columns(4)
        for i, (name, label) in enumerate(FEATURES.items()):
            cols[i % 4].checkbox(label, key=feature_key(name))
        st.text_input(tr("Hidden layers (units per layer)", "Скрытые слои (нейронов в слое)"),
                      key="train_hidden", help=tr("e.g. 4, 2 — empty for none", "например 4, 2 — пусто: без слоёв"))
        st.selectbox(tr("Activation", "Активация"), ACTIVATIONS, key="train_act")
        st.selectbox(tr("Initialisation", "Инициализация"), INITS, key="train_init")
        st.select_slider(tr("Learning rate", "Шаг обучения"), LRS, key="train_lr")
        st.radio(tr("Optimiser", "Оптимизатор"), ["sgd", "adam"], key="train_opt", horizontal=True)
        st.select_slider(tr("L2 regularisation", "L2-регуляризация"), L2S, key="train_l2")
        st.slider(tr("Dropout", "Dropout"), 0.0, 0.8, step=0.1, key="train_dropout")
        st.checkbox(tr("Batch norm", "Батч-нормализация"), key="train_bn")
        st.select_slider(tr("Batch size", "Размер батча"), BATCHES, key="train_batch")
        st.number_input(tr("Epochs", "Эпохи"), 1, 500, key="train_epochs")
        st.number_input(tr("Seed", "Зерно"), 0, 10_000, key="train_seed")

    features = tuple(name for name in FEATURES if st.session_state[feature_key(name)])
    (x, y), (xt, yt) = toy_data(st.session_state["train_dataset"], DEFAULTS["train_n"],
                                float(st.session_state["train_noise"]), float(st.session_state["train_ratio"]),
                                int(st.session_state["train_seed"]))
    with right:
        b1, b2 = st.columns(2)
        go = b1.button(tr("▶ Train", "▶ Обучить"), key="train_go", type="primary")
        b2.button(tr("■ Stop", "■ Стоп"), key="train_stop", on_click=request_stop)
        if not features:
            st.error(tr("Choose at least one input feature.", "Выберите хотя бы один входной признак."))
            return
        hidden = guarded(parse_hidden, st.session_state["train_hidden"])
        if hidden is None:
            return
        boundary = st.empty()
        if go:
            st.session_state["train_stop_requested"] = False
            train_2d(features, hidden, x, y, xt, yt, boundary)
        result = st.session_state.get("train_2d_result")
        if result is None:
            fig = V.decision_boundary_figure(*np.meshgrid(np.linspace(-6, 6, 2), np.linspace(-6, 6, 2)),
                                             np.full((2, 2), 0.5), x, y, xt, yt,
                                             title=tr("press Train", "нажмите «Обучить»"))
            boundary.pyplot(localize_figure(fig, FIGURE_RU))
            return
        report_divergence(result)
        boundary.pyplot(localize_figure(V.decision_boundary_figure(result["xx"], result["yy"], result["p"],
                                                                   x, y, xt, yt, title=result["title"]), FIGURE_RU))
        m1, m2, m3 = st.columns(3)
        hist = result["history"]
        acc = result["test_accuracy"]
        m1.metric(tr("Test accuracy", "Точность на тесте"), f"{acc:.1%}" if np.isfinite(acc) else "—")
        if result.get("settings") is not None and result["settings"] != settings_2d():
            st.info(tr("Settings changed since this run: press Train to see them at work.",
                       "Настройки изменились после этого запуска: нажмите «Обучить»."))
        m2.metric(tr("Train loss", "Потери (обучение)"), f"{hist['loss'].iloc[-1]:.4g}" if len(hist) else "—")
        m3.metric(tr("Epochs", "Эпохи"), int(len(hist)))
        if result.get("stopped"):
            st.info(tr("Stopped before the last epoch.", "Остановлено до последней эпохи."))
        show_history(hist)
        if result.get("neurons"):
            st.markdown(tr("**The input features, then each hidden neuron's own output** (orange < 0 < blue)",
                           "**Входные признаки, затем выход каждого скрытого нейрона** (оранжевый < 0 < синий)"))
            st.pyplot(localize_figure(V.neuron_maps_figure(result["neurons"], result["grid_shape"]), FIGURE_RU))


def train_2d(features, hidden, x, y, xt, yt, boundary):
    import keras

    import tfdl.training as T
    import tfdl.viz.training as V

    s = st.session_state
    try:
        model = T.build_mlp(hidden, s["train_act"], s["train_init"], dropout=float(s["train_dropout"]),
                            batch_norm=bool(s["train_bn"]), l2=float(s["train_l2"]), features=features,
                            seed=int(s["train_seed"]))
    except ValueError as exc:
        show_error(exc)
        return
    lr = float(s["train_lr"])
    optimizer = keras.optimizers.SGD(lr) if s["train_opt"] == "sgd" else keras.optimizers.Adam(lr)
    epochs = int(s["train_epochs"])
    resolution = 40

    def redraw(epoch):
        import pandas as pd

        xx, yy, p = T.predict_grid(model, resolution=resolution)
        title = tr(f"epoch {epoch + 1}", f"эпоха {epoch + 1}")
        boundary.pyplot(localize_figure(V.decision_boundary_figure(xx, yy, p, x, y, xt, yt, title=title), FIGURE_RU))
        # checkpoint: if Stop interrupts the run, the page redraws from here
        st.session_state["train_2d_result"] = {
            "history": pd.DataFrame(sink.rows), "xx": xx, "yy": yy, "p": p, "neurons": {},
            "grid_shape": xx.shape, "test_accuracy": float("nan"), "message": None, "stopped": True,
            "title": title,
        }

    sink = LiveSink(epochs, on_redraw=redraw, every=max(1, epochs // 8))
    # reinitialize=True: fit re-draws the weights of `model` (the object `redraw` reads) from the
    # seed, so "Seed" fixes weights, shuffling and dropout, hence the whole run
    result = T.fit(model, x, y, epochs=epochs, batch_size=int(s["train_batch"]), seed=int(s["train_seed"]),
                   optimizer=optimizer, sink=sink, validation_data=(xt, yt), jit_compile=False,
                   reinitialize=True)
    xx, yy, p = T.predict_grid(result.model, resolution=resolution)
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
    finite = np.isfinite(p).all()
    neurons = {**T.hidden_outputs(result.model, grid, suffix="features"), **T.hidden_outputs(result.model, grid)} \
        if finite else {}
    acc = M.accuracy(yt, result.model.predict(xt, verbose=0)) if finite else float("nan")
    st.session_state["train_2d_result"] = {
        "history": result.history, "xx": xx, "yy": yy, "p": p, "neurons": neurons, "grid_shape": xx.shape,
        "test_accuracy": acc, "message": result.message, "stopped": result.stopped,
        "title": tr(f"after {len(result.history)} epochs",
                    f"после {len(result.history)} {epochs_ru(len(result.history))}"),
        "settings": settings_2d(),
    }
    st.session_state["train_2d_model"] = result.model


# ------------------------------------------------------------------------------------ digits mode
@st.cache_data(show_spinner=False)
def registered_image_models() -> list[str]:
    """Registered classifiers whose default input is an image of side <= 32 (they fit digits)."""
    try:
        from tfdl.models import list_models, model_info
    except Exception:  # the model zoo is optional for this page
        return []
    names = []
    for name in list_models(task="classification"):
        shape = model_info(name).input_shape
        if len(shape) == 3 and shape[0] is not None and shape[0] <= 32:
            names.append(name)
    return names


def digits_mode():
    import tfdl.viz.training as V

    models = ["small_cnn"] + registered_image_models()
    if st.session_state["train_dmodel"] not in models:
        st.session_state["train_dmodel"] = "small_cnn"
    left, right = st.columns([1, 2])
    with left:
        st.selectbox(tr("Model", "Модель"), models, key="train_dmodel",
                     format_func=lambda n: tr("small CNN", "маленькая CNN") if n == "small_cnn" else n)
        if st.session_state["train_dmodel"] == "small_cnn":
            st.selectbox(tr("Image size", "Размер изображения"), [8, 16, 28, 32], key="train_dsize")
        else:
            from tfdl.models import model_info

            info = model_info(st.session_state["train_dmodel"])
            st.caption(f"{info.paper} — {tr(info.idea_en, info.idea_ru)}")
            st.session_state["train_dsize"] = 32
        st.number_input(tr("Epochs", "Эпохи"), 1, 100, key="train_depochs")
        st.select_slider(tr("Learning rate (Adam)", "Шаг обучения (Adam)"),
                         [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 1.0, 10.0], key="train_dlr")
        st.select_slider(tr("Batch size", "Размер батча"), BATCHES, key="train_dbatch")
    size = int(st.session_state["train_dsize"])
    (x, y), (xt, yt) = digits_data(size)
    with right:
        b1, b2 = st.columns(2)
        go = b1.button(tr("▶ Train", "▶ Обучить"), key="train_dgo", type="primary")
        b2.button(tr("■ Stop", "■ Стоп"), key="train_dstop", on_click=request_stop)
        if go:
            st.session_state["train_stop_requested"] = False
            train_digits(x, y, xt, yt, size)
        result = st.session_state.get("train_digits_result")
        if result is None:
            st.info(tr(f"{len(x)} training and {len(xt)} test digits of {size}×{size}. Press Train.",
                       f"{len(x)} обучающих и {len(xt)} тестовых цифр {size}×{size}. Нажмите «Обучить»."))
            return
        report_divergence(result)
        c1, c2, c3 = st.columns(3)
        acc = result["test_accuracy"]
        c1.metric(tr("Test accuracy", "Точность на тесте"), f"{acc:.1%}" if np.isfinite(acc) else "—")
        c2.metric(tr("Epochs", "Эпохи"), int(len(result["history"])))
        c3.metric(tr("Seconds", "Секунды"), f"{result['seconds']:.1f}")
        show_history(result["history"])
        if result.get("y_pred") is not None:
            t1, t2 = st.tabs([tr("Confusion matrix", "Матрица ошибок"), tr("Misclassified", "Ошибки")])
            with t1:
                st.pyplot(localize_figure(V.confusion_matrix_figure(result["y_true"], result["y_pred"],
                                                                    classes=[str(i) for i in range(10)]), FIGURE_RU))
            with t2:
                st.pyplot(V.misclassified_figure(result["x_test"], result["y_true"], result["y_pred"],
                                                 texts={"none": tr("no misclassified examples", "ошибок нет")}))
        if result.get("keras_bytes"):
            st.download_button(tr("Download the trained model (.keras)", "Скачать обученную модель (.keras)"),
                               data=result["keras_bytes"], file_name=f"{result['name']}_digits.keras",
                               mime="application/octet-stream", key="train_download")


def train_digits(x, y, xt, yt, size: int):
    import os
    import tempfile

    import keras

    import tfdl.training as T

    s = st.session_state
    name = s["train_dmodel"]

    def build():
        if name == "small_cnn":
            return T.build_small_cnn((size, size, 1), 10, filters=(16, 32), dense_units=64)
        from tfdl.models import create_model

        return create_model(name, input_shape=(size, size, 1), classes=10)

    try:
        model = build()
    except (ValueError, TypeError) as exc:
        st.error(tr(f"{name} cannot take {size}×{size}×1 digits: {exc}",
                    f"{name} не принимает цифры {size}×{size}×1: {exc}"))
        return
    epochs = int(s["train_depochs"])
    sink = LiveSink(epochs)
    result = T.fit(model, x, y, epochs=epochs, batch_size=int(s["train_dbatch"]), seed=0,
                   optimizer=keras.optimizers.Adam(float(s["train_dlr"])), sink=sink,
                   validation_data=(xt, yt), jit_compile=False, reinitialize=True)  # seed 0: same run
    probs = result.model.predict(xt, verbose=0)
    finite = np.isfinite(probs).all()
    y_pred = probs.argmax(1) if finite else None
    data = None
    if finite and not result.diverged:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.keras")
            result.model.save(path)
            with open(path, "rb") as fh:
                data = fh.read()
        st.session_state[DIGITS_MODEL_KEY] = result.model
    st.session_state["train_digits_result"] = {
        "history": result.history, "test_accuracy": M.accuracy(yt, y_pred) if finite else float("nan"),
        "y_true": yt, "y_pred": y_pred, "x_test": xt, "message": result.message, "seconds": result.seconds,
        "keras_bytes": data, "name": name, "stopped": result.stopped,
    }


if mode == "2d":
    two_d_mode()
else:
    digits_mode()

sync_params(list(DEFAULTS))
