"""tfdl.exercises: every generated answer against an independent computation (the Keras layer's
output shape and parameter count, the non-zero input gradient, numpy's argmax, the optimisers run
with Keras' own ``apply_gradients``), the same seed giving the same set, and the grading of typed
answers."""

import math

import numpy as np
import pytest

from tfdl import exercises as ex
from tfdl.errors import TfdlValueError


def _layer(code):
    import keras

    return eval("keras.layers." + code, {"keras": keras})


def _dims(text):
    return tuple(int(v) for v in text.split("×"))


@pytest.mark.parametrize("seed", range(8))
def test_conv_shape_answer_is_the_keras_layers_output_shape(seed):
    import keras

    q = ex.make_question("conv_shape", seed)
    p = q.params
    out = _layer(p["layer"])(keras.Input((p["h"], p["w"], p["c"])))
    assert q.answer == tuple(out.shape[1:])
    assert q.grade(" x ".join(map(str, out.shape[1:])))


@pytest.mark.parametrize("seed", range(10))
def test_param_count_answer_is_keras_count_params(seed):
    q = ex.make_question("param_count", seed)
    layer = _layer(q.params["layer"])
    layer.build((None, *_dims(q.params["input_shape"])))
    assert q.answer == layer.count_params()


@pytest.mark.parametrize("seed", range(5))
def test_receptive_field_answer_is_the_span_of_the_non_zero_input_gradient(seed):
    """All-ones kernels, no activation, average pooling for max pooling (same window, gradient to every
    cell of it): the input cells one output cell depends on have non-zero gradient, none cancels."""
    import keras
    import tensorflow as tf

    q = ex.make_question("receptive_field", seed)
    layers = []
    for code in q.params["layers"].split(" → "):
        layer = _layer(code.replace("MaxPooling2D", "AveragePooling2D"))
        if isinstance(layer, keras.layers.Conv2D):
            layer = _layer(code[:-1] + ', kernel_initializer="ones", use_bias=False)')
        layers.append(layer)
    model = keras.Sequential([keras.Input((96, 96, 1)), *layers])
    x = tf.Variable(np.random.default_rng(0).random((1, 96, 96, 1), dtype="float32"))
    with tf.GradientTape() as tape:
        y = model(x)
        cell = y[0, y.shape[1] // 2, y.shape[2] // 2, 0]
    cols = np.nonzero(np.abs(tape.gradient(cell, x).numpy()[0, :, :, 0]).sum(axis=0))[0]
    assert q.answer == cols.max() - cols.min() + 1


def test_receptive_field_of_the_course_stack():
    """The course's stack conv3 → pool2 → conv3 → pool2 sees 10 pixels (CURRICULUM §1)."""
    from tfdl.shapes import receptive_field

    assert receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)])[-1]["size"] == 10


@pytest.mark.parametrize("seed", range(6))
def test_greedy_answer_is_the_argmax_walk_through_the_table(seed):
    q = ex.make_question("greedy_decoding", seed)
    t = q.table
    probs = np.array(t["values"])
    prev, tokens = "<s>", []
    for _ in range(q.params["max_len"]):
        prev = t["columns"][int(np.argmax(probs[t["index"].index(prev)]))]
        tokens.append(prev)
        if prev == "</s>":
            break
    assert q.answer == tuple(tokens)
    assert q.grade(" ".join(tokens)) and q.grade("<s> " + ", ".join(tokens))
    if tokens[-1] == "</s>":
        assert q.grade(" ".join(tokens[:-1]))  # the final </s> may be left out
    else:
        assert not q.grade(" ".join(tokens) + " </s>")  # but not added where decoding ran out of steps


def _steps_to_target(name, lr, surface, target, steps):
    """Step at which the Keras optimiser's variable first has loss <= target (its own update_step)."""
    import tensorflow as tf

    from tfdl.trajectories import make_optimizer

    opt = make_optimizer(name, learning_rate=lr)
    w = tf.Variable(np.array(surface.start, dtype="float32"))
    for step in range(int(steps) + 1):
        with tf.GradientTape() as tape:
            loss = surface(w[0], w[1])
        if float(loss) <= target:
            return step
        opt.apply_gradients([(tape.gradient(loss, w), w)])
    return math.inf


@pytest.mark.parametrize("seed", [0])
def test_race_winner_is_first_when_the_optimisers_are_run_step_by_step(seed):
    from tfdl.surfaces import get_surface

    q = ex.make_question("optimizer_race", seed)
    surface = get_surface(q.params["surface"])
    target = surface.target(q.params["tol"])
    reached, cap = {}, q.params["steps"]
    for name, lr in q.params["learning_rates"].items():  # each runs only as long as the best so far
        reached[name] = _steps_to_target(name, lr, surface, target, cap)
        cap = min(cap, reached[name])
    assert min(reached, key=reached.get) == q.answer
    assert q.grade(q.answer.upper()) and set(q.choices) == set(reached)


def test_the_same_seed_gives_the_same_set_and_another_seed_another():
    kinds = ["conv_shape", "param_count", "receptive_field"]
    first = ex.question_set(kinds, 6, seed=42)
    assert first == ex.question_set(kinds, 6, seed=42)
    assert [q.kind for q in first] == kinds * 2
    assert [q.answer for q in first] != [q.answer for q in ex.question_set(kinds, 6, seed=43)]


def test_grading_accepts_equivalent_forms():
    q = ex.Question("conv_shape", 0, {}, (14, 14, 8), "shape", "", "")
    for form in ("14x14x8", "14×14×8", "(14, 14, 8)", "[14 14 8]", "14 X 14 X 8", "(None, 14, 14, 8)"):
        assert q.grade(form), form
    assert not q.grade("14x14") and not q.grade("8x14x14")
    n = ex.Question("param_count", 0, {}, 73856, "int", "", "")
    for form in ("73856", "73,856", "73 856", "73\u00a0856", "73_856", "73856.0", 73856):
        assert n.grade(form), form
    assert not n.grade("73,857") and ex.parse_int("1,234,567") == 1234567
    assert q.answer_text == "14×14×8" and n.answer_text == "73,856"


@pytest.mark.parametrize(
    "kind, text, code",
    [
        ("shape", "fourteen", "exercise_shape"),
        ("shape", "14x?x8", "exercise_shape"),
        ("int", "12a", "exercise_number"),
        ("int", "1.5", "exercise_number"),
        ("int", "7,85,6", "exercise_number"),
        ("choice", "Adamax", "one_of"),
        ("tokens", "   ", "exercise_empty"),
    ],
)
def test_unreadable_answers_raise_a_coded_error(kind, text, code):
    q = ex.Question("x", 0, {}, ("Adam" if kind == "choice" else 1), kind, "", "", choices=("SGD", "Adam"))
    with pytest.raises(TfdlValueError) as err:
        q.grade(text)
    assert err.value.code == code


def test_bad_arguments_raise_coded_errors():
    with pytest.raises(TfdlValueError, match="kind"):
        ex.make_question("nope")
    with pytest.raises(TfdlValueError) as err:
        ex.question_set(["conv_shape"], 0)
    assert err.value.code == "int_range"
