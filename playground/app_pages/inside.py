"""Inside a network: what a small CNN trained on digits looks at, computes and confuses.

A model trained on the scikit-learn digits (trained here in a few seconds, or the one from the
Train page) and one test digit. Views: filters and feature maps; saliency, SmoothGrad, guided
backprop, occlusion and Grad-CAM side by side; the penultimate-layer embedding (PCA / t-SNE) with
nearest neighbours; an FGSM adversarial example; class-model visualisation. Every picture is a
``tfdl.interpret`` call drawn by ``tfdl.viz.interpret``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import tfdl.metrics as M
from playground.common import friendly_errors, param, sync_params, tr
from playground.page_table import page_title

# Key under which the Train page leaves its trained digits model (train.py, DIGITS_MODEL_KEY); the
# page falls back to its own model when it is absent or does not take digit images.
TRAIN_PAGE_KEYS = ("train_digits_model",)

VIEWS = ("features", "attribution", "embedding", "adversarial", "class_model")
VIEW_NAMES = {
    "features": ("Filters & feature maps", "Фильтры и карты признаков"),
    "attribution": ("What it looks at", "Куда смотрит сеть"),
    "embedding": ("Embedding & neighbours", "Эмбеддинг и соседи"),
    "adversarial": ("Adversarial example", "Состязательный пример"),
    "class_model": ("Class models", "Образы классов"),
}
SIZES = (8, 16, 28)

st.title(page_title("inside"))
st.caption(tr(
    "A small CNN trained on handwritten digits. Pick a test digit and look at what the network "
    "computes, where it looks, how it arranges the digits, and how easily it is fooled.",
    "Небольшая свёрточная сеть, обученная на рукописных цифрах. Выберите тестовую цифру и "
    "посмотрите, что сеть вычисляет, куда смотрит, как раскладывает цифры и как легко её обмануть.",
))


@st.cache_data(show_spinner=False)
def digits(size: int):
    from tfdl.data import load_digits

    return load_digits(size=size)


def train_page_model():
    """The Train page's digits model, if it left one in the session and it takes images."""
    for key in TRAIN_PAGE_KEYS:
        entry = st.session_state.get(key)
        model = getattr(entry, "model", entry.get("model") if isinstance(entry, dict) else entry)
        shape = getattr(model, "inputs", None) and tuple(model.inputs[0].shape[1:])
        if shape and len(shape) == 3 and shape[0] == shape[1] and shape[0] >= 8 and shape[2] == 1:
            return model
    return None


def own_model(size: int, epochs: int, seed: int):
    """Train (once per setting, kept in the session) a small CNN on the digits."""
    key = ("inside_model", size, epochs, seed)
    cached = st.session_state.get("inside_model")
    if cached is not None and cached["key"] == key:
        return cached["model"], cached["accuracy"]
    import tfdl.training as T

    (x_train, y_train), (x_test, y_test) = digits(size)
    def build():
        return T.build_small_cnn((size, size, 1), filters=(8, 16), dense_units=32, dropout=0.0)

    with st.spinner(tr("Training a small CNN…", "Обучаем небольшую CNN…")):
        # a builder: fit seeds first, then builds, so "Seed" fixes weights, shuffling and result
        result = T.fit(build, x_train, y_train, epochs=epochs, batch_size=64, seed=seed, learning_rate=3e-3)
    if result.diverged:
        st.error(result.message)
        st.stop()
    accuracy = M.accuracy(y_test, result.model.predict(x_test, verbose=0))
    st.session_state["inside_model"] = {"key": key, "model": result.model, "accuracy": accuracy}
    return result.model, accuracy


# ------------------------------------------------------------------------------------ settings
DEFAULTS = {
    "in_src": "own", "in_size": 16, "in_epochs": 6, "in_seed": 0, "in_idx": 0, "in_target": "predicted",
    "in_view": "attribution", "in_mask": 4, "in_stride": 1, "in_noise": 0.15, "in_samples": 20,
    "in_emb": "pca", "in_npts": 300, "in_k": 5, "in_eps": 0.1, "in_goal": "untargeted", "in_l2": 0.01,
    "in_steps": 100,
}
TARGETS = ["predicted"] + [str(k) for k in range(10)]
GOALS = ["untargeted"] + [str(k) for k in range(10)]
L2S = [0.0, 0.001, 0.01, 0.1, 1.0]
for key, value in DEFAULTS.items():
    param(key, value)
