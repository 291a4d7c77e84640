"""Figures of the vision tasks: segmentation results, two boxes' IoU, NMS step by step, anchors
over an image, a precision–recall curve with its AP, and a 2-D embedding before/after triplet
training. Every text is an argument (English defaults), so a page can pass its own language.

Boxes are ``[x1, y1, x2, y2]`` in pixels, drawn with the image's y axis pointing down.

Example:
    >>> from tfdl.viz.vision import box_iou_figure
    >>> len(box_iou_figure([0, 0, 4, 4], [2, 2, 6, 6], image_size=8).axes)
    1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = [
    "VISION_TEXTS",
    "anchors_figure",
    "box_iou_figure",
    "nms_figure",
    "pr_curve_figure",
    "segmentation_figure",
    "triplet_embedding_figure",
]

#: every word the figures draw, by key; pass a dict with some of them translated as ``texts=``
VISION_TEXTS = {
    "image": "image",
    "true": "true mask",
    "predicted": "predicted mask",
    "loss": "per-pixel loss −log p[y]",
    "box_a": "box A",
    "box_b": "box B",
    "intersection": "intersection A ∩ B",
    "union": "union A ∪ B",
    "kept": "kept",
    "suppressed": "suppressed",
    "current": "kept at this step",
    "removed": "removed at this step",
    "waiting": "still in the running",
    "cell": "chosen cell",
    "anchor_centres": "anchor centres",
    "object": "object",
    "best_anchor": "anchor with the highest IoU",
    "recall": "recall",
    "precision": "precision",
    "ap_area": "AP = {ap} (area under the interpolated curve)",
    "threshold": "score ≥ {t}: P = {p}, R = {r}",
    "before": "before training",
    "after": "after training",
    "anchor": "anchor",
    "positive": "positive",
    "negative": "semi-hard negative",
    "class": "digit {c}",
}
_CLASS_COLOURS = (
    "#222222",
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def _words(texts):
    return {**VISION_TEXTS, **(texts or {})}


def _fmt(x, digits=2, locale="en"):
    from tfdl.viz.formatting import format_number

    return format_number(float(x), f".{digits}f", locale=locale)


def segmentation_figure(
    images, masks, predicted, loss_map, class_names: Sequence[str], n: int = 3, texts: Mapping[str, str] | None = None
):
    """``n`` rows of image / true mask / predicted mask / per-pixel loss (with a colour bar).

    Args:
        images: ``(N, H, W, 1)`` or ``(N, H, W)`` images.
        masks: ``(N, H, W)`` true classes.
        predicted: ``(N, H, W)`` predicted classes.
        loss_map: ``(N, H, W)`` per-pixel loss.
        class_names: names of the classes (legend below the panels).
        n: rows drawn.
        texts: column titles (``image``, ``true``, ``predicted``, ``loss``).

    Returns:
        a matplotlib Figure.
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    w = _words(texts)
    k = len(class_names)
    cmap = ListedColormap(_CLASS_COLOURS[:k])
    norm = BoundaryNorm(np.arange(k + 1) - 0.5, k)
    n = min(n, len(images))
    fig = Figure(figsize=(8.4, 2.2 * n + 0.6), layout="constrained")
    axes = np.asarray(fig.subplots(n, 4, squeeze=False))
    vmax = float(np.max(loss_map[:n])) if n else 1.0
    for i in range(n):
        axes[i, 0].imshow(np.asarray(images[i]).squeeze(), cmap="gray", vmin=0, vmax=1)
        axes[i, 1].imshow(masks[i], cmap=cmap, norm=norm, interpolation="nearest")
        axes[i, 2].imshow(predicted[i], cmap=cmap, norm=norm, interpolation="nearest")
        im = axes[i, 3].imshow(loss_map[i], cmap="magma", vmin=0, vmax=max(vmax, 1e-6))
        fig.colorbar(im, ax=axes[i, 3], fraction=0.046)
        for ax in axes[i]:
            ax.set_xticks([])
            ax.set_yticks([])
    for ax, key in zip(axes[0], ("image", "true", "predicted", "loss")):
        ax.set_title(w[key], fontsize=9)
    handles = [Patch(color=_CLASS_COLOURS[c], label=name) for c, name in enumerate(class_names)]
    fig.legend(handles=handles, loc="outside lower center", ncols=k, fontsize=8, frameon=False)
    return fig


def _rect(ax, box, **kw):
    from matplotlib.patches import Rectangle

    x1, y1, x2, y2 = (float(v) for v in box)
    ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, **kw))


