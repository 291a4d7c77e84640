"""Home: what each page of the playground teaches."""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground.common import tr

st.title(tr("tfdl playground", "Песочница tfdl"))
st.write(tr(
    "Change one thing and see what follows. Every page is backed by the `tfdl` library, "
    "so what you see here is what you can import in your own code.",
    "Меняйте одну вещь и смотрите, что изменится. Каждая страница опирается на библиотеку "
    "`tfdl`: всё, что вы видите здесь, можно импортировать в свой код.",
))

PAGES = [
    ("convolution", tr("Convolution lab", "Лаборатория свёртки"), tr(
        "Padding, stride, dilation and groups: output shapes under the TensorFlow and PyTorch rules, "
        "the kernel walking over the input, padding modes, pooling.",
        "Паддинг, шаг, дилатация и группы: размеры выхода по правилам TensorFlow и PyTorch, "
        "проход ядра по входу, режимы паддинга, пулинг.")),
    ("architectures", tr("Architectures", "Архитектуры"), tr(
        "Every network of the course, layer by layer: shapes, parameters, FLOPs, the graph; compare two.",
        "Все сети курса слой за слоем: размеры, параметры, FLOPs, граф; сравнение двух сетей.")),
    ("train", tr("Train", "Обучение"), tr(
        "Train a small network live on 2-D data or digits and watch the decision boundary.",
        "Обучайте небольшую сеть вживую на 2-D данных или цифрах и смотрите на разделяющую границу.")),
    ("optimizers", tr("Optimisers", "Оптимизаторы"), tr(
        "SGD, momentum, Nesterov, Adagrad, RMSProp and Adam racing on loss surfaces.",
        "SGD, моментум, Нестеров, Adagrad, RMSProp и Adam на поверхностях потерь.")),
    ("sequences", tr("Sequences", "Последовательности"), tr(
        "RNN, LSTM and GRU gates, seq2seq with attention, greedy and beam search, vanishing gradients.",
        "Вентили RNN, LSTM и GRU, seq2seq с вниманием, жадный поиск и beam search, затухание градиентов.")),
    ("inside", tr("Inside a network", "Внутри сети"), tr(
        "Filters, feature maps, saliency, Grad-CAM, occlusion and embeddings of a trained model.",
        "Фильтры, карты признаков, saliency, Grad-CAM, окклюзия и эмбеддинги обученной модели.")),
    ("activations", tr("Activations & init", "Активации и инициализация"), tr(
        "Activation functions and their derivatives; how initialisation shapes signals through depth.",
        "Функции активации и их производные; как инициализация влияет на сигнал в глубине сети.")),
    ("first_principles", tr("First principles", "Основы"), tr(
        "Why nonlinearity matters: XOR, universal approximation, backprop on a graph.",
        "Зачем нужна нелинейность: XOR, универсальная аппроксимация, обратное распространение.")),
]
PAGES_DIR = Path(__file__).resolve().parent
for slug, title, text in PAGES:
    path = PAGES_DIR / f"{slug}.py"
    if not path.exists():
        continue
    try:  # a real link when the app's navigation knows the page
        st.page_link(str(path), label=title)
        st.caption(text)
    except StreamlitAPIException:  # the page run on its own (e.g. in a test)
        st.markdown(f"**{title}** — {text}")

st.divider()
st.markdown(tr(
    "**Students:** start with the Convolution lab and change one setting at a time. "
    "**Teachers:** every page keeps its settings in the address bar — copy the link to share "
    "exactly what you show. **Engineers:** everything shown is computed by `tfdl` functions "
    "and layers you can import into your own code.",
    "**Студентам:** начните с лаборатории свёртки и меняйте по одной настройке. "
    "**Преподавателям:** каждая страница хранит настройки в адресной строке — скопируйте "
    "ссылку, чтобы поделиться ровно тем, что показываете. **Инженерам:** "
    "всё показанное считают функции и слои `tfdl`, которые можно импортировать в свой код.",
))