external = train_page_model()
sources = ["own", "train"] if external is not None else ["own"]
for key, options in (("in_src", sources), ("in_size", SIZES), ("in_target", TARGETS), ("in_view", VIEWS),
                     ("in_emb", ("pca", "tsne")), ("in_goal", GOALS), ("in_l2", L2S)):
    if st.session_state[key] not in options:
        st.session_state[key] = DEFAULTS[key] if DEFAULTS[key] in options else options[0]
for key, lo, hi in (("in_epochs", 1, 30), ("in_seed", 0, 10_000), ("in_idx", 0, 359), ("in_mask", 1, 64),
                    ("in_stride", 1, 28), ("in_samples", 1, 50), ("in_npts", 20, 360), ("in_k", 1, 10),
                    ("in_steps", 10, 300)):
    st.session_state[key] = int(min(max(int(st.session_state[key]), lo), hi))
for key, lo, hi in (("in_noise", 0.0, 0.5), ("in_eps", 0.0, 0.5)):
    st.session_state[key] = float(min(max(float(st.session_state[key]), lo), hi))

c1, c2, c3, c4 = st.columns(4)
source = c1.radio(
    tr("Model", "Модель"), sources, key="in_src",
    format_func=lambda s: (tr("train one here", "обучить здесь") if s == "own"
                           else tr("from the Train page", "со страницы «Обучение»")),
)
size = c2.selectbox(tr("Image size", "Размер изображения"), SIZES, key="in_size", disabled=source == "train")
epochs = c3.number_input(tr("Epochs", "Эпохи"), 1, 30, key="in_epochs", disabled=source == "train")
seed = c4.number_input(tr("Seed", "Зерно"), 0, 10_000, key="in_seed", disabled=source == "train")

with friendly_errors(stop=True):
    if source == "train":
        model = external
        size = int(model.inputs[0].shape[1])
        accuracy = None
    else:
        model, accuracy = own_model(int(size), int(epochs), int(seed))
(x_train, y_train), (x_test, y_test) = digits(size)
if accuracy is not None:
    st.caption(tr(f"Test accuracy: {accuracy:.1%}", f"Точность на тесте: {accuracy:.1%}"))

c1, c2, c3 = st.columns([1, 1, 3])
index = int(c1.number_input(tr("Test digit #", "Тестовая цифра №"), 0, len(x_test) - 1, key="in_idx"))
target = c2.selectbox(tr("Explain class", "Объяснить класс"), TARGETS, key="in_target",
                      format_func=lambda t: tr("predicted", "предсказанный") if t == "predicted" else t)
view = c3.radio(tr("View", "Вид"), VIEWS, key="in_view", horizontal=True, format_func=lambda v: tr(*VIEW_NAMES[v]))

x = x_test[index]
probs = np.asarray(model(x[None], training=False))[0]
predicted = int(np.argmax(probs))
class_index = predicted if target == "predicted" else int(target)
st.markdown(tr(
    f"True label **{y_test[index]}**, predicted **{predicted}** ({probs[predicted]:.0%}); "
    f"explaining class **{class_index}**.",
    f"Истинная метка **{y_test[index]}**, предсказано **{predicted}** ({probs[predicted]:.0%}); "
    f"объясняем класс **{class_index}**.",
))

import tfdl.interpret as I  # noqa: E402  (imported after the model exists: TensorFlow is loaded by now)
from tfdl.viz import interpret as V  # noqa: E402

keys = ["in_src", "in_size", "in_epochs", "in_seed", "in_idx", "in_target", "in_view"]

# --------------------------------------------------------------------------------------- views
with friendly_errors(stop=True):
    layers = I.feature_map_layers(model)
if not layers and view in ("features",):
    st.info(tr("This model has no convolutional feature maps: pick another view or train one here.",
               "У этой модели нет свёрточных карт признаков: выберите другой вид или обучите модель здесь."))
    sync_params(keys)
    st.stop()

