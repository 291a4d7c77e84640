"""The one table of the playground's pages: file, title, icon, one-line summary.

``app.py`` builds the navigation from it, ``home.py`` lists it, and each page takes its own
heading from it (``page_title("train")``), so a page's name is written once. Titles and summaries
are English message ids (``N_``); their Russian is in ``locale/ru/LC_MESSAGES/home.po``.

Example (a new page): add ``PageEntry("gradients", N_("Gradient flow"), "🌊", N_("..."))`` here,
``app_pages/gradients.py`` starting with ``st.title(page_title("gradients"))``, and the two
Russian texts to ``home.po``.
"""

from __future__ import annotations

from typing import NamedTuple

from playground.i18n import N_, _


class PageEntry(NamedTuple):
    slug: str  # file name in app_pages/ without ".py", and the page's URL path
    title: str  # English message id
    icon: str
    summary: str  # English message id ("" for home)


PAGES = [
    PageEntry("home", N_("Home"), "🏠", ""),
    PageEntry(
        "convolution", N_("Convolution lab"), "🔲",
        N_("Padding, stride, dilation and groups: output shapes under the TensorFlow and PyTorch rules, "
           "the kernel walking over the input, padding modes, pooling.")),
    PageEntry(
        "architectures", N_("Architectures"), "🏛️",
        N_("Every network of the course, layer by layer: shapes, parameters, FLOPs, the graph; compare two.")),
    PageEntry(
        "train", N_("Train"), "🏋️",
        N_("Train a small network live on 2-D data or digits and watch the decision boundary.")),
    PageEntry(
        "optimizers", N_("Optimisers"), "⛰️",
        N_("SGD, momentum, Nesterov, Adagrad, RMSProp and Adam racing on loss surfaces.")),
    PageEntry(
        "sequences", N_("Sequences"), "🔤",
        N_("RNN, LSTM and GRU gates, seq2seq with attention, greedy and beam search, vanishing gradients.")),
    PageEntry(
        "inside", N_("Inside a network"), "🔬",
        N_("Filters, feature maps, saliency, Grad-CAM, occlusion and embeddings of a trained model.")),
    PageEntry(
        "activations", N_("Activations & init"), "📈",
        N_("Activation functions and their derivatives; how initialisation shapes signals through depth.")),
    PageEntry(
        "first_principles", N_("First principles"), "🧮",
        N_("Why nonlinearity matters: XOR, universal approximation, backprop on a graph.")),
    PageEntry(
        "autoencoders", N_("Autoencoders"), "🪞",
        N_("A convolutional and a denoising autoencoder on digits: reconstructions, noise removal, morphing "
           "through the code.")),
    PageEntry(
        "vision", N_("Vision tasks"), "🎯",
        N_("Segmentation with a U-Net trained live, IoU, NMS step by step, anchors, precision–recall and AP, "
           "the triplet loss.")),
    PageEntry(
        "transfer", N_("Transfer learning"), "🔁",
        N_("Features learnt on digits 0–4 help to learn 5–9 from a few examples: transfer against scratch.")),
]
_BY_SLUG = {p.slug: p for p in PAGES}


def page_title(slug: str) -> str:
    """The page's title in the session's language."""
    return _(_BY_SLUG[slug].title)


def page_summary(slug: str) -> str:
    """The page's one-line summary in the session's language (home lists them)."""
    summary = _BY_SLUG[slug].summary
    return _(summary) if summary else ""
