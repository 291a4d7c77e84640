"""tfdl.testing must pass good layers/models and catch broken ones with a useful message."""

import keras
import numpy as np
import pytest

from tfdl.testing import check_layer, check_model, random_inputs


# ---------------------------------------------------------------- layers used as specimens
@keras.saving.register_keras_serializable(package="tfdl_test")
class Scale(keras.layers.Layer):
    """y = x * w + b, per channel: a correct layer."""

    def __init__(self, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.offset = offset

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1],), initializer="ones")
        self.b = self.add_weight(name="b", shape=(input_shape[-1],), initializer="zeros")

    def call(self, x):
        return x * self.w + self.b + self.offset

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "offset": self.offset}


@keras.saving.register_keras_serializable(package="tfdl_test")
class ForgetsArgument(Scale):
    """get_config omits `factor`."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return super().call(x) * self.factor


@keras.saving.register_keras_serializable(package="tfdl_test")
class UnusedWeight(Scale):
    """Builds a weight that call never uses -> no gradient."""

    def build(self, input_shape):
        super().build(input_shape)
        self.ghost = self.add_weight(name="ghost", shape=(3,))

    def get_config(self):
        return super().get_config()


@keras.saving.register_keras_serializable(package="tfdl_test")
class WrongShape(Scale):
    """compute_output_shape lies about the last axis."""

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], 7)


@keras.saving.register_keras_serializable(package="tfdl_test")
class MakesNaN(Scale):
    def call(self, x):
        return keras.ops.log(x * 0.0 - 1.0) * self.w


class NotRegistered(Scale):
    pass


@keras.saving.register_keras_serializable(package="tfdl_test")
class TwoInTwoOut(keras.layers.Layer):
    """(q, v) -> (context, weights): attention-like, multiple inputs and outputs."""

    def build(self, input_shape):
        q_shape, v_shape = input_shape
        self.W = self.add_weight(name="W", shape=(q_shape[-1], v_shape[-1]))

    def call(self, inputs):
        q, v = inputs
        scores = keras.ops.einsum("bd,de,bte->bt", q, self.W, v)
        a = keras.ops.softmax(scores, axis=-1)
        return keras.ops.einsum("bt,bte->be", a, v), a

    def compute_output_shape(self, input_shape):
        q_shape, v_shape = input_shape
        return (q_shape[0], v_shape[-1]), (q_shape[0], v_shape[1])


@keras.saving.register_keras_serializable(package="tfdl_test")
class PositionalAttention(keras.layers.Layer):
    """call(query, values) with two positional tensors, like BahdanauAttention."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, query_shape, values_shape):
        self.W = self.add_weight(name="W", shape=(values_shape[-1], self.units))
        self.v = self.add_weight(name="v", shape=(self.units,))

    def call(self, query, values):
        h = keras.ops.tanh(keras.ops.einsum("btd,du->btu", values, self.W) + query[:, None, :1])
        a = keras.ops.softmax(keras.ops.einsum("btu,u->bt", h, self.v), axis=-1)
        return keras.ops.einsum("bt,btd->bd", a, values), a

    def compute_output_shape(self, query_shape, values_shape):
        return (query_shape[0], values_shape[-1]), (query_shape[0], values_shape[1])

    def get_config(self):
        return {**super().get_config(), "units": self.units}


# ------------------------------------------------------------------------------ good cases
def test_good_layer_passes_and_reports(tmp_path):
    r = check_layer(
        Scale(offset=1.0), (2, 3, 4), reference=lambda x: x + 1.0, tmp_path=tmp_path
    )
    assert r["output_shape"] == (2, 3, 4)
    assert set(r["grad_norms"]) == {"scale/w", "scale/b"}
    assert all(v > 0 for v in r["grad_norms"].values())


def test_keras_builtin_and_expected_shape():
    r = check_layer(keras.layers.Dense(3), (2, 4), expected_output_shape=(2, 3))
    assert r["output"].shape == (2, 3)
    with pytest.raises(AssertionError, match="expected"):
        check_layer(keras.layers.Dense(3), (2, 4), expected_output_shape=(2, 4), check_save=False)


