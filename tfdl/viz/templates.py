"""The templates of a linear classifier: each class's weight vector drawn as an image.

Every builder returns a :class:`matplotlib.figure.Figure` (no pyplot state); nothing here imports
TensorFlow: the templates come from :func:`tfdl.experiments.linear_templates.class_templates`.

Example:
    >>> import numpy as np
    >>> fig = class_templates_figure(np.zeros((10, 8, 8)))
    >>> len(fig.axes)
    11
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["TEMPLATE_TEXTS", "class_templates_figure"]

#: the English texts of :func:`class_templates_figure`; ``texts=`` overrides some of them
TEMPLATE_TEXTS = {"class": "{label}", "weight": "weight"}


def class_templates_figure(
    templates,
    labels: Sequence[str] | None = None,
    columns: int = 5,
    panel_size: float = 1.5,
    cmap: str = "RdBu_r",
    texts: Mapping[str, str] | None = None,
):
    """One panel per class: its weight vector as an image, in a diverging map centred on 0, one colour bar.

    The colour range is symmetric, ``±max |w|`` over all the templates, so white is a zero weight
    and the panels compare with each other.

    Args:
        templates: ``(classes, H, W)`` array (:func:`tfdl.experiments.linear_templates.class_templates`).
        labels: a title per panel (default ``"0"``, ``"1"``, ...).
        columns: panels per row.
        panel_size: inches per panel.
        cmap: a diverging matplotlib colour map.
        texts: overrides of :data:`TEMPLATE_TEXTS` (``class`` formats each title with ``{label}``;
            ``weight`` labels the colour bar).

    Returns:
        A Figure with one axes per class, then the colour bar's.

    Example:
        >>> fig = class_templates_figure(np.ones((4, 8, 8)), columns=2)
        >>> [ax.get_title() for ax in fig.axes[:4]]
        ['0', '1', '2', '3']
    """
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    t = np.asarray(templates, dtype="float64")
    if t.ndim != 3 or len(t) == 0:
        raise TfdlValueError(
            "templates_shape",
            "`templates` must have the shape (classes, height, width). Received: shape {shape}",
            shape=tuple(t.shape),
        )
    unknown = sorted(set(texts or {}) - set(TEMPLATE_TEXTS))
    if unknown:
        raise TfdlValueError(
            "texts_unknown_keys",
            "`texts` has unknown keys {unknown}; known: {known}. Received: texts={texts!r}",
            unknown=unknown,
            known=sorted(TEMPLATE_TEXTS),
            texts=texts,
        )
    words = {**TEMPLATE_TEXTS, **(texts or {})}
    labels = [str(k) for k in range(len(t))] if labels is None else [str(label) for label in labels]
    columns = max(1, min(int(columns), len(t)))
    rows = -(-len(t) // columns)
    fig = Figure(figsize=(panel_size * columns + 1.2, panel_size * rows + 0.2), layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    limit = float(np.max(np.abs(t))) or 1.0
    norm = Normalize(-limit, limit)
    for ax, template, label in zip(axes, t, labels):
        image = ax.imshow(template, cmap=cmap, norm=norm, interpolation="nearest")
        ax.set_title(words["class"].format(label=label), fontsize=10)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[len(t) :]:
        ax.remove()
    bar = fig.colorbar(image, ax=list(axes[: len(t)]), shrink=0.9, aspect=20, pad=0.02)
    bar.ax.tick_params(labelsize=7)
    bar.set_label(words["weight"], fontsize=8)
    return fig
