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
    moved = [name for name, module in activations._MOVED.items() if module == first_principles.__name__]
    assert moved  # the experiments that lived in tfdl.activations before
    for name in moved:
        assert getattr(activations, name) is getattr(first_principles, name)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        activations.nope  # noqa: B018


@pytest.mark.parametrize("name", ["small", "xavier", "he"])
def test_every_layer_draws_its_own_weights(name):
    """A shared unseeded initialiser instance repeats its numbers in every layer of one shape
    (the "small" MLP had identical hidden kernels); the identifier gives each layer its own."""
    from tfdl.training import build_mlp

    model = build_mlp((8, 8, 8), "relu", initializer=name, seed=0)
    kernels = [w for w in model.weights if w.path.endswith("kernel") and tuple(w.shape) == (8, 8)]
    assert len(kernels) == 2
    first, second = (np.asarray(k) for k in kernels)
    assert not np.allclose(first, second)
    assert first.std() == pytest.approx(I.init_std(name, 8, 8), rel=0.5)


def test_identifier_builds_the_table_initializer():
    import keras

    ident = I.keras_initializer_identifier("small")
    init = keras.initializers.get(ident)
    assert isinstance(init, keras.initializers.RandomNormal) and init.stddev == 0.01
    assert isinstance(keras.initializers.get(I.keras_initializer_identifier("he")),
                      keras.initializers.HeNormal)
    assert I.keras_initializer_identifier("orthogonal") == "orthogonal"
    with pytest.raises(ValueError, match="`initializer` must be one of"):
        I.keras_initializer_identifier("nope")
