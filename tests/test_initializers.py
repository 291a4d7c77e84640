"""tfdl.initializers: one table, read by the numpy draws and by the Keras initialisers."""

import numpy as np
import pytest

from tfdl import initializers as I


@pytest.mark.parametrize("name", ["small", "xavier", "he"])
def test_numpy_draws_and_keras_initializers_are_one_distribution(name):
    """Same std (the course's formula), same truncation (Keras' glorot/he_normal: |w| <= 2σ')."""
    fan_in, fan_out = 300, 200
    std = I.init_std(name, fan_in, fan_out)
    w_np = I.init_weights(name, fan_in, fan_out, seed=3)
    w_keras = np.asarray(I.keras_initializer(name, seed=3)((fan_in, fan_out)))
    for w in (w_np, w_keras):
        assert w.std() == pytest.approx(std, rel=0.03)
        assert abs(w.mean()) < 0.05 * std
    # the two tails agree: truncated at 2σ' = 2σ/0.8796 for xavier/he, untruncated for small
    bound = 2 * std / I.TRUNCATION_STD
    truncated = I.INITIALIZER_TABLE[name].distribution == "truncated_normal"
    assert (np.abs(w_np).max() <= bound) == truncated
    assert (np.abs(w_keras).max() <= bound + 1e-6) == truncated


def test_xavier_is_keras_glorot_normal_and_he_is_he_normal():
    import keras

    assert type(I.keras_initializer("xavier")) is keras.initializers.GlorotNormal
    assert type(I.keras_initializer("he")) is keras.initializers.HeNormal
    assert I.init_std("xavier", 30, 70) == pytest.approx(np.sqrt(2 / 100))
    assert I.init_std("he", 50, 7) == pytest.approx(np.sqrt(2 / 50))
    assert not I.init_weights("zeros", 3, 4).any()
    assert not np.asarray(I.keras_initializer("zeros")((3, 4))).any()


def test_keras_names_pass_through_and_bad_names_teach():
    import keras

    assert isinstance(I.keras_initializer("orthogonal"), keras.initializers.Orthogonal)
    with pytest.raises(ValueError, match=r"`initializer` must be one of .* Received: initializer='nope'"):
        I.keras_initializer("nope")
    with pytest.raises(ValueError, match=r"`name` must be one of .* Received: name='nope'"):
        I.init_std("nope", 2, 2)


def test_training_and_old_paths_read_the_one_table():
    from tfdl import activations, training
    from tfdl.experiments import first_principles

    assert training.MLP_INITIALIZERS is I.INITIALIZERS
    for name in ("INITIALIZERS", "init_std", "init_weights", "init_statistics"):
        assert getattr(activations, name) is getattr(I, name)
    for name in first_principles.__all__:
        assert getattr(activations, name) is getattr(first_principles, name)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        activations.nope  # noqa: B018
