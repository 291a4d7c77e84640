"""The maxout picture (issue 13: the Activations page's maxout legend was cut off past k ≈ 5):
every piece and the maximum are named in a legend that lies inside the figure, under the plot,
for every k the page offers; the lines are numpy's w_j x + b_j and their maximum."""

import numpy as np
import pytest

import tfdl.activations as A
from tfdl.viz.activations import maxout_figure


@pytest.mark.parametrize("k", [1, 3, 8])
def test_the_legend_names_every_piece_inside_the_figure_under_the_plot(k):
    w, b = A.random_maxout_pieces(k)
    fig = maxout_figure(w, b)
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == k + 1 and labels[-1] == "max (maxout)"
    fig.draw_without_rendering()
    box, ax_box, page = legend.get_window_extent(), fig.axes[0].get_window_extent(), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0  # nothing cut off
    assert box.y1 <= ax_box.y0  # under the plot: hides no line
    # each label is its piece's formula: z_j = w_j x + b_j, to two decimals
    for j, text in enumerate(labels[:-1]):
        slope, intercept = text.split(" = ")[1].replace("−", "-").replace(" ", "").split("x")
        assert float(slope) == pytest.approx(w[j], abs=0.005)
        assert float(intercept) == pytest.approx(b[j], abs=0.005)
    # the lines: numpy's pieces and their maximum
    lines = fig.axes[0].get_lines()
    x = lines[0].get_xdata()
    for j in range(k):
        np.testing.assert_allclose(lines[j].get_ydata(), w[j] * x + b[j])
    np.testing.assert_allclose(lines[k].get_ydata(), np.max(np.outer(x, w) + b, axis=1))


def test_russian_decimals_and_words():
    fig = maxout_figure([-0.8, 1.25], [0.11, -2.0], texts={"max": "максимум (maxout)"}, locale="ru")
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "z₁ = −0,80x + 0,11",
        "z₂ = 1,25x − 2,00",
        "максимум (maxout)",
    ]
