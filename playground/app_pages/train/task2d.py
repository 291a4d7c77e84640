"""Train page, 2-D mode: what the data's task asks of the network and of the pictures.

Two classes: softmax over 2, the probability of class 1 with its 0.5 contour. Three or more: a
softmax over K and categorical cross-entropy, each cell coloured by its most probable class
(``tfdl.viz.class_map_figure``). Regression (``plane``, ``multigauss``): one linear output and the
mean squared error, the predicted value as a heatmap (``tfdl.viz.regression_map_figure``), the
test loss instead of the accuracy.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.i18n import _

RESOLUTION = 40  # grid points per side, as toy2d_run's decision map


def regression() -> bool:
    from tfdl.data import toy2d_task

    return toy2d_task(st.session_state["train_dataset"]) == "regression"


def n_classes(data) -> int:
    """K: one more than the largest label of the train and test points (at least 2)."""
    (_x, y), (_xt, yt) = data
    return max(2, int(max(np.max(y, initial=0), np.max(yt, initial=0))) + 1)


def mlp_kwargs(data) -> dict:
    """``build_mlp``'s output for the data: ``regression=True`` or ``num_classes=K``."""
    return {"regression": True} if regression() else {"num_classes": n_classes(data)}


def fit_kwargs() -> dict:
    """``fit``'s loss and metrics for a new run (regression: MSE, no accuracy)."""
    return {"loss": "mse", "metrics": ()} if regression() else {}


def texts() -> dict[str, str]:
    return {
        "probability": _("P(class 1)"),
        "class": _("class {k}"),
        "train": _("training points"),
        "test": _("test points"),
        "value": _("predicted value"),
    }


def extra(model, xt, yt) -> dict:
    """What a finished run adds for the pictures: every class's probability on the grid and, for a
    regression, the test loss (``tfdl.interpret.regression_mse``)."""
    from tfdl.interpret import predict_grid_classes, regression_mse

    _xx, _yy, probs = predict_grid_classes(model, resolution=RESOLUTION)
    out = {"probs": probs, "regression": regression()}
    if out["regression"]:
        out["test_loss"] = regression_mse(model, xt, yt)
    return out


def figure(xx, yy, probs, data, title: str, words: dict, is_regression: bool | None = None):
    """The map for the task: probability of class 1, class colours, or the regression's values."""
    import tfdl.viz as V

    (x, y), (xt, yt) = data
    if regression() if is_regression is None else is_regression:
        return V.regression_map_figure(xx, yy, probs[..., 0], x, y, xt, yt, title=title, texts=words)
    if probs.shape[-1] > 2:
        return V.class_map_figure(xx, yy, probs, x, y, xt, yt, title=title, texts=words)
    return V.decision_boundary_figure(xx, yy, probs[..., 1], x, y, xt, yt, title=title, texts=words)


def live_figure(model, data, title: str, words: dict):
    """The map of ``model`` as it is now (drawn every few epochs while it trains)."""
    from tfdl.interpret import predict_grid_classes

    return figure(*predict_grid_classes(model, resolution=RESOLUTION), data, title, words)


def result_figure(result: dict, data, title: str, words: dict):
    probs = result.get("probs")
    if probs is None:  # a run from before this module: the probability of class 1 only
        probs = np.stack([1 - result["p"], result["p"]], axis=-1)
    return figure(result["xx"], result["yy"], probs, data, title, words, result.get("regression", False))


def blank_figure(data, words: dict):
    """Before any run: the points on a neutral map."""
    xx, yy = np.meshgrid(np.linspace(-6, 6, 2), np.linspace(-6, 6, 2))
    k = 1 if regression() else n_classes(data)
    probs = np.zeros((2, 2, 1)) if k == 1 else np.full((2, 2, k), 1.0 / k)
    return figure(xx, yy, probs, data, _("press Train"), words)
