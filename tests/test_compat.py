"""tfdl._compat is the only module that touches private TensorFlow/Keras APIs: pin the versions
it was checked on and check that each private entry point still behaves as tfdl assumes."""

import pathlib
import re

import pytest

import tfdl
from tfdl import _compat


def _major_minor(version):
    return tuple(int(p) for p in version.split(".")[:2])


@pytest.mark.parametrize("package", ["tensorflow", "keras"])
def test_installed_versions_are_the_checked_ones(package):
    module = __import__(package)
    installed = _major_minor(module.__version__)
    assert installed == _compat.CHECKED_VERSIONS[package], (
        f"{package} {module.__version__} is installed but tfdl/_compat.py was checked on "
        f"{_compat.CHECKED_VERSIONS[package]}: re-check its private entry points, then update "
        "CHECKED_VERSIONS")


def test_gradient_may_be_recorded_follows_the_tape():
    import tensorflow as tf

    seen = {}

    @tf.function
    def trace(x):
        seen["without"] = _compat.gradient_may_be_recorded()
        return x

    @tf.function
    def trace_taped(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            seen["with"] = _compat.gradient_may_be_recorded()
            y = x * x
        return tape.gradient(y, x)

    trace(tf.constant(1.0))
    trace_taped(tf.constant(1.0))
    assert seen == {"without": False, "with": True}


def test_keras_backend_rnn_kernels_exist():
    for kind in ("lstm", "gru"):
        assert callable(_compat.keras_backend_rnn_kernel(kind))


def test_functional_model_class():
    import keras

    inputs = keras.Input((3,))
    functional = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    sequential = keras.Sequential([keras.layers.Dense(2)])
    cls = _compat.functional_model_class()
    assert isinstance(functional, cls)
    assert not isinstance(keras.Model(), cls)
    assert sequential.__class__.__name__ == "Sequential"


def test_no_private_api_outside_compat():
    """Private TF/Keras imports appear in tfdl/_compat.py only."""
    root = pathlib.Path(tfdl.__file__).parent
    pattern = re.compile(r"^\s*(from|import)\s+(keras\.src|tensorflow\.python)\b", re.M)
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "_compat.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_layer_state_unlocked_lets_a_built_layer_add_a_weight_then_locks_again():
    import keras

    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    with pytest.raises(ValueError, match="already built"):
        layer.add_weight(name="extra", shape=(1,))
    with _compat.layer_state_unlocked(layer):
        layer.extra = layer.add_weight(name="extra", shape=(1,))
    assert len(layer.weights) == 3
    with pytest.raises(ValueError, match="already built"):
        layer.add_weight(name="extra2", shape=(1,))


def test_keras_trainer_still_has_the_symbolic_build_hooks():
    """``build_from_one_replica`` replaces ``_maybe_symbolic_build`` and calls ``_symbolic_build``."""
    import inspect

    import keras
    import numpy as np
    import tensorflow as tf

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    assert callable(model._maybe_symbolic_build) and callable(model._symbolic_build)
    assert list(inspect.signature(model._symbolic_build).parameters) == ["iterator", "data_batch"]
    _compat.build_from_one_replica(model, tf.distribute.get_strategy())
    model.compile("sgd", "mse")
    model._maybe_symbolic_build(data_batch=(np.zeros((2, 2), "float32"), np.zeros((2, 1))))
    assert model.compiled and model.built


# ----------------------------------------------------------------------------- custom gradients, threads

def _fake_registry(monkeypatch, names=()):
    registry = {name: object() for name in names}
    monkeypatch.setattr(_compat, "_gradient_registry", lambda: registry)
    return registry


def test_a_block_drops_the_custom_gradients_registered_inside_it(monkeypatch):
    registry = _fake_registry(monkeypatch, ["MatMul", "CustomGradient-1"])
    with _compat.releasing_custom_gradients():
        registry["CustomGradient-2"] = registry["Relu"] = object()
    assert sorted(registry) == ["CustomGradient-1", "MatMul", "Relu"]  # older ones and ordinary ops stay


def test_a_block_never_drops_what_a_block_still_running_registered(monkeypatch):
    """Two sessions train at once. B's train step is being traced (its gradient registered, not yet
    looked up) when A's training ends: A must leave B's gradient; B drops it when B ends."""
    registry = _fake_registry(monkeypatch)
    a, b = _compat.releasing_custom_gradients(), _compat.releasing_custom_gradients()
    a.__enter__()
    registry["CustomGradient-a"] = object()  # A traces
    b.__enter__()
    registry["CustomGradient-b"] = object()  # B traces...
    a.__exit__(None, None, None)  # ...when A ends
    assert sorted(registry) == ["CustomGradient-b"]  # A's own gone, B's kept
    b.__exit__(None, None, None)
    assert registry == {}


def test_the_last_block_standing_drops_what_the_others_left(monkeypatch):
    """A ends while B runs and C, which began before B, registered after B began: nobody knows
    whether B still needs C's names, so A leaves them, and so does C; B, last, drops them."""
    registry = _fake_registry(monkeypatch)
    a, c, b = (_compat.releasing_custom_gradients() for _ in range(3))
    a.__enter__()
    c.__enter__()
    registry["CustomGradient-before-b"] = object()  # registered before B began: not B's
    b.__enter__()
    registry["CustomGradient-after-b"] = object()  # A's, B's or C's: B may need it
    a.__exit__(None, None, None)
    assert sorted(registry) == ["CustomGradient-after-b", "CustomGradient-before-b"]  # C runs: all kept
    c.__exit__(None, None, None)
    assert sorted(registry) == ["CustomGradient-after-b"]  # before B began: not B's, dropped
    b.__exit__(None, None, None)
    assert registry == {}


def test_blocks_on_threads_leave_nothing_and_break_no_running_trace(monkeypatch):
    """Eight threads, each a block that registers a gradient, waits, then 'looks it up' (as a trace
    does): every lookup finds its gradient, and nothing is left at the end."""
    import threading
    import time

    registry = _fake_registry(monkeypatch)
    missing = []

    def train(i):
        with _compat.releasing_custom_gradients():
            name = f"CustomGradient-{i}"
            registry[name] = object()
            time.sleep(0.002 * (i % 3))
            if name not in registry:
                missing.append(name)

    threads = [threading.Thread(target=train, args=(i,)) for i in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not missing and registry == {}
