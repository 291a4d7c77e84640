"""tfdl.optimizers against Keras built-ins (where the formulas coincide) and numpy transcriptions."""

import copy

import numpy as np
import pytest

keras = pytest.importorskip("keras")
import tfdl
from tfdl.optimizers import (
    SGD,
    Adagrad,
    Adam,
    InverseSqrtDecay,
    InverseTimeDecay,
    Momentum,
    Nesterov,
    RMSProp,
    StepDecay,
)

STEPS = 200
F = np.float32


# ---------------------------------------------------------------- agreement with Keras built-ins
def _small_model():
    keras.utils.set_random_seed(1)
    return keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(6, activation="tanh", dtype="float64"),
        keras.layers.Dense(3, dtype="float64"),
    ])


def _train(optimizer, steps=STEPS):
    """Full-batch steps of a random small model, weights in float64; returns final weights."""
    import tensorflow as tf

    model = _small_model()
    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(32, 4)))
    y = tf.constant(rng.normal(size=(32, 3)))

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for _ in range(steps):
        step()
    return [v.numpy() for v in model.trainable_variables], [v.numpy() for v in _small_model().trainable_variables]


KERAS_TWINS = {
    "sgd": (lambda: SGD(0.05), lambda: keras.optimizers.SGD(0.05)),
    "momentum-classic": (lambda: Momentum(0.02, momentum=0.9),
                         lambda: keras.optimizers.SGD(0.02, momentum=0.9)),
    "nesterov-classic": (lambda: Nesterov(0.02, momentum=0.9),
                         lambda: keras.optimizers.SGD(0.02, momentum=0.9, nesterov=True)),
    "rmsprop": (lambda: RMSProp(0.003, rho=0.9, epsilon=1e-7),
                lambda: keras.optimizers.RMSprop(0.003, rho=0.9, epsilon=1e-7)),
    # Keras adds ε to √v, the paper to √v̂: equal when ε is negligible. Keras also rounds β to
    # float32 inside βᵗ, so use β's that float32 represents exactly (0.875, 1 − 2⁻¹⁰).
    "adam": (lambda: Adam(0.003, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-12),
             lambda: keras.optimizers.Adam(0.003, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-12)),
    # Same place for ε (inside the root); Keras starts G at 0.1, so start ours there too.
    "adagrad": (lambda: Adagrad(0.05, initial_accumulator_value=0.1),
                lambda: keras.optimizers.Adagrad(0.05, initial_accumulator_value=0.1, epsilon=1e-7)),
    # Keras' arguments (issue 11)
    "sgd-momentum": (lambda: SGD(0.02, momentum=0.9),
                     lambda: keras.optimizers.SGD(0.02, momentum=0.9)),
    "sgd-nesterov": (lambda: SGD(0.02, momentum=0.9, nesterov=True),
                     lambda: keras.optimizers.SGD(0.02, momentum=0.9, nesterov=True)),
    "rmsprop-momentum": (lambda: RMSProp(0.001, rho=0.8, momentum=0.5),
                         lambda: keras.optimizers.RMSprop(0.001, rho=0.8, momentum=0.5)),
    "rmsprop-centered": (lambda: RMSProp(0.003, centered=True),
                         lambda: keras.optimizers.RMSprop(0.003, centered=True)),
    "rmsprop-momentum-centered": (
        lambda: RMSProp(0.001, momentum=0.5, centered=True),
        lambda: keras.optimizers.RMSprop(0.001, momentum=0.5, centered=True)),
    "adam-amsgrad": (
        lambda: Adam(0.003, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-12, amsgrad=True),
        lambda: keras.optimizers.Adam(0.003, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-12,
                                      amsgrad=True)),
}


