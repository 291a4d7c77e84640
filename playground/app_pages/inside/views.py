"""Inside page: the views of one digit that read the network (feature maps, attribution, embedding).

Each view draws its widgets, computes with ``tfdl.interpret`` and draws with ``tfdl.viz.interpret``;
it returns the keys of its settings for the link.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import streamlit as st

from playground.common import friendly_errors
from playground.i18n import N_, _, fmt_number
from playground.state import number_input, param

METHOD_TITLES = {
    "saliency": N_("saliency"),
    "smoothgrad": N_("SmoothGrad"),
    "guided_backprop": N_("guided backprop"),
    "occlusion": N_("occlusion"),
    "grad_cam": N_("Grad-CAM"),
}


class Digit(NamedTuple):
    """The model and the chosen test digit, as every view needs them."""

    model: Any
    x: np.ndarray
    index: int
    class_index: int
    predicted: int
    probs: np.ndarray
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def features(d: Digit) -> list[str]:
    """Filters and feature maps of a chosen layer, and activation histograms of every layer."""
    import tfdl.interpret as I
    from tfdl.viz import interpret as V

    layers = I.feature_map_layers(d.model)
    if not layers:
        st.info(_("This model has no convolutional feature maps: pick another view or train one here."))
        return []
    param("in_layer", layers[0], options=layers)
    layer = st.selectbox(_("Layer"), layers, key="in_layer")
    with friendly_errors():
        kernel_layer = I.kernel_layer_for(d.model, layer, layers)
        filters = I.filter_images(d.model, kernel_layer) if kernel_layer else None
        maps = I.feature_maps(d.model, d.x, layer)
        stats = I.activation_histograms(d.model, d.x_test[:64], layers + [I.penultimate_layer(d.model)])
        left, right = st.columns(2)
        if filters is not None:
            left.pyplot(V.image_grid_figure(filters, title=_("Filters of {layer}").format(layer=kernel_layer),
                                            colorbar_label=_("each filter: 0 = its smallest weight, 1 = its largest")))
        right.pyplot(V.image_grid_figure(np.moveaxis(maps, -1, 0), shared_scale=True,
                                         title=_("Feature maps of {layer}").format(layer=layer),
                                         colorbar_label=_("activation (one scale for every map)")))
        st.pyplot(V.activation_histograms_figure(stats, texts={"zeros": _("zeros")}))
        st.caption(_(
            "Filters are scaled to [0, 1] one by one; feature maps show where each filter fires on this digit. "
            "Histograms: activations over 64 test digits (zeros: the share of exact zeros, i.e. silent ReLUs)."
        ))
    return ["in_layer"]


def attribution(d: Digit) -> list[str]:
    """Saliency, SmoothGrad, guided backprop, occlusion and Grad-CAM side by side."""
    import tfdl.interpret as I
    from tfdl.viz import interpret as V

    param("in_mask", 4, min=1, max=int(d.x.shape[0]))  # a link asking for more gets the image size
    param("in_stride", 1, min=1, max=28)
    param("in_noise", 0.15, min=0.0, max=0.5)
    param("in_samples", 20, min=1, max=50)
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        mask = number_input(_("Occlusion mask (pixels)"), "in_mask", step=1, help=_("At most the image size."))
    stride = c2.slider(_("Occlusion stride"), 1, 28, key="in_stride")
    noise = c3.slider(_("SmoothGrad noise σ/(max−min)"), 0.0, 0.5, key="in_noise", step=0.05)
    samples = c4.slider(_("SmoothGrad samples"), 1, 50, key="in_samples")
    with friendly_errors():
        maps = I.attribution_maps(d.model, d.x, d.class_index, mask_size=int(mask), stride=int(stride),
                                  noise_level=float(noise), n_samples=int(samples))
        shown = {_(METHOD_TITLES[method]): m for method, m in maps.items()}
        st.pyplot(V.heatmaps_figure(d.x, shown, image_title=_("input"), colorbar_label=_("|map| / its maximum")))
        st.caption(_(
            "Saliency: |∂S_c/∂x|. SmoothGrad: its mean over noisy copies. Guided backprop: only positive signals "
            "pass the ReLUs backwards. Occlusion: fall of the class probability when a square hides the pixel. "
            "Grad-CAM: the last conv maps weighted by their mean gradient."
        ))
    return ["in_mask", "in_stride", "in_noise", "in_samples"]


def embedding(d: Digit) -> list[str]:
    """The penultimate layer mapped to 2-D, and the digit's nearest training digits."""
    import tfdl.interpret as I
    from tfdl.viz import interpret as V

    param("in_emb", "pca", options=("pca", "tsne"))
    param("in_npts", 300, min=20, max=len(d.x_test))
    param("in_k", 5, min=1, max=10)
    c1, c2, c3 = st.columns(3)
    method = c1.radio(_("Map"), ("pca", "tsne"), key="in_emb", horizontal=True,
                      format_func=lambda m: "PCA" if m == "pca" else "t-SNE")
    n_points = c2.slider(_("Test digits shown"), 20, len(d.x_test), key="in_npts")
    k = c3.slider(_("Neighbours"), 1, 10, key="in_k")
    with friendly_errors():
        result = I.embedding_view(d.model, d.x_test, d.x_train, d.index, n_points=int(n_points), k=int(k),
                                  method=method)
        left, right = st.columns([3, 2])
        left.pyplot(V.embedding_figure(result.points, d.y_test[result.chosen], highlight=0,
                                       neighbors=result.near_in_map,
                                       title=_("Penultimate layer ({layer})").format(layer=result.layer)))
        right.pyplot(V.neighbors_figure(d.x, d.x_train[result.neighbors], query_title=_("this digit"),
                                        titles=[f"{d.y_train[i]} · {fmt_number(dist, '.2f')}"
                                                for i, dist in zip(result.neighbors, result.distances)]))
        right.caption(_("Nearest training digits in the embedding (label · distance)."))
    return ["in_emb", "in_npts", "in_k"]
