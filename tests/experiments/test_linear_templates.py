"""Softmax regression on the digits: its templates are the Dense kernel's columns as images."""

import numpy as np
import pytest

from tfdl.errors import TfdlValueError
from tfdl.experiments.linear_templates import (
    class_templates,
    linear_classifier_cost,
    linear_classifier_model,
    train_linear_classifier,
)

L2 = 1e-3


@pytest.fixture(scope="module")
def trained():
    return train_linear_classifier(8, epochs=3, l2=L2, seed=0)


def test_templates_are_the_dense_kernel_columns_reshaped_and_score_the_image(trained):
    from tfdl.data import load_digits

    kernel = np.asarray(trained.model.get_layer("templates").kernel)
    assert kernel.shape == (64, 10) and trained.templates.shape == (10, 8, 8)
    for k in range(10):
        for i in range(8):
            for j in range(8):
                assert trained.templates[k, i, j] == kernel[i * 8 + j, k]
    np.testing.assert_array_equal(class_templates(trained.model), trained.templates)
    # the score of class k is the image matched against template k: softmax(Σ template_k ⊙ image + b_k)
    _, (x_test, _) = load_digits(size=8)
    scores = np.einsum("nij,kij->nk", x_test[:20, :, :, 0], trained.templates) + trained.bias
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    np.testing.assert_allclose(trained.model.predict(x_test[:20], verbose=0), p / p.sum(1, keepdims=True), atol=1e-5)


def test_training_loss_equals_numpy_softmax_cross_entropy_of_the_same_weights(trained):
    from tfdl.data import load_digits

    (x, y), _ = load_digits(size=8)
    W = np.asarray(trained.model.get_layer("templates").kernel, dtype="float64")
    z = x.reshape(len(x), -1).astype("float64") @ W + trained.bias
    z -= z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    cross_entropy = -log_p[np.arange(len(y)), y].mean()
    assert trained.train_loss == pytest.approx(cross_entropy + L2 * np.sum(W**2), rel=1e-4)


def test_accuracy_is_far_above_chance(trained):
    assert trained.test_accuracy > 0.6  # chance: 0.1
    assert list(trained.history["epoch"]) == [1, 2, 3]


def test_errors_and_cost():
    import keras

    two = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    with pytest.raises(TfdlValueError) as info:
        class_templates(two)
    assert info.value.code == "templates_one_dense"
    with pytest.raises(TfdlValueError) as info:
        class_templates(keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)]))
    assert info.value.code == "templates_square"
    with pytest.raises(ValueError, match="size"):
        linear_classifier_model(4)
    with pytest.raises(ValueError, match="l2"):
        train_linear_classifier(8, l2=-1.0)
    assert linear_classifier_model(16).count_params() == 16 * 16 * 10 + 10
    assert linear_classifier_cost(8, epochs=2).steps == 2 * -(-1437 // 64)
