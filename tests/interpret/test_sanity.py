"""The model-randomisation sanity check (Adebayo et al., 2018): Spearman against scipy (or a hand
case), the cascade touches exactly the top layers of a copy, and a trained CNN's saliency changes."""

import keras
import numpy as np
import pytest

import tfdl.interpret as I
from tfdl.interpret.sanity import randomize_layers, randomized_layers, sanity_check, spearman


@pytest.fixture(scope="module")
def trained():
    from tfdl.data import load_digits

    model, _ = I.train_digits_cnn(8, epochs=1, seed=0)
    _, (x_test, _) = load_digits(size=8)
    return model, x_test[0]


def test_spearman_matches_scipy_or_a_hand_case():
    rng = np.random.default_rng(0)
    a = rng.normal(size=50)
    b = a + rng.normal(size=50)
    ties_a = np.r_[np.zeros(10), rng.integers(0, 4, 30)]  # many ties, as in a ReLU-clipped map
    ties_b = rng.integers(0, 3, 40)
    # hand case: ranks (1.5, 1.5, 3, 4) and (1, 2, 3, 4): cov 4.5/4, var 4.5/4 and 5/4 -> 4.5 / sqrt(4.5 * 5)
    assert spearman([0, 0, 1, 2], [1, 2, 3, 4]) == pytest.approx(4.5 / np.sqrt(4.5 * 5))
    assert spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1.0)
    assert np.isnan(spearman(np.ones(5), np.arange(5)))
    stats = pytest.importorskip("scipy.stats")
    for x, y in ((a, b), (ties_a, ties_b), (a.reshape(5, 10), np.exp(b).reshape(5, 10))):
        assert spearman(x, y) == pytest.approx(stats.spearmanr(np.ravel(x), np.ravel(y)).statistic, abs=1e-12)


def test_randomisation_touches_exactly_the_top_layers_of_a_copy():
    model = keras.Sequential(
        [
            keras.Input((6, 6, 1)),
            keras.layers.Conv2D(3, 3, name="c1", activation="relu"),
            keras.layers.Conv2D(4, 3, name="c2", activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(5, name="out", bias_initializer="ones"),
        ]
    )
    assert randomized_layers(model) == ["out", "c2", "c1"]
    original = [w.copy() for w in model.get_weights()]
    copy = keras.models.clone_model(model)
    copy.set_weights(original)
    randomize_layers(copy, ["out", "c2"], seed=1)
    for before, after in zip(model.get_weights(), original):
        np.testing.assert_array_equal(before, after)  # the original is untouched
    np.testing.assert_array_equal(copy.get_layer("c1").kernel.numpy(), model.get_layer("c1").kernel.numpy())
    np.testing.assert_array_equal(copy.get_layer("c1").bias.numpy(), model.get_layer("c1").bias.numpy())
    for name in ("out", "c2"):
        assert not np.array_equal(copy.get_layer(name).kernel.numpy(), model.get_layer(name).kernel.numpy())
    np.testing.assert_array_equal(copy.get_layer("out").bias.numpy(), np.ones(5))  # its own initializer: ones
    again = keras.models.clone_model(model)
    again.set_weights(original)
    randomize_layers(again, ["out", "c2"], seed=1)  # the seed fixes the new weights
    np.testing.assert_array_equal(again.get_layer("c2").kernel.numpy(), copy.get_layer("c2").kernel.numpy())


def test_trained_cnn_cascade(trained):
    model, x = trained
    before = [w.copy() for w in model.get_weights()]
    result = sanity_check(model, x, methods=("saliency", "guided_backprop", "grad_cam"), seed=0)
    for w0, w1 in zip(before, model.get_weights()):
        np.testing.assert_array_equal(w0, w1)  # the session's model is never changed
    assert result.layers == ["predictions", "fc", "conv2", "conv1"]
    steps = len(result.layers) + 1
    for method, maps in result.maps.items():
        assert maps.shape == (steps, 8, 8)
        assert result.correlations[method][0] == pytest.approx(1.0)
    np.testing.assert_allclose(result.maps["saliency"][0], I.saliency(model, x, result.class_index), rtol=1e-6)
    assert result.correlations["saliency"][-1] < 0.9  # fully random weights: another map
    assert not np.allclose(result.maps["saliency"][-1], result.maps["saliency"][0])
    with pytest.raises(ValueError, match="methods"):
        sanity_check(model, x, methods=("occlusion",))
