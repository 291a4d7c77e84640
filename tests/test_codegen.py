"""tfdl.codegen: the generated code runs and gives tfdl's (and the notes') numbers."""

import numpy as np
import pytest

from tfdl.codegen import POOL_FUNCTIONS, same_in_code
from tfdl.data import worked_examples as WE
from tfdl.errors import TfdlValueError


def _run(code: str):
    code = code.split("\nconv = layers.PaddedConv2D")[0].replace(", layers", "")
    scope = {}
    exec(code, scope)  # no Keras here: the numpy reference and the size check only (Keras: test_codegen_runs)
    return scope["y"]


@pytest.mark.parametrize("name", ["valid", "same", "stride2", "5x5"])
def test_conv_code_reproduces_the_worked_examples(name):
    ex = WE.CONVOLUTIONS[name]
    x = np.array(ex.x, float)[..., None]
    k = np.array(ex.kernel, float)[..., None, None]
    result = np.array(ex.result, float)
    code = same_in_code("conv", x.shape, k.shape, stride=ex.params.get("stride", 1),
                        padding=ex.params.get("padding", "valid"), output_shape=result.shape + (1,), x=x, kernel=k)
    np.testing.assert_array_equal(_run(code)[..., 0], result)
    assert f"print(y.shape)  # {result.shape + (1,)}" in code
    assert "layers.PaddedConv2D(1, (" in code


def test_conv_code_carries_the_constant_padding_value():
    x, k = np.ones((3, 3, 1)), np.ones((2, 2, 1, 1))
    code = same_in_code("conv", (3, 3, 1), (2, 2, 1, 1), padding=1, padding_mode="constant", padding_value=2.5,
                        x=x, kernel=k)
    assert code.count("padding_value=2.5") == 2
    y = _run(code)
    assert y[0, 0, 0] == 2.5 * 3 + 1  # corner window: three padding cells and one input cell


@pytest.mark.parametrize("name", list(WE.POOLINGS))
def test_pool_code_reproduces_the_worked_examples(name):
    ex = WE.POOLINGS[name]
    kind = ex.op.split("_")[0]
    x = np.array(ex.x, float)[..., None]
    code = same_in_code(kind, x.shape, (ex.params["pool_size"],) * 2, stride=ex.params["stride"], x=x)
    y = _run(code)[..., 0]
    np.testing.assert_allclose(np.round(y, ex.decimals) if ex.decimals else y, ex.result)


def test_stochastic_pool_code_has_its_seed_and_unknown_ops_fail():
    assert "seed=7" in same_in_code("stochastic", (4, 4, 1), (2, 2), seed=7)
    assert set(POOL_FUNCTIONS) == {"max", "avg", "weighted", "l2", "stochastic"}
    x = np.array(WE.POOLINGS["avg_3x3"].x, float)[..., None]  # σ = 1/√(2 ln 2): the notes' blur, /16
    code = same_in_code("weighted", x.shape, (3, 3), stride=1, sigma=1 / np.sqrt(2 * np.log(2)), x=x)
    assert "sigma=0.849322" in code and _run(code)[0, 0, 0] * 16 == pytest.approx(20, abs=1e-4)
    with pytest.raises(TfdlValueError, match="op='median'") as info:
        same_in_code("median", (4, 4, 1), (2, 2))
    assert info.value.code == "codegen_op"


def test_train_code_clips_gradients_as_the_page_does():
    """The Train page's gradient clipping (``train_clip``) is in the exported optimiser, and the optimiser
    the snippet builds has the page's ``global_clipnorm`` (0: none, as the page's ``make_optimizer``)."""
    import re

    import keras

    from tfdl.codegen import digits_code, train2d_code

    common = dict(n_samples=100, noise=0.1, train_ratio=0.5, features=("x1", "x2"), hidden=(4,), activation="tanh",
                  initializer="xavier", learning_rate=0.03, optimizer="sgd", l2=0.0, dropout=0.0,
                  dropout_form="inverted", norm="none", batch_size=10, epochs=2, seed=0)
    for code, clip in ((train2d_code("circle", clip=0.5, **common), 0.5), (train2d_code("circle", **common), None),
                       (digits_code("small_cnn", 8, epochs=1, learning_rate=0.01, batch_size=32, clip=5.0), 5.0)):
        compile(code, "<export>", "exec")
        expr = re.search(r"optimizer=(keras\.optimizers\.\w+\([^)]*\))", code).group(1)
        assert eval(expr, {"keras": keras}).global_clipnorm == clip  # the expression, as the snippet runs it
