"""tfdl.experiments.training: small re-runs of training claims, tiny settings (each a few seconds)."""

import numpy as np
import pandas as pd
import pytest

from tfdl.experiments import initialization_effect, plain_vs_residual, regularization_effects, relu_vs_tanh


@pytest.mark.slow
def test_relu_vs_tanh_table():
    table = relu_vs_tanh(max_epochs=4, learning_rate=0.05, target_error=0.5)
    assert isinstance(table, pd.DataFrame)
    assert table["activation"].tolist() == ["relu", "tanh"]
    assert {"epochs_to_target", "seconds_to_target", "final_train_error", "epochs_ratio"} <= set(table.columns)
    # both reach 50% training error on digits within 4 epochs at this step size
    assert table["epochs_to_target"].between(1, 4).all()
    np.testing.assert_allclose(table["epochs_ratio"], table["epochs_to_target"] / table["epochs_to_target"].iloc[0])
    assert (table["final_train_error"] <= 0.5).all()  # stopped as soon as the target was met


@pytest.mark.slow
def test_plain_vs_residual_degradation_shows():
    table = plain_vs_residual(depths=(10,), epochs=3, width=32, batch_size=32)
    assert table[["depth", "kind"]].values.tolist() == [[10, "plain"], [10, "residual"]]
    plain, residual = table["train_error"]
    # a 10-block plain MLP trains clearly worse than the same depth with identity shortcuts
    assert residual < plain - 0.05
    assert table["train_error"].between(0, 1).all()


def test_regularization_effects_table():
    table = regularization_effects(settings=("none", "dropout"), n_train=150, epochs=3)
    assert table["setting"].tolist() == ["none", "dropout"]
    np.testing.assert_allclose(table["gap"], table["train_accuracy"] - table["test_accuracy"])
    assert (table["test_accuracy"] > 0.3).all()  # better than chance (0.1) already
    with pytest.raises(ValueError, match="settings"):
        regularization_effects(settings=("cutout",))


def test_initialization_effect_zero_init_never_breaks_symmetry():
    table = initialization_effect(initializers=("zeros", "he"), depth=3, width=16, epochs=2)
    zeros, he = table.set_index("initializer").loc["zeros"], table.set_index("initializer").loc["he"]
    assert zeros["distinct_units"] == 1 and he["distinct_units"] == 16
    assert zeros["test_accuracy"] < 0.2 < he["test_accuracy"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="target_error"):
        relu_vs_tanh(target_error=1.5)
    with pytest.raises(ValueError, match="architecture"):
        plain_vs_residual(architecture="vit")
