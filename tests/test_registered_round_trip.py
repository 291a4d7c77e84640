"""Every class registered under ``tfdl>`` survives forward, backward and a ``.keras`` round trip.

One case per entry of ``tests/layer_examples.py`` (a registered class with no entry fails), so
the check does not depend on which other tests ran or in which order. A layer is saved inside a
functional model and reloaded with ``keras.saving.load_model(safe_mode=True)``; the outputs must
be identical, and the reloaded model must hold the registered class itself. An optimiser (or a
schedule driving ``tfdl.optimizers.SGD``) is compiled into a small model, takes one step, and
must come back as the same class with the same config.
"""

import keras
import numpy as np
import pytest

from tests.layer_examples import (
    EXAMPLES,
    build_functional,
    case_id,
    cases,
    embedding_model,
    registered_classes,
    schedule_or_optimizer,
    tiny_model,
)
from tfdl.testing import check_model

CASES = cases()


def test_the_table_has_every_registered_class_and_nothing_else():
    registered = set(registered_classes())
    assert len(registered) >= 40
    assert not registered - set(EXAMPLES), "registered classes with no example"
    assert not set(EXAMPLES) - registered, "examples of classes that are not registered"


def _classes_in(model):
    found = set()
    for layer in model._flatten_layers(include_self=True, recursive=True):
        found.add(type(layer))
        if getattr(layer, "cell", None) is not None:
            found.add(type(layer.cell))
    return found


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_registered_class_round_trip(case, tmp_path):
    name, example = case
    assert example is not None, f"{name} has no entry in tests/layer_examples.py EXAMPLES"
    cls = registered_classes()[name]
    if example.kind == "layer":
        model, feed, _ = build_functional(example)
        report = check_model(model, feed, tmp_path=tmp_path)
        assert cls in _classes_in(report["loaded"]), f"{name} missing after reload"
        return
    if example.kind == "loss":  # compiled into a model, saved, reloaded: same class, same value
        loss = example.make()
        model, x, labels = embedding_model()
        model.compile(optimizer="sgd", loss=loss)
        model.fit(x, labels, epochs=1, batch_size=12, verbose=0)
        path = tmp_path / "model.keras"
        model.save(path)
        loaded = keras.saving.load_model(path, safe_mode=True)
        assert type(loaded.loss) is cls and loaded.loss.get_config() == loss.get_config()
        embeddings = model(x)
        np.testing.assert_allclose(loaded.loss(labels, embeddings), loss(labels, embeddings), rtol=1e-6)
        return
    optimizer = schedule_or_optimizer(example)
    model, x, y = tiny_model()
    model.compile(optimizer=optimizer, loss="mse")
    report = check_model(model, x, targets=y, tmp_path=tmp_path)
    loaded = report["loaded"]
    assert type(loaded.optimizer) is type(optimizer)
    if example.kind == "schedule":
        assert type(loaded.optimizer._learning_rate) is cls
        saved = optimizer.get_config()["learning_rate"]
        assert loaded.optimizer.get_config()["learning_rate"] == saved
    else:
        assert isinstance(optimizer, cls)
        cfg_a, cfg_b = optimizer.get_config(), loaded.optimizer.get_config()
        assert cfg_a.keys() == cfg_b.keys()
        for key in cfg_a:
            if isinstance(cfg_a[key], float):
                np.testing.assert_allclose(cfg_b[key], cfg_a[key], rtol=1e-6, err_msg=key)
            else:
                assert cfg_b[key] == cfg_a[key], key
    np.testing.assert_array_equal(int(loaded.optimizer.iterations), 1)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(loaded(x)),
                                  keras.ops.convert_to_numpy(model(x)))
