"""tfdl.viz.landscape: panels, shared scales and translated words."""

import matplotlib.pyplot as plt
import numpy as np

from tfdl.interpret import LossInterpolation, LossLandscape
from tfdl.viz import interpolation_figure, landscape_contours_figure, landscape_surfaces_figure

A = np.linspace(-1, 1, 7)
BOWL = LossLandscape(A, A, 0.1 + A[None, :] ** 2 + A[:, None] ** 2, seed=0)
STEEP = LossLandscape(A, A, 0.1 + 50 * (A[None, :] ** 2 + np.abs(A[:, None])), seed=0)


def test_contours_share_one_colour_scale_and_translate_their_words():
    fig = landscape_contours_figure({"with skips": BOWL, "without": STEEP}, texts={"alpha": "α (δ)"})
    plots, colorbar = fig.axes[:2], fig.axes[2]
    assert [ax.get_title() for ax in plots] == ["with skips", "without"]
    assert plots[0].get_xlabel() == "α (δ)"
    limits = [ax.collections[0].get_clim() for ax in plots]
    assert limits[0] == limits[1]
    assert limits[0][0] == np.float64(0.1) and np.isclose(limits[0][1], STEEP.losses.max())
    assert colorbar.get_ylabel() == "loss"
    plt.close(fig)


def test_surfaces_are_three_dimensional_on_one_vertical_scale():
    fig = landscape_surfaces_figure({"a": BOWL, "b": STEEP})
    assert [ax.name for ax in fig.axes] == ["3d", "3d"]
    assert fig.axes[0].get_zlim() == fig.axes[1].get_zlim()
    np.testing.assert_allclose(fig.axes[0].get_zlim(), (np.log10(0.1), np.log10(STEEP.losses.max())))
    plt.close(fig)


def test_interpolation_draws_one_line_per_pair():
    t = np.linspace(0, 1, 5)
    fig = interpolation_figure({"a → b": LossInterpolation(t, 1 + (t - 0.5) ** 2)})
    (line,) = fig.axes[0].get_lines()
    np.testing.assert_allclose(line.get_xdata(), t)
    assert fig.axes[0].get_yscale() == "log"
    plt.close(fig)
