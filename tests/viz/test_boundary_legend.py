"""The decision-boundary plot tells training from test points (issue 13): a legend under the map
names the classes by colour and the two sets by marker, and never covers a point."""

import numpy as np
import pytest

from tfdl.viz.training import decision_boundary_figure

XX, YY = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-2, 2, 5))
X_TRAIN, Y_TRAIN = np.array([[-1.0, -1.0], [1.0, 1.0], [1.5, -1.5]]), np.array([0, 1, 1])
X_TEST, Y_TEST = np.array([[-1.5, 1.5], [0.5, 0.5]]), np.array([0, 1])


def _legend(fig):
    (legend,) = fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return legend


def test_the_legend_names_classes_and_training_vs_test_points_under_the_map():
    fig = decision_boundary_figure(XX, YY, np.full((5, 5), 0.5), X_TRAIN, Y_TRAIN, X_TEST, Y_TEST)
    legend = _legend(fig)
    assert [t.get_text() for t in legend.get_texts()] == ["class 0", "class 1", "training points", "test points"]
    markers = [h.get_marker() for h in legend.legend_handles]
    assert markers[2] == "o" and markers[3] == "^"
    fig.draw_without_rendering()
    ax = fig.axes[0]
    below = ax.get_tightbbox()  # the axes with its tick labels and x label
    assert legend.get_window_extent().y1 <= below.y0  # under the map and its label: covers nothing
    assert legend.get_window_extent().y0 >= fig.bbox.y0  # inside the figure
    # the points are drawn where they are, training as circles and test as triangles (numpy reference)
    from matplotlib.collections import PathCollection

    points = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    drawn = np.concatenate([np.asarray(c.get_offsets()) for c in points])
    expected = np.concatenate([X_TRAIN[Y_TRAIN == 0], X_TRAIN[Y_TRAIN == 1], X_TEST[Y_TEST == 0], X_TEST[Y_TEST == 1]])
    np.testing.assert_array_equal(drawn, expected)
    circle, triangle = points[0].get_paths()[0], points[2].get_paths()[0]
    assert len(circle.vertices) != len(triangle.vertices)  # two different markers


def test_the_legend_speaks_the_given_language_and_only_names_sets_that_are_drawn():
    texts = {"class": "класс {k}", "train": "обучающие точки", "test": "тестовые точки"}
    fig = decision_boundary_figure(XX, YY, np.full((5, 5), 0.5), X_TRAIN, Y_TRAIN, texts=texts)
    assert [t.get_text() for t in _legend(fig).get_texts()] == ["класс 0", "класс 1", "обучающие точки"]
    bare = decision_boundary_figure(XX, YY, np.full((5, 5), 0.5))
    assert not bare.legends and bare.axes[0].get_legend() is None


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_train_page_passes_the_legend_words_in_its_language(monkeypatch, lang):
    from playground import i18n
    from playground.app_pages.train.toy2d import boundary_texts

    monkeypatch.setattr(i18n, "current_language", lambda: lang)
    words = boundary_texts()
    assert words["train"] == i18n.catalogue(lang).gettext("training points")
    assert words["test"] == ("test points" if lang == "en" else "тестовые точки")
