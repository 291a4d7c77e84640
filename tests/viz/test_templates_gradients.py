"""The class-templates figure (diverging, centred, one colour bar) and the exploding-gradients figure."""

import numpy as np
import pandas as pd
import pytest

from tfdl.errors import TfdlValueError
from tfdl.viz import class_templates_figure, exploding_gradients_figure


def test_class_templates_figure_draws_each_template_centred_with_one_colour_bar():
    t = np.arange(10 * 8 * 8, dtype=float).reshape(10, 8, 8) - 300.0
    fig = class_templates_figure(t, texts={"class": "цифра {label}", "weight": "вес"})
    panels, bar = fig.axes[:10], fig.axes[10]
    assert len(fig.axes) == 11 and bar.get_ylabel() == "вес"
    for k, ax in enumerate(panels):
        image = ax.images[0]
        np.testing.assert_array_equal(image.get_array(), t[k])
        assert image.get_clim() == (-339.0, 339.0)  # symmetric: white is a zero weight
        assert image.get_cmap().name == "RdBu_r"
        assert ax.get_title() == f"цифра {k}"
    with pytest.raises(TfdlValueError) as info:
        class_templates_figure(np.zeros((8, 8)))
    assert info.value.code == "templates_shape"


def test_exploding_gradients_figure_plots_both_lines_on_a_log_axis():
    df = pd.DataFrame({"step": [3, 1, 2], "grad_norm": [1.0, 100.0, 10.0], "clipped_norm": [0.01, 1.0, 0.1]})
    fig = exploding_gradients_figure(df, texts={"raw": "без", "clipped": "с"})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    raw, clipped = ax.lines
    assert list(raw.get_ydata()) == [100.0, 10.0, 1.0] and list(clipped.get_ydata()) == [1.0, 0.1, 0.01]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["без", "с"]
    with pytest.raises(TfdlValueError) as info:
        exploding_gradients_figure(df.drop(columns="clipped_norm"))
    assert info.value.code == "exploding_columns"
