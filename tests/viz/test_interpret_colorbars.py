"""Colour bars of the Inside page's heatmaps (issue 13): each bar reads the scale the pictures
are drawn on, checked against numpy's min, max and min–max scaling of the same arrays."""

import numpy as np
import pytest

from tfdl.viz import interpret as V


def _bars(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def _bar_range(bar_ax):
    """The (low, high) values a colour bar spans (along its long side)."""
    box = bar_ax.get_position()
    return tuple(sorted(bar_ax.get_ylim() if box.height > box.width else bar_ax.get_xlim()))


def test_attribution_heatmaps_share_one_colour_bar_from_0_to_1():
    rng = np.random.default_rng(0)
    maps = {"saliency": rng.normal(size=(8, 8)), "occlusion": rng.random((2, 2))}
    fig = V.heatmaps_figure(rng.random((8, 8)), maps, colorbar_label="|map| / its maximum")
    (bar,) = _bars(fig)
    assert _bar_range(bar) == pytest.approx((0.0, 1.0))
    assert bar.get_ylabel() == "|map| / its maximum"
    overlay = fig.axes[1].images[1]  # the saliency overlay: |m| / max |m| (numpy reference)
    m = maps["saliency"]
    np.testing.assert_allclose(overlay.get_array(), np.abs(m) / np.abs(m).max(), rtol=1e-6)
    assert overlay.get_clim() == (0, 1) and overlay.get_cmap().name == "jet"
    assert not _bars(V.heatmaps_figure(np.zeros((4, 4)), {"a": np.ones((4, 4))}, colorbar_label=None))


def test_feature_maps_on_one_scale_read_their_activations_on_the_bar():
    maps = np.stack([np.zeros((4, 4)), np.full((4, 4), 3.0), np.arange(16.0).reshape(4, 4) / 2])
    fig = V.image_grid_figure(maps, shared_scale=True, colorbar_label="activation")
    (bar,) = _bars(fig)
    assert _bar_range(bar) == pytest.approx((0.0, 7.5))  # min and max over all the maps
    assert bar.get_ylabel() == "activation"
    assert all(ax.images[0].get_clim() == (0.0, 7.5) for ax in fig.axes[:3])


def test_images_scaled_one_by_one_are_drawn_on_the_bar_s_0_to_1():
    filters = np.stack([np.array([[-1.0, 1.0], [0.0, 3.0]]), np.array([[5.0, 6.0], [7.0, 9.0]])])
    fig = V.image_grid_figure(filters, colorbar_label="0 = smallest weight, 1 = largest")
    (bar,) = _bars(fig)
    assert _bar_range(bar) == pytest.approx((0.0, 1.0))
    for ax, f in zip(fig.axes[:2], filters):
        np.testing.assert_allclose(ax.images[0].get_array(), (f - f.min()) / (f.max() - f.min()))
    assert not _bars(V.image_grid_figure(filters))  # no label, no bar (as before)
    assert not _bars(V.image_grid_figure(np.zeros((2, 3, 3, 3)), colorbar_label="x"))  # colour images: none


def test_the_perturbation_has_a_symmetric_colour_bar():
    x = np.zeros((4, 4))
    x_adv = x + np.array([[0.1, -0.3, 0.0, 0.2]] * 4)
    fig = V.adversarial_figure(x, x_adv, [0.5, 0.5], [0.1, 0.9])
    (bar,) = _bars(fig)
    assert _bar_range(bar) == pytest.approx((-0.3, 0.3))  # ±max |x_adv − x|


def test_a_row_of_class_models_gets_its_bar_underneath():
    images = np.random.default_rng(1).random((10, 5, 5, 1))  # (N, h, w, 1): grey
    fig = V.image_grid_figure(images, ncols=10, colorbar_label="0 = darkest, 1 = brightest")
    (bar,) = _bars(fig)
    fig.draw_without_rendering()
    box, first = bar.get_position(), fig.axes[0].get_position()
    assert box.width > box.height and box.y1 < first.y0  # horizontal, below the row
    assert _bar_range(bar) == pytest.approx((0.0, 1.0))