@pytest.mark.parametrize("case", list(KERAS_TWINS))
def test_agrees_with_keras_builtin_over_200_steps(case):
    ours, theirs = KERAS_TWINS[case]
    w_ours, w0 = _train(ours())
    w_keras, _ = _train(theirs())
    for a, b, init in zip(w_ours, w_keras, w0):
        assert not np.allclose(a, init), "training did not move the weights"
        assert np.linalg.norm(a - b) <= 1e-6 * np.linalg.norm(b)


# ---------------------------------------------------------------- numpy transcriptions
A = np.array([1.0, 4.0, 0.5])


def _grad(w):
    """∇ of L(w) = Σ a·w² + sin(w) (non-quadratic, so the gradient point matters)."""
    return 2 * A * w + np.cos(w)


def _step_keras(optimizer, steps=60, w0=(1.0, -2.0, 0.5)):
    """Step a Keras optimizer on L with numpy gradients at the stored weights; return the path."""
    var = keras.Variable(np.array(w0), dtype="float64")
    path = []
    for _ in range(steps):
        g = _grad(var.numpy())
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        path.append(var.numpy().copy())
    return np.array(path)


def f32(x):
    """Keras keeps a float learning rate in a float32 variable: use the same number."""
    return float(np.float32(x))


def _np_sgd(eta_t, steps=60, w0=(1.0, -2.0, 0.5)):
    w, path = np.array(w0), []
    for t in range(steps):
        w = w - eta_t(t) * _grad(w)
        path.append(w.copy())
    return np.array(path)


def test_momentum_ema_matches_numpy():
    eta, gamma = f32(0.05), 0.8
    w, nu, ref = np.array([1.0, -2.0, 0.5]), np.zeros(3), []
    for _ in range(60):
        nu = gamma * nu + (1 - gamma) * _grad(w)
        w = w - eta * nu
        ref.append(w.copy())
    np.testing.assert_allclose(_step_keras(Momentum(0.05, momentum=gamma, form="ema")), ref, rtol=1e-10)


@pytest.mark.parametrize("form", ["classic", "ema"])
def test_nesterov_matches_lookahead_formula(form):
    """The course's rule takes the gradient at w − αh; Keras stores that look-ahead point."""
    eta, alpha = f32(0.03), 0.9
    w, h, ref = np.array([1.0, -2.0, 0.5]), np.zeros(3), []
    for _ in range(60):
        if form == "classic":
            h = alpha * h + eta * _grad(w - alpha * h)
            w = w - h
            ref.append(w - alpha * h)
        else:  # ν = γν + (1−γ)∇L(w − ηγν); w −= ην  (h := ην)
            nu = h
            nu = alpha * nu + (1 - alpha) * _grad(w - eta * alpha * nu)
            w = w - eta * nu
            h = nu
            ref.append(w - eta * alpha * nu)
    # the look-ahead reformulation reorders float64 arithmetic: agree to rounding
    path = _step_keras(Nesterov(0.03, momentum=alpha, form=form))
    np.testing.assert_allclose(path, ref, rtol=1e-9, atol=1e-12)


def test_adagrad_from_zero_matches_numpy():
    eta, eps = f32(0.3), 1e-7
    w, G, ref = np.array([1.0, -2.0, 0.5]), np.zeros(3), []
    for _ in range(60):
        g = _grad(w)
        G = G + g ** 2
        w = w - eta * g / np.sqrt(G + eps)
        ref.append(w.copy())
    np.testing.assert_allclose(_step_keras(Adagrad(0.3, epsilon=eps)), ref, rtol=1e-10)


