"""tfdl.interpret.digits_lab (the Inside page's computations) against independent references:
input shapes by hand, the conv layer feeding each feature map, maps equal to the single methods,
nearest neighbours by brute force in numpy, and a trained CNN that beats chance."""

import keras
import numpy as np
import pytest

from tfdl import interpret as I
from tfdl.errors import TfdlValueError


def cnn(size=8, seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((size, size, 1)),
        keras.layers.Conv2D(2, 3, name="conv1"),
        keras.layers.Activation("relu", name="conv1_act"),
        keras.layers.MaxPooling2D(name="pool1"),
        keras.layers.Conv2D(3, 2, name="conv2"),
        keras.layers.Flatten(),
        keras.layers.Dense(6, activation="relu", name="features"),
        keras.layers.Dense(10, activation="softmax", name="out"),
    ])


def mlp(shape=(8, 8, 1)):
    return keras.Sequential([keras.Input(shape), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])


def test_image_input_size_accepts_only_square_grey_images_of_at_least_min_size():
    assert I.image_input_size(cnn(8)) == 8
    assert I.image_input_size(mlp((16, 16, 1))) == 16
    assert I.image_input_size(mlp((8, 8, 3))) is None
    assert I.image_input_size(mlp((8, 6, 1))) is None
    assert I.image_input_size(mlp((4, 4, 1))) is None
    assert I.image_input_size(mlp((4, 4, 1)), min_size=4) == 4
    assert I.image_input_size("not a model") is None


def test_kernel_layer_for_is_the_conv_that_fed_the_maps():
    model = cnn()
    layers = I.feature_map_layers(model)
    expected = {"conv1": "conv1", "conv1_act": "conv1", "pool1": "conv1", "conv2": "conv2"}
    for layer, conv in expected.items():
        if layer in layers:
            assert I.kernel_layer_for(model, layer) == conv
    with pytest.raises(TfdlValueError) as err:
        I.kernel_layer_for(model, "out")
    assert err.value.code == "feature_map_layer"


def test_attribution_maps_are_the_single_methods_in_order():
    model = cnn()
    x = np.random.default_rng(0).random((8, 8, 1)).astype("float32")
    maps = I.attribution_maps(model, x, 3, mask_size=3, stride=2, noise_level=0.0, n_samples=2)
    assert list(maps) == list(I.ATTRIBUTION_METHODS)
    np.testing.assert_allclose(maps["saliency"], I.saliency(model, x, 3), rtol=1e-5, atol=1e-7)
    occlusion = I.occlusion_sensitivity(model, x, 3, mask_size=3, stride=2, per_pixel=True)
    np.testing.assert_allclose(maps["occlusion"], np.where(occlusion > 0, occlusion, 0), rtol=1e-5, atol=1e-7)
    assert all(m.shape == (8, 8) for m in maps.values())
    assert "grad_cam" not in I.attribution_maps(mlp(), x, 3, n_samples=1)  # no conv layer


def test_a_mask_larger_than_the_image_is_a_coded_error():
    with pytest.raises(TfdlValueError) as err:
        I.attribution_maps(mlp(), np.zeros((8, 8, 1), "float32"), 0, mask_size=20, n_samples=1)
    assert err.value.code == "occlusion_mask_size" and err.value.params["mask_size"] == 20
    assert "mask_size" in str(err.value)


def test_embedding_view_puts_the_query_first_and_finds_the_true_neighbours():
    model = cnn()
    rng = np.random.default_rng(1)
    shown, bank = rng.random((30, 8, 8, 1)).astype("float32"), rng.random((40, 8, 8, 1)).astype("float32")
    view = I.embedding_view(model, shown, bank, 7, n_points=12, k=4)
    assert view.chosen[0] == 7 and len(view.chosen) == 12 and len(set(view.chosen)) == 12
    assert set(view.chosen) == set(range(12))
    assert view.points.shape == (12, 2) and view.layer == "features"
    # brute force in numpy on the penultimate layer's outputs
    features = keras.Model(model.inputs, model.get_layer("features").output)
    zq = features.predict(shown[7:8], verbose=0)[0]
    distances = np.linalg.norm(features.predict(bank, verbose=0) - zq, axis=1)
    np.testing.assert_allclose(view.distances, np.sort(distances)[:4], rtol=1e-4, atol=1e-5)
    assert 0 not in view.near_in_map and len(view.near_in_map) == 4
    with pytest.raises(TfdlValueError):
        I.embedding_view(model, shown, bank, 30)
    with pytest.raises(TfdlValueError):
        I.embedding_view(model, shown, bank, 0, method="umap")


@pytest.mark.slow
def test_train_digits_cnn_beats_chance():
    model, accuracy = I.train_digits_cnn(8, epochs=2, seed=0)
    assert I.image_input_size(model) == 8
    assert 0.3 < accuracy <= 1.0  # chance is 0.1
