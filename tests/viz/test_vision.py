"""Figures of the vision tasks: the texts passed in are drawn, data is drawn where it belongs,
the loss map has a colour bar and legends sit outside the axes."""

import matplotlib

matplotlib.use("Agg")

import numpy as np

import tfdl.viz as V
from tfdl.metrics import anchor_boxes, nms_trace


def _texts(fig):
    found = []
    for ax in fig.axes:
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return found


def test_segmentation_figure_titles_classes_and_colour_bar():
    rng = np.random.default_rng(0)
    masks = rng.integers(0, 4, (2, 8, 8))
    fig = V.segmentation_figure(
        rng.random((2, 8, 8, 1)),
        masks,
        masks,
        rng.random((2, 8, 8)),
        ["фон", "a", "b", "c"],
        n=2,
        texts={"true": "истина", "loss": "потери"},
    )
    words = _texts(fig)
    assert {"истина", "потери", "фон", "predicted mask"} <= set(words)
    assert len(fig.axes) == 2 * 4 + 2  # the panels and one colour bar per loss map
    np.testing.assert_array_equal(fig.axes[1].images[0].get_array(), masks[0])


def test_box_iou_nms_anchor_pr_and_triplet_figures_draw_the_given_words():
    fig = V.box_iou_figure([0, 0, 4, 4], [2, 2, 6, 6], 8, texts={"union": "объединение"})
    assert "объединение" in _texts(fig) and len(fig.axes[0].patches) == 5  # 2 union, 1 intersection, 2 outlines
    boxes, scores = [[0, 0, 4, 4], [0, 0, 4, 3.8], [5, 5, 7, 7]], [0.9, 0.8, 0.7]
    fig = V.nms_figure(boxes, scores, nms_trace(boxes, scores), 1, 8, texts={"removed": "убрана"}, locale="ru")
    words = _texts(fig)
    assert "убрана" in words and "#1 0,80 · IoU 0,95" in words
    anchors = anchor_boxes(2, 8, [4], [1, 2])
    fig = V.anchors_figure(np.zeros((8, 8)), anchors, 2, 2, (0, 1), objects=[[4, 0, 8, 4]], texts={"object": "объект"})
    assert "объект" in _texts(fig) and "1.00" in _texts(fig)  # the object is exactly an anchor
    fig = V.pr_curve_figure([1, 0.5, 2 / 3], [0.5, 0.5, 1], 0.8333, 0.75, (0.5, 1.0), texts={"recall": "полнота"})
    assert "полнота" in _texts(fig) and any("0.833" in w for w in _texts(fig))
    fig = V.triplet_embedding_figure(
        np.zeros((4, 2)), np.eye(4)[:, :2], [0, 0, 1, 1], (0, 1, 2), (0, 1, 3), texts={"negative": "полутрудный"}
    )
    assert "полутрудный" in _texts(fig) and len(fig.axes) == 2
    assert all(not ax.get_legend() for ax in fig.axes) and fig.legends  # the legend is outside the panels
