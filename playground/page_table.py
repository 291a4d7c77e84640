"""The one table of the playground's pages: file, title (English, Russian), icon, one-line summary.

``app.py`` builds the navigation from it, ``home.py`` lists it, and each page takes its own
heading from it (``page_title("train")``), so a page's name is written once.
"""

from __future__ import annotations

from typing import NamedTuple

from playground.common import tr


class PageEntry(NamedTuple):
    slug: str  # file name in app_pages/ without ".py", and the page's URL path
    title_en: str
    title_ru: str
    icon: str
    summary_en: str
    summary_ru: str


PAGES = [
    PageEntry("home", "Home", "Главная", "🏠", "", ""),
    PageEntry(
        "convolution", "Convolution lab", "Лаборатория свёртки", "🔲",
        "Padding, stride, dilation and groups: output shapes under the TensorFlow and PyTorch rules, "
        "the kernel walking over the input, padding modes, pooling.",
        "Паддинг, шаг, дилатация и группы: размеры выхода по правилам TensorFlow и PyTorch, "
        "проход ядра по входу, режимы паддинга, пулинг."),
    PageEntry(
        "architectures", "Architectures", "Архитектуры", "🏛️",
        "Every network of the course, layer by layer: shapes, parameters, FLOPs, the graph; compare two.",
        "Все сети курса слой за слоем: размеры, параметры, FLOPs, граф; сравнение двух сетей."),
    PageEntry(
        "train", "Train", "Обучение", "🏋️",
        "Train a small network live on 2-D data or digits and watch the decision boundary.",
        "Обучайте небольшую сеть вживую на 2-D данных или цифрах и смотрите на разделяющую границу."),
    PageEntry(
        "optimizers", "Optimisers", "Оптимизаторы", "⛰️",
        "SGD, momentum, Nesterov, Adagrad, RMSProp and Adam racing on loss surfaces.",
        "SGD, моментум, Нестеров, Adagrad, RMSProp и Adam на поверхностях потерь."),
    PageEntry(
        "sequences", "Sequences", "Последовательности", "🔤",
        "RNN, LSTM and GRU gates, seq2seq with attention, greedy and beam search, vanishing gradients.",
        "Вентили RNN, LSTM и GRU, seq2seq с вниманием, жадный поиск и beam search, затухание градиентов."),
    PageEntry(
        "inside", "Inside a network", "Внутри сети", "🔬",
        "Filters, feature maps, saliency, Grad-CAM, occlusion and embeddings of a trained model.",
        "Фильтры, карты признаков, saliency, Grad-CAM, окклюзия и эмбеддинги обученной модели."),
    PageEntry(
        "activations", "Activations & init", "Активации и инициализация", "📈",
        "Activation functions and their derivatives; how initialisation shapes signals through depth.",
        "Функции активации и их производные; как инициализация влияет на сигнал в глубине сети."),
    PageEntry(
        "first_principles", "First principles", "Основы", "🧮",
        "Why nonlinearity matters: XOR, universal approximation, backprop on a graph.",
        "Зачем нужна нелинейность: XOR, универсальная аппроксимация, обратное распространение."),
]
_BY_SLUG = {p.slug: p for p in PAGES}


def page_title(slug: str) -> str:
    """The page's title in the session's language."""
    entry = _BY_SLUG[slug]
    return tr(entry.title_en, entry.title_ru)


def page_summary(slug: str) -> str:
    """The page's one-line summary in the session's language (home lists them)."""
    entry = _BY_SLUG[slug]
    return tr(entry.summary_en, entry.summary_ru)
