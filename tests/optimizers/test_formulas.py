"""Each optimiser's LaTeX formula (one source for the docstring and the playground) and the
decay → schedule mapping, checked against Keras' own schedules and numpy."""

import re

import keras
import numpy as np
import pytest

import tfdl.optimizers as O
from tfdl.errors import TfdlValueError

CLASSES = [O.SGD, O.Momentum, O.Nesterov, O.Adagrad, O.RMSProp, O.Adam]
# the course's symbols for each optimiser's hyperparameters (notes 001/002), written independently
COURSE_SYMBOLS = {
    "SGD": [r"\eta"],
    "Momentum": [r"\eta", r"\alpha", r"\gamma", "h", r"\nu"],
    "Nesterov": [r"\eta", r"\alpha", "h", r"\nabla Q(w - \alpha h)"],
    "Adagrad": [r"\eta", r"\varepsilon", "G", "g^2"],
    "RMSProp": [r"\eta", r"\rho", r"\varepsilon", "G", "g^2"],
    "Adam": [r"\eta", r"\beta_1", r"\beta_2", r"\varepsilon", r"\beta_1^t", r"\beta_2^t"],
}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_optimiser_has_its_latex_formula_naming_its_symbols(cls):
    formula = cls.formula
    assert formula and r"\leftarrow" in formula
    for symbol in COURSE_SYMBOLS[cls.__name__]:
        assert symbol in formula, (cls.__name__, symbol)
    for arg, symbol in cls.symbols.items():
        assert symbol in formula, (cls.__name__, arg, symbol)
    # every declared hyperparameter has a symbol (the constructor's numeric arguments)
    assert {"learning_rate"} <= set(cls.symbols)
    for name in cls.hyper_names:
        if name in ("momentum",) and cls is O.SGD:
            continue  # SGD's momentum is Keras' argument; the formula is plain SGD's
        if name == "momentum" and cls is O.RMSProp:
            continue  # Keras' option, off by default
        assert name in cls.symbols, (cls.__name__, name)
    # braces and \begin/\end balance (it renders)
    assert formula.count("{") == formula.count("}")
    assert formula.count(r"\begin{aligned}") == formula.count(r"\end{aligned}")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_docstring_shows_the_same_formula(cls):
    assert cls.formula in cls.__doc__
    assert "{formula}" not in cls.__doc__


def test_a_subclass_without_a_formula_keeps_its_docstring():
    class Mine(O.SGD):
        """My rule: {formula} stays."""

    assert Mine.__doc__ == "My rule: {formula} stays." and Mine.formula == O.SGD.formula


def _values(schedule, steps):
    return np.array([float(schedule(t)) for t in steps])


STEPS = [0, 1, 2, 5, 9, 10, 11, 99, 100, 101, 250]


def test_inverse_time_matches_keras_inverse_time_decay():
    ours = O.decay_schedule("inverse_time", 0.2, decay_rate=0.05)
    keras_s = keras.optimizers.schedules.InverseTimeDecay(0.2, decay_steps=1, decay_rate=0.05)
    np.testing.assert_allclose(_values(ours, STEPS), _values(keras_s, STEPS), rtol=1e-6)


def test_step_decay_matches_keras_staircase_exponential_decay():
    ours = O.decay_schedule("step", 0.1, drop=0.5, step_size=10)
    keras_s = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    np.testing.assert_allclose(_values(ours, STEPS), _values(keras_s, STEPS), rtol=1e-6)


def test_inverse_sqrt_matches_numpy():
    ours = O.decay_schedule("inverse_sqrt", 0.3)
    np.testing.assert_allclose(_values(ours, STEPS), 0.3 / np.sqrt(np.array(STEPS) + 1.0), rtol=1e-6)


def test_none_is_the_constant_learning_rate_and_ignores_the_others():
    assert O.decay_schedule("none", 0.05, decay_rate=3.0, drop=0.1, step_size=7) == 0.05
    assert O.DECAYS == ("none", "inverse_time", "inverse_sqrt", "step")


def test_an_unknown_decay_names_the_argument_and_value():
    with pytest.raises(TfdlValueError, match=re.escape("decay='cosine'")) as info:
        O.decay_schedule("cosine", 0.1)
    assert info.value.code == "decay_unknown" and info.value.params["value"] == "cosine"
    with pytest.raises(ValueError, match="step_size"):
        O.decay_schedule("step", 0.1, step_size=0)


def test_the_schedule_drives_an_optimiser():
    opt = O.SGD(O.decay_schedule("inverse_time", 0.1, decay_rate=1.0))
    w = keras.Variable(np.ones(1, "float32"))
    for _ in range(2):
        opt.apply_gradients([(np.ones(1, "float32"), w)])
    # steps of 0.1 and 0.1 / 2
    np.testing.assert_allclose(w.numpy(), [1 - 0.1 - 0.05], rtol=1e-6)
