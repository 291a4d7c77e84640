"""build_mlp / build_small_cnn: one name for the class count (``num_classes``, alias
``classes``), and float32 probabilities under mixed precision like the registered builders."""

import keras
import numpy as np
import pytest

from tfdl.models import build_mlp, build_small_cnn


@pytest.fixture
def mixed_float16():
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_float16")
    yield
    keras.mixed_precision.set_global_policy(previous)


@pytest.mark.parametrize("build,x", [
    (lambda **kw: build_mlp((4,), **kw), np.zeros((2, 2), "float32")),
    (lambda **kw: build_small_cnn((8, 8, 1), filters=(4,), dense_units=8, **kw),
     np.zeros((2, 8, 8, 1), "float32")),
], ids=["mlp", "small_cnn"])
def test_num_classes_and_its_alias(build, x):
    assert build(num_classes=3)(x).shape == (2, 3)
    assert build(classes=4)(x).shape == (2, 4)
    with pytest.raises(ValueError, match="must agree.*num_classes=3, classes=4"):
        build(num_classes=3, classes=4)
    with pytest.raises(ValueError, match="`num_classes` must be an integer >= 2. Received: num_classes=1"):
        build(num_classes=1)


def test_outputs_are_float32_under_mixed_precision(mixed_float16):
    for model, x in ((build_mlp((4,)), np.ones((2, 2), "float32")),
                     (build_small_cnn((8, 8, 1), filters=(4,), dense_units=8),
                      np.ones((2, 8, 8, 1), "float32"))):
        y = model(x)
        assert y.dtype == "float32"
        np.testing.assert_allclose(np.sum(np.asarray(y), axis=1), 1.0, rtol=1e-6)
        assert model.layers[-2].compute_dtype == "float16"