def test_multi_input_multi_output():
    q, v = random_inputs([(2, 4), (2, 5, 6)])
    r = check_layer(TwoInTwoOut(), [q, v], expected_output_shape=((2, 6), (2, 5)))
    np.testing.assert_allclose(r["output"][1].sum(axis=-1), 1.0, rtol=1e-5)


def test_positional_multi_input():
    q, v = random_inputs([(2, 4), (2, 5, 6)])
    r = check_layer(PositionalAttention(), [q, v], unpack_inputs=True,
                    expected_output_shape=((2, 6), (2, 5)))
    assert set(r["grad_norms"]) == {"positional_attention/W", "positional_attention/v"}


def test_rnn_with_mask():
    x = random_inputs((2, 5, 3))
    rnn = keras.layers.SimpleRNN(4)
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)
    r = check_layer(rnn, x, call_kwargs={"mask": mask})
    # the masked sequence equals the same RNN run on its 3 unmasked steps
    np.testing.assert_allclose(r["output"][0], rnn(x[:1, :3])[0], rtol=1e-5, atol=1e-6)


def test_reference_mismatch_is_reported():
    with pytest.raises(AssertionError, match="numpy reference.*max \\|diff\\|"):
        check_layer(Scale(), (2, 3), reference=lambda x: x * 2.0, check_save=False)


# ----------------------------------------------------------------------------- broken layers
def test_catches_missing_config_argument():
    with pytest.raises(AssertionError, match="omits __init__ argument.*factor"):
        check_layer(ForgetsArgument(factor=3.0), (2, 3))


def test_catches_weight_without_gradient():
    with pytest.raises(AssertionError, match="ghost.*no gradient"):
        check_layer(UnusedWeight(), (2, 3), check_save=False)


def test_catches_wrong_compute_output_shape():
    with pytest.raises(AssertionError, match="compute_output_shape vs actual"):
        check_layer(WrongShape(), (2, 3))


def test_catches_nan():
    with pytest.raises(AssertionError, match="non-finite"):
        check_layer(MakesNaN(), (2, 3))


def test_catches_unregistered_class():
    with pytest.raises(AssertionError, match="not registered"):
        check_layer(NotRegistered(), (2, 3))


# ------------------------------------------------------------------------------------ models
def _two_output_model():
    inp = keras.Input((6,), name="x")
    h = keras.layers.Dense(5, activation="tanh", name="hidden")(inp)
    return keras.Model(
        inp,
        {"reg": keras.layers.Dense(1, name="reg")(h), "cls": keras.layers.Dense(3, name="cls")(h)},
    )


def test_check_model_multi_output(tmp_path):
    model = _two_output_model()
    r = check_model(model, (4, 6), tmp_path=tmp_path)
    assert r["outputs"]["reg"].shape == (4, 1) and r["outputs"]["cls"].shape == (4, 3)
    assert len(r["grad_norms"]) == 6


def test_check_model_compiled_fit():
    model = _two_output_model()
    model.compile(optimizer="sgd", loss={"reg": "mse", "cls": "mse"})
    x = random_inputs((4, 6))
    y = {"reg": np.zeros((4, 1), "float32"), "cls": np.zeros((4, 3), "float32")}
    r = check_model(model, x, y)
    assert np.isfinite(r["train_logs"]["loss"])


def test_check_model_catches_dead_branch():
    inp = keras.Input((4,))
    used = keras.layers.Dense(2, name="used")(inp)
    keras.layers.Dense(2, name="dead")(inp)  # built but not connected to the output
    dead = keras.layers.Dense(2, name="dead2")
    dead.build((None, 4))
    model = keras.Model(inp, used)
    model.dead2 = dead  # tracked weights that never reach the loss
    with pytest.raises(AssertionError, match="dead2"):
        check_model(model, (3, 4), check_save=False)