if view == "features":
    param("in_layer", layers[0])
    if st.session_state["in_layer"] not in layers:
        st.session_state["in_layer"] = layers[0]
    layer = st.selectbox(tr("Layer", "Слой"), layers, key="in_layer")
    keys.append("in_layer")
    with friendly_errors(stop=True):
        conv_layers = [name for name in layers if getattr(model.get_layer(name), "kernel", None) is not None]
        # the filters of the conv layer that produced (or last fed) the chosen maps
        kernel_layer = ([n for n in conv_layers if layers.index(n) <= layers.index(layer)] or conv_layers or [None])[-1]
        filters = I.filter_images(model, kernel_layer) if kernel_layer else None
        maps = I.feature_maps(model, x, layer)
        stats = I.activation_histograms(model, x_test[:64], layers + [I.penultimate_layer(model)])
    left, right = st.columns(2)
    if filters is not None:
        left.pyplot(V.image_grid_figure(filters, title=tr(f"Filters of {kernel_layer}",
                                                          f"Фильтры слоя {kernel_layer}")))
    right.pyplot(V.image_grid_figure(np.moveaxis(maps, -1, 0),
                                     title=tr(f"Feature maps of {layer}", f"Карты признаков слоя {layer}")))
    st.pyplot(V.activation_histograms_figure(stats, texts={"zeros": tr("zeros", "нулей")}))
    st.caption(tr(
        "Filters are scaled to [0, 1] one by one; feature maps show where each filter fires on this digit. "
        "Histograms: activations over 64 test digits (zeros: the share of exact zeros, i.e. silent ReLUs).",
        "Фильтры нормированы в [0, 1] по отдельности; карты признаков показывают, где срабатывает каждый фильтр. "
        "Гистограммы: активации на 64 тестовых цифрах («нулей» — доля точных нулей, т. е. молчащих ReLU).",
    ))

elif view == "attribution":
    c1, c2, c3, c4 = st.columns(4)
    mask = c1.number_input(tr("Occlusion mask (pixels)", "Маска окклюзии (пиксели)"), 1, 64, key="in_mask",
                           help=tr("At most the image size.", "Не больше размера изображения."))
    stride = c2.slider(tr("Occlusion stride", "Шаг окклюзии"), 1, 28, key="in_stride")
    noise = c3.slider(tr("SmoothGrad noise σ/(max−min)", "Шум SmoothGrad σ/(max−min)"), 0.0, 0.5,
                      key="in_noise", step=0.05)
    samples = c4.slider(tr("SmoothGrad samples", "Выборок SmoothGrad"), 1, 50, key="in_samples")
    keys += ["in_mask", "in_stride", "in_noise", "in_samples"]
    with friendly_errors(stop=True):
        maps = {
            tr("saliency", "карта значимости"): I.saliency(model, x, class_index),
            "SmoothGrad": I.smoothgrad(model, x, class_index, n_samples=int(samples), noise_level=float(noise)),
            tr("guided backprop", "guided backprop"): I.guided_backprop(model, x, class_index),
            tr("occlusion", "окклюзия"): np.maximum(
                I.occlusion_sensitivity(model, x, class_index, mask_size=int(mask), stride=int(stride),
                                        per_pixel=True), 0),
        }
        if layers:  # Grad-CAM needs a conv layer
            maps["Grad-CAM"] = I.grad_cam(model, x, class_index)
    st.pyplot(V.heatmaps_figure(x, maps, image_title=tr("input", "вход")))
    st.caption(tr(
        "Saliency: |∂S_c/∂x|. SmoothGrad: its mean over noisy copies. Guided backprop: only positive signals "
        "pass the ReLUs backwards. Occlusion: fall of the class probability when a square hides the pixel. "
        "Grad-CAM: the last conv maps weighted by their mean gradient.",
        "Карта значимости (saliency): |∂S_c/∂x|. SmoothGrad: её среднее по зашумлённым копиям. "
        "Guided backprop: назад через ReLU "
        "проходят только положительные сигналы. Окклюзия: падение вероятности класса, когда квадрат закрывает "
        "пиксель. Grad-CAM: карты последней свёртки, взвешенные средним градиентом.",
    ))

