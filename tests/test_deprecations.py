"""Old names keep working for one release, with a DeprecationWarning, and give the same result."""

import numpy as np
import pytest

RENAMED = [
    ("tfdl.viz.optim", "plot_contours", "contours_figure"),
    ("tfdl.viz.optim", "plot_trajectories", "trajectories_figure"),
    ("tfdl.viz.optim", "plot_loss_curves", "trajectory_loss_figure"),
    ("tfdl.viz.training", "PLAYGROUND_CMAP", "ORANGE_BLUE_CMAP"),
    ("tfdl.viz.interpret", "neighbours_figure", "neighbors_figure"),
    ("tfdl.viz", "plot_contours", "contours_figure"),
    ("tfdl.viz", "PLAYGROUND_CMAP", "ORANGE_BLUE_CMAP"),
    ("tfdl.viz", "neighbours_figure", "neighbors_figure"),
    ("tfdl.interpret.synthesis", "class_model_visualisation", "class_model_visualization"),
    ("tfdl.interpret.embedding", "nearest_neighbours", "nearest_neighbors"),
    ("tfdl.interpret", "class_model_visualisation", "class_model_visualization"),
    ("tfdl.interpret", "nearest_neighbours", "nearest_neighbors"),
]


@pytest.mark.parametrize("module, old, new", RENAMED)
def test_old_names_are_deprecated_aliases(module, old, new):
    import importlib

    mod = importlib.import_module(module)
    with pytest.warns(DeprecationWarning, match=f"`{module}.{old}` is deprecated.*use `{new}`"):
        alias = getattr(mod, old)
    assert alias is getattr(mod, new)
    assert old not in mod.__all__ and new in mod.__all__
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        mod.nope  # noqa: B018


def test_padding_value_is_the_one_name_of_the_fill():
    from tfdl.functional import pad
    from tfdl.interpret import image_grid

    x = np.arange(1, 6)
    with pytest.warns(DeprecationWarning, match="`value` is deprecated.*`padding_value`"):
        old = pad(x, 2, "constant", value=7)
    np.testing.assert_array_equal(old, pad(x, 2, "constant", padding_value=7))
    np.testing.assert_array_equal(old, np.pad(x, 2, constant_values=7))
    with pytest.raises(ValueError, match="Pass `padding_value` only"):
        pad(x, 2, "constant", padding_value=1, value=7)
    tiles = np.zeros((2, 2, 2))
    with pytest.warns(DeprecationWarning, match="`pad_value` is deprecated"):
        old = image_grid(tiles, pad_value=-1)
    np.testing.assert_array_equal(old, image_grid(tiles, padding_value=-1))
    assert old.min() == -1


def test_padding_layers_take_padding_value_and_load_old_configs():
    from tfdl.layers.padding import Padding2D, pad_spatial

    x = np.ones((1, 2, 2, 1), "float32")
    layer = Padding2D(1, "constant", padding_value=3.0)
    config = layer.get_config()
    assert config["padding_value"] == 3.0 and "value" not in config
    expected = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), constant_values=3.0)
    np.testing.assert_array_equal(layer(x), expected)
    old_config = {**config, "value": 3.0}
    del old_config["padding_value"]
    with pytest.warns(DeprecationWarning):
        np.testing.assert_array_equal(Padding2D.from_config(old_config)(x), expected)
    with pytest.warns(DeprecationWarning):
        np.testing.assert_array_equal(pad_spatial(x, ((1, 1), (1, 1)), "constant", value=3.0),
                                      expected)


def test_embedding_figure_neighbours_keyword():
    from tfdl.viz import embedding_figure

    with pytest.warns(DeprecationWarning, match="`neighbours` is deprecated"):
        fig = embedding_figure(np.zeros((4, 2)), [0, 1, 0, 1], highlight=0, neighbours=[1])
    assert len(fig.axes) == 1