def _image_axes(ax, image_size, image=None):
    if image is not None:
        ax.imshow(np.asarray(image).squeeze(), cmap="gray", vmin=0, vmax=1, extent=(0, image_size, image_size, 0))
    from matplotlib.ticker import MaxNLocator

    ax.set_xlim(0, image_size)
    ax.set_ylim(image_size, 0)
    ax.set_aspect("equal")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def box_iou_figure(box_a, box_b, image_size: float, texts: Mapping[str, str] | None = None):
    """Two boxes, their union shaded light and their intersection dark (IoU = |A ∩ B| / |A ∪ B|).

    Args:
        box_a: ``[x1, y1, x2, y2]``.
        box_b: ``[x1, y1, x2, y2]``.
        image_size: side of the square canvas.
        texts: ``box_a``, ``box_b``, ``intersection``, ``union``.

    Returns:
        a matplotlib Figure.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    w = _words(texts)
    fig = Figure(figsize=(5.2, 4.6), layout="constrained")
    ax = fig.subplots()
    _image_axes(ax, image_size)
    for box in (box_a, box_b):
        _rect(ax, box, facecolor="#9ecae1", edgecolor="none", alpha=0.6)
    ix1, iy1 = max(box_a[0], box_b[0]), max(box_a[1], box_b[1])
    ix2, iy2 = min(box_a[2], box_b[2]), min(box_a[3], box_b[3])
    if ix2 > ix1 and iy2 > iy1:
        _rect(ax, (ix1, iy1, ix2, iy2), facecolor="#08519c", edgecolor="none", hatch="//", alpha=0.85)
    _rect(ax, box_a, fill=False, edgecolor="#d62728", linewidth=2.5)
    _rect(ax, box_b, fill=False, edgecolor="#2ca02c", linewidth=2.5, linestyle="--")
    handles = [
        Patch(fill=False, edgecolor="#d62728", linewidth=2, label=w["box_a"]),
        Patch(fill=False, edgecolor="#2ca02c", linewidth=2, linestyle="--", label=w["box_b"]),
        Patch(facecolor="#9ecae1", label=w["union"]),
        Patch(facecolor="#08519c", hatch="//", label=w["intersection"]),
    ]
    fig.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    return fig


def nms_figure(
    boxes, scores, steps, step: int, image_size: float, texts: Mapping[str, str] | None = None, locale: str = "en"
):
    """Greedy NMS after ``step`` steps of a :func:`tfdl.metrics.nms_trace`.

    Kept boxes are green, suppressed ones grey dashed; the box kept at step ``step`` is thick
    green and the boxes it removes red, labelled with their IoU with it; boxes still in the
    running are blue. Every box carries its index and score (``#3 0.85``).

    Args:
        boxes: ``(N, 4)`` boxes.
        scores: ``(N,)`` scores.
        steps: the list of :class:`tfdl.metrics.NMSStep`.
        step: how many steps are done (``0 … len(steps)``).
        image_size: side of the canvas.
        texts: ``kept``, ``suppressed``, ``current``, ``removed``, ``waiting``.
        locale: language of the numbers drawn.

    Returns:
        a matplotlib Figure.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    w = _words(texts)
    boxes, scores = np.asarray(boxes, dtype="float64"), np.asarray(scores, dtype="float64")
    step = int(np.clip(step, 0, len(steps)))
    done = steps[:step]
    kept = {s.kept for s in done}
    gone = {j for s in done for j in s.suppressed}
    current = done[-1] if done else None
    fig = Figure(figsize=(6.2, 4.6), layout="constrained")
    ax = fig.subplots()
    _image_axes(ax, image_size)
    ious = dict(zip(current.suppressed, current.ious)) if current else {}
    for i, box in enumerate(boxes):
        if current is not None and i == current.kept:
            style = dict(edgecolor="#2ca02c", linewidth=3.5)
        elif i in ious:
            style = dict(edgecolor="#d62728", linewidth=2.2)
        elif i in kept:
            style = dict(edgecolor="#2ca02c", linewidth=2)
        elif i in gone:
            style = dict(edgecolor="#aaaaaa", linewidth=1, linestyle="--")
        else:
            style = dict(edgecolor="#1f77b4", linewidth=1.2)
        _rect(ax, box, fill=False, **style)
        label = f"#{i} {_fmt(scores[i], locale=locale)}"
        if i in ious:
            label += f" · IoU {_fmt(ious[i], locale=locale)}"
        # labels of neighbouring boxes go to different corners, so a cluster stays readable
        right, bottom = i % 2, (i // 2) % 2
        ax.text(
            box[2] - 0.5 if right else box[0] + 0.5,
            box[3] - 0.5 if bottom else box[1] + 0.5,
            label,
            fontsize=7,
            ha="right" if right else "left",
            va="bottom" if bottom else "top",
            color=style["edgecolor"],
            bbox=dict(facecolor="white", alpha=0.7, edgecolor="none", pad=0.5),
        )
    handles = [
        Line2D([], [], color="#2ca02c", linewidth=3.5, label=w["current"]),
        Line2D([], [], color="#d62728", linewidth=2.2, label=w["removed"]),
        Line2D([], [], color="#2ca02c", linewidth=2, label=w["kept"]),
        Line2D([], [], color="#aaaaaa", linestyle="--", label=w["suppressed"]),
        Line2D([], [], color="#1f77b4", linewidth=1.2, label=w["waiting"]),
    ]
    fig.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    return fig


def anchors_figure(
    image,
    anchors,
    feature_size: int,
    n_per_cell: int,
    cell: tuple[int, int],
    objects=None,
    texts: Mapping[str, str] | None = None,
    locale: str = "en",
):
    """Anchors over an image: the feature-map grid, every anchor centre, the anchors of one cell, and
    for each object the anchor that overlaps it most.

    Args:
        image: ``(H, H)`` or ``(H, H, 1)`` image in [0, 1] (square).
        anchors: ``(fh · fw · n_per_cell, 4)`` from :func:`tfdl.metrics.anchor_boxes`.
        feature_size: ``fh = fw``.
        n_per_cell: anchors per cell (scales × ratios).
        cell: ``(row, column)`` of the cell whose anchors are drawn.
        objects: optional ``(M, 4)`` object boxes.
        texts: ``cell``, ``anchor_centres``, ``object``, ``best_anchor``.
        locale: language of the numbers drawn (``"en"``, ``"ru"``: decimal comma).

    Returns:
        a matplotlib Figure.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from tfdl.metrics import box_iou

    w = _words(texts)
    size = float(np.asarray(image).shape[0])
    a = np.asarray(anchors, dtype="float64").reshape(feature_size, feature_size, n_per_cell, 4)
    fig = Figure(figsize=(6.6, 4.8), layout="constrained")
    ax = fig.subplots()
    _image_axes(ax, size, image)
    for t in np.linspace(0, size, feature_size + 1):
        ax.axhline(t, color="#ffffff", alpha=0.25, linewidth=0.6)
        ax.axvline(t, color="#ffffff", alpha=0.25, linewidth=0.6)
    centres = (a[..., 0, :2] + a[..., 0, 2:]) / 2
    ax.scatter(centres[..., 0].ravel(), centres[..., 1].ravel(), s=6, color="#fdd835", zorder=3)
    r, c = cell
    step = size / feature_size
    _rect(ax, (c * step, r * step, (c + 1) * step, (r + 1) * step), facecolor="#fdd835", alpha=0.35, edgecolor="none")
    palette = ("#ff7f0e", "#17becf", "#e377c2", "#bcbd22", "#9467bd", "#8c564b", "#7f7f7f", "#1f77b4", "#d62728")
    for k in range(n_per_cell):
        _rect(ax, a[r, c, k], fill=False, edgecolor=palette[k % len(palette)], linewidth=1.6)
    handles = [
        Line2D([], [], color="#fdd835", marker="s", linestyle="", label=w["cell"]),
        Line2D([], [], color="#fdd835", marker=".", linestyle="", label=w["anchor_centres"]),
    ]
    if objects is not None and len(objects):
        flat = a.reshape(-1, 4)
        overlaps = box_iou(objects, flat)
        for j, box in enumerate(np.asarray(objects, dtype="float64")):
            best = int(np.argmax(overlaps[j]))
            _rect(ax, box, fill=False, edgecolor="#2ca02c", linewidth=2.2)
            _rect(ax, flat[best], fill=False, edgecolor="#d62728", linewidth=1.6, linestyle="--")
            x, y = np.clip(flat[best][:2], 0, size - 4)
            ax.text(
                x + 0.5,
                y + 0.5,
                _fmt(overlaps[j, best], locale=locale),
                color="#d62728",
                fontsize=7,
                va="top",
                bbox=dict(facecolor="white", alpha=0.7, edgecolor="none", pad=0.5),
            )
        handles += [
            Line2D([], [], color="#2ca02c", linewidth=2.2, label=w["object"]),
            Line2D([], [], color="#d62728", linestyle="--", label=w["best_anchor"]),
        ]
    fig.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    return fig


def pr_curve_figure(
    precision,
    recall,
    ap: float,
    threshold: float | None = None,
    point=None,
    texts: Mapping[str, str] | None = None,
    locale: str = "en",
):
    """The precision–recall curve, the interpolated envelope whose area is AP (shaded), and the point
    of one score threshold.

    Args:
        precision: precision per threshold (highest threshold first).
        recall: recall per threshold.
        ap: the AP to print.
        threshold: the chosen score threshold (for the label).
        point: ``(recall, precision)`` at that threshold, or ``None``.
        texts: ``recall``, ``precision``, ``ap_area`` (``{ap}``), ``threshold`` (``{t}``, ``{p}``, ``{r}``).
        locale: language of the numbers drawn.

    Returns:
        a matplotlib Figure.
    """
    from matplotlib.figure import Figure

    w = _words(texts)
    p, r = np.asarray(precision, dtype="float64"), np.asarray(recall, dtype="float64")
    rr = np.r_[0.0, r, r[-1] if len(r) else 0.0]
    pp = np.r_[p[0] if len(p) else 1.0, p, 0.0]
    envelope = np.maximum.accumulate(pp[::-1])[::-1]
    fig = Figure(figsize=(5.6, 4.2), layout="constrained")
    ax = fig.subplots()
    ax.fill_between(
        rr, envelope, step="post", alpha=0.25, color="#1f77b4", label=w["ap_area"].format(ap=_fmt(ap, 3, locale))
    )
    ax.plot(r, p, marker="o", markersize=3, color="#1f77b4", linewidth=1)
    ax.step(rr, envelope, where="post", color="#08519c", linewidth=1.5)
    if point is not None:
        ax.scatter(
            [point[0]],
            [point[1]],
            s=90,
            color="#d62728",
            zorder=4,
            label=w["threshold"].format(
                t=_fmt(threshold, locale=locale), p=_fmt(point[1], locale=locale), r=_fmt(point[0], locale=locale)
            ),
        )
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(w["recall"])
    ax.set_ylabel(w["precision"])
    ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", fontsize=8, frameon=False)
    return fig


def triplet_embedding_figure(
    before, after, labels, marks_before=None, marks_after=None, texts: Mapping[str, str] | None = None
):
    """A 2-D embedding before and after training, coloured by class, with one triplet marked.

    Args:
        before: ``(N, 2)`` points of the untrained network.
        after: ``(N, 2)`` points after training.
        labels: ``(N,)`` classes.
        marks_before: ``(anchor, positive, negative)`` indices to mark on the left, or ``None``.
        marks_after: the same on the right.
        texts: ``before``, ``after``, ``anchor``, ``positive``, ``negative``, ``class`` (``{c}``).

    Returns:
        a matplotlib Figure with two axes.
    """
    from matplotlib.figure import Figure

    w = _words(texts)
    labels = np.asarray(labels)
    fig = Figure(figsize=(9.2, 4.4), layout="constrained")
    axes = fig.subplots(1, 2)
    classes = np.unique(labels)
    for ax, pts, marks, title in ((axes[0], before, marks_before, "before"), (axes[1], after, marks_after, "after")):
        pts = np.asarray(pts)
        for c in classes:
            m = labels == c
            ax.scatter(
                pts[m, 0],
                pts[m, 1],
                s=10,
                alpha=0.6,
                color=_CLASS_COLOURS[1:][int(c) % 10],
                label=w["class"].format(c=int(c)) if ax is axes[0] else None,
            )
        if marks is not None:
            a, p, n = marks
            ax.plot(*pts[[a, p]].T, color="#2ca02c", linewidth=1.5)
            ax.plot(*pts[[a, n]].T, color="#d62728", linewidth=1.5, linestyle="--")
            ax.scatter(
                *pts[a], marker="*", s=260, color="black", zorder=5, label=w["anchor"] if ax is axes[0] else None
            )
            ax.scatter(
                *pts[p],
                marker="o",
                s=110,
                facecolors="none",
                edgecolors="#2ca02c",
                linewidths=2.2,
                zorder=5,
                label=w["positive"] if ax is axes[0] else None,
            )
            ax.scatter(
                *pts[n], marker="X", s=120, color="#d62728", zorder=5, label=w["negative"] if ax is axes[0] else None
            )
        ax.set_title(w[title], fontsize=10)
        ax.set_aspect("equal", adjustable="datalim")
        ax.grid(alpha=0.3)
    fig.legend(loc="outside right upper", fontsize=8, frameon=False)
    return fig
