"""The Activations page's library helpers against independent references: the formulas table,
the softplus-as-sigmoids gap, maxout, the initialiser tables and the experiments' budgets."""

import math

import numpy as np
import pytest

import tfdl.activations as A
from tfdl.errors import TfdlValueError
from tfdl.experiments.activation_lab import EXPERIMENTS, experiment_arguments
from tfdl.initializers import init_statistics, init_statistics_table, last_layer_statistics


def test_every_activation_has_its_formulas():
    assert set(A.FORMULAS) == set(A.ACTIVATIONS)
    assert A.FORMULAS["relu"] == ("max(0, x)", "1[x > 0]")


def _softplus_reference(x):
    return np.log1p(np.exp(x))


def _sigmoid_reference(x):
    return 1.0 / (1.0 + np.exp(-x))


@pytest.mark.parametrize("n", [1, 3, 10, 30])
def test_softplus_sum_gap_matches_a_direct_sum(n):
    x = np.linspace(-4.0, n - 2.0, 200)
    total = sum(_sigmoid_reference(x + 0.5 - i) for i in range(1, n + 1))
    expected = np.max(np.abs(total - _softplus_reference(x)))
    assert A.softplus_sum_gap(n) == pytest.approx(expected, rel=1e-9)


def test_softplus_sum_gap_empty_range_and_bad_terms():
    assert math.isnan(A.softplus_sum_gap(1, x_min=0.0))
    with pytest.raises(ValueError, match="n_terms"):
        A.softplus_sum_gap(0)


def test_maxout_is_the_upper_envelope_of_its_lines():
    x = np.array([-2.0, 0.0, 3.0])
    z, h = A.maxout(x, [1.0, -1.0, 0.0], [0.0, 0.0, 0.5])
    assert z.tolist() == [[-2.0, 2.0, 0.5], [0.0, 0.0, 0.5], [3.0, -3.0, 0.5]]
    assert h.tolist() == [2.0, 0.5, 3.0]  # |x| floored at 0.5, by hand
    xs = np.linspace(-3, 3, 61)
    _, hs = A.maxout(xs, *A.random_maxout_pieces(4))
    assert np.all(np.diff(hs, 2) >= -1e-12)  # convex
    with pytest.raises(ValueError, match="weights"):
        A.maxout(xs, [1.0, 2.0], [0.0])


def test_random_maxout_pieces_are_the_normal_draws_of_their_seed():
    rng = np.random.default_rng(3)
    w, b = A.random_maxout_pieces(3)
    np.testing.assert_array_equal(w, rng.normal(0, 1, 3))
    np.testing.assert_array_equal(b, rng.normal(0, 1, 3))
    with pytest.raises(ValueError, match="pieces"):
        A.random_maxout_pieces(0)


def test_init_statistics_table_stacks_the_single_tables_and_keeps_the_last_layers():
    table = init_statistics_table(["zeros", "he"], "tanh", depth=3, width=8, n_samples=16)
    he = init_statistics("he", "tanh", depth=3, width=8, n_samples=16)
    assert table.shape == (6, he.shape[1])
    np.testing.assert_allclose(table.iloc[3:]["std"].to_numpy(), he["std"].to_numpy())
    last = last_layer_statistics(table)
    assert last["initializer"].tolist() == ["zeros", "he"]
    assert last.loc[1, "std"] == pytest.approx(he["std"].iloc[-1])
    assert last.loc[0, "unit_spread"] == 0.0  # zeros: every unit the same
    with pytest.raises(TfdlValueError) as err:
        init_statistics_table([])
    assert err.value.code == "init_names"


def test_experiment_budgets():
    assert experiment_arguments("relu_vs_tanh", 7) == ("relu_vs_tanh", {"max_epochs": 7, "learning_rate": 0.01})
    assert experiment_arguments("plain_vs_residual", 1)[1]["epochs"] == 1
    assert experiment_arguments("plain_vs_residual", 9)[1] == {"depths": (2, 16), "epochs": 4}
    assert experiment_arguments("regularization", 3) == ("regularization_effects", {"epochs": 3})
    assert experiment_arguments("initialization", 3) == ("initialization_effect", {"epochs": 3})
    assert len(EXPERIMENTS) == 4
    with pytest.raises(TfdlValueError, match="name"):
        experiment_arguments("nope", 3)
    with pytest.raises(TfdlValueError, match="epochs"):
        experiment_arguments("initialization", 0)


def test_activation_figures_take_their_texts():
    import pandas as pd

    from tfdl.viz.activations import activation_curves_figure, init_statistics_figure, softplus_sum_figure

    fig = softplus_sum_figure(3, texts={"sum": "Σ {n} сигмоид"})
    assert "Σ 3 сигмоид" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Σ of 3 sigmoids" in [t.get_text() for t in softplus_sum_figure(3).axes[0].get_legend().get_texts()]
    table = pd.DataFrame({"layer": [1, 2], "std": [1.0, 0.5], "grad_std": [0.1, 0.2], "initializer": ["he"] * 2})
    fig = init_statistics_figure(table, texts={"layer": "слой", "std": "std активаций"})
    assert fig.axes[0].get_xlabel() == "слой" and fig.axes[0].get_title() == "std активаций"
    assert fig.axes[1].get_title() == "std of ∂L/∂W"
    with pytest.raises(TfdlValueError) as err:
        activation_curves_figure(["relu"], 1.0, -1.0)
    assert err.value.code == "curve_range" and err.value.params == {"x_min": 1.0, "x_max": -1.0}
