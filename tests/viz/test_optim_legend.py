"""The optimiser race's legends sit outside the axes (issue 13: on Himmelblau the legend covered the
paths): every legend's box is disjoint from the plot's, and it still names every optimiser."""

import matplotlib

matplotlib.use("Agg")

import pytest

import tfdl
from tfdl.viz.optim import trajectories_figure, trajectory_loss_figure

OPTIMISERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


@pytest.fixture(scope="module")
def race():
    s = tfdl.surfaces.get_surface("himmelblau")
    return tfdl.trajectories.run(OPTIMISERS, s, steps=40), s


def _legend_boxes(fig):
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert len(legends) == 1
    return legends[0], fig.axes[0].get_window_extent()


@pytest.mark.parametrize("make", ["paths", "loss"])
def test_the_legend_is_outside_the_axes_and_names_every_optimiser(race, make):
    import matplotlib.pyplot as plt

    df, s = race
    fig = trajectories_figure(df, s) if make == "paths" else trajectory_loss_figure(df, s)
    fig.canvas.draw()
    legend, axes_box = _legend_boxes(fig)
    box = legend.get_window_extent()
    assert not box.overlaps(axes_box), (box, axes_box)
    assert box.y1 <= axes_box.y0  # under the plot
    labels = [t.get_text() for t in legend.get_texts()]
    assert set(df["optimiser"].unique()) <= set(labels)
    # and it lies inside the figure (not cut off)
    fig_box = fig.bbox
    assert box.x0 >= fig_box.x0 and box.x1 <= fig_box.x1 and box.y0 >= fig_box.y0
    plt.close(fig)


def test_an_axes_given_by_the_caller_gets_its_legend_at_its_right(race):
    import matplotlib.pyplot as plt

    df, s = race
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    trajectory_loss_figure(df, s, ax=b)
    fig.canvas.draw()
    box = b.get_legend().get_window_extent()
    assert box.x0 >= b.get_window_extent().x1
    plt.close(fig)
