"""decision_boundary_figure takes its words as an argument (the playground translates them)."""

import numpy as np

from tfdl.viz.training import decision_boundary_figure


def _texts(fig):
    from matplotlib.text import Text

    return {t.get_text() for t in fig.findobj(Text)} | {h.get_label() for ax in fig.axes for h in ax.collections}


def test_default_and_translated_texts():
    xx, yy = np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 1, 4))
    x, y = np.array([[0.2, 0.2], [0.8, 0.8]]), np.array([0, 1])
    fig = decision_boundary_figure(xx, yy, xx, x, y)
    assert fig.axes[1].get_ylabel() == "P(class 1)" and "class 0" in _texts(fig)
    fig = decision_boundary_figure(xx, yy, xx, x, y, texts={"probability": "P(класс 1)", "class": "класс {k}"})
    assert fig.axes[1].get_ylabel() == "P(класс 1)"
    assert {"класс 0", "класс 1"} <= _texts(fig) and "class 0" not in _texts(fig)