def test_adam_matches_paper_algorithm():
    eta, b1, b2, eps = f32(0.05), 0.9, 0.999, 1e-7
    w, m, v, ref = np.array([1.0, -2.0, 0.5]), np.zeros(3), np.zeros(3), []
    for t in range(1, 61):
        g = _grad(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        w = w - eta * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        ref.append(w.copy())
    np.testing.assert_allclose(_step_keras(Adam(0.05, epsilon=eps)), ref, rtol=1e-9)


def test_adagrad_with_keras_defaults():
    """Keras' adagrad_test single step (Keras' numbers), Keras' G₀ = 0.1 passed explicitly."""
    opt = Adagrad(learning_rate=0.5, initial_accumulator_value=0.1)
    var = keras.Variable([1.0, 2.0, 3.0, 4.0])
    opt.apply_gradients([(keras.ops.array([1.0, 6.0, 7.0, 2.0]), var)])
    np.testing.assert_allclose(var.numpy(), [0.5233, 1.5007, 2.5005, 3.5061], rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("schedule, eta_t", [
    # η_t is computed in float32 (like every Keras schedule): transcribe it in float32 too
    (InverseTimeDecay(0.2, decay_rate=0.5), lambda t: F(0.2) / (F(1) + F(0.5) * F(t))),
    (InverseSqrtDecay(0.2), lambda t: F(0.2) / np.sqrt(F(t) + F(1))),
    (StepDecay(0.2, drop=0.5, step_size=7), lambda t: F(0.2) * F(0.5) ** F(t // 7)),
])
def test_sgd_decay_schedules_match_numpy(schedule, eta_t):
    for t in (0, 1, 6, 7, 30):
        assert float(schedule(t)) == pytest.approx(float(eta_t(t)), rel=1e-7)
    np.testing.assert_allclose(_step_keras(SGD(schedule)), _np_sgd(lambda t: float(eta_t(t))),
                               rtol=1e-7, atol=1e-12)


def test_schedules_plug_into_keras_optimizers():
    opt = keras.optimizers.Adam(InverseTimeDecay(0.1, 1.0))
    restored = keras.optimizers.deserialize(keras.optimizers.serialize(opt))
    assert isinstance(restored._learning_rate, InverseTimeDecay)
    assert float(restored._learning_rate(3)) == pytest.approx(0.025)


# ---------------------------------------------------------------- Keras plumbing
ALL = [
    lambda: SGD(0.1),
    lambda: SGD(StepDecay(0.1, drop=0.5, step_size=3)),
    lambda: Momentum(0.01, momentum=0.8, form="ema"),
    lambda: Nesterov(0.01, momentum=0.7),
    lambda: Adagrad(0.1, epsilon=1e-6, initial_accumulator_value=0.2),
    lambda: RMSProp(0.01, rho=0.8, epsilon=1e-6),
    lambda: Adam(0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6),
    lambda: SGD(0.1, momentum=0.5, nesterov=True),
    lambda: Momentum(0.01, momentum=1.0),
    lambda: RMSProp(0.01, momentum=0.3, centered=True),
    lambda: Adam(0.01, amsgrad=True),
]


@pytest.mark.parametrize("make, keys", [
    (lambda: SGD(0.1, momentum=0.5, nesterov=True), {"momentum": 0.5, "nesterov": True}),
    (lambda: RMSProp(momentum=0.3, centered=True), {"momentum": 0.3, "centered": True}),
    (lambda: Adam(amsgrad=True), {"amsgrad": True}),
])
def test_config_holds_keras_arguments(make, keys):
    config = make().get_config()
    assert {k: config[k] for k in keys} == keys


def test_momentum_accepts_what_keras_sgd_accepts():
    """Keras' SGD takes momentum in [0, 1] (both ends); so do Momentum, Nesterov and SGD."""
    for value in (0.0, 1.0, 0.5):
        keras.optimizers.SGD(momentum=value)
        for cls in (Momentum, Nesterov, SGD):
            assert cls(0.1, momentum=value).momentum == value
    with pytest.raises(ValueError, match=r"`momentum` must be a float between \[0, 1\]\. "
                                         r"Received: momentum=1\.01"):
        Momentum(0.1, momentum=1.01)


@pytest.mark.parametrize("make", ALL)
def test_config_round_trip(make):
    opt = make()
    config = opt.get_config()
    clone = type(opt).from_config(copy.deepcopy(config))  # Keras' from_config edits its input
    assert clone.get_config() == config
    restored = keras.optimizers.deserialize(keras.optimizers.serialize(opt))
    assert type(restored) is type(opt) and restored.get_config() == config


@pytest.mark.parametrize("make", ALL)
def test_compiled_model_saves_and_loads_optimizer(make, tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(make(), "mse")
    x, y = np.random.rand(16, 3).astype("float32"), np.random.rand(16, 2).astype("float32")
    model.fit(x, y, epochs=1, verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert type(loaded.optimizer) is type(model.optimizer)
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy())
    # training continues identically from the restored state
    model.fit(x, y, epochs=1, verbose=0, shuffle=False)
    loaded.fit(x, y, epochs=1, verbose=0, shuffle=False)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("make, message", [
    (lambda: Momentum(0.1, momentum=1.5), "momentum"),
    (lambda: Momentum(0.1, momentum=-0.1), "momentum"),
    (lambda: SGD(0.1, momentum="high"), "momentum"),
    (lambda: SGD(0.1, momentum=0.9, nesterov="yes"), "nesterov"),
    (lambda: RMSProp(momentum=2.0), "momentum"),
    (lambda: RMSProp(centered=1), "centered"),
    (lambda: Adam(amsgrad="no"), "amsgrad"),
    (lambda: Momentum(0.1, form="heavy"), "form"),
    (lambda: SGD(-0.1), "learning_rate"),
    (lambda: Adam(beta_1=1.2), "beta_1"),
    (lambda: RMSProp(epsilon=0), "epsilon"),
    (lambda: StepDecay(0.1, step_size=0), "step_size"),
])
def test_bad_hyperparameters_raise_teaching_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_exported_names():
    for name in ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSProp", "Adam"]:
        cls = getattr(tfdl.optimizers, name)
        assert issubclass(cls, keras.optimizers.Optimizer)
        assert cls.__doc__ and "Reference" in cls.__doc__


# ---------------------------------------------------------------- real training
CNN_SETTINGS = {
    "SGD": {"learning_rate": 0.2},
    "Momentum": {"learning_rate": 0.02},
    "Nesterov": {"learning_rate": 0.02},
    "Adagrad": {"learning_rate": 0.05},
    "RMSProp": {"learning_rate": 0.002},
    "Adam": {"learning_rate": 0.004},
}


@pytest.fixture(scope="module")
def digits():
    from tfdl.data import load_digits

    return load_digits(size=8)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CNN_SETTINGS))
def test_trains_small_cnn_on_digits(name, digits):
    (x_train, y_train), (x_test, y_test) = digits
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(getattr(tfdl.optimizers, name)(**CNN_SETTINGS[name]),
                  "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=15, verbose=0)
    accuracy = model.evaluate(x_test, y_test, verbose=0)[1]
    assert accuracy >= 0.95, f"{name}: test accuracy {accuracy:.3f}"


# ---------------------------------------------------------------- sparse gradients (Embedding)
# Keras' counterpart of each tfdl optimiser, the same hyper-parameters. Adam: Keras adds ε to √v
# and the paper (tfdl) to √v̂, so ε is negligible here; β's are exact in float32 (see above).
SPARSE_TWINS = {
    "sgd": (lambda: SGD(0.05), lambda: keras.optimizers.SGD(0.05)),
    "momentum": (lambda: Momentum(0.02, momentum=0.9),
                 lambda: keras.optimizers.SGD(0.02, momentum=0.9)),
    "nesterov": (lambda: Nesterov(0.02, momentum=0.9),
                 lambda: keras.optimizers.SGD(0.02, momentum=0.9, nesterov=True)),
    "adagrad": (lambda: Adagrad(0.05, initial_accumulator_value=0.1),
                lambda: keras.optimizers.Adagrad(0.05, initial_accumulator_value=0.1)),
    "rmsprop": (lambda: RMSProp(0.003, rho=0.9), lambda: keras.optimizers.RMSprop(0.003, rho=0.9)),
    "adam": (lambda: Adam(0.003, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-12),
             lambda: keras.optimizers.Adam(0.003, beta_1=0.875, beta_2=1 - 2**-10, epsilon=1e-12)),
    **{k: KERAS_TWINS[k] for k in ["sgd-momentum", "sgd-nesterov", "rmsprop-momentum",
                                   "rmsprop-centered", "rmsprop-momentum-centered",
                                   "adam-amsgrad"]},
    # Keras' defaults (float32): ε's place changes the weights by ~1e-7 here
    "adam-defaults": (lambda: Adam(), lambda: keras.optimizers.Adam()),
    "rmsprop-defaults": (lambda: RMSProp(), lambda: keras.optimizers.RMSprop()),
    "momentum-1": (lambda: Momentum(0.02, momentum=1.0),
                   lambda: keras.optimizers.SGD(0.02, momentum=1.0)),
}


def _sparse_steps(optimizer, steps=6):
    """Hand-built tf.IndexedSlices gradients with repeated rows, several steps; final table."""
    import tensorflow as tf

    rng = np.random.default_rng(3)
    table = keras.Variable(rng.normal(size=(7, 3)), dtype="float32")  # Keras' slots are float32
    for k in range(steps):
        indices = rng.integers(0, 7, size=5)
        indices[1] = indices[0]  # a duplicate row in every step
        values = rng.normal(size=(5, 3)) * (k + 1)
        grad = tf.IndexedSlices(tf.constant(values, tf.float32), tf.constant(indices, tf.int64),
                                tf.constant([7, 3], tf.int64))
        optimizer.apply_gradients([(grad, table)])
    return table.numpy()


@pytest.mark.parametrize("case", list(SPARSE_TWINS))
def test_sparse_gradients_match_keras_with_duplicate_indices(case):
    ours, theirs = SPARSE_TWINS[case]
    a, b = _sparse_steps(ours()), _sparse_steps(theirs())
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("case", ["adam", "rmsprop"])
def test_embedding_model_trains_like_keras(case):
    """The issue's report: an Embedding model could not train with Adam or RMSProp."""
    ours, theirs = SPARSE_TWINS[case]
    x = np.random.default_rng(0).integers(0, 10, size=(16, 5))
    y = np.random.default_rng(1).normal(size=(16, 2)).astype("float32")
    weights = []
    for make in (ours, theirs):
        keras.utils.set_random_seed(4)
        model = keras.Sequential([keras.Input((5,), dtype="int32"), keras.layers.Embedding(10, 4),
                                  keras.layers.Flatten(), keras.layers.Dense(2)])
        model.compile(make(), "mse")
        model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


JIT_CASES = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "rmsprop-momentum-centered",
             "adam-amsgrad"]


@pytest.mark.slow
@pytest.mark.parametrize("case", JIT_CASES)
def test_compiled_with_xla_trains_like_keras(case):
    """``model.compile(optimizer=tfdl..., jit_compile=True)``: the same weights as Keras' optimizer
    after a few steps (an Embedding, so the sparse path runs under XLA too)."""
    ours, theirs = SPARSE_TWINS[case]
    rng = np.random.default_rng(5)
    x = rng.integers(0, 10, size=(24, 4))
    y = rng.normal(size=(24, 2)).astype("float32")
    weights = []
    for make in (ours, theirs):
        keras.utils.set_random_seed(6)
        model = keras.Sequential([keras.Input((4,), dtype="int32"), keras.layers.Embedding(10, 3),
                                  keras.layers.Flatten(), keras.layers.Dense(5, activation="tanh"),
                                  keras.layers.Dense(2)])
        initial = model.get_weights()
        model.compile(optimizer=make(), loss="mse", jit_compile=True)
        assert model.jit_compile
        model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
        weights.append(model.get_weights())
    for a, b, w0 in zip(*weights, initial):
        assert not np.allclose(a, w0)
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