elif view == "embedding":
    c1, c2, c3 = st.columns(3)
    methods = ("pca", "tsne")
    method = c1.radio(tr("Map", "Отображение"), methods, key="in_emb", horizontal=True,
                      format_func=lambda m: "PCA" if m == "pca" else "t-SNE")
    n_points = c2.slider(tr("Test digits shown", "Показано тестовых цифр"), 20, 360, key="in_npts")
    k = c3.slider(tr("Neighbours", "Соседей"), 1, 10, key="in_k")
    keys += ["in_emb", "in_npts", "in_k"]
    with friendly_errors(stop=True):
        chosen = np.r_[index, np.setdiff1d(np.arange(n_points), [index])][:n_points]
        z = I.embeddings(model, x_test[chosen])
        points = I.pca(z, 2) if method == "pca" else I.tsne(z, perplexity=min(30.0, (len(z) - 1) / 3))
        bank = I.embeddings(model, x_train)
        idx, dist = I.nearest_neighbors(z[0], bank, k=int(k))
        near_in_map, _ = I.nearest_neighbors(z[0], z, k=min(int(k) + 1, len(z)))
    left, right = st.columns([3, 2])
    left.pyplot(V.embedding_figure(points, y_test[chosen], highlight=0, neighbors=near_in_map[1:],
                                   title=tr(f"Penultimate layer ({I.penultimate_layer(model)})",
                                            f"Предпоследний слой ({I.penultimate_layer(model)})")))
    right.pyplot(V.neighbors_figure(x, x_train[idx], query_title=tr("this digit", "эта цифра"),
                                     titles=[f"{y_train[i]} · {d:.2f}" for i, d in zip(idx, dist)]))
    right.caption(tr("Nearest training digits in the embedding (label · distance).",
                     "Ближайшие обучающие цифры в пространстве эмбеддинга (метка · расстояние)."))

elif view == "adversarial":
    c1, c2 = st.columns(2)
    eps = c1.slider("ε", 0.0, 0.5, key="in_eps", step=0.01)
    goal = c2.selectbox(tr("Attack", "Атака"), GOALS, key="in_goal",
                        format_func=lambda g: (tr("untargeted", "ненаправленная") if g == "untargeted"
                                                else tr(f"make it a {g}", f"сделать «{g}»")))
    keys += ["in_eps", "in_goal"]
    with friendly_errors(stop=True):
        if goal == "untargeted":
            x_adv = I.fgsm(model, x, y=int(y_test[index]), epsilon=float(eps))
        else:
            x_adv = I.fgsm(model, x, target=int(goal), epsilon=float(eps))
    probs_adv = np.asarray(model(x_adv[None], training=False))[0]
    st.pyplot(V.adversarial_figure(x, x_adv, probs, probs_adv,
                                   titles=(tr("input", "вход"), tr("perturbation", "возмущение"),
                                           tr("adversarial", "состязательный"))))
    st.markdown(tr(
        f"FGSM with ε = {eps:g}: prediction {predicted} → **{int(np.argmax(probs_adv))}** "
        f"({probs_adv.max():.0%}); every pixel moved by at most ε.",
        f"FGSM с ε = {eps:g}: предсказание {predicted} → **{int(np.argmax(probs_adv))}** "
        f"({probs_adv.max():.0%}); каждый пиксель сдвинут не более чем на ε.",
    ))

else:  # class_model
    c1, c2 = st.columns(2)
    l2 = c1.select_slider("λ", options=L2S, key="in_l2")
    steps = c2.slider(tr("Ascent steps", "Шагов подъёма"), 10, 300, key="in_steps", step=10)
    keys += ["in_l2", "in_steps"]
    with friendly_errors(stop=True):
        images = I.class_model_visualization(model, list(range(10)), l2=float(l2), steps=int(steps))
    st.pyplot(V.image_grid_figure(images, titles=[str(k) for k in range(10)], ncols=10, cmap="gray"))
    st.caption(tr(
        "argmax_x S_c(x) − λ‖x‖² by gradient ascent from a blank image: "
        "what the network finds most typical of each class.",
        "argmax_x S_c(x) − λ‖x‖² градиентным подъёмом от пустого изображения: "
        "что сеть считает самым типичным для класса.",
    ))

sync_params(keys)
